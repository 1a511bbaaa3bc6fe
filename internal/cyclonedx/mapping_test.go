package cyclonedx

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// richSPDX uses every field and relationship the mapping knows, in the
// shapes that need properties to come back: nothing in it may be lost.
const richSPDX = `{
  "SPDXID": "SPDXRef-DOCUMENT",
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "name": "rich",
  "documentNamespace": "https://example.com/rich-1",
  "documentDescribes": ["SPDXRef-PACKAGE-app"],
  "creationInfo": {
    "created": "2024-01-02T03:04:05+01:00",
    "creators": ["Organization: Example Org (sbom@example.com)", "Organization: Second Org", "Person: Jane Doe (jane@example.com)",
      "Person: John", "Tool: sbomkeeper-1.2.3", "Tool: spdx-sbom-generator", "Tool: odd (a@b.c)", "Nobody: x"],
    "licenseListVersion": "3.25",
    "comment": "made by hand"
  },
  "packages": [
    {"SPDXID": "SPDXRef-PACKAGE-app", "name": "app", "versionInfo": "1.0", "primaryPackagePurpose": "APPLICATION",
     "supplier": "Person: Jane Doe (jane@example.com)", "originator": "Organization: Example Org (sbom@example.com)",
     "downloadLocation": "NONE", "homepage": "https://example.com/app", "filesAnalyzed": true,
     "packageVerificationCode": {"packageVerificationCodeValue": "d6a770ba38583ed4bb4525bd96e50461655d2758", "packageVerificationCodeExcludedFiles": ["./x.spdx"]},
     "checksums": [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}, {"algorithm": "SHA512", "checksumValue": "` + sha512hex + `"},
       {"algorithm": "BLAKE2b-256", "checksumValue": "` + sha256hex + `"}, {"algorithm": "MD5", "checksumValue": "d41d8cd98f00b204e9800998ecf8427e"}],
     "licenseConcluded": "(MIT OR Apache-2.0) AND LicenseRef-custom", "licenseDeclared": "MIT",
     "licenseInfoFromFiles": ["MIT", "NOASSERTION"], "copyrightText": "Copyright 2024 Jane",
     "summary": "an app", "description": "An application.", "comment": "a comment", "sourceInfo": "built from git",
     "packageFileName": "app-1.0.tar.gz", "releaseDate": "2024-01-01T00:00:00Z", "builtDate": "2024-01-01T00:00:00Z", "validUntilDate": "2025-01-01T00:00:00Z",
     "attributionTexts": ["thanks"],
     "externalRefs": [
       {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/app@1.0"},
       {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/app@1.0"},
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:example:app:1.0:*:*:*:*:*:*:*"},
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:example:app2:1.0:*:*:*:*:*:*:*"},
       {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/app@1.0"},
       {"referenceCategory": "PERSISTENT_ID", "referenceType": "swh", "referenceLocator": "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2"},
       {"referenceCategory": "OTHER", "referenceType": "wiki", "referenceLocator": "https://example.com/wiki page"}
     ]},
    {"SPDXID": "SPDXRef-PACKAGE-lib", "name": "lib", "versionInfo": "2.0", "supplier": "Organization: Lib Org (lib@example.com)",
     "originator": "Person: Lib Author", "downloadLocation": "git+https://example.com/lib.git@v2.0", "filesAnalyzed": false,
     "licenseConcluded": "NOASSERTION", "licenseDeclared": "DocBook-XML", "copyrightText": "NOASSERTION",
     "primaryPackagePurpose": "SOURCE", "hasFiles": ["SPDXRef-FILE-lib-a.c", "SPDXRef-FILE-lib-b.c"],
     "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe22Type", "referenceLocator": "cpe:/a:example:lib:2.0"}]},
    {"SPDXID": "SPDXRef-PACKAGE-archive", "name": "archive", "primaryPackagePurpose": "ARCHIVE", "supplier": "NOASSERTION",
     "downloadLocation": "NOASSERTION", "homepage": "NOASSERTION", "licenseConcluded": "NONE", "licenseDeclared": "GPL-2.0-or-later WITH Classpath-exception-2.0"},
    {"SPDXID": "SPDXRef-PACKAGE-os", "name": "os", "primaryPackagePurpose": "OPERATING-SYSTEM", "supplier": "Acme without a prefix",
     "downloadLocation": "https://example.com/os.iso", "licenseDeclared": "LicenseRef-os"},
    {"SPDXID": "SPDXRef-PACKAGE-nopurpose", "name": "nopurpose", "downloadLocation": "NOASSERTION", "copyrightText": "NONE"},
    {"SPDXID": "SPDXRef-PACKAGE-fw", "name": "fw", "primaryPackagePurpose": "FIRMWARE", "downloadLocation": "NOASSERTION"},
    {"SPDXID": "SPDXRef-PACKAGE-a", "name": "a", "primaryPackagePurpose": "LIBRARY", "downloadLocation": "NOASSERTION"},
    {"SPDXID": "SPDXRef-PACKAGE-b", "name": "b", "primaryPackagePurpose": "LIBRARY", "downloadLocation": "NOASSERTION"}
  ],
  "files": [
    {"SPDXID": "SPDXRef-FILE-lib-a.c", "fileName": "lib/a.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}],
     "fileTypes": ["SOURCE", "TEXT"], "licenseConcluded": "MIT", "licenseInfoInFiles": ["MIT"], "copyrightText": "Copyright Jane",
     "comment": "c", "noticeText": "n", "fileContributors": ["Jane"], "attributionTexts": ["t"]},
    {"SPDXID": "SPDXRef-FILE-lib-b.c", "fileName": "lib/b.c", "checksums": [{"algorithm": "SHA256", "checksumValue": "` + sha256hex + `"}]},
    {"SPDXID": "SPDXRef-FILE-loose", "fileName": "loose.txt", "checksums": [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}]}
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-PACKAGE-app", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-PACKAGE-lib"},
    {"spdxElementId": "SPDXRef-PACKAGE-lib", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-FILE-lib-a.c"},
    {"spdxElementId": "SPDXRef-PACKAGE-app", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-FILE-lib-a.c"},
    {"spdxElementId": "SPDXRef-PACKAGE-a", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-PACKAGE-b"},
    {"spdxElementId": "SPDXRef-PACKAGE-b", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-PACKAGE-a"},
    {"spdxElementId": "SPDXRef-PACKAGE-lib", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-PACKAGE-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-PACKAGE-os"},
    {"spdxElementId": "SPDXRef-PACKAGE-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-PACKAGE-os"},
    {"spdxElementId": "SPDXRef-PACKAGE-fw", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-PACKAGE-os", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-PACKAGE-os", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NONE"},
    {"spdxElementId": "SPDXRef-PACKAGE-archive", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NOASSERTION"},
    {"spdxElementId": "SPDXRef-PACKAGE-archive", "relationshipType": "GENERATED_FROM", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-PACKAGE-app"},
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "AMENDS", "relatedSpdxElement": "DocumentRef-old:SPDXRef-DOCUMENT"},
    {"spdxElementId": "DocumentRef-other:SPDXRef-x", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-PACKAGE-b"}
  ]
}`

