package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// One SBOM, one NTIA verdict, whatever its format (issue 11, item 8): the
// project's own SBOM and the two forms kept beside it.
func TestNTIAVerdictIsTheSameInEveryFormat(t *testing.T) {
	verdicts := map[string][]string{}
	for _, name := range []string{"sbom.spdx.json", "sbom.cdx.json", "sbom.spdx3.json"} {
		data, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := Document(name, data, Options{NTIA: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Rule == RuleNTIA && f.Severity == rules.Error {
				// The element's ID and path differ by format; the verdict must not.
				_, what, _ := strings.Cut(f.Message, "): ")
				verdicts[name] = append(verdicts[name], what)
			}
		}
	}
	want := verdicts["sbom.spdx.json"]
	for name, got := range verdicts {
		if len(got) != len(want) || (len(got) > 0 && got[0] != want[0]) {
			t.Errorf("%s: NTIA findings %q, but the SPDX 2.3 document gives %q", name, got, want)
		}
	}
	if len(verdicts["sbom.spdx3.json"]) != len(want) {
		t.Errorf("SPDX 3: %d NTIA findings, SPDX 2.3: %d", len(verdicts["sbom.spdx3.json"]), len(want))
	}
	// And the verdict is a pass: the main module has its declared version
	// ([sbom.gomod] version in sbomkeeper.toml), which it lacked before.
	if len(want) != 0 {
		t.Errorf("sbomkeeper's own SBOM fails NTIA: %q", want)
	}
}
