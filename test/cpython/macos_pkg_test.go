package cpython_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/xar/xartest"
)

// TestMacOSInstallerPackage: python-3.13.5-macos11.pkg, built by our test
// helper (no real installer is reachable here), with the example config and
// the 3.13.5 tree as --source-dir: its SBOM has the installer's checksum, the
// macOS libraries (OpenSSL 3.0.16, SQLite 3.49.1, libmpdec 4.0.0, ...), the source SBOM's
// packages, pip, and the files its Payloads install; verify passes on it
// and fails on a rebuilt one with one file changed, naming the file.
func TestMacOSInstallerPackage(t *testing.T) {
	corpus(t, false)
	src := t.TempDir()
	copyFile := func(from, rel string) {
		t.Helper()
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(src, filepath.Dir(rel)), 0o755)
		if err := os.WriteFile(filepath.Join(src, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(filepath.Join(shared.tarball, "Misc", "sbom.spdx.json"), "Misc/sbom.spdx.json")
	copyFile(filepath.Join(filepath.Dir(shared.config), "..", "cpython-macos", "Misc", "macos.spdx.json"), "Misc/macos.spdx.json")
	wheels, _ := filepath.Glob(filepath.Join(shared.tarball, "Lib", "ensurepip", "_bundled", "*"))
	for _, w := range wheels {
		copyFile(w, filepath.Join("Lib", "ensurepip", "_bundled", filepath.Base(w)))
	}

	comps := func(python string) []xartest.Component {
		return []xartest.Component{
			{Name: "Python_Framework.pkg", Compression: "pbzx", Members: []xartest.Member{
				{Name: ".", Dir: true},
				{Name: "./Versions", Dir: true},
				{Name: "./Versions/3.13", Dir: true},
				{Name: "./Versions/3.13/bin", Dir: true},
				{Name: "./Versions/3.13/bin/python3.13", Data: []byte(python)},
				{Name: "./Versions/Current", Symlink: "3.13"},
				{Name: "./Versions/3.13/lib", Dir: true},
				{Name: "./Versions/3.13/lib/libssl.3.dylib", Data: []byte("OpenSSL 3.0.16 stand-in")},
			}},
			{Name: "Python_Command_Line_Tools.pkg", Members: []xartest.Member{
				{Name: ".", Dir: true},
				{Name: "./usr", Dir: true},
				{Name: "./usr/local", Dir: true},
				{Name: "./usr/local/bin", Dir: true},
				{Name: "./usr/local/bin/python3.13", Symlink: "../../../Library/Frameworks/Python.framework/Versions/3.13/bin/python3.13"},
			}},
		}
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "python-3.13.5-macos11.pkg")
	c := comps("python 3.13.5 universal2 stand-in")
	os.WriteFile(pkg, xartest.Product(xartest.Distribution(c), c, xartest.Options{}), 0o644)

	srv := indexServer(t, nil)
	code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--online", "--index-url", srv.URL, "--allow-links", "--source-dir", src, pkg)
	if code != 0 {
		t.Fatalf("artifact: exit %d\n%s", code, out)
	}
	data, err := os.ReadFile(pkg + ".spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, p := range doc.Packages {
		have[p.Name] = p.VersionInfo
	}
	for name, version := range map[string]string{
		"CPython": "3.13.5",
		// The macOS build's libraries, from Misc/macos.spdx.json.
		"OpenSSL": "3.0.16", "SQLite": "3.49.1", "libmpdec": "4.0.0", "NCurses": "6.5", "XZ": "5.2.3", "Tcl": "8.6.16",
		// The source SBOM's vendored code, and the bundled pip.
		"mpdecimal": "2.5.1", "pip": "25.1.1",
	} {
		if have[name] != version {
			t.Errorf("package %s: version %q, want %q (packages %v)", name, have[name], version, have)
		}
	}
	var files []string
	for _, f := range doc.Files {
		files = append(files, f.FileName)
	}
	if got := strings.Join(files, " "); got != "Python_Framework.pkg/Versions/3.13/bin/python3.13 Python_Framework.pkg/Versions/3.13/lib/libssl.3.dylib" {
		t.Errorf("files: %s", got)
	}
	if code, out := runTool(t, dir, "validate", pkg+".spdx.json"); code != 0 {
		t.Errorf("validate: exit %d\n%s", code, out)
	}
	if code, out := runTool(t, dir, "verify", "--quiet", "--allow-links", pkg); code != 0 {
		t.Errorf("verify of the installer: exit %d\n%s", code, out)
	}

	c = comps("python 3.13.5 with something added")
	os.WriteFile(pkg, xartest.Product(xartest.Distribution(c), c, xartest.Options{}), 0o644)
	code, out = runTool(t, dir, "verify", "--quiet", "--allow-links", pkg)
	if code != 1 || !strings.Contains(out, "Python_Framework.pkg/Versions/3.13/bin/python3.13 differs from the SBOM") {
		t.Errorf("verify of a tampered installer: exit %d\n%s", code, out)
	}
}
