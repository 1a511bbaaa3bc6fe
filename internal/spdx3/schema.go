package spdx3

import _ "embed"

//go:embed schema/spdx-json-schema.json
var schemaJSON []byte

// SchemaURI is the official SPDX 3.0.1 JSON schema's address; the schema has
// no $id, so this is the URI to compile it under.
const SchemaURI = "https://spdx.org/schema/3.0.1/spdx-json-schema.json"

// Schema returns the official SPDX 3.0.1 JSON schema (JSON Schema 2020-12),
// embedded, for validators.
func Schema() []byte { return schemaJSON }
