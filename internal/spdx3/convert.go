package spdx3

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Loss is a piece of the input that the output does not carry, and why: of
// the SPDX 2.3 document for FromSPDX2, of the SPDX 3 graph for ToSPDX2.
type Loss struct {
	Path string // JSON pointer into the input, e.g. /packages/3/annotations or /@graph/7/software_additionalPurpose
	ID   string // SPDXID of the element the piece belongs to; "" for the document
	What string
}

func (l Loss) String() string {
	if l.ID == "" {
		return l.Path + ": " + l.What
	}
	return l.Path + " (" + l.ID + "): " + l.What
}

// Options fill in what an SPDX 2.3 fragment (a document without creationInfo
// or documentNamespace, such as CPython's Misc/sbom.spdx.json) lacks. A value
// the document has always wins.
type Options struct {
	// Namespace is the IRI prefix for a document without documentNamespace.
	// Empty: https://spdx.org/spdxdocs/sbomkeeper/<SHA-256 of the document's
	// canonical SPDX 2.3 JSON (spdx.Marshal)>.
	Namespace string
	// Created is creationInfo.created for a document without one. Zero:
	// SOURCE_DATE_EPOCH, and without that FromSPDX2 fails.
	Created time.Time
	// Creators, in SPDX 2.3 form ("Organization: Python Software Foundation",
	// "Tool: sbomkeeper-1.0"), for a document without creators.
	Creators []string
	// Getenv reads SOURCE_DATE_EPOCH; nil means os.Getenv.
	Getenv func(string) string
}

const creationInfoID = "_:creationinfo"

var (
	idRe       = lazyRegexp(`^SPDXRef-[A-Za-z0-9.\-]+$`)
	docRefRe   = lazyRegexp(`^DocumentRef-[A-Za-z0-9.\-]+$`)
	createdRe  = lazyRegexp(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	listVerRe  = lazyRegexp(`^(0|[1-9]\d*)\.(0|[1-9]\d*)$`)
	semverRe   = lazyRegexp(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
	licenseRef = lazyRegexp(`(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+`)
	licenseID  = lazyRegexp(`^LicenseRef-[A-Za-z0-9.\-]+$`)
)

// converter holds one conversion's state. Elements are kept in the order they
// are written; maps only index them.
type converter struct {
	doc    *spdx.Document
	opts   Options
	ns     string // namespace + "#"
	docIRI string
	losses []Loss

	agents    []any
	agentList []string
	agentIRI  map[string]string

	ids map[string]string // carried SPDX 2.3 ID -> IRI
	// withFiles are the packages that CONTAIN a file; built at first use.
	withFiles map[string]bool
	skip      map[string]bool // "packages/3", "files/7": not carried
	elems     []any
	order     []string // IRIs of elems

	texts     []any
	textIRIs  []string
	customIDs map[string]string // LicenseRef-x (as written in expressions) -> IRI

	licenses    []any
	licenseIRIs []string
	licenseIRI  map[string]string
	listVersion string

	rels    []relationship
	relSeen map[string]bool

	extDocs    map[string]string // DocumentRef-x -> its namespace
	nsMaps     []namespaceMap
	imports    []externalMap
	importSeen map[string]bool

	roots    []string
	rootSeen map[string]bool
}

// FromSPDX2 converts an SPDX 2.3 document to SPDX 3.0.1 JSON-LD. The same
// document and options give the same bytes: @graph holds the CreationInfo, the
// agents, the SpdxDocument, the packages and files in SPDX 2.3 order (each
// package followed by the File its packageFileName becomes), the licensing
// texts and expressions, then the relationships sorted by from, type and to.
// Element IRIs are <namespace>#<SPDX 2.3 ID>; elements SPDX 2.3 had no ID for
// get <namespace>#<Type>-<16 hex digits of SHA-256 of what they say>.
//
// Everything not carried is reported as a Loss; nothing is dropped silently. An
// error means no document could be written: no namespace IRI, no creation time,
// no creator that is an Agent, a data license other than CC0-1.0, or nothing to
// describe.
func FromSPDX2(doc *spdx.Document, opts Options) ([]byte, []Loss, error) {
	if doc == nil {
		return nil, nil, errors.New("spdx3: no document")
	}
	c := &converter{
		doc: doc, opts: opts,
		agentIRI: map[string]string{}, ids: map[string]string{}, customIDs: map[string]string{},
		licenseIRI: map[string]string{}, relSeen: map[string]bool{}, extDocs: map[string]string{},
		importSeen: map[string]bool{}, rootSeen: map[string]bool{}, skip: map[string]bool{},
	}
	ns, err := c.namespace()
	if err != nil {
		return nil, nil, err
	}
	c.ns = ns + "#"
	docID := doc.SPDXID
	if docID == "" {
		docID = "SPDXRef-DOCUMENT"
	}
	if !idRe().MatchString(docID) {
		return nil, nil, fmt.Errorf("SPDXID %q: want SPDXRef- and letters, digits, '.' or '-'", docID)
	}
	c.docIRI = c.ns + docID
	if doc.DataLicense != "" && doc.DataLicense != "CC0-1.0" {
		return nil, nil, fmt.Errorf("dataLicense %q: SPDX documents are CC0-1.0 (SPDX 2.3 clause 6.2; 3.0.1 Core/dataLicense)", doc.DataLicense)
	}
	ci, err := c.creationInfo()
	if err != nil {
		return nil, nil, err
	}
	c.documentExtras()
	c.indexElements()
	for i := range doc.Packages {
		c.pkg(i, &doc.Packages[i])
	}
	for i := range doc.Files {
		c.file(i, &doc.Files[i])
	}
	c.describes()
	c.relationships()
	for i := range doc.Packages {
		c.hasFiles(i, &doc.Packages[i])
	}
	if err := c.inferRoots(); err != nil {
		return nil, nil, err
	}

	slices.SortFunc(c.rels, func(a, b relationship) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.RelationshipType, b.RelationshipType),
			slices.Compare(a.To, b.To), strings.Compare(a.SpdxID, b.SpdxID))
	})
	sd := spdxDocument{
		element:            element{Type: "SpdxDocument", SpdxID: c.docIRI, CreationInfo: creationInfoID, Name: doc.Name},
		DataLicense:        c.license("CC0-1.0"),
		ProfileConformance: []string{"core", "software", "simpleLicensing"},
		NamespaceMap:       c.nsMaps,
		Import:             c.imports,
		RootElement:        c.roots,
	}
	if s, ok := doc.Extra["comment"].(string); ok {
		sd.Comment = s
	}
	sd.Element = slices.Concat(c.agentList, c.order, c.textIRIs, c.licenseIRIs)
	for _, r := range c.rels {
		sd.Element = append(sd.Element, r.SpdxID)
	}
	graph := make([]any, 0, 2+len(sd.Element))
	graph = append(graph, ci)
	graph = append(graph, c.agents...)
	graph = append(graph, sd)
	graph = append(graph, c.elems...)
	graph = append(graph, c.texts...)
	graph = append(graph, c.licenses...)
	for _, r := range c.rels {
		graph = append(graph, r)
	}

	b, err := encodeDocument(Context, graph)
	if err != nil {
		return nil, nil, err
	}
	return b, c.losses, nil
}

