package cpython_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// independentCheck validates documents against the SPDX 2.3.1 JSON schema
// with Python's jsonschema (Debian's python3-jsonschema, installed by
// .ci/run), so sbomkeeper's validator is not the only judge of its output.
const independentCheck = `
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft201909Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for e in validator.iter_errors(json.load(open(path))):
        bad += 1
        print(path, "/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if bad else 0)
`

// TestOutputsValidate: every kind of document sbomkeeper writes for CPython
// passes its own validate and an independent schema validator.
func TestOutputsValidate(t *testing.T) {
	corpus(t, false)
	srv := indexServer(t, nil)
	dir := t.TempDir()
	var docs []string
	// Release SBOMs: the real tarball and an installer.
	tarball := filepath.Join(filepath.Dir(shared.tarball), "Python-3.13.5.tar.xz")
	for _, src := range []string{tarball, filepath.Join(releaseTools, "python-3.13.5-amd64.exe")} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Skipf("%v", err)
		}
		p := filepath.Join(dir, filepath.Base(src))
		os.WriteFile(p, data, 0o644)
		if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--index-url", srv.URL, "--source-dir", shared.tarball, p); code != 0 {
			t.Fatalf("artifact %s: %d %s", p, code, out)
		}
		docs = append(docs, p+".spdx.json")
	}
	// The project's own SBOM, written by regen of kind gomod.
	own, _ := filepath.Abs("../../sbom.spdx.json")
	docs = append(docs, own)
	args := append([]string{"validate", "--profile", "ntia"}, docs[:2]...)
	if code, out := runTool(t, dir, args...); code != 0 {
		t.Errorf("sbomkeeper validate --profile ntia on the release SBOMs: exit %d\n%s", code, clip(out))
	}
	if code, out := runTool(t, dir, "validate", own); code != 0 {
		t.Errorf("sbomkeeper validate on its own SBOM: exit %d\n%s", code, clip(out))
	}
	// Source SBOMs are fragments by design (no creation info).
	expected312, _ := filepath.Abs(filepath.Join(fixture312, "expected.spdx.json"))
	fragments := []string{filepath.Join(shared.tarball, sourceSBOM), filepath.Join(shared.tarball, externalsSBOM), expected312}
	if code, out := runTool(t, dir, append([]string{"validate", "--fragment"}, fragments...)...); code != 0 {
		t.Errorf("sbomkeeper validate --fragment: exit %d\n%s", code, clip(out))
	}

	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import jsonschema").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-jsonschema is not installed; .ci/run installs it: %v", err)
		}
		t.Skip("Debian's python3-jsonschema is not installed (.ci/run installs it)")
	}
	schema, _ := filepath.Abs("../../internal/validate/schemas/spdx-schema.support-2.3.1.json")
	out, err := exec.Command(py, append([]string{"-c", independentCheck, schema}, docs...)...).CombinedOutput()
	if err != nil {
		t.Errorf("jsonschema (SPDX 2.3.1 schema) rejects sbomkeeper's output: %v\n%s", err, clip(string(out)))
	}
	if strings.TrimSpace(string(out)) != "" {
		t.Logf("%s", out)
	}
}
