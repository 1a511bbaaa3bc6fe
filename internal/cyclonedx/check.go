package cyclonedx

import (
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"strings"

	spdxlicense "github.com/sbomkeeper/sbomkeeper/internal/license"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Issue is one semantic problem in a CycloneDX document.
type Issue struct {
	Path    string // JSON pointer of the offending member
	Ref     string // bom-ref of the component it belongs to, if any
	Rule    string // one of the Rule constants
	Message string
}

func (i Issue) String() string {
	where := i.Path
	if i.Ref != "" {
		where = i.Ref + " (" + i.Path + ")"
	}
	return fmt.Sprintf("%s: %s [%s]", where, i.Message, i.Rule)
}

// Rules of Check. RuleNTIA issues are the NTIA minimum elements, which
// SPDX validation reports as warnings unless the NTIA profile is asked for;
// the others are errors.
const (
	RuleJSON       = "json"
	RuleUniqueRef  = "unique-bom-ref"
	RuleDependency = "dependency-ref"
	RuleHash       = "hash"
	RulePURL       = "purl"
	RuleCPE        = "cpe"
	RuleLicense    = "license"
	RuleSerial     = "serial-number"
	RuleTimestamp  = "timestamp"
	RuleNTIA       = "ntia"
)

// Check returns the semantic issues of a CycloneDX JSON document: what its
// JSON schema cannot say. It does not validate against the schema. The
// issues are grouped by check, each group in document order; Check never
// looks at the clock.
func Check(bom []byte) []Issue {
	// validate reports the text issues (jsonscan) itself, once for every
	// format; the semantic checks still run on what a reader makes of it.
	v, err := spdx.DecodeLenient(bom)
	if err != nil {
		return []Issue{{Rule: RuleJSON, Message: err.Error()}}
	}
	root, ok := v.(map[string]any)
	if !ok {
		return []Issue{{Rule: RuleJSON, Message: "the top-level JSON value is " + kind(v) + ", not an object"}}
	}
	spec, _ := root["specVersion"].(string)
	c := &checker{refs: map[string]string{}, targets: map[string]bool{}, inGraph: map[string]bool{},
		spec: spec, licenseIDs: licenseIDsFor(spec)}
	c.walk("", root, 0)

	if s, ok := root["serialNumber"].(string); ok && !serialRe().MatchString(s) {
		c.add("/serialNumber", "", RuleSerial, fmt.Sprintf("%q is not urn:uuid: and a lower-case RFC 4122 UUID", s))
	}
	md, _ := root["metadata"].(map[string]any)
	if ts, ok := md["timestamp"].(string); ok && !isTimestamp(ts) {
		c.add("/metadata/timestamp", "", RuleTimestamp, fmt.Sprintf("%q is not an RFC 3339 date-time", ts))
	}

	// Components and services are what dependencies may name: the
	// described component and everything nested in it (FromSPDX's layout
	// before issue 11, and other tools' today), then the components and
	// theirs, at every level.
	var comps []located
	if mc, ok := md["component"].(map[string]any); ok {
		comps = append(comps, located{"/metadata/component", mc, true})
		comps = c.components("/metadata/component/components", mc["components"], comps, 1)
	}
	comps = c.components("/components", root["components"], comps, 0)
	for _, x := range comps {
		if ref, ok := x.m["bom-ref"].(string); ok {
			c.targets[ref] = true
		}
	}
	c.services("/services", root["services"], 0)
	c.dependencies(root["dependencies"])
	c.relationshipProps(md, comps)

	for _, x := range comps {
		c.component(x)
	}
	c.ntiaMetadata(md)
	return c.issues
}

type checker struct {
	issues  []Issue
	refs    map[string]string // bom-ref -> where first seen
	targets map[string]bool   // bom-refs of components and services
	inGraph map[string]bool   // bom-refs named by the dependency graph
	// spec is the BOM's specVersion; licenseIDs the license.id list of that
	// version (1.6's for anything but 1.7).
	spec       string
	licenseIDs map[string]bool
}

type located struct {
	path string
	m    map[string]any
	// related: nested in another component or metadata.component, which is
	// a dependency relationship of its own
	related bool
}

func (c *checker) add(path, ref, rule, msg string) {
	c.issues = append(c.issues, Issue{Path: path, Ref: ref, Rule: rule, Message: msg})
}

// walk visits every object: bom-refs anywhere must be unique, and every
// hashes array and licenses array is checked wherever it is.
func (c *checker) walk(path string, v any, depth int) {
	if depth > 256 {
		return
	}
	switch v := v.(type) {
	case []any:
		for i, it := range v {
			c.walk(ptr(path, i), it, depth+1)
		}
	case map[string]any:
		if ref, ok := v["bom-ref"].(string); ok {
			if first, dup := c.refs[ref]; dup {
				c.add(ptr(path, "bom-ref"), ref, RuleUniqueRef, "the bom-ref is also used at "+first)
			} else {
				c.refs[ref] = ptr(path, "bom-ref")
			}
		}
		ref, _ := v["bom-ref"].(string)
		if hs, ok := v["hashes"].([]any); ok {
			c.hashes(ptr(path, "hashes"), ref, hs)
		}
		if ls, ok := v["licenses"].([]any); ok {
			c.licenses(ptr(path, "licenses"), ref, ls)
		}
		for _, k := range sortedKeys(v) {
			c.walk(ptr(path, k), v[k], depth+1)
		}
	}
}

func (c *checker) hashes(path, ref string, hs []any) {
	for i, h := range hs {
		m, _ := h.(map[string]any)
		alg, _ := m["alg"].(string)
		content, _ := m["content"].(string)
		hp := ptr(path, i)
		want, known := hashLen[alg]
		switch {
		case !known:
			c.add(hp, ref, RuleHash, fmt.Sprintf("%q is not a CycloneDX hash algorithm", alg))
		case !hexRe().MatchString(content):
			c.add(hp, ref, RuleHash, fmt.Sprintf("the %s content %q is not hexadecimal", alg, content))
		case want > 0 && len(content) != want:
			c.add(hp, ref, RuleHash, fmt.Sprintf("a %s digest has %d hex digits, not %d", alg, len(content), want))
		case want == 0 && len(content)%2 != 0:
			c.add(hp, ref, RuleHash, fmt.Sprintf("the %s content has an odd number of hex digits", alg))
		}
	}
}

var hexRe = lazyRegexp(`^[0-9a-fA-F]+$`)

func (c *checker) licenses(path, ref string, ls []any) {
	for i, l := range ls {
		m, _ := l.(map[string]any)
		lp := ptr(path, i)
		if lic, ok := m["license"].(map[string]any); ok {
			if id, ok := lic["id"].(string); ok && !c.licenseIDs[id] {
				v := c.spec
				if v != "1.7" {
					v = "1.6"
				}
				c.add(ptr(ptr(lp, "license"), "id"), ref, RuleLicense, fmt.Sprintf("%q is not an SPDX license ID CycloneDX %s knows; use an expression or a name", id, v))
			}
		}
		if expr, ok := m["expression"].(string); ok {
			if err := spdxlicense.Check(expr); err != nil {
				c.add(ptr(lp, "expression"), ref, RuleLicense, fmt.Sprintf("%q is not a valid SPDX license expression: %v", expr, err))
			}
		}
	}
}

// components flattens the component tree, depth first.
func (c *checker) components(path string, v any, out []located, depth int) []located {
	items, _ := v.([]any)
	if depth > maxDepth {
		return out
	}
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		p := ptr(path, i)
		out = append(out, located{p, m, depth > 0})
		out = c.components(ptr(p, "components"), m["components"], out, depth+1)
	}
	return out
}