// encodeDocument writes the bytes json.Encoder (two-space indent, no HTML
// escaping) gives for document{ctx, graph}, one element at a time: encoding
// the whole graph at once held it compact, indented and copied out, three
// copies of a document that is 2.3 times its SPDX 2.3 input (issue 12 item 9).
func encodeDocument(ctx string, graph []any) ([]byte, error) {
	var b, scratch bytes.Buffer
	b.Grow(768 * len(graph)) // about what an element takes, so the buffer rarely grows
	enc := json.NewEncoder(&scratch)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ctx); err != nil {
		return nil, err
	}
	b.WriteString("{\n  \"@context\": ")
	b.Write(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")))
	if graph == nil {
		b.WriteString(",\n  \"@graph\": null\n}\n")
		return b.Bytes(), nil
	}
	b.WriteString(",\n  \"@graph\": [")
	enc.SetIndent("    ", "  ")
	for i, e := range graph {
		scratch.Reset()
		if err := enc.Encode(e); err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		b.Write(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")))
	}
	if len(graph) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes(), nil
}

func (c *converter) lose(path, id, format string, args ...any) {
	c.losses = append(c.losses, Loss{Path: path, ID: id, What: fmt.Sprintf(format, args...)})
}

// extras reports every member of an object that the mapping did not use.
func (c *converter) extras(path, id string, extra map[string]any, used ...string) {
	for _, k := range sortedKeys(extra) {
		if slices.Contains(used, k) {
			continue
		}
		c.lose(path+"/"+pointerEscape(k), id, "%s", extraWhat(k))
	}
}

// extraWhat says why a member outside the typed model was not carried.
func extraWhat(name string) string {
	switch name {
	case "annotations":
		return "annotations are not carried (SPDX 3 Annotation elements are not written)"
	case "licenseComments":
		return "licenseComments not carried: there is no concluded license whose relationship could hold it"
	case "snippets":
		return "snippets are not carried (software_Snippet is not written)"
	}
	return fmt.Sprintf("member %q is not carried: it has no SPDX 3.0.1 mapping here, or its value is not of the SPDX 2.3 type", name)
}

// namespace is the document's namespace, the option's, or one derived from the
// content, checked to be an absolute IRI without a fragment.
func (c *converter) namespace() (string, error) {
	ns := c.doc.DocumentNamespace
	from := "documentNamespace"
	if ns == "" && c.opts.Namespace != "" {
		ns, from = c.opts.Namespace, "Options.Namespace"
	}
	if ns == "" {
		canonical, err := spdx.Marshal(c.doc)
		if err != nil {
			return "", fmt.Errorf("deriving a namespace: %w", err)
		}
		sum := sha256.Sum256(canonical)
		return "https://spdx.org/spdxdocs/sbomkeeper/" + hex.EncodeToString(sum[:]), nil
	}
	if !isIRI(ns) || strings.Contains(ns, "#") {
		return "", fmt.Errorf("%s %q: want an absolute IRI without '#' (SPDX 2.3 clause 6.5)", from, ns)
	}
	return ns, nil
}

// creationInfo builds the one CreationInfo every element shares.
func (c *converter) creationInfo() (creationInfo, error) {
	ci := creationInfo{Type: "CreationInfo", ID: creationInfoID, SpecVersion: SpecVersion}
	src := c.doc.CreationInfo
	if src == nil {
		src = &spdx.CreationInfo{}
	}
	created, err := c.created(src.Created)
	if err != nil {
		return ci, err
	}
	ci.Created = created
	ci.Comment = src.Comment

	var people, tools []actor
	sort := func(path string, s string) bool {
		a, ok := parseActor(s)
		switch {
		case !ok:
			if path != "" {
				c.lose(path, "", "creator %q is not \"Person: …\", \"Organization: …\" or \"Tool: …\"", s)
			}
			return false
		case a.kind == "Tool":
			tools = append(tools, a)
		default:
			people = append(people, a)
		}
		return true
	}
	for i, s := range src.Creators {
		sort(fmt.Sprintf("/creationInfo/creators/%d", i), s)
	}
	if len(src.Creators) == 0 {
		for _, s := range c.opts.Creators {
			if !sort("", s) {
				return ci, fmt.Errorf("Options.Creators: %q is not \"Person: …\", \"Organization: …\" or \"Tool: …\"", s)
			}
		}
	}
	for _, a := range people {
		ci.CreatedBy = append(ci.CreatedBy, c.agent(a, false))
	}
	for _, a := range tools {
		ci.CreatedUsing = append(ci.CreatedUsing, c.agent(a, false))
	}
	if len(ci.CreatedBy) == 0 {
		// 3.0 requires an Agent; a Tool is none. Annex A.1 ("Agent"): "In that
		// case, createdBy should point to a SoftwareAgent ... created using the
		// same information as the Tool."
		for _, a := range tools {
			ci.CreatedBy = append(ci.CreatedBy, c.agent(a, true))
		}
	}
	if len(ci.CreatedBy) == 0 {
		return ci, errors.New("creationInfo.creators names no person, organization or tool; SPDX 3 needs one (pass Options.Creators for a fragment)")
	}

	if v := src.LicenseListVersion; v != "" {
		switch {
		case semverRe().MatchString(v):
			c.listVersion = v
		case listVerRe().MatchString(v):
			// Annex A.1 ("LicenseListVersion"): add a patch version of 0.
			c.listVersion = v + ".0"
		default:
			c.lose("/creationInfo/licenseListVersion", "", "licenseListVersion %q is not MAJOR.MINOR or a semantic version", v)
		}
	}
	c.extras("/creationInfo", "", src.Extra)
	return ci, nil
}

// created is creationInfo.created in the form SPDX 3 requires
// (YYYY-MM-DDThh:mm:ssZ, UTC): the document's, else Options.Created, else
// SOURCE_DATE_EPOCH.
func (c *converter) created(s string) (string, error) {
	if s != "" {
		if createdRe().MatchString(s) {
			if _, err := time.Parse(time.RFC3339, s); err == nil {
				return s, nil
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			if u, ok := stamp(t); ok {
				c.lose("/creationInfo/created", "", "created %q written as %s: SPDX 3 wants UTC to the second", s, u)
				return u, nil
			}
		}
		return "", fmt.Errorf("creationInfo.created %q: want YYYY-MM-DDThh:mm:ssZ", s)
	}
	if !c.opts.Created.IsZero() {
		if u, ok := stamp(c.opts.Created); ok {
			return u, nil
		}
		return "", fmt.Errorf("Options.Created %v is outside years 0000-9999", c.opts.Created)
	}
	getenv := c.opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if e := getenv("SOURCE_DATE_EPOCH"); e != "" {
		sec, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return "", fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a whole number of seconds", e)
		}
		if u, ok := stamp(time.Unix(sec, 0)); ok {
			return u, nil
		}
		return "", fmt.Errorf("SOURCE_DATE_EPOCH=%q is outside years 0000-9999", e)
	}
	return "", errors.New("the document has no creationInfo.created; set SOURCE_DATE_EPOCH or Options.Created")
}

func stamp(t time.Time) (string, bool) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() < 0 || t.Year() > 9999 {
		return "", false
	}
	return t.Format("2006-01-02T15:04:05Z"), true
}

