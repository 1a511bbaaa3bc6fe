package tree

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gitRepo makes an empty repository whose behaviour does not depend on the
// user's or the system's git configuration.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	// Keep git from finding a repository above the temporary directory.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	git(t, dir, "init", "-q", ".")
	return dir
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	args = append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.com"}, args...)
	if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		full := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIgnored(t *testing.T) {
	root := gitRepo(t)
	writeFiles(t, root, map[string]string{
		".gitignore": strings.Join([]string{
			"*.o",
			"!keep.o",
			"build/",
			"/top.txt",
			"fo?.txt",
			`\!bang`,
			"/plain.c",
			"*.log",
			"!sub/*.log",
			"# a comment",
			"",
		}, "\n"),
		"tracked.o":     "",
		"a.o":           "",
		"keep.o":        "",
		"build/x.c":     "",
		"top.txt":       "",
		"sub/top.txt":   "",
		"sub/a.o":       "",
		"sub/x.log":     "",
		"x.log":         "",
		"foo.txt":       "",
		"fooo.txt":      "",
		"!bang":         "",
		"plain.c":       "",
		":plain.c":      "",
		"ünïcödé.o":     "",
		"ünïcödé.c":     "",
		"日本語.o":         "",
		"with space.o":  "",
		"with space.c":  "",
		`quo"te.o`:      "",
		`quo"te.c`:      "",
		`back\slash.o`:  "",
		`back\slash.c`:  "",
		" leading.o":    "",
		" leading.c":    "",
		"new\nline.o":   "",
		"new\nline.c":   "",
		"trailing .o":   "",
		"tab\there.c":   "",
		"#hash.o":       "",
		"[brackets].o":  "",
		"*star.c":       "",
		"tracked dir/f": "",
	})
	git(t, root, "add", "-f", "tracked.o", ".gitignore", "tracked dir/f")
	git(t, root, "commit", "-q", "-m", "init")

	tests := []struct {
		path string
		want bool
	}{
		{"tracked.o", false}, // tracked files are never ignored
		{"a.o", true},
		{"keep.o", false}, // re-included by "!keep.o" (generate_sbom.py drops it)
		{"build/x.c", true},
		{"build/", true},
		{"build", true},
		{"top.txt", true},
		{"sub/top.txt", false}, // "/top.txt" is anchored
		{"sub/a.o", true},
		{"sub/x.log", false}, // re-included by "!sub/*.log"
		{"x.log", true},
		{"foo.txt", true},
		{"fooo.txt", false},
		{"!bang", true},
		{"plain.c", true},
		{":plain.c", false}, // not pathspec magic for "plain.c"
		{"ünïcödé.o", true},
		{"ünïcödé.c", false},
		{"日本語.o", true},
		{"with space.o", true},
		{"with space.c", false},
		{`quo"te.o`, true},
		{`quo"te.c`, false},
		{`back\slash.o`, true},
		{`back\slash.c`, false},
		{" leading.o", true},
		{" leading.c", false},
		{"new\nline.o", true},
		{"new\nline.c", false},
		{"trailing .o", true},
		{"tab\there.c", false},
		{"#hash.o", true},
		{"[brackets].o", true},
		{"*star.c", false},
		{"tracked dir/f", false},
		{"missing.o", true}, // the rules apply whether or not the file exists
		{"missing.c", false},
	}
	paths := make([]string, len(tests))
	for i, tc := range tests {
		paths[i] = tc.path
	}
	got, err := Ignored(context.Background(), root, paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tests) {
		t.Fatalf("got %d results for %d paths", len(got), len(tests))
	}
	for i, tc := range tests {
		if got[i] != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v", tc.path, got[i], tc.want)
		}
	}

	// The same answers from a subdirectory, with paths relative to it.
	got, err = Ignored(context.Background(), filepath.Join(root, "sub"), []string{"a.o", "top.txt", "x.log"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, false, false}; !slices.Equal(got, want) {
		t.Errorf("from sub: got %v, want %v", got, want)
	}
}

