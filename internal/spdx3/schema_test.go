package spdx3

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official SPDX 3.0.1 JSON schema (schema/SOURCES.md says where it comes
// from), compiled here with santhosh-tekuri/jsonschema, an independent
// validator: internal/validate checks the same schema with our own.
const schemaFile = "schema/spdx-json-schema.json"

// iriPattern is the one pattern of the schema Go's regexp cannot compile,
// `^(?!_:).+:.+` (IRI: anything with a colon that is not a blank node),
// written without the lookahead.
type iriPattern struct{}

var anyColon = regexp.MustCompile(`^.+:.+`)

func (iriPattern) MatchString(s string) bool {
	return !strings.HasPrefix(s, "_:") && anyColon.MatchString(s)
}
func (iriPattern) String() string { return `^(?!_:).+:.+` }

func compileRegexp(s string) (jsonschema.Regexp, error) {
	if s == (iriPattern{}).String() {
		return iriPattern{}, nil
	}
	return regexp.Compile(s)
}

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(compileRegexp)
	if err := c.AddResource("spdx-json-schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("spdx-json-schema.json")
})

// schemaValid fails the test unless data validates against the SPDX 3.0.1
// JSON schema.
func schemaValid(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := validateSchema(data); err != nil {
		t.Errorf("%s: not valid under the SPDX 3.0.1 JSON schema:\n%v", name, err)
	}
}

func validateSchema(data []byte) error {
	s, err := schema()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func TestIRIPattern(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a#b": true, "urn:x:y": true, "a:b": true,
		"_:creationinfo": false, "noColon": false, ":x": false, "x:": false,
	} {
		if got := (iriPattern{}).MatchString(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

// The schema test is only worth something if the schema rejects what it
// should; these are mistakes other SPDX 3 writers make.
func TestSchemaRejects(t *testing.T) {
	good := convertFile(t, "../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json", Options{})
	for _, tc := range []struct{ name, old, new string }{
		{"2.3 relationship name", `"relationshipType": "dependsOn"`, `"relationshipType": "DEPENDS_ON"`},
		{"generatedFrom is not 3.0.1", `"relationshipType": "dependsOn"`, `"relationshipType": "generatedFrom"`},
		{"purl is no ExternalIdentifierType", `"externalIdentifierType": "packageUrl"`, `"externalIdentifierType": "purl"`},
		{"upper-case hash algorithm", `"algorithm": "sha256"`, `"algorithm": "SHA256"`},
		{"created with fraction", `"created": "2026-11-23T16:14:52Z"`, `"created": "2026-11-23T16:14:52.5Z"`},
		{"SimpleLicensing individual", `"expandedlicensing_NoAssertionLicense"`, `"simplelicensing_NoAssertionLicense"`},
		{"element without creationInfo", `"creationInfo": "_:creationinfo",`, ``},
		{"wrong context", Context, "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := bytes.Replace(good, []byte(tc.old), []byte(tc.new), 1)
			if bytes.Equal(bad, good) {
				t.Fatalf("%q is not in the output", tc.old)
			}
			if validateSchema(bad) == nil {
				t.Errorf("the schema accepts it")
			}
		})
	}
}
