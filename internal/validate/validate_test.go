package validate

import (
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

func run(t *testing.T, data string, opts Options) []rules.Finding {
	t.Helper()
	fs, err := SPDX("doc.json", []byte(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func byRule(fs []rules.Finding, rule string) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestSPDXExampleIsValid: the SPDX project's own 2.3 example gives no error.
func TestSPDXExampleIsValid(t *testing.T) {
	data, err := os.ReadFile("../../../shared/schemas/spdx-2.3/SPDXJSONExample-v2.3.spdx.json")
	if err != nil {
		t.Skip("the shared SPDX example is not here")
	}
	fs, err := SPDX("example.json", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rules.Failed(fs) {
		for _, f := range fs {
			if f.Severity == rules.Error {
				t.Errorf("%s: %s", f.Rule, f.Message)
			}
		}
	}
}

const good = `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "x",
 "documentNamespace": "https://example.org/x-1", "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-a", "name": "a", "versionInfo": "1", "downloadLocation": "NOASSERTION", "supplier": "Organization: A",
   "licenseConcluded": "MIT OR (Apache-2.0 WITH LLVM-exception)", "filesAnalyzed": true,
   "packageVerificationCode": {"packageVerificationCodeValue": "%VC%"},
   "checksums": [{"algorithm": "SHA256", "checksumValue": "%S256%"}],
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/a@1"},
                    {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:a:a:1:*:*:*:*:*:*:*"}]}],
 "files": [{"SPDXID": "SPDXRef-FILE-a", "fileName": "a.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}],
 "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-a", "relationshipType": "DESCRIBES"},
                   {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-a", "relationshipType": "CONTAINS"}]}`

func doc(replace ...string) string {
	s := strings.NewReplacer("%VC%", "10a34637ad661d98ba3344717656fcc76209c2f8", "%S256%", strings.Repeat("ab", 32)).Replace(good)
	for i := 0; i+1 < len(replace); i += 2 {
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	return s
}

func TestGoodDocument(t *testing.T) {
	if fs := run(t, doc(), Options{NTIA: true}); len(fs) != 0 {
		t.Errorf("findings on a good document: %+v", fs)
	}
}

// TestOneFindingPerRule: each known-bad document gives exactly its finding.
func TestOneFindingPerRule(t *testing.T) {
	tests := []struct {
		name, rule, want string
		doc              string
		opts             Options
		also             string // a rule that follows from the same defect
	}{
		{"duplicate ID", RuleUniqueID, "SPDXRef-PACKAGE-a (/files/0): the ID is also used at /packages/0", doc(`"SPDXID": "SPDXRef-FILE-a", "fileName"`, `"SPDXID": "SPDXRef-PACKAGE-a", "fileName"`, `"relatedSpdxElement": "SPDXRef-FILE-a"`, `"relatedSpdxElement": "SPDXRef-PACKAGE-a"`), Options{}, RuleVerifCode},
		{"dangling relationship", RuleRelation, "names SPDXRef-FILE-gone", doc(`"relatedSpdxElement": "SPDXRef-FILE-a"`, `"relatedSpdxElement": "SPDXRef-FILE-gone"`), Options{}, RuleVerifCode},
		{"bad license", RuleLicenseExpr, `"MIT OR Frobnicate-1.0" is not a valid SPDX license expression`, doc(`MIT OR (Apache-2.0 WITH LLVM-exception)`, `MIT OR Frobnicate-1.0`), Options{}, ""},
		{"bad exception", RuleLicenseExpr, "is not an exception", doc(`LLVM-exception`, `Made-Up-exception`), Options{}, ""},
		{"checksum length", RuleChecksum, "a SHA1 value has 40 hex digits, not 39", doc(`da39a3ee5e6b4b0d3255bfef95601890afd80709`, `da39a3ee5e6b4b0d3255bfef95601890afd8070`), Options{}, RuleVerifCode},
		{"purl", RulePURL, `"pypi/a@1" is not a Package URL`, doc(`pkg:pypi/a@1`, `pypi/a@1`), Options{}, ""},
		{"cpe", RuleCPE, "is not a CPE 2.3 formatted string", doc(`cpe:2.3:a:a:a:1:*:*:*:*:*:*:*`, `cpe:2.3:a:a:a:1:*:*:*:*:*:*:*:*:*`), Options{}, ""},
		{"verification code", RuleVerifCode, "give 10a34637ad661d98ba3344717656fcc76209c2f8", strings.Replace(doc(), "10a34637ad661d98ba3344717656fcc76209c2f8", strings.Repeat("0", 40), 1), Options{}, ""},
		{"namespace", RuleNamespace, "is not an absolute URI", doc(`https://example.org/x-1`, `example.org/x#1`), Options{}, ""},
		{"timestamp", RuleTimestamp, "is not YYYY-MM-DDThh:mm:ssZ", doc(`2024-01-01T00:00:00Z`, `2024-01-01 00:00`), Options{}, ""},
		{"ntia supplier", RuleNTIA, "NTIA minimum elements missing: supplier", doc(`"supplier": "Organization: A",`, ``), Options{NTIA: true}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := run(t, tc.doc, tc.opts)
			got := byRule(fs, tc.rule)
			if len(got) != 1 || !strings.Contains(got[0].Message, tc.want) {
				t.Fatalf("want one %s finding containing %q, got %+v", tc.rule, tc.want, fs)
			}
			for _, f := range fs {
				if f.Rule != tc.rule && f.Rule != tc.also && f.Rule != RuleSchema && f.Rule != RuleSchema231 {
					t.Errorf("extra finding %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

func TestSchemaAnd231(t *testing.T) {
	fs := run(t, doc(`"referenceCategory": "PACKAGE-MANAGER"`, `"referenceCategory": "PACKAGE_MANAGER"`), Options{})
	if got := byRule(fs, RuleSchema231); len(got) != 1 || got[0].Severity != rules.Note || !strings.Contains(got[0].Message, "/packages/0/externalRefs/0/referenceCategory") {
		t.Errorf("2.3.1 spelling: %+v", fs)
	}
	if rules.Failed(fs) {
		t.Errorf("the 2.3.1 spelling failed: %+v", fs)
	}
	fs = run(t, doc(`"spdxVersion": "SPDX-2.3"`, `"spdxVersion": 23`), Options{})
	if got := byRule(fs, RuleSchema); len(got) == 0 || !strings.Contains(got[0].Message, "/spdxVersion") {
		t.Errorf("schema: %+v", fs)
	}
}

func TestFragment(t *testing.T) {
	frag := `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "files": [], "relationships": [],
	 "packages": [{"SPDXID": "SPDXRef-PACKAGE-a", "name": "a", "versionInfo": "1", "downloadLocation": "NOASSERTION", "licenseConcluded": "NOASSERTION"}]}`
	if fs := run(t, frag, Options{}); !rules.Failed(fs) {
		t.Error("a fragment passed as a document")
	}
	if fs := run(t, frag, Options{Fragment: true}); rules.Failed(fs) {
		t.Errorf("fragment: %+v", fs)
	}
}

// TestFilesHeldThreeWays: SPDX 2.3 says a package holds a file by CONTAINS,
// by the file's CONTAINED_BY or by the package's hasFiles; the verification
// code is over the files held any of these ways.
func TestFilesHeldThreeWays(t *testing.T) {
	contains := `{"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-a", "relationshipType": "CONTAINS"}`
	containedBy := `{"spdxElementId": "SPDXRef-FILE-a", "relatedSpdxElement": "SPDXRef-PACKAGE-a", "relationshipType": "CONTAINED_BY"}`
	hasFiles := `"filesAnalyzed": true, "hasFiles": ["SPDXRef-FILE-a", "SPDXRef-FILE-a"],`
	docs := map[string]string{
		"CONTAINED_BY":      doc(contains, containedBy),
		"hasFiles":          doc(`"filesAnalyzed": true,`, hasFiles, ",\n                   "+contains, ""),
		"all three at once": doc(`"filesAnalyzed": true,`, hasFiles, contains, contains+", "+containedBy),
	}
	for name, d := range docs {
		if fs := run(t, d, Options{NTIA: true}); len(fs) != 0 {
			t.Errorf("%s: findings on a good document: %+v", name, fs)
		}
		bad := strings.Replace(d, "10a34637ad661d98ba3344717656fcc76209c2f8", strings.Repeat("0", 40), 1)
		if got := byRule(run(t, bad, Options{}), RuleVerifCode); len(got) != 1 || !strings.Contains(got[0].Message, "the 1 files the package contains give 10a34637ad661d98ba3344717656fcc76209c2f8") {
			t.Errorf("%s: a wrong verification code: %+v", name, got)
		}
	}
}

// twoOwners has three files each contained by both packages, each said a
// different way, and one file contained once.
const twoOwners = `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "x",
 "documentNamespace": "https://example.org/x-1", "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
 "packages": [
  {"SPDXID": "SPDXRef-PACKAGE-a", "name": "a", "downloadLocation": "NOASSERTION", "filesAnalyzed": false},
  {"SPDXID": "SPDXRef-PACKAGE-b", "name": "b", "downloadLocation": "NOASSERTION", "filesAnalyzed": false, "hasFiles": ["SPDXRef-FILE-y"]}],
 "files": [
  {"SPDXID": "SPDXRef-FILE-x", "fileName": "x.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]},
  {"SPDXID": "SPDXRef-FILE-y", "fileName": "y.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]},
  {"SPDXID": "SPDXRef-FILE-z", "fileName": "z.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]},
  {"SPDXID": "SPDXRef-FILE-once", "fileName": "once.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}],
 "relationships": [
  {"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-a", "relationshipType": "DESCRIBES"},
  {"spdxElementId": "SPDXRef-PACKAGE-b", "relatedSpdxElement": "SPDXRef-FILE-x", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-x", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-y", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-z", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-FILE-z", "relatedSpdxElement": "SPDXRef-PACKAGE-b", "relationshipType": "CONTAINED_BY"},
  {"spdxElementId": "SPDXRef-PACKAGE-a", "relatedSpdxElement": "SPDXRef-FILE-once", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-FILE-once", "relatedSpdxElement": "SPDXRef-PACKAGE-a", "relationshipType": "CONTAINED_BY"}]}`

// TestContainedTwice: every file that two packages contain is an error naming
// the file and both packages, in package order, however each package says it;
// a package that says it twice contains the file once.
func TestContainedTwice(t *testing.T) {
	got := byRule(run(t, twoOwners, Options{}), RuleContainedTwice)
	want := []string{
		"SPDXRef-FILE-x (/files/0): the file is contained by 2 packages, SPDXRef-PACKAGE-a (/relationships/2) and SPDXRef-PACKAGE-b (/relationships/1)",
		"SPDXRef-FILE-y (/files/1): the file is contained by 2 packages, SPDXRef-PACKAGE-a (/relationships/3) and SPDXRef-PACKAGE-b (/packages/1/hasFiles/0)",
		"SPDXRef-FILE-z (/files/2): the file is contained by 2 packages, SPDXRef-PACKAGE-a (/relationships/4) and SPDXRef-PACKAGE-b (/relationships/5)",
	}
	if len(got) != len(want) {
		t.Fatalf("want %d %s findings, got %+v", len(want), RuleContainedTwice, got)
	}
	for i, f := range got {
		if f.Severity != rules.Error || !strings.HasPrefix(f.Message, want[i]) || !strings.Contains(f.Message, "remove the other CONTAINS, CONTAINED_BY or hasFiles entries") {
			t.Errorf("finding %d: %s %q, want an error starting %q", i, f.Severity, f.Message, want[i])
		}
	}
	if got := byRule(run(t, twoOwners, Options{Fragment: true}), RuleContainedTwice); len(got) != len(want) {
		t.Errorf("fragments are subject to %s too: %+v", RuleContainedTwice, got)
	}
}

// TestVerificationCodeRequired: SPDX 2.3 requires the code of a package whose
// files were analyzed (filesAnalyzed true or absent) when it contains files.
func TestVerificationCodeRequired(t *testing.T) {
	noCode := doc(`"packageVerificationCode": {"packageVerificationCodeValue": "10a34637ad661d98ba3344717656fcc76209c2f8"},`, ``)
	absent := strings.Replace(noCode, `"filesAnalyzed": true,`, ``, 1)
	notAnalyzed := strings.Replace(noCode, `"filesAnalyzed": true,`, `"filesAnalyzed": false,`, 1)
	noFiles := strings.Replace(noCode, `"relationshipType": "CONTAINS"`, `"relationshipType": "OTHER"`, 1)
	for _, tc := range []struct {
		name, doc, want string
		opts            Options
	}{
		{"filesAnalyzed true", noCode, `SPDXRef-PACKAGE-a (/packages/0): the package contains 1 files and filesAnalyzed is true, so SPDX 2.3 requires a packageVerificationCode: add {"packageVerificationCodeValue": "10a34637ad661d98ba3344717656fcc76209c2f8"}`, Options{}},
		{"filesAnalyzed absent", absent, "filesAnalyzed is absent (which means true), so SPDX 2.3 requires a packageVerificationCode", Options{}},
		{"filesAnalyzed false", notAnalyzed, "", Options{}},
		{"no files", noFiles, "", Options{}},
		{"fragment", absent, "", Options{Fragment: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := run(t, tc.doc, tc.opts)
			got := byRule(fs, RuleVerifCode)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("want no %s finding, got %+v", RuleVerifCode, got)
			case tc.want != "" && (len(got) != 1 || got[0].Severity != rules.Error || !strings.Contains(got[0].Message, tc.want)):
				t.Errorf("want one %s error containing %q, got %+v", RuleVerifCode, tc.want, got)
			}
			for _, f := range fs {
				if f.Rule != RuleVerifCode {
					t.Errorf("extra finding %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}
