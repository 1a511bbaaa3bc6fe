package openvex

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// Rule IDs of Check's findings. schema, timestamp, purl and cpe are the IDs
// validate uses for the same kind of finding in the SBOM formats.
const (
	RuleSchema        = "schema"
	RuleTimestamp     = "timestamp"
	RulePURL          = "purl"
	RuleCPE           = "cpe"
	RuleHash          = "checksum-length"
	RuleContext       = "openvex-context"
	RuleIRI           = "openvex-iri"
	RuleAuthor        = "openvex-author"
	RuleVulnerability = "openvex-vulnerability"
	RuleStatus        = "openvex-status"
	RuleJustification = "openvex-justification"
	RuleAction        = "openvex-action"
	RuleProduct       = "openvex-product"
	RuleConflict      = "openvex-conflict"
)

// Check validates an OpenVEX document: the official OpenVEX 0.2.0 JSON
// schema, then what the specification requires and the schema does not
// check. name is the file, used in the findings. Input that is not JSON or
// not an object is one error finding.
func Check(name string, data []byte) []rules.Finding {
	c := checker{name: name}
	inst, err := jsonschema.Decode(data)
	if err != nil {
		c.add(rules.Error, RuleSchema, "/", fmt.Sprintf("not JSON: %v", err), "")
		return c.out
	}
	sch, err := compiled()
	if err != nil {
		c.add(rules.Error, RuleSchema, "/", fmt.Sprintf("compiling the embedded OpenVEX schema: %v", err), "")
		return c.out
	}
	schemaErrs := sch.Validate(inst)
	doc, err := Parse(name, data)
	if err != nil {
		for _, e := range schemaErrs {
			c.add(rules.Error, RuleSchema, pathOr(e.InstancePath), e.Message, "")
		}
		if len(schemaErrs) == 0 {
			c.add(rules.Error, RuleSchema, "/", err.Error(), "")
		}
		return c.out
	}
	var spec checker
	spec.name = name
	top, _ := inst.(map[string]any)
	spec.document(doc, top)
	for _, e := range schemaErrs {
		if !spec.restates(e) {
			c.add(rules.Error, RuleSchema, pathOr(e.InstancePath), e.Message, "")
		}
	}
	return append(c.out, spec.out...)
}

// Read parses and checks a document, for callers that apply it: the error is
// for what Parse refuses, and for text a JSON reader would silently change
// (a repeated member, bytes that are not UTF-8, lone surrogates: a
// *jsonscan.Error naming each place), since writing the document back, as
// vex add does, would alter it; a document with error findings should not be
// used. Check leaves those places to validate, which reports them for every
// format.
func Read(name string, data []byte) (*Document, []rules.Finding, error) {
	if err := jsonscan.Check(data); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	doc, err := Parse(name, data)
	if err != nil {
		return nil, nil, err
	}
	return doc, Check(name, data), nil
}

type checker struct {
	name string
	out  []rules.Finding
	// restated are the JSON paths at which a spec rule says, more plainly,
	// what the schema's status, justification and action rules say.
	restated map[string]bool
}

func (c *checker) add(sev rules.Severity, rule, path, msg, fix string) {
	c.out = append(c.out, rules.Finding{Rule: rule, Severity: sev, File: c.name, SBOM: c.name, Message: path + ": " + msg, Fix: fix})
}

// restate records a finding that replaces the schema's errors at path.
func (c *checker) restate(rule, path, msg, fix string) {
	if c.restated == nil {
		c.restated = map[string]bool{}
	}
	c.restated[path] = true
	c.add(rules.Error, rule, path, msg, fix)
}

