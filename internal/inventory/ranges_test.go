package inventory

import (
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/version"
)

func TestDottedOrder(t *testing.T) {
	// Each row: a < b.
	less := [][2]string{
		{"2.5.0", "2.6.3"},
		{"2.6.2", "2.6.3"},
		{"2.6.3", "2.6.10"}, // numbers, not text
		{"2.9", "2.10"},
		{"1.1.1", "1.1.1t"}, // OpenSSL letter releases are later
		{"1.1.1t", "1.1.1u"},
		{"1.1.1", "1.1.1a"}, // a, b, c without a number after them are OpenSSL letters too
		{"1.1.1a", "1.1.1c"},
		{"1.0.2c", "1.0.2d"},
		{"2.0b1", "2.0"},
		{"1.1.1u", "3.0.0"},
		{"2.0rc1", "2.0"}, // pre-releases before the release
		{"2.0a1", "2.0b1"},
		{"2.0-beta", "2.0"},
		{"3.40.1", "3.45.3"},
		{"2.0", "2.0.1"},
	}
	for _, c := range less {
		if got, err := version.Compare(Dotted, c[0], c[1]); err != nil || got != -1 {
			t.Errorf("Compare(%q, %q) = %d, %v; want -1", c[0], c[1], got, err)
		}
		if got, err := version.Compare(Dotted, c[1], c[0]); err != nil || got != 1 {
			t.Errorf("Compare(%q, %q) = %d, %v; want 1", c[1], c[0], got, err)
		}
	}
	for _, c := range [][2]string{{"2.6", "2.6.0"}, {"v1.2.3", "1.2.3"}, {"1.2.3", "1.2.3"}, {"1_2", "1.2"}} {
		if got, err := version.Compare(Dotted, c[0], c[1]); err != nil || got != 0 {
			t.Errorf("Compare(%q, %q) = %d, %v; want 0", c[0], c[1], got, err)
		}
	}
	for _, bad := range []string{"", "NOASSERTION", "abc", "1.2 3", "1.2/3", "99999999999999999999999"} {
		if _, err := Dotted.Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func TestRange(t *testing.T) {
	for _, c := range []struct {
		rng, ordering, v string
		want             bool
	}{
		{"<2.6.3", "", "2.5.0", true},
		{"<2.6.3", "", "2.6.3", false},
		{"<=2.6.3", "", "2.6.3", true},
		{">=2.0,<2.6.3", "", "1.9", false},
		{">=2.0, <2.6.3", "", "2.1", true},
		{"2.6.3", "", "2.6.3.0", true},
		{"==2.6.3", "", "2.6.4", false},
		{"!=2.6.3", "", "2.6.4", true},
		{">1.0", "", "1.0.1", true},
		// PyPI: PEP 440, where 2.0rc1 < 2.0 and 2022.09.24 = 2022.9.24
		{"<2.0", "pypi", "2.0rc1", true},
		{"=2022.9.24", "pypi", "2022.09.24", true},
		// Go: a leading v, pseudo-versions are pre-releases
		{"<v1.2.0", "golang", "v1.2.0-20230101000000-abcdefabcdef", true},
		{">=1.10.0", "npm", "1.9.0", false},
		{"<1.0.0", "cargo", "1.0.0-alpha", true},
	} {
		r, err := ParseRange(c.rng)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Match(OrderingFor(c.ordering), c.v)
		if err != nil || got != c.want {
			t.Errorf("%q (%s) matches %q = %v, %v; want %v", c.rng, c.ordering, c.v, got, err, c.want)
		}
	}
	if r, _ := ParseRange("<2.0"); r != nil {
		if _, err := r.Match(OrderingFor("pypi"), "not a version"); err == nil {
			t.Error("an unparseable version matched without an error")
		}
	}
	for _, bad := range []string{"<", "<2.0,", ">="} {
		if _, err := ParseRange(bad); err == nil {
			t.Errorf("ParseRange(%q) succeeded", bad)
		}
	}
	if r, err := ParseRange(""); err != nil || r != nil {
		t.Errorf("empty range: %v %v", r, err)
	}
}
