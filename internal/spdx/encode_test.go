package spdx

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestMarshalMatchesGenericOnBuiltDocuments covers documents that code built or
// changed rather than read: a field set over an Extra member of the same name,
// empty and nil lists, Extra on items of the typed lists.
func TestMarshalMatchesGenericOnBuiltDocuments(t *testing.T) {
	docs := map[string]*Document{
		"empty":             {},
		"empty lists":       {Files: []File{}, Relationships: []Relationship{}},
		"empty items":       {Files: []File{{}}, Relationships: []Relationship{{}}},
		"files over Extra":  {Files: []File{{SPDXID: "a"}}, Extra: map[string]any{"files": "x", "relationships": nil, "zz": json.Number("1.50")}},
		"Extra, no files":   {Extra: map[string]any{"files": []any{"x"}, "relationships": map[string]any{}}},
		"items with Extra":  {Files: []File{{SPDXID: "a", Extra: map[string]any{"SPDXID": "b", "fileName": "c", "z": []any{}}}}, Relationships: []Relationship{{Comment: "c", Extra: map[string]any{"comment": "d", "a": nil}}}},
		"checksum Extra":    {Files: []File{{Checksums: []Checksum{{Algorithm: "SHA1", Extra: map[string]any{"checksumValue": json.Number("1")}}, {}}}}},
		"escapes":           {Files: []File{{FileName: "é\n\"\\\x7f\U0001F600", Comment: "\u2028", FileTypes: []string{"é"}, Checksums: []Checksum{}}}},
		"empty string list": {Files: []File{{FileTypes: []string{}, LicenseInfoInFiles: []string{""}, AttributionTexts: []string{"a", "b"}}}},
	}
	for name, d := range docs {
		got, err := Marshal(d)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := marshalGeneric(d)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: typed writer\n%s\ngeneric writer\n%s", name, got, want)
		}
	}
}
