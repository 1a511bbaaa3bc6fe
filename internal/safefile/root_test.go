package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rootWithLinks is a root holding real/f, links inside it (relative and
// absolute) and links out of it, with outside/secret beside it.
func rootWithLinks(t testing.TB) (root *Root, dir, outside string) {
	t.Helper()
	base := t.TempDir()
	dir, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(dir, "real", "sub"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, filepath.Join(dir, "real", "f"), "inside")
	mustWrite(t, filepath.Join(outside, "secret"), "outside")
	links := map[string]string{
		"rel":            "real",
		"abs":            filepath.Join(dir, "real"),
		"real/sub/up":    "../f",
		"esc":            outside,
		"escrel":         "../outside",
		"real/sub/climb": "../../../outside/secret",
		"filelink":       filepath.Join(outside, "secret"),
		"dangling":       filepath.Join(outside, "new"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r, dir, outside
}

func mustWrite(t testing.TB, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRootReadsInsideOnly(t *testing.T) {
	r, _, outside := rootWithLinks(t)
	for _, rel := range []string{"real/f", "rel/f", "abs/f", "real/sub/up", "real/../real/f"} {
		if data, err := r.Read(rel, 100); err != nil || string(data) != "inside" {
			t.Errorf("Read(%q) = %q, %v; want the file inside", rel, data, err)
		}
	}
	for rel, link := range map[string]string{
		"esc/secret":        "esc",
		"escrel/secret":     "escrel",
		"real/sub/climb":    "real/sub/climb",
		"filelink":          "filelink",
		"../outside/secret": "",
	} {
		_, err := r.Read(rel, 100)
		var esc *EscapeError
		if !errors.As(err, &esc) {
			t.Errorf("Read(%q) = %v; want an EscapeError", rel, err)
			continue
		}
		if esc.Link != link || !strings.Contains(err.Error(), "outside the root") {
			t.Errorf("Read(%q): link %q, %v; want link %q", rel, esc.Link, err, link)
		}
		if link == "esc" && !strings.Contains(err.Error(), "esc is a symbolic link to "+outside) {
			t.Errorf("the error does not say where the link points: %v", err)
		}
	}
	if _, err := r.Read("missing", 5); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := r.ReadDir("esc"); !errors.As(err, new(*EscapeError)) {
		t.Errorf("ReadDir through a link out: %v", err)
	}
	if entries, err := r.ReadDir("rel"); err != nil || len(entries) != 2 || entries[0].Name() != "f" {
		t.Errorf("ReadDir(rel) = %v, %v", entries, err)
	}
}

func TestRootWritesInsideOnly(t *testing.T) {
	r, dir, outside := rootWithLinks(t)
	for _, rel := range []string{"esc/secret", "esc/new", "escrel/new", "filelink", "dangling"} {
		err := r.WriteFile(rel, []byte("written"))
		if !errors.As(err, new(*EscapeError)) {
			t.Errorf("WriteFile(%q) = %v; want an EscapeError", rel, err)
		}
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("files appeared outside the root: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret")); string(b) != "outside" {
		t.Errorf("the file outside was changed: %q", b)
	}
	// Links that stay inside still work: the file behind a directory link is written.
	for _, rel := range []string{"rel/g", "abs/h", "real/f"} {
		if err := r.WriteFile(rel, []byte("new "+rel)); err != nil {
			t.Errorf("WriteFile(%q): %v", rel, err)
		}
	}
	for rel, want := range map[string]string{"real/g": "new rel/g", "real/h": "new abs/h", "real/f": "new real/f"} {
		if b, err := os.ReadFile(filepath.Join(dir, rel)); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v", rel, b, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "real", ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteFileKeepsModeAndRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "f"), "old")
	if err := os.Chmod(filepath.Join(dir, "f"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.WriteFile("f", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "f")); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile("d", []byte("x")); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("writing over a directory: %v", err)
	}
	// A path under a file cannot be written (ENOTDIR), and says so.
	if err := r.WriteFile("f/x", []byte("x")); err == nil || !strings.Contains(err.Error(), "writing f/x") {
		t.Errorf("writing under a file: %v", err)
	}
}

func TestIsTempOf(t *testing.T) {
	for name, want := range map[string]bool{
		".sbom.spdx.json.123.tmp": true,
		".sbom.spdx.json.1.tmp":   true,
		".sbom.spdx.json..tmp":    false,
		".sbom.spdx.json.12a.tmp": false,
		".sbom.spdx.json.12.tmp~": false,
		"sbom.spdx.json.12.tmp":   false,
		".sbom.cdx.json.12.tmp":   false,
	} {
		if got := IsTempOf(name, "sbom.spdx.json"); got != want {
			t.Errorf("IsTempOf(%q) = %v", name, got)
		}
	}
}

func TestRemoveStaysInside(t *testing.T) {
	r, _, outside := rootWithLinks(t)
	if err := r.Remove("esc/secret"); !errors.As(err, new(*EscapeError)) {
		t.Errorf("Remove through a link out: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Errorf("the file outside is gone: %v", err)
	}
	if err := r.Remove("rel/f"); err != nil {
		t.Errorf("Remove(rel/f): %v", err)
	}
}