const (
	sha256hex = "ab8d1b0cc087c20d4c32c0e4fcf7d0c733a95da12cedc6d63b3f0a9af07427e2"
	sha512hex = sha256hex + sha256hex
)

func TestRichDocumentRoundTrip(t *testing.T) {
	orig := parseSPDX(t, []byte(richSPDX))
	out, losses, err := FromSPDX(orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("FromSPDX losses: %q", lossStrings(losses))
	}
	validateCDX(t, "1.6", out)
	back, losses, err := ToSPDX(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("ToSPDX losses: %q", lossStrings(losses))
	}
	if a, b := normalized(t, orig), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the round trip changed the document:\n%s", firstDiff(a, b))
	}

	// What a CycloneDX reader sees.
	var b bom
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	app := b.Metadata.Component
	if app == nil || app.BOMRef != "SPDXRef-PACKAGE-app" || app.Type != "application" {
		t.Fatalf("metadata.component %+v", app)
	}
	if got := app.Supplier; got == nil || got.Name != "Jane Doe" || len(got.Contact) != 1 || got.Contact[0] != (contact{"Jane Doe", "jane@example.com"}) {
		t.Errorf("person supplier %+v", got)
	}
	if got := app.Manufacturer; got == nil || got.Name != "Example Org" || len(got.Contact) != 1 || got.Contact[0].Email != "sbom@example.com" {
		t.Errorf("organisation originator %+v", got)
	}
	if len(app.Licenses) != 1 || app.Licenses[0].Expression != "(MIT OR Apache-2.0) AND LicenseRef-custom" || app.Licenses[0].Acknowledgement != "concluded" {
		t.Errorf("licenses %+v", app.Licenses)
	}
	if app.PURL != "pkg:generic/app@1.0" || app.CPE != "cpe:2.3:a:example:app:1.0:*:*:*:*:*:*:*" {
		t.Errorf("purl %q cpe %q", app.PURL, app.CPE)
	}
	if got := hashAlgsOf(app.Hashes); !slices.Equal(got, []string{"SHA-1", "SHA-512", "BLAKE2b-256", "MD5"}) {
		t.Errorf("hashes %v", got)
	}
	if len(app.Components) != 0 {
		t.Errorf("metadata.component nests components: %+v", app.Components)
	}
	byRef := map[string]*component{}
	var top []string
	for _, c := range b.Components {
		top = append(top, c.BOMRef+":"+c.Type)
		byRef[c.BOMRef] = c
		if len(c.Components) != 0 {
			t.Errorf("%s nests components: %+v", c.BOMRef, c.Components)
		}
	}
	if want := []string{"SPDXRef-PACKAGE-lib:library", "SPDXRef-PACKAGE-archive:file", "SPDXRef-PACKAGE-os:operating-system", "SPDXRef-PACKAGE-nopurpose:library",
		"SPDXRef-PACKAGE-fw:firmware", "SPDXRef-PACKAGE-a:library", "SPDXRef-PACKAGE-b:library",
		"SPDXRef-FILE-lib-a.c:file", "SPDXRef-FILE-lib-b.c:file", "SPDXRef-FILE-loose:file"}; !slices.Equal(top, want) {
		t.Errorf("top-level components %v, want %v (every element but the described one, in document order)", top, want)
	}
	lib := byRef["SPDXRef-PACKAGE-lib"]
	if lib == nil || lib.CPE != "cpe:/a:example:lib:2.0" || len(lib.Authors) != 1 || lib.Authors[0].Name != "Lib Author" {
		t.Fatalf("lib %+v", lib)
	}
	if len(lib.Licenses) != 1 || lib.Licenses[0].Expression != "DocBook-XML" {
		t.Errorf("an SPDX ID CycloneDX 1.6 does not list is an expression: %+v", lib.Licenses)
	}
	// CONTAINS is a relationship property of its source, both of them.
	if got := propValues(app.Properties, propRelationship); !slices.Contains(got, "CONTAINS SPDXRef-PACKAGE-lib") || !slices.Contains(got, "CONTAINS SPDXRef-FILE-lib-a.c") {
		t.Errorf("app's relationship properties %q", got)
	}
	if got := propValues(lib.Properties, propRelationship); !slices.Equal(got, []string{"CONTAINS SPDXRef-FILE-lib-a.c", "CONTAINS SPDXRef-PACKAGE-app"}) {
		t.Errorf("lib's relationship properties %q", got)
	}
	if got := propValues(lib.Properties, propHasFiles); !slices.Equal(got, []string{"SPDXRef-FILE-lib-a.c", "SPDXRef-FILE-lib-b.c"}) {
		t.Errorf("lib's hasFiles %q", got)
	}
	if got := propValues(byRef["SPDXRef-FILE-lib-b.c"].Properties, propContainedVia); len(got) != 0 {
		t.Errorf("a file is no longer nested, so it needs no containedVia: %q", got)
	}
	if want := []dependency{
		{"SPDXRef-PACKAGE-app", []string{"SPDXRef-PACKAGE-fw", "SPDXRef-PACKAGE-os"}},
		{"SPDXRef-PACKAGE-os", nil},
	}; !slices.EqualFunc(b.Dependencies, want, func(a, b dependency) bool { return a.Ref == b.Ref && slices.Equal(a.DependsOn, b.DependsOn) }) {
		t.Errorf("dependencies %+v", b.Dependencies)
	}
	if b.Metadata.Timestamp != "2024-01-02T03:04:05+01:00" || b.Metadata.Manufacturer.Name != "Example Org" || len(b.Metadata.Authors) != 2 || len(b.Metadata.Tools.Components) != 2 {
		t.Errorf("metadata %+v", b.Metadata)
	}
	if tc := b.Metadata.Tools.Components; tc[0].Name != "sbomkeeper" || tc[0].Version != "1.2.3" || tc[1].Name != "spdx-sbom-generator" || tc[1].Version != "" {
		t.Errorf("tools %+v %+v", tc[0], tc[1])
	}
}

