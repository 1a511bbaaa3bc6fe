package cyclonedx

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// ToSPDX converts CycloneDX 1.5, 1.6 or 1.7 JSON to an SPDX 2.3 document. A BOM
// that FromSPDX wrote gives back the document it was made from: the
// "sbomkeeper:spdx:" properties restore what CycloneDX has no member for.
// Any other BOM gets SPDX-2.3, CC0-1.0, a name (metadata.component's, else
// the serial number), a namespace made from the serial number (else from the
// content), its creators and creation time when it has them, and NOASSERTION
// download locations. A name, creator or creation time the BOM lacks stays
// empty: convert.Write supplies stated defaults and reports them. bom-refs that are not valid SPDX IDs are replaced by IDs made
// with spdx.IDs, and references follow.
//
// The losses are every member of the input the document does not carry, by
// JSON pointer. The input is untrusted: malformed members are errors naming
// their JSON pointer (a *PathError), components may nest 64 deep.
func ToSPDX(bomJSON []byte) (*spdx.Document, []Loss, error) {
	v, err := spdx.Decode(bomJSON)
	if err != nil {
		return nil, nil, fmt.Errorf("cyclonedx: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, nil, &PathError{"", "the top-level JSON value is " + kind(v) + ", not an object"}
	}
	r := &rev{refs: map[string]*node{}, assigned: map[string]bool{}}
	doc, err := r.convert(newObj("", m), bomJSON)
	if err != nil {
		return nil, nil, err
	}
	return doc, sortLosses(r.losses), nil
}

type rev struct {
	losses   []Loss
	fromSPDX bool // the BOM carries FromSPDX's spdxVersion property
	docID    string
	nodes    []*node          // components, depth first, metadata.component first
	refs     map[string]*node // bom-ref -> the first component with it
	ids      spdx.IDs
	assigned map[string]bool
	// extracted are the hasExtractedLicensingInfos entries for licenses
	// that had a name but no SPDX ID, in order of first use.
	extracted []any
	licRefs   map[string]bool
}

// node is one component on its way to being an SPDX package or file.
type node struct {
	o         *obj
	props     *props
	parent    *node
	typ       string
	ref       string
	name      string
	file      bool
	id        string
	synthetic bool // FromSPDX's stand-in for the document itself
}

func (r *rev) lose(path, id, what string) {
	r.losses = append(r.losses, Loss{Path: path, ID: id, What: what})
}

// rest reports the members of o that nothing read.
func (r *rev) rest(o *obj, id string) {
	for _, k := range o.unread() {
		r.lose(o.at(k), id, lossText(k))
	}
}

var lossWhy = map[string]string{
	"services":        "services have no SPDX 2.3 equivalent",
	"vulnerabilities": "vulnerabilities are not part of an SPDX 2.3 document (keep them as VEX)",
	"compositions":    "compositions (completeness claims) have no SPDX 2.3 equivalent",
	"formulation":     "formulation has no SPDX 2.3 equivalent",
	"annotations":     "CycloneDX annotations are not carried",
	"signature":       "a signature does not survive conversion",
	"declarations":    "declarations (attestations) have no SPDX 2.3 equivalent",
	"definitions":     "definitions have no SPDX 2.3 equivalent",
	"evidence":        "component evidence is not carried",
	"pedigree":        "component pedigree is not carried",
	"group":           "SPDX has no component group (a PURL still names it)",
	"publisher":       "SPDX has no publisher",
	"scope":           "SPDX has no component scope",
	"lifecycles":      "SPDX 2.3 has no lifecycle phases",
	"bom-ref":         "this bom-ref has no SPDX equivalent",
}

func lossText(key string) string {
	if s, ok := lossWhy[key]; ok {
		return s
	}
	return fmt.Sprintf("%q has no SPDX 2.3 equivalent", key)
}

type propEntry struct {
	name, value, path string
	used              bool
}

// props are a component's or the metadata's properties; FromSPDX's are
// taken by name, the rest are losses.
type props struct {
	list []propEntry
}

func (r *rev) readProps(o *obj, id string) (*props, error) {
	items, err := o.objs("properties")
	if err != nil {
		return nil, err
	}
	p := &props{}
	for _, it := range items {
		name, err := it.str("name")
		if err != nil {
			return nil, err
		}
		value, err := it.str("value")
		if err != nil {
			return nil, err
		}
		r.rest(it, id)
		p.list = append(p.list, propEntry{name: name, value: value, path: it.path})
	}
	return p, nil
}

func (p *props) peek(name string) (string, bool) {
	if p == nil {
		return "", false
	}
	for _, e := range p.list {
		if !e.used && e.name == name {
			return e.value, true
		}
	}
	return "", false
}

func (p *props) take(name string) (string, bool) {
	return p.takeIf(name, func(string) bool { return true })
}

func (p *props) takeIf(name string, ok func(string) bool) (string, bool) {
	if p == nil {
		return "", false
	}
	for i := range p.list {
		if e := &p.list[i]; !e.used && e.name == name && ok(e.value) {
			e.used = true
			return e.value, true
		}
	}
	return "", false
}

func (p *props) entries(name string) []*propEntry {
	if p == nil {
		return nil
	}
	var out []*propEntry
	for i := range p.list {
		if e := &p.list[i]; !e.used && e.name == name {
			e.used = true
			out = append(out, e)
		}
	}
	return out
}

func (p *props) all(name string) []string {
	var out []string
	for _, e := range p.entries(name) {
		out = append(out, e.value)
	}
	return out
}

func (r *rev) restProps(p *props, id string) {
	if p == nil {
		return
	}
	for _, e := range p.list {
		if e.used {
			continue
		}
		what := fmt.Sprintf("the property %q has no SPDX equivalent", e.name)
		if strings.HasPrefix(e.name, PropertyPrefix) {
			what = fmt.Sprintf("the property %q is not one ToSPDX restores here", e.name)
		}
		r.lose(e.path, id, what)
	}
}

// mapRef turns a bom-ref into the SPDX ID its component got; anything else
// (an SPDX ID that was never a bom-ref, NONE, DocumentRef-...) stays.
func (r *rev) mapRef(ref string) string {
	if n := r.refs[ref]; n != nil {
		return n.id
	}
	return ref
}

func (r *rev) mapRefs(refs []string) []string {
	for i, ref := range refs {
		refs[i] = r.mapRef(ref)
	}
	return refs
}

func (r *rev) convert(root *obj, text []byte) (*spdx.Document, error) {
	format, err := root.str("bomFormat")
	if err != nil {
		return nil, err
	}
	if format != "CycloneDX" {
		return nil, &PathError{"/bomFormat", fmt.Sprintf("want \"CycloneDX\", got %q", format)}
	}
	spec, err := root.str("specVersion")
	if err != nil {
		return nil, err
	}
	if spec != "1.5" && spec != "1.6" && spec != "1.7" {
		return nil, &PathError{"/specVersion", fmt.Sprintf("CycloneDX %q is not supported; ToSPDX reads 1.5, 1.6 and 1.7", spec)}
	}
	root.raw("$schema")
	serial, err := root.str("serialNumber")
	if err != nil {
		return nil, err
	}
	version := int64(1)
	if v, ok := root.raw("version"); ok {
		n, isNum := v.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil || i < 1 {
			return nil, &PathError{"/version", "want an integer of at least 1, got " + kind(v)}
		}
		version = i
	}

	md, err := root.child("metadata")
	if err != nil {
		return nil, err
	}
	var mprops *props
	if md != nil {
		if mprops, err = r.readProps(md, ""); err != nil {
			return nil, err
		}
	}
	_, r.fromSPDX = mprops.peek(propSPDXVersion)
	r.docID = documentID
	if v, ok := mprops.peek(propSPDXID); r.fromSPDX && ok && v != "" {
		r.docID = v
	}

	var meta *node
	if md != nil {
		mc, err := md.child("component")
		if err != nil {
			return nil, err
		}
		if mc != nil {
			if meta, err = r.collect(mc, nil, 0); err != nil {
				return nil, err
			}
			meta.synthetic = r.fromSPDX && meta.ref == r.docID
		}
	}
	comps, err := root.objs("components")
	if err != nil {
		return nil, err
	}
	for _, c := range comps {
		if _, err := r.collect(c, nil, 0); err != nil {
			return nil, err
		}
	}
	r.assignIDs()

	doc := &spdx.Document{}
	for _, n := range r.nodes {
		switch {
		case n.synthetic:
			doc.Name = n.name
		case n.file:
			f, err := r.file(n)
			if err != nil {
				return nil, err
			}
			doc.Files = append(doc.Files, f)
		default:
			p, err := r.pkg(n)
			if err != nil {
				return nil, err
			}
			doc.Packages = append(doc.Packages, p)
		}
	}

	if err := r.relationships(doc, root, meta, mprops); err != nil {
		return nil, err
	}
	if err := r.metadata(doc, md, mprops, meta, serial, version, text); err != nil {
		return nil, err
	}
	if len(r.extracted) > 0 {
		doc.Extra = map[string]any{"hasExtractedLicensingInfos": r.extracted}
	}

	for _, n := range r.nodes {
		r.restProps(n.props, n.ref)
		r.rest(n.o, n.ref)
	}
	if md != nil {
		r.restProps(mprops, "")
		r.rest(md, "")
	}
	r.rest(root, "")
	return doc, nil
}

// collect reads a component's identity and its nested components, depth
// first.
func (r *rev) collect(o *obj, parent *node, depth int) (*node, error) {
	if depth >= maxDepth {
		return nil, &PathError{o.path, fmt.Sprintf("components nest deeper than %d levels", maxDepth)}
	}
	n := &node{o: o, parent: parent}
	var err error
	if n.typ, err = o.str("type"); err != nil {
		return nil, err
	}
	if n.ref, err = o.str("bom-ref"); err != nil {
		return nil, err
	}
	if n.name, err = o.str("name"); err != nil {
		return nil, err
	}
	if n.props, err = r.readProps(o, n.ref); err != nil {
		return nil, err
	}
	n.file = r.isFile(n)
	r.nodes = append(r.nodes, n)
	children, err := o.objs("components")
	if err != nil {
		return nil, err
	}
	for _, c := range children {
		if _, err := r.collect(c, n, depth+1); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// isFile decides whether a component becomes an SPDX file: a "file"
// component, unless FromSPDX marked it as a package (by its purpose
// property) or, in a BOM from elsewhere, it has a package's identity
// (version, PURL, CPE, supplier) or no hash, which SPDX files need.
func (r *rev) isFile(n *node) bool {
	if n.typ != "file" {
		return false
	}
	if _, ok := n.props.peek(propPurpose); ok {
		return false
	}
	if r.fromSPDX {
		return true
	}
	hs, _ := n.o.m["hashes"].([]any)
	for _, k := range []string{"version", "purl", "cpe", "supplier"} {
		if n.o.has(k) {
			return false
		}
	}
	return len(hs) > 0
}

// assignIDs gives every component an SPDX ID: its bom-ref when that is a
// valid SPDX ID not yet taken, otherwise one made from the bom-ref (or name
// and version) by spdx.IDs.
func (r *rev) assignIDs() {
	r.ids.Reserve(r.docID, "\x00document")
	r.assigned[r.docID] = true
	for _, n := range r.nodes {
		if !n.synthetic && spdxIDRe().MatchString(n.ref) && !r.assigned[n.ref] {
			n.id = n.ref
			r.assigned[n.id] = true
			r.ids.Reserve(n.id, n.ref)
		}
	}
	for _, n := range r.nodes {
		if n.synthetic || n.id != "" {
			continue
		}
		prefix := "SPDXRef-PACKAGE-"
		if n.file {
			prefix = "SPDXRef-FILE-"
		}
		value := n.ref
		if value == "" {
			value = n.name
			if v, _ := n.o.m["version"].(string); v != "" && !n.file {
				value += "-" + v
			}
		}
		if value == "" {
			value = n.o.path
		}
		id := r.ids.For(prefix, value)
		for i := 2; r.assigned[id]; i++ {
			id = r.ids.For(prefix, value+"-"+strconv.Itoa(i))
		}
		n.id = id
		r.assigned[id] = true
	}
	for _, n := range r.nodes {
		if n.ref == "" || n.synthetic {
			continue
		}
		if first, dup := r.refs[n.ref]; dup {
			r.lose(n.o.at("bom-ref"), n.ref, fmt.Sprintf("the bom-ref is also used at %s; references to it go to the first", first.o.path))
			continue
		}
		r.refs[n.ref] = n
	}
}

func (r *rev) pkg(n *node) (spdx.Package, error) {
	o, pr, id := n.o, n.props, n.ref
	p := spdx.Package{SPDXID: n.id, Name: n.name}
	var err error
	if p.VersionInfo, err = o.str("version"); err != nil {
		return p, err
	}
	if p.Description, err = o.str("description"); err != nil {
		return p, err
	}
	if v, ok := pr.take(propPurpose); ok {
		p.PrimaryPackagePurpose = v
	} else if purpose, ok := packagePurpose(n.typ); ok {
		p.PrimaryPackagePurpose = purpose
	} else if n.typ == "file" {
		p.PrimaryPackagePurpose = "FILE"
	} else if n.typ != "" {
		p.PrimaryPackagePurpose = "OTHER"
		r.lose(o.at("type"), id, fmt.Sprintf("SPDX has no package purpose for the component type %q; it is written as OTHER", n.typ))
	}
	if scope, _ := o.m["scope"].(string); scope == "required" {
		o.raw("scope") // the default: nothing is lost
	}

	if p.Supplier, err = r.entityString(o, "supplier", id); err != nil {
		return p, err
	}
	if p.Originator, err = r.originator(o, id); err != nil {
		return p, err
	}
	if p.Checksums, err = r.checksums(o, id); err != nil {
		return p, err
	}
	choices, err := r.licenseChoices(o, id)
	if err != nil {
		return p, err
	}
	p.LicenseConcluded, p.LicenseDeclared = spdxLicenses(choices, func(s string) string { return s })
	if p.CopyrightText, err = o.str("copyright"); err != nil {
		return p, err
	}

	purl, err := o.str("purl")
	if err != nil {
		return p, err
	}
	if purl != "" {
		// SPDX 2.3 spells the category PACKAGE-MANAGER; its 2.3.1 schema also
		// takes PACKAGE_MANAGER, which CPython writes. A BOM made from SPDX
		// says which one its document used; others get the 2.3 spelling.
		cat := "PACKAGE-MANAGER"
		if r.fromSPDX {
			cat = "PACKAGE_MANAGER"
		}
		if v, ok := pr.take(propPURLCategory); ok {
			cat = v
		}
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: cat, ReferenceType: "purl", ReferenceLocator: purl})
	}
	cpe, err := o.str("cpe")
	if err != nil {
		return p, err
	}
	if cpe != "" {
		typ := cpeRefType(cpe)
		if typ == "" {
			typ = "cpe23Type"
		}
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: typ, ReferenceLocator: cpe})
	}
	for _, k := range [][2]string{{"omniborId", "gitoid"}, {"swhid", "swh"}} {
		ids, err := o.strs(k[0])
		if err != nil {
			return p, err
		}
		for _, v := range ids {
			p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "PERSISTENT_ID", ReferenceType: k[1], ReferenceLocator: v})
		}
	}
	ers, err := o.objs("externalReferences")
	if err != nil {
		return p, err
	}
	for _, er := range ers {
		u, err := er.str("url")
		if err != nil {
			return p, err
		}
		t, err := er.str("type")
		if err != nil {
			return p, err
		}
		switch {
		case t == "distribution" && p.DownloadLocation == "" && u != "":
			p.DownloadLocation = u
		case t == "website" && p.Homepage == "" && u != "":
			p.Homepage = u
		case u != "" && idstringRe().MatchString(t) && !strings.ContainsFunc(u, unicode.IsSpace):
			p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "OTHER", ReferenceType: t, ReferenceLocator: u})
		default:
			r.lose(er.path, id, fmt.Sprintf("the %q reference %q cannot be an SPDX external reference", t, u))
			continue
		}
		r.rest(er, id)
	}

	// What FromSPDX kept in properties wins over the structure.
	for _, s := range []struct {
		name string
		dst  *string
	}{
		{propSupplier, &p.Supplier}, {propOriginator, &p.Originator},
		{propDownload, &p.DownloadLocation}, {propHomepage, &p.Homepage},
		{propLicenseConcluded, &p.LicenseConcluded}, {propLicenseDeclared, &p.LicenseDeclared},
		{propCopyright, &p.CopyrightText}, {propPackageFileName, &p.PackageFileName},
		{propSourceInfo, &p.SourceInfo}, {propSummary, &p.Summary}, {propComment, &p.Comment},
		{propReleaseDate, &p.ReleaseDate}, {propBuiltDate, &p.BuiltDate}, {propValidUntilDate, &p.ValidUntilDate},
	} {
		if v, ok := pr.take(s.name); ok {
			*s.dst = v
		}
	}
	if v, ok := pr.takeIf(propFilesAnalyzed, func(v string) bool { return v == "true" || v == "false" }); ok {
		b := v == "true"
		p.FilesAnalyzed = &b
	}
	if v, ok := pr.take(propVerifCode); ok {
		p.PackageVerificationCode = &spdx.VerificationCode{Value: v, ExcludedFiles: pr.all(propVerifExcluded)}
	}
	p.LicenseInfoFromFiles = pr.all(propLicenseFromFiles)
	p.AttributionTexts = pr.all(propAttributionText)
	p.HasFiles = r.mapRefs(pr.all(propHasFiles))
	for _, e := range pr.entries(propExternalRef) {
		f := strings.SplitN(e.value, " ", 3)
		if len(f) != 3 || f[0] == "" || f[1] == "" {
			r.lose(e.path, id, fmt.Sprintf("the external reference %q is not \"CATEGORY TYPE LOCATOR\"", e.value))
			continue
		}
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: f[0], ReferenceType: f[1], ReferenceLocator: f[2]})
	}

	if !r.fromSPDX {
		if p.DownloadLocation == "" {
			p.DownloadLocation = "NOASSERTION"
		}
		if p.FilesAnalyzed == nil {
			no := false
			p.FilesAnalyzed = &no
		}
	}
	return p, nil
}