func (c *checker) services(path string, v any, depth int) {
	items, _ := v.([]any)
	if depth > maxDepth {
		return
	}
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		if ref, ok := m["bom-ref"].(string); ok {
			c.targets[ref] = true
		}
		c.services(ptr(ptr(path, i), "services"), m["services"], depth+1)
	}
}

func (c *checker) dependencies(v any) {
	items, _ := v.([]any)
	seen := map[string]string{}
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		p := ptr("/dependencies", i)
		ref, _ := m["ref"].(string)
		if !c.targets[ref] {
			c.add(ptr(p, "ref"), ref, RuleDependency, fmt.Sprintf("%q is the bom-ref of no component or service", ref))
		}
		if first, dup := seen[ref]; dup {
			c.add(ptr(p, "ref"), ref, RuleDependency, "the ref has another dependencies entry at "+first)
		} else {
			seen[ref] = p
		}
		c.inGraph[ref] = true
		for _, k := range []string{"dependsOn", "provides"} {
			list, _ := m[k].([]any)
			for j, x := range list {
				s, _ := x.(string)
				if !c.targets[s] {
					c.add(ptr(ptr(p, k), j), ref, RuleDependency, fmt.Sprintf("%q is the bom-ref of no component or service", s))
				}
				c.inGraph[s] = true
			}
		}
	}
}

