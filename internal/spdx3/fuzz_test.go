package spdx3

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// FuzzFromSPDX2 holds FromSPDX2 to its promise on any document spdx.Parse
// accepts: no panic, and either an error or a graph that is JSON, the same
// twice, valid under the official schema and clean under Check. Seeds:
// testdata/fuzz/FuzzFromSPDX2 (a CPython artifact SBOM and the SPDX 2.3
// example) and the documents below.
func FuzzFromSPDX2(f *testing.F) {
	f.Add([]byte(`{"SPDXID":"SPDXRef-DOCUMENT","packages":[{"SPDXID":"SPDXRef-a","name":"a","supplier":"Person: x (y)","checksums":[{"algorithm":"SHA1","checksumValue":"da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}]}`))
	f.Add([]byte(`{"documentNamespace":"urn:x","creationInfo":{"created":"2024-01-01T00:00:00.5+02:00","creators":["Tool: t"],"licenseListVersion":"3.2"},"files":[{"SPDXID":"SPDXRef-f","fileName":"f","fileTypes":["TEXT","SPDX","OTHER"],"licenseInfoInFiles":["NONE","MIT"]}],"relationships":[{"spdxElementId":"SPDXRef-f","relationshipType":"CONTAINED_BY","relatedSpdxElement":"NOASSERTION"}]}`))
	f.Add([]byte(`{"externalDocumentRefs":[{"externalDocumentId":"DocumentRef-a","spdxDocument":"https://e.org/a","checksum":{"algorithm":"SHA1","checksumValue":"0"}}],"packages":[{"SPDXID":"SPDXRef-p","name":"p","licenseConcluded":"LicenseRef-x OR DocumentRef-a:LicenseRef-y","hasFiles":["SPDXRef-p"]}],"relationships":[{"spdxElementId":"DocumentRef-a:SPDXRef-q","relationshipType":"DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-p"}],"hasExtractedLicensingInfos":[{"licenseId":"LicenseRef-x","extractedText":"t","seeAlsos":["u",1]}]}`))
	opts := Options{
		Created:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Creators: []string{"Tool: fuzz"},
		Getenv:   func(string) string { return "" },
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := spdx.Parse(data)
		if err != nil {
			return
		}
		out, losses, err := FromSPDX2(doc, opts)
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("not JSON:\n%s", out)
		}
		again, losses2, _ := FromSPDX2(doc, opts)
		if !bytes.Equal(out, again) || len(losses) != len(losses2) {
			t.Fatal("a second conversion differs")
		}
		if err := validateSchema(out); err != nil {
			t.Fatalf("not valid under the schema: %v\n%s", err, out)
		}
		if issues := Check(out); len(issues) > 0 {
			t.Fatalf("Check: %v\n%s", issues, out)
		}
	})
}