func TestCheckIgnore(t *testing.T) {
	root := gitRepo(t)
	writeFiles(t, root, map[string]string{
		".gitignore":     "*.o\n!keep.o\n\\!bang\nbuild/\n",
		"sub/.gitignore": "*.c\n",
		"tracked.o":      "",
		"sub/tracked.c":  "",
		"sub/x.c":        "",
		"sub/deeper/y.c": "",
		"keep.o":         "",
		"!bang":          "",
		"build/z.h":      "",
		"plain.h":        "",
	})
	git(t, root, "add", "-f", ".gitignore", "sub/.gitignore", "tracked.o", "sub/tracked.c")
	git(t, root, "commit", "-q", "-m", "init")

	paths := []string{"a.o", "keep.o", "!bang", "build/z.h", "build/", "plain.h", "sub/x.c", "sub/deeper/y.c", "tracked.o", "sub/tracked.c"}
	want := []IgnoreMatch{
		{".gitignore", "1", "*.o"},
		{".gitignore", "2", "!keep.o"},
		{".gitignore", "3", `\!bang`},
		{".gitignore", "4", "build/"},
		{".gitignore", "4", "build/"},
		{},
		{"sub/.gitignore", "1", "*.c"},
		{"sub/.gitignore", "1", "*.c"},
		{},
		{},
	}
	got, err := CheckIgnore(context.Background(), root, paths)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("CheckIgnore(%q)\n got %q\nwant %q", paths, got, want)
	}
	for i, m := range got {
		if wantNeg := paths[i] == "keep.o"; m.Negated() != wantNeg {
			t.Errorf("%q: Negated() = %v, want %v", paths[i], m.Negated(), wantNeg)
		}
	}
}

func TestIgnoredEmpty(t *testing.T) {
	// No paths: no git process, so this works even outside a repository.
	got, err := Ignored(context.Background(), t.TempDir(), nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Ignored(nil) = %v, %v; want empty, nil", got, err)
	}
}

func TestIgnoredErrors(t *testing.T) {
	root := gitRepo(t)
	writeFiles(t, root, map[string]string{"sub/x.c": "", "a.c": ""})
	if err := os.Symlink("sub", filepath.Join(root, "lnk")); err != nil {
		t.Skipf("cannot create symbolic links: %v", err)
	}
	outside := t.TempDir()

	tests := []struct {
		name, root string
		paths      []string
		wantInErr  []string
	}{
		{"beyond symlink", root, []string{"a.c", "lnk/x.c", "sub/x.c"}, []string{`"lnk/x.c"`, "beyond a symbolic link"}},
		{"beyond symlink with slash", root, []string{"lnk/"}, []string{`"lnk/"`, "symbolic link"}},
		{"outside repository", root, []string{"../elsewhere"}, []string{`"../elsewhere"`, "outside repository"}},
		{"empty path", root, []string{"a.c", ""}, []string{"path 1 is empty"}},
		{"NUL", root, []string{"a\x00b"}, []string{"NUL"}},
		{"not a repository", outside, []string{"a.c"}, []string{"not a git repository"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Ignored(context.Background(), tc.root, tc.paths)
			if err == nil {
				t.Fatalf("no error; got %v", got)
			}
			t.Log(err)
			for _, s := range tc.wantInErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}

	// A link itself, as Glob reports it, is a path git accepts.
	got, err := Ignored(context.Background(), root, []string{"lnk"})
	if err != nil || len(got) != 1 || got[0] {
		t.Errorf("Ignored(lnk) = %v, %v; want [false], nil", got, err)
	}
}

func TestIgnoredCanceled(t *testing.T) {
	root := gitRepo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Ignored(ctx, root, []string{"a.c"}); err == nil {
		t.Error("no error with a canceled context")
	}
}