// documentExtras maps the document members the typed model keeps in Extra:
// comment, externalDocumentRefs and hasExtractedLicensingInfos; the rest are
// losses.
func (c *converter) documentExtras() {
	extra := c.doc.Extra
	used := []string{"externalDocumentRefs", "hasExtractedLicensingInfos"}
	if _, ok := extra["comment"].(string); ok {
		used = append(used, "comment")
	}
	if refs, ok := extra["externalDocumentRefs"].([]any); ok {
		for i, r := range refs {
			c.externalDocumentRef(fmt.Sprintf("/externalDocumentRefs/%d", i), r)
		}
	} else if _, present := extra["externalDocumentRefs"]; present {
		c.lose("/externalDocumentRefs", "", "externalDocumentRefs is not an array")
	}
	if infos, ok := extra["hasExtractedLicensingInfos"].([]any); ok {
		for i, x := range infos {
			c.extractedLicense(fmt.Sprintf("/hasExtractedLicensingInfos/%d", i), x)
		}
	} else if _, present := extra["hasExtractedLicensingInfos"]; present {
		c.lose("/hasExtractedLicensingInfos", "", "hasExtractedLicensingInfos is not an array")
	}
	for _, k := range sortedKeys(extra) {
		if slices.Contains(used, k) {
			continue
		}
		switch items, _ := extra[k].([]any); {
		case (k == "snippets" || k == "annotations") && len(items) > 0:
			for i, x := range items {
				m, _ := x.(map[string]any)
				id, _ := m["SPDXID"].(string)
				c.lose(fmt.Sprintf("/%s/%d", k, i), id, "%s", extraWhat(k))
			}
		default:
			c.lose("/"+pointerEscape(k), "", "%s", extraWhat(k))
		}
	}
}

