package spdx3

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// TestToSPDX2RefusesSilentChanges: a graph with a repeated member or a lone
// surrogate is refused with each place named, not read as its last value or
// U+FFFD (issue 12, item 12).
func TestToSPDX2RefusesSilentChanges(t *testing.T) {
	data, err := os.ReadFile("../../sbom.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ToSPDX2(data); err != nil {
		t.Fatalf("the own SBOM: %v", err)
	}
	bad := strings.Replace(string(data), `"name": "sbomkeeper developers"`, `"name": "sbomkeeper developers", "name": "\udfff"`, 1)
	_, _, err = ToSPDX2([]byte(bad))
	var te *jsonscan.Error
	if !errors.As(err, &te) || len(te.Issues) != 2 || te.Issues[0].Pointer != "/@graph/1/name" || te.Issues[0].Kind != jsonscan.DuplicateKey || te.Issues[1].Kind != jsonscan.LoneSurrogate {
		t.Fatalf("err = %v", err)
	}
}
