package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/cyclonedx"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// goodCDX is a small CycloneDX 1.6 document with every NTIA element.
const goodCDX = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {
    "timestamp": "2025-06-11T12:00:00Z",
    "authors": [{"name": "Release Manager"}],
    "tools": {"components": [{"type": "application", "name": "sbomkeeper", "version": "1.0"}]},
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1.0",
      "supplier": {"name": "Example"}, "purl": "pkg:generic/app@1.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "lib", "name": "lib", "version": "2.0",
     "supplier": {"name": "Lib Org"},
     "purl": "pkg:pypi/lib@2.0",
     "cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*",
     "licenses": [{"license": {"id": "MIT"}}],
     "hashes": [{"alg": "SHA-256", "content": "6f4e2a5d0b7c0a7f5b0e1b3b7e5c9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a"}]}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["lib"]},
    {"ref": "lib", "dependsOn": []}
  ]
}`

func runCDX(t *testing.T, doc string, opts Options) []rules.Finding {
	t.Helper()
	fs, err := CycloneDX("bom.json", []byte(doc), opts)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestCycloneDXGood(t *testing.T) {
	if fs := runCDX(t, goodCDX, Options{NTIA: true}); len(fs) != 0 {
		t.Errorf("good document: %+v", fs)
	}
	v15 := strings.Replace(goodCDX, `"specVersion": "1.6"`, `"specVersion": "1.5"`, 1)
	if fs := runCDX(t, v15, Options{NTIA: true}); len(fs) != 0 {
		t.Errorf("as 1.5: %+v", fs)
	}
}

// TestCycloneDXOneFindingPerRule: each known-bad document gives exactly its
// finding, naming the element and the JSON path. Where the schema and a
// semantic rule say the same of one member (serial number, timestamp form),
// the schema's finding is the one reported.
func TestCycloneDXOneFindingPerRule(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, rule, where string
		sev                         rules.Severity
	}{
		{"schema", `"version": 1,`, `"version": "1",`, RuleSchema, "/version", rules.Error},
		{"unique bom-ref", "\"components\": [\n    {", "\"components\": [\n    {\"type\": \"library\", \"bom-ref\": \"lib\", \"name\": \"lib\", \"version\": \"2.0\", \"supplier\": {\"name\": \"Lib Org\"}, \"purl\": \"pkg:pypi/lib@2.0\"},\n    {", RuleUniqueID, "/components/1/bom-ref", rules.Error},
		{"dependency target", `"dependsOn": ["lib"]`, `"dependsOn": ["lib", "nope"]`, RuleRelation, "/dependencies/0/dependsOn/1", rules.Error},
		{"hash length", `"content": "6f4e2a5d0b7c0a7f5b0e1b3b7e5c9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a"`, `"content": "6f4e2a5d0b7c0a7f5b0e1b3b7e5c9f1c2d3e4f5a"`, RuleChecksum, "/components/0/hashes/0", rules.Error},
		{"purl", `"purl": "pkg:pypi/lib@2.0"`, `"purl": "pypi/lib@2.0"`, RulePURL, "/components/0/purl", rules.Error},
		{"cpe", `"cpe": "cpe:2.3:a:lib:lib:2.0:*:*:*:*:*:*:*"`, `"cpe": "cpe:2.3:a:lib:lib:2.0"`, RuleCPE, "/components/0/cpe", rules.Error},
		{"license expression", `"licenses": [{"license": {"id": "MIT"}}]`, `"licenses": [{"expression": "MIT AND"}]`, RuleLicenseExpr, "/components/0/licenses/0", rules.Error},
		{"serial number", `"serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"`, `"serialNumber": "urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79"`, RuleSchema, "/serialNumber", rules.Error},
		{"timestamp", `"timestamp": "2025-06-11T12:00:00Z"`, `"timestamp": "2025-06-11T24:00:00Z"`, RuleSchema, "/metadata/timestamp", rules.Error},
		{"ntia supplier", `"supplier": {"name": "Lib Org"},`, ``, RuleNTIA, "/components/0", rules.Warning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(goodCDX, tc.old) {
				t.Fatalf("%q is not in the good document", tc.old)
			}
			fs := runCDX(t, strings.Replace(goodCDX, tc.old, tc.new, 1), Options{})
			if len(fs) != 1 || fs[0].Rule != tc.rule || fs[0].Severity != tc.sev || !strings.Contains(fs[0].Message, tc.where) {
				t.Errorf("want one %s %s finding at %s, got:", tc.sev, tc.rule, tc.where)
				for _, f := range fs {
					t.Logf("  %s %s: %s", f.Severity, f.Rule, f.Message)
				}
			}
		})
	}
}

func TestCycloneDXUnknownVersion(t *testing.T) {
	fs := runCDX(t, strings.Replace(goodCDX, `"specVersion": "1.6"`, `"specVersion": "1.2"`, 1), Options{})
	if len(fs) != 1 || fs[0].Rule != RuleSchema || !strings.Contains(fs[0].Message, "/specVersion") {
		t.Errorf("unknown version: %+v", fs)
	}
}

// TestCycloneDXOfCPythonArtifacts: the CycloneDX sbomkeeper writes for the
// CPython 3.13.5 release artifacts passes the official schema and every rule,
// NTIA included.
func TestCycloneDXOfCPythonArtifacts(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/release-tools/*.spdx.json")
	if len(paths) == 0 {
		t.Fatal("no release-tools SBOMs")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := spdx.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		bom, losses, err := cyclonedx.FromSPDX(doc, cyclonedx.Options{})
		if err != nil || len(losses) != 0 {
			t.Fatalf("%s: %v, losses %v", p, err, losses)
		}
		for _, f := range runCDX(t, string(bom), Options{NTIA: true}) {
			t.Errorf("%s: %s %s: %s", filepath.Base(p), f.Severity, f.Rule, f.Message)
		}
	}
}
