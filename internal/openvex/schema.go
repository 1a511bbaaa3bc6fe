package openvex

import (
	_ "embed"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
)

//go:embed schema/openvex_json_schema.json
var schemaJSON []byte

// SchemaURI is the $id of the official OpenVEX 0.2.0 JSON schema.
const SchemaURI = "https://github.com/openvex/spec/openvex_json_schema_0.2.0.json"

// Schema returns the official OpenVEX 0.2.0 JSON schema (draft 2020-12),
// embedded.
func Schema() []byte { return schemaJSON }

// compiled is the schema compiled at first use, not at start-up.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURI, schemaJSON); err != nil {
		return nil, err
	}
	return c.Compile(SchemaURI)
})
