package validate

import (
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// TestJSONTextFindings: in every format, a repeated member, a byte that is
// not UTF-8 and a lone surrogate are each an error finding naming the line,
// column and JSON pointer (issue 12, item 12), and the other rules still run.
func TestJSONTextFindings(t *testing.T) {
	spdx3Doc, err := os.ReadFile("../../sbom.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc string
		edits     [][2]string // old, new: applied once each
		want      []string    // the json-text messages' starts, in order
		also      string      // another rule that must still report
	}{
		{"SPDX 2.3", good, [][2]string{
			{`"name": "a", "versionInfo": "1",`, `"name": "a", "versionInfo": "1", "name": "b",`},
			{`"fileName": "a.c"`, "\"fileName\": \"a\xe9.c\""},
			{`"name": "x"`, `"name": "x\udc00"`},
			{`"relationships": [`, `"relationships": [{"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-NOPE", "relationshipType": "DEPENDS_ON"},`},
		}, []string{
			"line 1, column 95 (/name): \\udc00 in the string value",
			"line 3, column 80 (/packages/0/name): member \"name\" appears again in the same object (first at line 3, column 47)",
			"line 9, column 55 (/files/0/fileName): byte 0xe9 in the string value is not UTF-8",
		}, RuleRelation},
		{"CycloneDX", goodCDX, [][2]string{
			{`"name": "lib", "version": "2.0",`, `"name": "lib", "version": "2.0", "version": "2.1",`},
			{`"Lib Org"`, "\"Lib\xffOrg\""},
			{`"dependsOn": ["lib"]`, `"dependsOn": ["lib", "nope"]`},
		}, []string{
			"line 14, column 76 (/components/0/version): member \"version\" appears again",
			"line 15, column 31 (/components/0/supplier/name): byte 0xff",
		}, RuleRelation},
		{"SPDX 3", string(spdx3Doc), [][2]string{
			{`"name": "sbomkeeper developers"`, `"name": "sbomkeeper developers", "name": "\ud800 others"`},
		}, []string{
			"(/@graph/1/name): member \"name\" appears again",
			"(/@graph/1/name): \\ud800 in the string value",
		}, ""},
	} {
		doc := tc.doc
		for _, e := range tc.edits {
			if !strings.Contains(doc, e[0]) {
				t.Fatalf("%s: %q is not in the document", tc.name, e[0])
			}
			doc = strings.Replace(doc, e[0], e[1], 1)
		}
		fs, _, err := Document("doc.json", []byte(doc), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text := byRule(fs, RuleJSONText)
		if len(text) != len(tc.want) {
			t.Fatalf("%s: %d json-text findings, want %d: %+v", tc.name, len(text), len(tc.want), fs)
		}
		for i, w := range tc.want {
			if f := text[i]; !strings.Contains(f.Message, w) || f.Severity != rules.Error || f.Line == 0 {
				t.Errorf("%s: finding %d = %+v\nwant %s...", tc.name, i, f, w)
			}
		}
		if tc.also != "" && len(byRule(fs, tc.also)) == 0 {
			t.Errorf("%s: no %s finding beside the text ones: %+v", tc.name, tc.also, fs)
		}
	}
}

// TestDuplicateRelationship: the same element, type and related element
// stated twice is a warning at the repeat, naming the first (issue 12 audit);
// the same pair with another type is not a repeat.
func TestDuplicateRelationship(t *testing.T) {
	contains := `{"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-a", "relationshipType": "CONTAINS"}`
	d := doc(contains, contains+`, {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-a", "relationshipType": "CONTAINS", "comment": "again"},
		{"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-a", "relationshipType": "OTHER"}, `+contains)
	fs := run(t, d, Options{})
	got := byRule(fs, RuleDuplicateRel)
	want := []string{
		"/relationships/2: SPDXRef-PACKAGE-a CONTAINS SPDXRef-FILE-a is stated again; the first is /relationships/1",
		"/relationships/4: SPDXRef-PACKAGE-a CONTAINS SPDXRef-FILE-a is stated again; the first is /relationships/1",
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", fs)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i].Message, w) || got[i].Severity != rules.Warning {
			t.Errorf("finding %d = %+v, want %s", i, got[i], w)
		}
	}
	if rules.Failed(fs) {
		t.Errorf("a repeat is no error: %+v", fs)
	}
}

// TestJSONTextFindingsOpenVEX: OpenVEX documents get the same findings.
func TestJSONTextFindingsOpenVEX(t *testing.T) {
	data, err := os.ReadFile("../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `"tooling": "sbomkeeper vex",`, `"tooling": "sbomkeeper vex", "tooling": "x",`, 1)
	fs, _, err := Document("v.json", []byte(bad), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := byRule(fs, RuleJSONText); len(text) != 1 || !strings.Contains(text[0].Message, `line 7, column 32 (/tooling): member "tooling" appears again`) {
		t.Errorf("findings: %+v", fs)
	}
}