// idstringRe is SPDX's idstring, which an OTHER reference type must be.
var idstringRe = lazyRegexp(`^[A-Za-z0-9.\-]+$`)

func (r *rev) file(n *node) (spdx.File, error) {
	o, pr, id := n.o, n.props, n.ref
	f := spdx.File{SPDXID: n.id, FileName: n.name}
	var err error
	if f.Checksums, err = r.checksums(o, id); err != nil {
		return f, err
	}
	choices, err := r.licenseChoices(o, id)
	if err != nil {
		return f, err
	}
	var concluded []licenseChoice
	var inFile []string
	for i, c := range choices {
		switch {
		case c.License != nil && c.License.Acknowledgement == "concluded", c.License == nil && c.Acknowledgement == "concluded":
			concluded = append(concluded, c)
		case c.License != nil:
			inFile = append(inFile, c.License.ID+c.License.Name)
		default:
			r.lose(ptr(o.at("licenses"), i), id, "a file's declared license expression cannot be an SPDX licenseInfoInFiles entry")
		}
	}
	f.LicenseConcluded, _ = spdxLicenses(concluded, func(s string) string { return s })
	if f.CopyrightText, err = o.str("copyright"); err != nil {
		return f, err
	}
	for _, s := range []struct {
		name string
		dst  *string
	}{
		{propLicenseConcluded, &f.LicenseConcluded}, {propCopyright, &f.CopyrightText},
		{propComment, &f.Comment}, {propNoticeText, &f.NoticeText},
	} {
		if v, ok := pr.take(s.name); ok {
			*s.dst = v
		}
	}
	f.FileTypes = pr.all(propFileType)
	f.LicenseInfoInFiles = append(pr.all(propLicenseInFile), inFile...)
	f.FileContributors = pr.all(propFileContributor)
	f.AttributionTexts = pr.all(propAttributionText)
	return f, nil
}

