package cyclonedx

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Options tune FromSPDX.
type Options struct {
	// Compact writes the JSON on one line; by default it is indented by two
	// spaces. Either way it ends with a newline.
	Compact bool
}

// maxDepth bounds the component nesting ToSPDX and Check read. FromSPDX
// writes no nesting.
const maxDepth = 64

const documentID = "SPDXRef-DOCUMENT"

// FromSPDX converts an SPDX 2.3 document to CycloneDX 1.6 JSON. The same
// document gives the same bytes. The losses are the members of doc the BOM
// does not carry, by JSON pointer into doc; FromSPDX changes nothing in doc.
// The only errors are a nil document and an SPDX ID used by two elements
// (bom-refs must be unique).
func FromSPDX(doc *spdx.Document, opts Options) ([]byte, []Loss, error) {
	if doc == nil {
		return nil, nil, errors.New("cyclonedx: no SPDX document to convert")
	}
	f := &fwd{doc: doc, elems: map[string]*elem{}}
	b, err := f.convert()
	if err != nil {
		return nil, nil, err
	}
	out, err := encode(b, opts.Compact)
	if err != nil {
		return nil, nil, fmt.Errorf("cyclonedx: encoding the BOM: %w", err)
	}
	return out, sortLosses(f.losses), nil
}

type fwd struct {
	doc       *spdx.Document
	losses    []Loss
	elems     map[string]*elem // by SPDX ID
	order     []*elem          // packages, then files, in document order
	metaProps []property
	// dependencies is the dependency graph, sorted by ref.
	dependencies []dependency
}

// elem is one SPDX package or file on its way to being a component.
type elem struct {
	id   string
	path string
	comp *component
}

func (f *fwd) lose(path, id, what string) {
	f.losses = append(f.losses, Loss{Path: path, ID: id, What: what})
}

// extra reports the members the SPDX model kept in an Extra map: members it
// does not know, and known ones whose value it could not hold.
func (f *fwd) extra(path, id string, m map[string]any) {
	for _, k := range sortedKeys(m) {
		f.lose(ptr(path, k), id, fmt.Sprintf("member %q is not carried into CycloneDX", k))
	}
}

// emptyList reports a list that is present but empty: CycloneDX omits it.
func (f *fwd) emptyList(path, id, name string, isEmpty bool) {
	if isEmpty {
		f.lose(ptr(path, name), id, fmt.Sprintf("the empty %q list is not carried", name))
	}
}

func (f *fwd) metaProp(name, value string) {
	f.metaProps = append(f.metaProps, property{name, value})
}

