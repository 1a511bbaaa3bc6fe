package spdx3

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// maxReadDepth bounds the nesting of the JSON ToSPDX2 accepts. SPDX 3 graphs
// are flat (an @graph of objects holding a few arrays of small objects); a
// deeper value is hostile or broken, and encoding/json would recurse into it.
const maxReadDepth = 64

// ToSPDX2 reads SPDX 3.0.1 JSON-LD (the compact form with the 3.0.1 context,
// as FromSPDX2 and other tools write it) into the SPDX 2.3 model. A graph
// that FromSPDX2 wrote gives back its document: the same SPDX IDs (element
// IRIs are <namespace>#<SPDXID>), packages, files, licenses, checksums,
// external references and relationships; what FromSPDX2 reported as lost
// stays lost. Any other graph gets SPDX IDs made from its element IRIs.
//
// The losses are every object and member of the input the document does not
// carry, by JSON pointer into the SPDX 3 document (/@graph/12/software_
// additionalPurpose). An error means there is no document to read: not JSON,
// not the 3.0.1 context, no @graph, or not exactly one SpdxDocument. The
// input is untrusted: nothing in it makes ToSPDX2 panic.
func ToSPDX2(data []byte) (*spdx.Document, []Loss, error) {
	if err := checkDepth(data); err != nil {
		return nil, nil, err
	}
	// A repeated member or bad text would be read as its last value or
	// U+FFFD without a word: refuse it, naming every place.
	if err := jsonscan.Check(data); err != nil {
		return nil, nil, fmt.Errorf("spdx3: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, nil, fmt.Errorf("spdx3: not JSON: %w", err)
	}
	// Not dec.More: it is false before a stray ']' or '}', and a document
	// with "]} garbage" appended is not the document it looks like.
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("spdx3: data after the top-level JSON value at byte %d (more than one JSON value, or a stray bracket): remove it", dec.InputOffset())
	}
	top, ok := v.(map[string]any)
	if !ok {
		return nil, nil, errors.New("spdx3: the top-level JSON value is not an object")
	}
	if ctx, _ := top["@context"].(string); ctx != Context {
		return nil, nil, fmt.Errorf("spdx3: /@context is %s, want %q: ToSPDX2 reads SPDX 3.0.1 JSON-LD in its compact form", describe(top["@context"]), Context)
	}
	graph, ok := top["@graph"].([]any)
	if !ok {
		return nil, nil, errors.New("spdx3: /@graph is missing or not an array")
	}
	r := &reader{byID: map[string]*jobj{}, ids: map[string]string{}, taken: map[string]bool{}, extNS: map[string]string{},
		licenses: map[string]string{}, actors: map[string]string{}, consumed: map[*jobj]bool{}}
	for k := range top {
		if k != "@context" && k != "@graph" {
			r.lose("/"+pointerEscape(k), "", "member %q is not carried: it has no SPDX 2.3 equivalent", k)
		}
	}
	for i, x := range graph {
		r.index(fmt.Sprintf("/@graph/%d", i), x)
	}
	doc, err := r.read()
	if err != nil {
		return nil, nil, err
	}
	return doc, r.losses, nil
}

// checkDepth refuses JSON nested deeper than maxReadDepth without decoding it.
func checkDepth(data []byte) error {
	depth, inString, escaped := 0, false, false
	for _, b := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			if depth++; depth > maxReadDepth {
				return fmt.Errorf("spdx3: JSON nests deeper than %d levels", maxReadDepth)
			}
		case b == '}' || b == ']':
			depth--
		}
	}
	return nil
}

func describe(v any) string {
	if v == nil {
		return "missing"
	}
	b, err := json.Marshal(v)
	if err != nil || len(b) > 80 {
		return fmt.Sprintf("a %T", v)
	}
	return string(b)
}

// jobj is one JSON object of the input and which of its members were read.
type jobj struct {
	m    map[string]any
	path string
	typ  string
	id   string
	used map[string]bool
}

func newObj(path string, m map[string]any) *jobj {
	o := &jobj{m: m, path: path, used: map[string]bool{}}
	o.typ, _ = m["type"].(string)
	o.used["type"] = true
	return o
}

func (o *jobj) at(k string) string { return o.path + "/" + pointerEscape(k) }

// str returns member k when it is a string, and marks it read; a member of
// another type stays unread and so is reported.
func (o *jobj) str(k string) string {
	s, ok := o.m[k].(string)
	if ok {
		o.used[k] = true
	}
	return s
}

// list returns member k as an array (a single value is a list of one, as
// JSON-LD allows) and marks it read.
func (o *jobj) list(k string) []any {
	v, ok := o.m[k]
	if !ok {
		return nil
	}
	o.used[k] = true
	if a, ok := v.([]any); ok {
		return a
	}
	return []any{v}
}

type reader struct {
	losses   []Loss
	objs     []*jobj
	byID     map[string]*jobj
	consumed map[*jobj]bool

	ns      string // the document namespace, without '#'
	docIRI  string
	docID   string
	ids     map[string]string // element IRI -> SPDX 2.3 ID
	taken   map[string]bool   // SPDX 2.3 IDs given out
	idgen   spdx.IDs
	extNS   map[string]string // "<namespace>#" of an external document -> DocumentRef-x
	actors  map[string]string // agent IRI -> SPDX 2.3 actor string
	listVer string

	licenses     map[string]string // license element IRI -> SPDX 2.3 expression
	extracted    []any
	extractedIDs map[string]bool

	// distFiles are the Files FromSPDX2 made of packageFileName, by IRI.
	distFiles map[string]bool
}

func (r *reader) lose(path, id, format string, args ...any) {
	r.losses = append(r.losses, Loss{Path: path, ID: id, What: fmt.Sprintf(format, args...)})
}