// entityString reads an organizationalEntity member as an SPDX actor.
func (r *rev) entityString(o *obj, key, id string) (string, error) {
	eo, err := o.child(key)
	if err != nil || eo == nil {
		return "", err
	}
	e := &entity{}
	if e.Name, err = eo.str("name"); err != nil {
		return "", err
	}
	cs, err := eo.objs("contact")
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		var ct contact
		if ct.Name, err = c.str("name"); err != nil {
			return "", err
		}
		if ct.Email, err = c.str("email"); err != nil {
			return "", err
		}
		e.Contact = append(e.Contact, ct)
	}
	s, usedContact := entityActor(e)
	if usedContact {
		for _, c := range cs {
			r.rest(c, id)
		}
	} else if len(cs) > 0 {
		delete(eo.used, "contact")
	}
	r.rest(eo, id)
	return s, nil
}

// originator is the SPDX originator of a component: its manufacturer, else
// its one author (CycloneDX 1.6), else its author text (1.5).
func (r *rev) originator(o *obj, id string) (string, error) {
	man, err := r.entityString(o, "manufacturer", id)
	if err != nil {
		return "", err
	}
	authors, err := r.contacts(o, "authors", id)
	if err != nil {
		return "", err
	}
	author, err := o.str("author")
	if err != nil {
		return "", err
	}
	var out string
	authorText := actor{"Person", author, ""}.String()
	switch {
	case man != "":
		out = man
		if len(authors) > 0 {
			r.lose(o.at("authors"), id, "SPDX has one originator; the manufacturer is it, the authors are not carried")
		}
	case len(authors) > 0:
		out = authors[0]
		for i := 1; i < len(authors); i++ {
			r.lose(ptr(o.at("authors"), i), id, "SPDX has one originator; only the first author is it")
		}
	case author != "":
		out = authorText
	}
	if author != "" && out != authorText {
		r.lose(o.at("author"), id, "SPDX has one originator; the author text is not carried")
	}
	return out, nil
}

