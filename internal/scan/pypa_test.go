package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// pypaEnv names a directory of real PyPA advisory-database records: the
// subset scripts/osv-subset writes (pypa/advisory-database at
// 3ccb612573e2511ab5cad7dafecd838605c80cda), or the whole database's vulns/.
// Without it the committed subset in testdata/osv is read.
const pypaEnv = "SBOMKEEPER_OSV_PYPA"

func pypaDB(t *testing.T) *DB {
	t.Helper()
	dir := os.Getenv(pypaEnv)
	if dir == "" {
		// The committed subset (its README names the upstream commit).
		dir = "testdata/osv/pypa/vulns"
	}
	recs, errs := osv.Load(context.Background(), []string{dir})
	for _, e := range errs {
		t.Error(e)
	}
	return NewDB(recs)
}

// The acceptance test of issue 14: CPython 3.11.2's SBOM (bundled pip
// 22.3.1 and its vendored projects, setuptools 65.5.0, pip's vendored
// setuptools 44.0.0 pkg_resources and its vendored projects) against the
// PyPA data gives exactly the advisories the records say affect those
// versions. Derived by reading each record of the projects concerned (and
// checked with python3-packaging's ordering):
//   - pip 22.3.1: PYSEC-2023-228 (fixed 23.3); the others were fixed by 21.1.
//   - setuptools 65.5.0 and 44.0.0: PYSEC-2022-43012 (fixed 65.5.1);
//     PYSEC-2013-22 was fixed in 0.7.
//   - requests 2.28.1: PYSEC-2023-74 (2.3.0 to 2.31.0).
//   - certifi 2022.09.24 (the record writes 2022.9.24): PYSEC-2022-42986
//     (2017.11.5 to 2022.12.7), PYSEC-2023-135 (2015.4.28 to 2023.7.22).
//   - idna 3.4: PYSEC-2024-60 (0.1 to 3.7).
//   - urllib3 1.26.12: PYSEC-2023-192 (to 1.26.17), PYSEC-2023-212 (to
//     1.26.18); both list their 2.x range first, so events must be sorted.
//     PYSEC-2021-108 (1.26.5) and PYSEC-2021-59 (1.26.0 to 1.26.4) do not.
//   - pygments 2.13.0: PYSEC-2023-117 (fixed 2.15.1).
//   - no advisories for the other vendored projects.
func TestCPython311AgainstPyPA(t *testing.T) {
	db := pypaDB(t)
	path := filepath.Join("..", "..", "examples", "cpython-3.11", "Misc", "sbom.spdx.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _, err := convert.Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	r := Scan(path, doc, db, nil)
	want := map[string][]string{
		"SPDXRef-PACKAGE-pip":            {"PYSEC-2023-228+CVE-2023-5752"},
		"SPDXRef-PACKAGE-setuptools":     {"PYSEC-2022-43012+CVE-2022-40897"},
		"SPDXRef-PACKAGE-pip-setuptools": {"PYSEC-2022-43012+CVE-2022-40897"},
		"SPDXRef-PACKAGE-requests":       {"PYSEC-2023-74+CVE-2023-32681+GHSA-j8r2-6x86-q33q"},
		"SPDXRef-PACKAGE-certifi":        {"PYSEC-2022-42986+CVE-2022-23491+GHSA-43fp-rhv2-5gv8", "PYSEC-2023-135+CVE-2023-37920+GHSA-xqr8-7jwr-rhp7"},
		"SPDXRef-PACKAGE-idna":           {"PYSEC-2024-60+CVE-2024-3651"},
		"SPDXRef-PACKAGE-urllib3":        {"PYSEC-2023-192+CVE-2023-43804+GHSA-v845-jxx5-vc9f", "PYSEC-2023-212+CVE-2023-45803+GHSA-g4mx-q9vg-27p4"},
		"SPDXRef-PACKAGE-pygments":       {"PYSEC-2023-117+CVE-2022-40896"},
	}
	got := ids(r)
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s: %v, want %v", id, got[id], w)
		}
	}
	for id := range got {
		if want[id] == nil {
			t.Errorf("%s: unexpected %v", id, got[id])
		}
	}
	if len(r.Findings) != 9 {
		t.Errorf("%d vulnerabilities, want 9 (PYSEC-2022-43012 once, for both setuptools)", len(r.Findings))
	}
	// expat, mpdecimal, libb2 (CPE only), tiny_sha3 (github), libffi_osx
	// and dlcompat (generic) cannot be checked against OSV data.
	var nc []string
	for _, n := range r.NotChecked {
		nc = append(nc, n.Package.Name)
	}
	if strings.Join(nc, " ") != "expat mpdecimal libb2 tiny_sha3 libffi_osx dlcompat" {
		t.Errorf("not checked: %v", nc)
	}
	if r.Checked != 47 || len(r.Problems) != 0 {
		t.Errorf("checked %d, problems %v; want 47 (53 packages less 6) and none", r.Checked, r.Problems)
	}
}

// Real records: PYSEC-2023-73 (redis, every version) is withdrawn and must
// not match; PYSEC-2024-5 (case-utils) and PYSEC-2024-6 (cdo-local-uuid)
// are one vulnerability (CVE-2024-22194) and give one finding naming both
// packages; PYSEC-2021-371 names a fixed version PEP 440 cannot read
// ("0.2.0-n653") and is reported, not silently dropped.
func TestPyPAWithdrawnAliasesUnreadable(t *testing.T) {
	db := pypaDB(t)
	doc := &spdx.Document{Packages: []spdx.Package{
		pkg("redis", "redis", "4.5.4", "pkg:pypi/redis@4.5.4"),
		pkg("cu", "case-utils", "0.15.0", "pkg:pypi/case-utils@0.15.0"),
		pkg("clu", "cdo-local-uuid", "0.4.0", "pkg:pypi/cdo-local-uuid@0.4.0"),
		pkg("bh", "binderhub", "0.1.0", "pkg:pypi/binderhub@0.1.0"),
	}}
	r := Scan("x", doc, db, nil)
	got := ids(r)
	for _, f := range r.Findings {
		if slices.Contains(f.IDs(), "PYSEC-2023-73") {
			t.Errorf("withdrawn PYSEC-2023-73 matched: %+v", f)
		}
		if slices.Contains(f.IDs(), "CVE-2024-22194") {
			if f.ID != "PYSEC-2024-5" || !slices.Contains(f.Aliases, "PYSEC-2024-6") || len(f.Hits) != 2 {
				t.Errorf("CVE-2024-22194: %s %v with %d packages; want one finding PYSEC-2024-5 naming PYSEC-2024-6, two packages", f.ID, f.Aliases, len(f.Hits))
			}
			// Each package says which record matched it.
			for _, h := range f.Hits {
				want := map[string]string{"case-utils": "PYSEC-2024-5", "cdo-local-uuid": "PYSEC-2024-6"}[h.Package.Name]
				if !slices.Equal(h.Records, []string{want}) {
					t.Errorf("%s: records %v, want %s", h.Package.Name, h.Records, want)
				}
			}
		}
	}
	if len(got["SPDXRef-cu"]) == 0 || len(got["SPDXRef-clu"]) == 0 {
		t.Errorf("case-utils / cdo-local-uuid not matched: %v", got)
	}
	if !slices.ContainsFunc(r.Problems, func(p Problem) bool {
		return p.Record == "PYSEC-2021-371" && strings.Contains(p.Message, `"0.2.0-n653" is not a PEP 440 version`)
	}) {
		t.Errorf("problems = %+v", r.Problems)
	}
}
