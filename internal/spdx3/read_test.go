package spdx3

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// normalized is doc in spdx.MarshalNormalized form, with what SPDX 3 cannot
// tell apart made the same: PACKAGE_MANAGER (the 2.3.1 schema's, CPython's)
// and PACKAGE-MANAGER (SPDX 2.3's, which ToSPDX2 writes) name one category;
// an absent filesAnalyzed on a package without files or verification code
// (CPython's installer SBOMs) is the false ToSPDX2 writes (3.0 removed the
// property; a package that lists nothing was not analysed); an empty file
// list is none.
func normalized(t *testing.T, doc *spdx.Document) string {
	t.Helper()
	c := *doc
	c.Packages = slices.Clone(doc.Packages)
	for i := range c.Packages {
		if p := &c.Packages[i]; p.FilesAnalyzed == nil && p.PackageVerificationCode == nil && len(p.HasFiles) == 0 {
			no := false
			p.FilesAnalyzed = &no
		}
	}
	if len(c.Files) == 0 {
		c.Files = nil
	}
	b, err := spdx.MarshalNormalized(&c)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), `"PACKAGE_MANAGER"`, `"PACKAGE-MANAGER"`)
}

func readBack(t *testing.T, name string, graph []byte) (*spdx.Document, []Loss) {
	t.Helper()
	doc, losses, err := ToSPDX2(graph)
	if err != nil {
		t.Fatalf("%s: ToSPDX2: %v", name, err)
	}
	again, losses2, err := ToSPDX2(graph)
	if err != nil || normalized(t, again) != normalized(t, doc) || !slices.Equal(losses, losses2) {
		t.Fatalf("%s: a second reading differs (%v)", name, err)
	}
	if _, err := spdx.Marshal(doc); err != nil {
		t.Fatalf("%s: the document read cannot be written: %v", name, err)
	}
	return doc, losses
}

// SPDX 2.3 -> SPDX 3 -> SPDX 2.3 gives the document back, to the member, for
// every CPython 3.13.5 artifact SBOM (issue 11, item 5): the packages,
// 4,808 files, checksums, verification codes, licenses, PURLs and CPEs, the
// artifact's packageFileName and SHA256, relationships and creation info.
func TestToSPDX2RoundTripCPythonArtifacts(t *testing.T) {
	files, err := filepath.Glob("../../testdata/release-tools/*.spdx.json")
	if err != nil || len(files) != 5 {
		t.Fatalf("want the five CPython 3.13.5 artifact SBOMs, got %v (%v)", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := parseFile(t, f)
			out, _, err := FromSPDX2(doc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			back, losses := readBack(t, f, out)
			if len(losses) != 0 {
				t.Errorf("losses reading back: %v", losses)
			}
			if normalized(t, back) != normalized(t, doc) {
				t.Error("the round trip changed the document")
			}
		})
	}
}

