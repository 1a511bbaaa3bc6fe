package inventory

import "testing"

// FuzzRange: any range and version strings parse or fail without a panic,
// and the dotted order is antisymmetric.
func FuzzRange(f *testing.F) {
	for _, s := range [][2]string{{"<2.6.3", "2.5.0"}, {">=2.0,<2.6.3", "1.1.1t"}, {"!=2.0rc1", "2.0"}, {"=v1", "1_2+3~4"}, {",", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, rng, v string) {
		r, err := ParseRange(rng)
		if err == nil {
			for _, o := range []string{"", "pypi", "golang", "npm", "cargo"} {
				r.Match(OrderingFor(o), v)
			}
		}
		a, errA := Dotted.Parse(v)
		b, errB := Dotted.Parse(rng)
		if errA == nil && errB == nil && a.Compare(b) != -b.Compare(a) {
			t.Errorf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", v, rng, a.Compare(b), rng, v, b.Compare(a))
		}
	})
}
