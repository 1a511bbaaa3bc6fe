package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

// testWheel writes a small wheel with a RECORD that verifies.
func testWheel(t *testing.T, dir string) string {
	t.Helper()
	members := [][2]string{
		{"demo/__init__.py", "__version__ = '1.0'\n"},
		{"demo-1.0.dist-info/METADATA", "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n\n"},
		{"demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"},
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	var record strings.Builder
	for _, m := range members {
		w, _ := zw.Create(m[0])
		w.Write([]byte(m[1]))
		fmt.Fprintf(&record, "%s,%s,%d\n", m[0], wheelsbom.RecordDigest([]byte(m[1])), len(m[1]))
	}
	record.WriteString("demo-1.0.dist-info/RECORD,,\n")
	w, _ := zw.Create("demo-1.0.dist-info/RECORD")
	w.Write([]byte(record.String()))
	zw.Close()
	p := filepath.Join(dir, "demo-1.0-py3-none-any.whl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const cmdSBOM = `{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}`

func TestWheelEmbedListExtract(t *testing.T) {
	dir := t.TempDir()
	whl := testWheel(t, dir)
	sbom := filepath.Join(dir, "demo.cdx.json")
	os.WriteFile(sbom, []byte(cmdSBOM), 0o644)
	if code, out, errb := runCLI(t, nil, "wheel", "embed", whl, sbom); code != exitOK || !strings.Contains(out, "embedded demo.cdx.json") {
		t.Fatalf("embed: %d %s %s", code, out, errb)
	}
	if code, out, errb := runCLI(t, nil, "wheel", "verify", whl); code != exitOK || !strings.Contains(out, "RECORD verifies (5 entries)") {
		t.Fatalf("verify: %d %s %s", code, out, errb)
	}
	ex := filepath.Join(dir, "out")
	os.Mkdir(ex, 0o755)
	code, out, errb := runCLI(t, nil, "wheel", "sboms", whl, "--extract", ex)
	if code != exitOK || !strings.Contains(out, "demo-1.0.dist-info/sboms/demo.cdx.json\t") || !strings.Contains(out, "CycloneDX 1.6") {
		t.Fatalf("sboms: %d %s %s", code, out, errb)
	}
	if got, _ := os.ReadFile(filepath.Join(ex, "demo.cdx.json")); string(got) != cmdSBOM {
		t.Fatalf("extracted %q", got)
	}
	// The same name again is refused, and the wheel is left as it was.
	before, _ := os.ReadFile(whl)
	if code, _, errb := runCLI(t, nil, "wheel", "embed", whl, sbom); code != exitFindings || !strings.Contains(errb, "clashes with the member") {
		t.Fatalf("second embed: %d %s", code, errb)
	}
	after, _ := os.ReadFile(whl)
	entries, _ := os.ReadDir(dir)
	if !bytes.Equal(before, after) || len(entries) != 3 {
		t.Fatalf("the wheel changed or a temporary file was left: %d entries", len(entries))
	}
	// -o writes elsewhere.
	other := filepath.Join(dir, "demo.spdx.json")
	os.WriteFile(other, []byte(`{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}`), 0o644)
	dest := filepath.Join(ex, "demo-1.0-py3-none-any.whl")
	if code, _, errb := runCLI(t, nil, "wheel", "embed", whl, other, "-o", dest); code != exitOK {
		t.Fatalf("-o: %s", errb)
	}
	if code, _, errb := runCLI(t, nil, "wheel", "verify", dest); code != exitOK {
		t.Fatalf("verify -o: %s", errb)
	}
}

func TestWheelEmbedRefusesBadRecord(t *testing.T) {
	dir := t.TempDir()
	whl := testWheel(t, dir)
	data, _ := os.ReadFile(whl)
	// The same wheel, with one member changed after RECORD was written.
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		var content bytes.Buffer
		content.ReadFrom(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, "/__init__.py") {
			content.WriteString("# changed after RECORD was written\n")
		}
		w.Write(content.Bytes())
	}
	zw.Close()
	os.WriteFile(whl, b.Bytes(), 0o644)
	sbom := filepath.Join(dir, "demo.cdx.json")
	os.WriteFile(sbom, []byte(cmdSBOM), 0o644)
	code, _, errb := runCLI(t, nil, "wheel", "embed", whl, sbom)
	if code != exitFindings || !strings.Contains(errb, "demo/__init__.py: RECORD says sha256=") {
		t.Fatalf("%d %s", code, errb)
	}
	if code, _, errb := runCLI(t, nil, "wheel", "verify", whl); code != exitFindings || !strings.Contains(errb, "does not verify") {
		t.Fatalf("verify: %d %s", code, errb)
	}
}

// TestArtifactOfWheelNeedsNoConfig: artifact writes a wheel's own SBOM with
// no config at all, and verify accepts the wheel against it.
func TestArtifactOfWheelNeedsNoConfig(t *testing.T) {
	dir := t.TempDir()
	whl := testWheel(t, dir)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	code, out, errb := runCLI(t, env, "artifact", "--config", filepath.Join(dir, "none.toml"), whl)
	if code != exitOK {
		t.Fatalf("artifact: %d %s %s", code, out, errb)
	}
	doc, err := os.ReadFile(whl + ".spdx.json")
	if err != nil || !strings.Contains(string(doc), `"pkg:pypi/demo@1.0"`) || !strings.Contains(string(doc), `"demo-1.0.dist-info/RECORD"`) {
		t.Fatalf("%v\n%s", err, doc)
	}
	if code, out, errb := runCLI(t, nil, "verify", whl); code != exitOK {
		t.Fatalf("verify: %s %s", out, errb)
	}
	// wheel sbom writes the same document.
	dest := filepath.Join(dir, "again.json")
	if code, _, errb := runCLI(t, env, "wheel", "sbom", whl, "-o", dest); code != exitOK {
		t.Fatal(errb)
	}
	if again, _ := os.ReadFile(dest); !bytes.Equal(again, doc) {
		t.Error("wheel sbom and artifact differ")
	}
	code, _, errb = runCLI(t, env, "wheel", "sbom", whl, "-o", dest, "--format", "spdx,cyclonedx")
	if code != exitUsage || !strings.Contains(errb, "-o needs exactly one format") || strings.Contains(errb, "<nil>") {
		t.Errorf("-o with two formats: exit %d, %s", code, errb)
	}
	// A source archive still needs the config.
	if code, _, _ := runCLI(t, env, "artifact", "--config", filepath.Join(dir, "none.toml"), whl, filepath.Join(dir, "x.tar.gz")); code != exitUsage {
		t.Errorf("exit %d without a config for a tarball", code)
	}
}
