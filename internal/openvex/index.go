package openvex

import (
	"strings"
	"time"
)

// Index answers, for a product and a vulnerability, the statement that
// applies: of the statements that name the vulnerability (by name or alias)
// and the product, the latest by timestamp, a statement's own or else its
// document's; of two with the same time, the later one in the order the
// documents and their statements were given. A statement whose time cannot
// be read (Check reports it) counts as older than any other.
//
// Products match by @id, identifiers.purl, identifiers.cpe22 or
// identifiers.cpe23. A PURL is compared part by part after normalisation
// (the type's case rules from the PURL specification, PEP 503 names for
// pypi, percent-decoding, qualifiers in any order); a statement's PURL
// without a version covers every version of the package, and the
// qualifiers it has must be present in the product's with the same values,
// as in go-vex, the reference implementation. Other identifiers compare
// exactly. Subcomponents are not matched: a statement about a product says
// nothing about its subcomponents as products of their own.
//
// Vulnerability IDs compare without regard to case (GHSA IDs are written
// both ways). An Index is safe for concurrent Lookups.
type Index struct {
	byVuln  map[string][]int // upper-cased name or alias -> entries
	entries []entry
}

type entry struct {
	st    Statement
	when  time.Time
	known bool // when could be read
	prods []match
}

// match is one way a product can be named: a PURL, or another identifier.
type match struct {
	purl  purl
	isURL bool
	raw   string
}

// NewIndex indexes the statements of docs. Later documents, and later
// statements in a document, win ties in time.
func NewIndex(docs ...*Document) *Index {
	ix := &Index{byVuln: map[string][]int{}}
	for _, d := range docs {
		if d == nil {
			continue
		}
		docTime, docErr := Time(d.Timestamp)
		for _, s := range d.Statements {
			e := entry{st: s}
			e.st.DocumentID, e.st.Source = d.ID, d.Source
			if s.Timestamp != "" {
				e.when, e.known = parsed(Time(s.Timestamp))
			} else {
				e.when, e.known = docTime, docErr == nil
				e.st.Timestamp = d.Timestamp
			}
			for _, p := range s.Products {
				e.prods = appendMatches(e.prods, p.Component)
			}
			n := len(ix.entries)
			ix.entries = append(ix.entries, e)
			seen := map[string]bool{}
			for _, id := range append([]string{s.Vulnerability.Name}, s.Vulnerability.Aliases...) {
				if k := vulnKey(id); k != "" && !seen[k] {
					seen[k] = true
					ix.byVuln[k] = append(ix.byVuln[k], n)
				}
			}
		}
	}
	return ix
}

func parsed(t time.Time, err error) (time.Time, bool) { return t, err == nil }

func vulnKey(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

func appendMatches(ms []match, c Component) []match {
	add := func(s string) {
		if s == "" {
			return
		}
		if p, ok := parsePURL(s); ok {
			ms = append(ms, match{purl: p, isURL: true, raw: s})
			return
		}
		ms = append(ms, match{raw: s})
	}
	add(c.ID)
	if c.Identifiers != nil {
		add(c.Identifiers.PURL)
		add(c.Identifiers.CPE22)
		add(c.Identifiers.CPE23)
	}
	return ms
}

// Lookup returns the statement that applies to product (a PURL, or an IRI or
// CPE compared exactly) for the vulnerability vuln, also known as aliases.
// The statement's Timestamp is the one it has by inheritance, and its
// DocumentID and Source name the document it came from.
func (ix *Index) Lookup(product string, vuln string, aliases []string) (Statement, bool) {
	want, isPURL := parsePURL(product)
	best := -1
	seen := map[int]bool{}
	for _, id := range append([]string{vuln}, aliases...) {
		for _, n := range ix.byVuln[vulnKey(id)] {
			if seen[n] {
				continue
			}
			seen[n] = true
			e := &ix.entries[n]
			if !e.names(product, want, isPURL) {
				continue
			}
			if best < 0 || ix.entries[best].before(e, best, n) {
				best = n
			}
		}
	}
	if best < 0 {
		return Statement{}, false
	}
	return ix.entries[best].st, true
}

func (e *entry) names(product string, want purl, isPURL bool) bool {
	for _, m := range e.prods {
		if m.raw == product || m.isURL && isPURL && m.purl.covers(want) {
			return true
		}
	}
	return false
}

// before reports whether e (at index i) is older than o (at j).
func (e *entry) before(o *entry, i, j int) bool {
	switch {
	case e.known != o.known:
		return !e.known
	case e.known && !e.when.Equal(o.when):
		return e.when.Before(o.when)
	}
	return i < j
}
