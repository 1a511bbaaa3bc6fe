package tree

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestListedAgreesWithCheckIgnore: for every path of a tree with the awkward
// cases, Listed and Ignored give the same verdict.
func TestListedAgreesWithCheckIgnore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := gitRepo(t)
	writeFiles(t, root, map[string]string{
		".gitignore":      "*.o\n!keep.o\nbuild/\n/top.txt\nfo?.txt\nsub/deep/\n",
		"a.o":             "",
		"keep.o":          "",
		"tracked.o":       "",
		"build/x.c":       "",
		"top.txt":         "",
		"sub/top.txt":     "",
		"sub/deep/y.c":    "",
		"foo.txt":         "",
		"ünï cödé.c":      "",
		"new\nline.c":     "",
		`quo"te.c`:        "",
		"[br]/x.c":        "",
		"plain/file.c":    "",
		"plain/file.o":    "",
		"plain/keep.o":    "",
		"plain/.hidden":   "",
		"tracked dir/f.c": "",
	})
	git(t, root, "add", "-f", "tracked.o", ".gitignore", "tracked dir/f.c")
	git(t, root, "commit", "-q", "-m", "init")
	var all []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			all = append(all, filepath.ToSlash(rel))
		}
		return nil
	})
	ignored, err := Ignored(context.Background(), root, all)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := Listed(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range all {
		if listed[p] == ignored[i] {
			t.Errorf("%q: listed %v, ignored %v", p, listed[p], ignored[i])
		}
	}
	// Limited to directories, with a directory name that looks like a pattern.
	sub, err := Listed(context.Background(), root, []string{"[br]", "plain"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range sub {
		got = append(got, p)
	}
	slices.Sort(got)
	if want := []string{"[br]/x.c", "plain/.hidden", "plain/file.c", "plain/keep.o"}; !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
	if _, err := Listed(context.Background(), t.TempDir(), nil); !errors.Is(err, ErrNotGit) {
		t.Errorf("outside git: %v", err)
	}
}

func TestLiteralDir(t *testing.T) {
	for in, want := range map[string]string{"Modules/expat/**": "Modules/expat", "a/*/b/*.c": "a", "**/x": "", "Lib/x.whl": "Lib", "x": ""} {
		if got := LiteralDir(in); got != want {
			t.Errorf("LiteralDir(%q) = %q, want %q", in, got, want)
		}
	}
}
