package cyclonedx

import (
	"errors"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// TestToSPDXRefusesSilentChanges: a BOM with a repeated member or bad text is
// refused with every place named, not converted with the last value or
// U+FFFD (issue 12, item 12). Check, which validate runs after reporting
// those places itself, still checks what a reader makes of the BOM.
func TestToSPDXRefusesSilentChanges(t *testing.T) {
	bom := []byte("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [{\"type\": \"library\", \"name\": \"a\", \"version\": \"1\", \"version\": \"2\", \"purl\": \"x\xff\"}]}")
	_, _, err := ToSPDX(bom)
	var te *jsonscan.Error
	if !errors.As(err, &te) || len(te.Issues) != 2 || te.Issues[0].Pointer != "/components/0/version" || te.Issues[1].Pointer != "/components/0/purl" {
		t.Fatalf("err = %v", err)
	}
	var purl bool
	for _, is := range Check(bom) {
		if is.Rule == RuleJSON {
			t.Errorf("Check stopped at the text: %v", is)
		}
		purl = purl || is.Rule == RulePURL
	}
	if !purl {
		t.Error("Check did not check the PURL")
	}
}
