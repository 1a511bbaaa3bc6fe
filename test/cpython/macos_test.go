package cpython_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMacOSRecipes: the example document of the macOS installer's libraries
// is what library_recipes() of the real 3.13.5 script builds for that
// configuration (check passes on it), and a recipe's version bumped in the
// script makes check fail naming the package and the script.
func TestMacOSRecipes(t *testing.T) {
	corpus(t, false)
	root := t.TempDir()
	script := filepath.Join("Mac", "BuildScript", "build-installer.py")
	data, err := os.ReadFile(filepath.Join(shared.tarball, script))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "Mac", "BuildScript"), 0o755)
	os.MkdirAll(filepath.Join(root, "Misc"), 0o755)
	os.WriteFile(filepath.Join(root, script), data, 0o644)
	doc, err := os.ReadFile(filepath.Join(filepath.Dir(shared.config), "..", "..", "examples", "cpython-macos", "Misc", "macos.spdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "Misc", "macos.spdx.json"), doc, 0o644)
	cfg := filepath.Join(filepath.Dir(shared.config), "..", "..", "examples", "cpython-macos", "sbomkeeper.toml")

	if code, out := runTool(t, root, "check", "--offline", "--root", root, "--config", cfg); code != 0 {
		t.Fatalf("check on the 3.13.5 script: exit %d\n%s", code, out)
	}
	for _, want := range []string{`"versionInfo": "3.0.16"`, `"versionInfo": "3.49.1"`, `"versionInfo": "4.0.0"`, `"versionInfo": "6.5"`, `"versionInfo": "5.2.3"`, `"versionInfo": "8.6.16"`, `"algorithm": "MD5"`} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("the example document lacks %s", want)
		}
	}

	bumped := strings.Replace(string(data), `name="OpenSSL 3.0.16"`, `name="OpenSSL 3.0.17"`, 1)
	os.WriteFile(filepath.Join(root, script), []byte(bumped), 0o644)
	code, out := runTool(t, root, "check", "--offline", "--root", root, "--config", cfg)
	if code != 1 || !strings.Contains(out, `package "OpenSSL" is out of date in Misc/macos.spdx.json: versionInfo "3.0.16" → "3.0.17"`) || !strings.Contains(out, "Mac/BuildScript/build-installer.py: error") {
		t.Errorf("check after bumping OpenSSL: exit %d\n%s", code, out)
	}
}
