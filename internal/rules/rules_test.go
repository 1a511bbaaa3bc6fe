package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

func goodPackage() spdx.Package {
	return spdx.Package{
		SPDXID: "SPDXRef-PACKAGE-zlib", Name: "zlib", VersionInfo: "1.3.1",
		DownloadLocation: "https://zlib.net/zlib-1.3.1.tar.gz",
		Checksums:        []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "ab"}},
		ExternalRefs:     []spdx.ExternalRef{{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"}},
		LicenseConcluded: "NOASSERTION", PrimaryPackagePurpose: "SOURCE",
	}
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestPackageRules(t *testing.T) {
	noassert := config.License{Policy: config.PolicyNoAssertion}
	tests := []struct {
		name   string
		edit   func(*spdx.Package)
		policy config.License
		want   []string
	}{
		{"good", func(*spdx.Package) {}, noassert, nil},
		{"missing fields", func(p *spdx.Package) { p.PrimaryPackagePurpose = ""; p.ExternalRefs = nil }, noassert, []string{RuleRequiredFields}},
		{"bad spdxid", func(p *spdx.Package) { p.SPDXID = "SPDXRef-zlib" }, noassert, []string{RuleSPDXID}},
		{"version not in url", func(p *spdx.Package) { p.DownloadLocation = "https://zlib.net/latest.tar.gz" }, noassert, []string{RuleVersionInDL}},
		{"version not in cpe", func(p *spdx.Package) {
			p.VersionInfo = "1.3.2"
			p.DownloadLocation = "https://zlib.net/zlib-1.3.2.tar.gz"
		}, noassert, []string{RuleVersionInRefs}},
		{"license not noassertion", func(p *spdx.Package) { p.LicenseConcluded = "Zlib" }, noassert, []string{RuleLicensePolicy}},
		{"license allowed", func(p *spdx.Package) { p.LicenseConcluded = "Zlib" }, config.License{Policy: config.PolicyAllowed, Allowed: []string{"MIT", "Zlib"}}, nil},
		{"license not allowed", func(p *spdx.Package) { p.LicenseConcluded = "GPL-3.0-only" }, config.License{Policy: config.PolicyAllowed, Allowed: []string{"MIT"}}, []string{RuleLicensePolicy}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := goodPackage()
			tc.edit(&p)
			got := rulesOf(append(PackageIDs("Misc/sbom.spdx.json", []spdx.Package{p}), Package("Misc/sbom.spdx.json", &p, tc.policy)...))
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("rules %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRequiredFieldsNamesThem(t *testing.T) {
	p := goodPackage()
	p.PrimaryPackagePurpose = ""
	fs := Package("s.json", &p, config.License{})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "primaryPackagePurpose") || !strings.Contains(fs[0].Fix, "primaryPackagePurpose") {
		t.Errorf("%+v", fs)
	}
}

func TestPackageSet(t *testing.T) {
	if fs := PackageSet("s.json", "c.toml", []string{"a", "b"}, []string{"b", "a"}); fs != nil {
		t.Errorf("equal sets: %v", fs)
	}
	fs := PackageSet("s.json", "c.toml", []string{"a", "x"}, []string{"a", "y"})
	if len(fs) != 1 || !fs[0].Blocking || fs[0].Message != "the packages in s.json and c.toml differ (only in s.json: x; only in c.toml: y)" {
		t.Errorf("%+v", fs)
	}
}

func TestPin(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "refresh.sh"), []byte("#!/bin/sh\n\nexpected_rev=abc123\nexpected_sha=ff00\n"), 0o644)
	p := goodPackage()
	p.VersionInfo = "abc123"
	pin := func(pattern, field string) config.Pin {
		return config.Pin{File: "refresh.sh", Pattern: pattern, Field: field, Regexp: regexp.MustCompile(pattern)}
	}
	if fs := Pin(root, "s.json", &p, pin(`expected_rev=([0-9a-f]+)`, config.FieldVersion)); fs != nil {
		t.Errorf("matching pin: %+v", fs)
	}
	fs := Pin(root, "s.json", &p, pin(`expected_sha=([0-9a-f]+)`, config.FieldSHA256))
	if len(fs) != 1 || fs[0].Line != 4 || fs[0].Expected != "ff00" || fs[0].Actual != "ab" || fs[0].File != "refresh.sh" {
		t.Errorf("mismatched pin: %+v", fs)
	}
	fs = Pin(root, "s.json", &p, pin(`gone=(\d+)`, config.FieldVersion))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "does not contain") {
		t.Errorf("vanished pin: %+v", fs)
	}
	fs = Pin(root, "s.json", &p, config.Pin{File: "missing.sh", Field: config.FieldVersion, Regexp: regexp.MustCompile(`(x)`)})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "cannot read missing.sh") {
		t.Errorf("missing file: %+v", fs)
	}
}

