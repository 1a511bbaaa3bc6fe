package bundle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
)

// TestDiscoverStaysInsideTheRoot (issue 12, item 1): a wheel that is a link
// out of the root, or in a directory that is one, is not read.
func TestDiscoverStaysInsideTheRoot(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "pip-2.0-py3-none-any.whl"), []byte("not read"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, linked := range []string{"file", "dir"} {
		root := filepath.Join(base, "root-"+linked)
		if err := os.MkdirAll(filepath.Join(root, "Lib"), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if linked == "file" {
			os.Mkdir(filepath.Join(root, "Lib", "_bundled"), 0o755)
			err = os.Symlink(filepath.Join(outside, "pip-2.0-py3-none-any.whl"), filepath.Join(root, "Lib", "_bundled", "pip-2.0-py3-none-any.whl"))
		} else {
			err = os.Symlink(outside, filepath.Join(root, "Lib", "_bundled"))
		}
		if err != nil {
			t.Skip("no symbolic links here:", err)
		}
		for _, others := range []string{config.OthersError, config.OthersIgnore} {
			b := config.Bundle{Name: "pip", Path: "Lib/_bundled/pip-*.whl", Others: others}
			_, err := Discover(root, b)
			if err == nil || !strings.Contains(err.Error(), `[[sbom.bundle]] path "Lib/_bundled/pip-*.whl"`) || !strings.Contains(err.Error(), "leads outside the root") || !strings.Contains(err.Error(), "symbolic link to "+outside) {
				t.Errorf("%s link, others=%s: %v", linked, others, err)
			}
		}
	}
}
