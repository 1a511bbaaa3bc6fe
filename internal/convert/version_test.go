package convert

import (
	"strings"
	"testing"
)

// TestReadRefusesUnknownSPDXVersions: only SPDX-2.3 and SPDX-2.2 (which 2.3
// extends) are read into the 2.3 model; "SPDX-1.2" or "SPDX-9.9" would be
// converted as if they were 2.3 (issue 12 audit).
func TestReadRefusesUnknownSPDXVersions(t *testing.T) {
	doc := func(v string) []byte {
		return []byte(`{"spdxVersion": ` + v + `, "SPDXID": "SPDXRef-DOCUMENT", "name": "x", "packages": [{"SPDXID": "SPDXRef-PACKAGE-a", "name": "a"}]}`)
	}
	for _, v := range []string{`"SPDX-2.3"`, `"SPDX-2.2"`} {
		if d, _, _, err := Read("a.spdx.json", doc(v)); err != nil || len(d.Packages) != 1 {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{`"SPDX-1.2"`, `"SPDX-9.9"`, `"SPDX-2.3.1"`, `"spdx-2.3"`, `""`, `2.3`} {
		_, _, _, err := Read("a.spdx.json", doc(v))
		if err == nil || !strings.Contains(err.Error(), "a.spdx.json: spdxVersion") || !strings.Contains(err.Error(), `"SPDX-2.3"`) {
			t.Errorf("%s: %v", v, err)
		}
	}
}
