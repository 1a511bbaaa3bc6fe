package spdx3

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Issue is one way a graph breaks a rule of the SPDX 3.0.1 model.
type Issue struct {
	Rule string // one of the Rule constants
	Path string // JSON pointer into the SPDX 3 document, e.g. /@graph/12/to/0
	ID   string // spdxId (or @id) of the object the issue is about, if it has one
	What string
}

func (i Issue) String() string {
	s := i.Rule + " " + i.Path
	if i.ID != "" {
		s += " (" + i.ID + ")"
	}
	return s + ": " + i.What
}

// The rules Check applies: those of the SPDX 3.0.1 model (classes,
// cardinalities, the SHACL shapes in spdx-model.ttl, the class descriptions)
// that the JSON schema cannot express, for the classes FromSPDX2 writes.
const (
	// RuleStructure: the text is a JSON object with the SPDX 3.0.1 @context and
	// an @graph of objects that have a type.
	RuleStructure = "structure"
	// RuleUniqueID: no two objects have the same spdxId or @id.
	RuleUniqueID = "unique-id"
	// RuleIRI: an Element's spdxId is an absolute IRI (Element is sh:nodeKind
	// sh:IRI: no blank node); another object's @id is an IRI or a blank node "_:…".
	RuleIRI = "iri"
	// RuleReference: every element reference (creationInfo, createdBy,
	// createdUsing, suppliedBy, originatedBy, from, to, rootElement, element,
	// dataLicense) names an object in the graph, an individual the spec defines,
	// or an element the SpdxDocument imports.
	RuleReference = "reference"
	// RuleClass: a reference names an object of the property's class
	// (createdUsing a Tool, suppliedBy an Agent, a license relationship from a
	// software artifact to licenses, creationInfo a CreationInfo, ...).
	RuleClass = "class"
	// RuleRelationship: from is exactly one element, to at least one, and a
	// NoneElement in to stands alone (Core/Relationship).
	RuleRelationship = "relationship"
	// RuleRelationshipType: relationshipType is in the RelationshipType vocabulary.
	RuleRelationshipType = "relationship-type"
	// RuleHash: a Hash or PackageVerificationCode has a known algorithm and a
	// hex value of that algorithm's length.
	RuleHash = "hash"
	// RuleSpecVersion: CreationInfo.specVersion is "3.0.1".
	RuleSpecVersion = "spec-version"
	// RuleCreated: CreationInfo.created is a real UTC time written
	// YYYY-MM-DDThh:mm:ssZ (Core/DateTime).
	RuleCreated = "created"
	// RuleCreatedBy: CreationInfo.createdBy names at least one Agent, and only
	// Agents (a Tool is not an Agent; it belongs in createdUsing).
	RuleCreatedBy = "created-by"
	// RuleDocument: there is exactly one SpdxDocument (a serialization "must not
	// contain more than one"), with a rootElement and an element list.
	RuleDocument = "document"
	// RuleDataLicense: the SpdxDocument's dataLicense, when it has one, names
	// the CC0-1.0 license. The property is optional (Core/SpdxDocument
	// dataLicense has minCount 0 in the 3.0.1 model, and the official schema
	// does not require it): SPDX data is CC0-1.0 whether it says so or not.
	RuleDataLicense = "data-license"
	// RuleName: every software_Package and software_File has a name
	// (their "External properties restrictions": name minCount 1).
	RuleName = "name"
)

// Check reports every place the SPDX 3.0.1 JSON-LD document in data breaks a
// rule above, in graph order. A document that passes the official JSON schema
// and Check has the shape and the references the model requires of the
// elements FromSPDX2 writes; Check does not repeat the schema's own checks
// (required members, enumerations, patterns), so run both.
func Check(data []byte) []Issue {
	k := &checker{byID: map[string]*node{}, imported: map[string]bool{}}
	k.run(data)
	return k.issues
}

type node struct {
	m    map[string]any
	typ  string
	id   string
	path string
}

type checker struct {
	issues   []Issue
	nodes    []*node
	byID     map[string]*node
	imported map[string]bool
}

func (k *checker) add(rule, path, id, format string, args ...any) {
	k.issues = append(k.issues, Issue{Rule: rule, Path: path, ID: id, What: fmt.Sprintf(format, args...)})
}

func (k *checker) run(data []byte) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		k.add(RuleStructure, "", "", "not a JSON object: %v", err)
		return
	}
	if ctx, _ := top["@context"].(string); ctx != Context {
		k.add(RuleStructure, "/@context", "", "@context is %v, want %q", top["@context"], Context)
	}
	graph, ok := top["@graph"].([]any)
	if !ok {
		k.add(RuleStructure, "/@graph", "", "@graph is not an array")
		return
	}
	for i, x := range graph {
		k.index(fmt.Sprintf("/@graph/%d", i), x)
	}
	var docs []*node
	for _, n := range k.nodes {
		if n.typ == "SpdxDocument" {
			docs = append(docs, n)
			for _, x := range array(n.m["import"]) {
				if m, ok := x.(map[string]any); ok {
					if id, ok := m["externalSpdxId"].(string); ok {
						k.imported[id] = true
					}
				}
			}
		}
	}
	if len(docs) != 1 {
		k.add(RuleDocument, "/@graph", "", "%d SpdxDocument elements; a serialization has exactly one", len(docs))
	}
	for _, n := range k.nodes {
		k.node(n)
	}
}

