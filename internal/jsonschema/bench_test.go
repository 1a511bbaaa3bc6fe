package jsonschema

import (
	"os"
	"testing"
)

// BenchmarkCompileSPDX23: what the validate command pays once, AddResource
// (parsing the schema) included.
func BenchmarkCompileSPDX23(b *testing.B) {
	data, err := os.ReadFile("../validate/schemas/spdx-schema.v2.3.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := NewCompiler()
		if err := c.AddResource("http://spdx.org/rdf/terms/2.3", data); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Compile("http://spdx.org/rdf/terms/2.3"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateCPythonSBOM: CPython 3.12's SBOM (decoded beforehand)
// against the SPDX 2.3.1 schema.
func BenchmarkValidateCPythonSBOM(b *testing.B) {
	set := schemaSets[1]
	ours, _ := compile(b, set)
	doc := readInstance(b, "../../testdata/cpython-3.12/sbom-3.12.spdx.json")
	b.ReportAllocs()
	for b.Loop() {
		ours.Validate(doc)
	}
}

// BenchmarkValidSPDX3: the SPDX 3 test document, for the unevaluated*
// machinery.
func BenchmarkValidSPDX3(b *testing.B) {
	set := schemaSets[4]
	ours, _ := compile(b, set)
	doc := readInstance(b, "testdata/instances/spdx-3.0.1.json")
	b.ReportAllocs()
	for b.Loop() {
		ours.Validate(doc)
	}
}