func TestNoArchiveNeedsNoChecksumOrVersionInURL(t *testing.T) {
	for loc, want := range map[string]bool{
		"NOASSERTION": true, "NONE": true, "git+https://github.com/libffi/libffi@8b0b5bd": true,
		"https://github.com/libexpat/libexpat/releases/download/R_2_5_0/expat-2.5.0.tar.gz": false,
	} {
		if got := NoArchive(loc); got != want {
			t.Errorf("NoArchive(%q) = %v", loc, got)
		}
	}
	p := &spdx.Package{SPDXID: "SPDXRef-PACKAGE-libffi-osx", Name: "libffi-osx", VersionInfo: "3.0.0-darwin",
		DownloadLocation: "NOASSERTION", LicenseConcluded: "NOASSERTION", PrimaryPackagePurpose: "SOURCE",
		ExternalRefs: []spdx.ExternalRef{}}
	for _, f := range Package("s.json", p, config.License{}) {
		t.Errorf("unexpected finding %+v", f)
	}
}

func TestVersionInDownloadAcceptsTheNormalForm(t *testing.T) {
	p := &spdx.Package{SPDXID: "SPDXRef-PACKAGE-certifi", Name: "certifi", VersionInfo: "2022.09.24",
		DownloadLocation: "https://files.pythonhosted.org/packages/1d/38/fa/certifi-2022.9.24-py3-none-any.whl",
		LicenseConcluded: "NOASSERTION", PrimaryPackagePurpose: "SOURCE",
		ExternalRefs: []spdx.ExternalRef{{ReferenceType: "purl", ReferenceLocator: "pkg:pypi/certifi@2022.09.24"}}}
	for _, f := range Package("s.json", p, config.License{}) {
		t.Errorf("unexpected finding %+v", f)
	}
	p.DownloadLocation = "https://files.pythonhosted.org/certifi-2022.9.25-py3-none-any.whl"
	if fs := Package("s.json", p, config.License{}); len(fs) != 1 || fs[0].Rule != RuleVersionInDL {
		t.Errorf("findings %+v", fs)
	}
}

// The version rule is for identifiers: a hand-added OTHER reference need not
// hold the version (issue 12, item 15).
func TestVersionInRefsIgnoresOtherReferences(t *testing.T) {
	p := &spdx.Package{SPDXID: "SPDXRef-PACKAGE-expat", Name: "expat", VersionInfo: "2.6.3",
		DownloadLocation: "https://example/expat-2.6.3.tar.gz", LicenseConcluded: "NOASSERTION", PrimaryPackagePurpose: "SOURCE",
		Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "aa"}},
		ExternalRefs: []spdx.ExternalRef{{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: "cpe:2.3:a:libexpat_project:libexpat:2.6.3:*:*:*:*:*:*:*"},
			{ReferenceCategory: "OTHER", ReferenceType: "x-custom", ReferenceLocator: "https://libexpat.github.io/"}}}
	for _, f := range Package("s.json", p, config.License{}) {
		t.Errorf("unexpected finding %+v", f)
	}
}

// TestPackageIDCollisions (issue 12, item 15): two packages with one SPDX ID
// are one finding naming both, not "malformed SPDXID"; the later of two names
// that encode alike may carry the suffixed ID spdx.IDs gives it.
func TestPackageIDCollisions(t *testing.T) {
	pkg := func(name, id string) spdx.Package {
		p := goodPackage()
		p.Name, p.SPDXID = name, id
		return p
	}
	var ids spdx.IDs
	first, second := ids.For("SPDXRef-PACKAGE-", "a b"), ids.For("SPDXRef-PACKAGE-", "a+b")
	if first != "SPDXRef-PACKAGE-a-b" || second == first {
		t.Fatalf("ids %q %q", first, second)
	}

	fs := PackageIDs("s.json", []spdx.Package{pkg("a b", first), pkg("a+b", first)})
	if len(fs) != 1 || fs[0].Rule != RuleSPDXID || strings.Contains(fs[0].Message, "malformed") ||
		!strings.Contains(fs[0].Message, `packages "a b" and "a+b" have the same SPDXID "SPDXRef-PACKAGE-a-b"`) ||
		!strings.Contains(fs[0].Fix, fmt.Sprintf(`set "SPDXID": %q on package "a+b"`, second)) {
		t.Errorf("names that encode alike: %+v", fs)
	}

	// Two unrelated packages given one ID by hand.
	fs = PackageIDs("s.json", []spdx.Package{pkg("expat", "SPDXRef-PACKAGE-expat"), pkg("libexpat", "SPDXRef-PACKAGE-expat"), pkg("zlib", "SPDXRef-PACKAGE-zlib")})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `packages "expat" and "libexpat" have the same SPDXID`) ||
		!strings.Contains(fs[0].Fix, `set "SPDXID": "SPDXRef-PACKAGE-libexpat" on package "libexpat"`) || fs[0].Package != "libexpat" {
		t.Errorf("one ID by hand: %+v", fs)
	}

	// The suffixed ID on the later of two colliding names is right.
	if fs := PackageIDs("s.json", []spdx.Package{pkg("a b", first), pkg("a+b", second)}); len(fs) != 0 {
		t.Errorf("suffixed ID refused: %+v", fs)
	}
	// ... but not on a name that collides with nothing.
	if fs := PackageIDs("s.json", []spdx.Package{pkg("a+b", second)}); len(fs) != 1 || !strings.Contains(fs[0].Message, "malformed") {
		t.Errorf("suffix without a collision: %+v", fs)
	}
}
