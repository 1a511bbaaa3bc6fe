package source

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

func makeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func sbom(pkgs ...config.Package) *config.SBOM {
	return &config.SBOM{Path: "sbom.json", Kind: config.KindSource, Packages: pkgs}
}

func TestGenerateOrderAndIDs(t *testing.T) {
	root := makeTree(t, map[string]string{
		"b/z.c": "z", "b/a b.c": "ab", "a/x.h": "x", "a/skip.h": "s", "a/sub/y.c": "y",
	})
	doc := &spdx.Document{Relationships: []spdx.Relationship{
		{SPDXElementID: "SPDXRef-PACKAGE-a", RelatedSPDXElement: "SPDXRef-FILE-old", RelationshipType: "CONTAINS"},
	}}
	fs := Generate(context.Background(), Input{Root: root, Git: new(bool), SBOM: sbom(
		config.Package{Name: "bee", Include: []string{"b/**"}},
		config.Package{Name: "a", Include: []string{"a/sub/*", "a/*.h"}, Exclude: []string{"a/skip.h"}},
	)}, doc)
	if len(fs) != 0 {
		t.Fatalf("%+v", fs)
	}
	// Packages by name, then includes sorted, then paths sorted: CPython's order.
	want := []string{"a/x.h", "a/sub/y.c", "b/a b.c", "b/z.c"}
	if len(doc.Files) != len(want) {
		t.Fatalf("files %+v", doc.Files)
	}
	for i, f := range doc.Files {
		if f.FileName != want[i] {
			t.Errorf("file %d = %s, want %s", i, f.FileName, want[i])
		}
	}
	if doc.Files[2].SPDXID != "SPDXRef-FILE-b-a-b.c" || doc.Relationships[2].SPDXElementID != "SPDXRef-PACKAGE-bee" {
		t.Errorf("ids: %s, %+v", doc.Files[2].SPDXID, doc.Relationships[2])
	}
	if len(doc.Relationships) != 4 {
		t.Errorf("the stale CONTAINS relationship survived: %+v", doc.Relationships)
	}
}

func TestGenerateFindings(t *testing.T) {
	root := makeTree(t, map[string]string{"a/x.c": "x"})
	os.Symlink("missing.c", filepath.Join(root, "a", "dangling.c"))
	doc := &spdx.Document{}
	fs := Generate(context.Background(), Input{Root: root, Git: new(bool), SBOM: sbom(
		config.Package{Name: "one", Include: []string{"a/**"}},
		config.Package{Name: "two", Include: []string{"a/x.c"}},
	)}, doc)
	var got []string
	for _, f := range fs {
		got = append(got, f.Severity.String()+" "+f.Message)
	}
	want := []string{
		"warning a/dangling.c is a dangling symbolic link; it is not listed",
		`error a/x.c is selected by packages "one" and "two"; a file belongs to one package`,
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("findings:\n%q\nwant\n%q", got, want)
	}
	if !rules.Blocked(fs) {
		t.Error("a file in two packages must block writing")
	}
}

// TestGenerateGitIgnore: inside a git work tree ignored files are dropped;
// outside one everything is listed, with a note saying so.
func TestGenerateGitIgnore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := makeTree(t, map[string]string{".gitignore": "*.o\n", "a/x.c": "x", "a/x.o": "o", "a/keep.o": "k"})
	for _, args := range [][]string{{"init", "-q"}, {"add", "-f", ".gitignore", "a/x.c", "a/keep.o"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	names := func(git *bool) ([]string, []rules.Finding) {
		doc := &spdx.Document{}
		fs := Generate(context.Background(), Input{Root: root, Git: git, SBOM: sbom(config.Package{Name: "a", Include: []string{"a/**"}})}, doc)
		var out []string
		for _, f := range doc.Files {
			out = append(out, f.FileName)
		}
		return out, fs
	}
	got, fs := names(nil)
	if strings.Join(got, " ") != "a/keep.o a/x.c" || len(fs) != 0 {
		t.Errorf("in git: %v %v", got, fs)
	}
	got, _ = names(new(bool))
	if strings.Join(got, " ") != "a/keep.o a/x.c a/x.o" {
		t.Errorf("git off: %v", got)
	}
	os.RemoveAll(filepath.Join(root, ".git"))
	got, fs = names(nil)
	if strings.Join(got, " ") != "a/keep.o a/x.c a/x.o" || len(fs) != 1 || fs[0].Rule != rules.RuleGitIgnore {
		t.Errorf("not git: %v %v", got, fs)
	}
}
