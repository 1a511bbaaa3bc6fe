package sbomformat

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want Format
	}{
		{`{"spdxVersion": "SPDX-2.3", "packages": []}`, Format{SPDX2, "SPDX-2.3"}},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}`, Format{CycloneDX, "1.6"}},
		{`{"bomFormat": "CycloneDX", "specVersion": 1.5}`, Format{CycloneDX, ""}},
		{`{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}`, Format{SPDX3, "3.0.1"}},
		{`{"@context": "https://openvex.dev/ns/v0.2.0", "statements": []}`, Format{OpenVEX, "0.2.0"}},
		{`{"@context": "https://openvex.dev/ns/v0.2.0/", "statements": []}`, Format{OpenVEX, "0.2.0"}},
		{`{"@context": "https://openvex.dev/ns", "statements": []}`, Format{OpenVEX, "0.0.1"}},
	} {
		got, err := Detect("x", []byte(tc.doc))
		if err != nil || got != tc.want {
			t.Errorf("Detect(%s) = %v, %v; want %v", tc.doc, got, err, tc.want)
		}
		var v any
		json.Unmarshal([]byte(tc.doc), &v)
		if got, err := Of("x", v); err != nil || got != tc.want {
			t.Errorf("Of(%s) = %v, %v; want %v", tc.doc, got, err, tc.want)
		}
	}
	for _, bad := range []string{``, `[]`, `{"name": "x"}`, `{"bomFormat": "SPDX"}`, `{"@context": "https://schema.org"}`} {
		if f, err := Detect("bad.json", []byte(bad)); err == nil {
			t.Errorf("Detect(%q) = %v, want an error", bad, f)
		}
		var v any
		json.Unmarshal([]byte(bad), &v)
		if f, err := Of("bad.json", v); err == nil {
			t.Errorf("Of(%q) = %v, want an error", bad, f)
		}
	}
}

// TestDetectNotAnObject: a top-level array or string is named as such, not
// as a failure to decode into a Go type the user never sees.
func TestDetectNotAnObject(t *testing.T) {
	for doc, want := range map[string]string{
		`[]`:   "x.json: the top-level JSON value is an array; an SBOM is a JSON object",
		` "s"`: "x.json: the top-level JSON value is a string; an SBOM is a JSON object",
		`null`: "x.json: the top-level JSON value is null; an SBOM is a JSON object",
		`12`:   "x.json: the top-level JSON value is a number; an SBOM is a JSON object",
		`true`: "x.json: the top-level JSON value is a boolean; an SBOM is a JSON object",
	} {
		if _, err := Detect("x.json", []byte(doc)); err == nil || err.Error() != want {
			t.Errorf("Detect(%s): %v; want %s", doc, err, want)
		}
	}
}

func TestDetectRealDocuments(t *testing.T) {
	for path, want := range map[string]Kind{
		"../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json":     SPDX2,
		"../../../shared/schemas/spdx-2.3/SPDXJSONExample-v2.3.spdx.json": SPDX2,
		"../../sbom.spdx.json": SPDX2,
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Detect(path, data); err != nil || got.Kind != want {
			t.Errorf("%s: %v, %v", path, got, err)
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte(`{"bomFormat": "CycloneDX", "specVersion": "1.6"}`))
	f.Add([]byte(`{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.jsonld"]}`))
	f.Add([]byte(`{"@context": "https://openvex.dev/ns/v0.2.0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		f, err := Detect("fuzz", data)
		if err == nil && f.Kind == Unknown {
			t.Fatal("no error but no kind")
		}
	})
}
