package propose

import (
	"slices"
	"testing"
)

func TestGlobsChooseTheShorterForm(t *testing.T) {
	under := []string{"d/a.c", "d/b.c", "d/c.c", "d/own.sh", "d/sub/x.c", "d/sub/y.c", "d/other/z.c"}
	tests := []struct {
		name             string
		keep             []string
		include, exclude []string
	}{
		{"everything", under, []string{"d/**"}, nil},
		{"all but one: ** and an exclude", []string{"d/a.c", "d/b.c", "d/c.c", "d/sub/x.c", "d/sub/y.c", "d/other/z.c"}, []string{"d/**"}, []string{"d/own.sh"}},
		{"one directory: its **", []string{"d/sub/x.c", "d/sub/y.c"}, []string{"d/sub/**"}, nil},
		{"two files", []string{"d/a.c", "d/b.c"}, []string{"d/a.c", "d/b.c"}, nil},
	}
	for _, tt := range tests {
		inc, exc := globs("d", under, tt.keep)
		if !slices.Equal(inc, tt.include) || !slices.Equal(exc, tt.exclude) {
			t.Errorf("%s: include %q exclude %q, want %q %q", tt.name, inc, exc, tt.include, tt.exclude)
		}
	}
	if got := globEscape("a[1]/b*?.c"); got != "a[[]1]/b[*][?].c" {
		t.Errorf("globEscape: %q", got)
	}
}

func TestTOMLStrings(t *testing.T) {
	for in, want := range map[string]string{
		`#define X (\d+)`: `'#define X (\d+)'`,
		`a="([^"'\s]+)`:   `"a=\"([^\"'\\s]+)"`,
		"tab\there":       `"tab\there"`,
		"nul\x00":         `"nul\u0000"`,
	} {
		if got := tomlstrPattern(in); got != want {
			t.Errorf("tomlstrPattern(%q) = %s, want %s", in, got, want)
		}
	}
}