// contacts reads an array of organizationalContacts as SPDX Person actors.
func (r *rev) contacts(o *obj, key, id string) ([]string, error) {
	cs, err := o.objs(key)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cs {
		var ct contact
		if ct.Name, err = c.str("name"); err != nil {
			return nil, err
		}
		if ct.Email, err = c.str("email"); err != nil {
			return nil, err
		}
		s := contactActor(ct)
		if s == "" {
			r.lose(c.path, id, "a contact without a name is not carried")
			continue
		}
		out = append(out, s)
		r.rest(c, id)
	}
	return out, nil
}

func (r *rev) checksums(o *obj, id string) ([]spdx.Checksum, error) {
	hs, err := o.objs("hashes")
	if err != nil {
		return nil, err
	}
	var out []spdx.Checksum
	for _, h := range hs {
		alg, err := h.str("alg")
		if err != nil {
			return nil, err
		}
		content, err := h.str("content")
		if err != nil {
			return nil, err
		}
		s, ok := spdxAlgs[alg]
		if !ok {
			r.lose(h.path, id, fmt.Sprintf("SPDX has no %q checksum algorithm", alg))
			continue
		}
		out = append(out, spdx.Checksum{Algorithm: s, ChecksumValue: content})
		r.rest(h, id)
	}
	return out, nil
}