// rest reports the members of o nothing read.
func (r *reader) rest(o *jobj) {
	var keys []string
	for k := range o.m {
		if !o.used[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.lose(o.at(k), o.id, "member %q of the %s is not carried: it has no SPDX 2.3 equivalent here, or its value is not of the SPDX 3.0.1 type", k, o.typ)
	}
}

func (r *reader) index(path string, x any) {
	m, ok := x.(map[string]any)
	if !ok {
		r.lose(path, "", "an @graph item that is not an object is not carried")
		return
	}
	o := newObj(path, m)
	key := "@id"
	if elementTypes[o.typ] {
		key = "spdxId"
	}
	o.id = o.str(key)
	r.objs = append(r.objs, o)
	if o.id == "" {
		return
	}
	if prev, dup := r.byID[o.id]; dup {
		r.lose(path, o.id, "the identifier is also that of %s; this object is not carried", prev.path)
		r.consumed[o] = true
		return
	}
	r.byID[o.id] = o
}

// localID is the part of an element IRI after <namespace>#, when that is a
// valid SPDX 2.3 ID.
func (r *reader) localID(iri string) (string, bool) {
	local, ok := strings.CutPrefix(iri, r.ns+"#")
	if !ok || !idRe().MatchString(local) {
		return "", false
	}
	return local, true
}

func (r *reader) read() (*spdx.Document, error) {
	var docs []*jobj
	for _, o := range r.objs {
		if o.typ == "SpdxDocument" && !r.consumed[o] {
			docs = append(docs, o)
		}
	}
	if len(docs) != 1 {
		return nil, fmt.Errorf("spdx3: /@graph has %d SpdxDocument elements, want exactly one", len(docs))
	}
	sd := docs[0]
	r.consumed[sd] = true
	if sd.id == "" {
		return nil, fmt.Errorf("spdx3: %s: the SpdxDocument has no spdxId", sd.path)
	}
	r.docIRI = sd.id
	r.ns, r.docID = sd.id, "SPDXRef-DOCUMENT"
	if ns, local, ok := strings.Cut(sd.id, "#"); ok {
		r.ns = ns
		if idRe().MatchString(local) {
			r.docID = local
		}
	}
	r.ids[r.docIRI] = r.docID
	r.taken[r.docID] = true
	r.idgen.Reserve(r.docID, "\x00document")

	doc := &spdx.Document{
		SPDXVersion:       "SPDX-2.3",
		DataLicense:       "CC0-1.0",
		SPDXID:            r.docID,
		Name:              sd.str("name"),
		DocumentNamespace: r.ns,
	}
	if c := sd.str("comment"); c != "" {
		doc.Extra = map[string]any{"comment": c}
	}
	if err := r.creationInfo(doc, sd); err != nil {
		return nil, err
	}
	r.externalDocuments(doc, sd)
	r.findDistFiles()
	r.assignIDs()
	r.licenseElements()
	if v, ok := sd.m["dataLicense"]; ok {
		sd.used["dataLicense"] = true
		if s, _ := v.(string); r.licenses[s] != "CC0-1.0" {
			r.lose(sd.at("dataLicense"), sd.id, "dataLicense %s is not CC0-1.0, the only data license SPDX 2.3 has; written as CC0-1.0", describe(v))
		}
	}
	sd.list("element")
	sd.list("profileConformance")
	roots := sd.list("rootElement")

	pkgIndex := map[string]int{}
	fileIndex := map[string]int{}
	for _, o := range r.objs {
		if r.consumed[o] {
			continue
		}
		switch {
		case isPackageType(o.typ):
			pkgIndex[o.id] = len(doc.Packages)
			doc.Packages = append(doc.Packages, r.pkg(o))
			r.consumed[o] = true
		case o.typ == "software_File" && !r.distFiles[o.id]:
			fileIndex[o.id] = len(doc.Files)
			doc.Files = append(doc.Files, r.file(o))
			r.consumed[o] = true
		}
	}
	if r.listVer != "" {
		doc.CreationInfo.LicenseListVersion = r.listVer
	}
	described := r.relationships(doc, pkgIndex, fileIndex)
	if !described {
		// A graph that names its roots only in rootElement (FromSPDX2 does
		// for a fragment, other tools always) says with them what SPDX 2.3
		// says with DESCRIBES.
		for j, x := range roots {
			s, _ := x.(string)
			id, ok := r.ref(s)
			if !ok || id == "NONE" || id == "NOASSERTION" || id == r.docID {
				r.lose(fmt.Sprintf("%s/%d", sd.at("rootElement"), j), sd.id, "root element %s is not an element carried from this document", describe(x))
				continue
			}
			doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: r.docID, RelationshipType: "DESCRIBES", RelatedSPDXElement: id})
		}
	}
	if len(r.extracted) > 0 {
		if doc.Extra == nil {
			doc.Extra = map[string]any{}
		}
		doc.Extra["hasExtractedLicensingInfos"] = r.extracted
	}
	for _, o := range r.objs {
		if !r.consumed[o] {
			r.lose(o.path, o.id, "%s", unreadWhy(o.typ))
			continue
		}
		r.rest(o)
	}
	return doc, nil
}

func isPackageType(t string) bool {
	return t == "software_Package" || t == "ai_AIPackage" || t == "dataset_DatasetPackage"
}

