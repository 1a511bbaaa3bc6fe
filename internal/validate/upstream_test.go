package validate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// TestUpstreamReleaseSBOMs: the SBOMs that CPython's release-tools sbom.py
// wrote for the 3.13.5 artifacts (testdata/release-tools, see its README) use
// the PACKAGE_MANAGER spelling. The SPDX 2.3 schema rejects it, the 2.3.1
// revision accepts it: validate reports one note per such reference, naming
// its JSON path, and no error.
func TestUpstreamReleaseSBOMs(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/release-tools/*.spdx.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no release-tools SBOMs: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := SPDX(p, data, Options{NTIA: true})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		want := bytes.Count(data, []byte(`"PACKAGE_MANAGER"`))
		notes := 0
		for _, f := range fs {
			switch {
			case f.Rule == RuleSchema231 && f.Severity == rules.Note &&
				strings.HasSuffix(strings.SplitN(f.Message, ":", 2)[0], "/referenceCategory"):
				notes++
			default:
				t.Errorf("%s: unexpected finding %+v", filepath.Base(p), f)
			}
		}
		if notes != want || want == 0 {
			t.Errorf("%s: %d schema-2.3.1 notes, want one per PACKAGE_MANAGER reference (%d)", filepath.Base(p), notes, want)
		}
	}
}

// TestCPythonFragments: CPython's source SBOMs (testdata/cpython-3.12) are
// fragments whose packages CONTAIN files with filesAnalyzed absent and no
// verification code, which the release tools add; as fragments they give
// nothing but schema-2.3.1 notes.
func TestCPythonFragments(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/cpython-3.12/*.spdx.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no CPython source SBOMs: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := SPDX(p, data, Options{Fragment: true, NTIA: true})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, f := range fs {
			if f.Rule != RuleSchema231 {
				t.Errorf("%s: unexpected finding %+v", filepath.Base(p), f)
			}
		}
	}
}
