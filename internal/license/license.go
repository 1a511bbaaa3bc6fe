package license

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/licenses.json
var licensesJSON []byte

//go:embed data/exceptions.json
var exceptionsJSON []byte

// newerJSON is CycloneDX 1.7.1's spdx.schema.json: the IDs of SPDX license
// list 3.28.0, licenses then exceptions. CycloneDX 1.7 writers (syft,
// cdxgen) use IDs that list added after 3.25.0 (FSL-1.1-MIT, ...); they are
// SPDX IDs, and a converted document that holds them must validate.
//
//go:embed data/cyclonedx-1.7.1-spdx.schema.json
var newerJSON []byte

// ListVersions names the lists Check knows IDs from, for messages.
const ListVersions = "SPDX license list 3.25.0, or 3.28.0 as CycloneDX 1.7.1 lists it"

// licenseList is the embedded SPDX license list, by lower-cased ID (SPDX
// license IDs match case-insensitively).
type licenseList struct {
	licenses   map[string]string
	exceptions map[string]string
}

var loadList = sync.OnceValue(func() *licenseList {
	var l struct {
		Licenses []struct {
			LicenseID string `json:"licenseId"`
		} `json:"licenses"`
	}
	var e struct {
		Exceptions []struct {
			LicenseExceptionID string `json:"licenseExceptionId"`
		} `json:"exceptions"`
	}
	// The embedded files are ours; a decoding failure is a build defect.
	if err := json.Unmarshal(licensesJSON, &l); err != nil {
		panic(err)
	}
	if err := json.Unmarshal(exceptionsJSON, &e); err != nil {
		panic(err)
	}
	out := &licenseList{licenses: map[string]string{}, exceptions: map[string]string{}}
	for _, x := range l.Licenses {
		out.licenses[strings.ToLower(x.LicenseID)] = x.LicenseID
	}
	for _, x := range e.Exceptions {
		out.exceptions[strings.ToLower(x.LicenseExceptionID)] = x.LicenseExceptionID
	}
	addNewer(out, newerJSON)
	return out
})

// addNewer adds the IDs of a CycloneDX spdx.schema.json enum that the list
// lacks. The enum holds the list's licenses and then its exceptions, each
// sorted; the first ID the list knows as an exception starts the exceptions.
func addNewer(list *licenseList, schema []byte) {
	var s struct {
		Enum []string `json:"enum"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		panic(err) // embedded: a build defect
	}
	into := list.licenses
	for _, id := range s.Enum {
		key := strings.ToLower(id)
		if _, ok := list.exceptions[key]; ok {
			into = list.exceptions
		}
		if _, ok := list.licenses[key]; ok {
			continue
		}
		if _, ok := into[key]; !ok {
			into[key] = id
		}
	}
}

// Check parses an SPDX license expression (SPDX 2.3 annex D): license
// IDs from the list (a trailing '+' allowed), LicenseRef-/DocumentRef- refs,
// AND, OR, WITH <exception>, parentheses; NONE and NOASSERTION alone.
func Check(expr string) error {
	if expr == "NONE" || expr == "NOASSERTION" {
		return nil
	}
	p := &licenseParser{toks: tokenize(expr), list: loadList()}
	if len(p.toks) == 0 {
		return fmt.Errorf("empty license expression")
	}
	if err := p.or(); err != nil {
		return err
	}
	if p.i < len(p.toks) {
		return fmt.Errorf("unexpected %q", p.toks[p.i])
	}
	return nil
}

func tokenize(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch r {
		case '(', ')':
			flush()
			out = append(out, string(r))
		case ' ', '\t', '\n':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

type licenseParser struct {
	toks []string
	i    int
	list *licenseList
}

func (p *licenseParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *licenseParser) or() error {
	if err := p.and(); err != nil {
		return err
	}
	for strings.EqualFold(p.peek(), "OR") {
		p.i++
		if err := p.and(); err != nil {
			return err
		}
	}
	return nil
}

func (p *licenseParser) and() error {
	if err := p.with(); err != nil {
		return err
	}
	for strings.EqualFold(p.peek(), "AND") {
		p.i++
		if err := p.with(); err != nil {
			return err
		}
	}
	return nil
}

func (p *licenseParser) with() error {
	if err := p.atom(); err != nil {
		return err
	}
	if strings.EqualFold(p.peek(), "WITH") {
		p.i++
		exc := p.peek()
		if exc == "" {
			return fmt.Errorf("WITH needs an exception")
		}
		p.i++
		if _, ok := p.list.exceptions[strings.ToLower(exc)]; !ok && !strings.HasPrefix(exc, "AdditionRef-") {
			return fmt.Errorf("%q is not an exception of the %s", exc, ListVersions)
		}
	}
	return nil
}

func (p *licenseParser) atom() error {
	t := p.peek()
	switch {
	case t == "":
		return fmt.Errorf("the expression ends where a license was expected")
	case t == "(":
		p.i++
		if err := p.or(); err != nil {
			return err
		}
		if p.peek() != ")" {
			return fmt.Errorf("missing ')'")
		}
		p.i++
		return nil
	case t == ")" || strings.EqualFold(t, "AND") || strings.EqualFold(t, "OR") || strings.EqualFold(t, "WITH"):
		return fmt.Errorf("unexpected %q where a license was expected", t)
	}
	p.i++
	if strings.HasPrefix(t, "LicenseRef-") || strings.HasPrefix(t, "DocumentRef-") {
		return nil
	}
	id := strings.TrimSuffix(t, "+")
	if _, ok := p.list.licenses[strings.ToLower(id)]; !ok {
		return fmt.Errorf("%q is not a license of the %s", id, ListVersions)
	}
	return nil
}