func unreadWhy(typ string) string {
	switch {
	case typ == "Annotation":
		return "the Annotation is not carried (SPDX 2.3 annotations are not written from SPDX 3)"
	case typ == "software_Snippet":
		return "the software_Snippet is not carried (SPDX 2.3 snippets are not written from SPDX 3)"
	case strings.HasPrefix(typ, "security_"):
		return "the " + typ + " is not carried: vulnerabilities and VEX have no SPDX 2.3 equivalent (keep them as VEX)"
	case typ == "software_Sbom" || typ == "Bom" || typ == "Bundle":
		return "the " + typ + " is not carried: SPDX 2.3 has one document and no other collections (their elements are carried)"
	case classes["Agent"][typ] || typ == "Tool":
		return "the " + typ + " is not carried: nothing SPDX 2.3 keeps refers to it"
	case typ == "CreationInfo":
		return "the CreationInfo is not carried: SPDX 2.3 has one, the document's"
	case typ == "":
		return "an object without a type is not carried"
	}
	return "the " + typ + " is not carried: it has no SPDX 2.3 equivalent here"
}

// creationInfo reads the SpdxDocument's CreationInfo: created, the creators
// (createdBy agents and createdUsing tools, in that order; the SoftwareAgent
// FromSPDX2 adds for a document made by tools alone is its tool) and comment.
func (r *reader) creationInfo(doc *spdx.Document, sd *jobj) error {
	var ci *jobj
	switch v := sd.m["creationInfo"].(type) {
	case string:
		ci = r.byID[v]
		if ci != nil && ci.typ != "CreationInfo" {
			ci = nil
		}
	case map[string]any:
		ci = newObj(sd.at("creationInfo"), v)
		r.objs = append(r.objs, ci)
	}
	if ci == nil {
		return fmt.Errorf("spdx3: %s: the SpdxDocument's creationInfo names no CreationInfo", sd.at("creationInfo"))
	}
	sd.used["creationInfo"] = true
	r.consumed[ci] = true
	info := &spdx.CreationInfo{Created: ci.str("created"), Comment: ci.str("comment")}
	ci.str("specVersion")
	var tools []string
	for j, x := range ci.list("createdUsing") {
		s, _ := x.(string)
		a, ok := r.actor(s, true)
		if !ok {
			r.lose(fmt.Sprintf("%s/%d", ci.at("createdUsing"), j), "", "createdUsing %s is not a Tool in the graph", describe(x))
			continue
		}
		tools = append(tools, a)
	}
	for j, x := range ci.list("createdBy") {
		s, _ := x.(string)
		a, ok := r.actor(s, false)
		if !ok {
			r.lose(fmt.Sprintf("%s/%d", ci.at("createdBy"), j), "", "createdBy %s is not a Person, Organization or SoftwareAgent in the graph", describe(x))
			continue
		}
		if strings.HasPrefix(a, "Tool: ") && slices.Contains(tools, a) {
			continue // FromSPDX2's SoftwareAgent for the tool
		}
		info.Creators = append(info.Creators, a)
	}
	info.Creators = append(info.Creators, tools...)
	doc.CreationInfo = info
	// Every element names a CreationInfo, or has one written in place; the
	// document's is the one kept.
	for _, o := range r.objs {
		if elementTypes[o.typ] {
			if m, ok := o.m["creationInfo"].(map[string]any); ok && m["type"] == "CreationInfo" {
				o.used["creationInfo"] = true
				continue
			}
			if s, ok := o.m["creationInfo"].(string); ok && r.byID[s] != nil && r.byID[s].typ == "CreationInfo" {
				o.used["creationInfo"] = true
				if other := r.byID[s]; other != ci && !r.consumed[other] {
					r.consumed[other] = true
					r.lose(other.path, other.id, "a second CreationInfo is not carried: SPDX 2.3 has one, the document's")
				}
			}
		}
	}
	return nil
}

// actor returns the SPDX 2.3 actor string ("Person: name (email)",
// "Organization: name", "Tool: name") of the agent or tool iri names.
func (r *reader) actor(iri string, tool bool) (string, bool) {
	if s, ok := r.actors[iri]; ok {
		return s, true
	}
	if iri == SpdxOrganization || iri == termsBase+"Core/SpdxOrganization" {
		return "Organization: SPDX", true
	}
	o := r.byID[iri]
	if o == nil {
		return "", false
	}
	var kind string
	switch {
	case tool && o.typ == "Tool", !tool && o.typ == "SoftwareAgent":
		kind = "Tool"
	case !tool && (o.typ == "Person" || o.typ == "Organization"):
		kind = o.typ
	default:
		return "", false
	}
	name := o.str("name")
	if name == "" {
		return "", false
	}
	r.consumed[o] = true
	s := kind + ": " + name
	if kind != "Tool" {
		var kept []any
		for _, x := range o.list("externalIdentifier") {
			m, _ := x.(map[string]any)
			if m["externalIdentifierType"] == "email" && len(m) <= 3 {
				if e, _ := m["identifier"].(string); e != "" && !strings.Contains(s, "(") {
					s += " (" + e + ")"
					continue
				}
			}
			kept = append(kept, x)
		}
		for j := range kept {
			r.lose(fmt.Sprintf("%s/%d", o.at("externalIdentifier"), j), o.id, "an agent's external identifier other than one email is not carried")
		}
	}
	r.actors[iri] = s
	return s, true
}

