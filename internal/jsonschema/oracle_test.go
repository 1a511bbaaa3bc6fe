package jsonschema

// The differential tests compare this package with
// github.com/santhosh-tekuri/jsonschema/v6, "the oracle", which only the
// tests import. The oracle reports a tree of errors; oracleLeaves reduces
// it to the errors this package reports, by the same rules (see the package
// comment): leaves only, one alternative or one error for an anyOf or oneOf
// that nothing matched, and no unevaluatedProperties errors beside a failed
// in-place subschema. What is compared is the verdict and the set of
// instance paths.

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dlclark/regexp2"
	oracle "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// schemaSet is a schema to test, the documents it needs and the instances
// meant for it.
type schemaSet struct {
	name      string
	root      string            // the URI to compile
	files     map[string]string // URI → file
	instances []string
}

var (
	cpythonSBOMs = []string{
		"../../testdata/cpython-3.12/sbom-3.12.spdx.json",
		"../../testdata/cpython-3.12/expected.spdx.json",
		"../../testdata/cpython-3.12/expected-debundled.spdx.json",
		"../../testdata/release-tools/python-3.13.5-amd64.exe.spdx.json",
		"../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json",
		"../../testdata/release-tools/Python-3.13.5.tgz.spdx.json",
		"../../sbom.spdx.json",
	}
	spdx2Instances = append([]string{"testdata/instances/SPDXJSONExample-v2.3.spdx.json"}, cpythonSBOMs...)
	cdxFiles       = map[string]string{
		"http://cyclonedx.org/schema/spdx.schema.json":     "testdata/schemas/cyclonedx-1.6.2/spdx.schema.json",
		"http://cyclonedx.org/schema/jsf-0.82.schema.json": "testdata/schemas/cyclonedx-1.6.2/jsf-0.82.schema.json",
	}
)

