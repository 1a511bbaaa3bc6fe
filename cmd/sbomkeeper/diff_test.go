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

// TestDiffSPDX3: SPDX 3.0.1 is validated, so diff reads it too (issue 11,
// item 5): the same document in SPDX 2.3 and SPDX 3 shows no changes, for a
// CPython artifact SBOM (4,808 files) and for sbomkeeper's own SBOM and the
// SPDX 3 form kept beside it. A graph without an SpdxDocument is refused.
func TestDiffSPDX3(t *testing.T) {
	dir := t.TempDir()
	src := "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json"
	out := filepath.Join(dir, "Python-3.13.5.tar.xz.spdx3.json")
	if code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "1750000000"}, "convert", "--to", "spdx3", src, "-o", out); code != exitOK {
		t.Fatalf("convert --to spdx3: %d %s", code, stderr)
	}
	for _, args := range [][]string{{src, out}, {out, src}, {"../../sbom.spdx.json", "../../sbom.spdx3.json"}, {"../../sbom.cdx.json", "../../sbom.spdx3.json"}} {
		if code, res, stderr := runCLI(t, nil, append([]string{"diff"}, args...)...); code != exitOK || res != "no changes\n" {
			t.Errorf("diff %v: %d %q %q", args, code, res, stderr)
		}
	}
	other := "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
	if code, res, _ := runCLI(t, nil, "diff", out, other); code != exitFindings || !strings.Contains(res, "~ CPython") {
		t.Errorf("SPDX 3 against another artifact: %d %q", code, res)
	}
	// And back to SPDX 2.3: nothing lost, valid, the same document.
	back := filepath.Join(dir, "back.spdx.json")
	if code, _, stderr := runCLI(t, nil, "convert", "--strict", "--to", "spdx", out, "-o", back); code != exitOK || stderr != "" {
		t.Fatalf("convert --to spdx: %d %s", code, stderr)
	}
	if code, res, _ := runCLI(t, nil, "validate", "--profile", "ntia", back); code != exitOK {
		t.Errorf("validate the SPDX read from SPDX 3: %d %s", code, res)
	}
	if code, res, _ := runCLI(t, nil, "diff", src, back); code != exitOK {
		t.Errorf("diff after SPDX 2.3 -> 3 -> 2.3: %d %s", code, res)
	}
	empty := filepath.Join(dir, "empty.spdx3.json")
	if err := os.WriteFile(empty, []byte(`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, nil, "diff", empty, src)
	if code != exitUsage || !strings.Contains(stderr, empty) || !strings.Contains(stderr, "SpdxDocument") {
		t.Errorf("a graph without a document: %d %q", code, stderr)
	}
}

// convert reads SPDX 3 (issue 11, item 5): --to spdx gives a document that
// validates and diffs as the original, with no loss line.
func TestConvertFromSPDX3(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sbom.spdx.json")
	code, _, stderr := runCLI(t, nil, "convert", "--strict", "--to", "spdx", "../../sbom.spdx3.json", "-o", out)
	if code != exitOK || stderr != "" {
		t.Fatalf("convert --to spdx: %d %s", code, stderr)
	}
	if code, res, _ := runCLI(t, nil, "validate", out); code != exitOK {
		t.Errorf("validate: %d %s", code, res)
	}
	if code, res, _ := runCLI(t, nil, "diff", "../../sbom.spdx.json", out); code != exitOK {
		t.Errorf("diff: %d %s", code, res)
	}
	// The default target of an SPDX 3 input is SPDX 2.3.
	if code, res, stderr := runCLI(t, nil, "convert", "../../sbom.spdx3.json"); code != exitOK || !strings.Contains(res, `"spdxVersion": "SPDX-2.3"`) {
		t.Errorf("convert without --to: %d %.200s %s", code, res, stderr)
	}
}

// validate reads SPDX 2.2 as 2.3 with a note; diff does the same, so that it
// reads every format validate reads (issue 11, items 5 and 8).
func TestDiffSPDX22(t *testing.T) {
	src := "../../sbom.spdx.json"
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(t.TempDir(), "old.spdx.json")
	if err := os.WriteFile(old, []byte(strings.Replace(string(data), `"SPDX-2.3"`, `"SPDX-2.2"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "diff", old, src)
	if code != exitOK || out != "no changes\n" || !strings.Contains(stderr, "note: "+old+" is an SPDX 2.2 document, read as SPDX 2.3") {
		t.Errorf("%d %q %q", code, out, stderr)
	}
}
