package validate

import (
	"fmt"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx3"
)

var spdx3Schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	if err := c.AddResource(spdx3.SchemaURI, spdx3.Schema()); err != nil {
		return nil, err
	}
	return c.Compile(spdx3.SchemaURI)
})

// spdx3Rule maps spdx3.Check's rules onto the rule IDs used for the same
// kind of finding in the other formats; the rest keep their own names.
var spdx3Rule = map[string]string{
	spdx3.RuleStructure: RuleSchema,
	spdx3.RuleUniqueID:  RuleUniqueID,
	spdx3.RuleReference: RuleRelation,
	spdx3.RuleHash:      RuleChecksum,
	spdx3.RuleCreated:   RuleTimestamp,
}

// SPDX3 validates an SPDX 3.0.1 JSON-LD document: the official JSON schema,
// then the model rules of spdx3.Check that the schema cannot express. name
// is used in findings; the error is for input that is not JSON at all.
func SPDX3(name string, data []byte, opts Options) ([]rules.Finding, error) {
	inst, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	return spdx3Doc(name, data, inst, opts)
}

// spdx3Doc is SPDX3 for data already decoded into inst.
func spdx3Doc(name string, data []byte, inst any, opts Options) ([]rules.Finding, error) {
	var out []rules.Finding
	sch, err := spdx3Schema()
	if err != nil {
		return nil, fmt.Errorf("compiling the embedded SPDX 3.0.1 schema: %w", err)
	}
	for _, e := range schemaErrors(sch, inst, false) {
		out = append(out, finding(name, rules.Error, RuleSchema, e.path, "", e.msg))
	}
	for _, is := range spdx3.Check(data) {
		rule := spdx3Rule[is.Rule]
		if rule == "" {
			rule = "spdx3-" + is.Rule
		}
		path := is.Path
		if path == "" {
			path = "/"
		}
		out = append(out, finding(name, rules.Error, rule, path, is.ID, is.What))
	}
	return out, nil
}