func propValues(ps []property, name string) []string {
	var out []string
	for _, p := range ps {
		if p.Name == name {
			out = append(out, p.Value)
		}
	}
	return out
}

func hashAlgsOf(hs []hash) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Alg)
	}
	return out
}

// A document that names several elements as described has no
// metadata.component: a stand-in would be one more package to syft, which
// reads an application component there as one. Its name is a property.
func TestDocumentWithoutOneSubject(t *testing.T) {
	in := strings.Replace(richSPDX, `"documentDescribes": ["SPDXRef-PACKAGE-app"]`, `"documentDescribes": ["SPDXRef-PACKAGE-lib", "SPDXRef-PACKAGE-os"]`, 1)
	orig := parseSPDX(t, []byte(in))
	out, losses, err := FromSPDX(orig, Options{})
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	validateCDX(t, "1.6", out)
	var b bom
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	if mc := b.Metadata.Component; mc != nil {
		t.Errorf("metadata.component %+v, want none", mc)
	}
	if got := propValues(b.Metadata.Properties, propDocName); !slices.Equal(got, []string{"rich"}) {
		t.Errorf("the document name property %q", got)
	}
	if len(b.Components) != len(orig.Packages)+len(orig.Files) {
		t.Errorf("%d top-level components, want %d packages + %d files", len(b.Components), len(orig.Packages), len(orig.Files))
	}
	back, losses, err := ToSPDX(out)
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	if a, b := normalized(t, orig), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the round trip changed the document:\n%s", firstDiff(a, b))
	}
}

