package cyclonedx

import (
	"slices"
	"strings"
	"testing"
)

// A BOM that meets every check, to which each case adds one fault.
const goodBOM = `{
  "bomFormat": "CycloneDX", "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
  "metadata": {
    "timestamp": "2025-06-11T12:00:00Z",
    "tools": {"components": [{"type": "application", "name": "sbomkeeper"}]},
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1.0",
      "supplier": {"name": "Acme"}, "purl": "pkg:generic/app@1.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "lib", "name": "lib", "version": "2.0",
     "supplier": {"name": "Lib Org"},
     "cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*",
     "hashes": [{"alg": "SHA-256", "content": "ab8d1b0cc087c20d4c32c0e4fcf7d0c733a95da12cedc6d63b3f0a9af07427e2"}],
     "licenses": [{"license": {"id": "MIT"}}],
     "components": [{"type": "file", "name": "lib/a.c", "bom-ref": "lib-a"}]}
  ],
  "services": [{"bom-ref": "svc", "name": "svc"}],
  "dependencies": [{"ref": "app", "dependsOn": ["lib", "svc"]}, {"ref": "lib"}]
}`

func TestCheckGood(t *testing.T) {
	if issues := Check([]byte(goodBOM)); len(issues) != 0 {
		t.Fatalf("issues in a good BOM: %v", issues)
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string // "rule path: message part"
	}{
		{"duplicate bom-ref", `"bom-ref": "lib-a"`, `"bom-ref": "lib"`,
			[]string{"unique-bom-ref /components/0/components/0/bom-ref: also used at /components/0/bom-ref"}},
		{"bom-ref shared with a service", `{"bom-ref": "svc"`, `{"bom-ref": "app"`,
			[]string{"unique-bom-ref /services/0/bom-ref: also used at /metadata/component/bom-ref", `dependency-ref /dependencies/0/dependsOn/1: "svc" is the bom-ref of no component`}},
		{"dependency on nothing", `"dependsOn": ["lib", "svc"]`, `"dependsOn": ["lib", "gone"]`,
			[]string{`dependency-ref /dependencies/0/dependsOn/1: "gone" is the bom-ref of no component`}},
		{"dependency of nothing", `{"ref": "lib"}`, `{"ref": "nope"}`,
			[]string{`dependency-ref /dependencies/1/ref: "nope"`}},
		{"two entries for one ref", `{"ref": "lib"}`, `{"ref": "app"}`,
			[]string{"dependency-ref /dependencies/1/ref: the ref has another dependencies entry at /dependencies/0"}},
		{"no dependency relationship",
			`,
     "components": [{"type": "file", "name": "lib/a.c", "bom-ref": "lib-a"}]}
  ],
  "services": [{"bom-ref": "svc", "name": "svc"}],
  "dependencies": [{"ref": "app", "dependsOn": ["lib", "svc"]}, {"ref": "lib"}]`,
			`}],
  "services": [{"bom-ref": "svc", "name": "svc"}],
  "dependencies": [{"ref": "app", "dependsOn": ["svc"]}]`,
			[]string{"ntia /components/0: NTIA minimum elements missing: a dependency relationship"}},
		{"short hash", `"content": "ab8d`, `"content": "b8d`,
			[]string{"hash /components/0/hashes/0: a SHA-256 digest has 63 hex digits, not 64"}},
		{"SHA-1 length under SHA-256", `"content": "ab8d1b0cc087c20d4c32c0e4fcf7d0c733a95da12cedc6d63b3f0a9af07427e2"`, `"content": "077f4b556ee50bb045b3f44038add1a499844b23"`,
			[]string{"hash /components/0/hashes/0: a SHA-256 digest has 40 hex digits, not 64"}},
		{"hash not hex", `"content": "ab8d`, `"content": "xb8d`,
			[]string{"hash /components/0/hashes/0: the SHA-256 content"}},
		{"unknown algorithm", `"alg": "SHA-256"`, `"alg": "SHA-224"`,
			[]string{`hash /components/0/hashes/0: "SHA-224" is not a CycloneDX hash algorithm`}},
		{"bad purl", `"purl": "pkg:generic/app@1.0"`, `"purl": "generic/app@1.0"`,
			[]string{`purl /metadata/component/purl: "generic/app@1.0" is not a Package URL`}},
		{"bad cpe", `"cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*"`, `"cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*"`,
			[]string{"cpe /components/0/cpe: "}},
		{"cpe 2.2 is fine", `"cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*"`, `"cpe": "cpe:/a:lib:lib:2.0"`, nil},
		{"unknown license id", `{"id": "MIT"}`, `{"id": "Expat"}`,
			[]string{`license /components/0/licenses/0/license/id: "Expat" is not an SPDX license ID`}},
		{"bad expression", `[{"license": {"id": "MIT"}}]`, `[{"expression": "MIT OR"}]`,
			[]string{`license /components/0/licenses/0/expression: "MIT OR" is not a valid SPDX license expression`}},
		{"good expression", `[{"license": {"id": "MIT"}}]`, `[{"expression": "(MIT OR Apache-2.0) AND LicenseRef-x"}]`, nil},
		{"serial number", `"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"`, `"3e671687-395b-41f5-a30f-a58921a69b79"`,
			[]string{`serial-number /serialNumber: "3e671687`}},
		{"upper-case serial number", `"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"`, `"urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79"`,
			[]string{`serial-number /serialNumber: "urn:uuid:3E67`}},
		{"timestamp", `"2025-06-11T12:00:00Z"`, `"2025-06-11 12:00"`,
			[]string{`timestamp /metadata/timestamp: "2025-06-11 12:00" is not an RFC 3339 date-time`}},
		{"no timestamp", `"timestamp": "2025-06-11T12:00:00Z",`, ``,
			[]string{"ntia /metadata: NTIA minimum elements missing: the timestamp"}},
		{"no author", `"tools": {"components": [{"type": "application", "name": "sbomkeeper"}]},`, ``,
			[]string{"ntia /metadata: NTIA minimum elements missing: the SBOM's author"}},
		{"no supplier, version or identifier", `"supplier": {"name": "Lib Org"},`, `"supplier": {"url": ["https://lib.example"]},`,
			[]string{"ntia /components/0: NTIA minimum elements missing: supplier name"}},
		{"no identifier", `"cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*",`, ``,
			[]string{"ntia /components/0: NTIA minimum elements missing: a unique identifier (PURL, CPE or SWID)"}},
		{"no version", `"version": "2.0",`, ``,
			[]string{"ntia /components/0: NTIA minimum elements missing: version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(goodBOM, tc.old) {
				t.Fatalf("the good BOM has no %q", tc.old)
			}
			got := Check([]byte(strings.Replace(goodBOM, tc.old, tc.new, 1)))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d issues, want %d:\n%v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				rule, rest, _ := strings.Cut(w, " ")
				path, msg, _ := strings.Cut(rest, ": ")
				if got[i].Rule != rule || got[i].Path != path || !strings.Contains(got[i].Message, msg) {
					t.Errorf("issue %d: got %v, want %s", i, got[i], w)
				}
			}
		})
	}
}