// licenseChoices reads a licenses array. A license with a name but no ID
// becomes a LicenseRef- with a hasExtractedLicensingInfos entry (its text or
// name, its URL as seeAlso), unless the name is a LicenseRef already.
func (r *rev) licenseChoices(o *obj, id string) ([]licenseChoice, error) {
	ls, err := o.objs("licenses")
	if err != nil {
		return nil, err
	}
	var out []licenseChoice
	for _, l := range ls {
		lo, err := l.child("license")
		if err != nil {
			return nil, err
		}
		if lo == nil {
			expr, err := l.str("expression")
			if err != nil {
				return nil, err
			}
			ack, err := l.str("acknowledgement")
			if err != nil {
				return nil, err
			}
			if expr == "" {
				r.lose(l.path, id, "a licenses item with neither a license nor an expression is not carried")
				delete(l.used, "acknowledgement")
			} else {
				out = append(out, licenseChoice{Expression: expr, Acknowledgement: ack})
			}
			r.rest(l, id)
			continue
		}
		r.rest(l, id)
		var lc license
		if lc.ID, err = lo.str("id"); err != nil {
			return nil, err
		}
		if lc.Name, err = lo.str("name"); err != nil {
			return nil, err
		}
		if lc.Acknowledgement, err = lo.str("acknowledgement"); err != nil {
			return nil, err
		}
		switch {
		case lc.ID != "":
			lc.Name = ""
			delete(lo.used, "name")
		case lc.Name == "":
			r.lose(lo.path, id, "a license with neither an id nor a name is not carried")
			continue
		case !licenseRefRe().MatchString(lc.Name):
			if lc.Name, err = r.extractedLicense(lo, lc.Name); err != nil {
				return nil, err
			}
		}
		out = append(out, licenseChoice{License: &lc})
		r.rest(lo, id)
	}
	return out, nil
}

