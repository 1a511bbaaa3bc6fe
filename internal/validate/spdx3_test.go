package validate

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// An SPDX 3.0.1 document without dataLicense is valid: the property is
// optional in the model and the official schema accepts it (issue 11, item
// 7). validate used to report a spdx3-data-license error.
func TestSPDX3WithoutDataLicenseIsValid(t *testing.T) {
	data, err := os.ReadFile("../spdx3/testdata/golden/python-3.13.5-embed-amd64.zip.spdx3.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, n := range doc["@graph"].([]any) {
		if m := n.(map[string]any); m["type"] == "SpdxDocument" {
			delete(m, "dataLicense")
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := SPDX3("no-data-license.spdx3.json", b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Severity == rules.Error {
			t.Errorf("error finding: %v", f)
		}
	}
}
