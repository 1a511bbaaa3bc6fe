package scan

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// goEnv names Go vulndb's data/osv, whole or the subset
// `scripts/osv-subset vulndb` writes (golang/vulndb at
// a752ea54fd1b989d208a270aeef772f55a36b87a). Without it the committed subset in testdata/osv is read.
const goEnv = "SBOMKEEPER_OSV_GO"

// Real Go records, SEMVER ranges with pseudo-versions as fixes
// (GO-2020-0014 is fixed in 0.0.0-20190125091013-d26f9f9a57f3, far below
// 0.17.0, so introduced "0" must sort first), PURL versions with the "v"
// the records do not write. The expected IDs were derived from the records
// by a separate evaluation of the OSV rules (SemVer with "0" lowest) and
// are exactly the records whose ranges hold these versions.
func TestGoVulndb(t *testing.T) {
	dir := os.Getenv(goEnv)
	if dir == "" {
		// The committed subset (its README names the upstream commit).
		dir = "testdata/osv/vulndb/data/osv"
	}
	recs, errs := osv.Load(context.Background(), []string{dir})
	for _, e := range errs {
		t.Error(e)
	}
	doc := &spdx.Document{Packages: []spdx.Package{
		pkg("net", "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0"),
		pkg("crypto", "golang.org/x/crypto", "v0.16.0", "pkg:golang/golang.org/x/crypto@v0.16.0"),
	}}
	r := Scan("go.spdx.json", doc, NewDB(recs), nil)
	got := map[string][]string{}
	for _, f := range r.Findings {
		for _, h := range f.Hits {
			got[h.Package.Name] = append(got[h.Package.Name], h.Records...)
		}
	}
	want := map[string]string{
		"golang.org/x/net": "GO-2024-2687 GO-2024-3333 GO-2025-3503 GO-2025-3595 GO-2026-4440 GO-2026-4441 GO-2026-4918 " +
			"GO-2026-5025 GO-2026-5026 GO-2026-5027 GO-2026-5028 GO-2026-5029 GO-2026-5030 GO-2026-5942",
		"golang.org/x/crypto": "GO-2023-2402 GO-2024-3321 GO-2025-3487 GO-2025-4116 GO-2025-4134 GO-2025-4135 GO-2026-5005 " +
			"GO-2026-5006 GO-2026-5013 GO-2026-5014 GO-2026-5015 GO-2026-5016 GO-2026-5017 GO-2026-5018 GO-2026-5019 " +
			"GO-2026-5020 GO-2026-5021 GO-2026-5023 GO-2026-5033 GO-2026-5932",
	}
	for name, w := range want {
		ids := got[name]
		slices.Sort(ids)
		if strings.Join(slices.Compact(ids), " ") != w {
			t.Errorf("%s:\n got %s\nwant %s", name, strings.Join(ids, " "), w)
		}
	}
	if len(r.NotChecked) != 0 || len(r.Problems) != 0 {
		t.Errorf("not checked %v, problems %v", r.NotChecked, r.Problems)
	}
}