func (r *rev) extractedLicense(lo *obj, name string) (string, error) {
	ref := "LicenseRef-" + spdx.ID(name)
	text := name
	comment := "named in a CycloneDX BOM without its text"
	if to, err := lo.child("text"); err != nil {
		return "", err
	} else if to != nil {
		content, err := to.str("content")
		if err != nil {
			return "", err
		}
		enc, err := to.str("encoding")
		if err != nil {
			return "", err
		}
		to.raw("contentType")
		switch {
		case content != "" && enc == "":
			text, comment = content, ""
		case content != "" && enc == "base64":
			if b, err := base64.StdEncoding.DecodeString(content); err == nil && utf8.Valid(b) {
				text, comment = string(b), ""
			}
		}
		if comment != "" {
			delete(lo.used, "text")
		} else {
			r.rest(to, "")
		}
	}
	url, err := lo.str("url")
	if err != nil {
		return "", err
	}
	if r.licRefs == nil {
		r.licRefs = map[string]bool{}
	}
	if !r.licRefs[ref] {
		r.licRefs[ref] = true
		e := map[string]any{"licenseId": ref, "name": name, "extractedText": text}
		if comment != "" {
			e["comment"] = comment
		}
		if url != "" {
			e["seeAlsos"] = []any{url}
		}
		r.extracted = append(r.extracted, e)
	}
	return ref, nil
}

