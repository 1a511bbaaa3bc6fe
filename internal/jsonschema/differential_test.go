package jsonschema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func readInstance(t testing.TB, file string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// TestInstancesAreValid: the documents meant for a schema are valid, or the
// CPython ones are invalid the same way for both implementations.
func TestInstancesAreValid(t *testing.T) {
	for _, set := range schemaSets {
		ours, _ := compile(t, set)
		for _, file := range set.instances {
			if strings.Contains(file, "/testdata/instances/") || strings.HasPrefix(file, "testdata/instances/") {
				if errs := ours.Validate(readInstance(t, file)); errs != nil {
					t.Errorf("%s against %s: %v", file, set.name, errs)
				}
			}
		}
	}
}

// TestDifferentialDocuments validates every document against every schema
// with both implementations.
func TestDifferentialDocuments(t *testing.T) {
	docs := map[string]any{}
	for _, set := range schemaSets {
		for _, file := range set.instances {
			if docs[file] == nil {
				docs[file] = readInstance(t, file)
			}
		}
	}
	for _, set := range schemaSets {
		ours, theirs := compile(t, set)
		for _, file := range sortedKeys(docs) {
			compareWithOracle(t, set.name+" "+file, ours, theirs, docs[file])
		}
	}
}

// TestDifferentialMutations: systematic mutations of each document (the
// arrays of the large ones cut to a few items) against the schema it is
// meant for.
func TestDifferentialMutations(t *testing.T) {
	for _, set := range schemaSets {
		ours, theirs := compile(t, set)
		for _, file := range set.instances {
			if testing.Short() && strings.Contains(file, "Python-3.13.5.tgz") {
				continue
			}
			doc := readInstance(t, file)
			if st, err := os.Stat(file); err == nil && st.Size() > 30000 {
				doc = shrink(doc, 3)
			}
			ms := mutations(doc)
			if len(ms) < 20 {
				t.Fatalf("%s: only %d mutations", file, len(ms))
			}
			invalid := 0
			for _, m := range ms {
				compareWithOracle(t, set.name+" "+filepath.Base(file)+" "+m.desc, ours, theirs, m.doc)
				if !ours.Valid(m.doc) {
					invalid++
				}
				if t.Failed() && testing.Verbose() {
					return
				}
			}
			t.Logf("%s %s: %d mutations, %d invalid", set.name, filepath.Base(file), len(ms), invalid)
		}
	}
}

// shrink cuts every array to its first n items.
func shrink(v any, n int) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = shrink(e, n)
		}
		return out
	case []any:
		out := make([]any, 0, min(n, len(x)))
		for _, e := range x[:min(n, len(x))] {
			out = append(out, shrink(e, n))
		}
		return out
	}
	return v
}

type mutation struct {
	desc string
	doc  any
}

// mutations lists the documents that differ from doc in one place: each
// member deleted, each value replaced by one of another type, strings
// emptied or made into nonsense, dates and URIs broken, numbers made
// negative or fractional, an unknown member added to each object, and
// arrays emptied or given a duplicate.
func mutations(doc any) []mutation {
	var out []mutation
	var walk func(v any, path []any)
	walk = func(v any, path []any) {
		at := pointerString(path)
		set := func(desc string, nv any) {
			out = append(out, mutation{at + " " + desc, replaceAt(doc, path, nv, false)})
		}
		if len(path) > 0 {
			if _, isKey := path[len(path)-1].(string); isKey {
				out = append(out, mutation{at + " deleted", replaceAt(doc, path, nil, true)})
			}
		}
		switch x := v.(type) {
		case map[string]any:
			set("as an array", []any{})
			withExtra := make(map[string]any, len(x)+1)
			for k, e := range x {
				withExtra[k] = e
			}
			withExtra["zzUnknownMember"] = true
			set("with an unknown member", withExtra)
			for _, k := range sortedKeys(x) {
				walk(x[k], append(path[:len(path):len(path)], k))
			}
		case []any:
			set("as an object", map[string]any{})
			set("emptied", []any{})
			if len(x) > 0 {
				set("with a duplicate", append(x[:len(x):len(x)], x[0]))
			}
			for i, e := range x {
				walk(e, append(path[:len(path):len(path)], i))
			}
		case string:
			set("as a number", json.Number("42"))
			set("emptied", "")
			set("as nonsense", "NOT-a-valid value \u00e9")
			if strings.Contains(x, "T") && strings.Count(x, ":") >= 2 {
				set("as an impossible time", "2023-02-29T24:00:00Z")
				set("as a leap second", x[:min(len(x), 11)]+"23:59:60Z")
			}
			if strings.Contains(x, "://") {
				set("as a broken URI", "http://[::1/x")
				set("as a relative reference", "../x y")
			}
		case json.Number:
			set("as a string", string(x))
			set("negative", json.Number("-1"))
			set("fractional", json.Number("1.5"))
			set("as an exponent", json.Number("1e2"))
		case bool:
			set("as a string", strconv.FormatBool(x))
			set("negated", !x)
		case nil:
			set("as false", false)
		}
		if v != nil {
			set("as null", nil)
		}
	}
	walk(doc, nil)
	return out
}