func TestCheckNotJSON(t *testing.T) {
	for _, in := range []string{`{`, `[]`, `"x"`} {
		got := Check([]byte(in))
		if len(got) != 1 || got[0].Rule != RuleJSON {
			t.Errorf("Check(%s) = %v", in, got)
		}
	}
}

// Check names the component a problem belongs to by its bom-ref.
func TestCheckRef(t *testing.T) {
	got := Check([]byte(strings.Replace(goodBOM, `"content": "ab8d`, `"content": "b8d`, 1)))
	if len(got) != 1 || got[0].Ref != "lib" || !strings.HasPrefix(got[0].String(), "lib (/components/0/hashes/0): ") {
		t.Fatalf("%v", got)
	}
	if !slices.Contains([]string{RuleHash}, got[0].Rule) {
		t.Fatal(got[0].Rule)
	}
}

// The flat layout keeps CONTAINS (and every relationship CycloneDX has no
// structure for) in sbomkeeper:spdx:relationship properties. For NTIA those
// are relationships of both ends, as any relationship is in SPDX: a package
// the root only CONTAINS has its dependency relationship, one with no
// relationship at all has not.
func TestCheckRelationshipPropertiesForNTIA(t *testing.T) {
	const in = `{
  "SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "d",
  "documentNamespace": "https://example.com/d",
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t-1"]},
  "packages": [
    {"SPDXID": "SPDXRef-root", "name": "root", "versionInfo": "1", "supplier": "Organization: A", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/root@1"}]},
    {"SPDXID": "SPDXRef-contained", "name": "contained", "versionInfo": "1", "supplier": "Organization: A", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/contained@1"}]},
    {"SPDXID": "SPDXRef-generated", "name": "generated", "versionInfo": "1", "supplier": "Organization: A", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/generated@1"}]},
    {"SPDXID": "SPDXRef-alone", "name": "alone", "versionInfo": "1", "supplier": "Organization: A", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/alone@1"}]}
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-root"},
    {"spdxElementId": "SPDXRef-root", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-contained"},
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "GENERATED_FROM", "relatedSpdxElement": "SPDXRef-generated"}
  ]
}`
	bom, losses, err := FromSPDX(parseSPDX(t, []byte(in)), Options{})
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	var got []string
	for _, is := range Check(bom) {
		got = append(got, is.Ref+": "+is.Message)
	}
	if want := []string{"SPDXRef-alone: NTIA minimum elements missing: a dependency relationship"}; !slices.Equal(got, want) {
		t.Errorf("Check: %q, want %q", got, want)
	}
}
