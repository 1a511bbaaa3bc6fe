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