// externalDocumentRef becomes a NamespaceMap entry and an ExternalMap for the
// other document, verified by its checksum (Annex A.1, "External Document
// Reference"); elements of that document named here get their own ExternalMap
// when a relationship refers to them.
func (c *converter) externalDocumentRef(path string, v any) {
	m, _ := v.(map[string]any)
	id, _ := m["externalDocumentId"].(string)
	ns, _ := m["spdxDocument"].(string)
	if !docRefRe().MatchString(id) || !isIRI(ns) || strings.Contains(ns, "#") {
		c.lose(path, "", "external document reference without a DocumentRef- ID and an absolute namespace IRI")
		return
	}
	if _, dup := c.extDocs[id]; dup {
		c.lose(path, "", "%s is defined twice; the first definition is used", id)
		return
	}
	c.extDocs[id] = ns
	c.nsMaps = append(c.nsMaps, namespaceMap{Type: "NamespaceMap", Prefix: id, Namespace: ns + "#"})
	em := externalMap{Type: "ExternalMap", ExternalSpdxID: ns + "#SPDXRef-DOCUMENT"}
	if ck, ok := m["checksum"].(map[string]any); ok {
		alg, _ := ck["algorithm"].(string)
		val, _ := ck["checksumValue"].(string)
		if h, ok := c.hash(path+"/checksum", "", alg, val); ok {
			em.VerifiedUsing = []any{h}
		}
	} else if _, present := m["checksum"]; present {
		c.lose(path+"/checksum", "", "checksum is not an object")
	}
	c.importSeen[em.ExternalSpdxID] = true
	c.imports = append(c.imports, em)
	for _, k := range sortedKeys(m) {
		if k != "externalDocumentId" && k != "spdxDocument" && k != "checksum" {
			c.lose(path+"/"+pointerEscape(k), "", "%s", extraWhat(k))
		}
	}
}

// extractedLicense becomes a simplelicensing_SimpleLicensingText, which
// license expressions naming its LicenseRef point to through customIdToUri.
func (c *converter) extractedLicense(path string, v any) {
	m, _ := v.(map[string]any)
	id, _ := m["licenseId"].(string)
	text, _ := m["extractedText"].(string)
	if !licenseID().MatchString(id) || text == "" {
		c.lose(path, id, "extracted licensing info without a LicenseRef- ID and extractedText")
		return
	}
	if _, dup := c.customIDs[id]; dup {
		c.lose(path, id, "%s is defined twice; the first definition is used", id)
		return
	}
	iri := c.ns + id
	t := licensingText{element: element{Type: "simplelicensing_SimpleLicensingText", SpdxID: iri, CreationInfo: creationInfoID}, LicenseText: text}
	used := []string{"licenseId", "extractedText"}
	if s, ok := m["name"].(string); ok {
		t.Name, used = s, append(used, "name")
	}
	if s, ok := m["comment"].(string); ok {
		t.Comment, used = s, append(used, "comment")
	}
	if see, ok := m["seeAlsos"].([]any); ok {
		used = append(used, "seeAlsos")
		for j, u := range see {
			s, ok := u.(string)
			if !ok || s == "" {
				c.lose(fmt.Sprintf("%s/seeAlsos/%d", path, j), id, "seeAlso is not a string")
				continue
			}
			t.ExternalRef = append(t.ExternalRef, externalRef{Type: "ExternalRef", RefType: "license", Locator: []string{s}})
		}
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(used, k) {
			c.lose(path+"/"+pointerEscape(k), id, "%s", extraWhat(k))
		}
	}
	c.customIDs[id] = iri
	c.texts = append(c.texts, t)
	c.textIRIs = append(c.textIRIs, iri)
}

// indexElements decides which packages and files are carried, so that
// relationships and hasFiles can refer to elements defined later.
func (c *converter) indexElements() {
	taken := map[string]bool{c.doc.SPDXID: true, "SPDXRef-DOCUMENT": true}
	check := func(path, id, what string, named bool) {
		c.skip[path[1:]] = true
		switch {
		case !idRe().MatchString(id):
			c.lose(path, id, "%s not carried: SPDXID %q is not SPDXRef- and letters, digits, '.' or '-'", what, id)
		case taken[id]:
			c.lose(path, id, "%s not carried: SPDXID %s is used twice", what, id)
		case !named:
			c.lose(path, id, "%s not carried: it has no name, which SPDX 3.0.1 requires", what)
		default:
			c.ids[id] = c.ns + id
			c.skip[path[1:]] = false
		}
		taken[id] = true
	}
	for i, p := range c.doc.Packages {
		check(fmt.Sprintf("/packages/%d", i), p.SPDXID, "package", p.Name != "")
	}
	for i, f := range c.doc.Files {
		check(fmt.Sprintf("/files/%d", i), f.SPDXID, "file", f.FileName != "")
	}
}

func (c *converter) add(iri string, e any) {
	c.elems = append(c.elems, e)
	c.order = append(c.order, iri)
}