// externalDocuments turns namespaceMap entries whose document is imported
// with a checksum into externalDocumentRefs; references into those
// namespaces become DocumentRef-x:SPDXRef-y.
func (r *reader) externalDocuments(doc *spdx.Document, sd *jobj) {
	sums := map[string]spdx.Checksum{}
	for j, x := range sd.list("import") {
		m, _ := x.(map[string]any)
		id, _ := m["externalSpdxId"].(string)
		if id == "" {
			r.lose(fmt.Sprintf("%s/%d", sd.at("import"), j), sd.id, "an import without externalSpdxId is not carried")
			continue
		}
		if vs, _ := m["verifiedUsing"].([]any); len(vs) == 1 {
			h, _ := vs[0].(map[string]any)
			alg, _ := h["algorithm"].(string)
			val, _ := h["hashValue"].(string)
			if a, ok := reverseAlgorithm(alg); ok && h["type"] == "Hash" {
				sums[id] = spdx.Checksum{Algorithm: a, ChecksumValue: val}
			}
		}
	}
	var refs []any
	for j, x := range sd.list("namespaceMap") {
		m, _ := x.(map[string]any)
		prefix, _ := m["prefix"].(string)
		ns, _ := m["namespace"].(string)
		path := fmt.Sprintf("%s/%d", sd.at("namespaceMap"), j)
		base, hasHash := strings.CutSuffix(ns, "#")
		sum, ok := sums[ns+"SPDXRef-DOCUMENT"]
		switch {
		case !docRefRe().MatchString(prefix) || !hasHash:
			r.lose(path, sd.id, "namespace map %s is not carried: SPDX 2.3 external documents are DocumentRef-x for <namespace>#", describe(x))
			continue
		case !ok:
			r.lose(path, sd.id, "external document %s is not carried: SPDX 2.3 needs its checksum, and no import of %sSPDXRef-DOCUMENT has one", prefix, ns)
			continue
		}
		r.extNS[ns] = prefix
		refs = append(refs, map[string]any{"externalDocumentId": prefix, "spdxDocument": base,
			"checksum": map[string]any{"algorithm": sum.Algorithm, "checksumValue": sum.ChecksumValue}})
	}
	if len(refs) > 0 {
		if doc.Extra == nil {
			doc.Extra = map[string]any{}
		}
		doc.Extra["externalDocumentRefs"] = refs
	}
}

// findDistFiles finds the Files FromSPDX2 made of a package's
// packageFileName: <namespace>#packageFileName-<package ID>, the target of
// that package's hasDistributionArtifact.
func (r *reader) findDistFiles() {
	r.distFiles = map[string]bool{}
	for _, o := range r.objs {
		if o.typ != "Relationship" || o.m["relationshipType"] != "hasDistributionArtifact" {
			continue
		}
		from, _ := o.m["from"].(string)
		to, _ := o.m["to"].([]any)
		local, ok := r.localID(from)
		if !ok || len(to) != 1 {
			continue
		}
		if s, _ := to[0].(string); s == r.ns+"#packageFileName-"+local {
			if f := r.byID[s]; f != nil && f.typ == "software_File" {
				r.distFiles[s] = true
			}
		}
	}
}

// assignIDs gives every package and file an SPDX 2.3 ID: the part of its
// IRI after <namespace># when that is one, else one made from the IRI.
func (r *reader) assignIDs() {
	var rest []*jobj
	for _, o := range r.objs {
		if r.consumed[o] || o.id == "" || !(isPackageType(o.typ) || o.typ == "software_File") || r.distFiles[o.id] {
			continue
		}
		if local, ok := r.localID(o.id); ok && !r.taken[local] {
			r.ids[o.id] = local
			r.taken[local] = true
			r.idgen.Reserve(local, o.id)
			continue
		}
		rest = append(rest, o)
	}
	for _, o := range rest {
		prefix := "SPDXRef-PACKAGE-"
		if o.typ == "software_File" {
			prefix = "SPDXRef-FILE-"
		}
		value := o.id
		if i := strings.LastIndexAny(value, "#/"); i >= 0 && i+1 < len(value) {
			value = value[i+1:]
		}
		id := r.idgen.For(prefix, value)
		for i := 2; r.taken[id]; i++ {
			id = r.idgen.For(prefix, fmt.Sprintf("%s-%d", value, i))
		}
		r.ids[o.id] = id
		r.taken[id] = true
	}
}

// licenseElements reads the license expressions and texts into SPDX 2.3
// expressions and hasExtractedLicensingInfos.
func (r *reader) licenseElements() {
	r.extractedIDs = map[string]bool{}
	textID := map[string]string{} // SimpleLicensingText IRI -> LicenseRef-x
	for _, o := range r.objs {
		if r.consumed[o] {
			continue
		}
		switch o.typ {
		case "simplelicensing_LicenseExpression":
			expr := strings.TrimSpace(o.str("simplelicensing_licenseExpression"))
			if expr == "" {
				continue // not consumed: reported as not carried
			}
			r.licenses[o.id] = expr
			r.consumed[o] = true
			if v := o.str("simplelicensing_licenseListVersion"); v != "" && r.listVer == "" {
				r.listVer = r.listVersion(o, v)
			}
			for j, x := range o.list("simplelicensing_customIdToUri") {
				m, _ := x.(map[string]any)
				k, _ := m["key"].(string)
				val, _ := m["value"].(string)
				if t := r.byID[val]; t != nil && t.typ == "simplelicensing_SimpleLicensingText" && licenseID().MatchString(k) {
					if _, seen := textID[val]; !seen {
						textID[val] = k
					}
					continue
				}
				if doc, _, ext := strings.Cut(k, ":"); ext && docRefRe().MatchString(doc) {
					continue // a license of an external document: the expression names it
				}
				r.lose(fmt.Sprintf("%s/%d", o.at("simplelicensing_customIdToUri"), j), o.id, "the custom license %s names no license text in the graph", describe(k))
			}
		case "expandedlicensing_ListedLicense":
			if id, ok := strings.CutPrefix(o.id, "https://spdx.org/licenses/"); ok && id != "" {
				r.licenses[o.id] = id
				r.consumed[o] = true
				o.str("name")
			}
		}
	}
	for iri, expr := range map[string]string{NoAssertionLicense: "NOASSERTION", NoneLicense: "NONE",
		termsBase + "ExpandedLicensing/NoAssertionLicense": "NOASSERTION", termsBase + "ExpandedLicensing/NoneLicense": "NONE"} {
		r.licenses[iri] = expr
	}
	for _, o := range r.objs {
		if r.consumed[o] || o.typ != "simplelicensing_SimpleLicensingText" {
			continue
		}
		id := textID[o.id]
		if id == "" {
			if local, ok := strings.CutPrefix(o.id, r.ns+"#"); ok && licenseID().MatchString(local) {
				id = local
			}
		}
		text := o.str("simplelicensing_licenseText")
		if id == "" || text == "" || r.extractedIDs[id] {
			continue // not consumed: reported
		}
		r.consumed[o] = true
		r.extractedIDs[id] = true
		e := map[string]any{"licenseId": id, "extractedText": text}
		if s := o.str("name"); s != "" {
			e["name"] = s
		}
		if s := o.str("comment"); s != "" {
			e["comment"] = s
		}
		var see []any
		for j, x := range o.list("externalRef") {
			m, _ := x.(map[string]any)
			loc, _ := m["locator"].([]any)
			if m["externalRefType"] != "license" || len(loc) == 0 {
				r.lose(fmt.Sprintf("%s/%d", o.at("externalRef"), j), o.id, "an external reference of a license text other than \"license\" is not carried")
				continue
			}
			for _, l := range loc {
				if s, ok := l.(string); ok && s != "" {
					see = append(see, s)
				}
			}
		}
		if len(see) > 0 {
			e["seeAlsos"] = see
		}
		r.extracted = append(r.extracted, e)
	}
}

