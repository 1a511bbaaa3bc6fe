package bundle

import (
	"errors"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

func pipFound() *Found {
	return &Found{
		Config: config.Bundle{Name: "pip", Originator: "Organization: PyPA", CPE: "cpe:2.3:a:pypa:pip:{version}:*:*:*:*:*:*:*",
			PURL: "pkg:pypi/pip@{version}", PURLNames: config.PURLCanonical, ReferenceCategory: "PACKAGE_MANAGER"},
		Path:  "b/pip-2.0-py3-none-any.whl",
		Wheel: &wheel.Wheel{Filename: "pip-2.0-py3-none-any.whl", Name: wheel.Name{Distribution: "pip", Version: "2.0"}, SHA256: "ab"},
		Vendored: []Vendored{
			{Project: wheel.Project{Name: "typing_extensions", Version: "4.1", Line: 1, From: "pip/_vendor/vendor.txt:1"}, Dir: "pip/_vendor", ID: "SPDXRef-PACKAGE-typing-extensions"},
			{Project: wheel.Project{Name: "certifi", Version: "9", Line: 2, From: "pip/_vendor/vendor.txt:2"}, Dir: "pip/_vendor", ID: "SPDXRef-PACKAGE-certifi"},
		},
	}
}

func doc() *spdx.Document {
	return &spdx.Document{Packages: []spdx.Package{
		{SPDXID: "SPDXRef-PACKAGE-pip", Name: "pip", VersionInfo: "1.0", Comment: "kept", LicenseConcluded: "MIT"},
		{SPDXID: "SPDXRef-PACKAGE-zlib", Name: "zlib"},
		{SPDXID: "SPDXRef-PACKAGE-typing-extensions", Name: "typing_extensions", VersionInfo: "4.0", LicenseConcluded: "PSF-2.0"},
		{SPDXID: "SPDXRef-PACKAGE-certifi", Name: "certifi", VersionInfo: "9", DownloadLocation: "https://old/certifi-9.whl"},
	}, Relationships: []spdx.Relationship{
		{SPDXElementID: "SPDXRef-PACKAGE-pip", RelatedSPDXElement: "SPDXRef-PACKAGE-typing-extensions", RelationshipType: "DEPENDS_ON"},
		{SPDXElementID: "SPDXRef-PACKAGE-pip", RelatedSPDXElement: "SPDXRef-PACKAGE-certifi", RelationshipType: "DEPENDS_ON"},
		{SPDXElementID: "SPDXRef-PACKAGE-zlib", RelatedSPDXElement: "SPDXRef-FILE-z.c", RelationshipType: "CONTAINS"},
	}}
}

func TestApply(t *testing.T) {
	d := doc()
	answers := map[pypi.Request]pypi.Entry{
		{Project: "pip", Version: "2.0", Filename: "pip-2.0-py3-none-any.whl"}: {URL: "https://files/pip-2.0-py3-none-any.whl", SHA256: "ab"},
		{Project: "typing_extensions", Version: "4.1"}:                         {URL: "https://files/te-4.1.whl", SHA256: "cd"},
	}
	rels, _, errs := Apply(d, pipFound(), answers, ApplyOptions{})
	if errs != nil {
		t.Fatal(errs)
	}
	last := d.Packages[len(d.Packages)-1]
	if last.Name != "pip" || last.VersionInfo != "2.0" || last.DownloadLocation != "https://files/pip-2.0-py3-none-any.whl" ||
		last.Comment != "kept" || last.LicenseConcluded != "MIT" || len(last.ExternalRefs) != 2 ||
		last.ExternalRefs[0].ReferenceLocator != "cpe:2.3:a:pypa:pip:2.0:*:*:*:*:*:*:*" || last.Checksums[0].ChecksumValue != "ab" {
		t.Errorf("pip: %+v", last)
	}
	te := d.Packages[1]
	if te.Name != "typing_extensions" || te.VersionInfo != "4.1" || te.ExternalRefs[0].ReferenceLocator != "pkg:pypi/typing-extensions@4.1" ||
		te.ExternalRefs[0].ReferenceCategory != "PACKAGE_MANAGER" || te.LicenseConcluded != "PSF-2.0" || te.DownloadLocation != "https://files/te-4.1.whl" {
		t.Errorf("typing_extensions: %+v", te)
	}
	// certifi had no answer but its version did not change: its download stays.
	if c := d.Packages[2]; c.DownloadLocation != "https://old/certifi-9.whl" {
		t.Errorf("certifi: %+v", c)
	}
	if len(rels) != 2 || rels[0].RelatedSPDXElement != "SPDXRef-PACKAGE-certifi" || rels[1].RelatedSPDXElement != "SPDXRef-PACKAGE-typing-extensions" {
		t.Errorf("rels not sorted by ID: %+v", rels)
	}
}

func TestApplyNeedsTheIndexForNewVersions(t *testing.T) {
	_, _, errs := Apply(doc(), pipFound(), nil, ApplyOptions{})
	// Both the vendored project and pip itself changed version: both are said.
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "typing_extensions 4.1") || !strings.Contains(errs[1].Error(), "pip is now 2.0") ||
		!strings.Contains(errs[0].Error(), "--online") {
		t.Errorf("errs = %v", errs)
	}
}