func (c *converter) pkg(i int, p *spdx.Package) {
	if c.skip[fmt.Sprintf("packages/%d", i)] {
		return
	}
	iri := c.ids[p.SPDXID]
	path, id := fmt.Sprintf("/packages/%d", i), p.SPDXID
	sp := softwarePackage{}
	sp.Type, sp.SpdxID, sp.CreationInfo = "software_Package", iri, creationInfoID
	sp.Name = p.Name
	sp.PackageVersion = p.VersionInfo
	sp.Summary, sp.Description, sp.Comment = p.Summary, p.Description, p.Comment
	sp.SourceInfo = p.SourceInfo
	sp.CopyrightText = p.CopyrightText
	sp.AttributionText = p.AttributionTexts
	if p.Supplier != "" && p.Supplier != "NOASSERTION" {
		if a, ok := parseActor(p.Supplier); ok && a.kind != "Tool" {
			sp.SuppliedBy = c.agent(a, false)
		} else {
			c.lose(path+"/supplier", id, "supplier %q is not \"Person: …\" or \"Organization: …\"", p.Supplier)
		}
	}
	if p.Originator != "" && p.Originator != "NOASSERTION" {
		if a, ok := parseActor(p.Originator); ok && a.kind != "Tool" {
			sp.OriginatedBy = []string{c.agent(a, false)}
		} else {
			c.lose(path+"/originator", id, "originator %q is not \"Person: …\" or \"Organization: …\"", p.Originator)
		}
	}
	sp.DownloadLocation = c.location(path+"/downloadLocation", id, p.DownloadLocation)
	sp.HomePage = c.location(path+"/homepage", id, p.Homepage)
	// 3.0 removed filesAnalyzed (Annex A.1): whether a package's files were
	// analysed shows in its contains relationships. The value is carried
	// when it agrees with them and lost only when it says otherwise.
	if p.FilesAnalyzed != nil && *p.FilesAnalyzed != c.hasFileList(p) {
		what := "filesAnalyzed is false, yet the package lists files"
		if *p.FilesAnalyzed {
			what = "filesAnalyzed is true, yet the package lists no file"
		}
		c.lose(path+"/filesAnalyzed", id, "%s; SPDX 3 has no filesAnalyzed (removed in 3.0, Annex A.1) and shows only the files", what)
	}
	if v := p.PackageVerificationCode; v != nil {
		vpath := path + "/packageVerificationCode"
		if hashOK("sha1", v.Value) {
			sp.VerifiedUsing = append(sp.VerifiedUsing, verificationCode{Type: "PackageVerificationCode", Algorithm: "sha1", HashValue: v.Value, ExcludedFiles: v.ExcludedFiles})
		} else {
			c.lose(vpath+"/packageVerificationCodeValue", id, "verification code %q is not 40 hex digits", v.Value)
		}
		c.extras(vpath, id, v.Extra)
	}
	hashes := c.hashes(path, id, p.Checksums)
	var dist *softwareFile
	if p.PackageFileName != "" {
		// Annex A.1 ("Package File Name"): a File named packageFileName, verified
		// by the package checksums, which the package hasDistributionArtifact.
		dist = &softwareFile{}
		dist.Type, dist.SpdxID, dist.CreationInfo = "software_File", c.ns+"packageFileName-"+p.SPDXID, creationInfoID
		dist.Name = p.PackageFileName
		dist.VerifiedUsing = hashes
		c.relate(iri, "hasDistributionArtifact", []string{dist.SpdxID}, "", "", "")
	} else {
		sp.VerifiedUsing = append(sp.VerifiedUsing, hashes...)
	}
	c.licenses2(path, id, iri, p.LicenseConcluded, p.LicenseDeclared, p.Extra)
	if len(p.LicenseInfoFromFiles) > 0 {
		c.lose(path+"/licenseInfoFromFiles", id, "licenseInfoFromFiles has no SPDX 3 counterpart (removed in 3.0, Annex A.1: the files' declared licenses say it)")
	}
	c.externalRefs(path, id, p.ExternalRefs, &sp)
	if p.PrimaryPackagePurpose != "" {
		if pp, ok := purposes[p.PrimaryPackagePurpose]; ok {
			sp.PrimaryPurpose = pp
		} else {
			c.lose(path+"/primaryPackagePurpose", id, "primaryPackagePurpose %q is not an SPDX 2.3 purpose", p.PrimaryPackagePurpose)
		}
	}
	sp.ReleaseTime = c.time(path+"/releaseDate", id, p.ReleaseDate)
	sp.BuiltTime = c.time(path+"/builtDate", id, p.BuiltDate)
	sp.ValidUntilTime = c.time(path+"/validUntilDate", id, p.ValidUntilDate)
	c.extras(path, id, p.Extra, "licenseComments")
	c.add(iri, sp)
	if dist != nil {
		c.add(dist.SpdxID, *dist)
	}
}

