package spdx

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// The typed decoder and writer (decode.go, encode.go) must give exactly what
// the generic path gives: Decode, fromGeneric and the shape checks for
// reading, toGeneric and writeValue for writing. These tests hold them to it.

// parseGeneric is ParseLenient as Parse was before the typed decoder: the
// oracle.
func parseGeneric(data []byte) (*Document, error) {
	if err := checkEnvelope(data); err != nil {
		return nil, err
	}
	d, err := decodeGeneric(data)
	if err != nil {
		return nil, err
	}
	return checkShape(d)
}

// marshalGeneric is Marshal of a Document as it was before the typed writer.
func marshalGeneric(d *Document) ([]byte, error) {
	var b bytes.Buffer
	if err := writeValue(&b, toGeneric(d), 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// compareWithGeneric fails t unless ParseLenient and Marshal agree with the
// generic path on data, and Parse with ParseLenient but for jsonscan's
// issues. It reports whether the typed decoder read data itself.
func compareWithGeneric(t testing.TB, name string, data []byte) (typed bool) {
	t.Helper()
	want, wantErr := parseGeneric(data)
	got, gotErr := ParseLenient(data)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s: ParseLenient error %v, generic path %v\ninput: %.300q", name, gotErr, wantErr, data)
	}
	strict, strictErr := Parse(data)
	var scanErr error
	if checkEnvelope(data) == nil {
		scanErr = jsonscan.Check(data)
	}
	switch {
	case scanErr != nil:
		if strictErr == nil || strictErr.Error() != scanErr.Error() {
			t.Fatalf("%s: Parse error %v, want the scanner's %v\ninput: %.300q", name, strictErr, scanErr, data)
		}
	case (strictErr == nil) != (gotErr == nil) || strictErr != nil && strictErr.Error() != gotErr.Error() || !reflect.DeepEqual(strict, got):
		t.Fatalf("%s: Parse gives %v, %v; ParseLenient %v, %v\ninput: %.300q", name, strict, strictErr, got, gotErr, data)
	}
	_, typed = decodeTyped(data)
	if wantErr != nil {
		return typed
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Parse differs from the generic path\n got %#v\nwant %#v\ninput: %.300q", name, got, want, data)
	}
	gotOut, gotErr := Marshal(got)
	wantOut, wantErr := marshalGeneric(want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s: Marshal error %v, generic writer %v", name, gotErr, wantErr)
	}
	if !bytes.Equal(gotOut, wantOut) {
		t.Fatalf("%s: Marshal differs from the generic writer\n got %s\nwant %s", name, gotOut, wantOut)
	}
	return typed
}

// corpus returns the SPDX documents at hand: the repository's *.spdx.json, the
// SPDX 2.3 example next to the checkout, and CPython's when the corpus is set.
func corpus(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// testdata/fuzz holds "go test fuzz v1" files, some named *.spdx.json.
		if e.IsDir() && (e.Name() == ".git" || e.Name() == "node_modules" || (e.Name() == "fuzz" && filepath.Base(filepath.Dir(path)) == "testdata")) {
			return filepath.SkipDir
		}
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".spdx.json") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			docs[path] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 5 {
		t.Fatalf("found only %d *.spdx.json in the repository", len(docs))
	}
	extra := []string{filepath.Join(root, "..", "shared", "schemas", "spdx-2.3", "SPDXJSONExample-v2.3.spdx.json")}
	if tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE"); tree != "" {
		extra = append(extra, filepath.Join(tree, "Misc", "sbom.spdx.json"), filepath.Join(tree, "Misc", "externals.spdx.json"))
	}
	for _, path := range extra {
		if data, err := os.ReadFile(path); err == nil {
			docs[path] = data
		} else {
			t.Logf("not in the corpus: %v", err)
		}
	}
	return docs
}

func TestParseMatchesGenericOnCorpus(t *testing.T) {
	for name, data := range corpus(t) {
		if !compareWithGeneric(t, name, data) {
			t.Errorf("%s: the typed decoder did not read it", name)
		}
	}
}