func (f *fwd) convert() (*bom, error) {
	doc := f.doc
	docID := doc.SPDXID
	if docID == "" {
		docID = documentID
	}
	claim := func(id, path string) error {
		if id == "" {
			return nil
		}
		if id == docID {
			return fmt.Errorf("cyclonedx: %s: the SPDX ID %s is the document's own; bom-refs must be unique", path, id)
		}
		if prev, dup := f.elems[id]; dup {
			return fmt.Errorf("cyclonedx: %s: the SPDX ID %s is also used at %s; bom-refs must be unique", path, id, prev.path)
		}
		if !spdxIDRe().MatchString(id) {
			f.lose(ptr(path, "SPDXID"), id, "the SPDX ID is not SPDXRef- and letters, digits, '.' or '-': it is the bom-ref, but ToSPDX gives the element a valid ID")
		}
		return nil
	}
	for i := range doc.Packages {
		p := &doc.Packages[i]
		path := ptr("/packages", i)
		if err := claim(p.SPDXID, path); err != nil {
			return nil, err
		}
		e := &elem{id: p.SPDXID, path: path, comp: f.packageComponent(path, p)}
		f.order = append(f.order, e)
		if e.id != "" {
			f.elems[e.id] = e
		}
	}
	for i := range doc.Files {
		fl := &doc.Files[i]
		path := ptr("/files", i)
		if err := claim(fl.SPDXID, path); err != nil {
			return nil, err
		}
		e := &elem{id: fl.SPDXID, path: path, comp: f.fileComponent(path, fl)}
		f.order = append(f.order, e)
		if e.id != "" {
			f.elems[e.id] = e
		}
	}

	meta := f.relationships(docID)

	b := &bom{Schema: schemaURL, BOMFormat: "CycloneDX", SpecVersion: specVersion, Version: 1}
	md := &metadata{}
	// Components must be unique. Elements with IDs differ by bom-ref; an
	// element without one (invalid SPDX) that equals an earlier one cannot
	// be listed twice.
	idless := map[string]string{}
	for _, e := range f.order {
		if e.id == "" {
			key, err := json.Marshal(e.comp)
			if err != nil {
				return nil, fmt.Errorf("cyclonedx: %s: %w", e.path, err)
			}
			if first, dup := idless[string(key)]; dup {
				f.lose(e.path, "", "an element without an SPDX ID that is identical to "+first+" cannot be listed twice")
				continue
			}
			idless[string(key)] = e.path
		}
		// The layout other readers find: the described element is
		// metadata.component, every other package and file a top-level
		// component; CONTAINS is a property (docs/cyclonedx.md, Layout).
		if e == meta {
			md.Component = e.comp
		} else {
			b.Components = append(b.Components, e.comp)
		}
	}
	b.Dependencies = f.dependencies

	f.metadata(md, docID, meta)
	b.Metadata = md

	if ns := doc.DocumentNamespace; ns != "" {
		b.SerialNumber = uuidURN(uuid5(nsURL, ns))
	} else {
		text, err := spdx.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("cyclonedx: hashing the document for its serial number: %w", err)
		}
		sum := sha256.Sum256(text)
		b.SerialNumber = uuidURN(uuid5(contentNS, hex.EncodeToString(sum[:])))
	}
	return b, nil
}

func (f *fwd) metadata(md *metadata, docID string, meta *elem) {
	doc := f.doc
	// spdxVersion always: its presence tells ToSPDX the BOM came from SPDX.
	props := []property{{propSPDXVersion, doc.SPDXVersion}}
	if doc.SPDXID != "" {
		props = append(props, property{propSPDXID, doc.SPDXID})
	}
	// The name is a property, not a stand-in metadata.component: readers
	// such as syft count an application component there as a package.
	if doc.Name != "" {
		props = append(props, property{propDocName, doc.Name})
	}
	if doc.DocumentNamespace != "" {
		props = append(props, property{propNamespace, doc.DocumentNamespace})
	}
	if dl := doc.DataLicense; dl != "" {
		if cdxLicenseIDs()[dl] {
			md.Licenses = []licenseChoice{{License: &license{ID: dl}}}
		} else {
			props = append(props, property{propDataLicense, dl})
		}
	}
	for _, id := range doc.DocumentDescribes {
		props = append(props, property{propDocumentDescribes, id})
	}
	// CPython's documents write "files": [] when there are none.
	for _, l := range []struct {
		name  string
		empty bool
	}{
		{"documentDescribes", doc.DocumentDescribes != nil && len(doc.DocumentDescribes) == 0},
		{"packages", doc.Packages != nil && len(doc.Packages) == 0},
		{"files", doc.Files != nil && len(doc.Files) == 0},
		{"relationships", doc.Relationships != nil && len(doc.Relationships) == 0},
	} {
		if l.empty {
			props = append(props, property{propEmptyList, l.name})
		}
	}

	if ci := doc.CreationInfo; ci != nil {
		const path = "/creationInfo"
		if ci.Created == "" && ci.Creators == nil && ci.LicenseListVersion == "" && ci.Comment == "" && len(ci.Extra) == 0 {
			f.lose(path, "", "an empty creationInfo is not carried")
		}
		if ci.Created != "" {
			if isTimestamp(ci.Created) {
				md.Timestamp = ci.Created
			} else {
				props = append(props, property{propCreated, ci.Created})
			}
		}
		seenTools := map[string]bool{}
		for _, cr := range ci.Creators {
			a, ok := parseActor(cr)
			switch {
			case ok && a.kind == "Tool" && a.name != "" && !seenTools[cr]:
				// tools.components must be unique: a repeated tool stays a property.
				if t := toolComponent(a.name); toolActor(t.Name, t.Version) == cr {
					if md.Tools == nil {
						md.Tools = &tools{}
					}
					md.Tools.Components = append(md.Tools.Components, t)
					seenTools[cr] = true
					continue
				}
			case ok && a.kind == "Person":
				if c := (contact{a.name, a.email}); contactActor(c) == cr {
					md.Authors = append(md.Authors, c)
					continue
				}
			case ok && a.kind == "Organization" && md.Manufacturer == nil:
				if e := actorEntity(a); first(entityActor(e)) == cr {
					md.Manufacturer = e
					continue
				}
			}
			props = append(props, property{propCreator, cr})
		}
		f.emptyList(path, "", "creators", ci.Creators != nil && len(ci.Creators) == 0)
		if ci.LicenseListVersion != "" {
			props = append(props, property{propLicenseListVer, ci.LicenseListVersion})
		}
		if ci.Comment != "" {
			props = append(props, property{propCreatorComment, ci.Comment})
		}
		f.extra(path, "", ci.Extra)
	}
	f.extra("", "", doc.Extra)
	md.Properties = append(props, f.metaProps...)
}