func pointerString(path []any) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteString("/" + escapeToken(fmt.Sprint(p)))
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// replaceAt copies doc along path (sharing the rest) with the value there
// replaced by nv, or deleted.
func replaceAt(doc any, path []any, nv any, del bool) any {
	if len(path) == 0 {
		return nv
	}
	switch x := doc.(type) {
	case map[string]any:
		k := path[0].(string)
		out := make(map[string]any, len(x))
		for a, b := range x {
			out[a] = b
		}
		if len(path) == 1 && del {
			delete(out, k)
		} else {
			out[k] = replaceAt(x[k], path[1:], nv, del)
		}
		return out
	case []any:
		i := path[0].(int)
		out := append([]any(nil), x...)
		out[i] = replaceAt(x[i], path[1:], nv, del)
		return out
	}
	panic("bad path")
}

// TestHugeExponents: numbers the oracle cannot take (see oracleCanTake)
// are quick here, and compare right.
func TestHugeExponents(t *testing.T) {
	var cdx schemaSet
	for _, set := range schemaSets {
		if set.name == "cyclonedx-1.6" {
			cdx = set
		}
	}
	ours, _ := compile(t, cdx)
	for _, tc := range []struct {
		version string
		valid   bool
	}{
		{"1e999999999", true}, {"1E+999999999999999999999", true}, {"1e-999999999", false},
		{"-1e999999999", false}, {"15e-1", false}, {"100e-2", true}, {"0.5e1", true}, {"0.05e1", false},
	} {
		doc := map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": json.Number(tc.version)}
		if got := ours.Validate(doc); (got == nil) != tc.valid {
			t.Errorf("version %s: valid=%v, got %v", tc.version, tc.valid, got)
		}
	}
}

// TestOracleQuirks pins the two known differences (see onlyOracleQuirks):
// here the strict reading, in the oracle the lenient one.
func TestOracleQuirks(t *testing.T) {
	for _, tc := range []struct{ format, value string }{
		{"date-time", "2024-01-01T+1:00:00Z"},
		{"date-time", "2024-01-01T01:00:00++1:00"},
		{"email", "@example.org"},
	} {
		doc := []byte(`{"$schema": "http://json-schema.org/draft-07/schema#", "format": "` + tc.format + `"}`)
		c := NewCompiler()
		if err := c.AddResource("http://example.invalid/s", doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("http://example.invalid/s")
		if err != nil {
			t.Fatal(err)
		}
		_, theirs, err := compileOne(doc)
		if err != nil {
			t.Fatal(err)
		}
		if s.Valid(tc.value) || theirs.Validate(tc.value) != nil {
			t.Errorf("%s %q: ours valid=%v, oracle valid=%v; want false, true", tc.format, tc.value, s.Valid(tc.value), theirs.Validate(tc.value) == nil)
		}
		if !onlyOracleQuirks(tc.value, []string{""}, nil) {
			t.Errorf("%q is not recognised as an oracle quirk", tc.value)
		}
	}
}
