package scan

import (
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Records written for these tests, one per matching rule. IDs are made up
// (TEST-*), so they cannot be mistaken for real advisories.
var testRecords = []string{
	// versions list only; the list writes 2022.9.24, the SBOM 2022.09.24.
	`{"id": "TEST-VERSIONS", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "certifi"}, "versions": ["2022.5.18", "2022.9.24"]}]}`,
	// ECOSYSTEM introduced/fixed.
	`{"id": "TEST-RANGE", "modified": "x", "summary": "a range", "affected": [{"package": {"ecosystem": "PyPI", "name": "urllib3"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.26.0"}, {"fixed": "1.26.17"}, {"introduced": "2.0.0"}, {"fixed": "2.0.6"}]}]}]}`,
	// last_affected is inclusive.
	`{"id": "TEST-LAST", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "idna"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "3.4"}]}]}]}`,
	// last_affected below the version: not affected.
	`{"id": "TEST-LAST-BELOW", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "idna"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "3.3"}]}]}]}`,
	// limit: at or above every limit is not affected.
	`{"id": "TEST-LIMIT", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "six"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "1.16.0"}]}]}]}`,
	`{"id": "TEST-LIMIT-ABOVE", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "six"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"limit": "1.17"}]}]}]}`,
	// withdrawn: ignored although the version matches.
	`{"id": "TEST-WITHDRAWN", "modified": "x", "withdrawn": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "PyPI", "name": "six"}, "versions": ["1.16.0"]}]}`,
	// Two records of one vulnerability (they share CVE-0000-1), named
	// differently: one finding with both IDs.
	`{"id": "TEST-PYSEC-A", "modified": "x", "aliases": ["CVE-0000-1"], "affected": [{"package": {"ecosystem": "PyPI", "name": "typing_extensions"}, "versions": ["4.4.0"]}]}`,
	`{"id": "TEST-GHSA-B", "modified": "x", "aliases": ["CVE-0000-1"], "affected": [{"package": {"ecosystem": "PyPI", "name": "Typing.Extensions"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "4.0"}, {"fixed": "4.5"}]}]}]}`,
	// The fix is the version itself: not affected.
	`{"id": "TEST-FIXED-AT", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "certifi"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2022.09.24"}]}]}]}`,
	// A range version PEP 440 cannot read: a problem, and the versions list still counts.
	`{"id": "TEST-UNREADABLE", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "six"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2019-09-12"}]}], "versions": ["1.16.0"]}]}`,
	// GIT ranges are not used.
	`{"id": "TEST-GIT", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "idna"},
	  "ranges": [{"type": "GIT", "repo": "https://example.com/idna", "events": [{"introduced": "0"}, {"fixed": "abc"}]}]}]}`,
	// Go, SEMVER, versions without the v the PURL writes; a pre-release is below its release.
	`{"id": "TEST-GO", "modified": "x", "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
	  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.23.0"}]}]}]}`,
	`{"id": "TEST-GO-PRE", "modified": "x", "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
	  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.17.1-rc.1"}, {"fixed": "0.18.0"}]}]}]}`,
	// npm with a scope; crates.io.
	`{"id": "TEST-NPM", "modified": "x", "affected": [{"package": {"ecosystem": "npm", "name": "@scope/pkg"},
	  "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.0"}]}]}]}`,
	`{"id": "TEST-CRATE", "modified": "x", "affected": [{"package": {"ecosystem": "crates.io", "name": "smallvec"},
	  "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.6.1"}]}]}]}`,
}

func testDB(t *testing.T) *DB {
	t.Helper()
	var recs []osv.Record
	for _, s := range testRecords {
		r, err := osv.DecodeJSON([]byte(s))
		if err != nil {
			t.Fatalf("%v in %s", err, s)
		}
		r.Source = r.ID + ".json"
		if errs := osv.Check(r); len(errs) > 0 {
			t.Fatal(errs)
		}
		recs = append(recs, *r)
	}
	return NewDB(recs)
}

func pkg(id, name, version string, refs ...string) spdx.Package {
	p := spdx.Package{SPDXID: "SPDXRef-" + id, Name: name, VersionInfo: version}
	for _, r := range refs {
		typ, cat := "purl", "PACKAGE-MANAGER"
		if strings.HasPrefix(r, "cpe:") {
			typ, cat = "cpe23Type", "SECURITY"
		}
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: cat, ReferenceType: typ, ReferenceLocator: r})
	}
	return p
}

func testDoc() *spdx.Document {
	return &spdx.Document{Packages: []spdx.Package{
		pkg("certifi", "certifi", "2022.09.24", "pkg:pypi/certifi@2022.09.24"),
		pkg("urllib3", "urllib3", "1.26.12", "pkg:pypi/urllib3@1.26.12"),
		pkg("idna", "idna", "3.4", "pkg:pypi/idna@3.4"),
		pkg("six", "six", "1.16.0", "pkg:pypi/six@1.16.0"),
		pkg("te", "typing_extensions", "4.4.0", "pkg:pypi/typing-extensions@4.4.0"),
		pkg("xnet", "golang.org/x/net", "v0.17.1", "pkg:golang/golang.org/x/net@v0.17.1"),
		pkg("npm", "@scope/pkg", "1.1.0", "pkg:npm/%40scope/pkg@1.1.0"),
		pkg("crate", "smallvec", "1.6.1", "pkg:cargo/smallvec@1.6.1"),
		pkg("expat", "expat", "2.5.0", "cpe:2.3:a:libexpat_project:libexpat:2.5.0:*:*:*:*:*:*:*"),
		pkg("generic", "libffi", "2.00", "pkg:generic/libffi@2.00"),
		pkg("nover", "distro", "NOASSERTION", "pkg:pypi/distro"),
		pkg("nothing", "thing", "1.0"),
		pkg("maven", "log4j", "2.0", "pkg:maven/org.apache/log4j@2.0"),
		pkg("badver", "rich", "not a version", "pkg:pypi/rich@not%20a%20version"),
		pkg("nodata", "serde", "1.0.0", "pkg:cargo/serde@1.0.0"),
	}}
}