// Every vendored project without an entry is reported in one run, with one
// snippet that adds them all (issue 10, defect 4).
func TestApplyReportsEveryMissingEntry(t *testing.T) {
	d := doc()
	d.Packages = d.Packages[:2] // neither typing_extensions nor certifi
	pipAnswer := pypi.Request{Project: "pip", Version: "2.0", Filename: "pip-2.0-py3-none-any.whl"}
	_, _, errs := Apply(d, pipFound(), map[pypi.Request]pypi.Entry{{Project: "typing_extensions", Version: "4.1"}: {}, pipAnswer: {}}, ApplyOptions{})
	var me *MissingEntriesError
	if len(errs) != 1 || !errors.As(errs[0], &me) {
		t.Fatalf("errs = %v", errs)
	}
	if got := me.Error(); got != "pip vendors 2 projects that have no package entry in the SBOM: typing_extensions 4.1 (pip/_vendor/vendor.txt:1), certifi 9 (pip/_vendor/vendor.txt:2)" {
		t.Errorf("message %q", got)
	}
	if got := me.Snippet(); got != `{"SPDXID": "SPDXRef-PACKAGE-typing-extensions", "name": "typing_extensions", "licenseConcluded": "NOASSERTION"}, {"SPDXID": "SPDXRef-PACKAGE-certifi", "name": "certifi", "licenseConcluded": "NOASSERTION"}` {
		t.Errorf("snippet %s", got)
	}
	// With add, the entries are created instead.
	d = doc()
	d.Packages = d.Packages[:2]
	_, changed, errs := Apply(d, pipFound(), map[pypi.Request]pypi.Entry{{Project: "typing_extensions", Version: "4.1"}: {URL: "u", SHA256: "cd"}, {Project: "certifi", Version: "9"}: {}, pipAnswer: {}}, ApplyOptions{Add: true})
	if errs != nil || len(changed.Added) != 2 {
		t.Fatalf("added %v, errs %v", changed.Added, errs)
	}
	if p := d.Packages[1]; p.SPDXID != "SPDXRef-PACKAGE-typing-extensions" || p.LicenseConcluded != "NOASSERTION" || p.VersionInfo != "4.1" || p.DownloadLocation != "u" {
		t.Errorf("added %+v", p)
	}
}

