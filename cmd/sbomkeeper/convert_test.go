package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const releaseSBOM = "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json"

// TestConvertRoundTrip: the CPython 3.13.5 release SBOM goes to CycloneDX and
// back with nothing lost and every package, file and relationship intact;
// both outputs pass validate.
func TestConvertRoundTrip(t *testing.T) {
	dir := t.TempDir()
	cdx, back := filepath.Join(dir, "r.cdx.json"), filepath.Join(dir, "r.spdx.json")
	if code, _, stderr := runCLI(t, nil, "convert", releaseSBOM, "-o", cdx, "--strict"); code != exitOK || stderr != "" {
		t.Fatalf("to CycloneDX: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "convert", "--strict", cdx, "-o", back); code != exitOK || stderr != "" {
		t.Fatalf("back to SPDX: %d %s", code, stderr)
	}
	if code, out, _ := runCLI(t, nil, "validate", "--profile", "ntia", cdx, back); code != exitOK {
		t.Errorf("validate: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, nil, "diff", releaseSBOM, back); code != exitOK || !strings.Contains(strings.ToLower(out), "no changes") {
		t.Errorf("diff after the round trip: %d %s", code, out)
	}
	a, b := parseFile(t, releaseSBOM), parseFile(t, back)
	sortDoc(a)
	sortDoc(b)
	if !reflect.DeepEqual(a, b) {
		t.Error("the round trip changed the document")
	}
}

func parseFile(t *testing.T, p string) *spdx.Document {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sortDoc puts the lists whose order carries no meaning in one order.
func sortDoc(d *spdx.Document) {
	b, _ := spdx.MarshalNormalized(d)
	n, _ := spdx.Parse(b)
	*d = *n
}

func TestConvertToSPDX3AndLosses(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "f.spdx3.json")
	frag := filepath.Join(dir, "frag.spdx.json")
	os.WriteFile(frag, []byte(`{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "files": [], "relationships": [],
	 "packages": [{"SPDXID": "SPDXRef-PACKAGE-a", "name": "a", "versionInfo": "1", "downloadLocation": "NOASSERTION",
	   "licenseConcluded": "NOASSERTION", "annotations": [{"comment": "hand-made"}]}]}`), 0o644)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1750000000"}
	code, _, stderr := runCLI(t, env, "convert", "--to", "spdx3", frag, "-o", out)
	if code != exitOK || !strings.Contains(stderr, "/packages/0/annotations (SPDXRef-PACKAGE-a)") {
		t.Fatalf("spdx3: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, env, "convert", "--strict", "--to", "spdx3", frag, "-o", out); code != exitFindings {
		t.Errorf("--strict with a loss: exit %d, want 1", code)
	}
	if code, res, _ := runCLI(t, nil, "validate", out); code != exitOK {
		t.Errorf("validate spdx3: %d %s", code, res)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"created": "2025-06-15T15:06:40Z"`) {
		t.Errorf("SOURCE_DATE_EPOCH not used:\n%.400s", data)
	}
}

func TestConvertErrors(t *testing.T) {
	dir := t.TempDir()
	notSBOM := filepath.Join(dir, "x.json")
	os.WriteFile(notSBOM, []byte(`{"name": "x"}`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"convert"}, exitUsage, "name one document"},
		{[]string{"convert", "--to", "swid", releaseSBOM}, exitUsage, "--to takes one of"},
		{[]string{"convert", filepath.Join(dir, "missing.json")}, exitUsage, "no such file"},
		{[]string{"convert", notSBOM}, exitFindings, "not an SBOM sbomkeeper knows"},
	} {
		code, _, stderr := runCLI(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	f := newFlags("x")
	o := f.String("o", "", "")
	q := f.Bool("q", false, "")
	if err := f.Parse([]string{"a", "-o", "out", "b", "-q", "--", "-c"}); err != nil {
		t.Fatal(err)
	}
	if *o != "out" || !*q || !reflect.DeepEqual(f.Args(), []string{"a", "b", "-c"}) || f.NArg() != 3 || f.Arg(2) != "-c" {
		t.Errorf("o=%q q=%v args=%q", *o, *q, f.Args())
	}
}

// Issue 11, item 4: convert of osv-scanner's CycloneDX (no metadata at all)
// to SPDX 2.3 states each default it uses on stderr, and validate passes.
func TestConvertOSVScannerBOMToSPDX(t *testing.T) {
	out := filepath.Join(t.TempDir(), "osv.spdx.json")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1750000000"}
	code, _, stderr := runCLI(t, env, "convert", "--to", "spdx", "../../internal/convert/testdata/osv-scanner-2.5.0.cdx.json", "-o", out)
	if code != exitOK {
		t.Fatalf("convert: %d %s", code, stderr)
	}
	for _, want := range []string{
		"/creationInfo/created: the input has no creation time; SPDX 2.3 requires one: written as 2025-06-15T15:06:40Z (SOURCE_DATE_EPOCH)",
		"/creationInfo/creators: the input names no creator",
		"/serialNumber: the BOM has no serialNumber",
		"/vulnerabilities:",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, res, _ := runCLI(t, nil, "validate", out); code != exitOK {
		t.Errorf("validate of the converted BOM: %d\n%s", code, res)
	}
	// Without SOURCE_DATE_EPOCH the time of conversion is used, and said.
	if code, _, stderr := runCLI(t, nil, "convert", "--to", "spdx", "../../internal/convert/testdata/osv-scanner-2.5.0.cdx.json", "-o", out); code != exitOK || !strings.Contains(stderr, "(the time of conversion)") {
		t.Errorf("convert without SOURCE_DATE_EPOCH: %d %s", code, stderr)
	}
}
