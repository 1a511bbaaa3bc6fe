package version

import (
	"fmt"
	"strings"
)

// Version is one parsed version of one ordering. Compare is only meaningful
// between versions of the same ordering; comparing versions of different
// orderings orders them by ordering name, so a mistake cannot panic.
type Version interface {
	// Compare returns -1, 0 or +1 as v sorts before, equal to or after w.
	Compare(w Version) int
	// String is the version as it was given.
	String() string
}

// Ordering parses the versions of one ecosystem.
type Ordering interface {
	Name() string
	Parse(s string) (Version, error)
}

// Orderings of the ecosystems sbomkeeper matches.
var (
	PEP440 Ordering = pep440Ordering{}
	SemVer Ordering = semverOrdering{name: "SemVer"}
	// Go is SemVer with an optional leading "v" (PURLs write it, OSV's Go
	// records do not); pseudo-versions are SemVer pre-releases.
	Go Ordering = semverOrdering{name: "Go", leadingV: true}
	// Npm is SemVer with the leading "v" or "=" npm tolerates.
	Npm Ordering = semverOrdering{name: "npm", leadingV: true}
)

// ForEcosystem returns the ordering of an OSV ecosystem name ("PyPI", "Go",
// "crates.io", "npm"; a ":suffix" such as "PyPI:extra" is ignored), or false
// when sbomkeeper cannot order that ecosystem's versions.
func ForEcosystem(eco string) (Ordering, bool) {
	base, _, _ := strings.Cut(eco, ":")
	switch base {
	case "PyPI":
		return PEP440, true
	case "Go":
		return Go, true
	case "crates.io":
		return SemVer, true
	case "npm":
		return Npm, true
	}
	return nil, false
}

// PURLEcosystem is the OSV ecosystem of a Package URL type whose versions
// ForEcosystem orders ("pypi" is "PyPI"), "" for any other type. scan matches
// OSV records by it; inventory orders versions by it.
func PURLEcosystem(purlType string) string {
	switch purlType {
	case "pypi":
		return "PyPI"
	case "golang":
		return "Go"
	case "cargo":
		return "crates.io"
	case "npm":
		return "npm"
	}
	return ""
}

// Compare parses a and b with o and compares them.
func Compare(o Ordering, a, b string) (int, error) {
	va, err := o.Parse(a)
	if err != nil {
		return 0, err
	}
	vb, err := o.Parse(b)
	if err != nil {
		return 0, err
	}
	return va.Compare(vb), nil
}

// ParseError says which string is not a version of which ordering.
type ParseError struct {
	Ordering string
	Input    string
	Reason   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%q is not a %s version: %s", e.Input, e.Ordering, e.Reason)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// otherOrdering orders versions of different orderings by name, so that a
// caller's mistake gives a stable answer instead of a panic.
func otherOrdering(v, w Version) int {
	return strings.Compare(fmt.Sprintf("%T", v), fmt.Sprintf("%T", w))
}
