package version

import "strings"

// semverOrdering parses Semantic Versioning 2.0.0. OSV's SEMVER ranges and
// the ecosystems that use them also write versions with fewer than three
// parts ("0" as the start of every range, "1.2"); the missing parts are 0, as
// OSV's own tools read them.
type semverOrdering struct {
	name     string
	leadingV bool // accept "v1.2.3" (and "=1.2.3" for npm)
}

func (o semverOrdering) Name() string { return o.name }

type semver struct {
	raw  string
	core [3]string // digit strings without leading zeros
	pre  []string  // nil for a release
}

func (o semverOrdering) Parse(s string) (Version, error) {
	in := strings.TrimSpace(s)
	if o.leadingV {
		in = strings.TrimPrefix(strings.TrimPrefix(in, "="), "v")
	}
	bad := func(why string) (Version, error) {
		return nil, &ParseError{Ordering: o.name, Input: s, Reason: why}
	}
	if in, _, _ = strings.Cut(in, "+"); in == "" {
		return bad("it is empty")
	}
	core, pre, hasPre := strings.Cut(in, "-")
	parts := strings.Split(core, ".")
	if len(parts) > 3 {
		return bad("want MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]")
	}
	v := &semver{raw: s, core: [3]string{"0", "0", "0"}}
	for i, p := range parts {
		if !isDigits(p) {
			return bad("want MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] with numbers for MAJOR, MINOR and PATCH")
		}
		v.core[i] = digits(p)
	}
	if hasPre {
		if pre == "" {
			return bad("the pre-release after '-' is empty")
		}
		v.pre = strings.Split(pre, ".")
		for _, id := range v.pre {
			if id == "" || strings.ContainsFunc(id, func(r rune) bool {
				return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
			}) {
				return bad("pre-release identifiers are [0-9A-Za-z-]+, separated by '.'")
			}
		}
	}
	return v, nil
}

func (v *semver) String() string { return v.raw }

// Compare follows SemVer 2.0.0 §11: a pre-release sorts before its release;
// numeric identifiers compare as numbers and before alphanumeric ones; a
// shorter list of identifiers that is a prefix sorts first.
func (v *semver) Compare(o Version) int {
	w, ok := o.(*semver)
	if !ok {
		return otherOrdering(v, o)
	}
	for i := range v.core {
		if c := cmpDigits(v.core[i], w.core[i]); c != 0 {
			return c
		}
	}
	if c := cmpBool(v.pre == nil, w.pre == nil); c != 0 {
		return c
	}
	for i := 0; i < min(len(v.pre), len(w.pre)); i++ {
		a, b := v.pre[i], w.pre[i]
		an, bn := isDigits(a), isDigits(b)
		switch {
		case an && bn:
			if c := cmpDigits(digits(a), digits(b)); c != 0 {
				return c
			}
		case an != bn:
			return cmpBool(bn, an) // numeric first
		default:
			if c := strings.Compare(a, b); c != 0 {
				return c
			}
		}
	}
	return cmpInt(len(v.pre), len(w.pre))
}
