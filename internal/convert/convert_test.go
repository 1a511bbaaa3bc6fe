package convert

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
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

// TestReadWrite: a CPython release SBOM goes to CycloneDX and to SPDX 3 and
// is read back through Read, with nothing lost on the way back.
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
	back, f, losses, err = Read("x.spdx3.json", graph)
	if err != nil || len(losses) != 0 || f.Kind != sbomformat.SPDX3 || len(back.Packages) != len(doc.Packages) || len(back.Files) != len(doc.Files) {
		t.Fatalf("reading SPDX 3: %v %v %v", f, losses, err)
	}
	if _, _, _, err := Read("x.json", []byte(`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`)); err == nil || !strings.Contains(err.Error(), "SpdxDocument") {
		t.Errorf("an SPDX 3 graph without a document: %v", err)
	}
}

// Issue 11, item 4: osv-scanner's CycloneDX has no metadata.timestamp (nor
// serial number, name or tools). Converted to SPDX 2.3 it used to lack
// creationInfo.created, silently, and fail validate. Each required member
// the BOM lacks now gets a stated default, reported as a loss, and the
// output validates.
func TestWriteSPDXFillsWhatABOMLacks(t *testing.T) {
	data, err := os.ReadFile("testdata/osv-scanner-2.5.0.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, readLosses, err := Read("osv.cdx.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(readLosses) != 2 || readLosses[0].Path != "/serialNumber" || readLosses[1].Path != "/vulnerabilities" {
		t.Errorf("read losses: %v", readLosses)
	}
	created := time.Date(2025, 6, 15, 15, 6, 40, 0, time.UTC)
	out, losses, err := Write(doc, SPDX, Options{Created: created, CreatedFrom: "SOURCE_DATE_EPOCH", Tool: "Tool: sbomkeeper-test"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range losses {
		got = append(got, l.Path)
	}
	if want := []string{"/name", "/creationInfo/created", "/creationInfo/creators"}; !slices.Equal(got, want) {
		t.Errorf("defaults reported for %v, want %v", got, want)
	}
	for _, l := range losses {
		if l.Path == "/creationInfo/created" && !strings.Contains(l.What, "2025-06-15T15:06:40Z (SOURCE_DATE_EPOCH)") {
			t.Errorf("the created default does not say what and why: %s", l)
		}
	}
	fs, err := validate.SPDX("osv.spdx.json", out, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Severity == rules.Error {
			t.Errorf("validate: %v", f)
		}
	}
	back, err := spdx.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.CreationInfo.Created != "2025-06-15T15:06:40Z" || len(back.Packages) != 2 {
		t.Errorf("created %q, %d packages", back.CreationInfo.Created, len(back.Packages))
	}
	// The model handed in is not changed: other formats written from it
	// must not see the defaults as data.
	if doc.CreationInfo.Created != "" || doc.Name != "" {
		t.Errorf("Write changed its input: %+v %q", doc.CreationInfo, doc.Name)
	}
	if _, _, err := Write(doc, SPDX, Options{Tool: "Tool: x"}); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("no creation time anywhere: %v", err)
	}
	// SPDX 3 output states the same defaults.
	_, losses, err = Write(doc, SPDX3, Options{Created: created, CreatedFrom: "SOURCE_DATE_EPOCH", Tool: "Tool: sbomkeeper-test"})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, l := range losses {
		got = append(got, l.Path)
	}
	if want := []string{"/creationInfo/created", "/creationInfo/creators"}; !slices.Equal(got, want) {
		t.Errorf("SPDX 3 defaults reported for %v, want %v", got, want)
	}
}

// A complete document gets no defaults and no loss lines.
func TestWriteSPDXCompleteDocument(t *testing.T) {
	data, err := os.ReadFile("../../testdata/release-tools/python-3.13.5-amd64.exe.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _, err := Read("x.spdx.json", data)
	if err != nil {
		t.Fatal(err)
	}
	out, losses, err := Write(doc, SPDX, Options{})
	if err != nil || len(losses) != 0 {
		t.Fatal(err, losses)
	}
	if want, _ := spdx.Marshal(doc); string(out) != string(want)+"\n" {
		t.Error("a complete document changed on the way out")
	}
}