func (c *converter) file(i int, f *spdx.File) {
	if c.skip[fmt.Sprintf("files/%d", i)] {
		return
	}
	iri := c.ids[f.SPDXID]
	path, id := fmt.Sprintf("/files/%d", i), f.SPDXID
	sf := softwareFile{FileKind: "file"}
	sf.Type, sf.SpdxID, sf.CreationInfo = "software_File", iri, creationInfoID
	sf.Name = f.FileName
	sf.Comment = f.Comment
	sf.CopyrightText = f.CopyrightText
	sf.AttributionText = f.AttributionTexts
	sf.VerifiedUsing = c.hashes(path, id, f.Checksums)
	for j, t := range f.FileTypes {
		tpath := fmt.Sprintf("%s/fileTypes/%d", path, j)
		if p, ok := fileTypePurposes[t]; ok {
			if sf.PrimaryPurpose == "" {
				sf.PrimaryPurpose = p
			} else if p != sf.PrimaryPurpose && !slices.Contains(sf.AdditionalPurpose, p) {
				sf.AdditionalPurpose = append(sf.AdditionalPurpose, p)
			}
			continue
		}
		if ct, ok := fileTypeContent[t]; ok && (sf.ContentType == "" || sf.ContentType == ct) {
			sf.ContentType = ct
			continue
		} else if ok {
			c.lose(tpath, id, "fileType %s not carried: contentType %s is already set and holds one media type", t, sf.ContentType)
			continue
		}
		c.lose(tpath, id, "fileType %q has no SPDX 3.0.1 purpose or IANA media type", t)
	}
	c.licenses2(path, id, iri, f.LicenseConcluded, "", f.Extra)
	if len(f.LicenseInfoInFiles) > 0 {
		// 3.0.1 hasDeclaredLicense: "the from SoftwareArtifact was discovered to
		// actually contain each to license", which is what licenseInfoInFiles says.
		var to []string
		for _, l := range f.LicenseInfoInFiles {
			if strings.TrimSpace(l) == "" {
				c.lose(path+"/licenseInfoInFiles", id, "an empty license in licenseInfoInFiles is not carried")
				continue
			}
			if t := c.license(l); !slices.Contains(to, t) {
				to = append(to, t)
			}
		}
		if len(to) > 0 {
			c.relate(iri, "hasDeclaredLicense", to, "", "", "")
		}
	}
	if f.NoticeText != "" {
		c.lose(path+"/noticeText", id, "noticeText has no SPDX 3.0.1 counterpart")
	}
	if len(f.FileContributors) > 0 {
		c.lose(path+"/fileContributors", id, "fileContributors has no SPDX 3.0.1 counterpart")
	}
	c.extras(path, id, f.Extra, "licenseComments")
	c.add(iri, sf)
}

// location maps downloadLocation and homepage: NOASSERTION is the absent
// property (SPDX 2.3.1 clause 4.3: omission signals NOASSERTION); NONE cannot be
// said in 3.0.1.
func (c *converter) location(path, id, v string) string {
	switch v {
	case "NOASSERTION":
		return ""
	case "NONE":
		c.lose(path, id, "NONE (there is none) cannot be said in SPDX 3.0.1; the property is left out")
		return ""
	}
	return v
}

func (c *converter) time(path, id, v string) string {
	if v == "" {
		return ""
	}
	if createdRe().MatchString(v) {
		if _, err := time.Parse(time.RFC3339, v); err == nil {
			return v
		}
	}
	c.lose(path, id, "%q is not YYYY-MM-DDThh:mm:ssZ", v)
	return ""
}

// licenses2 maps the concluded and declared licenses to hasConcludedLicense and
// hasDeclaredLicense relationships (3.0.1 licenses are relationships to license
// elements, not properties). licenseComments, the analysis behind the concluded
// license (2.3 clause 7.16), becomes that relationship's comment.
func (c *converter) licenses2(path, id, iri, concluded, declared string, extra map[string]any) {
	lc, hasLC := extra["licenseComments"]
	comment, isText := lc.(string)
	carried := false
	if concluded != "" {
		if strings.TrimSpace(concluded) == "" {
			c.lose(path+"/licenseConcluded", id, "an empty licenseConcluded is not carried")
		} else {
			carried = isText
			if !isText {
				comment = ""
			}
			c.relate(iri, "hasConcludedLicense", []string{c.license(concluded)}, "", "", comment)
		}
	}
	if hasLC && !carried {
		c.lose(path+"/licenseComments", id, "%s", extraWhat("licenseComments"))
	}
	if declared != "" {
		if strings.TrimSpace(declared) == "" {
			c.lose(path+"/licenseDeclared", id, "an empty licenseDeclared is not carried")
		} else {
			c.relate(iri, "hasDeclaredLicense", []string{c.license(declared)}, "", "", "")
		}
	}
}

