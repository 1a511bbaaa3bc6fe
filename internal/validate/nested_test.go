package validate

import (
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// nestedCDX has its components only under metadata.component, two levels
// deep, as sbomkeeper wrote CycloneDX before issue 11 (and as some tools do):
// one has a bad PURL, one a bad CPE, one no version.
const nestedCDX = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {
    "timestamp": "2025-06-11T12:00:00Z",
    "tools": {"components": [{"type": "application", "name": "sbomkeeper", "version": "1.0"}]},
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1.0",
      "supplier": {"name": "Example"}, "purl": "pkg:generic/app@1.0",
      "components": [
        {"type": "library", "bom-ref": "lib", "name": "lib", "version": "2.0", "supplier": {"name": "Lib Org"},
         "purl": "pypi/lib@2.0",
         "components": [
           {"type": "library", "bom-ref": "deep", "name": "deep", "supplier": {"name": "Deep Org"},
            "purl": "pkg:pypi/deep"},
           {"type": "library", "bom-ref": "cpe", "name": "cpe", "version": "1", "supplier": {"name": "C Org"},
            "cpe": "cpe:2.3:a:c:c:1"}
         ]}
      ]}
  },
  "dependencies": [
    {"ref": "app", "dependsOn": ["lib"]},
    {"ref": "lib", "dependsOn": ["deep", "cpe"]},
    {"ref": "deep", "dependsOn": []}
  ]
}`

// Issue 11 item 3: validate walks metadata.component and every level of
// components nested in it. The dependencies that name them are no
// relationship-target errors, and the PURL, CPE and NTIA checks reach them.
func TestCycloneDXComponentsUnderMetadataComponent(t *testing.T) {
	type key struct{ rule, path string }
	got := map[key]rules.Severity{}
	for _, f := range runCDX(t, nestedCDX, Options{}) {
		path, _, _ := strings.Cut(f.Message, ":")
		got[key{f.Rule, path}] = f.Severity
	}
	want := map[key]rules.Severity{
		{RulePURL, "lib (/metadata/component/components/0/purl)"}:            rules.Error,
		{RuleCPE, "cpe (/metadata/component/components/0/components/1/cpe)"}: rules.Error,
		{RuleNTIA, "deep (/metadata/component/components/0/components/0)"}:   rules.Warning,
	}
	for k, sev := range want {
		if got[k] != sev {
			t.Errorf("want a %s %s finding at %s", sev, k.rule, k.path)
		}
	}
	for k, sev := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s %s finding: %s", sev, k.rule, k.path)
		}
	}
}
