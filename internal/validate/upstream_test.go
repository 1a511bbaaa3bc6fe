package validate

import (
	"bytes"
	"crypto/sha256"
	"fmt"
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

// TestUpstreamReleaseSBOMsAgainstArtifacts: each release SBOM DESCRIBES its
// artifact. The tarballs are not in testdata; their SHA-256 sums are the
// README's. The installers' stand-ins are.
func TestUpstreamReleaseSBOMsAgainstArtifacts(t *testing.T) {
	const dir = "../../testdata/release-tools/"
	sums := map[string]string{
		"Python-3.13.5.tar.xz": "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640",
		"Python-3.13.5.tgz":    "e6190f52699b534ee203d9f417bdbca05a92f23e35c19c691a50ed2942835385",
	}
	for _, name := range []string{"python-3.13.5-amd64.exe", "python-3.13.5-embed-amd64.zip", "python-3.13.5t-amd64.exe"} {
		data, err := os.ReadFile(dir + name)
		if err != nil {
			t.Fatal(err)
		}
		sums[name] = fmt.Sprintf("%x", sha256.Sum256(data))
	}
	check := func(doc string, art Artifact) []rules.Finding {
		data, err := os.ReadFile(dir + doc)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := SPDX(doc, data, Options{NTIA: true, Artifact: &art})
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		var out []rules.Finding
		for _, f := range fs {
			if f.Rule != RuleSchema231 {
				out = append(out, f)
			}
		}
		return out
	}
	for name, sum := range sums {
		if fs := check(name+".spdx.json", Artifact{Name: name, SHA256: sum}); len(fs) != 0 {
			t.Errorf("%s: unexpected findings %+v", name, fs)
		}
	}
	// The .tgz SBOM is not the .tar.xz's.
	fs := check("Python-3.13.5.tgz.spdx.json", Artifact{Name: "Python-3.13.5.tar.xz", SHA256: sums["Python-3.13.5.tar.xz"]})
	want := `SPDXRef-PACKAGE-cpython (/packages/2): the document DESCRIBES this package, but it is not the artifact Python-3.13.5.tar.xz (SHA256 93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640): ` +
		`its packageFileName is "Python-3.13.5.tgz" and its SHA256 is e6190f52699b534ee203d9f417bdbca05a92f23e35c19c691a50ed2942835385; no package of the document carries it`
	if len(fs) != 1 || fs[0].Rule != RuleArtifact || !strings.HasPrefix(fs[0].Message, want) {
		t.Errorf("the .tgz SBOM against the .tar.xz: want one %s finding starting %q, got %+v", RuleArtifact, want, fs)
	}
}