// listVersion turns a license list version (3.22.0) into SPDX 2.3's
// MAJOR.MINOR.
func (r *reader) listVersion(o *jobj, v string) string {
	m := semverRe().FindStringSubmatch(v)
	if m == nil {
		r.lose(o.at("simplelicensing_licenseListVersion"), o.id, "licenseListVersion %q is not a semantic version", v)
		return ""
	}
	parts := strings.SplitN(v, ".", 3)
	if parts[2] != "0" {
		r.lose(o.at("simplelicensing_licenseListVersion"), o.id, "licenseListVersion %s is written as %s.%s: SPDX 2.3 has MAJOR.MINOR", v, parts[0], parts[1])
	}
	return parts[0] + "." + parts[1]
}

// pkg reads a software_Package.
func (r *reader) pkg(o *jobj) spdx.Package {
	id := r.ids[o.id]
	p := spdx.Package{
		SPDXID:           id,
		Name:             o.str("name"),
		VersionInfo:      o.str("software_packageVersion"),
		Summary:          o.str("summary"),
		Description:      o.str("description"),
		Comment:          o.str("comment"),
		SourceInfo:       o.str("software_sourceInfo"),
		CopyrightText:    o.str("software_copyrightText"),
		DownloadLocation: o.str("software_downloadLocation"),
		Homepage:         o.str("software_homePage"),
		ReleaseDate:      o.str("releaseTime"),
		BuiltDate:        o.str("builtTime"),
		ValidUntilDate:   o.str("validUntilTime"),
	}
	if p.DownloadLocation == "" {
		p.DownloadLocation = "NOASSERTION" // SPDX 2.3.1 clause 4.3: absent is NOASSERTION
	}
	p.AttributionTexts = r.strings(o, "software_attributionText")
	if v, ok := o.m["suppliedBy"].(string); ok {
		if a, ok := r.actor(v, false); ok && !strings.HasPrefix(a, "Tool: ") {
			p.Supplier = a
			o.used["suppliedBy"] = true
		}
	}
	for j, x := range o.list("originatedBy") {
		s, _ := x.(string)
		a, ok := r.actor(s, false)
		switch {
		case !ok || strings.HasPrefix(a, "Tool: "):
			r.lose(fmt.Sprintf("%s/%d", o.at("originatedBy"), j), id, "originatedBy %s is not a Person or Organization in the graph", describe(x))
		case p.Originator != "":
			r.lose(fmt.Sprintf("%s/%d", o.at("originatedBy"), j), id, "SPDX 2.3 has one originator; only the first is carried")
		default:
			p.Originator = a
		}
	}
	if s := o.str("software_primaryPurpose"); s != "" {
		if pp, ok := reversePurpose(s); ok {
			p.PrimaryPackagePurpose = pp
		} else {
			delete(o.used, "software_primaryPurpose")
		}
	}
	for j, x := range o.list("verifiedUsing") {
		path := fmt.Sprintf("%s/%d", o.at("verifiedUsing"), j)
		m, _ := x.(map[string]any)
		switch m["type"] {
		case "Hash":
			if c, ok := r.checksum(path, id, m); ok {
				p.Checksums = append(p.Checksums, c)
			}
		case "PackageVerificationCode":
			val, _ := m["hashValue"].(string)
			if m["algorithm"] != "sha1" || p.PackageVerificationCode != nil {
				r.lose(path, id, "a package verification code that is not the one sha1 code SPDX 2.3 has is not carried")
				continue
			}
			vc := &spdx.VerificationCode{Value: val}
			for _, e := range asList(m["packageVerificationCodeExcludedFile"]) {
				if s, ok := e.(string); ok {
					vc.ExcludedFiles = append(vc.ExcludedFiles, s)
				}
			}
			p.PackageVerificationCode = vc
			r.restMap(path, id, m, "type", "algorithm", "hashValue", "packageVerificationCodeExcludedFile")
		default:
			r.lose(path, id, "an integrity method other than a Hash or package verification code is not carried")
		}
	}
	p.ExternalRefs = r.externalIDs(o, id)
	return p
}

