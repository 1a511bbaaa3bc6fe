package openvex

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	doc, err := Parse("min.openvex.json", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != "min.openvex.json" || doc.Version != 1 || len(doc.Statements) != 1 || doc.Statements[0].Status != Fixed ||
		doc.Statements[0].Products[1].ID != "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64" {
		t.Errorf("%+v", doc)
	}
}

// TestParseErrors: errors name the file, the line and the member, in
// OpenVEX's words rather than Go's.
func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		``:          "x.json: not an OpenVEX document: the top-level JSON value must be an object",
		`[1]`:       "x.json: not an OpenVEX document",
		"{\n\"a\":": "x.json:2: not JSON:",
		strings.Replace(minimal, `"status": "fixed"`, `"status": 3`, 1):                 `x.json:15: member "statements.status" is a JSON number where OpenVEX has a string`,
		strings.Replace(minimal, `"version": 1`, `"version": 1.5`, 1):                   `x.json:7: member "version" is a JSON number 1.5 where OpenVEX has an integer`,
		strings.Replace(minimal, `{"name": "CVE-2023-12345"}`, `["CVE-2023-12345"]`, 1): `x.json:10: member "statements.vulnerability" is a JSON array where OpenVEX has an object`,
	} {
		_, err := Parse("x.json", []byte(in))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%.30q): %v\nwant %s", in, err, want)
		}
	}
}