func (r *rev) relationships(doc *spdx.Document, root *obj, meta *node, mprops *props) error {
	add := func(src, typ, dst string) {
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: src, RelationshipType: typ, RelatedSPDXElement: dst})
	}
	if meta != nil && !meta.synthetic {
		if _, none := mprops.takeIf(propDescribesRel, func(v string) bool { return v == "none" }); !none {
			add(r.docID, "DESCRIBES", meta.id)
		}
	}
	doc.DocumentDescribes = r.mapRefs(mprops.all(propDocumentDescribes))

	for _, n := range r.nodes {
		if n.parent == nil || n.synthetic || n.parent.synthetic {
			continue
		}
		if _, ok := n.props.takeIf(propContainedVia, func(v string) bool { return v == "hasFiles" }); ok {
			continue
		}
		add(n.parent.id, "CONTAINS", n.id)
	}
	for _, n := range r.nodes {
		src := n.id
		if n.synthetic {
			src = r.docID
		}
		for _, e := range n.props.entries(propRelationship) {
			typ, dst, ok := strings.Cut(e.value, " ")
			if !ok || typ == "" || dst == "" || strings.Contains(dst, " ") {
				r.lose(e.path, n.ref, fmt.Sprintf("the relationship %q is not \"TYPE TARGET\"", e.value))
				continue
			}
			add(src, typ, r.mapRef(dst))
		}
	}
	for _, e := range mprops.entries(propRelationship) {
		f := strings.Split(e.value, " ")
		if len(f) != 3 || f[0] == "" || f[1] == "" || f[2] == "" {
			r.lose(e.path, "", fmt.Sprintf("the relationship %q is not \"SOURCE TYPE TARGET\"", e.value))
			continue
		}
		add(r.mapRef(f[0]), f[1], r.mapRef(f[2]))
	}

	deps, err := root.objs("dependencies")
	if err != nil {
		return err
	}
	for _, d := range deps {
		ref, err := d.str("ref")
		if err != nil {
			return err
		}
		targets, err := d.strs("dependsOn")
		if err != nil {
			return err
		}
		src := r.refs[ref]
		if src == nil {
			r.lose(d.path, ref, fmt.Sprintf("the dependency's ref %q is no component's bom-ref", ref))
			continue
		}
		if len(targets) == 0 {
			add(src.id, "DEPENDS_ON", "NONE")
		}
		for j, t := range targets {
			dst := r.refs[t]
			if dst == nil {
				r.lose(ptr(d.at("dependsOn"), j), ref, fmt.Sprintf("%q is no component's bom-ref", t))
				continue
			}
			if _, ok := dst.props.takeIf(propDependencyOf, func(v string) bool { return r.mapRef(v) == src.id }); ok {
				add(dst.id, "DEPENDENCY_OF", src.id)
			} else {
				add(src.id, "DEPENDS_ON", dst.id)
			}
		}
		r.rest(d, ref)
	}
	r.relationshipComments(doc)
	return nil
}

// relationshipComments puts each relationshipComment property back on the
// first relationship without a comment that it names.
func (r *rev) relationshipComments(doc *spdx.Document) {
	for _, n := range r.nodes {
		for _, e := range n.props.entries(propRelationshipComment) {
			f := strings.SplitN(e.value, " ", 3)
			found := false
			if len(f) == 3 && f[2] != "" {
				dst := r.mapRef(f[1])
				for i := range doc.Relationships {
					rel := &doc.Relationships[i]
					if rel.SPDXElementID == n.id && rel.RelationshipType == f[0] && rel.RelatedSPDXElement == dst && rel.Comment == "" {
						rel.Comment = f[2]
						found = true
						break
					}
				}
			}
			if !found {
				r.lose(e.path, n.ref, fmt.Sprintf("the relationship comment %q names no relationship of this component (\"TYPE TARGET COMMENT\")", e.value))
			}
		}
	}
}

