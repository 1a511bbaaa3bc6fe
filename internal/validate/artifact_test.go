package validate

import (
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// bundledWheel is, in miniature, the defect described-artifact is for: the
// SBOM of a CPython source tarball, named after it, that DESCRIBES the wheel
// it bundles, and hands the wheel the tarball's files.
const bundledWheel = `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "Python-3.13.5.tgz",
 "documentNamespace": "https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tgz.spdx.json",
 "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
 "packages": [
  {"SPDXID": "SPDXRef-PACKAGE-cpython", "name": "CPython", "versionInfo": "3.13.5", "packageFileName": "Python-3.13.5.tgz",
   "checksums": [{"algorithm": "SHA256", "checksumValue": "%TGZ%"}],
   "downloadLocation": "https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tgz", "supplier": "Organization: Python Software Foundation",
   "licenseConcluded": "PSF-2.0", "filesAnalyzed": true, "packageVerificationCode": {"packageVerificationCodeValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
   "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:python:python:3.13.5:*:*:*:*:*:*:*"}]},
  {"SPDXID": "SPDXRef-PACKAGE-setuptools", "name": "setuptools", "versionInfo": "79.0.1", "packageFileName": "setuptools-79.0.1-py3-none-any.whl",
   "checksums": [{"algorithm": "SHA256", "checksumValue": "%WHL%"}],
   "downloadLocation": "NOASSERTION", "supplier": "Organization: Python Packaging Authority",
   "licenseConcluded": "MIT", "filesAnalyzed": true, "packageVerificationCode": {"packageVerificationCodeValue": "10a34637ad661d98ba3344717656fcc76209c2f8"},
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/setuptools@79.0.1"}]}],
 "files": [{"SPDXID": "SPDXRef-FILE-Lib-os.py", "fileName": "Lib/os.py", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}],
 "relationships": [
  {"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-setuptools", "relationshipType": "DESCRIBES"},
  {"spdxElementId": "SPDXRef-PACKAGE-cpython", "relatedSpdxElement": "SPDXRef-PACKAGE-setuptools", "relationshipType": "DEPENDS_ON"},
  {"spdxElementId": "SPDXRef-PACKAGE-setuptools", "relatedSpdxElement": "SPDXRef-FILE-Lib-os.py", "relationshipType": "CONTAINS"}]}`

var (
	tgzSum = strings.Repeat("a1", 32)
	whlSum = strings.Repeat("b2", 32)
	tgz    = &Artifact{Name: "Python-3.13.5.tgz", SHA256: tgzSum}
)

// wheelDoc is bundledWheel with its checksums filled in and the replacements
// (old, new pairs) made once each.
func wheelDoc(t *testing.T, replace ...string) string {
	t.Helper()
	s := strings.NewReplacer("%TGZ%", tgzSum, "%WHL%", whlSum).Replace(bundledWheel)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("%q is not in the document", replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	return s
}

// describesCPython fixes the defect: the document DESCRIBES CPython, which
// CONTAINS the file.
var describesCPython = []string{
	`"relatedSpdxElement": "SPDXRef-PACKAGE-setuptools", "relationshipType": "DESCRIBES"`, `"relatedSpdxElement": "SPDXRef-PACKAGE-cpython", "relationshipType": "DESCRIBES"`,
	`"spdxElementId": "SPDXRef-PACKAGE-setuptools", "relatedSpdxElement": "SPDXRef-FILE-Lib-os.py"`, `"spdxElementId": "SPDXRef-PACKAGE-cpython", "relatedSpdxElement": "SPDXRef-FILE-Lib-os.py"`,
	// The two packages swap verification codes.
	`"packageVerificationCodeValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"`, `"packageVerificationCodeValue": "swap"`,
	`"packageVerificationCodeValue": "10a34637ad661d98ba3344717656fcc76209c2f8"`, `"packageVerificationCodeValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"`,
	`"packageVerificationCodeValue": "swap"`, `"packageVerificationCodeValue": "10a34637ad661d98ba3344717656fcc76209c2f8"`,
}

func TestDescribedArtifactGood(t *testing.T) {
	good := wheelDoc(t, describesCPython...)
	for _, opts := range []Options{{NTIA: true}, {NTIA: true, Artifact: tgz}} {
		if fs := run(t, good, opts); len(fs) != 0 {
			t.Errorf("artifact %v: findings on a good document: %+v", opts.Artifact, fs)
		}
	}
}

func TestDescribedArtifact(t *testing.T) {
	const wheelID = "SPDXRef-PACKAGE-setuptools (/packages/1): "
	const cpythonID = "SPDXRef-PACKAGE-cpython (/packages/0): "
	byNamespace := wheelID + "the document DESCRIBES this package, but its namespace says it is the SBOM of Python-3.13.5.tgz, which is the packageFileName of SPDXRef-PACKAGE-cpython: DESCRIBE SPDXRef-PACKAGE-cpython instead"
	byFlag := wheelID + "the document DESCRIBES this package, but it is not the artifact Python-3.13.5.tgz (SHA256 " + tgzSum + `): its packageFileName is "setuptools-79.0.1-py3-none-any.whl" and its SHA256 is ` + whlSum + "; SPDXRef-PACKAGE-cpython carries it; DESCRIBE SPDXRef-PACKAGE-cpython instead"
	noDescribes := []string{`{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-setuptools", "relationshipType": "DESCRIBES"},`, ``}
	tests := []struct {
		name string
		doc  string
		opts Options
		want []string // the described-artifact messages, in order
	}{
		{"namespace", wheelDoc(t), Options{}, []string{byNamespace}},
		{"namespace, documentDescribes", wheelDoc(t, append(noDescribes, `"files": [`, `"documentDescribes": ["SPDXRef-PACKAGE-setuptools"], "files": [`)...), Options{}, []string{byNamespace}},
		{"namespace, DESCRIBED_BY", wheelDoc(t, `{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-setuptools", "relationshipType": "DESCRIBES"}`,
			`{"spdxElementId": "SPDXRef-PACKAGE-setuptools", "relatedSpdxElement": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBED_BY"}`), Options{}, []string{byNamespace}},
		{"namespace, both described", wheelDoc(t, `"relationships": [`, `"relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-cpython", "relationshipType": "DESCRIBES"},`), Options{}, nil},
		{"namespace of another artifact", wheelDoc(t, `Python-3.13.5.tgz.spdx.json`, `Python-3.13.5.tar.xz.spdx.json`), Options{}, nil},
		{"no checksum", wheelDoc(t, append(describesCPython, `"checksums": [{"algorithm": "SHA256", "checksumValue": "`+tgzSum+`"}],`, ``)...), Options{},
			[]string{cpythonID + "the document DESCRIBES this package, the file Python-3.13.5.tgz, but it has no checksum to check the file against: add its SHA256"}},
		{"artifact", wheelDoc(t), Options{Artifact: tgz}, []string{byFlag}},
		{"artifact, another file", wheelDoc(t, describesCPython...), Options{Artifact: &Artifact{Name: "Python-3.13.5.tgz", SHA256: strings.Repeat("c3", 32)}},
			[]string{cpythonID + "the document DESCRIBES this package, but it is not the artifact Python-3.13.5.tgz (SHA256 " + strings.Repeat("c3", 32) + "): its SHA256 is " + tgzSum +
				"; no package of the document carries it: DESCRIBE the artifact's package, or validate against the artifact this SBOM is for"}},
		{"artifact, only the name elsewhere", wheelDoc(t, tgzSum, strings.Repeat("d4", 32)), Options{Artifact: tgz},
			[]string{wheelID + "the document DESCRIBES this package, but it is not the artifact Python-3.13.5.tgz (SHA256 " + tgzSum + `): its packageFileName is "setuptools-79.0.1-py3-none-any.whl" and its SHA256 is ` + whlSum +
				"; SPDXRef-PACKAGE-cpython carries its file name; DESCRIBE the package that is the artifact, with its packageFileName and SHA256 checksum"}},
		{"artifact, no name or checksum", wheelDoc(t, `"packageFileName": "setuptools-79.0.1-py3-none-any.whl",`, ``, `"checksums": [{"algorithm": "SHA256", "checksumValue": "`+whlSum+`"}],`, ``), Options{Artifact: tgz},
			[]string{wheelID + "the document DESCRIBES this package, but it is not the artifact Python-3.13.5.tgz (SHA256 " + tgzSum + "): it has no packageFileName and it has no SHA256 checksum; SPDXRef-PACKAGE-cpython carries it; DESCRIBE SPDXRef-PACKAGE-cpython instead"}},
		{"artifact, uppercase hex", wheelDoc(t, describesCPython...), Options{Artifact: &Artifact{Name: tgz.Name, SHA256: strings.ToUpper(tgzSum)}}, nil},
		{"no DESCRIBES", wheelDoc(t, noDescribes...), Options{Artifact: tgz}, nil},
		{"fragment", wheelDoc(t), Options{Fragment: true, Artifact: tgz}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := byRule(run(t, tc.doc, tc.opts), RuleArtifact)
			if len(got) != len(tc.want) {
				t.Fatalf("want %d %s findings, got %+v", len(tc.want), RuleArtifact, got)
			}
			for i, f := range got {
				if f.Severity != rules.Error || f.Message != tc.want[i] {
					t.Errorf("got  %s %q\nwant error %q", f.Severity, f.Message, tc.want[i])
				}
			}
		})
	}
}

// TestArtifactOtherFormats: the artifact is checked against SPDX 2.3 only; a
// CycloneDX document says so in a note rather than passing in silence.
func TestArtifactOtherFormats(t *testing.T) {
	fs, _, err := Document("bom.cdx.json", []byte(goodCDX), Options{Artifact: tgz})
	if err != nil {
		t.Fatal(err)
	}
	got := byRule(fs, RuleArtifact)
	if len(got) != 1 || got[0].Severity != rules.Note || got[0].Message != "/: the artifact Python-3.13.5.tgz is checked against SPDX 2.3 documents only, not CycloneDX" {
		t.Errorf("want one note, got %+v", fs)
	}
}