// Two packages of one name never become one (issue 10, defect 1): CPython
// 3.11's pip vendors setuptools 44.0.0 beside the setuptools 65.5.0 wheel, and
// packaging is vendored by pip and by both of setuptools' trees.
func TestAssignIDsKeepsEveryPackage(t *testing.T) {
	vend := func(dir, name, version string) Vendored {
		return Vendored{Project: wheel.Project{Name: name, Version: version}, Dir: dir}
	}
	present := func(name string, vs ...Vendored) *Found {
		return &Found{Config: config.Bundle{Name: name}, Path: name + ".whl", Wheel: &wheel.Wheel{}, Vendored: vs}
	}
	pip := present("pip", vend("pip/_vendor", "setuptools", "44.0.0"), vend("pip/_vendor", "packaging", "21.3"),
		vend("pip/_vendor", "six", "1.16.0"), vend("pip/_vendor", "typing_extensions", "4.4.0"))
	st := present("setuptools", vend("setuptools/_vendor", "packaging", "21.3"), vend("setuptools/_vendor", "typing_extensions", "4.0.1"),
		vend("pkg_resources/_vendor", "packaging", "21.3"), vend("pkg_resources/_vendor", "appdirs", "1.4.3"))
	if err := AssignIDs([]string{"SPDXRef-PACKAGE-expat"}, []*Found{pip, st}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range []*Found{pip, st} {
		for _, v := range f.Vendored {
			got = append(got, v.ID)
		}
	}
	want := []string{"SPDXRef-PACKAGE-pip-setuptools", "SPDXRef-PACKAGE-pip-packaging", "SPDXRef-PACKAGE-six", "SPDXRef-PACKAGE-pip-typing-extensions",
		"SPDXRef-PACKAGE-setuptools-packaging", "SPDXRef-PACKAGE-setuptools-typing-extensions", "SPDXRef-PACKAGE-pkg-resources-packaging", "SPDXRef-PACKAGE-appdirs"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDs\n got %v\nwant %v", got, want)
	}
	// What would still collide is an error naming both, never a merge.
	twice := present("pip", vend("pip/_vendor", "six", "1.16.0"), vend("pip/_vendor", "six", "1.15.0"))
	err := AssignIDs(nil, []*Found{twice})
	if err == nil || !strings.Contains(err.Error(), "six 1.16.0 vendored in pip/_vendor/ of pip.whl and six 1.15.0") {
		t.Errorf("err = %v", err)
	}
	// A declared package of the same name as a vendored one: the vendored one is qualified.
	solo := present("pip", vend("pip/_vendor", "expat", "1"))
	if err := AssignIDs([]string{"SPDXRef-PACKAGE-expat"}, []*Found{solo}); err != nil || solo.Vendored[0].ID != "SPDXRef-PACKAGE-pip-expat" {
		t.Errorf("%v %v", err, solo.Vendored[0].ID)
	}
}

func TestDebundle(t *testing.T) {
	d := doc()
	removed := Debundle(d, "pip")
	if strings.Join(removed, ",") != "pip,typing_extensions,certifi" || len(d.Packages) != 1 || len(d.Relationships) != 1 {
		t.Errorf("removed %v, left %+v %+v", removed, d.Packages, d.Relationships)
	}
}

func TestPURL(t *testing.T) {
	if got := PURL(config.PURLCanonical, "typing_extensions", "4.13.2"); got != "pkg:pypi/typing-extensions@4.13.2" {
		t.Error(got)
	}
	if got := PURL(config.PURLLowercase, "typing_extensions", "4.13.2"); got != "pkg:pypi/typing_extensions@4.13.2" {
		t.Error(got)
	}
	if got := PURL(config.PURLCanonical, "Zope.Interface", "6"); got != "pkg:pypi/zope.interface@6" {
		t.Error(got)
	}
}

// When a collision of names goes away, the qualified entry a person wrote is
// renamed to the plain ID with everything it had, not reported missing.
func TestApplyRenamesWhenCollisionsChange(t *testing.T) {
	d := doc()
	d.Packages[2].SPDXID = "SPDXRef-PACKAGE-pip-typing-extensions" // qualified last time
	d.Relationships = append(d.Relationships, spdx.Relationship{SPDXElementID: "SPDXRef-PACKAGE-pip-typing-extensions", RelatedSPDXElement: "SPDXRef-PACKAGE-zlib", RelationshipType: "OTHER"})
	taken := map[string]bool{"SPDXRef-PACKAGE-pip": true, "SPDXRef-PACKAGE-zlib": true, "SPDXRef-PACKAGE-typing-extensions": true, "SPDXRef-PACKAGE-certifi": true}
	answers := map[pypi.Request]pypi.Entry{{Project: "typing_extensions", Version: "4.1"}: {URL: "u", SHA256: "cd"},
		{Project: "pip", Version: "2.0", Filename: "pip-2.0-py3-none-any.whl"}: {}}
	_, changed, errs := Apply(d, pipFound(), answers, ApplyOptions{Taken: taken})
	if errs != nil || len(changed.Renamed) != 1 {
		t.Fatalf("renamed %v, errs %v", changed.Renamed, errs)
	}
	te := d.Packages[1]
	if te.SPDXID != "SPDXRef-PACKAGE-typing-extensions" || te.LicenseConcluded != "PSF-2.0" {
		t.Errorf("entry %+v", te)
	}
	if r := d.Relationships[len(d.Relationships)-1]; r.SPDXElementID != "SPDXRef-PACKAGE-typing-extensions" {
		t.Errorf("a hand-written relationship still names the old ID: %+v", r)
	}
}