// lossySPDX has one of each thing CycloneDX cannot carry.
const lossySPDX = `{
  "SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "lossy",
  "documentNamespace": "https://example.com/lossy",
  "comment": "a document comment",
  "annotations": [{"annotator": "Person: A", "annotationDate": "2024-01-01T00:00:00Z", "annotationType": "REVIEW", "comment": "ok"}],
  "snippets": [{"SPDXID": "SPDXRef-snippet", "snippetFromFile": "SPDXRef-FILE-a", "ranges": []}],
  "hasExtractedLicensingInfos": [{"licenseId": "LicenseRef-x", "extractedText": "text"}],
  "externalDocumentRefs": [{"externalDocumentId": "DocumentRef-x", "spdxDocument": "https://example.com/x", "checksum": {"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}}],
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"], "x-extra": 1},
  "packages": [
    {"SPDXID": "SPDXRef-PACKAGE-p", "name": "p", "versionInfo": "", "downloadLocation": "NOASSERTION",
     "annotations": [{"comment": "package annotation"}],
     "checksums": [
       {"algorithm": "SHA256", "checksumValue": "` + sha256hex + `"},
       {"algorithm": "SHA224", "checksumValue": "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"},
       {"algorithm": "ADLER32", "checksumValue": "062c0215"},
       {"algorithm": "MD2", "checksumValue": "8350e5a3e24c153df2275c9f80692773"},
       {"algorithm": "SHA256", "checksumValue": "not-hex"},
       {"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758", "note": "extra"}],
     "externalRefs": [
       {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/p@1", "comment": "a ref comment"},
       {"referenceCategory": "", "referenceType": "x", "referenceLocator": "y"}],
     "packageVerificationCode": {"packageVerificationCodeValue": "d6a770ba38583ed4bb4525bd96e50461655d2758", "x": 1},
     "attributionTexts": []},
    {"SPDXID": "SPDXRef-PACKAGE-q", "name": "q", "downloadLocation": "NOASSERTION"}
  ],
  "files": [{"SPDXID": "SPDXRef-FILE-a", "fileName": "a", "checksums": [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}], "fileTypes": [], "artifactOfs": []}],
  "relationships": [
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-PACKAGE-q", "comment": "why"},
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "OTHER", "relatedSpdxElement": "SPDXRef-PACKAGE-q", "comment": "what"},
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-FILE-a", "x-extra": true},
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "", "relatedSpdxElement": "SPDXRef-PACKAGE-q"}
  ]
}`