// relationshipProps counts the relationships FromSPDX keeps in properties
// (CONTAINS and every other type CycloneDX has no structure for) as
// relationships of both ends for the NTIA check, as SPDX validation counts
// any relationship: the same document gets the same verdict in either
// format.
func (c *checker) relationshipProps(md map[string]any, comps []located) {
	for _, x := range comps {
		ref, _ := x.m["bom-ref"].(string)
		for _, v := range propertyValues(x.m, propRelationship) {
			if _, target, ok := strings.Cut(v, " "); ok && ref != "" {
				c.inGraph[ref], c.inGraph[target] = true, true
			}
		}
	}
	for _, v := range propertyValues(md, propRelationship) {
		if f := strings.Fields(v); len(f) == 3 {
			c.inGraph[f[0]], c.inGraph[f[2]] = true, true
		}
	}
}

// propertyValues are the values of an object's properties named name.
func propertyValues(m map[string]any, name string) []string {
	items, _ := m["properties"].([]any)
	var out []string
	for _, it := range items {
		p, _ := it.(map[string]any)
		if n, _ := p["name"].(string); n == name {
			if v, ok := p["value"].(string); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

func (c *checker) component(x located) {
	m := x.m
	ref, _ := m["bom-ref"].(string)
	if s, ok := m["purl"].(string); ok && !ident.PURL(s) {
		c.add(ptr(x.path, "purl"), ref, RulePURL, fmt.Sprintf("%q is not a Package URL (pkg:type/namespace/name@version)", s))
	}
	if s, ok := m["cpe"].(string); ok && !ident.CPE23(s) && !ident.CPE22(s) {
		c.add(ptr(x.path, "cpe"), ref, RuleCPE, fmt.Sprintf("%q is not a CPE 2.3 formatted string or a CPE 2.2 URI", s))
	}
	if typ, _ := m["type"].(string); typ == "file" {
		return // NTIA's elements are for packages; files are their contents
	}
	var missing []string
	supplier, _ := m["supplier"].(map[string]any)
	if name, _ := supplier["name"].(string); name == "" {
		missing = append(missing, "supplier name")
	}
	if name, _ := m["name"].(string); name == "" {
		missing = append(missing, "name")
	}
	if v, _ := m["version"].(string); v == "" {
		missing = append(missing, "version")
	}
	purl, _ := m["purl"].(string)
	cpe, _ := m["cpe"].(string)
	if _, swid := m["swid"]; purl == "" && cpe == "" && !swid {
		missing = append(missing, "a unique identifier (PURL, CPE or SWID)")
	}
	_, nestsOthers := m["components"]
	if !x.related && !nestsOthers && !c.inGraph[ref] {
		missing = append(missing, "a dependency relationship")
	}
	if len(missing) > 0 {
		c.add(x.path, ref, RuleNTIA, "NTIA minimum elements missing: "+strings.Join(missing, ", "))
	}
}

func (c *checker) ntiaMetadata(md map[string]any) {
	_, authors := md["authors"]
	_, manufacturer := md["manufacturer"]
	_, tools := md["tools"]
	if !authors && !manufacturer && !tools {
		c.add("/metadata", "", RuleNTIA, "NTIA minimum elements missing: the SBOM's author (metadata.authors, manufacturer or tools)")
	}
	if _, ok := md["timestamp"]; !ok {
		c.add("/metadata", "", RuleNTIA, "NTIA minimum elements missing: the timestamp (metadata.timestamp)")
	}
}
