package keep

import (
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/bundle"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// TestCarriedSBOMProblemsAreFindings: what a bundled wheel's own SBOMs get
// wrong is an error finding each, naming the wheel, so check fails on it.
func TestCarriedSBOMProblemsAreFindings(t *testing.T) {
	f := &bundle.Found{Config: config.Bundle{Name: "pip"}, Path: "Lib/pip-2.0-py3-none-any.whl", Wheel: &wheel.Wheel{},
		Problems: []string{"embedded SBOM a lists x.py, which the wheel lacks", "b says six 1.16.0, but the wheel vendors 1.17.0"}}
	got := vendoredNotes(&config.SBOM{Path: "Misc/sbom.spdx.json"}, f)
	if len(got) != 2 || !rules.Failed(got) || got[0].File != f.Path || got[0].Package != "pip" || got[1].Message != f.Problems[1] || got[0].Blocking {
		t.Fatalf("%+v", got)
	}
}