// license returns the element for an SPDX 2.3 license field: NOASSERTION and
// NONE are the ExpandedLicensing individuals NoAssertionLicense and
// NoneLicense, anything else a simplelicensing_LicenseExpression holding the
// expression as written, shared by every element that has it.
func (c *converter) license(expr string) string {
	switch expr {
	case "NOASSERTION":
		return NoAssertionLicense
	case "NONE":
		return NoneLicense
	}
	if iri, ok := c.licenseIRI[expr]; ok {
		return iri
	}
	iri := c.ns + "LicenseExpression-" + shortHash(expr)
	le := licenseExpression{
		element:            element{Type: "simplelicensing_LicenseExpression", SpdxID: iri, CreationInfo: creationInfoID},
		Expression:         expr,
		LicenseListVersion: c.listVersion,
	}
	var keys []string
	for _, ref := range licenseRef().FindAllString(expr, -1) {
		if !slices.Contains(keys, ref) {
			keys = append(keys, ref)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		target, ok := c.customIDs[k]
		if doc, local, ext := strings.Cut(k, ":"); ext {
			if ns, known := c.extDocs[doc]; known {
				target, ok = ns+"#"+local, true
			}
		}
		if ok {
			le.CustomIDToURI = append(le.CustomIDToURI, dictionaryEntry{Type: "DictionaryEntry", Key: k, Value: target})
		}
	}
	c.licenseIRI[expr] = iri
	c.licenses = append(c.licenses, le)
	c.licenseIRIs = append(c.licenseIRIs, iri)
	return iri
}

func (c *converter) hashes(path, id string, cs []spdx.Checksum) []any {
	var out []any
	for j, ck := range cs {
		cpath := fmt.Sprintf("%s/checksums/%d", path, j)
		if h, ok := c.hash(cpath, id, ck.Algorithm, ck.ChecksumValue); ok {
			out = append(out, h)
		}
		c.extras(cpath, id, ck.Extra)
	}
	return out
}

func (c *converter) hash(path, id, algorithm, value string) (hash, bool) {
	alg, ok := checksumAlgorithms[algorithm]
	if !ok {
		c.lose(path, id, "checksum algorithm %q is not one of SPDX 2.3's", algorithm)
		return hash{}, false
	}
	if !hashOK(alg, value) {
		c.lose(path, id, "%s checksum %q is not %s", algorithm, value, hashForm(alg))
		return hash{}, false
	}
	return hash{Type: "Hash", Algorithm: alg, HashValue: value}, true
}

func (c *converter) externalRefs(path, id string, refs []spdx.ExternalRef, sp *softwarePackage) {
	var purls []spdx.ExternalRef
	for j, r := range refs {
		rpath := fmt.Sprintf("%s/externalRefs/%d", path, j)
		c.extras(rpath, id, r.Extra)
		cat := strings.ReplaceAll(r.ReferenceCategory, "-", "_")
		if r.ReferenceLocator == "" {
			c.lose(rpath, id, "external reference %s %s has no locator", r.ReferenceCategory, r.ReferenceType)
			continue
		}
		t, ok := externalRefMap[[2]string{cat, r.ReferenceType}]
		if !ok && cat == "OTHER" {
			// OTHER's types are free text; 3.0.1 names the common ones
			// (vcs, documentation, releaseNotes, ...) and has "other" for
			// the rest, whose 2.3 type the comment keeps.
			t, ok = refTarget{"ref", otherRefType(r.ReferenceType)}, true
			if t.typ == "" {
				t.typ = "other"
				comment := otherRefPrefix + r.ReferenceType
				if r.Comment != "" {
					comment += "\n" + r.Comment
				}
				r.Comment = comment
			}
		}
		if !ok {
			c.lose(rpath, id, "external reference %s %s has no SPDX 3.0.1 counterpart: 3.0.1 has no such type in this category", r.ReferenceCategory, r.ReferenceType)
			continue
		}
		switch t.kind {
		case "id":
			sp.ExternalIdentifier = append(sp.ExternalIdentifier, externalIdentifier{Type: "ExternalIdentifier", IDType: t.typ, Identifier: r.ReferenceLocator, Comment: r.Comment})
			if t.typ == "packageUrl" {
				purls = append(purls, r)
			}
		case "content":
			sp.ContentIdentifier = append(sp.ContentIdentifier, contentIdentifier{Type: "software_ContentIdentifier", IDType: t.typ, Value: r.ReferenceLocator, Comment: r.Comment})
		default:
			sp.ExternalRef = append(sp.ExternalRef, externalRef{Type: "ExternalRef", RefType: t.typ, Locator: []string{r.ReferenceLocator}, Comment: r.Comment})
		}
	}
	// Annex A.1 ("Package URL"): a single purl without a comment also goes in
	// packageUrl.
	if len(purls) == 1 && purls[0].Comment == "" {
		sp.PackageURL = purls[0].ReferenceLocator
	}
}

// ref resolves an SPDX 2.3 element reference to an IRI; ok is false when it
// names nothing carried. NONE and NOASSERTION resolve to the Core individuals.
func (c *converter) ref(id string) (iri string, ok bool) {
	switch {
	case id == c.doc.SPDXID || (c.doc.SPDXID == "" && id == "SPDXRef-DOCUMENT"):
		return c.docIRI, true
	case id == "NONE":
		return NoneElement, true
	case id == "NOASSERTION":
		return NoAssertionElement, true
	}
	if iri, ok := c.ids[id]; ok {
		return iri, true
	}
	doc, local, ext := strings.Cut(id, ":")
	if ns, known := c.extDocs[doc]; ext && known && idRe().MatchString(local) {
		iri := ns + "#" + local
		if !c.importSeen[iri] {
			c.importSeen[iri] = true
			c.imports = append(c.imports, externalMap{Type: "ExternalMap", ExternalSpdxID: iri})
		}
		return iri, true
	}
	return "", false
}

func (c *converter) root(iri string) {
	if _, individual := individuals[iri]; !individual && iri != c.docIRI && !c.rootSeen[iri] {
		c.rootSeen[iri] = true
		c.roots = append(c.roots, iri)
	}
}

// describes: documentDescribes (2.3's older form of DESCRIBES) makes roots and
// describes relationships like a DESCRIBES from the document does.
func (c *converter) describes() {
	for i, id := range c.doc.DocumentDescribes {
		iri, ok := c.ref(id)
		if !ok || iri == c.docIRI {
			c.lose(fmt.Sprintf("/documentDescribes/%d", i), id, "%s is not an element carried from this document", id)
			continue
		}
		c.root(iri)
		c.relate(c.docIRI, "describes", []string{iri}, "", "", "")
	}
}

func (c *converter) relationships() {
	for i, r := range c.doc.Relationships {
		path := fmt.Sprintf("/relationships/%d", i)
		c.extras(path, "", r.Extra)
		m, ok := relationshipMap[r.RelationshipType]
		if !ok {
			c.lose(path, r.SPDXElementID, "relationship type %q has no SPDX 3.0.1 counterpart", r.RelationshipType)
			continue
		}
		a, okA := c.ref(r.SPDXElementID)
		b, okB := c.ref(r.RelatedSPDXElement)
		switch {
		case !okA || !okB:
			missing := r.SPDXElementID
			if okA {
				missing = r.RelatedSPDXElement
			}
			c.lose(path, r.SPDXElementID, "%s %s %s not carried: %s is not an element carried from this document", r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement, missing)
			continue
		case a == NoneElement || a == NoAssertionElement:
			c.lose(path, r.SPDXElementID, "%s %s %s not carried: a relationship cannot start at %s", r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement, r.SPDXElementID)
			continue
		}
		completeness := ""
		switch b {
		case NoneElement:
			completeness = "complete" // Annex A.1 ("Relationship")
		case NoAssertionElement:
			completeness = "noAssertion"
		}
		if completeness != "" && m.swap {
			c.lose(path, r.SPDXElementID, "%s %s %s not carried: as %s it would start at %s, and completeness is about `to`", r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement, m.typ, r.RelatedSPDXElement)
			continue
		}
		from, to := a, b
		if m.swap {
			from, to = b, a
		}
		if m.typ == "describes" && from == c.docIRI {
			c.root(to)
		}
		c.relate(from, m.typ, []string{to}, completeness, m.scope, r.Comment)
	}
}

// hasFileList reports whether the document lists files of p: hasFiles, or a
// CONTAINS relationship from p to a file.
func (c *converter) hasFileList(p *spdx.Package) bool {
	if len(p.HasFiles) > 0 {
		return true
	}
	if c.withFiles == nil {
		files := map[string]bool{}
		for _, f := range c.doc.Files {
			files[f.SPDXID] = true
		}
		c.withFiles = map[string]bool{}
		for _, r := range c.doc.Relationships {
			if r.RelationshipType == "CONTAINS" && files[r.RelatedSPDXElement] {
				c.withFiles[r.SPDXElementID] = true
			}
		}
	}
	return c.withFiles[p.SPDXID]
}

// hasFiles (deprecated in 2.3 for CONTAINS relationships) becomes contains.
func (c *converter) hasFiles(i int, p *spdx.Package) {
	if c.skip[fmt.Sprintf("packages/%d", i)] {
		return
	}
	iri := c.ids[p.SPDXID]
	for j, id := range p.HasFiles {
		target, ok := c.ids[id]
		if !ok {
			c.lose(fmt.Sprintf("/packages/%d/hasFiles/%d", i, j), p.SPDXID, "%s is not a file carried from this document", id)
			continue
		}
		c.relate(iri, "contains", []string{target}, "", "", "")
	}
}

// relate adds a relationship unless the same one is there already. Its IRI is
// <namespace>#Relationship-<16 hex digits of SHA-256 of what it says>.
func (c *converter) relate(from, typ string, to []string, completeness, scope, comment string) {
	key := strings.Join([]string{from, typ, strings.Join(to, "\x01"), completeness, scope, comment}, "\x00")
	if c.relSeen[key] {
		return
	}
	c.relSeen[key] = true
	r := relationship{
		element:          element{Type: "Relationship", SpdxID: c.ns + "Relationship-" + shortHash(key), CreationInfo: creationInfoID, Comment: comment},
		From:             from,
		RelationshipType: typ,
		To:               to,
		Completeness:     completeness,
		Scope:            scope,
	}
	if scope != "" {
		r.Type = "LifecycleScopedRelationship"
	}
	c.rels = append(c.rels, r)
}

// inferRoots: a document that describes nothing (a fragment) gets as roots the
// packages, or failing those the files, that no other element relates to.
func (c *converter) inferRoots() error {
	if len(c.roots) > 0 {
		return nil
	}
	targets := map[string]bool{}
	for _, r := range c.rels {
		if r.From != c.docIRI {
			for _, t := range r.To {
				targets[t] = true
			}
		}
	}
	for _, p := range c.doc.Packages {
		if iri, ok := c.ids[p.SPDXID]; ok && !targets[iri] {
			c.root(iri)
		}
	}
	if len(c.roots) == 0 {
		for _, f := range c.doc.Files {
			if iri, ok := c.ids[f.SPDXID]; ok && !targets[iri] {
				c.root(iri)
			}
		}
	}
	if len(c.roots) == 0 {
		// Everything is related to something else (a cycle): all packages, or
		// all files, are roots.
		for _, iri := range c.order {
			if !strings.HasPrefix(iri, c.ns+"packageFileName-") {
				c.root(iri)
			}
		}
	}
	if len(c.roots) == 0 {
		return errors.New("the document describes nothing and has no package or file to describe; SPDX 3 needs a rootElement")
	}
	return nil
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// pointerEscape escapes a JSON pointer token (RFC 6901).
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// lazyRegexp compiles a pattern at first use: compiled at package init, this
// package's patterns cost every start of the binary about 0.4 ms.
func lazyRegexp(src string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })
}