var schemaSets = []schemaSet{
	{
		name:      "spdx-2.3",
		root:      "http://spdx.org/rdf/terms/2.3",
		files:     map[string]string{"http://spdx.org/rdf/terms/2.3": "../validate/schemas/spdx-schema.v2.3.json"},
		instances: spdx2Instances,
	},
	{
		name:      "spdx-2.3.1",
		root:      "http://spdx.org/rdf/terms/2.3",
		files:     map[string]string{"http://spdx.org/rdf/terms/2.3": "../validate/schemas/spdx-schema.support-2.3.1.json"},
		instances: spdx2Instances,
	},
	{
		name:      "cyclonedx-1.6",
		root:      "http://cyclonedx.org/schema/bom-1.6.schema.json",
		files:     with(cdxFiles, "http://cyclonedx.org/schema/bom-1.6.schema.json", "testdata/schemas/cyclonedx-1.6.2/bom-1.6.schema.json"),
		instances: []string{"testdata/instances/cyclonedx-1.6.json"},
	},
	{
		name:      "cyclonedx-1.5",
		root:      "http://cyclonedx.org/schema/bom-1.5.schema.json",
		files:     with(cdxFiles, "http://cyclonedx.org/schema/bom-1.5.schema.json", "testdata/schemas/cyclonedx-1.6.2/bom-1.5.schema.json"),
		instances: []string{"testdata/instances/cyclonedx-1.5.json"},
	},
	{
		name:      "spdx-3.0.1",
		root:      "https://spdx.org/schema/3.0.1/spdx-json-schema.json",
		files:     map[string]string{"https://spdx.org/schema/3.0.1/spdx-json-schema.json": "testdata/schemas/spdx-3.0.1/spdx-json-schema.json"},
		instances: []string{"testdata/instances/spdx-3.0.1.json"},
	},
	{
		// The 1.7 schema files are the ones internal/cyclonedx embeds; its
		// license list has the same $id as 1.6's, so the set is its own.
		name: "cyclonedx-1.7",
		root: "http://cyclonedx.org/schema/bom-1.7.schema.json",
		files: map[string]string{
			"http://cyclonedx.org/schema/bom-1.7.schema.json":           "../cyclonedx/schemas/bom-1.7.schema.json",
			"http://cyclonedx.org/schema/spdx.schema.json":              "../cyclonedx/schemas/spdx-1.7.schema.json",
			"http://cyclonedx.org/schema/jsf-0.82.schema.json":          "../cyclonedx/schemas/jsf-0.82.schema.json",
			"http://cyclonedx.org/schema/cryptography-defs.schema.json": "../cyclonedx/schemas/cryptography-defs.schema.json",
		},
		instances: []string{
			"../cyclonedx/testdata/cdx17/syft-1.7.cdx.json",
			"../cyclonedx/testdata/cdx17/cdxgen-1.7.cdx.json",
			"../cyclonedx/testdata/cdx17/new-fields-1.7.cdx.json",
		},
	},
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

type compiledSet struct {
	ours   *Schema
	oracle *oracle.Schema
	err    error
}

var (
	compiledMu   sync.Mutex
	compiledSets = map[string]*compiledSet{}
)

// compile compiles a set with both implementations, once per test binary.
func compile(t testing.TB, set schemaSet) (*Schema, *oracle.Schema) {
	t.Helper()
	compiledMu.Lock()
	defer compiledMu.Unlock()
	cs := compiledSets[set.name]
	if cs == nil {
		cs = &compiledSet{}
		cs.ours, cs.oracle, cs.err = compileBoth(set)
		compiledSets[set.name] = cs
	}
	if cs.err != nil {
		t.Fatalf("%s: %v", set.name, cs.err)
	}
	return cs.ours, cs.oracle
}

func compileBoth(set schemaSet) (*Schema, *oracle.Schema, error) {
	c := NewCompiler()
	oc := oracle.NewCompiler()
	oc.UseRegexpEngine(oracleRegexp)
	for _, uri := range sortedKeys(set.files) {
		data, err := os.ReadFile(filepath.FromSlash(set.files[uri]))
		if err != nil {
			return nil, nil, err
		}
		if err := c.AddResource(uri, data); err != nil {
			return nil, nil, err
		}
		doc, err := Decode(data)
		if err != nil {
			return nil, nil, err
		}
		if err := oc.AddResource(uri, doc); err != nil {
			return nil, nil, err
		}
	}
	ours, err := c.Compile(set.root)
	if err != nil {
		return nil, nil, err
	}
	theirs, err := oc.Compile(set.root)
	if err != nil {
		return nil, nil, err
	}
	return ours, theirs, nil
}

// compileOne compiles a single schema document with both.
func compileOne(doc []byte) (*Schema, *oracle.Schema, error) {
	dir, err := os.MkdirTemp("", "schema")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "s.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		return nil, nil, err
	}
	return compileBoth(schemaSet{root: "http://example.invalid/s", files: map[string]string{"http://example.invalid/s": file}})
}

// oracleRegexp gives the oracle Go's regexps, like its default, and an
// ECMA-262 engine for the patterns Go cannot compile (the SPDX 3 schema's
// look-ahead), which its default would refuse.
func oracleRegexp(src string) (oracle.Regexp, error) {
	if re, err := regexp.Compile(src); err == nil {
		return re, nil
	}
	re, err := regexp2.Compile(src, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecmaRegexp{re}, nil
}

type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) String() string { return r.re.String() }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

// leaf is an error reduced to what is compared.
type leaf struct {
	path     string
	mismatch bool // type, const or enum failed at path
}

// oracleLeaves reduces the oracle's result by this package's rules.
func oracleLeaves(err error) []leaf {
	var ve *oracle.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	return leavesOf(ve)
}

func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + escapeToken(t))
	}
	return b.String()
}

func leavesOf(e *oracle.ValidationError) []leaf {
	here := pointerOf(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Schema:
		return groupLeaves(k.Location, e)
	case *kind.Group:
		return groupLeaves(e.SchemaURL, e)
	case *kind.Reference:
		return groupLeaves(k.URL, e)
	case *kind.AllOf:
		var out []leaf
		for _, c := range e.Causes {
			out = append(out, leavesOf(c)...)
		}
		return out
	case *kind.AnyOf:
		return noneLeaves(here, e.Causes)
	case *kind.OneOf:
		if k.Subschemas != nil {
			return []leaf{{path: here}}
		}
		return noneLeaves(here, e.Causes)
	case *kind.Type, *kind.Const, *kind.Enum:
		return []leaf{{path: here, mismatch: true}}
	case *kind.AdditionalProperties:
		var out []leaf
		for _, p := range k.Properties {
			out = append(out, leaf{path: here + "/" + escapeToken(p)})
		}
		return out
	}
	return []leaf{{path: here}}
}

