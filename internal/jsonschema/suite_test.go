package jsonschema

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSuite runs the official JSON-Schema-Test-Suite when
// JSON_SCHEMA_TEST_SUITE names a checkout of it (it is not vendored). The
// files and cases listed in suiteSkips use what this package deliberately
// leaves out.
func TestSuite(t *testing.T) {
	dir := os.Getenv("JSON_SCHEMA_TEST_SUITE")
	if dir == "" {
		t.Skip("JSON_SCHEMA_TEST_SUITE is not set")
	}
	remotes := map[string][]byte{}
	filepath.WalkDir(filepath.Join(dir, "remotes"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, _ := filepath.Rel(filepath.Join(dir, "remotes"), p)
			data, _ := os.ReadFile(p)
			remotes["http://localhost:1234/"+filepath.ToSlash(rel)] = data
		}
		return nil
	})
	drafts := map[string]string{
		"draft7":       "http://json-schema.org/draft-07/schema#",
		"draft2019-09": "https://json-schema.org/draft/2019-09/schema",
		"draft2020-12": "https://json-schema.org/draft/2020-12/schema",
	}
	for name, metaschema := range drafts {
		files, _ := filepath.Glob(filepath.Join(dir, "tests", name, "*.json"))
		formats, _ := filepath.Glob(filepath.Join(dir, "tests", name, "optional", "format", "*.json"))
		if name == "draft7" {
			files = append(files, formats...)
		}
		for _, file := range files {
			base := strings.TrimSuffix(filepath.Base(file), ".json")
			if slices.Contains(suiteSkips, name+"/"+base) || slices.Contains(suiteSkips, base) {
				continue
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var groups []struct {
				Description string
				Schema      json.RawMessage
				Tests       []struct {
					Description string
					Data        json.RawMessage
					Valid       bool
				}
			}
			if err := json.Unmarshal(data, &groups); err != nil {
				t.Fatal(err)
			}
			for _, g := range groups {
				gname := name + "/" + base + "/" + g.Description
				if slices.Contains(suiteSkips, gname) {
					continue
				}
				c := NewCompiler()
				for uri, doc := range remotes {
					c.AddResource(uri, withSchema(doc, metaschema)) // some are for other drafts
				}
				schemaDoc := withSchema(g.Schema, metaschema)
				if err := c.AddResource("http://test.invalid/schema.json", schemaDoc); err != nil {
					t.Errorf("%s: %v", gname, err)
					continue
				}
				s, err := c.Compile("http://test.invalid/schema.json")
				if err != nil {
					t.Errorf("%s: %v", gname, err)
					continue
				}
				for _, tc := range g.Tests {
					if lenientFormats[base] && (!tc.Valid || strings.Contains(tc.Description, "IPvFuture")) {
						continue
					}
					v, err := Decode(tc.Data)
					if err != nil {
						t.Fatal(err)
					}
					errs := s.Validate(v)
					if (len(errs) == 0) != tc.Valid || s.Valid(v) != tc.Valid {
						t.Errorf("%s / %s: want valid=%v, got %v", gname, tc.Description, tc.Valid, errs)
					}
				}
			}
		}
	}
}

// suiteSkips: what the package leaves out on purpose: $dynamicRef,
// $recursiveRef and vocabularies, the metaschemas (not embedded, so a $ref
// to one is refused), and the formats it does not assert.
var suiteSkips = []string{
	"dynamicRef", "recursiveRef", "vocabulary",
	"draft7/definitions/validate definition against metaschema",
	"draft7/ref/remote ref, containing refs itself",
	"draft2019-09/defs/validate definition against metaschema",
	"draft2019-09/ref/remote ref, containing refs itself",
	"draft2020-12/defs/validate definition against metaschema",
	"draft2020-12/ref/remote ref, containing refs itself",
	"draft2019-09/unevaluatedItems/unevaluatedItems with $recursiveRef",
	"draft2019-09/unevaluatedProperties/unevaluatedProperties with $recursiveRef",
	"draft2020-12/unevaluatedItems/unevaluatedItems with $dynamicRef",
	"draft2020-12/unevaluatedProperties/unevaluatedProperties with $dynamicRef",
	"idn-email", "idn-hostname", "json-pointer", "relative-json-pointer", "regex", "uri-template",
	"ecmascript-regex", "unknown",
}

// lenientFormats are checked as the reference implementation the
// differential tests compare with checks them: URIs by Go's URL parser,
// which takes characters RFC 3986 does not, and host names without
// Punycode rules. Only the suite's valid cases apply to them.
var lenientFormats = map[string]bool{"uri": true, "uri-reference": true, "iri": true, "iri-reference": true, "hostname": true}

// withSchema adds "$schema" to a schema object that has none: the suite's
// files are per draft and leave it out.
func withSchema(doc []byte, metaschema string) []byte {
	var probe any
	json.Unmarshal(doc, &probe)
	if m, ok := probe.(map[string]any); ok {
		if _, has := m["$schema"]; !has {
			m["$schema"] = metaschema
			doc, _ = json.Marshal(m)
		}
	}
	return doc
}
