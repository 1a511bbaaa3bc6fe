package validate

import (
	"fmt"
	"strings"
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
	text := textFindings(name, data)
	fs, err := spdx3Doc(name, data, inst, opts)
	if err != nil {
		return nil, err
	}
	return append(text, fs...), nil
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
	sev := rules.Warning
	if opts.NTIA {
		sev = rules.Error
	}
	for _, m := range spdx3NTIA(inst) {
		out = append(out, finding(name, sev, RuleNTIA, m.path, m.id, m.msg))
	}
	return out, nil
}

type ntiaGap struct{ path, id, msg string }

// spdx3NTIA checks the NTIA minimum elements in an SPDX 3 graph the way the
// SPDX 2.3 and CycloneDX checks do, so that one SBOM gets one verdict whatever
// its format: per package a supplier (suppliedBy), a version
// (software_packageVersion), a unique identifier (a packageUrl, CPE or SWID
// external identifier, or software_packageUrl) and a relationship; for the
// document, its authors (createdBy).
func spdx3NTIA(inst any) []ntiaGap {
	top, _ := inst.(map[string]any)
	graph, _ := top["@graph"].([]any)
	related := map[string]bool{}
	for _, o := range graph {
		obj, _ := o.(map[string]any)
		if obj["type"] != "Relationship" {
			continue
		}
		if from, ok := obj["from"].(string); ok {
			related[from] = true
		}
		tos, _ := obj["to"].([]any)
		for _, t := range tos {
			if s, ok := t.(string); ok {
				related[s] = true
			}
		}
	}
	var out []ntiaGap
	for i, o := range graph {
		obj, _ := o.(map[string]any)
		path := fmt.Sprintf("/@graph/%d", i)
		switch obj["type"] {
		case "CreationInfo":
			if by, _ := obj["createdBy"].([]any); len(by) == 0 {
				out = append(out, ntiaGap{path + "/createdBy", "", "NTIA minimum elements missing: the SBOM's author"})
			}
		case "software_Package":
			id, _ := obj["spdxId"].(string)
			var missing []string
			if s, _ := obj["suppliedBy"].(string); s == "" {
				missing = append(missing, "supplier")
			}
			if v, _ := obj["software_packageVersion"].(string); v == "" {
				missing = append(missing, "version")
			}
			if !hasIdentifier(obj) {
				missing = append(missing, "a unique identifier (PURL, CPE or SWID)")
			}
			if !related[id] {
				missing = append(missing, "a dependency relationship")
			}
			if len(missing) > 0 {
				out = append(out, ntiaGap{path, id, "NTIA minimum elements missing: " + strings.Join(missing, ", ")})
			}
		}
	}
	return out
}

func hasIdentifier(pkg map[string]any) bool {
	if u, _ := pkg["software_packageUrl"].(string); u != "" {
		return true
	}
	ids, _ := pkg["externalIdentifier"].([]any)
	for _, x := range ids {
		e, _ := x.(map[string]any)
		switch e["externalIdentifierType"] {
		case "packageUrl", "cpe22", "cpe23", "swid":
			return true
		}
	}
	return false
}
