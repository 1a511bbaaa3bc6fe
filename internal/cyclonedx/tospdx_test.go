package cyclonedx

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// A BOM in the style syft and cdxgen write: tools, services,
// vulnerabilities, compositions, annotations, nested components, a file, a
// named license, properties of their own. Every member that does not make it
// into SPDX is named.
func TestOtherToolBOM(t *testing.T) {
	data := readFile(t, filepath.Join("testdata", "other-tool.cdx.json"))
	validateCDX(t, "1.6", data)
	doc, losses, err := ToSPDX(data)
	if err != nil {
		t.Fatal(err)
	}
	const (
		lodash      = "pkg:npm/lodash@4.17.21"
		databind    = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2?type=jar"
		annotations = "pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.15.2?type=jar"
	)
	want := []string{
		"/annotations: CycloneDX annotations are not carried",
		"/components/0/evidence (" + lodash + "): component evidence is not carried",
		"/components/0/externalReferences/2/hashes (" + lodash + `): "hashes" has no SPDX 2.3 equivalent`,
		"/components/0/properties/0 (" + lodash + `): the property "syft:package:foundBy" has no SPDX equivalent`,
		"/components/1/components/0/group (" + annotations + "): SPDX has no component group (a PURL still names it)",
		"/components/1/group (" + databind + "): SPDX has no component group (a PURL still names it)",
		"/components/1/scope (" + databind + "): SPDX has no component scope",
		"/components/1/supplier/url (" + databind + `): "url" has no SPDX 2.3 equivalent`,
		`/components/3/data (data-1): "data" has no SPDX 2.3 equivalent`,
		`/components/3/type (data-1): SPDX has no package purpose for the component type "data"; it is written as OTHER`,
		"/components/4/pedigree: component pedigree is not carried",
		"/compositions: compositions (completeness claims) have no SPDX 2.3 equivalent",
		`/dependencies/0/dependsOn/2 (pkg:npm/webapp@1.0.0): "svc-api" is no component's bom-ref`,
		`/dependencies/3 (pkg:npm/ghost@1.0.0): the dependency's ref "pkg:npm/ghost@1.0.0" is no component's bom-ref`,
		`/metadata/component/supplier/url (pkg:npm/webapp@1.0.0): "url" has no SPDX 2.3 equivalent`,
		"/metadata/lifecycles: SPDX 2.3 has no lifecycle phases",
		`/metadata/properties/0: the property "cdx:bom:componentTypes" has no SPDX equivalent`,
		"/metadata/timestamp: the fraction of a second is dropped: SPDX's created has whole seconds",
		`/metadata/tools/components/0/author: "author" has no SPDX 2.3 equivalent`,
		"/metadata/tools/components/1/group: SPDX has no component group (a PURL still names it)",
		"/metadata/tools/components/1/publisher: SPDX has no publisher",
		"/services: services have no SPDX 2.3 equivalent",
		"/vulnerabilities: vulnerabilities are not part of an SPDX 2.3 document (keep them as VEX)",
	}
	if got := lossStrings(losses); !slices.Equal(got, want) {
		t.Errorf("losses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	ci := doc.CreationInfo
	if doc.Name != "webapp" || doc.DocumentNamespace != "urn:uuid:1b671687-395b-41f5-a30f-a58921a69b79" || doc.DataLicense != "CC0-1.0" ||
		ci == nil || ci.Created != "2024-05-01T10:20:30Z" ||
		!slices.Equal(ci.Creators, []string{"Person: Build Bot (bot@example.com)", "Tool: syft-1.4.1", "Tool: cdxgen-10.5.2"}) {
		t.Errorf("document: %q %q %q %+v", doc.Name, doc.DocumentNamespace, doc.DataLicense, ci)
	}
	pkgs := map[string]spdx.Package{}
	for _, p := range doc.Packages {
		pkgs[p.Name] = p
	}
	for _, tc := range []struct{ name, field, got, want string }{
		{"lodash", "SPDXID", pkgs["lodash"].SPDXID, "SPDXRef-PACKAGE-pkg-npm-lodash-4.17.21"},
		{"lodash", "originator", pkgs["lodash"].Originator, "Person: John-David Dalton"},
		{"lodash", "downloadLocation", pkgs["lodash"].DownloadLocation, "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"},
		{"lodash", "homepage", pkgs["lodash"].Homepage, "https://lodash.com/"},
		{"lodash", "licenseDeclared", pkgs["lodash"].LicenseDeclared, "MIT"},
		{"lodash", "checksums", checksums(pkgs["lodash"].Checksums), "[SHA512:bf690311ee7b95e713ba568322e3533f2dd1cb880b189e99d4edef13592b81764daec43e2c54c61d5c558dc5cfb35ecb85b65519e74026ff17675b6f8f916f4a]"},
		{"lodash", "refs", fmt.Sprint(pkgs["lodash"].ExternalRefs), "[{PACKAGE-MANAGER purl pkg:npm/lodash@4.17.21  map[]} {OTHER vcs git+https://github.com/lodash/lodash.git  map[]}]"},
		{"jackson-databind", "supplier", pkgs["jackson-databind"].Supplier, "Organization: FasterXML"},
		{"jackson-databind", "licenseDeclared", pkgs["jackson-databind"].LicenseDeclared, "LicenseRef-The-Apache-Software-License-Version-2.0"},
		{"jackson-databind", "cpe", refs(pkgs["jackson-databind"], "cpe23Type"), "[SECURITY cpe:2.3:a:fasterxml:jackson-databind:2.15.2:*:*:*:*:*:*:*]"},
		{"jackson-annotations", "licenseDeclared", pkgs["jackson-annotations"].LicenseDeclared, "Apache-2.0 OR MIT"},
		{"webapp", "purpose", pkgs["webapp"].PrimaryPackagePurpose, "APPLICATION"},
		{"webapp", "supplier", pkgs["webapp"].Supplier, "Organization: Example Corp"},
		{"training-set", "purpose", pkgs["training-set"].PrimaryPackagePurpose, "OTHER"},
		{"no-ref", "SPDXID", pkgs["no-ref"].SPDXID, "SPDXRef-PACKAGE-no-ref-0.1"},
		{"no-ref", "downloadLocation", pkgs["no-ref"].DownloadLocation, "NOASSERTION"},
		{"no-ref", "filesAnalyzed", fmt.Sprint(deref(pkgs["no-ref"].FilesAnalyzed)), "false"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s %s: got %q, want %q", tc.name, tc.field, tc.got, tc.want)
		}
	}
	if len(doc.Files) != 1 || doc.Files[0].SPDXID != "SPDXRef-FILE-file-lock" || doc.Files[0].FileName != "package-lock.json" || len(doc.Files[0].Checksums) != 2 {
		t.Errorf("files: %+v", doc.Files)
	}
	var rels []string
	for _, r := range doc.Relationships {
		rels = append(rels, strings.TrimPrefix(r.SPDXElementID, "SPDXRef-PACKAGE-")+" "+r.RelationshipType+" "+strings.TrimPrefix(r.RelatedSPDXElement, "SPDXRef-PACKAGE-"))
	}
	if want := []string{
		"SPDXRef-DOCUMENT DESCRIBES pkg-npm-webapp-1.0.0",
		"pkg-maven-com.fasterxml.jackson.core-jackson-databind-2.15.2-type-jar CONTAINS pkg-maven-com.fasterxml.jackson.core-jackson-annotations-2.15.2-type-jar",
		"pkg-npm-webapp-1.0.0 DEPENDS_ON pkg-npm-lodash-4.17.21",
		"pkg-npm-webapp-1.0.0 DEPENDS_ON pkg-maven-com.fasterxml.jackson.core-jackson-databind-2.15.2-type-jar",
		"pkg-npm-lodash-4.17.21 DEPENDS_ON NONE",
		"pkg-maven-com.fasterxml.jackson.core-jackson-databind-2.15.2-type-jar DEPENDS_ON pkg-maven-com.fasterxml.jackson.core-jackson-annotations-2.15.2-type-jar",
	}; !slices.Equal(rels, want) {
		t.Errorf("relationships:\n%s", strings.Join(rels, "\n"))
	}
	extracted, _ := doc.Extra["hasExtractedLicensingInfos"].([]any)
	if len(extracted) != 1 {
		t.Fatalf("hasExtractedLicensingInfos: %v", doc.Extra)
	}
	if e := extracted[0].(map[string]any); e["licenseId"] != "LicenseRef-The-Apache-Software-License-Version-2.0" || e["name"] != "The Apache Software License, Version 2.0" {
		t.Errorf("extracted license %v", e)
	}

}

// CycloneDX 1.5: the legacy tools array, a component's author text, a
// license text, and metadata.licenses that is not SPDX's data license.
func TestCycloneDX15(t *testing.T) {
	const in = `{
  "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 3,
  "serialNumber": "urn:uuid:2b671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {
    "timestamp": "2023-10-01T00:00:00Z",
    "tools": [{"vendor": "CycloneDX", "name": "cyclonedx-gomod", "version": "v1.4.1"}, {"name": "bare"}, {"vendor": "nobody"}],
    "licenses": [{"license": {"id": "MIT"}}],
    "manufacture": {"name": "Old Field Inc"}
  },
  "components": [
    {"type": "library", "name": "golang.org/x/mod", "version": "v0.30.0", "author": "The Go Authors",
     "purl": "pkg:golang/golang.org/x/mod@v0.30.0",
     "licenses": [{"license": {"name": "Go License", "text": {"content": "Q29weXJpZ2h0IChjKSAyMDA5", "encoding": "base64"}}}, {"license": {"id": "BSD-3-Clause", "url": "https://opensource.org/licenses/BSD-3-Clause"}}]},
    {"type": "framework", "bom-ref": "SPDXRef-PACKAGE-fw", "name": "fw", "version": "1"},
    {"type": "library", "bom-ref": "SPDXRef-PACKAGE-fw", "name": "fw-again", "version": "2"}
  ],
  "dependencies": [{"ref": "SPDXRef-PACKAGE-fw", "dependsOn": ["pkg:golang/none"]}]
}`
	validateCDX(t, "1.5", []byte(in))
	doc, losses, err := ToSPDX([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`/components/0/licenses/1/license/url: "url" has no SPDX 2.3 equivalent`,
		`/components/2/bom-ref (SPDXRef-PACKAGE-fw): the bom-ref is also used at /components/1; references to it go to the first`,
		`/dependencies/0/dependsOn/0 (SPDXRef-PACKAGE-fw): "pkg:golang/none" is no component's bom-ref`,
		`/metadata/licenses: an SPDX document is CC0-1.0; the BOM's own license MIT is not carried`,
		`/metadata/manufacture: "manufacture" has no SPDX 2.3 equivalent`,
		`/metadata/tools/0/vendor: "vendor" has no SPDX 2.3 equivalent`,
		`/metadata/tools/2: a tool without a name is not carried`,
	}
	if got := lossStrings(losses); !slices.Equal(got, want) {
		t.Errorf("losses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ci := doc.CreationInfo; !slices.Equal(ci.Creators, []string{"Tool: cyclonedx-gomod-v1.4.1", "Tool: bare"}) || ci.Created != "2023-10-01T00:00:00Z" {
		t.Errorf("creationInfo %+v", ci)
	}
	// version 3 of a serial number is a different document than version 1.
	if doc.DocumentNamespace == "urn:uuid:2b671687-395b-41f5-a30f-a58921a69b79" || !strings.HasPrefix(doc.DocumentNamespace, "urn:uuid:") {
		t.Errorf("namespace %q", doc.DocumentNamespace)
	}
	if doc.Name != "urn:uuid:2b671687-395b-41f5-a30f-a58921a69b79" {
		t.Errorf("name %q", doc.Name)
	}
	mod := doc.Packages[0]
	if mod.Originator != "Person: The Go Authors" || mod.LicenseDeclared != "LicenseRef-Go-License AND BSD-3-Clause" || mod.SPDXID != "SPDXRef-PACKAGE-golang.org-x-mod-v0.30.0" {
		t.Errorf("module %+v", mod)
	}
	if e := doc.Extra["hasExtractedLicensingInfos"].([]any)[0].(map[string]any); e["extractedText"] != "Copyright (c) 2009" || e["comment"] != nil {
		t.Errorf("extracted %v", e)
	}
	if doc.Packages[1].SPDXID != "SPDXRef-PACKAGE-fw" || doc.Packages[2].SPDXID == "SPDXRef-PACKAGE-fw" || doc.Packages[1].PrimaryPackagePurpose != "FRAMEWORK" {
		t.Errorf("duplicate bom-refs must get distinct IDs: %s %s", doc.Packages[1].SPDXID, doc.Packages[2].SPDXID)
	}
	if err := spdx.CheckIntegrity(doc); err != nil {
		t.Error(err)
	}
}

// Untrusted input: every malformed member is an error naming its JSON
// pointer, never a panic.
func TestToSPDXErrors(t *testing.T) {
	deep := strings.Repeat(`{"type":"library","name":"x","components":[`, 70) + strings.Repeat(`]}`, 70)
	for _, tc := range []struct{ in, path, msg string }{
		{`[]`, "", "the top-level JSON value is an array, not an object"},
		{`{"bomFormat": "SPDX"}`, "/bomFormat", `want "CycloneDX", got "SPDX"`},
		{`{"bomFormat": 1}`, "/bomFormat", "want a string, got a number"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.4"}`, "/specVersion", `CycloneDX "1.4" is not supported`},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": "1"}`, "/version", "want an integer of at least 1, got a string"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 0}`, "/version", "want an integer of at least 1"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}}`, "/components", "want an array, got an object"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [1]}`, "/components/0", "want an object, got a number"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": 5}]}`, "/components/0/name", "want a string, got a number"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "hashes": [{"alg": "SHA-1", "content": null}]}]}`, "/components/0/hashes/0/content", "want a string, got null"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "properties": [{"name": "x", "value": true}]}]}`, "/components/0/properties/0/value", "want a string, got a boolean"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "licenses": [{"license": []}]}]}`, "/components/0/licenses/0/license", "want an object, got an array"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "dependencies": [{"ref": "a", "dependsOn": [1]}]}`, "/dependencies/0/dependsOn/0", "want a string, got a number"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"tools": "syft"}}`, "/metadata/tools", "want an object or an array, got a string"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"component": {"name": "a", "supplier": {"contact": [{"email": 1}]}}}}`, "/metadata/component/supplier/contact/0/email", "want a string, got a number"},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [` + deep + `]}`, strings.Repeat("/components/0", 65), "components nest deeper than 64 levels"},
	} {
		_, _, err := ToSPDX([]byte(tc.in))
		var pe *PathError
		if !errors.As(err, &pe) || pe.Path != tc.path || !strings.Contains(pe.Msg, tc.msg) {
			t.Errorf("ToSPDX(%.60s): got %v, want %s: %s", tc.in, err, tc.path, tc.msg)
		}
	}
	if _, _, err := ToSPDX([]byte(`{"bomFormat": }`)); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a syntax error should name the line: %v", err)
	}
}