// sbomkeeper's own SBOM and the SPDX 3 form checked in beside it are one
// document.
func TestToSPDX2OwnSBOM(t *testing.T) {
	data, err := os.ReadFile("../../sbom.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	back, losses := readBack(t, "sbom.spdx3.json", data)
	if len(losses) != 0 {
		t.Errorf("losses: %v", losses)
	}
	if normalized(t, back) != normalized(t, parseFile(t, "../../sbom.spdx.json")) {
		t.Error("sbom.spdx3.json does not read as sbom.spdx.json")
	}
}

// CPython's Misc/sbom.spdx.json fragment comes back with what FromSPDX2 had
// to add (creation info, namespace) and DESCRIBES for the roots it chose;
// every package, file and relationship is the fragment's.
func TestToSPDX2Fragment(t *testing.T) {
	doc := parseFile(t, "testdata/cpython-3.13.5/Misc-sbom.spdx.json")
	out, _, err := FromSPDX2(doc, fragmentOpts)
	if err != nil {
		t.Fatal(err)
	}
	back, losses := readBack(t, "fragment", out)
	if len(losses) != 0 {
		t.Errorf("losses: %v", losses)
	}
	if back.CreationInfo.Created != "2025-06-11T00:00:00Z" || !strings.HasPrefix(back.DocumentNamespace, "https://spdx.org/spdxdocs/sbomkeeper/") {
		t.Errorf("creation info %+v, namespace %s", back.CreationInfo, back.DocumentNamespace)
	}
	var describes int
	var rels []spdx.Relationship
	for _, r := range back.Relationships {
		if r.RelationshipType == "DESCRIBES" {
			describes++
		} else {
			rels = append(rels, r)
		}
	}
	if describes != len(doc.Packages) || len(rels) != len(doc.Relationships) || len(back.Packages) != len(doc.Packages) || len(back.Files) != len(doc.Files) {
		t.Errorf("%d DESCRIBES, %d/%d relationships, %d/%d packages, %d/%d files", describes,
			len(rels), len(doc.Relationships), len(back.Packages), len(doc.Packages), len(back.Files), len(doc.Files))
	}
}

// The SPDX 2.3 example's graph: what FromSPDX2 carried comes back,
// including the OTHER reference (item 6) and the external document.
func TestToSPDX2Example(t *testing.T) {
	orig := parseFile(t, "testdata/spdx-2.3/SPDXJSONExample-v2.3.spdx.json")
	data, err := os.ReadFile("testdata/golden/SPDXJSONExample-v2.3.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, losses := readBack(t, "example", data)
	if len(losses) != 0 {
		t.Errorf("losses: %v", losses)
	}
	if doc.DocumentNamespace != orig.DocumentNamespace || doc.Name != orig.Name || len(doc.Packages) != len(orig.Packages) || len(doc.Files) != len(orig.Files) {
		t.Errorf("document %s %q, %d packages, %d files", doc.DocumentNamespace, doc.Name, len(doc.Packages), len(doc.Files))
	}
	var pkg *spdx.Package
	for i := range doc.Packages {
		if doc.Packages[i].SPDXID == "SPDXRef-Package" {
			pkg = &doc.Packages[i]
		}
	}
	if pkg == nil {
		t.Fatal("SPDXRef-Package is missing")
	}
	want := spdx.ExternalRef{ReferenceCategory: "OTHER", ReferenceType: "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301#LocationRef-acmeforge",
		ReferenceLocator: "acmecorp/acmenator/4.1.3-alpha", Comment: "This is the external ref for Acme"}
	found := false
	for _, r := range pkg.ExternalRefs {
		found = found || (r.ReferenceCategory == want.ReferenceCategory && r.ReferenceType == want.ReferenceType && r.ReferenceLocator == want.ReferenceLocator && r.Comment == want.Comment)
	}
	if !found {
		t.Errorf("the OTHER reference did not come back: %+v", pkg.ExternalRefs)
	}
	if pkg.LicenseConcluded != orig.Packages[0].LicenseConcluded || pkg.LicenseDeclared != orig.Packages[0].LicenseDeclared || pkg.Supplier != orig.Packages[0].Supplier {
		t.Errorf("licenses %q %q, supplier %q", pkg.LicenseConcluded, pkg.LicenseDeclared, pkg.Supplier)
	}
	if got, want := len(doc.Extra["hasExtractedLicensingInfos"].([]any)), len(orig.Extra["hasExtractedLicensingInfos"].([]any)); got != want {
		t.Errorf("%d extracted licenses, want %d", got, want)
	}
	refs, _ := doc.Extra["externalDocumentRefs"].([]any)
	if len(refs) != 1 || refs[0].(map[string]any)["externalDocumentId"] != "DocumentRef-spdx-tool-1.2" {
		t.Errorf("externalDocumentRefs %v", refs)
	}
	if doc.CreationInfo.LicenseListVersion != orig.CreationInfo.LicenseListVersion {
		t.Errorf("licenseListVersion %q", doc.CreationInfo.LicenseListVersion)
	}
}

// A graph as other tools write it: IRIs that are not <namespace>#SPDXRef-,
// roots only in rootElement, listed licenses by IRI, no dataLicense, and
// classes SPDX 2.3 has no place for, each a loss.
func TestToSPDX2OtherWriters(t *testing.T) {
	graph := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
{"type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2025-01-02T03:04:05Z", "createdBy": ["urn:org"], "createdUsing": ["urn:tool"]},
{"type": "Organization", "spdxId": "urn:org", "creationInfo": "_:c", "name": "Example Corp"},
{"type": "Tool", "spdxId": "urn:tool", "creationInfo": "_:c", "name": "writer-2.0"},
{"type": "SpdxDocument", "spdxId": "https://example.org/sbom/1", "creationInfo": "_:c", "name": "app", "rootElement": ["urn:pkg:app"], "element": ["urn:pkg:app", "urn:pkg:lib"]},
{"type": "software_Package", "spdxId": "urn:pkg:app", "creationInfo": "_:c", "name": "app", "software_packageVersion": "1.0",
 "software_packageUrl": "pkg:npm/app@1.0", "suppliedBy": "urn:org", "software_primaryPurpose": "application", "software_additionalPurpose": ["library"],
 "externalRef": [{"type": "ExternalRef", "externalRefType": "vcs", "locator": ["https://git.example.org/app.git"]}]},
{"type": "software_Package", "spdxId": "urn:pkg:lib", "creationInfo": {"type": "CreationInfo", "specVersion": "3.0.1", "created": "2025-01-02T03:04:05Z", "createdBy": ["urn:org"]}, "name": "lib", "software_packageVersion": "2.1",
 "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:example:lib:2.1:*:*:*:*:*:*:*"}]},
{"type": "Relationship", "spdxId": "urn:rel:1", "creationInfo": "_:c", "from": "urn:pkg:app", "relationshipType": "dependsOn", "to": ["urn:pkg:lib"]},
{"type": "Relationship", "spdxId": "urn:rel:2", "creationInfo": "_:c", "from": "urn:pkg:lib", "relationshipType": "hasDeclaredLicense", "to": ["https://spdx.org/licenses/MIT"]},
{"type": "Relationship", "spdxId": "urn:rel:3", "creationInfo": "_:c", "from": "urn:pkg:lib", "relationshipType": "availableFrom", "to": ["urn:pkg:app"]},
{"type": "security_Vulnerability", "spdxId": "urn:vuln", "creationInfo": "_:c", "name": "CVE-2025-0001"},
{"type": "Annotation", "spdxId": "urn:note", "creationInfo": "_:c", "subject": "urn:pkg:lib", "annotationType": "review", "statement": "ok"}
]}`
	doc, losses := readBack(t, "other writers", []byte(graph))
	var got []string
	for _, l := range losses {
		got = append(got, l.String())
	}
	want := []string{
		"/@graph/4/software_additionalPurpose (urn:pkg:app): member \"software_additionalPurpose\" of the software_Package is not carried: it has no SPDX 2.3 equivalent here, or its value is not of the SPDX 3.0.1 type",
		"/@graph/8 (urn:rel:3): relationship type \"availableFrom\" (scope \"\") has no SPDX 2.3 counterpart",
		"/@graph/9 (urn:vuln): the security_Vulnerability is not carried: vulnerabilities and VEX have no SPDX 2.3 equivalent (keep them as VEX)",
		"/@graph/10 (urn:note): the Annotation is not carried (SPDX 2.3 annotations are not written from SPDX 3)",
	}
	slices.Sort(want)
	slices.Sort(got)
	if d := diff(want, got); d != "" {
		t.Errorf("losses (-want +got):\n%s", d)
	}
	if doc.DocumentNamespace != "https://example.org/sbom/1" || doc.SPDXID != "SPDXRef-DOCUMENT" || doc.DataLicense != "CC0-1.0" {
		t.Errorf("document %s %s %s", doc.DocumentNamespace, doc.SPDXID, doc.DataLicense)
	}
	if c := doc.CreationInfo; c.Created != "2025-01-02T03:04:05Z" || !slices.Equal(c.Creators, []string{"Organization: Example Corp", "Tool: writer-2.0"}) {
		t.Errorf("creation info %+v", c)
	}
	if len(doc.Packages) != 2 {
		t.Fatalf("%d packages", len(doc.Packages))
	}
	app, lib := doc.Packages[0], doc.Packages[1]
	if app.SPDXID != "SPDXRef-PACKAGE-urn-pkg-app" || app.Supplier != "Organization: Example Corp" || app.PrimaryPackagePurpose != "APPLICATION" || app.DownloadLocation != "NOASSERTION" {
		t.Errorf("app %+v", app)
	}
	if len(app.ExternalRefs) != 2 || app.ExternalRefs[0].ReferenceType != "purl" || app.ExternalRefs[1].ReferenceCategory != "OTHER" || app.ExternalRefs[1].ReferenceType != "vcs" {
		t.Errorf("app refs %+v", app.ExternalRefs)
	}
	if lib.LicenseDeclared != "MIT" || len(lib.ExternalRefs) != 1 || lib.ExternalRefs[0].ReferenceType != "cpe23Type" {
		t.Errorf("lib %+v", lib)
	}
	wantRels := []spdx.Relationship{
		{SPDXElementID: app.SPDXID, RelationshipType: "DEPENDS_ON", RelatedSPDXElement: lib.SPDXID},
		{SPDXElementID: "SPDXRef-DOCUMENT", RelationshipType: "DESCRIBES", RelatedSPDXElement: app.SPDXID},
	}
	if d := diff(wantRels, doc.Relationships); d != "" {
		t.Errorf("relationships (-want +got):\n%s", d)
	}
}

// What cannot be a document at all is an error, never a panic.
func TestToSPDX2Errors(t *testing.T) {
	ctx := `"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"`
	sd := `{"type": "SpdxDocument", "spdxId": "urn:d", "creationInfo": "_:c"}`
	ci := `{"type": "CreationInfo", "@id": "_:c", "created": "2025-01-01T00:00:00Z"}`
	for _, tc := range []struct{ in, want string }{
		{`not json`, "not JSON"},
		{`[]`, "not an object"},
		{`{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld", "@graph": []}`, "@context"},
		{`{` + ctx + `}`, "@graph"},
		{`{` + ctx + `, "@graph": []}`, "0 SpdxDocument"},
		{`{` + ctx + `, "@graph": [` + sd + `, ` + ci + `, {"type": "SpdxDocument", "spdxId": "urn:e", "creationInfo": "_:c"}]}`, "2 SpdxDocument"},
		{`{` + ctx + `, "@graph": [` + sd + `]}`, "names no CreationInfo"},
		{`{` + ctx + `, "@graph": [` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `]}`, "deeper"},
		{`{` + ctx + `, "@graph": []} {}`, "more than one"},
		// A stray closer after the document is data too: json.Decoder's
		// More says false before ']' and '}'.
		{`{` + ctx + `, "@graph": [` + sd + `, ` + ci + `]} ]`, "after the top-level"},
		{`{` + ctx + `, "@graph": [` + sd + `, ` + ci + `]}} garbage`, "after the top-level"},
	} {
		if _, _, err := ToSPDX2([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60s: %v, want an error with %q", tc.in, err, tc.want)
		}
	}
	// The smallest document reads.
	doc, losses, err := ToSPDX2([]byte(`{` + ctx + `, "@graph": [` + sd + `, ` + ci + `]}`))
	if err != nil || len(losses) != 0 || doc.DocumentNamespace != "urn:d" || doc.CreationInfo.Created != "2025-01-01T00:00:00Z" {
		t.Errorf("%+v %v %v", doc, losses, err)
	}
}