func first[T, U any](t T, _ U) T { return t }

// relationships turns relationships into structure where CycloneDX has it
// (DESCRIBES -> metadata.component, DEPENDS_ON and DEPENDENCY_OF ->
// dependencies) and into properties where it does not (CONTAINS and the
// rest). It
// returns the element that becomes metadata.component, if any.
func (f *fwd) relationships(docID string) *elem {
	doc := f.doc
	rels := doc.Relationships
	used := make([]bool, len(rels))

	// DESCRIBES: metadata.component when exactly one element is described.
	var described []*elem
	seen := map[*elem]bool{}
	describe := func(id string) {
		if e := f.elems[id]; e != nil && !seen[e] {
			seen[e] = true
			described = append(described, e)
		}
	}
	for _, id := range doc.DocumentDescribes {
		describe(id)
	}
	for _, r := range rels {
		if r.RelationshipType == "DESCRIBES" && r.SPDXElementID == docID {
			describe(r.RelatedSPDXElement)
		}
	}
	var meta *elem
	if len(described) == 1 {
		meta = described[0]
		found := false
		for k, r := range rels {
			if r.RelationshipType == "DESCRIBES" && r.SPDXElementID == docID && r.RelatedSPDXElement == meta.id {
				used[k], found = true, true
				break
			}
		}
		if !found {
			f.metaProp(propDescribesRel, "none")
		}
	}

	// CONTAINS is left to the properties below: nesting hides components
	// from readers that look only at the top level (osv-scanner, cdxgen's
	// validator) or not under metadata.component (syft), and hasFiles is a
	// property of its own.

	// DEPENDS_ON, then DEPENDENCY_OF inverted where the same edge is not
	// already stated the other way.
	edges := map[*elem]map[*elem]bool{}
	none := map[*elem]bool{}
	hasEdge := func(a, b *elem) bool { return edges[a][b] }
	addEdge := func(a, b *elem) {
		if edges[a] == nil {
			edges[a] = map[*elem]bool{}
		}
		edges[a][b] = true
	}
	hasDeps := map[*elem]bool{} // elements with a dependency on an element
	for _, r := range rels {
		src, dst := f.elems[r.SPDXElementID], f.elems[r.RelatedSPDXElement]
		switch {
		case src == nil || dst == nil:
		case r.RelationshipType == "DEPENDS_ON":
			hasDeps[src] = true
		case r.RelationshipType == "DEPENDENCY_OF":
			hasDeps[dst] = true
		}
	}
	for k, r := range rels {
		if r.RelationshipType != "DEPENDS_ON" {
			continue
		}
		src, dst := f.elems[r.SPDXElementID], f.elems[r.RelatedSPDXElement]
		switch {
		case src != nil && dst != nil && !hasEdge(src, dst):
			addEdge(src, dst)
			used[k] = true
		case src != nil && r.RelatedSPDXElement == "NONE" && !hasDeps[src] && !none[src]:
			none[src] = true
			used[k] = true
		}
	}
	for k, r := range rels {
		if r.RelationshipType != "DEPENDENCY_OF" {
			continue
		}
		dep, of := f.elems[r.SPDXElementID], f.elems[r.RelatedSPDXElement]
		if dep == nil || of == nil || hasEdge(of, dep) || dep.id == "" || of.id == "" {
			continue
		}
		addEdge(of, dep)
		used[k] = true
		dep.comp.Properties = append(dep.comp.Properties, property{propDependencyOf, of.id})
	}
	for _, e := range f.order {
		if len(edges[e]) == 0 && !none[e] {
			continue
		}
		d := dependency{Ref: e.id}
		for t := range edges[e] {
			d.DependsOn = append(d.DependsOn, t.id)
		}
		slices.Sort(d.DependsOn)
		f.dependencies = append(f.dependencies, d)
	}
	slices.SortFunc(f.dependencies, func(a, b dependency) int { return strings.Compare(a.Ref, b.Ref) })

	// The rest become properties, and what no property can hold is a loss.
	for k, r := range rels {
		path := ptr("/relationships", k)
		fields := []string{r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement}
		switch {
		case used[k]:
		case slices.ContainsFunc(fields, func(s string) bool { return s == "" || strings.ContainsFunc(s, unicode.IsSpace) }):
			f.lose(path, "", fmt.Sprintf("the relationship %q %q %q has an empty or spaced field and is not carried", fields[0], fields[1], fields[2]))
			continue
		case f.elems[r.SPDXElementID] != nil:
			src := f.elems[r.SPDXElementID]
			src.comp.Properties = append(src.comp.Properties, property{propRelationship, r.RelationshipType + " " + r.RelatedSPDXElement})
		default:
			f.metaProp(propRelationship, strings.Join(fields, " "))
		}
		f.extra(path, "", r.Extra)
		if r.Comment != "" {
			if src := f.elems[r.SPDXElementID]; src != nil && !slices.ContainsFunc(fields, func(s string) bool { return s == "" || strings.ContainsFunc(s, unicode.IsSpace) }) {
				src.comp.Properties = append(src.comp.Properties, property{propRelationshipComment, r.RelationshipType + " " + r.RelatedSPDXElement + " " + r.Comment})
			} else {
				f.lose(ptr(path, "comment"), "", "the comment of a relationship whose source is no component is not carried")
			}
		}
	}
	return meta
}

