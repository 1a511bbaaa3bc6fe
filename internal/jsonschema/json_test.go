package jsonschema

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// stdDecode is encoding/json with UseNumber and nothing after the value,
// which Decode must match.
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return v, nil
}

var decodeCases = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `-1.5e+10`, `1E-2`, `true`, `false`, `null`, ` {"a" : [1, {"b": null}] } `,
	`"\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r"`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"a\ud83dx"`,
	"\"\xff\xfe\"", "\"ok\xc3\"", `{"a":1,"a":2}`, `[1,]`, `{"a":1,}`, `01`, `1.`, `.5`, `-`, `+1`, `1e`, `1e+`,
	`tru`, `nul`, `truex`, `[true false]`, `{"a" 1}`, `{1:2}`, `"\x"`, `"\u12"`, `"\u12G4"`, "\"a\x01\"", `"abc`,
	`[`, `{`, `1 2`, `{} x`, "\ufeff{}", ``, ` `, `[[[[]]]]`, `{"":""}`, `"\u0000"`,
}

func TestDecodeLikeEncodingJSON(t *testing.T) {
	inputs := decodeCases
	files, _ := filepath.Glob("testdata/*/*.json")
	more, _ := filepath.Glob("testdata/*/*/*.json")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(data))
	}
	for _, in := range inputs {
		checkDecode(t, []byte(in))
	}
}

func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	got, err := Decode(data)
	want, werr := stdDecode(data)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%q: Decode error %v, encoding/json error %v", data, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Decode %#v, encoding/json %#v", data, got, want)
	}
}

// FuzzDecode: Decode agrees with encoding/json on every input.
func FuzzDecode(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
	})
}
