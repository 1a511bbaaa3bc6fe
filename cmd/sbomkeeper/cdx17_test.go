package main

import (
	"path/filepath"
	"strings"
	"testing"
)

var cdx17Dir = filepath.Join("..", "..", "internal", "cyclonedx", "testdata", "cdx17")

// TestCDX17: CycloneDX 1.7 as syft 1.57 and cdxgen 12.8 write it is
// validated without error and converted to SPDX 2.3 and SPDX 3, each loss on
// stderr with its pointer; the SPDX output validates.
func TestCDX17(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, loss string }{
		{"syft-1.7.cdx.json", `/metadata/tools/components/0/author: "author" has no SPDX 2.3 equivalent`},
		{"cdxgen-1.7.cdx.json", "/metadata/lifecycles: SPDX 2.3 has no lifecycle phases"},
	} {
		in := filepath.Join(cdx17Dir, tc.name)
		if code, out, stderr := runCLI(t, nil, "validate", in); code != exitOK {
			t.Errorf("validate %s: %d\n%s%s", tc.name, code, out, stderr)
		}
		out := filepath.Join(dir, strings.TrimSuffix(tc.name, ".cdx.json")+".spdx.json")
		code, _, stderr := runCLI(t, nil, "convert", in, "-o", out)
		if code != exitOK || !strings.Contains(stderr, "not carried to spdx: "+tc.loss) {
			t.Errorf("convert %s: %d\n%s", tc.name, code, stderr)
		}
		if code, _, _ := runCLI(t, nil, "convert", "--strict", in, "-o", out); code != exitFindings {
			t.Errorf("convert --strict %s with losses: exit %d", tc.name, code)
		}
		if code, vout, _ := runCLI(t, nil, "validate", out); code != exitOK {
			t.Errorf("validate the SPDX from %s: %d\n%s", tc.name, code, vout)
		}
		out3 := filepath.Join(dir, strings.TrimSuffix(tc.name, ".cdx.json")+".spdx3.json")
		if code, _, stderr := runCLI(t, nil, "convert", "--to", "spdx3", in, "-o", out3); code != exitOK {
			t.Errorf("convert --to spdx3 %s: %d\n%s", tc.name, code, stderr)
		}
		if code, vout, _ := runCLI(t, nil, "validate", out3); code != exitOK {
			t.Errorf("validate the SPDX 3 from %s: %d\n%s", tc.name, code, vout)
		}
	}
}

// A license ID of CycloneDX 1.7's list (SPDX license list 3.28.0) that 3.25.0
// lacks, FSL-1.1-MIT, is carried as it is and the converted document
// validates: the license check knows the newer IDs too (issue 11).
func TestCDX17NewerLicenseIDValidates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "new.spdx.json")
	in := filepath.Join(cdx17Dir, "new-fields-1.7.cdx.json")
	if code, _, stderr := runCLI(t, nil, "convert", in, "-o", out); code != exitOK {
		t.Fatalf("convert: %d %s", code, stderr)
	}
	doc := parseFile(t, out)
	found := false
	for _, p := range doc.Packages {
		found = found || p.LicenseConcluded == "FSL-1.1-MIT" || p.LicenseDeclared == "FSL-1.1-MIT"
	}
	if !found {
		t.Fatal("FSL-1.1-MIT is not in the converted document")
	}
	if code, res, _ := runCLI(t, nil, "validate", out); code != exitOK {
		t.Errorf("validate: %d\n%s", code, res)
	}
}