// TestParseMatchesGenericOnMutations replaces, one at a time, the value of every
// member of every object in the corpus with values of the wrong kind, the zero
// value, null and the like, so every field meets every misfit.
func TestParseMatchesGenericOnMutations(t *testing.T) {
	replacements := []any{nil, "", "x", "\u00e9\U0001F600", json.Number("0"), json.Number("-1.5e300"), true, false,
		[]any{}, []any{"a"}, []any{"a", json.Number("1")}, []any{map[string]any{}}, []any{nil},
		map[string]any{}, map[string]any{"algorithm": "SHA1", "k": []any{}}}
	var small [][]byte
	docs := corpus(t)
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		if data := docs[name]; len(data) < 200_000 {
			small = append(small, data)
		} else {
			t.Logf("too large to mutate: %s", name)
		}
	}
	n, typed := 0, 0
	seen := map[string]int{}
	for _, data := range small {
		tree, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		// Mutate copies of the tree: each member of each object, in turn; at
		// most twice per place in the schema (files[].checksums[].algorithm)
		// over all documents, or this takes minutes.
		var paths [][]any
		walk(tree, nil, func(path []any) {
			var sig strings.Builder
			for _, p := range path {
				if k, ok := p.(string); ok {
					sig.WriteString("." + k)
				} else {
					sig.WriteString("[]")
				}
			}
			if seen[sig.String()]++; seen[sig.String()] <= 2 {
				paths = append(paths, slices.Clone(path))
			}
		})
		for _, path := range paths {
			for _, r := range replacements {
				mutated := replace(tree, path, r)
				out, err := Marshal(mutated)
				if err != nil {
					t.Fatal(err)
				}
				if compareWithGeneric(t, fmt.Sprint(path), out) {
					typed++
				}
				n++
			}
		}
	}
	t.Logf("%d mutated documents, %d read by the typed decoder", n, typed)
	if n < 1000 || typed < n*9/10 {
		t.Errorf("only %d mutations, %d read by the typed decoder", n, typed)
	}
}

// walk calls f with the path of every member of every object in v.
func walk(v any, path []any, f func([]any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			p := append(path, k)
			f(p)
			walk(item, p, f)
		}
	case []any:
		for i, item := range v {
			walk(item, append(path, i), f)
		}
	}
}

// replace returns a copy of v with the value at path replaced by r.
func replace(v any, path []any, r any) any {
	if len(path) == 0 {
		return r
	}
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = item
		}
		k := path[0].(string)
		out[k] = replace(v[k], path[1:], r)
		return out
	case []any:
		out := slices.Clone(v)
		i := path[0].(int)
		out[i] = replace(v[i], path[1:], r)
		return out
	}
	panic("bad path")
}

// TestParseMatchesGenericOnEdgeCases covers what a generated document cannot
// hold: repeated keys, escapes, invalid UTF-8, trailing data, syntax errors.
func TestParseMatchesGenericOnEdgeCases(t *testing.T) {
	inputs := []string{
		``, ` `, `null`, `[]`, `"x"`, `{`, `}`, `{}`, ` {} `, "{}\n\n", `{} {}`, `{} x`, `{} }`, `{}}`, `{},`,
		"\ufeff{}", `{"a":1,}`, `{"a" 1}`, `{"a":}`, `{,}`, `{"a":1 "b":2}`, `{'a':1}`, `{"a":[1,]}`, `{"a":[,1]}`,
		`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":1e+}`, `{"a":-0.0E-0}`, `{"a":+1}`,
		`{"a":tru}`, `{"a":truex}`, `{"a":nul}`, `{"a":NaN}`, `{"a":Infinity}`, `{"a":1e400}`,
		`{"a":123456789012345678901234567890}`, `{"a":[1.5,-0,1e400,"\u00e9\ud83d\ude00"],"b":{"c":null}}`,
		"{\"a\":\"\t\"}", "{\"a\":\"\x7f\"}", "{\"a\":\"\xff\xfe\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"\xff\":1}",
		`{"a":"\ud800"}`, `{"a":"\ud800\u0041"}`, `{"a":"\udc00\ud800"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u00e9`,
		`{"a":"\/\b\f\n\r\t\"\\"}`, `{"n\u0061me":"x","\u0066iles":[]}`, `{"SPDX\u0049D":"SPDXRef-DOCUMENT"}`,
		`{"name":"a","name":"b"}`, `{"name":null,"name":"b"}`, `{"name":"b","name":null}`, `{"name":"b","name":""}`,
		`{"name":1,"x":2,"name":"b"}`, `{"x":1,"x":{"y":1,"y":[]}}`,
		`{"files":[],"files":null}`, `{"files":null,"files":[]}`, `{"files":[{"SPDXID":"a"}],"files":[{"SPDXID":"b","SPDXID":7}]}`,
		`{"packages":[{"name":"a","name":"b"}]}`, `{"packages":[{"name":"a","name":1}]}`, `{"packages":[{"name":1,"name":"a"}]}`,
		`{"packages":[{"filesAnalyzed":false},{"filesAnalyzed":true},{"filesAnalyzed":null},{"filesAnalyzed":"false"}]}`,
		`{"packages":[{"checksums":[{"algorithm":"SHA1"},1]}]}`, `{"packages":[{"checksums":[{"algorithm":"SHA1","algorithm":2}]}]}`,
		`{"packages":[{"packageVerificationCode":{}},{"packageVerificationCode":[]},{"packageVerificationCode":{"packageVerificationCodeExcludedFiles":["a",null]}}]}`,
		`{"creationInfo":{}}`, `{"creationInfo":null}`, `{"creationInfo":""}`, `{"creationInfo":[]}`, `{"creationInfo":{"creators":[],"created":""}}`,
		`{"files":[1]}`, `{"files":[null]}`, `{"files":[[]]}`, `{"files":{}}`, `{"files":""}`, `{"relationships":[{}],"packages":[]}`,
		`{"documentDescribes":["a","a",""],"relationships":[{"comment":"","spdxElementId":"x","extra":[]}]}`,
		`{"files":[{"fileTypes":[],"checksums":[],"licenseInfoInFiles":["a"],"x":{"a":[{"b":null}]}}]}`,
		`{"files":[ { "SPDXID" : "a" , "checksums" : [ { "algorithm" : "SHA1" } , { } ] } ] }`,
		strings.Repeat(`{"a":`, 9500) + strings.Repeat(`}`, 9500),
		strings.Repeat(`{"a":`, 10001) + strings.Repeat(`}`, 10001),
		`{"files":[{"comment":` + strings.Repeat(`[`, 9100) + strings.Repeat(`]`, 9100) + `}]}`,
	}
	for _, in := range inputs {
		compareWithGeneric(t, "edge case", []byte(in))
	}
}

