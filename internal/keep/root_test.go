package keep

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// Issue 12, item 1: nothing the config names is read or written outside the
// root, whatever symbolic links the tree holds.

// outsideRoot makes a root and a directory beside it, and returns both.
func outsideRoot(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{root, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root, outside
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// snapshot is every file under dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

const miscConfig = `
[license]
policy = "noassertion"
[[sbom]]
path = "Misc/sbom.spdx.json"
kind = "source"
also = ["cyclonedx"]
[[sbom.package]]
name = "zlib"
include = ["vendor/zlib/**"]
exclude = ["vendor/zlib/local.h"]
`

// TestMiscLinkedOutsideIsRefused: Misc -> a directory outside the root. Check
// reads nothing out there, regen writes nothing out there, and the finding
// names the config key, the path and where the link points.
func TestMiscLinkedOutsideIsRefused(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, outside, "sbom.spdx.json", sourceDoc)
	write(t, outside, ".sbom.spdx.json.123.tmp", "a leftover out there")
	write(t, root, "vendor/zlib/zlib.h", "a")
	symlink(t, outside, filepath.Join(root, "Misc"))
	before := snapshot(t, outside)

	res := run(t, Options{Root: root, Config: load(t, root, miscConfig), CleanTempsOlderThan: 1})
	if res[0].Old != nil {
		t.Error("the document outside the root was read")
	}
	f := find(res[0].Findings, rules.RuleParse)
	if f == nil || !f.Blocking || f.File != "Misc/sbom.spdx.json" ||
		!strings.Contains(f.Message, `[[sbom]] path "Misc/sbom.spdx.json"`) ||
		!strings.Contains(f.Message, "Misc is a symbolic link to "+outside) {
		t.Fatalf("findings %+v", res[0].Findings)
	}
	if hasRule(res[0].Findings, rules.RuleWrite) {
		t.Errorf("a temporary file outside the root was looked at: %+v", res[0].Findings)
	}
	written, err := Write(root, res)
	if err != nil || len(written) != 0 {
		t.Errorf("written %v, %v", written, err)
	}
	if !sameSnapshot(before, snapshot(t, outside)) {
		t.Errorf("the directory outside the root changed")
	}
}

// TestWriteThroughALinkOutsideIsRefused: the link appears between the run and
// the write (or a result names such a path): Write refuses it and writes
// nothing outside.
func TestWriteThroughALinkOutsideIsRefused(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, root, "Misc/sbom.spdx.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	res := run(t, Options{Root: root, Config: load(t, root, miscConfig)})
	if !res[0].Writable() || !res[0].Changed() {
		t.Fatalf("findings %+v", res[0].Findings)
	}
	// Swap Misc for a link to a copy outside, holding what was read.
	if err := os.Rename(filepath.Join(root, "Misc"), filepath.Join(outside, "Misc")); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(outside, "Misc"), filepath.Join(root, "Misc"))
	before := snapshot(t, outside)
	written, err := Write(root, res)
	var we *WriteError
	if len(written) != 0 || err == nil || !strings.Contains(err.Error(), "Misc is a symbolic link to") {
		t.Fatalf("written %v, %v", written, err)
	}
	if !errorsAs(err, &we) || we.Path != "Misc/sbom.spdx.json" {
		t.Errorf("error %#v", err)
	}
	if !sameSnapshot(before, snapshot(t, outside)) {
		t.Errorf("the directory outside the root changed")
	}
}

// TestDerivedLinkedOutsideIsRefused: the derived file itself is a link out.
func TestDerivedLinkedOutsideIsRefused(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, root, "Misc/sbom.spdx.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	write(t, outside, "victim.json", "{}")
	symlink(t, filepath.Join(outside, "victim.json"), filepath.Join(root, "Misc", "sbom.cdx.json"))
	res := run(t, Options{Root: root, Config: load(t, root, miscConfig)})
	f := find(res[0].Findings, rules.RuleParse)
	if f == nil || !f.Blocking || !strings.Contains(f.Message, `[[sbom]] also "cyclonedx"`) || !strings.Contains(f.Message, outside) {
		t.Fatalf("findings %+v", res[0].Findings)
	}
	if written, err := Write(root, res); err != nil || len(written) != 0 {
		t.Errorf("written %v, %v", written, err)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "victim.json")); string(b) != "{}" {
		t.Errorf("the file outside was overwritten: %.40q", b)
	}
}

