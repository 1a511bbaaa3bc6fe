package openvex

import (
	"os"
	"testing"
)

// TestCPythonExample: examples/cpython-3.11's OpenVEX document checks
// without a finding, and an Index built from it says that pip's vendored
// setuptools 44.0.0 is not affected by PYSEC-2022-43012, asked by that ID or
// by an alias, and says nothing about the setuptools 65.5.0 wheel beside it
// (which is affected: the flaw is fixed in 65.5.1).
func TestCPythonExample(t *testing.T) {
	const path = "../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, fs, err := Read(path, data)
	if err != nil || len(fs) != 0 {
		t.Fatalf("%v %v", err, fs)
	}
	ix := NewIndex(doc)
	for _, q := range []struct {
		vuln    string
		aliases []string
	}{
		{"PYSEC-2022-43012", nil},
		{"CVE-2022-40897", nil},
		{"GHSA-r9hx-vwmv-q579", []string{"CVE-2022-40897"}},
		// How a scan of the PyPA data asks: the record's ID and aliases.
		{"PYSEC-2022-43012", []string{"CVE-2022-40897"}},
	} {
		s, ok := ix.Lookup("pkg:pypi/setuptools@44.0.0", q.vuln, q.aliases)
		if !ok || s.Status != NotAffected || s.Justification != VulnerableCodeNotPresent || s.DocumentID != doc.ID || s.Source != path || s.Timestamp == "" {
			t.Errorf("%s %v: %+v %v", q.vuln, q.aliases, s, ok)
		}
	}
	if s, ok := ix.Lookup("pkg:pypi/setuptools@65.5.0", "PYSEC-2022-43012", []string{"CVE-2022-40897"}); ok {
		t.Errorf("the setuptools 65.5.0 wheel: %+v", s)
	}
}