// index records a graph object under its identifier.
func (k *checker) index(path string, x any) {
	m, ok := x.(map[string]any)
	if !ok {
		k.add(RuleStructure, path, "", "an @graph item is not an object")
		return
	}
	n := &node{m: m, path: path}
	n.typ, _ = m["type"].(string)
	if n.typ == "" {
		k.add(RuleStructure, path+"/type", "", "the object has no type")
	}
	k.nodes = append(k.nodes, n)
	key := "@id"
	if elementTypes[n.typ] {
		key = "spdxId"
	}
	v, present := m[key]
	if !present {
		return // the schema requires spdxId on Elements
	}
	id, _ := v.(string)
	n.id = id
	switch {
	case elementTypes[n.typ] && !isIRI(id):
		k.add(RuleIRI, path+"/"+key, id, "an Element's spdxId must be an absolute IRI, not %q", id)
		return
	case !elementTypes[n.typ] && !isIRI(id) && !isBlankNode(id):
		k.add(RuleIRI, path+"/"+key, id, "@id must be an IRI or a blank node (\"_:…\"), not %q", id)
		return
	}
	if prev, dup := k.byID[id]; dup {
		k.add(RuleUniqueID, path+"/"+key, id, "%s is also the identifier of %s", id, prev.path)
		return
	}
	k.byID[id] = n
}

func (k *checker) node(n *node) {
	m := n.m
	if elementTypes[n.typ] {
		k.ref(n, "creationInfo", m["creationInfo"], "CreationInfo", RuleClass)
	}
	switch {
	case n.typ == "CreationInfo":
		k.creationInfo(n)
	case n.typ == "SpdxDocument":
		k.document(n)
	case classes["Relationship"][n.typ]:
		k.relationship(n)
	}
	if n.typ == "software_Package" || n.typ == "software_File" {
		if s, _ := m["name"].(string); s == "" {
			k.add(RuleName, n.path+"/name", n.id, "a %s needs a name", n.typ)
		}
	}
	if classes["SoftwareArtifact"][n.typ] {
		k.ref(n, "suppliedBy", m["suppliedBy"], "Agent", RuleClass)
		k.refs(n, "originatedBy", m["originatedBy"], "Agent", RuleClass)
	}
	for j, v := range array(m["verifiedUsing"]) {
		k.integrity(fmt.Sprintf("%s/verifiedUsing/%d", n.path, j), n.id, v)
	}
}

func (k *checker) creationInfo(n *node) {
	m := n.m
	if v, _ := m["specVersion"].(string); v != SpecVersion {
		k.add(RuleSpecVersion, n.path+"/specVersion", n.id, "specVersion is %v, want %q", m["specVersion"], SpecVersion)
	}
	if s, _ := m["created"].(string); !createdRe().MatchString(s) || !validTime(s) {
		k.add(RuleCreated, n.path+"/created", n.id, "created %v is not a UTC time YYYY-MM-DDThh:mm:ssZ", m["created"])
	}
	by := array(m["createdBy"])
	if len(by) == 0 {
		k.add(RuleCreatedBy, n.path+"/createdBy", n.id, "createdBy names no Agent; SPDX 3 requires at least one")
	}
	for j, v := range by {
		k.refAt(n, fmt.Sprintf("%s/createdBy/%d", n.path, j), v, "Agent", RuleCreatedBy)
	}
	k.refs(n, "createdUsing", m["createdUsing"], "Tool", RuleClass)
}

func (k *checker) document(n *node) {
	m := n.m
	for _, p := range []string{"rootElement", "element"} {
		if len(array(m[p])) == 0 {
			k.add(RuleDocument, n.path+"/"+p, n.id, "the SpdxDocument has no %s", p)
		}
		k.refs(n, p, m[p], "Element", RuleClass)
	}
	v, present := m["dataLicense"]
	if !present {
		return // optional in 3.0.1: an absent dataLicense is no finding
	}
	if !k.ref(n, "dataLicense", v, "AnyLicenseInfo", RuleDataLicense) {
		return
	}
	id, _ := v.(string)
	target := k.byID[id]
	cc0 := target != nil && (target.typ == "simplelicensing_LicenseExpression" && target.m["simplelicensing_licenseExpression"] == "CC0-1.0" ||
		target.typ == "expandedlicensing_ListedLicense" && id == "https://spdx.org/licenses/CC0-1.0")
	if !cc0 {
		k.add(RuleDataLicense, n.path+"/dataLicense", n.id, "dataLicense %v is not the CC0-1.0 license", v)
	}
}

