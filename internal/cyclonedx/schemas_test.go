package cyclonedx

import (
	"path/filepath"
	"testing"
)

// TestSchemasCDX17: Schemas gives 1.7 with its own license list and
// cryptography-defs, and the hand-written 1.7 BOMs are valid under it.
func TestSchemasCDX17(t *testing.T) {
	root, docs, err := Schemas("1.7")
	if err != nil {
		t.Fatal(err)
	}
	if root != "http://cyclonedx.org/schema/bom-1.7.schema.json" {
		t.Errorf("root = %s", root)
	}
	for _, id := range []string{"spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json"} {
		if docs[schemaBase+id] == nil {
			t.Errorf("no %s", id)
		}
	}
	if _, _, err := Schemas("1.8"); err == nil {
		t.Error("Schemas(1.8) gave a schema")
	}
	for _, name := range []string{"syft-1.7.cdx.json", "cdxgen-1.7.cdx.json", "new-fields-1.7.cdx.json"} {
		t.Run(name, func(t *testing.T) {
			validateCDX(t, "1.7", readFile(t, filepath.Join("testdata", "cdx17", name)))
		})
	}
}
