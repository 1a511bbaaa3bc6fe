package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
)

// TestDiffAcrossFormats: a release SBOM and its CycloneDX rendering are one
// document; before diff read every format, the CycloneDX one read as an
// empty SPDX document and every package was "removed".
func TestDiffAcrossFormats(t *testing.T) {
	src := "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _, err := convert.Read(src, data)
	if err != nil {
		t.Fatal(err)
	}
	bom, _, err := convert.Write(doc, convert.CycloneDX, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cdx := filepath.Join(t.TempDir(), "Python-3.13.5.tgz.cdx.json")
	if err := os.WriteFile(cdx, bom, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{src, cdx}, {cdx, src}, {cdx, cdx}} {
		if code, out, stderr := runCLI(t, nil, append([]string{"diff"}, args...)...); code != exitOK || out != "no changes\n" {
			t.Errorf("diff %v: %d %q %q", args, code, out, stderr)
		}
	}
	other := "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json"
	if code, out, _ := runCLI(t, nil, "diff", cdx, other); code != exitFindings || !strings.Contains(out, "~ CPython") || strings.Contains(out, "- ") {
		t.Errorf("CycloneDX against another artifact: %d %q", code, out)
	}
}

// TestDiffRefusesWhatItCannotRead: {} and [] used to diff as empty SPDX
// documents; now each is an error naming the file and what diff reads.
func TestDiffRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	good := "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
	for name, content := range map[string]string{
		"empty.json":       `{}`,
		"array.json":       `[]`,
		"package.json":     `{"name": "left-pad", "version": "1.3.0"}`,
		"future.spdx.json": `{"spdxVersion": "SPDX-9.9", "SPDXID": "SPDXRef-DOCUMENT"}`,
		"future.cdx.json":  `{"bomFormat": "CycloneDX", "specVersion": "9.9"}`,
		"not.json":         `not json`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{p, good}, {good, p}} {
			code, out, stderr := runCLI(t, nil, append([]string{"diff"}, args...)...)
			if code != exitUsage || out != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, "SPDX 2.3") {
				t.Errorf("%s: %d %q %q", name, code, out, stderr)
			}
		}
	}
}

// TestDiffSPDX3: convert cannot read SPDX 3 yet, so diff says so.
func TestDiffSPDX3(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.spdx3.json")
	doc := `{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, nil, "diff", p, p)
	if code != exitUsage || !strings.Contains(stderr, p) || !strings.Contains(stderr, "SPDX 3") || !strings.Contains(stderr, "not supported") {
		t.Errorf("%d %q", code, stderr)
	}
}
