package validate

import (
	"fmt"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/cyclonedx"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// RuleSerial is the CycloneDX serialNumber form (urn:uuid:...).
const RuleSerial = "serial-number"

// cdxSchemas compiles each CycloneDX version's schema at its first use.
type cdxSchemas struct {
	mu sync.Mutex
	m  map[string]*jsonschema.Schema
}

var cdxCompiled = &cdxSchemas{m: map[string]*jsonschema.Schema{}}

func (c *cdxSchemas) get(v string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[v]; ok {
		return s, nil
	}
	root, docs, err := cyclonedx.Schemas(v)
	if err != nil {
		return nil, err
	}
	comp := jsonschema.NewCompiler()
	for uri, b := range docs {
		if err := comp.AddResource(uri, b); err != nil {
			return nil, fmt.Errorf("embedded CycloneDX %s schema %s: %w", v, uri, err)
		}
	}
	s, err := comp.Compile(root)
	if err != nil {
		return nil, fmt.Errorf("compiling the embedded CycloneDX %s schema: %w", v, err)
	}
	c.m[v] = s
	return s, nil
}

// cdxRule maps cyclonedx.Check's rules onto the rule IDs SPDX validation
// uses for the same kind of finding, so that users and SARIF consumers see one
// vocabulary whatever the format.
var cdxRule = map[string]string{
	cyclonedx.RuleJSON:       RuleSchema,
	cyclonedx.RuleUniqueRef:  RuleUniqueID,
	cyclonedx.RuleDependency: RuleRelation,
	cyclonedx.RuleHash:       RuleChecksum,
	cyclonedx.RulePURL:       RulePURL,
	cyclonedx.RuleCPE:        RuleCPE,
	cyclonedx.RuleLicense:    RuleLicenseExpr,
	cyclonedx.RuleSerial:     RuleSerial,
	cyclonedx.RuleTimestamp:  RuleTimestamp,
	cyclonedx.RuleNTIA:       RuleNTIA,
}

// CycloneDX validates a CycloneDX 1.5, 1.6 or 1.7 JSON document: the official
// schema of the version it declares (formats asserted), then the semantic
// rules and NTIA minimum elements of cyclonedx.Check. name is used in
// findings; the error is for input that is not JSON at all.
func CycloneDX(name string, data []byte, opts Options) ([]rules.Finding, error) {
	inst, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	text := textFindings(name, data)
	fs, err := cycloneDX(name, data, inst, opts)
	if err != nil {
		return nil, err
	}
	return append(text, fs...), nil
}

// cycloneDX is CycloneDX for data already decoded into inst.
func cycloneDX(name string, data []byte, inst any, opts Options) ([]rules.Finding, error) {
	var out []rules.Finding
	add := func(sev rules.Severity, rule, path, id, msg string) {
		out = append(out, finding(name, sev, rule, path, id, msg))
	}
	root, _ := inst.(map[string]any)
	v, _ := root["specVersion"].(string)
	sch, err := cdxCompiled.get(v)
	if err != nil {
		add(rules.Error, RuleSchema, "/specVersion", "", err.Error())
		return out, nil
	}
	schemaAt := map[string]bool{}
	for _, e := range schemaErrors(sch, inst, false) {
		add(rules.Error, RuleSchema, e.path, "", e.msg)
		schemaAt[e.path] = true
	}
	for _, is := range cyclonedx.Check(data) {
		// Some of Check's rules (serial number, timestamp form) repeat
		// what the schema says of the same member: one finding is enough.
		if schemaAt[is.Path] && is.Rule != cyclonedx.RuleNTIA {
			continue
		}
		sev := rules.Error
		if is.Rule == cyclonedx.RuleNTIA && !opts.NTIA {
			sev = rules.Warning
		}
		rule := cdxRule[is.Rule]
		if rule == "" {
			rule = is.Rule
		}
		path := is.Path
		if path == "" {
			path = "/"
		}
		add(sev, rule, path, is.Ref, is.Message)
	}
	return out, nil
}
