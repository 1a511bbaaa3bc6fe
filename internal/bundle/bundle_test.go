package bundle

import (
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
		Path: "b/pip-2.0-py3-none-any.whl",
		Wheel: &wheel.Wheel{Filename: "pip-2.0-py3-none-any.whl", Name: wheel.Name{Distribution: "pip", Version: "2.0"}, SHA256: "ab",
			VendorTxt: "pip/_vendor/vendor.txt",
			Vendored:  []wheel.Pin{{Name: "typing_extensions", Version: "4.1", Line: 1}, {Name: "certifi", Version: "9", Line: 2}}},
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
	rels, err := Apply(d, pipFound(), answers)
	if err != nil {
		t.Fatal(err)
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
	_, err := Apply(doc(), pipFound(), nil)
	if err == nil || !strings.Contains(err.Error(), "typing_extensions 4.1") || !strings.Contains(err.Error(), "--online") {
		t.Errorf("err = %v", err)
	}
	d := doc()
	d.Packages = d.Packages[:3] // no certifi entry
	_, err = Apply(d, pipFound(), map[pypi.Request]pypi.Entry{{Project: "typing_extensions", Version: "4.1"}: {}})
	var me *MissingEntryError
	if err == nil || !strings.Contains(err.Error(), "pip vendors certifi 9 (pip/_vendor/vendor.txt line 2)") {
		t.Errorf("err = %v", err)
	} else if ok := asMissing(err, &me); !ok || me.Snippet() != `{"SPDXID": "SPDXRef-PACKAGE-certifi", "name": "certifi", "licenseConcluded": "NOASSERTION"}` {
		t.Errorf("snippet: %v", me)
	}
}

func asMissing(err error, me **MissingEntryError) bool {
	m, ok := err.(*MissingEntryError)
	*me = m
	return ok
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
