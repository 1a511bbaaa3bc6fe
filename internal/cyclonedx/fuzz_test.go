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
// is testdata/fuzz/FuzzToSPDX and the BOMs in testdata (CycloneDX 1.6 and 1.7).
func FuzzToSPDX(f *testing.F) {
	for _, name := range []string{"other-tool.cdx.json", "cpython-3.13.5-Misc-externals.cdx.json",
		"cdx17/syft-1.7.cdx.json", "cdx17/cdxgen-1.7.cdx.json", "cdx17/new-fields-1.7.cdx.json"} {
		f.Add(readFile(f, filepath.FromSlash("testdata/"+name)))
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

// FuzzFromSPDX holds FromSPDX to its promises on any SPDX JSON the model
// parses: valid CycloneDX 1.6 under the official schema, which ToSPDX reads
// without error, and when nothing was lost, the same document back.
func FuzzFromSPDX(f *testing.F) {
	f.Add([]byte(richSPDX))
	f.Add([]byte(lossySPDX))
	f.Add(readFile(f, filepath.Join("testdata", "cpython-3.13.5-Misc-externals.spdx.json")))
	f.Add([]byte(`{"packages":[{"SPDXID":"SPDXRef-a","name":"a","supplier":"Person: x (a@b)","checksums":[{"algorithm":"BLAKE3","checksumValue":"00"}]}],"relationships":[{"spdxElementId":"SPDXRef-a","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := spdx.Parse(data)
		if err != nil {
			return
		}
		out, losses, err := FromSPDX(doc, Options{})
		if err != nil {
			return // duplicate IDs
		}
		validateCDX(t, "1.6", out)
		back, backLosses, err := ToSPDX(out)
		if err != nil {
			t.Fatalf("ToSPDX rejects what FromSPDX wrote: %v\n%s", err, out)
		}
		if len(backLosses) > 0 {
			t.Fatalf("ToSPDX lost what FromSPDX wrote: %v\n%s", backLosses, out)
		}
		if len(losses) > 0 || !allIDs(doc) {
			return
		}
		if a, b := normalized(t, doc), normalized(t, back); !bytes.Equal(a, b) {
			t.Fatalf("SPDX -> CycloneDX -> SPDX changed the document:\n%s", firstDiff(a, b))
		}
	})
}

// allIDs reports whether every element has an SPDX ID: one without cannot
// be referred to, and ToSPDX gives it one.
func allIDs(doc *spdx.Document) bool {
	for _, p := range doc.Packages {
		if p.SPDXID == "" {
			return false
		}
	}
	for _, f := range doc.Files {
		if f.SPDXID == "" {
			return false
		}
	}
	return true
}
