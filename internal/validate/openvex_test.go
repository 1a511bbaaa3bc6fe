package validate

import (
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

// TestOpenVEX: Document tells an OpenVEX document by its @context and
// checks it: the CPython example passes; without its justification, or with
// a member the schema forbids, it is an error.
func TestOpenVEX(t *testing.T) {
	const path = "../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fs, f, err := Document(path, data, Options{})
	if err != nil || f != (sbomformat.Format{Kind: sbomformat.OpenVEX, Version: "0.2.0"}) || len(fs) != 0 {
		t.Fatalf("%v %v %v", f, err, fs)
	}
	for name, tc := range map[string]struct{ from, to, rule string }{
		"no justification": {`"justification": "vulnerable_code_not_present",`, ``, "openvex-justification"},
		"schema":           {`"version": 1,`, `"version": 1, "supplier": "PSF",`, RuleSchema},
	} {
		bad := strings.Replace(string(data), tc.from, tc.to, 1)
		if tc.from == "" || bad == string(data) {
			t.Fatalf("%s: nothing replaced", name)
		}
		// Without a justification the impact statement still satisfies
		// the specification: take it out too.
		if name == "no justification" {
			i := strings.Index(bad, `"impact_statement"`)
			j := strings.LastIndex(bad[:i], ",")
			k := strings.Index(bad[i:], "\n")
			bad = bad[:j] + bad[i+k:]
		}
		fs, _, err := Document("bad.openvex.json", []byte(bad), Options{})
		if err != nil || !rules.Failed(fs) || fs[0].Rule != tc.rule {
			t.Errorf("%s: %v %v\n%s", name, err, fs, bad)
		}
	}
}
