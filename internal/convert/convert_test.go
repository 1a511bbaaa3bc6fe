package convert

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFormats(t *testing.T) {
	for in, want := range map[string][]string{
		"spdx":                   {SPDX},
		"cyclonedx,spdx":         {SPDX, CycloneDX},
		" CDX , spdx3,cyclonedx": {CycloneDX, SPDX3},
	} {
		if got, err := ParseFormats(in); err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", ",", "swid", "spdx,xml"} {
		if got, err := ParseFormats(bad); err == nil {
			t.Errorf("ParseFormats(%q) = %v, want an error", bad, got)
		}
	}
}

func TestCreatedOf(t *testing.T) {
	want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, doc := range []string{
		`{"bomFormat": "CycloneDX", "metadata": {"timestamp": "2026-01-02T03:04:05Z"}}`,
		`{"@graph": [{"type": "Tool"}, {"type": "CreationInfo", "created": "2026-01-02T03:04:05Z"}]}`,
	} {
		if got, ok := CreatedOf([]byte(doc)); !ok || !got.Equal(want) {
			t.Errorf("CreatedOf(%s) = %v, %v", doc, got, ok)
		}
	}
	for _, bad := range []string{`{}`, `not json`, `{"metadata": {"timestamp": "yesterday"}}`} {
		if _, ok := CreatedOf([]byte(bad)); ok {
			t.Errorf("CreatedOf(%s) found a time", bad)
		}
	}
}

// TestReadWrite: a CPython release SBOM goes to CycloneDX and is read back
// through Read, with nothing lost either way; SPDX 3 is written, not read.
func TestReadWrite(t *testing.T) {
	data, err := os.ReadFile("../../testdata/release-tools/python-3.13.5-amd64.exe.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, losses, err := Read("x.spdx.json", data)
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	bom, losses, err := Write(doc, CycloneDX, Options{})
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	back, f, losses, err := Read("x.cdx.json", bom)
	if err != nil || len(losses) != 0 || f.Version != "1.6" || len(back.Packages) != len(doc.Packages) {
		t.Fatalf("read back: %v %v %v", f, losses, err)
	}
	graph, _, err := Write(doc, SPDX3, Options{Created: time.Unix(0, 0), Tool: "Tool: sbomkeeper"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := Read("x.spdx3.json", graph); err == nil || !strings.Contains(err.Error(), "sbomkeeper reads SPDX 2.3 and CycloneDX") {
		t.Errorf("reading SPDX 3: %v", err)
	}
}