var spdxCreatedRe = lazyRegexp(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

func (r *rev) metadata(doc *spdx.Document, md *obj, mprops *props, meta *node, serial string, version int64, text []byte) error {
	var created, dataLicense string
	var creators []string
	if md != nil {
		ts, err := md.str("timestamp")
		if err != nil {
			return err
		}
		created = r.created(ts, md.at("timestamp"))
		man, err := r.entityString(md, "manufacturer", "")
		if err != nil {
			return err
		}
		if man != "" {
			creators = append(creators, man)
		}
		authors, err := r.contacts(md, "authors", "")
		if err != nil {
			return err
		}
		creators = append(creators, authors...)
		tools, err := r.tools(md)
		if err != nil {
			return err
		}
		creators = append(creators, tools...)
		if dataLicense, err = r.dataLicense(md); err != nil {
			return err
		}
	}
	creators = append(creators, mprops.all(propCreator)...)

	if r.fromSPDX {
		doc.SPDXVersion, _ = mprops.take(propSPDXVersion)
		doc.SPDXID, _ = mprops.take(propSPDXID)
		if v, ok := mprops.take(propDocName); ok {
			doc.Name = v
		}
		doc.DocumentNamespace, _ = mprops.take(propNamespace)
		doc.DataLicense = dataLicense
		if v, ok := mprops.take(propDataLicense); ok {
			doc.DataLicense = v
		}
		if v, ok := mprops.take(propCreated); ok {
			created = v
		}
		for _, e := range mprops.entries(propEmptyList) {
			switch e.value {
			case "documentDescribes":
				doc.DocumentDescribes = nonNil(doc.DocumentDescribes)
			case "packages":
				doc.Packages = nonNil(doc.Packages)
			case "files":
				doc.Files = nonNil(doc.Files)
			case "relationships":
				doc.Relationships = nonNil(doc.Relationships)
			default:
				r.lose(e.path, "", fmt.Sprintf("SPDX documents have no list %q", e.value))
			}
		}
		ci := &spdx.CreationInfo{Created: created, Creators: creators}
		ci.LicenseListVersion, _ = mprops.take(propLicenseListVer)
		ci.Comment, _ = mprops.take(propCreatorComment)
		if ci.Created != "" || ci.Creators != nil || ci.LicenseListVersion != "" || ci.Comment != "" {
			doc.CreationInfo = ci
		}
		return nil
	}

	doc.SPDXVersion = "SPDX-2.3"
	doc.SPDXID = documentID
	doc.DataLicense = "CC0-1.0"
	if dataLicense != "" && dataLicense != "CC0-1.0" {
		r.lose(md.at("licenses"), "", fmt.Sprintf("an SPDX document is CC0-1.0; the BOM's own license %s is not carried", dataLicense))
	}
	switch {
	case meta != nil && meta.name != "":
		doc.Name = meta.name
	case serial != "":
		doc.Name = serial
	}
	switch {
	case serialRe().MatchString(serial) && version == 1:
		doc.DocumentNamespace = serial
	case serial != "":
		doc.DocumentNamespace = uuidURN(uuid5(nsURL, serial+"/"+strconv.FormatInt(version, 10)))
	default:
		sum := sha256.Sum256(text)
		doc.DocumentNamespace = uuidURN(uuid5(contentNS, hex.EncodeToString(sum[:])))
		r.lose("/serialNumber", "", "the BOM has no serialNumber; the SPDX documentNamespace is "+doc.DocumentNamespace+", a name-based UUID of the SHA-256 of the BOM's bytes")
	}
	// A BOM without a timestamp (osv-scanner writes none), a name or
	// creators leaves them empty here: the model holds what the BOM says,
	// and convert.Write fills what SPDX 2.3 requires with stated defaults,
	// each reported.
	doc.CreationInfo = &spdx.CreationInfo{Created: created, Creators: creators}
	return nil
}

var serialRe = lazyRegexp(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// created turns a CycloneDX timestamp into SPDX's whole-second UTC form,
// except in a BOM from SPDX, where it is the SPDX value.
func (r *rev) created(ts, path string) string {
	if ts == "" || spdxCreatedRe().MatchString(ts) || r.fromSPDX {
		return ts
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		r.lose(path, "", fmt.Sprintf("%q is not an RFC 3339 date-time; creationInfo.created is left out", ts))
		return ""
	}
	t = t.UTC()
	if t.Nanosecond() != 0 {
		r.lose(path, "", "the fraction of a second is dropped: SPDX's created has whole seconds")
	}
	return t.Format("2006-01-02T15:04:05Z")
}

// tools reads metadata.tools, the 1.6 object or the legacy array, as SPDX
// "Tool: name-version" creators.
func (r *rev) tools(md *obj) ([]string, error) {
	v, ok := md.raw("tools")
	if !ok {
		return nil, nil
	}
	path := md.at("tools")
	var list []*obj
	switch t := v.(type) {
	case []any:
		for i, it := range t {
			m, ok := it.(map[string]any)
			if !ok {
				return nil, &PathError{ptr(path, i), "want an object, got " + kind(it)}
			}
			list = append(list, newObj(ptr(path, i), m))
		}
	case map[string]any:
		to := newObj(path, t)
		cs, err := to.objs("components")
		if err != nil {
			return nil, err
		}
		ss, err := to.objs("services")
		if err != nil {
			return nil, err
		}
		list = append(cs, ss...)
		r.rest(to, "")
	default:
		return nil, &PathError{path, "want an object or an array, got " + kind(v)}
	}
	var out []string
	for _, to := range list {
		name, err := to.str("name")
		if err != nil {
			return nil, err
		}
		version, err := to.str("version")
		if err != nil {
			return nil, err
		}
		if t, _ := to.m["type"].(string); t == "application" {
			to.raw("type")
		}
		if name == "" {
			r.lose(to.path, "", "a tool without a name is not carried")
			continue
		}
		out = append(out, toolActor(name, version))
		r.rest(to, "")
	}
	return out, nil
}

// dataLicense reads metadata.licenses when it is one license ID.
func (r *rev) dataLicense(md *obj) (string, error) {
	v, ok := md.m["licenses"]
	if !ok {
		return "", nil
	}
	if items, ok := v.([]any); ok && len(items) == 1 {
		if item, ok := items[0].(map[string]any); ok && len(item) == 1 {
			if l, ok := item["license"].(map[string]any); ok && len(l) == 1 {
				if id, ok := l["id"].(string); ok && id != "" {
					md.raw("licenses")
					return id, nil
				}
			}
		}
	}
	return "", nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
