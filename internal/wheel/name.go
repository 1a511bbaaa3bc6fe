package wheel

import (
	"fmt"
	"regexp"
	"strings"
)

// Name is a parsed wheel file name:
// {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
type Name struct {
	Distribution string
	Version      string
	Build        string
	Python       string
	ABI          string
	Platform     string
}

var (
	distRe    = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?$`)
	versionRe = regexp.MustCompile(`^[A-Za-z0-9.!+_]+$`)
	tagRe     = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)
	buildRe   = regexp.MustCompile(`^[0-9][A-Za-z0-9_]*$`)
)

// ParseName parses a wheel's file name (without directories).
func ParseName(filename string) (Name, error) {
	stem, ok := strings.CutSuffix(filename, ".whl")
	if !ok {
		return Name{}, fmt.Errorf("wheel file name %q does not end in .whl", filename)
	}
	parts := strings.Split(stem, "-")
	var n Name
	switch len(parts) {
	case 5:
		n = Name{parts[0], parts[1], "", parts[2], parts[3], parts[4]}
	case 6:
		n = Name{parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]}
	default:
		return Name{}, fmt.Errorf("wheel file name %q has %d '-'-separated fields; want name-version[-build]-python-abi-platform.whl", filename, len(parts))
	}
	switch {
	case !distRe.MatchString(n.Distribution):
		return Name{}, fmt.Errorf("wheel file name %q: %q is not a distribution name", filename, n.Distribution)
	case !versionRe.MatchString(n.Version):
		return Name{}, fmt.Errorf("wheel file name %q: %q is not a version", filename, n.Version)
	case len(parts) == 6 && !buildRe.MatchString(n.Build):
		return Name{}, fmt.Errorf("wheel file name %q: build tag %q must start with a digit", filename, n.Build)
	case !tagRe.MatchString(n.Python) || !tagRe.MatchString(n.ABI) || !tagRe.MatchString(n.Platform):
		return Name{}, fmt.Errorf("wheel file name %q: malformed compatibility tags", filename)
	}
	return n, nil
}

// Normalize is the PEP 503 normal form of a project name: lower case, runs of
// '-', '_' and '.' as one '-'.
func Normalize(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}
