package version

import (
	"regexp"
	"strings"
)

// pep440Re is the version pattern of PEP 440 appendix B, as the packaging
// library uses it: it accepts the alternative spellings PEP 440 normalises
// (leading "v", "-" and "_" separators, "alpha", "pre", "rev", "1.0-1", any
// case), so parsing is normalising.
var pep440Re = regexp.MustCompile(`^v?` +
	`(?:(?P<epoch>[0-9]+)!)?` +
	`(?P<release>[0-9]+(?:\.[0-9]+)*)` +
	`(?P<pre>[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?` +
	`(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?` +
	`(?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?` +
	`(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$`)

var pep440Groups = func() map[string]int {
	m := map[string]int{}
	for i, n := range pep440Re.SubexpNames() {
		if n != "" {
			m[n] = i
		}
	}
	return m
}()

type pep440Ordering struct{}

func (pep440Ordering) Name() string { return "PEP 440" }

// pep440 is a parsed PEP 440 version. Numbers are kept as digit strings
// without leading zeros, so a 30-digit date-like segment cannot overflow.
type pep440 struct {
	raw     string
	epoch   string
	release []string // trailing zeros removed: 1.0 == 1
	hasPre  bool
	preL    int // 0 a, 1 b, 2 rc
	preN    string
	hasPost bool
	postN   string
	hasDev  bool
	devN    string
	local   []string // nil when there is none
}

func (pep440Ordering) Parse(s string) (Version, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	m := pep440Re.FindStringSubmatch(in)
	if m == nil {
		return nil, &ParseError{Ordering: "PEP 440", Input: s, Reason: "want [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]"}
	}
	g := func(name string) string { return m[pep440Groups[name]] }
	v := &pep440{raw: s, epoch: digits(g("epoch"))}
	for _, r := range strings.Split(g("release"), ".") {
		v.release = append(v.release, digits(r))
	}
	for len(v.release) > 1 && v.release[len(v.release)-1] == "0" {
		v.release = v.release[:len(v.release)-1]
	}
	if g("pre") != "" {
		v.hasPre, v.preN = true, digits(g("pre_n"))
		switch g("pre_l") {
		case "a", "alpha":
			v.preL = 0
		case "b", "beta":
			v.preL = 1
		default: // c, rc, pre, preview
			v.preL = 2
		}
	}
	if g("post") != "" {
		v.hasPost = true
		v.postN = digits(g("post_n1") + g("post_n2"))
	}
	if g("dev") != "" {
		v.hasDev, v.devN = true, digits(g("dev_n"))
	}
	if l := g("local"); l != "" {
		v.local = strings.FieldsFunc(l, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	}
	return v, nil
}

func (v *pep440) String() string { return v.raw }

// Compare follows packaging's _cmpkey: a dev release of a final version
// sorts before its pre-releases, a version without a pre-release after them,
// post-releases after, and a local version after the same public version.
func (v *pep440) Compare(o Version) int {
	w, ok := o.(*pep440)
	if !ok {
		return otherOrdering(v, o)
	}
	if c := cmpDigits(v.epoch, w.epoch); c != 0 {
		return c
	}
	for i := 0; i < max(len(v.release), len(w.release)); i++ {
		a, b := "0", "0"
		if i < len(v.release) {
			a = v.release[i]
		}
		if i < len(w.release) {
			b = w.release[i]
		}
		if c := cmpDigits(a, b); c != 0 {
			return c
		}
	}
	if c := cmpInt(v.preRank(), w.preRank()); c != 0 {
		return c
	}
	if v.hasPre && w.hasPre {
		if c := cmpInt(v.preL, w.preL); c != 0 {
			return c
		}
		if c := cmpDigits(v.preN, w.preN); c != 0 {
			return c
		}
	}
	if c := cmpBool(v.hasPost, w.hasPost); c != 0 {
		return c
	}
	if c := cmpDigits(v.postN, w.postN); c != 0 {
		return c
	}
	// No dev part sorts after any dev part.
	if c := cmpBool(!v.hasDev, !w.hasDev); c != 0 {
		return c
	}
	if c := cmpDigits(v.devN, w.devN); c != 0 {
		return c
	}
	return cmpLocal(v.local, w.local)
}

// preRank is 0 for a dev release with neither pre- nor post-release (it
// sorts before every pre-release), 1 for a pre-release, 2 for none.
func (v *pep440) preRank() int {
	switch {
	case !v.hasPre && !v.hasPost && v.hasDev:
		return 0
	case v.hasPre:
		return 1
	}
	return 2
}

// cmpLocal: no local part sorts first; numeric parts sort after alphabetic
// ones and compare as numbers; a shorter list that is a prefix sorts first.
func cmpLocal(a, b []string) int {
	if c := cmpBool(a != nil, b != nil); c != 0 {
		return c
	}
	for i := 0; i < min(len(a), len(b)); i++ {
		an, bn := isDigits(a[i]), isDigits(b[i])
		switch {
		case an && bn:
			if c := cmpDigits(digits(a[i]), digits(b[i])); c != 0 {
				return c
			}
		case an != bn:
			return cmpBool(an, bn)
		default:
			if c := strings.Compare(a[i], b[i]); c != 0 {
				return c
			}
		}
	}
	return cmpInt(len(a), len(b))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// digits strips leading zeros; the empty string is 0.
func digits(s string) string {
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

// cmpDigits compares two digit strings without leading zeros as numbers.
func cmpDigits(a, b string) int {
	if c := cmpInt(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
