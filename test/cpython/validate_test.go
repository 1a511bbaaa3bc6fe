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
	var docs, cdxDocs, spdx3Docs []string
	// Release SBOMs: the real tarball and an installer.
	tarball := filepath.Join(filepath.Dir(shared.tarball), "Python-3.13.5.tar.xz")
	for _, src := range []string{tarball, filepath.Join(releaseTools, "python-3.13.5-amd64.exe")} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Skipf("%v", err)
		}
		p := filepath.Join(dir, filepath.Base(src))
		os.WriteFile(p, data, 0o644)
		if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--online", "--index-url", srv.URL, "--source-dir", shared.tarball,
			"--format", "spdx,cyclonedx,spdx3", p); code != 0 {
			t.Fatalf("artifact %s: %d %s", p, code, out)
		}
		docs = append(docs, p+".spdx.json")
		cdxDocs = append(cdxDocs, p+".cdx.json")
		spdx3Docs = append(spdx3Docs, p+".spdx3.json")
	}
	// The project's own SBOM, written by regen of kind gomod.
	own, _ := filepath.Abs("../../sbom.spdx.json")
	docs = append(docs, own)
	ownCDX, _ := filepath.Abs("../../sbom.cdx.json")
	ownSPDX3, _ := filepath.Abs("../../sbom.spdx3.json")
	cdxDocs = append(cdxDocs, ownCDX)
	spdx3Docs = append(spdx3Docs, ownSPDX3)
	// Every format of the release SBOMs passes validate with the NTIA profile.
	args := append([]string{"validate", "--profile", "ntia"}, docs[:2]...)
	args = append(args, cdxDocs[:2]...)
	args = append(args, spdx3Docs[:2]...)
	if code, out := runTool(t, dir, args...); code != 0 {
		t.Errorf("sbomkeeper validate --profile ntia on the release SBOMs: exit %d\n%s", code, clip(out))
	}
	if code, out := runTool(t, dir, "validate", own, ownCDX, ownSPDX3); code != 0 {
		t.Errorf("sbomkeeper validate on its own SBOM: exit %d\n%s", code, clip(out))
	}
	// Source SBOMs are fragments by design (no creation info).
	expected312, _ := filepath.Abs(filepath.Join(fixture312, "expected.spdx.json"))
	fragments := []string{filepath.Join(shared.tarball, sourceSBOM), filepath.Join(shared.tarball, externalsSBOM), expected312}
	if code, out := runTool(t, dir, append([]string{"validate", "--fragment"}, fragments...)...); code != 0 {
		t.Errorf("sbomkeeper validate --fragment: exit %d\n%s", code, clip(out))
	}

	independentCycloneDX(t, cdxDocs)
	// Debian's jsonschema needs about 10 minutes for the 9,712 objects of a
	// source tarball's SPDX 3 graph, so it judges the installer's and our own.
	independentSPDX3(t, spdx3Docs[1:])

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

// independentCycloneDX validates documents with the CycloneDX project's own
// JavaScript library (scripts/cdx-validate, installed by .ci/run).
func independentCycloneDX(t *testing.T, docs []string) {
	t.Helper()
	script := os.Getenv("SBOMKEEPER_CDX_VALIDATOR")
	if script == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SBOMKEEPER_CDX_VALIDATOR is not set; .ci/run sets it")
		}
		t.Log("skipping @cyclonedx/cyclonedx-library: SBOMKEEPER_CDX_VALIDATOR is not set (.ci/run sets it)")
		return
	}
	out, err := exec.Command("node", append([]string{script}, docs...)...).CombinedOutput()
	if err != nil {
		t.Errorf("@cyclonedx/cyclonedx-library rejects sbomkeeper's CycloneDX: %v\n%s", err, clip(string(out)))
	}
	if n := strings.Count(string(out), "valid CycloneDX 1.6"); err == nil && n != len(docs) {
		t.Errorf("the CycloneDX validator judged %d of %d documents:\n%s", n, len(docs), out)
	}
}

// independentSPDX3 validates SPDX 3.0.1 documents against the official schema
// with Debian's python3-jsonschema (scripts/validate-spdx3.py).
func independentSPDX3(t *testing.T, docs []string) {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import jsonschema").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-jsonschema is not installed; .ci/run installs it: %v", err)
		}
		t.Log("skipping the SPDX 3 check: Debian's python3-jsonschema is not installed")
		return
	}
	script, _ := filepath.Abs("../../scripts/validate-spdx3.py")
	schema, _ := filepath.Abs("../../internal/spdx3/schema/spdx-json-schema.json")
	out, err := exec.Command(py, append([]string{script, schema}, docs...)...).CombinedOutput()
	if err != nil {
		t.Errorf("jsonschema (SPDX 3.0.1 schema) rejects sbomkeeper's SPDX 3: %v\n%s", err, clip(string(out)))
	}
}
