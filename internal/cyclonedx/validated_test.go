package cyclonedx_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/cyclonedx"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

// TestOtherToolBOMGivesValidSPDX: the SPDX 2.3 made from another tool's BOM
// has no schema or semantic error under validate.
func TestOtherToolBOMGivesValidSPDX(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "other-tool.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := cyclonedx.ToSPDX(data)
	if err != nil {
		t.Fatal(err)
	}
	text, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := validate.SPDX("other-tool.spdx.json", text, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity == rules.Error {
			t.Errorf("validate: %s: %s", f.Rule, f.Message)
		}
	}
}

// TestNestedOutputValidates (issue 11 item 3): what sbomkeeper's convert wrote
// for syft's SPDX of a directory before issue 11 (the root's 28 packages and
// 2 files under metadata.component.components, the dependency graph naming
// them) failed sbomkeeper's own validate with 31 relationship-target errors.
// It is valid; only NTIA warnings remain (syft's npm packages have no
// supplier).
func TestNestedOutputValidates(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "layout", "syft-dir-nested.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	findings, err := validate.CycloneDX("syft-dir-nested.cdx.json", data, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ntia := 0
	for _, f := range findings {
		switch {
		case f.Severity == rules.Error:
			t.Errorf("validate: %s: %s", f.Rule, f.Message)
		case f.Rule == validate.RuleNTIA:
			ntia++
		}
	}
	if ntia == 0 {
		t.Error("no NTIA warnings: the components under metadata.component were not checked")
	}
}