func (f *fwd) packageComponent(path string, p *spdx.Package) *component {
	id := p.SPDXID
	c := &component{Type: componentType(p.PrimaryPackagePurpose), BOMRef: id, Name: p.Name, Version: p.VersionInfo, Description: p.Description}
	prop := func(name, value string) { c.Properties = append(c.Properties, property{name, value}) }
	if purpose, ok := packagePurpose(c.Type); !ok || purpose != p.PrimaryPackagePurpose {
		prop(propPurpose, p.PrimaryPackagePurpose)
	}

	if s := p.Supplier; s != "" {
		if a, ok := parseActor(s); ok {
			c.Supplier = actorEntity(a)
		} else if s != "NOASSERTION" {
			c.Supplier = &entity{Name: s}
		}
		if got, _ := entityActor(c.Supplier); got != s {
			prop(propSupplier, s)
		}
	}
	if o := p.Originator; o != "" {
		if a, ok := parseActor(o); ok {
			switch a.kind {
			case "Organization":
				c.Manufacturer = actorEntity(a)
			case "Person":
				c.Authors = []contact{{a.name, a.email}}
			}
		}
		if originatorOf(c.Manufacturer, c.Authors) != o {
			prop(propOriginator, o)
		}
	}

	c.ExternalReferences = f.urlRef(c.ExternalReferences, p.DownloadLocation, "distribution", propDownload, prop)
	c.ExternalReferences = f.urlRef(c.ExternalReferences, p.Homepage, "website", propHomepage, prop)
	if p.FilesAnalyzed != nil {
		prop(propFilesAnalyzed, strconv.FormatBool(*p.FilesAnalyzed))
	}
	if vc := p.PackageVerificationCode; vc != nil {
		prop(propVerifCode, vc.Value)
		for _, x := range vc.ExcludedFiles {
			prop(propVerifExcluded, x)
		}
		f.emptyList(ptr(path, "packageVerificationCode"), id, "packageVerificationCodeExcludedFiles", vc.ExcludedFiles != nil && len(vc.ExcludedFiles) == 0)
		f.extra(ptr(path, "packageVerificationCode"), id, vc.Extra)
	}
	c.Hashes = f.hashes(path, id, p.Checksums)
	c.Licenses = f.licenses(p.LicenseConcluded, p.LicenseDeclared, prop)
	for _, l := range p.LicenseInfoFromFiles {
		prop(propLicenseFromFiles, l)
	}
	f.copyright(c, p.CopyrightText, prop)

	for j, r := range p.ExternalRefs {
		rp := ptr(ptr(path, "externalRefs"), j)
		switch {
		case c.PURL == "" && (r.ReferenceCategory == "PACKAGE_MANAGER" || r.ReferenceCategory == "PACKAGE-MANAGER") && r.ReferenceType == "purl" && r.ReferenceLocator != "":
			c.PURL = r.ReferenceLocator
			if r.ReferenceCategory != "PACKAGE_MANAGER" {
				prop(propPURLCategory, r.ReferenceCategory)
			}
		case c.CPE == "" && r.ReferenceCategory == "SECURITY" && r.ReferenceType != "" && cpeRefType(r.ReferenceLocator) == r.ReferenceType:
			c.CPE = r.ReferenceLocator
		case r.ReferenceCategory == "" || r.ReferenceType == "" || strings.ContainsFunc(r.ReferenceCategory+r.ReferenceType, unicode.IsSpace):
			f.lose(rp, id, "an external reference without a category or type, or with spaces in them, is not carried")
			continue
		default:
			prop(propExternalRef, r.ReferenceCategory+" "+r.ReferenceType+" "+r.ReferenceLocator)
		}
		f.extra(rp, id, r.Extra)
		if r.Comment != "" {
			f.lose(ptr(rp, "comment"), id, "an external reference comment is not carried")
		}
	}

	for _, kv := range [][2]string{
		{propPackageFileName, p.PackageFileName}, {propSourceInfo, p.SourceInfo},
		{propSummary, p.Summary}, {propComment, p.Comment},
		{propReleaseDate, p.ReleaseDate}, {propBuiltDate, p.BuiltDate}, {propValidUntilDate, p.ValidUntilDate},
	} {
		if kv[1] != "" {
			prop(kv[0], kv[1])
		}
	}
	for _, t := range p.AttributionTexts {
		prop(propAttributionText, t)
	}
	for _, id := range p.HasFiles {
		prop(propHasFiles, id)
	}
	for _, l := range []struct {
		name  string
		empty bool
	}{
		{"checksums", p.Checksums != nil && len(p.Checksums) == 0},
		{"externalRefs", p.ExternalRefs != nil && len(p.ExternalRefs) == 0},
		{"licenseInfoFromFiles", p.LicenseInfoFromFiles != nil && len(p.LicenseInfoFromFiles) == 0},
		{"attributionTexts", p.AttributionTexts != nil && len(p.AttributionTexts) == 0},
		{"hasFiles", p.HasFiles != nil && len(p.HasFiles) == 0},
	} {
		f.emptyList(path, id, l.name, l.empty)
	}
	f.extra(path, id, p.Extra)
	return c
}