func (k *checker) relationship(n *node) {
	m := n.m
	from, present := m["from"]
	if _, one := from.(string); !one {
		if present {
			k.add(RuleRelationship, n.path+"/from", n.id, "from must name exactly one element")
		} // else the schema reports the missing member
	} else {
		k.ref(n, "from", from, "Element", RuleClass)
	}
	to, isArray := m["to"].([]any)
	if !isArray || len(to) == 0 {
		k.add(RuleRelationship, n.path+"/to", n.id, "to must name at least one element")
	}
	typ, _ := m["relationshipType"].(string)
	if !relationshipTypes[typ] {
		k.add(RuleRelationshipType, n.path+"/relationshipType", n.id, "relationshipType %v is not in the RelationshipType vocabulary", m["relationshipType"])
	}
	want := "Element"
	if typ == "hasConcludedLicense" || typ == "hasDeclaredLicense" {
		want = "AnyLicenseInfo"
		if s, ok := from.(string); ok {
			if cls, ok := k.classOf(s); ok && cls != "" && !classes["SoftwareArtifact"][cls] {
				k.add(RuleClass, n.path+"/from", n.id, "%s starts at %s; only a software artifact has licenses", typ, article(cls))
			}
		}
	}
	none := false
	for j, v := range to {
		k.refAt(n, fmt.Sprintf("%s/to/%d", n.path, j), v, want, RuleClass)
		if s, _ := v.(string); isNoneElement(s) {
			none = true
		}
	}
	if none && len(to) > 1 {
		k.add(RuleRelationship, n.path+"/to", n.id, "NoneElement must be the only element in to")
	}
}

// integrity checks a Hash or PackageVerificationCode.
func (k *checker) integrity(path, id string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return // a reference to an IntegrityMethod defined elsewhere
	}
	typ, _ := m["type"].(string)
	if typ != "Hash" && typ != "PackageVerificationCode" {
		return
	}
	alg, _ := m["algorithm"].(string)
	val, _ := m["hashValue"].(string)
	if !hashAlgorithms[alg] {
		k.add(RuleHash, path+"/algorithm", id, "algorithm %v is not in the HashAlgorithm vocabulary", m["algorithm"])
		return
	}
	if _, fixed := hashHexLen[alg]; fixed && !hashOK(alg, val) {
		k.add(RuleHash, path+"/hashValue", id, "%s value %q is not %s", alg, val, hashForm(alg))
	}
}

func (k *checker) refs(n *node, prop string, v any, want, rule string) {
	for j, x := range array(v) {
		k.refAt(n, fmt.Sprintf("%s/%s/%d", n.path, prop, j), x, want, rule)
	}
}

func (k *checker) ref(n *node, prop string, v any, want, rule string) bool {
	if v == nil {
		return false
	}
	return k.refAt(n, n.path+"/"+prop, v, want, rule)
}

// refAt checks that v names an object of class want; a mismatch is reported
// under rule, a reference that names nothing under RuleReference.
func (k *checker) refAt(n *node, path string, v any, want, rule string) bool {
	if m, ok := v.(map[string]any); ok { // an object written in place
		typ, _ := m["type"].(string)
		if !classes[want][typ] {
			k.add(rule, path, n.id, "%s written in place where %s belongs", article(typ), article(want))
			return false
		}
		return true
	}
	s, ok := v.(string)
	if !ok {
		k.add(RuleReference, path, n.id, "a reference must be a string, not %v", v)
		return false
	}
	cls, found := k.classOf(s)
	if !found {
		k.add(RuleReference, path, n.id, "%s names nothing in the graph, no SPDX individual and no import", s)
		return false
	}
	if cls != "" && !classes[want][cls] {
		k.add(rule, path, n.id, "%s is %s where %s belongs", s, article(cls), article(want))
		return false
	}
	return true
}

// classOf returns the type of what ref names: a graph object, an individual,
// or an import (class unknown, "").
func (k *checker) classOf(ref string) (string, bool) {
	if n, ok := k.byID[ref]; ok {
		return n.typ, true
	}
	if cls, ok := individuals[ref]; ok {
		return cls, true
	}
	return "", k.imported[ref]
}

func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

func array(v any) []any {
	a, _ := v.([]any)
	return a
}

var (
	iriRe   = lazyRegexp(`^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|\\^` + "`" + `\x7f]+$`)
	blankRe = lazyRegexp(`^_:[^\x00-\x20]+$`)
	hexRe   = lazyRegexp(`^[0-9a-fA-F]+$`)
)

// isIRI reports whether s is an absolute IRI (RFC 3987: a scheme, then no
// spaces, controls or the characters IRIs exclude), and not a blank node.
func isIRI(s string) bool { return !strings.HasPrefix(s, "_:") && iriRe().MatchString(s) }

func isBlankNode(s string) bool { return blankRe().MatchString(s) }

func validTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// hashOK reports whether value is a hex digest of algorithm's length.
func hashOK(algorithm, value string) bool {
	n, fixed := hashHexLen[algorithm]
	if !hexRe().MatchString(value) {
		return false
	}
	if fixed && n > 0 {
		return len(value) == n
	}
	return len(value)%2 == 0
}

func hashForm(algorithm string) string {
	if n := hashHexLen[algorithm]; n > 0 {
		return fmt.Sprintf("%d hex digits", n)
	}
	return "an even number of hex digits"
}
