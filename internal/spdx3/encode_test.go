package spdx3

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodeDocument must give exactly what encoding the whole document with
// json.Encoder gave before it wrote one element at a time.
func TestEncodeDocumentMatchesEncoder(t *testing.T) {
	for _, graph := range [][]any{
		nil,
		{},
		{creationInfo{Type: "CreationInfo", ID: "_:c", SpecVersion: "3.0.1", Created: "2025-01-01T00:00:00Z", CreatedBy: []string{"a<b>&c"}}},
		{map[string]any{"x": []any{}, "y": map[string]any{}}, relationship{From: "f", To: []string{"t1", "t2"}}, "s\u2028"},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(document{Context: Context, Graph: graph}); err != nil {
			t.Fatal(err)
		}
		got, err := encodeDocument(Context, graph)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("graph %v:\ngot  %q\nwant %q", graph, got, want.Bytes())
		}
	}
}
