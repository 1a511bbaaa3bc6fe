package wheel

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Pin is one "name==version" line of a vendor.txt.
type Pin struct {
	Name    string // lower-cased, as CPython's tools name the package
	Version string
	Line    int
}

// pinRe is the exact-pin form CPython's tools accept: no pre-releases, no
// extras, no markers. Anything else must be an error, not a guess.
var pinRe = regexp.MustCompile(`^([a-zA-Z0-9_.-]+)==([0-9.]*[0-9])$`)

// ParseVendorTxt reads exact pins, one per non-empty line after '#' comments and
// surrounding white space are removed (pip indents the pins a vendored project
// brings along). A line that is not an exact pin is an error naming it.
func ParseVendorTxt(data []byte) ([]Pin, error) {
	var out []Pin
	seen := map[string]int{}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line, _, _ := strings.Cut(string(raw), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := pinRe.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("vendor.txt line %d: %q is not an exact pin name==version", i+1, line)
		}
		name := strings.ToLower(m[1])
		if prev, dup := seen[name]; dup {
			return nil, fmt.Errorf("vendor.txt line %d: %s is pinned again (first on line %d)", i+1, name, prev)
		}
		seen[name] = i + 1
		out = append(out, Pin{Name: name, Version: m[2], Line: i + 1})
	}
	return out, nil
}
