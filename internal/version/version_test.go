package version

import (
	"testing"
)

// Each case is a < b (or a == b when eq), checked both ways round. The
// PEP 440 cases follow the ordering examples of PEP 440 and packaging's
// test suite; the SemVer ones the examples of SemVer 2.0.0 §11.
var orderCases = []struct {
	o    Ordering
	a, b string
	eq   bool
}{
	{o: PEP440, a: "2022.09.24", b: "2022.9.24", eq: true},
	{o: PEP440, a: "1.0", b: "1.0.0", eq: true},
	{o: PEP440, a: "v1.0", b: "1.0", eq: true},
	{o: PEP440, a: "1.0-1", b: "1.0.post1", eq: true},
	{o: PEP440, a: "1.0alpha1", b: "1.0a1", eq: true},
	{o: PEP440, a: "1.0-RC1", b: "1.0rc1", eq: true},
	{o: PEP440, a: "1.0c1", b: "1.0rc1", eq: true},
	{o: PEP440, a: "1.0.pre1", b: "1.0rc1", eq: true},
	{o: PEP440, a: "1.0-dev", b: "1.0.dev0", eq: true},
	{o: PEP440, a: "1.0+ubuntu-1", b: "1.0+ubuntu.1", eq: true},
	{o: PEP440, a: "1.0.dev456", b: "1.0a1"},
	{o: PEP440, a: "1.0a1", b: "1.0a2.dev456"},
	{o: PEP440, a: "1.0a2.dev456", b: "1.0a12.dev456"},
	{o: PEP440, a: "1.0a12", b: "1.0b1.dev456"},
	{o: PEP440, a: "1.0b2.post345.dev456", b: "1.0b2.post345"},
	{o: PEP440, a: "1.0b2.post345", b: "1.0rc1.dev456"},
	{o: PEP440, a: "1.0rc1", b: "1.0"},
	{o: PEP440, a: "1.0", b: "1.0+abc.5"},
	{o: PEP440, a: "1.0+abc.5", b: "1.0+abc.7"},
	{o: PEP440, a: "1.0+abc.7", b: "1.0+5"},
	{o: PEP440, a: "1.0+5", b: "1.0.post456.dev34"},
	{o: PEP440, a: "1.0.post456.dev34", b: "1.0.post456"},
	{o: PEP440, a: "1.0.post456", b: "1.1.dev1"},
	{o: PEP440, a: "1.1.dev1", b: "1!0.1"},
	{o: PEP440, a: "65.5.0", b: "65.5.1"},
	{o: PEP440, a: "22.3.1", b: "23.3"},
	{o: PEP440, a: "1.26.12", b: "1.26.17"},
	{o: PEP440, a: "9", b: "10"},
	{o: PEP440, a: "1.0", b: "99999999999999999999999999.0"},
	{o: SemVer, a: "1.0.0-alpha", b: "1.0.0-alpha.1"},
	{o: SemVer, a: "1.0.0-alpha.1", b: "1.0.0-alpha.beta"},
	{o: SemVer, a: "1.0.0-alpha.beta", b: "1.0.0-beta"},
	{o: SemVer, a: "1.0.0-beta", b: "1.0.0-beta.2"},
	{o: SemVer, a: "1.0.0-beta.2", b: "1.0.0-beta.11"},
	{o: SemVer, a: "1.0.0-beta.11", b: "1.0.0-rc.1"},
	{o: SemVer, a: "1.0.0-rc.1", b: "1.0.0"},
	{o: SemVer, a: "1.0.0+build.1", b: "1.0.0", eq: true},
	{o: SemVer, a: "0", b: "0.0.0", eq: true},
	{o: SemVer, a: "1.9.0", b: "1.10.0"},
	{o: Go, a: "v0.0.0-20220722155217-630584e8d5aa", b: "0.0.0"},
	{o: Go, a: "v1.2.3", b: "1.2.3", eq: true},
	{o: Go, a: "0.17.0", b: "v0.23.0"},
	{o: Npm, a: "=1.2.3", b: "v1.2.3", eq: true},
}

func TestOrder(t *testing.T) {
	for _, c := range orderCases {
		got, err := Compare(c.o, c.a, c.b)
		if err != nil {
			t.Errorf("%s: %v", c.o.Name(), err)
			continue
		}
		rev, _ := Compare(c.o, c.b, c.a)
		want := -1
		if c.eq {
			want = 0
		}
		if got != want || rev != -want {
			t.Errorf("%s: compare(%q, %q) = %d, reversed %d; want %d", c.o.Name(), c.a, c.b, got, rev, want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct {
		o Ordering
		s string
	}{
		{PEP440, ""}, {PEP440, "french toast"}, {PEP440, "1.0+"}, {PEP440, "1..0"},
		{SemVer, ""}, {SemVer, "1.2.3.4"}, {SemVer, "1.2.x"}, {SemVer, "1.2.3-"}, {SemVer, "1.2.3-a..b"}, {SemVer, "v1.2.3"},
		{Go, "1.2.3-ü"},
	} {
		if v, err := c.o.Parse(c.s); err == nil {
			t.Errorf("%s: Parse(%q) = %v, want an error", c.o.Name(), c.s, v)
		}
	}
}

func TestForEcosystem(t *testing.T) {
	for eco, want := range map[string]Ordering{"PyPI": PEP440, "Go": Go, "crates.io": SemVer, "npm": Npm, "PyPI:x": PEP440} {
		if o, ok := ForEcosystem(eco); !ok || o != want {
			t.Errorf("ForEcosystem(%q) = %v, %v", eco, o, ok)
		}
	}
	for _, eco := range []string{"Debian", "Maven", "", "pypi"} {
		if _, ok := ForEcosystem(eco); ok {
			t.Errorf("ForEcosystem(%q): want false", eco)
		}
	}
}

func FuzzPEP440(f *testing.F) {
	for _, c := range orderCases {
		f.Add(c.a, c.b)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, err1 := PEP440.Parse(a)
		vb, err2 := PEP440.Parse(b)
		if err1 != nil || err2 != nil {
			return
		}
		if va.Compare(vb) != -vb.Compare(va) || va.Compare(va) != 0 {
			t.Fatalf("%q vs %q: not antisymmetric", a, b)
		}
	})
}

func TestPURLEcosystem(t *testing.T) {
	for typ, want := range map[string]string{"pypi": "PyPI", "golang": "Go", "cargo": "crates.io", "npm": "npm", "generic": "", "": ""} {
		if got := PURLEcosystem(typ); got != want {
			t.Errorf("PURLEcosystem(%q) = %q, want %q", typ, got, want)
		}
		if _, ok := ForEcosystem(PURLEcosystem(typ)); ok != (want != "") {
			t.Errorf("ForEcosystem(PURLEcosystem(%q)): ok %v", typ, ok)
		}
	}
}
