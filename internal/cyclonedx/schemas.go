package cyclonedx

import (
	"embed"
	"fmt"
)

//go:embed schemas/bom-1.5.schema.json schemas/bom-1.6.schema.json schemas/jsf-0.82.schema.json schemas/spdx.schema.json
var schemaFiles embed.FS

// schemaVersions are the CycloneDX versions whose official JSON schema is
// embedded.
var schemaVersions = []string{"1.5", "1.6"}

// Schemas returns the official JSON schema of CycloneDX version v ("1.5" or
// "1.6"): the URI to compile and every document it needs, keyed by its $id.
func Schemas(v string) (root string, docs map[string][]byte, err error) {
	bom, err := schemaFiles.ReadFile("schemas/bom-" + v + ".schema.json")
	if err != nil {
		return "", nil, fmt.Errorf("CycloneDX %q has no embedded schema (sbomkeeper knows %v)", v, schemaVersions)
	}
	const base = "http://cyclonedx.org/schema/"
	docs = map[string][]byte{base + "bom-" + v + ".schema.json": bom}
	for _, name := range []string{"jsf-0.82.schema.json", "spdx.schema.json"} {
		b, err := schemaFiles.ReadFile("schemas/" + name)
		if err != nil {
			return "", nil, err
		}
		docs[base+name] = b
	}
	return base + "bom-" + v + ".schema.json", docs, nil
}