// lossyKept is lossySPDX less what is lost.
const lossyKept = `{
  "SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "lossy",
  "documentNamespace": "https://example.com/lossy",
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
  "packages": [
    {"SPDXID": "SPDXRef-PACKAGE-p", "name": "p", "downloadLocation": "NOASSERTION",
     "checksums": [
       {"algorithm": "SHA256", "checksumValue": "` + sha256hex + `"},
       {"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}],
     "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/p@1"}],
     "packageVerificationCode": {"packageVerificationCodeValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}},
    {"SPDXID": "SPDXRef-PACKAGE-q", "name": "q", "downloadLocation": "NOASSERTION"}
  ],
  "files": [{"SPDXID": "SPDXRef-FILE-a", "fileName": "a", "checksums": [{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2758"}]}],
  "relationships": [
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-PACKAGE-q", "comment": "why"},
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "OTHER", "relatedSpdxElement": "SPDXRef-PACKAGE-q", "comment": "what"},
    {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-FILE-a"}
  ]
}`

func TestLossyDocument(t *testing.T) {
	orig := parseSPDX(t, []byte(lossySPDX))
	out, losses, err := FromSPDX(orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`/annotations: member "annotations" is not carried into CycloneDX`,
		`/comment: member "comment" is not carried into CycloneDX`,
		`/creationInfo/x-extra: member "x-extra" is not carried into CycloneDX`,
		`/externalDocumentRefs: member "externalDocumentRefs" is not carried into CycloneDX`,
		`/files/0/artifactOfs (SPDXRef-FILE-a): member "artifactOfs" is not carried into CycloneDX`,
		`/files/0/fileTypes (SPDXRef-FILE-a): the empty "fileTypes" list is not carried`,
		`/hasExtractedLicensingInfos: member "hasExtractedLicensingInfos" is not carried into CycloneDX`,
		`/packages/0/annotations (SPDXRef-PACKAGE-p): member "annotations" is not carried into CycloneDX`,
		`/packages/0/attributionTexts (SPDXRef-PACKAGE-p): the empty "attributionTexts" list is not carried`,
		`/packages/0/checksums/1 (SPDXRef-PACKAGE-p): CycloneDX has no SHA224 hash algorithm`,
		`/packages/0/checksums/2 (SPDXRef-PACKAGE-p): CycloneDX has no ADLER32 hash algorithm`,
		`/packages/0/checksums/3 (SPDXRef-PACKAGE-p): CycloneDX has no MD2 hash algorithm`,
		`/packages/0/checksums/4 (SPDXRef-PACKAGE-p): the SHA256 value "not-hex" is not a hex digest of a length CycloneDX accepts`,
		`/packages/0/checksums/5/note (SPDXRef-PACKAGE-p): member "note" is not carried into CycloneDX`,
		`/packages/0/externalRefs/0/comment (SPDXRef-PACKAGE-p): an external reference comment is not carried`,
		`/packages/0/externalRefs/1 (SPDXRef-PACKAGE-p): an external reference without a category or type, or with spaces in them, is not carried`,
		`/packages/0/packageVerificationCode/x (SPDXRef-PACKAGE-p): member "x" is not carried into CycloneDX`,
		`/packages/0/versionInfo (SPDXRef-PACKAGE-p): member "versionInfo" is not carried into CycloneDX`,
		`/relationships/2/x-extra: member "x-extra" is not carried into CycloneDX`,
		`/relationships/3: the relationship "SPDXRef-PACKAGE-p" "" "SPDXRef-PACKAGE-q" has an empty or spaced field and is not carried`,
		`/snippets: member "snippets" is not carried into CycloneDX`,
	}
	if got := lossStrings(losses); !slices.Equal(got, want) {
		t.Errorf("losses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	validateCDX(t, "1.6", out)
	back, losses, err := ToSPDX(out)
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	if a, b := normalized(t, parseSPDX(t, []byte(lossyKept))), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("what was not lost did not come back:\n%s", firstDiff(a, b))
	}
}

func TestFromSPDXErrors(t *testing.T) {
	if _, _, err := FromSPDX(nil, Options{}); err == nil {
		t.Error("nil document: no error")
	}
	for _, tc := range []struct{ in, want string }{
		{`{"packages": [{"SPDXID": "SPDXRef-a", "name": "a"}], "files": [{"SPDXID": "SPDXRef-a", "fileName": "a"}]}`,
			"/files/0: the SPDX ID SPDXRef-a is also used at /packages/0; bom-refs must be unique"},
		{`{"SPDXID": "SPDXRef-DOCUMENT", "packages": [{"SPDXID": "SPDXRef-DOCUMENT", "name": "a"}]}`,
			"/packages/0: the SPDX ID SPDXRef-DOCUMENT is the document's own"},
	} {
		_, _, err := FromSPDX(parseSPDX(t, []byte(tc.in)), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// What the forward fuzzer found: each gives valid CycloneDX and says what it
// could not carry.
func TestFromSPDXFuzzFindings(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		// time.Parse takes a one-digit hour; CycloneDX's date-time does not.
		{`{"creationInfo": {"created": "2024-01-01T0:00:00Z", "creators": ["Tool: t"]}}`, nil},
		// "Tool: " has no name to be a tool component.
		{`{"creationInfo": {"creators": ["Tool: ", "Tool: t", "Tool: t"]}}`, nil},
		{`{"packages": [{"name": "a"}, {"name": "a"}, {"name": "b"}]}`,
			[]string{"/packages/1: an element without an SPDX ID that is identical to /packages/0 cannot be listed twice"}},
		{`{"files": [{"SPDXID": "0", "fileName": "a"}]}`,
			[]string{"/files/0/SPDXID (0): the SPDX ID is not SPDXRef- and letters, digits, '.' or '-': it is the bom-ref, but ToSPDX gives the element a valid ID"}},
	} {
		out, losses, err := FromSPDX(parseSPDX(t, []byte(tc.in)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		validateCDX(t, "1.6", out)
		if got := lossStrings(losses); !slices.Equal(got, tc.want) {
			t.Errorf("%s: losses %q, want %q", tc.in, got, tc.want)
		}
		if tc.want == nil {
			back, losses, err := ToSPDX(out)
			if err != nil || len(losses) > 0 {
				t.Fatal(err, losses)
			}
			if a, b := normalized(t, parseSPDX(t, []byte(tc.in))), normalized(t, back); !bytes.Equal(a, b) {
				t.Errorf("%s: %s", tc.in, firstDiff(a, b))
			}
		}
	}
}

func TestUUID5(t *testing.T) {
	// Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/rich-1")
	if got := uuidURN(uuid5(nsURL, "https://example.com/rich-1")); got != "urn:uuid:59e31306-01e6-5543-ab80-914372cd5e00" {
		t.Errorf("uuid5: %s", got)
	}
	if uuid5(nsURL, "https://github.com/sbomkeeper/sbomkeeper/cyclonedx/content") != contentNS {
		t.Error("contentNS is not the UUID of its name")
	}
}

// TestOwnSBOMRoundTrip: sbomkeeper's own SBOM (the gomod kind) uses the SPDX
// 2.3 spelling PACKAGE-MANAGER and comments its indirect dependencies; both
// reach CycloneDX (a purl per component) and come back.
func TestOwnSBOMRoundTrip(t *testing.T) {
	orig := parseSPDX(t, readFile(t, "../../sbom.spdx.json"))
	out, losses, err := FromSPDX(orig, Options{})
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	if n := strings.Count(string(out), `"purl": "pkg:golang/`); n != len(orig.Packages) {
		t.Errorf("%d components with a purl, want %d", n, len(orig.Packages))
	}
	back, losses, err := ToSPDX(out)
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	if a, b := normalized(t, orig), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the round trip changed the document:\n%s", firstDiff(a, b))
	}
}
