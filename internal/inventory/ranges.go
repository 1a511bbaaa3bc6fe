package inventory

import (
	"fmt"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/version"
)

// Op is a comparison in a version range.
type Op string

// The comparisons a range may use.
const (
	OpLT Op = "<"
	OpLE Op = "<="
	OpGT Op = ">"
	OpGE Op = ">="
	OpEQ Op = "="
	OpNE Op = "!="
)

// Bound is one comparison of a range: Op against Version.
type Bound struct {
	Op      Op
	Version string
}

// Range is a conjunction of bounds ("<2.7.0", ">=2.0,<2.6.3"). The empty
// range matches every version.
type Range []Bound

// ParseRange reads a comma-separated list of bounds, each an operator (<,
// <=, >, >=, =, ==, !=) and a version; a bare version means "=".
func ParseRange(s string) (Range, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var r Range
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		var b Bound
		for _, op := range []string{"<=", ">=", "!=", "==", "<", ">", "="} {
			if rest, ok := strings.CutPrefix(part, op); ok {
				b.Op, part = Op(op), rest
				break
			}
		}
		if b.Op == "" || b.Op == "==" {
			b.Op = OpEQ
		}
		b.Version = strings.TrimSpace(part)
		if b.Version == "" {
			return nil, fmt.Errorf("version range %q: a bound has no version; write it as <2.7.0 or >=2.0,<2.6.3", s)
		}
		r = append(r, b)
	}
	return r, nil
}

func (r Range) String() string {
	parts := make([]string, len(r))
	for i, b := range r {
		parts[i] = string(b.Op) + b.Version
	}
	return strings.Join(parts, ",")
}

// Match reports whether v, ordered by o, is inside every bound. An error
// says that v or a bound is not a version of o: the caller reports such a
// package as not compared instead of dropping it.
func (r Range) Match(o version.Ordering, v string) (bool, error) {
	pv, err := o.Parse(v)
	if err != nil {
		return false, err
	}
	for _, b := range r {
		pb, err := o.Parse(b.Version)
		if err != nil {
			return false, fmt.Errorf("range bound %s%s: %w", b.Op, b.Version, err)
		}
		c := pv.Compare(pb)
		var ok bool
		switch b.Op {
		case OpLT:
			ok = c < 0
		case OpLE:
			ok = c <= 0
		case OpGT:
			ok = c > 0
		case OpGE:
			ok = c >= 0
		case OpEQ:
			ok = c == 0
		case OpNE:
			ok = c != 0
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

// OrderingFor is the version ordering of a package with this PURL type
// (empty when it has no PURL): its ecosystem's when internal/version knows
// it, else Dotted.
func OrderingFor(purlType string) version.Ordering {
	if o, ok := version.ForEcosystem(version.PURLEcosystem(purlType)); ok {
		return o
	}
	return Dotted
}

// Dotted orders the versions of generic C libraries and other packages with
// no ecosystem ordering: components split at '.', '-', '_' and '+', each
// split again into runs of digits and of letters ("1.1.1t" is 1 1 1 t).
// Digit runs compare as numbers, letter runs as lower-case text; a missing
// trailing number is 0 (2.6 = 2.6.0); a letter run after a number is a
// later release ("1.1.1t" > "1.1.1"), except the pre-release words alpha,
// beta, pre, rc, dev, preview (and a, b, c when a number follows them:
// "2.0a1"), which sort before the release ("2.0rc1" < "2.0"; but "1.1.1a" >
// "1.1.1"). A leading "v" is ignored.
//
// internal/version may take this ordering over (OSV has no ecosystem for
// these packages); it lives here until then.
var Dotted version.Ordering = dottedOrdering{}

type dottedOrdering struct{}

func (dottedOrdering) Name() string { return "dotted" }

type token struct {
	num   bool
	n     uint64
	s     string
	isPre bool
}

type dottedVersion struct {
	raw    string
	tokens []token
}

func (dottedOrdering) Parse(s string) (version.Version, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "v")
	if t == "" || !isDigit(t[0]) {
		return nil, &version.ParseError{Ordering: "dotted", Input: s, Reason: "it does not start with a number"}
	}
	var toks []token
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case isDigit(c):
			j := i
			var n uint64
			for j < len(t) && isDigit(t[j]) {
				if n > (1<<63)/10 {
					return nil, &version.ParseError{Ordering: "dotted", Input: s, Reason: "a number is too large"}
				}
				n = n*10 + uint64(t[j]-'0')
				j++
			}
			toks = append(toks, token{num: true, n: n})
			i = j
		case isLetter(c):
			j := i
			for j < len(t) && isLetter(t[j]) {
				j++
			}
			w := strings.ToLower(t[i:j])
			// a, b and c mark a pre-release only before its number
			// (2.0a1); alone they are OpenSSL's letter releases (1.1.1a).
			pre := preWords[w] && (len(w) > 1 || j < len(t) && isDigit(t[j]))
			toks = append(toks, token{s: w, isPre: pre})
			i = j
		case c == '.' || c == '-' || c == '_' || c == '+' || c == '~':
			i++
		default:
			return nil, &version.ParseError{Ordering: "dotted", Input: s, Reason: fmt.Sprintf("character %q is not part of a dotted version", c)}
		}
	}
	return dottedVersion{raw: s, tokens: toks}, nil
}

var preWords = map[string]bool{"alpha": true, "beta": true, "pre": true, "rc": true, "a": true, "b": true, "c": true, "dev": true, "preview": true}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (v dottedVersion) String() string { return v.raw }

func (v dottedVersion) Compare(w version.Version) int {
	u, ok := w.(dottedVersion)
	if !ok {
		return strings.Compare(fmt.Sprintf("%T", v), fmt.Sprintf("%T", w))
	}
	a, b := v.tokens, u.tokens
	for i := 0; i < len(a) || i < len(b); i++ {
		if c := cmpToken(at(a, i), at(b, i)); c != 0 {
			return c
		}
	}
	return 0
}

// at is tokens[i], or nil past the end (a missing token).
func at(ts []token, i int) *token {
	if i < len(ts) {
		return &ts[i]
	}
	return nil
}

// rank places a token kind: pre-release words < missing < other words <
// numbers. With missing equal to the number 0, 2.6 equals 2.6.0.
func cmpToken(x, y *token) int {
	if x == nil && y == nil {
		return 0
	}
	if x == nil {
		return -cmpToken(y, x)
	}
	if y == nil {
		switch {
		case x.num && x.n == 0:
			return 0
		case x.num:
			return 1
		case x.isPre:
			return -1
		}
		return 1
	}
	switch {
	case x.num && y.num:
		return cmpUint(x.n, y.n)
	case x.num: // a number sorts after any word
		return 1
	case y.num:
		return -1
	case x.isPre != y.isPre:
		if x.isPre {
			return -1
		}
		return 1
	}
	return strings.Compare(x.s, y.s)
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