func (f *fwd) fileComponent(path string, fl *spdx.File) *component {
	id := fl.SPDXID
	c := &component{Type: "file", BOMRef: id, Name: fl.FileName}
	prop := func(name, value string) { c.Properties = append(c.Properties, property{name, value}) }
	c.Hashes = f.hashes(path, id, fl.Checksums)
	c.Licenses = f.licenses(fl.LicenseConcluded, "", prop)
	for _, l := range fl.LicenseInfoInFiles {
		prop(propLicenseInFile, l)
	}
	f.copyright(c, fl.CopyrightText, prop)
	for _, t := range fl.FileTypes {
		prop(propFileType, t)
	}
	if fl.Comment != "" {
		prop(propComment, fl.Comment)
	}
	if fl.NoticeText != "" {
		prop(propNoticeText, fl.NoticeText)
	}
	for _, x := range fl.FileContributors {
		prop(propFileContributor, x)
	}
	for _, t := range fl.AttributionTexts {
		prop(propAttributionText, t)
	}
	for _, l := range []struct {
		name  string
		empty bool
	}{
		{"checksums", fl.Checksums != nil && len(fl.Checksums) == 0},
		{"fileTypes", fl.FileTypes != nil && len(fl.FileTypes) == 0},
		{"licenseInfoInFiles", fl.LicenseInfoInFiles != nil && len(fl.LicenseInfoInFiles) == 0},
		{"fileContributors", fl.FileContributors != nil && len(fl.FileContributors) == 0},
		{"attributionTexts", fl.AttributionTexts != nil && len(fl.AttributionTexts) == 0},
	} {
		f.emptyList(path, id, l.name, l.empty)
	}
	f.extra(path, id, fl.Extra)
	return c
}

