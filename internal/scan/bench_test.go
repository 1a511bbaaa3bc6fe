package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// benchEnv lists OSV sources for the speed benchmark, separated by the
// path list separator: the whole PyPA advisory database's vulns/ and Go's
// vulndb data/osv/, fetched once locally (scripts/bench-scan). Not committed.
const benchEnv = "SBOMKEEPER_OSV_BENCH"

func benchSources(tb testing.TB) []string {
	v := os.Getenv(benchEnv)
	if v == "" {
		tb.Skipf("%s is not set (see scripts/bench-scan)", benchEnv)
	}
	return filepath.SplitList(v)
}

// artifactSBOM is an SBOM of n packages drawn from the data, half PyPI and
// half Go (in name order, so the same data gives the same SBOM): each PyPI
// package at a version its first record lists, each Go module at 0.1.0.
func artifactSBOM(recs []osv.Record, n int) *spdx.Document {
	seen := map[string]bool{}
	var pypi, gomods []spdx.Package
	for _, r := range recs {
		for _, a := range r.Affected {
			key := a.Package.Ecosystem + "/" + a.Package.Name
			if seen[key] {
				continue
			}
			seen[key] = true
			id := fmt.Sprintf("SPDXRef-PACKAGE-%d", len(seen))
			switch a.Package.Ecosystem {
			case "PyPI":
				v := "1.0"
				if len(a.Versions) > 0 {
					v = a.Versions[len(a.Versions)/2]
				}
				pypi = append(pypi, pkg(id[16:], a.Package.Name, v, "pkg:pypi/"+strings.ToLower(a.Package.Name)+"@"+v))
			case "Go":
				gomods = append(gomods, pkg(id[16:], a.Package.Name, "v0.1.0", "pkg:golang/"+a.Package.Name+"@v0.1.0"))
			}
		}
	}
	byName := func(a, b spdx.Package) int { return strings.Compare(a.Name, b.Name) }
	slices.SortFunc(pypi, byName)
	slices.SortFunc(gomods, byName)
	doc := &spdx.Document{SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT", Name: "bench",
		DocumentNamespace: "https://example.com/bench", CreationInfo: &spdx.CreationInfo{Created: "2024-01-01T00:00:00Z", Creators: []string{"Tool: sbomkeeper-bench"}}}
	doc.Packages = append(doc.Packages, pypi[:min(n/2, len(pypi))]...)
	doc.Packages = append(doc.Packages, gomods[:min(n-n/2, len(gomods))]...)
	return doc
}

// BenchmarkScanWhole is issue 14's speed case: load the whole PyPA and Go
// databases, index them and scan an artifact SBOM of 300 packages, as one
// run of sbomkeeper scan does.
func BenchmarkScanWhole(b *testing.B) {
	srcs := benchSources(b)
	recs, errs := osv.Load(context.Background(), srcs)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	doc := artifactSBOM(recs, 300)
	b.ResetTimer()
	for b.Loop() {
		recs, _ := osv.Load(context.Background(), srcs)
		db := NewDB(recs)
		Scan("bench", doc, db, nil)
	}
}

// BenchmarkScanOnly is the matching alone, with the data loaded and indexed.
func BenchmarkScanOnly(b *testing.B) {
	recs, errs := osv.Load(context.Background(), benchSources(b))
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	doc := artifactSBOM(recs, 300)
	b.ResetTimer()
	for b.Loop() {
		Scan("bench", doc, NewDB(recs), nil)
	}
}

// TestWriteBenchSBOM writes the benchmark's SBOM for scripts/bench-scan,
// when SBOMKEEPER_BENCH_SBOM names the file.
func TestWriteBenchSBOM(t *testing.T) {
	out := os.Getenv("SBOMKEEPER_BENCH_SBOM")
	if out == "" {
		t.Skip("SBOMKEEPER_BENCH_SBOM is not set (scripts/bench-scan sets it)")
	}
	recs, errs := osv.Load(context.Background(), benchSources(t))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	doc := artifactSBOM(recs, 300)
	for i := range doc.Packages {
		doc.Packages[i].DownloadLocation = "NOASSERTION"
		doc.Packages[i].LicenseConcluded = "NOASSERTION"
	}
	data, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := Scan("bench", doc, NewDB(recs), nil)
	_, hits, _ := r.Counts()
	t.Logf("wrote %s: %d packages, %d vulnerabilities, %d package hits, %d not checked", out, len(doc.Packages), len(r.Findings), hits, len(r.NotChecked))
}
