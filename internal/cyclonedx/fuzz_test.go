package cyclonedx

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// FuzzToSPDX holds ToSPDX to its promises on any input: no panic; a BOM it
// accepts gives a document whose IDs are unique (so FromSPDX takes it) and
// that marshals; and a document FromSPDX carries without loss comes back
// from its CycloneDX unchanged. Check must not panic either. The seed corpus
// is testdata/fuzz/FuzzToSPDX and the BOMs in testdata.
func FuzzToSPDX(f *testing.F) {
	for _, name := range []string{"other-tool.cdx.json", "cpython-3.13.5-Misc-externals.cdx.json"} {
		f.Add(readFile(f, filepath.Join("testdata", name)))
	}
	f.Add([]byte(goodBOM))
	f.Fuzz(func(t *testing.T, data []byte) {
		Check(data)
		doc, _, err := ToSPDX(data)
		if err != nil {
			return
		}
		if _, err := spdx.Marshal(doc); err != nil {
			t.Fatalf("the document does not marshal: %v", err)
		}
		out, losses, err := FromSPDX(doc, Options{})
		if err != nil {
			t.Fatalf("FromSPDX rejects what ToSPDX made: %v", err)
		}
		if !json.Valid(out) {
			t.Fatalf("FromSPDX wrote invalid JSON:\n%s", out)
		}
		if len(losses) > 0 {
			return
		}
		back, losses, err := ToSPDX(out)
		if err != nil {
			t.Fatalf("ToSPDX rejects what FromSPDX wrote: %v\n%s", err, out)
		}
		if len(losses) > 0 {
			t.Fatalf("ToSPDX lost what FromSPDX wrote: %v\n%s", losses, out)
		}
		if a, b := normalized(t, doc), normalized(t, back); !bytes.Equal(a, b) {
			t.Fatalf("SPDX -> CycloneDX -> SPDX changed the document:\n%s", firstDiff(a, b))
		}
	})
}
