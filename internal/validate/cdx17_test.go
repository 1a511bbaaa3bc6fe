package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

var cdx17Dir = filepath.Join("..", "cyclonedx", "testdata", "cdx17")

// TestCycloneDX17: the hand-written syft, cdxgen and new-member 1.7 BOMs
// pass the official 1.7 schema and Check with no error (NTIA warnings only:
// neither tool writes suppliers).
func TestCycloneDX17(t *testing.T) {
	for _, name := range []string{"syft-1.7.cdx.json", "cdxgen-1.7.cdx.json", "new-fields-1.7.cdx.json"} {
		data, err := os.ReadFile(filepath.Join(cdx17Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fs, format, err := Document(name, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if format.Version != "1.7" {
			t.Errorf("%s: detected %v", name, format)
		}
		for _, f := range fs {
			if f.Severity == rules.Error {
				t.Errorf("%s: %s %s", name, f.Rule, f.Message)
			}
		}
	}
}

// TestCycloneDX17SchemaError: a value the 1.7 schema forbids, in a member
// 1.7 added, is one schema error naming its path.
func TestCycloneDX17SchemaError(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(cdx17Dir, "new-fields-1.7.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `"tlp": "GREEN"`, `"tlp": "BLUE"`, 1)
	fs := runCDX(t, bad, Options{})
	var errs []rules.Finding
	for _, f := range fs {
		if f.Severity == rules.Error {
			errs = append(errs, f)
		}
	}
	if len(errs) != 1 || errs[0].Rule != RuleSchema || !strings.Contains(errs[0].Message, "/metadata/distributionConstraints/tlp") {
		t.Errorf("want one schema error at /metadata/distributionConstraints/tlp, got %+v", errs)
	}
}
