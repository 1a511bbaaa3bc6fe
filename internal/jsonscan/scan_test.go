package jsonscan

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScanDuplicateKeys(t *testing.T) {
	data := "{\n  \"packages\": [\n    {\"name\": \"a\", \"SPDXID\": \"x\"},\n    {\"name\": \"b\",\n     \"versionInfo\": \"1\",\n     \"n\\u0061me\": \"c\", \"name\": \"d\"}\n  ],\n  \"a/b~\": {\"k\": 1, \"k\": 2}\n}"
	issues, omitted := Scan([]byte(data))
	if omitted != 0 {
		t.Fatalf("omitted %d", omitted)
	}
	want := []struct {
		ptr         string
		line, col   int
		eLine, eCol int
	}{
		{"/packages/1/name", 6, 6, 4, 6},  // "n\u0061me" is "name"
		{"/packages/1/name", 6, 24, 4, 6}, // a third time: the first is still the earlier
		{"/a~1b~0/k", 8, 20, 8, 12},
	}
	if len(issues) != len(want) {
		t.Fatalf("got %d issues, want %d:\n%v", len(issues), len(want), issues)
	}
	for i, w := range want {
		is := issues[i]
		if is.Kind != DuplicateKey || is.Pointer != w.ptr || is.At.Line != w.line || is.At.Column != w.col || is.Earlier.Line != w.eLine || is.Earlier.Column != w.eCol {
			t.Errorf("issue %d = %+v, want %+v", i, is, w)
		}
	}
	msg := issues[0].String()
	for _, part := range []string{"line 6, column 6", "/packages/1/name", `member "name"`, "first at line 4, column 6", "would be lost"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
}

// TestScanManyMembers covers objects past manyNames, where names move to a map.
func TestScanManyMembers(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, "%q: %d, ", fmt.Sprintf("k%d", i), i)
	}
	b.WriteString(`"k3": 0, "k39": 0, "k40": 0}`)
	issues, _ := Scan([]byte(b.String()))
	if len(issues) != 2 || issues[0].Pointer != "/k3" || issues[1].Pointer != "/k39" {
		t.Fatalf("got %v", issues)
	}
	if issues[0].Earlier.Column != 1+len(`{"k0": 0, "k1": 1, "k2": 2, `) {
		t.Errorf("earlier = %v", issues[0].Earlier)
	}
}

func TestScanText(t *testing.T) {
	data := "{\"a\": \"ok \xc3\xa9 \\ud83d\\ude00\",\n \"b\": [\"x\xffy\", \"\\ud800\", \"\\udc00\\ud800\", \"\\ud800\\u0041\"],\n \"k\xfe\": \"\\uDBFF\\uDFFF\\uD800\"}"
	issues, _ := Scan([]byte(data))
	type w struct {
		kind      Kind
		ptr, text string
		inKey     bool
		line, col int
	}
	want := []w{
		{InvalidUTF8, "/b/0", "0xff", false, 2, 10},
		{LoneSurrogate, "/b/1", `\ud800`, false, 2, 16},
		{LoneSurrogate, "/b/2", `\udc00`, false, 2, 26},
		{LoneSurrogate, "/b/2", `\ud800`, false, 2, 32},
		{LoneSurrogate, "/b/3", `\ud800`, false, 2, 42},
		{InvalidUTF8, "/k\uFFFD", "0xfe", true, 3, 4},
		{LoneSurrogate, "/k\uFFFD", `\uD800`, false, 3, 21},
	}
	if len(issues) != len(want) {
		t.Fatalf("got %d issues, want %d:\n%v", len(issues), len(want), issues)
	}
	for i, x := range want {
		is := issues[i]
		got := w{is.Kind, is.Pointer, is.Text, is.InKey, is.At.Line, is.At.Column}
		if got != x {
			t.Errorf("issue %d = %+v, want %+v", i, got, x)
		}
	}
	if s := issues[1].String(); !strings.Contains(s, `line 2, column 16 (/b/1): \ud800 in the string value`) || !strings.Contains(s, "U+FFFD") {
		t.Errorf("message: %s", s)
	}
	if s := issues[5].String(); !strings.Contains(s, "byte 0xfe in the member name") {
		t.Errorf("message: %s", s)
	}
}

func TestScanClean(t *testing.T) {
	for _, in := range []string{``, `1`, `"\ud83d\ude00"`, `{}`, `[]`, `{"a":{"a":{"a":[]}},"b":[{"a":1},{"a":2}]}`, `{"a":1} {"a":1,"a":2}`} {
		if issues, _ := Scan([]byte(in)); len(issues) != 0 {
			t.Errorf("%s: %v", in, issues)
		}
	}
	// Syntax errors end the scan; what came before is still reported.
	issues, _ := Scan([]byte(`{"a":1,"a":2,"b":tru,"b":1}`))
	if len(issues) != 1 || issues[0].Pointer != "/a" {
		t.Errorf("got %v", issues)
	}
}

// TestScanDeep: nesting is walked with a stack of frames, not recursion.
func TestScanDeep(t *testing.T) {
	const n = 200_000
	data := strings.Repeat(`{"a":[`, n) + `"\ud800"` + strings.Repeat(`]}`, n)
	issues, _ := Scan([]byte(data))
	if len(issues) != 1 || issues[0].Kind != LoneSurrogate || len(issues[0].Pointer) != 4*n {
		t.Fatalf("got %d issues", len(issues))
	}
}

func TestScanLimit(t *testing.T) {
	data := "{" + strings.Repeat(`"a":1,`, MaxIssues+10) + `"a":1}`
	issues, omitted := Scan([]byte(data))
	if len(issues) != MaxIssues || omitted != 10 {
		t.Fatalf("got %d issues and %d omitted", len(issues), omitted)
	}
	err := Check([]byte(data))
	if err == nil || !strings.Contains(err.Error(), "1010 problems") || !strings.Contains(err.Error(), "and 10 more not listed") {
		t.Fatalf("error: %.200v", err)
	}
}

// TestScanCPython: the artifact SBOM CPython publishes has none of these.
func TestScanCPython(t *testing.T) {
	data, err := os.ReadFile(cpythonSBOM)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(data); err != nil {
		t.Fatal(err)
	}
}

// cpythonSBOM is the SBOM CPython's release tools wrote for the 3.13.5
// source tarball.
const cpythonSBOM = "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
