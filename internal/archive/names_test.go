package archive

import (
	"errors"
	"strings"
	"testing"
)

// TestFoldSet: files and directories that macOS and Windows make one are
// found, naming both spellings; names that only share letters are not.
func TestFoldSet(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string // the error's start; "" for none
	}{
		{[]string{"P/README", "P/readme"}, `"P/readme" differs from "P/README"`},
		{[]string{"P/caf\u00e9.c", "P/cafe\u0301.c"}, `"P/cafe\u0301.c" differs from "P/caf\u00e9.c"`},
		{[]string{"P/Doc/a.c", "P/doc/b.c"}, `"P/doc" differs from "P/Doc"`},
		{[]string{"P/doc", "P/DOC/x"}, `"P/DOC" differs from "P/doc"`},
		{[]string{"P/DOC/x", "P/doc"}, `"P/doc" differs from "P/DOC"`},
		{[]string{"P/\u00c9/x", "P/e\u0301/y"}, `"P/e\u0301" differs from "P/\u00c9"`},
		{[]string{"P/a", "P/a/b", "P/a/c", "P/b", "P/ab", "Q/a"}, ""},
		{[]string{"P/straße", "P/strasse"}, ""}, // Go's ToLower does not fold ß; neither does APFS
	} {
		var s FoldSet
		var err error
		for _, p := range tc.paths {
			if err = s.Add(p); err != nil {
				break
			}
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.paths, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
			t.Errorf("%q: err = %v, want %s...", tc.paths, err, tc.want)
		}
	}
}

// TestNamesClashInEveryFormat: a directory spelled two ways is refused in
// tar and zip archives like a file spelled two ways (issue 12, item 5).
func TestNamesClashInEveryFormat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []member
		want    error
	}{
		{"directories", []member{reg("P/Doc/a.c", []byte("x")), reg("P/doc/b.c", []byte("y"))}, ErrDuplicate},
		{"file and directory", []member{reg("P/doc", []byte("x")), reg("P/DOC/b.c", []byte("y"))}, ErrDuplicate},
		{"NFD file", []member{reg("P/caf\u00e9.c", []byte("x")), reg("P/cafe\u0301.c", []byte("y"))}, ErrDuplicate},
		{"invalid UTF-8", []member{reg("P/a\xff.c", []byte("x"))}, ErrUnsafeName},
	} {
		for format, build := range map[string]func(testing.TB, []member) []byte{"tar": buildTar, "zip": buildZip} {
			p := writeTemp(t, "names."+format, build(t, tc.members))
			if _, err := walkAll(t, p, Limits{}, ""); !errors.Is(err, tc.want) {
				t.Errorf("%s, %s: err = %v, want %v", tc.name, format, err, tc.want)
			}
		}
	}
}

// TestMemberNameDepth: a name deeper than MaxDepth is refused before its
// directories are looked up one prefix at a time; one at the bound is read.
func TestMemberNameDepth(t *testing.T) {
	ok := strings.Repeat("a/", MaxDepth-1) + "x"
	if _, _, _, err := memberName(ok); err != nil {
		t.Errorf("%d components: %v", MaxDepth, err)
	}
	deep := strings.Repeat("a/", 500_000) + "x"
	c, err := NewChecker("t.tar", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Admit(Entry{Name: deep, Kind: Regular}, "")
	if !errors.Is(err, ErrUnsafeName) || !strings.Contains(err.Error(), "500001 path components") {
		t.Fatalf("err = %.200v, want ErrUnsafeName naming the depth", err)
	}
}