// urlRef adds an external reference for a downloadLocation or homepage that
// is a URL, and keeps any other value (NOASSERTION, NONE, text) in a property.
func (f *fwd) urlRef(refs []extRef, value, typ, propName string, prop func(string, string)) []extRef {
	switch {
	case value == "":
	case value != "NOASSERTION" && value != "NONE" && isURL(value):
		refs = append(refs, extRef{URL: value, Type: typ})
	default:
		prop(propName, value)
	}
	return refs
}

func (f *fwd) hashes(path, id string, cs []spdx.Checksum) []hash {
	var out []hash
	for j, c := range cs {
		cp := ptr(ptr(path, "checksums"), j)
		f.extra(cp, id, c.Extra)
		alg, ok := hashAlgs[c.Algorithm]
		switch {
		case !ok:
			f.lose(cp, id, fmt.Sprintf("CycloneDX has no %s hash algorithm", c.Algorithm))
		case !hashContentRe().MatchString(c.ChecksumValue):
			f.lose(cp, id, fmt.Sprintf("the %s value %q is not a hex digest of a length CycloneDX accepts", c.Algorithm, c.ChecksumValue))
		default:
			out = append(out, hash{alg, c.ChecksumValue})
		}
	}
	return out
}

// licenses maps the two license fields and keeps in properties whatever the
// licenses array cannot give back exactly (NOASSERTION, NONE, the second of
// two when one is an expression).
func (f *fwd) licenses(concluded, declared string, prop func(string, string)) []licenseChoice {
	ls := licensesFor(concluded, declared)
	c, d := spdxLicenses(ls, func(s string) string { return s })
	if c != concluded {
		prop(propLicenseConcluded, concluded)
	}
	if d != declared {
		prop(propLicenseDeclared, declared)
	}
	return ls
}

func (f *fwd) copyright(c *component, text string, prop func(string, string)) {
	switch text {
	case "":
	case "NOASSERTION", "NONE":
		prop(propCopyright, text)
	default:
		c.Copyright = text
	}
}

// cpeRefType is the SPDX reference type of a CPE string.
func cpeRefType(cpe string) string {
	switch {
	case strings.HasPrefix(cpe, "cpe:2.3:"):
		return "cpe23Type"
	case strings.HasPrefix(cpe, "cpe:/"):
		return "cpe22Type"
	}
	return ""
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
