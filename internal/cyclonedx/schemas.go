package cyclonedx

import (
	"embed"
	"fmt"
)

//go:embed schemas/bom-1.5.schema.json schemas/bom-1.6.schema.json schemas/bom-1.7.schema.json
//go:embed schemas/jsf-0.82.schema.json schemas/spdx.schema.json schemas/spdx-1.7.schema.json
//go:embed schemas/cryptography-defs.schema.json
var schemaFiles embed.FS

// schemaVersions are the CycloneDX versions whose official JSON schema is
// embedded.
var schemaVersions = []string{"1.5", "1.6", "1.7"}

// schemaBase is the URI prefix of every CycloneDX schema's $id.
const schemaBase = "http://cyclonedx.org/schema/"

// schemaDeps are the documents each bom schema refers to: $id (after
// schemaBase) → embedded file. 1.7 comes with its own, longer license list
// under the same $id as 1.5's and 1.6's, and with cryptography-defs.
var schemaDeps = map[string]map[string]string{
	"1.5": {"jsf-0.82.schema.json": "jsf-0.82.schema.json", "spdx.schema.json": "spdx.schema.json"},
	"1.6": {"jsf-0.82.schema.json": "jsf-0.82.schema.json", "spdx.schema.json": "spdx.schema.json"},
	"1.7": {
		"jsf-0.82.schema.json":          "jsf-0.82.schema.json",
		"spdx.schema.json":              "spdx-1.7.schema.json",
		"cryptography-defs.schema.json": "cryptography-defs.schema.json",
	},
}

// Schemas returns the official JSON schema of CycloneDX version v ("1.5",
// "1.6" or "1.7"): the URI to compile and every document it needs, keyed by
// its $id.
func Schemas(v string) (root string, docs map[string][]byte, err error) {
	deps, ok := schemaDeps[v]
	if !ok {
		return "", nil, fmt.Errorf("CycloneDX %q has no embedded schema (sbomkeeper knows %v)", v, schemaVersions)
	}
	root = schemaBase + "bom-" + v + ".schema.json"
	bom, err := schemaFiles.ReadFile("schemas/bom-" + v + ".schema.json")
	if err != nil {
		return "", nil, err
	}
	docs = map[string][]byte{root: bom}
	for id, file := range deps {
		b, err := schemaFiles.ReadFile("schemas/" + file)
		if err != nil {
			return "", nil, err
		}
		docs[schemaBase+id] = b
	}
	return root, docs, nil
}
