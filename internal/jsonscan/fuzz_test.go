package jsonscan

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// FuzzScan holds Scan to encoding/json, the reader whose silent changes it
// reports: on any JSON text, it finds exactly the duplicate member names a
// token walk finds and exactly as many bad strings as encoding/json turned
// into U+FFFD, and every pointer it gives names a value encoding/json read.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"a":2}`,
		`{"a":{"b":[1,{"c":1,"c":2}]},"\u0061":3}`,
		"{\"k\xff\":\"v\xfe\xc3\"}",
		`["\ud800","\udc00\ud800x","\ud83d\ude00","\ud800\u0041","\uD800\uDC00"]`,
		`{"~/":{"~/":1,"~/":2}}`,
		`{"a":"\ufffd","a\ufffd":"` + "\xef\xbf\xbd" + `"}`,
		`{"a":1}  {"a":2,"a":3}`,
		`{"a":tru`,
	} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		issues, omitted := Scan(data)
		for i, is := range issues {
			if is.At.Offset < 0 || is.At.Offset >= len(data) || i > 0 && is.At.Offset < issues[i-1].At.Offset {
				t.Fatalf("issue %d at offset %d of %d, out of order", i, is.At.Offset, len(data))
			}
			_ = is.String()
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		var v any
		if dec.Decode(&v) != nil || omitted > 0 {
			return
		}
		end := int(dec.InputOffset())
		var dups, bad int
		for _, is := range issues {
			if is.At.Offset >= end {
				t.Fatalf("issue after the first value: %v", is)
			}
			if is.Kind == DuplicateKey {
				dups++
			} else {
				bad++
			}
		}
		for _, is := range issues {
			// A duplicate's pointer may lie in a value that a later
			// duplicate replaced; without duplicates every place is read.
			if dups == 0 && !resolves(v, is.Pointer) {
				t.Fatalf("pointer %q of %v names nothing in %v", is.Pointer, is, v)
			}
		}
		wantDups, wantBad := oracle(t, data[:end])
		if dups != wantDups || bad != wantBad {
			t.Fatalf("found %d duplicates and %d bad strings; encoding/json says %d and %d:\n%v", dups, bad, wantDups, wantBad, issues)
		}
	})
}

// oracle counts duplicate member names with encoding/json's tokens, and the
// U+FFFD encoding/json wrote that the text did not.
func oracle(t *testing.T, data []byte) (dups, bad int) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type obj struct {
		isObj  bool
		keyNow bool
		names  map[string]bool
	}
	var stack []*obj
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("token: %v", err)
		}
		var top *obj
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isKey := top != nil && top.isObj && top.keyNow
		if top != nil && top.isObj {
			top.keyNow = !top.keyNow
		}
		switch x := tok.(type) {
		case json.Delim:
			switch x {
			case '{':
				stack = append(stack, &obj{isObj: true, keyNow: true, names: map[string]bool{}})
			case '[':
				stack = append(stack, &obj{})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			raw := data[before:dec.InputOffset()]
			raw = raw[bytes.IndexByte(raw, '"'):]
			bad += strings.Count(x, "\uFFFD") - written(raw)
			if isKey {
				if top.names[x] {
					dups++
				}
				top.names[x] = true
			}
		}
	}
}

// written counts the U+FFFD a string's text spells out, as UTF-8 or \ufffd.
func written(raw []byte) int {
	n := bytes.Count(raw, []byte("\uFFFD"))
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+5 < len(raw) && raw[i+1] == 'u' && strings.EqualFold(string(raw[i+2:i+6]), "fffd") {
			n++
		}
		i++
	}
	return n
}

// resolves reports whether ptr names a value in v.
func resolves(v any, ptr string) bool {
	if ptr == "" {
		return true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return false
			}
			v = x[i]
		default:
			return false
		}
	}
	return true
}