func ids(r Result) map[string][]string {
	out := map[string][]string{}
	for _, f := range r.Findings {
		for _, h := range f.Hits {
			out[h.Package.SPDXID] = append(out[h.Package.SPDXID], strings.Join(f.IDs(), "+"))
		}
	}
	return out
}

func TestScanRules(t *testing.T) {
	r := Scan("test.spdx.json", testDoc(), testDB(t), nil)
	got := ids(r)
	want := map[string][]string{
		"SPDXRef-certifi": {"TEST-VERSIONS"},                       // normalisation: 2022.09.24 == 2022.9.24; fixed at the version is not affected
		"SPDXRef-urllib3": {"TEST-RANGE"},                          // introduced/fixed
		"SPDXRef-idna":    {"TEST-LAST"},                           // last_affected inclusive; below: no; GIT: unused
		"SPDXRef-six":     {"TEST-LIMIT-ABOVE", "TEST-UNREADABLE"}, // limit; withdrawn ignored; versions list despite a bad range
		"SPDXRef-te":      {"TEST-GHSA-B+CVE-0000-1+TEST-PYSEC-A"}, // aliases merged, names normalised
		"SPDXRef-xnet":    {"TEST-GO", "TEST-GO-PRE"},              // no ID in common: two findings
		"SPDXRef-npm":     {"TEST-NPM"},
	}
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
	// TEST-GO and TEST-GO-PRE share no ID: two findings.
	if len(r.Findings) != 9 {
		t.Errorf("%d findings, want 9", len(r.Findings))
	}

	notChecked := map[string]string{}
	for _, nc := range r.NotChecked {
		notChecked[nc.Package.SPDXID] = nc.Reason
	}
	for id, want := range map[string]string{
		"SPDXRef-expat":   "only a CPE",
		"SPDXRef-generic": `PURL type "generic" has no OSV ecosystem`,
		"SPDXRef-nover":   "no version",
		"SPDXRef-nothing": "no PURL",
		"SPDXRef-maven":   `PURL type "maven"`,
		"SPDXRef-badver":  "is not a PEP 440 version",
	} {
		if !strings.Contains(notChecked[id], want) {
			t.Errorf("%s not checked because %q, want %q", id, notChecked[id], want)
		}
	}
	if len(r.NotChecked) != 6 || r.Checked != 9 {
		t.Errorf("not checked %d, checked %d; want 6 and 9: %v", len(r.NotChecked), r.Checked, r.NotChecked)
	}
	if len(r.Problems) != 1 || r.Problems[0].Record != "TEST-UNREADABLE" || !strings.Contains(r.Problems[0].Message, `affected[0].ranges[0]: fixed "2019-09-12" is not a PEP 440 version`) {
		t.Errorf("problems = %+v", r.Problems)
	}
	for _, f := range r.Findings {
		if f.ID == "TEST-RANGE" && (!slices.Equal(f.Hits[0].Fixed, []string{"1.26.17"}) || f.Summary != "a range") {
			t.Errorf("TEST-RANGE: fixed %v, summary %q", f.Hits[0].Fixed, f.Summary)
		}
	}
	if !r.Affected() {
		t.Error("Affected() = false")
	}
}

// A package of an ecosystem no record is about is not checked: silence about
// crates would otherwise read as "no advisories".
func TestScanEcosystemWithoutData(t *testing.T) {
	db := testDB(t)
	delete(db.ecosystems, "crates.io")
	r := Scan("x", &spdx.Document{Packages: []spdx.Package{pkg("c", "smallvec", "1.0.0", "pkg:cargo/smallvec@1.0.0")}}, db, nil)
	if len(r.NotChecked) != 1 || !strings.Contains(r.NotChecked[0].Reason, "no OSV data about the crates.io ecosystem") {
		t.Errorf("not checked = %+v", r.NotChecked)
	}
	if db.Withdrawn != 1 {
		t.Errorf("withdrawn = %d, want 1", db.Withdrawn)
	}
}

func TestParsePURL(t *testing.T) {
	for s, want := range map[string]purl{
		"pkg:pypi/certifi@2022.09.24":                   {"pypi", "", "certifi", "2022.09.24"},
		"pkg:npm/%40scope/pkg@1.1.0?x=y#sub":            {"npm", "@scope", "pkg", "1.1.0"},
		"pkg:golang/golang.org/x/net@v0.17.1":           {"golang", "golang.org/x", "net", "v0.17.1"},
		"pkg:PyPI/a":                                    {"pypi", "", "a", ""},
		"pkg:npm/@scope/pkg":                            {"npm", "@scope", "pkg", ""},
		"pkg:npm/@scope/pkg@2.0.0":                      {"npm", "@scope", "pkg", "2.0.0"},
		"pkg:golang/github.com/a/b@v1.0.0+incompatible": {"golang", "github.com/a", "b", "v1.0.0+incompatible"},
	} {
		got, err := parsePURL(s)
		if err != nil || got != want {
			t.Errorf("parsePURL(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "pkg:", "pkg:pypi", "pkg:pypi/", "cpe:2.3:a", "pkg:pypi/a@%zz"} {
		if p, err := parsePURL(s); err == nil {
			t.Errorf("parsePURL(%q) = %+v, want an error", s, p)
		}
	}
}