// restates reports whether the schema error e says what a spec finding
// already said: an enum of status or justification, or the if/then rules
// that need a justification or an action statement.
func (c *checker) restates(e jsonschema.Error) bool {
	if !c.restated[e.InstancePath] {
		return false
	}
	if strings.HasSuffix(e.InstancePath, "/status") || strings.HasSuffix(e.InstancePath, "/justification") {
		return strings.Contains(e.Message, "is not one of")
	}
	return strings.Contains(e.Message, `"action_statement"`) ||
		strings.Contains(e.Message, `"justification"`) && strings.Contains(e.Message, `"impact_statement"`)
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// document checks d; top is its decoded JSON object, which tells a member
// that is empty from one that is missing (the schema reports those).
func (c *checker) document(d *Document, top map[string]any) {
	if d.Context != "" && d.Context != Context {
		c.add(rules.Error, RuleContext, "/@context", fmt.Sprintf("%q is not OpenVEX 0.2.0's context; sbomkeeper reads OpenVEX 0.2.0", d.Context),
			`set "@context" to "`+Context+`" (after checking the document against the 0.2.0 specification)`)
	}
	c.iri("/@id", d.ID)
	if _, present := top["author"]; present && strings.TrimSpace(d.Author) == "" {
		c.add(rules.Error, RuleAuthor, "/author", "the author is empty; OpenVEX requires the individual or organisation that makes the statements", `name the author, e.g. "Jane Doe <jane@example.org>"`)
	}
	if _, present := top["timestamp"]; present && d.Timestamp == "" {
		c.add(rules.Error, RuleTimestamp, "/timestamp", "the document's timestamp is empty; OpenVEX requires when the document was issued", "write it as e.g. 2023-01-08T18:02:03Z")
	}
	c.time("/timestamp", d.Timestamp)
	c.time("/last_updated", d.LastUpdated)
	for i, s := range d.Statements {
		c.statement(fmt.Sprintf("/statements/%d", i), s)
	}
	c.conflicts(d)
}

// conflicts warns of two statements that say different things about one
// product and vulnerability at the same time: an Index takes the later in
// document order, but a reader that does not keep the order may take either.
func (c *checker) conflicts(d *Document) {
	when := func(s Statement) string {
		if s.Timestamp != "" {
			return s.Timestamp
		}
		return d.Timestamp
	}
	for j := 1; j < len(d.Statements); j++ {
		b := d.Statements[j]
		for i := 0; i < j; i++ {
			a := d.Statements[i]
			ta, errA := Time(when(a))
			tb, errB := Time(when(b))
			if errA != nil || errB != nil || !ta.Equal(tb) || sameSaying(a, b) || !shareVuln(a, b) {
				continue
			}
			if p := sharedProduct(a, b); p != "" {
				c.add(rules.Warning, RuleConflict, fmt.Sprintf("/statements/%d", j),
					fmt.Sprintf("says %s about %s and %s at the same time as /statements/%d, which says %s; readers apply the later one in the document, if they keep the order", b.Status, p, b.Vulnerability.Name, i, a.Status),
					"give the statements the timestamps at which each was true, or remove the one that no longer is")
				break
			}
		}
	}
}

func sameSaying(a, b Statement) bool {
	return a.Status == b.Status && a.Justification == b.Justification && a.ImpactStatement == b.ImpactStatement && a.ActionStatement == b.ActionStatement
}

func shareVuln(a, b Statement) bool {
	for _, x := range append([]string{a.Vulnerability.Name}, a.Vulnerability.Aliases...) {
		for _, y := range append([]string{b.Vulnerability.Name}, b.Vulnerability.Aliases...) {
			if x != "" && vulnKey(x) == vulnKey(y) {
				return true
			}
		}
	}
	return false
}

// sharedProduct is a product both statements name (the same PURL, or the
// same other identifier), or "".
func sharedProduct(a, b Statement) string {
	var ma, mb []match
	for _, p := range a.Products {
		ma = appendMatches(ma, p.Component)
	}
	for _, p := range b.Products {
		mb = appendMatches(mb, p.Component)
	}
	for _, x := range ma {
		for _, y := range mb {
			if x.raw == y.raw || x.isURL && y.isURL && x.purl.covers(y.purl) && y.purl.covers(x.purl) {
				return x.raw
			}
		}
	}
	return ""
}

func (c *checker) statement(path string, s Statement) {
	c.iri(path+"/@id", s.ID)
	c.iri(path+"/vulnerability/@id", s.Vulnerability.ID)
	if strings.TrimSpace(s.Vulnerability.Name) == "" {
		c.add(rules.Error, RuleVulnerability, path+"/vulnerability/name", "the vulnerability has no name", "give the vulnerability's ID, e.g. CVE-2022-40897, as its name")
	}
	c.time(path+"/timestamp", s.Timestamp)
	c.time(path+"/last_updated", s.LastUpdated)
	c.time(path+"/action_statement_timestamp", s.ActionStatementTimestamp)

	knownStatus := false
	for _, st := range Statuses {
		knownStatus = knownStatus || s.Status == st
	}
	if !knownStatus && s.Status != "" {
		c.restate(RuleStatus, path+"/status", fmt.Sprintf("status %q is not one of not_affected, affected, fixed, under_investigation", s.Status), "use one of the four OpenVEX status labels")
	}
	if s.Justification != "" {
		known := false
		for _, j := range Justifications {
			known = known || s.Justification == j
		}
		if !known {
			c.restate(RuleJustification, path+"/justification", fmt.Sprintf("justification %q is not an OpenVEX justification label", s.Justification),
				"use one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist")
		}
		if s.Status != NotAffected && knownStatus {
			c.add(rules.Warning, RuleJustification, path+"/justification", fmt.Sprintf("a justification explains a not_affected status, but the status is %s", s.Status), "remove the justification, or correct the status")
		}
	}
	switch s.Status {
	case NotAffected:
		switch {
		case s.Justification == "" && s.ImpactStatement == "":
			c.restate(RuleJustification, path, "the status is not_affected but the statement has neither a justification nor an impact_statement; OpenVEX requires one",
				`add "justification" (e.g. "vulnerable_code_not_present") and, if it helps a reader, an "impact_statement"`)
		case s.Justification == "":
			c.add(rules.Note, RuleJustification, path, "not_affected with only an impact_statement: OpenVEX recommends a machine-readable justification label as well, which tools can act on", `add "justification"`)
		}
	case Affected:
		if s.ActionStatement == "" {
			c.restate(RuleAction, path, "the status is affected but the statement has no action_statement; OpenVEX requires one saying how to remediate or mitigate",
				`add "action_statement", e.g. "Update to 65.5.1 or later"`)
		}
	}
	if len(s.Products) == 0 {
		c.add(rules.Error, RuleProduct, path, "the statement names no product; in a standalone OpenVEX document every statement must (only an encapsulating document can supply them)",
			`add "products": [{"@id": "pkg:..."}]`)
	}
	for j, p := range s.Products {
		pp := fmt.Sprintf("%s/products/%d", path, j)
		c.component(pp, p.Component)
		for k, sc := range p.Subcomponents {
			c.component(fmt.Sprintf("%s/subcomponents/%d", pp, k), sc)
		}
	}
}

func (c *checker) component(path string, p Component) {
	if strings.HasPrefix(p.ID, "pkg:") {
		c.purl(path+"/@id", p.ID)
	} else {
		c.iri(path+"/@id", p.ID)
	}
	for _, alg := range sortedKeys(p.Hashes) {
		v := p.Hashes[alg]
		if n, known := hashLen[alg]; known && (len(v) != n || strings.Trim(strings.ToLower(v), "0123456789abcdef") != "") {
			c.add(rules.Error, RuleHash, path+"/hashes/"+alg, fmt.Sprintf("%q is not a %s value: %d hexadecimal digits", v, alg, n), "")
		}
	}
	if id := p.Identifiers; id != nil {
		if id.PURL != "" {
			c.purl(path+"/identifiers/purl", id.PURL)
		}
		if id.CPE22 != "" && !ident.CPE22(id.CPE22) {
			c.add(rules.Error, RuleCPE, path+"/identifiers/cpe22", fmt.Sprintf("%q is not a CPE 2.2 URI (cpe:/part:vendor:product:...)", id.CPE22), "")
		}
		if id.CPE23 != "" && !ident.CPE23(id.CPE23) {
			c.add(rules.Error, RuleCPE, path+"/identifiers/cpe23", fmt.Sprintf("%q is not a CPE 2.3 formatted string", id.CPE23), "")
		}
	}
}

// hashLen is the number of hex digits of each hash the specification names
// (Appendix A).
var hashLen = map[string]int{"md5": 32, "sha1": 40, "sha-256": 64, "sha-384": 96, "sha-512": 128,
	"sha3-224": 56, "sha3-256": 64, "sha3-384": 96, "sha3-512": 128, "blake2s-256": 64, "blake2b-256": 64, "blake2b-512": 128}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (c *checker) purl(path, s string) {
	if _, ok := parsePURL(s); !ok || !ident.PURL(s) {
		c.add(rules.Error, RulePURL, path, fmt.Sprintf("%q is not a Package URL (pkg:type/namespace/name@version)", s), "")
	}
}

// iri checks that a non-empty @id is an absolute IRI: a scheme, then no
// white space or control characters. (A relative reference such as an SPDX
// ID alone is not one.)
func (c *checker) iri(path, s string) {
	if s == "" || isIRI(s) {
		return
	}
	c.add(rules.Error, RuleIRI, path, fmt.Sprintf("%q is not an absolute IRI (scheme:rest, e.g. https://... or pkg:...)", s), "")
}

func isIRI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" {
		return false
	}
	for i, r := range scheme {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '<' || r == '>' || r == '"' || r == '{' || r == '}' || r == '|' || r == '\\' || r == '^' || r == '`' {
			return false
		}
	}
	return true
}

// time checks an OpenVEX timestamp, which the 2020-12 schema leaves
// unchecked.
func (c *checker) time(path, s string) {
	if s == "" {
		return
	}
	if _, err := Time(s); err != nil {
		c.add(rules.Error, RuleTimestamp, path, fmt.Sprintf("%q is not an RFC 3339 date-time", s), "write it as e.g. 2023-01-08T18:02:03Z or 2023-01-08T18:02:03.5-06:00")
	}
}