// TestDecoderKnowsEveryMember builds a document in which every modelled member
// of every model type is set, by reflection over members(), so a member added
// to the model but not to the typed decoder or writer shows up here.
func TestDecoderKnowsEveryMember(t *testing.T) {
	var d Document
	fill(reflect.ValueOf(&d).Elem(), "doc")
	data, err := marshalGeneric(&d)
	if err != nil {
		t.Fatal(err)
	}
	if !compareWithGeneric(t, "every member", data) {
		t.Fatal("the typed decoder did not read it")
	}
	got, _ := Parse(data)
	var walkExtra func(v reflect.Value)
	walkExtra = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walkExtra(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walkExtra(v.Index(i))
			}
		case reflect.Struct:
			if e := v.FieldByName("Extra"); e.Len() > 0 {
				t.Errorf("%s: members read into Extra: %v", v.Type(), e.MapKeys())
			}
			for i := range v.NumField() {
				walkExtra(v.Field(i))
			}
		}
	}
	walkExtra(reflect.ValueOf(got))
}

// fill sets every modelled field of v (a model struct) to a non-zero value.
func fill(v reflect.Value, label string) {
	for _, m := range v.Addr().Interface().(object).members() {
		f := reflect.ValueOf(m.ptr).Elem()
		fillValue(f, label+"."+m.name)
	}
}

func fillValue(f reflect.Value, label string) {
	switch f.Kind() {
	case reflect.String:
		f.SetString(label)
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Pointer:
		f.Set(reflect.New(f.Type().Elem()))
		fillValue(f.Elem(), label)
	case reflect.Struct:
		fill(f, label)
	case reflect.Slice:
		f.Set(reflect.MakeSlice(f.Type(), 2, 2))
		for i := range 2 {
			fillValue(f.Index(i), fmt.Sprintf("%s[%d]", label, i))
		}
	default:
		panic(f.Type())
	}
}

// TestParseMatchesGenericOnFuzzCorpus replays the inputs FuzzRoundTrip has
// collected on this machine (go test -fuzz keeps them in GOCACHE), if any.
func TestParseMatchesGenericOnFuzzCorpus(t *testing.T) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Skip("no go command:", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "fuzz", "github.com", "sbomkeeper", "sbomkeeper", "internal", "spdx", "FuzzRoundTrip")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skip("no fuzz corpus:", err)
	}
	typed := 0
	for _, e := range entries {
		data, err := readFuzzInput(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if compareWithGeneric(t, e.Name(), data) {
			typed++
		}
	}
	t.Logf("%d fuzz inputs, %d read by the typed decoder", len(entries), typed)
}

// readFuzzInput reads a one-value "go test fuzz v1" file holding a []byte.
func readFuzzInput(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "[]byte(") || !strings.HasSuffix(lines[1], ")") {
		return nil, fmt.Errorf("%s: not a one-value []byte fuzz input", path)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	return []byte(s), err
}

// Issue 12, items 8 and 12: depth no SBOM has, and data after the document.
func TestParseRefusesDeepNestingAndTrailingData(t *testing.T) {
	doc := `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "name": "[not a bracket]"}`
	if _, err := Parse([]byte(doc + "\n")); err != nil {
		t.Fatalf("a plain document: %v", err)
	}
	for _, tc := range []struct{ name, data, want string }{
		{"garbage after", doc + "\n]} garbage", "line 2: data after the top-level JSON value"},
		{"brackets after", doc + "]]]xyz", "line 1: data after the top-level JSON value"},
		{"a second document", doc + doc, "data after the top-level JSON value"},
		{"deep", `{"x": ` + strings.Repeat("[", 9500) + strings.Repeat("]", 9500) + "}", "nest more than 256 deep"},
	} {
		if _, err := Parse([]byte(tc.data)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
