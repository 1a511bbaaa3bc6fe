package spdx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestMarshalMatchesPython(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty object", `{}`, `{}`},
		{"empty containers", `{"b":[],"a":{}}`, "{\n  \"a\": {},\n  \"b\": []\n}"},
		{"nested sort", `{"z":1,"a":[{"y":true,"x":null}]}`, "{\n  \"a\": [\n    {\n      \"x\": null,\n      \"y\": true\n    }\n  ],\n  \"z\": 1\n}"},
		{"ascii escapes", `"\u0001\b\f\n\r\t\"\\/\u007f"`, `"\u0001\b\f\n\r\t\"\\/\u007f"`},
		{"non-ascii", `"é€😀"`, `"\u00e9\u20ac\ud83d\ude00"`},
		{"html stays literal", `"<a&b>"`, `"<a&b>"`},
		{"ints", `[0, -0, 12345678901234567890123, -5]`, "[\n  0,\n  0,\n  12345678901234567890123,\n  -5\n]"},
		{"floats", `[1.0, 1e5, 1.5E-7, 1e16, 0.0001, 123.456, -0.0]`, "[\n  1.0,\n  100000.0,\n  1.5e-07,\n  1e+16,\n  0.0001,\n  123.456,\n  -0.0\n]"},
		{"unicode key order", `{"é":1,"z":2,"Z":3}`, "{\n  \"Z\": 3,\n  \"z\": 2,\n  \"\\u00e9\": 1\n}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Decode([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("Marshal(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

// TestMarshalAgainstPython asks the real json module, when python3 is here, so the
// table above is not the only judge.
func TestMarshalAgainstPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	in := `{"k": ["é", "\u0000\u001f", 1.5e300, 2.5e-5, 10, -0.0, 3.0, {"b": [], "a": {}}], "\u2028": "😀<>&", "n": null, "t": false}`
	cmd := exec.Command(py, "-c", "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=2, sort_keys=True))")
	cmd.Stdin = bytes.NewReader([]byte(in))
	want, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDecodeErrorsNameLine(t *testing.T) {
	_, err := Decode([]byte("{\n  \"a\": 1,\n  \"b\": ,\n}"))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("line 3")) {
		t.Fatalf("want an error naming line 3, got %v", err)
	}
	if _, err := Decode([]byte(`{} {}`)); err == nil {
		t.Fatal("trailing data accepted")
	}
}

// TestParseRoundTripIsLossless writes documents back through the typed model and
// expects the generic rendering: nothing the model does not know may be lost.
func TestParseRoundTripIsLossless(t *testing.T) {
	docs := []string{
		`{"SPDXID":"SPDXRef-DOCUMENT","spdxVersion":"SPDX-2.3","files":[],"relationships":[],"packages":[{"SPDXID":"SPDXRef-PACKAGE-a","name":"a","versionInfo":"","filesAnalyzed":false,"x-hand-edit":{"why":["kept"]},"checksums":[{"algorithm":"SHA256","checksumValue":"00","note":1}],"licenseConcluded":7}]}`,
		`{"packages":[{"name":"a","supplier":null,"comment":"é"}],"creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: x"],"future":1}}`,
	}
	for _, in := range docs {
		d, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := Decode([]byte(in))
		want, _ := Marshal(v)
		if !bytes.Equal(got, want) {
			t.Errorf("round trip lost data\n got %s\nwant %s", got, want)
		}
	}
}

func TestParseRejectsWrongShape(t *testing.T) {
	for _, in := range []string{`[]`, `{"packages": {}}`, `{"files": [1]}`, `{"packages": [{"name": 3}]}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%s) accepted", in)
		}
	}
}

// TestCPythonDocumentsRoundTrip uses the real CPython SBOMs when the corpus is
// present (the integration tests fetch it).
func TestCPythonDocumentsRoundTrip(t *testing.T) {
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE not set")
	}
	for _, name := range []string{"Misc/sbom.spdx.json", "Misc/externals.spdx.json"} {
		data, err := os.ReadFile(filepath.Join(tree, name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: not byte-identical after a round trip", name)
		}
	}
}

func TestID(t *testing.T) {
	tests := map[string]string{
		"SPDXRef-FILE-Modules/expat/COPYING": "SPDXRef-FILE-Modules-expat-COPYING",
		"SPDXRef-FILE-a  b/_c.h":             "SPDXRef-FILE-a-b-c.h",
		"SPDXRef-FILE-é€x":                   "SPDXRef-FILE--x",
		"SPDXRef-PACKAGE-hacl-star":          "SPDXRef-PACKAGE-hacl-star",
	}
	for in, want := range tests {
		if got := ID(in); got != want {
			t.Errorf("ID(%q) = %q, want %q", in, got, want)
		}
	}
	var ids IDs
	a := ids.For("SPDXRef-FILE-", "a_b")
	b := ids.For("SPDXRef-FILE-", "a b")
	if a != "SPDXRef-FILE-a-b" || b == a || len(b) != len(a)+9 || ids.For("SPDXRef-FILE-", "a_b") != a {
		t.Errorf("collision handling: %q %q", a, b)
	}
	// What CPython's release tools gave the 3.13.5 tarball's colliding pair.
	var rel IDs
	rel.For("SPDXRef-FILE-", "Lib/importlib/_abc.py")
	if got := rel.For("SPDXRef-FILE-", "Lib/importlib/abc.py"); got != "SPDXRef-FILE-Lib-importlib-abc.py-b6c11e5a" {
		t.Errorf("release-tools suffix: %s", got)
	}
}