// groupLeaves: the errors of one schema object, at loc.
func groupLeaves(loc string, e *oracle.ValidationError) []leaf {
	here := len(e.InstanceLocation)
	inPlaceFailed := false
	for _, c := range e.Causes {
		// $ref, allOf, anyOf and oneOf wrap their errors in one of their
		// own; then, else and dependentSchemas do not, but their errors
		// come from schemas under them.
		switch c.ErrorKind.(type) {
		case *kind.Reference, *kind.AllOf, *kind.AnyOf, *kind.OneOf:
			if len(c.InstanceLocation) == here {
				inPlaceFailed = true
			}
		}
		for _, kw := range []string{"/then", "/else", "/dependentSchemas"} {
			if c.SchemaURL == loc+kw || strings.HasPrefix(c.SchemaURL, loc+kw+"/") {
				inPlaceFailed = true
			}
		}
	}
	var out []leaf
	for _, c := range e.Causes {
		if inPlaceFailed && (c.SchemaURL == loc+"/unevaluatedProperties" || c.SchemaURL == loc+"/unevaluatedItems") {
			continue
		}
		out = append(out, leavesOf(c)...)
	}
	return out
}

func noneLeaves(here string, causes []*oracle.ValidationError) []leaf {
	branches := make([][]leaf, len(causes))
	var candidates []int
	for i, c := range causes {
		branches[i] = leavesOf(c)
		if !slices.ContainsFunc(branches[i], func(l leaf) bool { return l.mismatch && l.path == here }) {
			candidates = append(candidates, i)
		}
	}
	switch {
	case len(branches) == 1:
		return branches[0]
	case len(candidates) == 1:
		return branches[candidates[0]]
	}
	return []leaf{{path: here, mismatch: len(candidates) == 0}}
}

// pathSet is the sorted, distinct instance paths.
func pathSet[T any](xs []T, path func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, path(x))
	}
	slices.SortFunc(out, comparePointers)
	return slices.Compact(out)
}

// compareWithOracle validates v with both and reports any difference.
func compareWithOracle(t testing.TB, name string, ours *Schema, theirs *oracle.Schema, v any) {
	t.Helper()
	errs := ours.Validate(v)
	oerr := theirs.Validate(v)
	got := pathSet(errs, func(e Error) string { return e.InstancePath })
	want := pathSet(oracleLeaves(oerr), func(l leaf) string { return l.path })
	if (len(errs) == 0) != ours.Valid(v) {
		t.Errorf("%s: Validate gives %v, but Valid %v", name, errs, ours.Valid(v))
	}
	if !slices.Equal(got, want) && onlyOracleQuirks(v, got, want) {
		return
	}
	if (len(errs) == 0) != (oerr == nil) {
		t.Errorf("%s: verdicts differ: ours %v, oracle %v", name, errs, oerr)
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: failing paths differ:\nours   %q\noracle %q\nour errors: %v\noracle: %v", name, got, want, errs, oerr)
	}
}

// onlyOracleQuirks reports whether the paths only one side fails at all
// hold strings the oracle's format checks get wrong:
//
//   - a date-time with '+' in a digit of its time ("2024-01-01T+1:00:00Z"):
//     the oracle reads the fields with strconv.Atoi, which takes a sign;
//     RFC 3339 wants two digits;
//   - an email address with an empty local part ("@example.org"), which
//     RFC 5321 does not allow and the oracle does.
//
// Neither format is one the embedded schemas use on these forms; the fuzz
// target can produce them.
func onlyOracleQuirks(v any, ours, theirs []string) bool {
	diff := 0
	for _, p := range slices.Concat(ours, theirs) {
		if slices.Contains(ours, p) && slices.Contains(theirs, p) {
			continue
		}
		diff++
		x, ok := pointerValue(v, p)
		s, isStr := x.(string)
		if !ok || !isStr {
			return false
		}
		dateTimeQuirk := len(s) > 11 && strings.Contains(s[11:], "+") && !isDateTime(s)
		if !dateTimeQuirk && !strings.HasPrefix(s, "@") {
			return false
		}
	}
	return diff > 0
}
