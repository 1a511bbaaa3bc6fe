package scan

import (
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// FuzzMatch scans a fixed SBOM against any record that passes osv.Check,
// with any PURL: matching must never panic, whatever versions the record
// and the SBOM hold.
func FuzzMatch(f *testing.F) {
	for _, r := range testRecords {
		f.Add([]byte(r), "pkg:pypi/urllib3@1.26.12")
	}
	f.Add([]byte(testRecords[0]), "pkg:golang/%zz/x@v1")
	f.Add([]byte(testRecords[0]), "pkg:npm/@/@")
	f.Fuzz(func(t *testing.T, record []byte, purl string) {
		r, err := osv.DecodeJSON(record)
		if err != nil || len(osv.Check(r)) > 0 {
			return
		}
		doc := &spdx.Document{Packages: []spdx.Package{
			pkg("a", "a", "1.0", purl),
			pkg("b", "urllib3", "1.26.12", "pkg:pypi/urllib3@1.26.12"),
			pkg("c", "x", "v0.17.1", "pkg:golang/golang.org/x/net@v0.17.1"),
			pkg("d", "smallvec", "1.6.1", "pkg:cargo/smallvec@1.6.1"),
			pkg("e", "@scope/pkg", "1.1.0", "pkg:npm/%40scope/pkg@1.1.0"),
		}}
		res := Scan("fuzz", doc, NewDB([]osv.Record{*r}), fakeVEX{})
		for _, f := range res.Findings {
			if len(f.Hits) == 0 || f.ID == "" {
				t.Fatalf("finding without hits or ID: %+v", f)
			}
		}
	})
}