// TestIncludeThroughLinksOutside: a selected file that is a link out of the
// root, and a vendored directory that is one, are blocking findings; the file
// out there is not hashed into the document.
func TestIncludeThroughLinksOutside(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, outside, "secret.h", "secret")
	write(t, outside, "zlib/zlib.h", "a")
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	symlink(t, filepath.Join(outside, "secret.h"), filepath.Join(root, "vendor", "zlib", "secret.h"))
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	f := find(res[0].Findings, rules.RuleTree)
	if res[0].New != nil || f == nil || !f.Blocking || f.File != "vendor/zlib/secret.h" ||
		!strings.Contains(f.Message, `include "vendor/zlib/**" of package "zlib" selects vendor/zlib/secret.h`) ||
		!strings.Contains(f.Message, "symbolic link to "+filepath.Join(outside, "secret.h")) {
		t.Errorf("file link: %+v", res[0].Findings)
	}

	os.RemoveAll(filepath.Join(root, "vendor"))
	symlink(t, outside, filepath.Join(root, "vendor"))
	res = run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	if f := find(res[0].Findings, rules.RuleTree); res[0].New != nil || f == nil || !f.Blocking || !strings.Contains(f.Message, "vendor leads outside the root") {
		t.Errorf("directory link: %+v", res[0].Findings)
	}
}

// TestExternalsScriptLinkedOutside: the build script is a link out.
func TestExternalsScriptLinkedOutside(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, outside, "get.bat", "set libraries=%libraries% zlib-1.3.1\n")
	symlink(t, filepath.Join(outside, "get.bat"), filepath.Join(root, "get.bat"))
	write(t, root, "ext.json", `{"SPDXID": "SPDXRef-DOCUMENT", "packages": [], "spdxVersion": "SPDX-2.3"}`)
	res := run(t, Options{Root: root, Config: load(t, root, externalsConfig)})
	f := find(res[0].Findings, rules.RuleExternals)
	if f == nil || !f.Blocking || !strings.Contains(f.Message, `[sbom.externals] file "get.bat" is not read`) || !strings.Contains(f.Message, outside) {
		t.Errorf("findings %+v", res[0].Findings)
	}
}

// TestLinksInsideTheRootStillWork: Misc as a relative or an absolute link to
// a directory inside the root is followed, for reading and writing, as
// before; the file written is the one in the real directory.
func TestLinksInsideTheRootStillWork(t *testing.T) {
	for _, abs := range []bool{false, true} {
		root := t.TempDir()
		write(t, root, "build/Misc/sbom.spdx.json", sourceDoc)
		write(t, root, "vendor/zlib/zlib.h", "a")
		target := filepath.Join("build", "Misc")
		if abs {
			target = filepath.Join(root, target)
		}
		symlink(t, target, filepath.Join(root, "Misc"))
		res := run(t, Options{Root: root, Config: load(t, root, miscConfig)})
		if !res[0].Writable() || !res[0].Changed() {
			t.Fatalf("abs=%v: findings %+v", abs, res[0].Findings)
		}
		written, err := Write(root, res)
		if err != nil || len(written) != 2 {
			t.Fatalf("abs=%v: written %v, %v", abs, written, err)
		}
		if got := mustRead(t, root, "build/Misc/sbom.spdx.json"); !bytes.Equal(got, res[0].New) {
			t.Errorf("abs=%v: the real file holds %.60q", abs, got)
		}
		if st, err := os.Lstat(filepath.Join(root, "Misc")); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("abs=%v: the link was replaced", abs)
		}
		if again := run(t, Options{Root: root, Config: load(t, root, miscConfig)}); again[0].Changed() || Stale(again[0], "fix") != nil {
			t.Errorf("abs=%v: not current after regen: %+v", abs, Stale(again[0], "fix"))
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestGoModDirLinkedOutside: [sbom.gomod] dir is a link out of the root.
func TestGoModDirLinkedOutside(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, outside, "go.mod", "module example.com/m\n\ngo 1.22\n")
	symlink(t, outside, filepath.Join(root, "mod"))
	cfg := goModConfig + "[sbom.gomod]\ndir = \"mod\"\n"
	res := run(t, Options{Root: root, Config: load(t, root, cfg)})
	f := find(res[0].Findings, rules.RuleGoSum)
	if res[0].New != nil || f == nil || !f.Blocking || !strings.Contains(f.Message, `[sbom.gomod] dir "mod" is not read`) || !strings.Contains(f.Message, "mod is a symbolic link to "+outside) {
		t.Errorf("findings %+v", res[0].Findings)
	}
}

// TestLockLinkedOutside: [[sbom]] lock is a link out of the root.
func TestLockLinkedOutside(t *testing.T) {
	root, outside := outsideRoot(t)
	write(t, outside, "sbom.lock.toml", "# not read\n")
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	symlink(t, filepath.Join(outside, "sbom.lock.toml"), filepath.Join(root, "sbom.lock.toml"))
	cfg := strings.Replace(sourceConfig, `kind = "source"`, "kind = \"source\"\nlock = \"sbom.lock.toml\"", 1) + `
[[sbom.bundle]]
name = "pip"
path = "Lib/ensurepip/_bundled/pip-*.whl"
ecosystem = "pypi"
`
	res := run(t, Options{Root: root, Config: load(t, root, cfg)})
	f := find(res[0].Findings, rules.RuleBundle)
	if res[0].New != nil || f == nil || !f.Blocking || !strings.Contains(f.Message, `[[sbom]] lock "sbom.lock.toml" is not read`) || !strings.Contains(f.Message, outside) {
		t.Errorf("findings %+v", res[0].Findings)
	}
}
