package cyclonedx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// releaseTools is the repository's directory of CPython 3.13.5 artifact SBOMs.
var releaseTools = filepath.Join("..", "..", "testdata", "release-tools")

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseSPDX(t testing.TB, data []byte) *spdx.Document {
	t.Helper()
	doc, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func normalized(t testing.TB, doc *spdx.Document) []byte {
	t.Helper()
	// MarshalNormalized sorts lists in Extra values in place: work on a copy.
	text, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := spdx.MarshalNormalized(parseSPDX(t, text))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cdxSchemas compiles the official schemas with santhosh-tekuri/jsonschema,
// one compiler per version: 1.7's license list has the same $id as 1.6's.
var cdxSchemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	out := map[string]*jsonschema.Schema{}
	for _, v := range schemaVersions {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		root, docs, err := Schemas(v)
		if err != nil {
			return nil, err
		}
		for uri, data := range docs {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", uri, err)
			}
			if err := c.AddResource(uri, doc); err != nil {
				return nil, err
			}
		}
		s, err := c.Compile(root)
		if err != nil {
			return nil, fmt.Errorf("CycloneDX %s: %w", v, err)
		}
		out[v] = s
	}
	return out, nil
})

// validateCDX checks a BOM against the official CycloneDX schema of its
// version, formats asserted.
func validateCDX(t testing.TB, version string, bom []byte) {
	t.Helper()
	schemas, err := cdxSchemas()
	if err != nil {
		t.Fatalf("compiling the CycloneDX schemas: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bom))
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas[version].Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			var msgs []string
			for _, u := range ve.BasicOutput().Errors {
				if u.Error != nil {
					msgs = append(msgs, u.InstanceLocation+": "+u.Error.String())
				}
			}
			if len(msgs) > 20 {
				msgs = msgs[:20]
			}
			t.Fatalf("not valid CycloneDX %s:\n%s", version, strings.Join(msgs, "\n"))
		}
		t.Fatal(err)
	}
}

func lossStrings(ls []Loss) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.String()
	}
	return out
}
