package cyclonedx

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Loss is one member of the input that the converted document does not carry.
type Loss struct {
	// Path is the JSON pointer (RFC 6901) of the member in the input
	// document, such as "/packages/3/annotations" or "/vulnerabilities".
	Path string
	// ID is the SPDX ID or bom-ref of the element the member belongs to,
	// when it belongs to one.
	ID string
	// What says what is not carried and why.
	What string
}

func (l Loss) String() string {
	if l.ID != "" {
		return fmt.Sprintf("%s (%s): %s", l.Path, l.ID, l.What)
	}
	return l.Path + ": " + l.What
}

// sortLosses orders losses by path, so that callers and tests see one order.
func sortLosses(ls []Loss) []Loss {
	slices.SortStableFunc(ls, func(a, b Loss) int {
		return cmp.Or(comparePointers(a.Path, b.Path), strings.Compare(a.What, b.What))
	})
	return ls
}

// comparePointers orders JSON pointers segment by segment, array indexes as
// numbers, so /packages/10 comes after /packages/9.
func comparePointers(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		an, aok := index(as[i])
		bn, bok := index(bs[i])
		if aok && bok {
			return cmp.Compare(an, bn)
		}
		return strings.Compare(as[i], bs[i])
	}
	return cmp.Compare(len(as), len(bs))
}

func index(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// ptr appends one reference token to a JSON pointer, escaped per RFC 6901.
func ptr(base string, token any) string {
	s := fmt.Sprint(token)
	s = strings.ReplaceAll(s, "~", "~0")
	s = strings.ReplaceAll(s, "/", "~1")
	return base + "/" + s
}