func (r *reader) strings(o *jobj, k string) []string {
	var out []string
	for j, x := range o.list(k) {
		s, ok := x.(string)
		if !ok {
			r.lose(fmt.Sprintf("%s/%d", o.at(k), j), o.id, "a %s that is not a string is not carried", k)
			continue
		}
		out = append(out, s)
	}
	return out
}

func asList(v any) []any {
	if v == nil {
		return nil
	}
	if a, ok := v.([]any); ok {
		return a
	}
	return []any{v}
}

// restMap reports the members of a nested object outside used.
func (r *reader) restMap(path, id string, m map[string]any, used ...string) {
	var keys []string
	for k := range m {
		if !slices.Contains(used, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.lose(path+"/"+pointerEscape(k), id, "member %q is not carried: it has no SPDX 2.3 equivalent here", k)
	}
}

func (r *reader) checksum(path, id string, m map[string]any) (spdx.Checksum, bool) {
	alg, _ := m["algorithm"].(string)
	val, _ := m["hashValue"].(string)
	a, ok := reverseAlgorithm(alg)
	if !ok || val == "" {
		r.lose(path, id, "a %s hash is not carried: SPDX 2.3 has no such checksum algorithm", describe(m["algorithm"]))
		return spdx.Checksum{}, false
	}
	r.restMap(path, id, m, "type", "algorithm", "hashValue")
	return spdx.Checksum{Algorithm: a, ChecksumValue: val}, true
}

// externalIDs reads a package's externalIdentifier, software_packageUrl,
// software_contentIdentifier and externalRef into SPDX 2.3 external
// references, the reverse of FromSPDX2's table.
func (r *reader) externalIDs(o *jobj, id string) []spdx.ExternalRef {
	var out []spdx.ExternalRef
	add := func(cat, typ, loc, comment string) {
		out = append(out, spdx.ExternalRef{ReferenceCategory: cat, ReferenceType: typ, ReferenceLocator: loc, Comment: comment})
	}
	var purls []string
	for j, x := range o.list("externalIdentifier") {
		path := fmt.Sprintf("%s/%d", o.at("externalIdentifier"), j)
		m, _ := x.(map[string]any)
		typ, _ := m["externalIdentifierType"].(string)
		v, _ := m["identifier"].(string)
		comment, _ := m["comment"].(string)
		var cat, t string
		switch typ {
		case "packageUrl":
			cat, t = "PACKAGE-MANAGER", "purl"
			purls = append(purls, v)
		case "cpe22":
			cat, t = "SECURITY", "cpe22Type"
		case "cpe23":
			cat, t = "SECURITY", "cpe23Type"
		case "swid":
			cat, t = "SECURITY", "swid"
		}
		if cat == "" || v == "" {
			r.lose(path, id, "external identifier %s is not carried: SPDX 2.3 has no reference of that type", describe(m["externalIdentifierType"]))
			continue
		}
		add(cat, t, v, comment)
		r.restMap(path, id, m, "type", "externalIdentifierType", "identifier", "comment")
	}
	if u := o.str("software_packageUrl"); u != "" && !slices.Contains(purls, u) {
		add("PACKAGE-MANAGER", "purl", u, "")
	}
	for j, x := range o.list("software_contentIdentifier") {
		path := fmt.Sprintf("%s/%d", o.at("software_contentIdentifier"), j)
		m, _ := x.(map[string]any)
		v, _ := m["software_contentIdentifierValue"].(string)
		comment, _ := m["comment"].(string)
		t := map[string]string{"gitoid": "gitoid", "swhid": "swh"}[fmt.Sprint(m["software_contentIdentifierType"])]
		if t == "" || v == "" {
			r.lose(path, id, "content identifier %s is not carried: SPDX 2.3 has gitoid and swh", describe(m["software_contentIdentifierType"]))
			continue
		}
		add("PERSISTENT-ID", t, v, comment)
		r.restMap(path, id, m, "type", "software_contentIdentifierType", "software_contentIdentifierValue", "comment")
	}
	for j, x := range o.list("externalRef") {
		path := fmt.Sprintf("%s/%d", o.at("externalRef"), j)
		m, _ := x.(map[string]any)
		typ, _ := m["externalRefType"].(string)
		comment, _ := m["comment"].(string)
		cat, t := reverseExternalRef(typ)
		if typ == "other" {
			if rest, ok := strings.CutPrefix(comment, otherRefPrefix); ok {
				t, comment, _ = strings.Cut(rest, "\n")
			}
		}
		if cat == "" || t == "" || strings.ContainsAny(t, " \t\n") {
			r.lose(path, id, "external reference %s is not carried: SPDX 2.3 has no such reference type", describe(m["externalRefType"]))
			continue
		}
		locs := asList(m["locator"])
		if len(locs) == 0 {
			r.lose(path, id, "an external reference without a locator is not carried")
			continue
		}
		for k, l := range locs {
			s, _ := l.(string)
			if s == "" || strings.ContainsAny(s, " \t\n") {
				r.lose(fmt.Sprintf("%s/locator/%d", path, k), id, "locator %s is not carried: SPDX 2.3 locators have no spaces", describe(l))
				continue
			}
			add(cat, t, s, comment)
		}
		r.restMap(path, id, m, "type", "externalRefType", "locator", "comment")
	}
	return out
}

// file reads a software_File.
func (r *reader) file(o *jobj) spdx.File {
	id := r.ids[o.id]
	f := spdx.File{
		SPDXID:        id,
		FileName:      o.str("name"),
		Comment:       o.str("comment"),
		CopyrightText: o.str("software_copyrightText"),
	}
	f.AttributionTexts = r.strings(o, "software_attributionText")
	if k := o.str("software_fileKind"); k != "" && k != "file" {
		delete(o.used, "software_fileKind") // a directory: reported
	}
	if s := o.str("software_primaryPurpose"); s != "" {
		if t, ok := reverseFileType(s); ok {
			f.FileTypes = append(f.FileTypes, t)
		} else {
			delete(o.used, "software_primaryPurpose")
		}
	}
	for j, x := range o.list("software_additionalPurpose") {
		s, _ := x.(string)
		if t, ok := reverseFileType(s); ok {
			f.FileTypes = append(f.FileTypes, t)
		} else {
			r.lose(fmt.Sprintf("%s/%d", o.at("software_additionalPurpose"), j), id, "purpose %s has no SPDX 2.3 file type", describe(x))
		}
	}
	if ct := o.str("contentType"); ct != "" {
		t := ""
		for k, v := range fileTypeContent {
			if v == ct {
				t = k
			}
		}
		if t != "" {
			f.FileTypes = append(f.FileTypes, t)
		} else {
			delete(o.used, "contentType")
		}
	}
	for j, x := range o.list("verifiedUsing") {
		path := fmt.Sprintf("%s/%d", o.at("verifiedUsing"), j)
		m, _ := x.(map[string]any)
		if m["type"] != "Hash" {
			r.lose(path, id, "an integrity method other than a Hash is not carried")
			continue
		}
		if c, ok := r.checksum(path, id, m); ok {
			f.Checksums = append(f.Checksums, c)
		}
	}
	return f
}

// ref is the SPDX 2.3 element reference for an IRI: the document, a package
// or file, NONE, NOASSERTION, or DocumentRef-x:ID in an external document.
func (r *reader) ref(iri string) (string, bool) {
	if id, ok := r.ids[iri]; ok {
		return id, true
	}
	switch iri {
	case NoneElement, termsBase + "Core/NoneElement":
		return "NONE", true
	case NoAssertionElement, termsBase + "Core/NoAssertionElement":
		return "NOASSERTION", true
	}
	if i := strings.LastIndexByte(iri, '#'); i >= 0 {
		if doc, ok := r.extNS[iri[:i+1]]; ok && idRe().MatchString(iri[i+1:]) {
			return doc + ":" + iri[i+1:], true
		}
	}
	return "", false
}

// relationships reads the Relationship elements: licenses and the
// distribution file go onto their package or file, the rest become SPDX 2.3
// relationships. It reports whether any describes the document's content.
func (r *reader) relationships(doc *spdx.Document, pkgs, files map[string]int) (described bool) {
	for _, o := range r.objs {
		if r.consumed[o] || (o.typ != "Relationship" && o.typ != "LifecycleScopedRelationship") {
			continue
		}
		r.consumed[o] = true
		from := o.str("from")
		typ := o.str("relationshipType")
		completeness := o.str("completeness")
		scope := o.str("scope")
		comment := o.str("comment")
		to := r.strings(o, "to")
		lose := func(format string, args ...any) {
			r.lose(o.path, o.id, format, args...)
		}
		switch typ {
		case "hasConcludedLicense", "hasDeclaredLicense":
			r.license(doc, o, from, typ, to, comment, pkgs, files)
			continue
		case "hasDistributionArtifact":
			if len(to) == 1 && r.distFiles[to[0]] {
				i, ok := pkgs[from]
				if !ok {
					lose("hasDistributionArtifact from %s is not carried: it is no package carried from this document", describe(from))
					continue
				}
				dist := r.byID[to[0]]
				r.consumed[dist] = true
				p := &doc.Packages[i]
				p.PackageFileName = dist.str("name")
				var sums []spdx.Checksum
				for j, x := range dist.list("verifiedUsing") {
					m, _ := x.(map[string]any)
					if c, ok := r.checksum(fmt.Sprintf("%s/%d", dist.at("verifiedUsing"), j), p.SPDXID, m); ok && m["type"] == "Hash" {
						sums = append(sums, c)
					}
				}
				p.Checksums = append(sums, p.Checksums...)
				continue
			}
		}
		m, ok := reverseRelationship(typ, scope)
		if !ok {
			lose("relationship type %q (scope %q) has no SPDX 2.3 counterpart", typ, scope)
			continue
		}
		if !m.scoped && scope != "" {
			r.lose(o.at("scope"), o.id, "the scope %q is not carried: SPDX 2.3 has no %s of that scope", scope, m.typ)
		}
		a, okA := r.ref(from)
		if !okA || a == "NONE" || a == "NOASSERTION" {
			lose("%s %s is not carried: from %s is not an element carried from this document", typ, describe(to), describe(from))
			continue
		}
		for _, t := range to {
			b, okB := r.ref(t)
			if !okB {
				lose("%s %s %s is not carried: %s is not an element carried from this document", from, typ, t, t)
				continue
			}
			special := b == "NONE" || b == "NOASSERTION"
			if special && m.swap {
				lose("%s %s %s is not carried: as SPDX 2.3 %s it would start at %s", from, typ, t, m.typ, b)
				continue
			}
			want := map[string]string{"NONE": "complete", "NOASSERTION": "noAssertion"}[b]
			if completeness != "" && completeness != want {
				r.lose(o.at("completeness"), o.id, "completeness %q is not carried: SPDX 2.3 says it only with a NONE or NOASSERTION target", completeness)
			}
			rel := spdx.Relationship{SPDXElementID: a, RelationshipType: m.typ, RelatedSPDXElement: b, Comment: comment}
			if m.swap {
				rel.SPDXElementID, rel.RelatedSPDXElement = b, a
			}
			if rel.RelationshipType == "DESCRIBES" && rel.SPDXElementID == r.docID {
				described = true
			}
			doc.Relationships = append(doc.Relationships, rel)
		}
	}
	r.filesAnalyzed(doc)
	return described
}

// filesAnalyzed: SPDX 3 has none (3.0 removed it); a package's files were
// analysed when it contains files or has a verification code of them.
func (r *reader) filesAnalyzed(doc *spdx.Document) {
	isFile := map[string]bool{}
	for _, f := range doc.Files {
		isFile[f.SPDXID] = true
	}
	withFiles := map[string]bool{}
	for _, rel := range doc.Relationships {
		if rel.RelationshipType == "CONTAINS" && isFile[rel.RelatedSPDXElement] {
			withFiles[rel.SPDXElementID] = true
		}
	}
	for i := range doc.Packages {
		p := &doc.Packages[i]
		v := withFiles[p.SPDXID] || p.PackageVerificationCode != nil
		p.FilesAnalyzed = &v
	}
}

// license puts a hasConcludedLicense or hasDeclaredLicense on its package or
// file.
func (r *reader) license(doc *spdx.Document, o *jobj, from, typ string, to []string, comment string, pkgs, files map[string]int) {
	var exprs []string
	for j, t := range to {
		e, ok := r.licenses[t]
		if !ok {
			if id, listed := strings.CutPrefix(t, "https://spdx.org/licenses/"); listed && id != "" {
				e, ok = id, true
			}
		}
		if !ok {
			r.lose(fmt.Sprintf("%s/%d", o.at("to"), j), o.id, "%s %s is not carried: it is no license expression, listed license or individual of the graph", typ, t)
			continue
		}
		exprs = append(exprs, e)
	}
	if len(exprs) == 0 {
		return
	}
	if i, ok := pkgs[from]; ok {
		p := &doc.Packages[i]
		dst := &p.LicenseDeclared
		if typ == "hasConcludedLicense" {
			dst = &p.LicenseConcluded
		}
		if *dst != "" || len(exprs) > 1 {
			r.lose(o.path, o.id, "SPDX 2.3 has one %s per package; %s is not carried", strings.TrimPrefix(typ, "has"), strings.Join(exprs, ", "))
			return
		}
		*dst = exprs[0]
		if comment != "" && typ == "hasConcludedLicense" {
			if p.Extra == nil {
				p.Extra = map[string]any{}
			}
			p.Extra["licenseComments"] = comment
		} else if comment != "" {
			r.lose(o.at("comment"), o.id, "the comment of a declared license is not carried")
		}
		return
	}
	if i, ok := files[from]; ok {
		f := &doc.Files[i]
		if typ == "hasDeclaredLicense" {
			f.LicenseInfoInFiles = append(f.LicenseInfoInFiles, exprs...)
		} else if f.LicenseConcluded != "" || len(exprs) > 1 {
			r.lose(o.path, o.id, "SPDX 2.3 has one concluded license per file; %s is not carried", strings.Join(exprs, ", "))
			return
		} else {
			f.LicenseConcluded = exprs[0]
		}
		if comment != "" {
			if typ == "hasConcludedLicense" {
				if f.Extra == nil {
					f.Extra = map[string]any{}
				}
				f.Extra["licenseComments"] = comment
			} else {
				r.lose(o.at("comment"), o.id, "the comment of a declared license is not carried")
			}
		}
		return
	}
	r.lose(o.path, o.id, "%s from %s is not carried: it is no package or file carried from this document", typ, describe(from))
	return
}

// The reverse of the tables in vocab.go.

func reverseAlgorithm(alg string) (string, bool) {
	for k, v := range checksumAlgorithms {
		if v == alg {
			return k, true
		}
	}
	return "", false
}

func reversePurpose(p string) (string, bool) {
	if p == "operatingSystem" {
		return "OPERATING-SYSTEM", true // SPDX 2.3's spelling; 2.3.1 also has OPERATING_SYSTEM
	}
	for k, v := range purposes {
		if v == p {
			return k, true
		}
	}
	return "", false
}

func reverseFileType(p string) (string, bool) {
	for k, v := range fileTypePurposes {
		if v == p {
			return k, true
		}
	}
	return "", false
}

// reverseExternalRef is the SPDX 2.3 category and type for an ExternalRef:
// FromSPDX2's table backwards, else OTHER and the 3.0.1 name.
func reverseExternalRef(typ string) (category, refType string) {
	for k, t := range externalRefMap {
		if t.kind == "ref" && t.typ == typ {
			return strings.ReplaceAll(k[0], "_", "-"), k[1]
		}
	}
	if externalRefTypes[typ] {
		return "OTHER", typ
	}
	return "", ""
}

type relBack struct {
	typ    string // SPDX 2.3 relationship type
	swap   bool   // the 2.3 element is 3.0.1's to
	scoped bool   // the 2.3 type says the 3.0.1 scope
}

// reverseRelationship is the SPDX 2.3 type for a 3.0.1 relationship type
// and scope: the one relationshipMap maps to it, preferring a type that
// keeps from and to in place (dependsOn is DEPENDS_ON, not DEPENDENCY_OF)
// and, among swapped ones, the first in name order (PATCH_FOR). A scope no
// 2.3 type has falls back to the unscoped type.
func reverseRelationship(typ, scope string) (relBack, bool) {
	if b, ok := relBackTable()[[2]string{typ, scope}]; ok {
		return b, true
	}
	if b, ok := relBackTable()[[2]string{typ, ""}]; ok {
		return b, true
	}
	return relBack{}, false
}

var relBackTable = sync.OnceValue(func() map[[2]string]relBack {
	out := map[[2]string]relBack{}
	for _, k := range slices.Sorted(maps.Keys(relationshipMap)) {
		m := relationshipMap[k]
		key := [2]string{m.typ, m.scope}
		if prev, ok := out[key]; ok && (!prev.swap || m.swap) {
			continue
		}
		out[key] = relBack{typ: k, swap: m.swap, scoped: m.scope != ""}
	}
	return out
})