// FuzzToSPDX2 holds ToSPDX2 to its promise on any input: no panic; either an
// error or a document the SPDX 2.3 writer can write, the same on a second
// reading. Seeds: the golden graphs and small hostile ones.
func FuzzToSPDX2(f *testing.F) {
	for _, p := range []string{"testdata/golden/python-3.13.5-embed-amd64.zip.spdx3.json", "testdata/golden/SPDXJSONExample-v2.3.spdx3.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	ctx := `"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"`
	f.Add([]byte(`{` + ctx + `, "@graph": [{"type": "SpdxDocument", "spdxId": "urn:d#SPDXRef-DOCUMENT", "creationInfo": {"type": "CreationInfo", "createdBy": ["urn:a"]}, "namespaceMap": [{"prefix": "DocumentRef-x", "namespace": "urn:x#"}], "import": [{"externalSpdxId": "urn:x#SPDXRef-DOCUMENT", "verifiedUsing": [{"type": "Hash", "algorithm": "sha1", "hashValue": "00"}]}]}, {"type": "Person", "spdxId": "urn:a", "name": "A", "externalIdentifier": [{"externalIdentifierType": "email", "identifier": "a@x"}]}, {"type": "Relationship", "from": "urn:x#SPDXRef-p", "relationshipType": "dependsOn", "to": ["NoneElement", 5], "completeness": "complete"}]}`))
	f.Add([]byte(`{` + ctx + `, "@graph": [{"type": "SpdxDocument", "spdxId": "urn:d", "creationInfo": "_:c"}, {"type": "CreationInfo", "@id": "_:c"}, {"type": "software_File", "spdxId": "urn:d#SPDXRef-f", "name": "f", "verifiedUsing": [{"type": "Hash", "algorithm": "md5"}], "contentType": "text/plain"}, {"type": "software_Package", "spdxId": "urn:d#SPDXRef-f", "name": "dup"}, {"type": "LifecycleScopedRelationship", "from": "urn:d#SPDXRef-f", "relationshipType": "dependsOn", "scope": "build", "to": "urn:d"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, losses, err := ToSPDX2(data)
		if err != nil {
			return
		}
		out, err := spdx.Marshal(doc)
		if err != nil {
			t.Fatalf("the document read cannot be written: %v", err)
		}
		again, losses2, err := ToSPDX2(data)
		if err != nil || len(losses) != len(losses2) {
			t.Fatal("a second reading differs")
		}
		if out2, _ := spdx.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatal("a second reading writes different bytes")
		}
	})
}
