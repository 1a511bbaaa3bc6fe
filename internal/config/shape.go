package config

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// shapeErrors compares the decoded TOML (generic values) with the Config
// struct and reports every unknown key and every value of the wrong type, each
// with its line and what would fit. The TOML decoder stops at the first type
// error, in Go's words ("TOML value has type []any; destination has type
// string"), and names no line for unknown keys; a user fixing a config wants
// all of its mistakes at once, in the config's own words.
func shapeErrors(file string, data []byte, generic map[string]any) []*Error {
	lines := keyLines(data)
	var out []*Error
	walkShape(reflect.TypeOf(Config{}), generic, nil, lines, func(line int, msg string) {
		out = append(out, &Error{File: file, Line: line, Msg: msg})
	})
	slices.SortStableFunc(out, func(a, b *Error) int { return a.Line - b.Line })
	return out
}

// walkShape checks one table. Every key visited takes its next line from
// lines, whether it is wrong or not, so that the n-th [[sbom.package]]'s key
// is reported on the n-th line that sets it.
func walkShape(t reflect.Type, v map[string]any, path []string, lines *keyIndex, report func(int, string)) {
	fields := tomlFields(t)
	// A table comes out of the decoder as a map: sort its keys so that
	// nothing depends on map order. Each key occurs once per table.
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key := append(slices.Clone(path), k)
		ft, ok := fields[k]
		if !ok {
			report(lines.take(key), unknownKey(key, fields))
			continue
		}
		checkValue(ft, v[k], key, lines, report)
	}
}

func checkValue(t reflect.Type, v any, key []string, lines *keyIndex, report func(int, string)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	isTables := t.Kind() == reflect.Struct || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct)
	line := 0
	if !isTables {
		line = lines.take(key)
	}
	bad := func() {
		if line == 0 {
			line = lines.take(key)
		}
		report(line, fmt.Sprintf("%q is %s, but it must be %s", strings.Join(key, "."), tomlKind(v), want(t, key)))
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			bad()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			bad()
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if _, ok := v.(int64); !ok {
			bad()
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		lines.take(key) // the [table] header
		walkShape(t, m, key, lines, report)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !scalarFits(t.Elem(), m[k]) {
				report(lines.take(append(slices.Clone(key), k)), fmt.Sprintf("%q is %s, but it must be %s", strings.Join(append(slices.Clone(key), k), "."), tomlKind(m[k]), want(t.Elem(), append(slices.Clone(key), k))))
			}
		}
	case reflect.Slice:
		var elems []any
		switch x := v.(type) {
		case []any:
			elems = x
		case []map[string]any:
			for _, m := range x {
				elems = append(elems, m)
			}
		default:
			bad()
			return
		}
		for _, e := range elems {
			et := t.Elem()
			if et.Kind() == reflect.Struct {
				m, ok := e.(map[string]any)
				if !ok {
					bad()
					return
				}
				lines.take(key) // this entry's [[table]] header
				walkShape(et, m, key, lines, report)
				continue
			}
			if !scalarFits(et, e) {
				bad()
				return
			}
		}
	}
}

func scalarFits(t reflect.Type, v any) bool {
	switch t.Kind() {
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Bool:
		_, ok := v.(bool)
		return ok
	case reflect.Int, reflect.Int64, reflect.Int32:
		_, ok := v.(int64)
		return ok
	}
	return true
}

// tomlFields maps a struct's TOML keys to their types.
func tomlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		out[name] = f.Type
	}
	return out
}

func unknownKey(key []string, fields map[string]reflect.Type) string {
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	slices.Sort(known)
	where := "at the top level"
	if len(key) > 1 {
		where = "in [" + strings.Join(key[:len(key)-1], ".") + "]"
	}
	msg := fmt.Sprintf("unknown key %q; the keys %s are %s (docs/config.md)", strings.Join(key, "."), where, strings.Join(known, ", "))
	if near := nearest(key[len(key)-1], known); near != "" {
		msg = fmt.Sprintf("unknown key %q: did you mean %q? The keys %s are %s (docs/config.md)", strings.Join(key, "."), near, where, strings.Join(known, ", "))
	}
	return msg
}

// want says, in TOML's words, what a key of type t must be.
func want(t reflect.Type, key []string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := strings.Join(key, ".")
	switch t.Kind() {
	case reflect.String:
		return `a string, e.g. ` + key[len(key)-1] + ` = "..."`
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Struct:
		return "a table: [" + name + "]"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "an array of tables: one [[" + name + "]] header per entry"
		}
		return `an array of strings, e.g. ` + key[len(key)-1] + ` = ["..."]`
	}
	return t.String()
}

// tomlKind names a decoded TOML value's type as the TOML spec does.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	}
	return "a date or time"
}

// nearest is the known key within two edits of k, for "did you mean".
func nearest(k string, known []string) string {
	best, bestD := "", 3
	for _, c := range known {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// keyIndex holds the lines each dotted key path (array tables unindexed, as
// "sbom.package.name") is set on, in file order; take hands them out in turn,
// so the second [[sbom.package]]'s bad key gets the second line.
type keyIndex struct {
	lines map[string][]int
	used  map[string]int
}

func (ix *keyIndex) take(key []string) int {
	k := strings.Join(key, ".")
	ls := ix.lines[k]
	if len(ls) == 0 {
		// A table made implicitly by a deeper header ([a.b.c] makes a.b):
		// point at the first line inside it.
		first := 0
		for other, ls := range ix.lines {
			if strings.HasPrefix(other, k+".") && (first == 0 || ls[0] < first) {
				first = ls[0]
			}
		}
		return first
	}
	i := min(ix.used[k], len(ls)-1)
	ix.used[k]++
	return ls[i]
}

var (
	tableHeader = regexp.MustCompile(`^\s*\[(\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$`)
	keyValue    = regexp.MustCompile(`^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=`)
)

// keyLines finds where each key and table header is, by line. It is a
// scanner for error messages, not a TOML parser: the document has already
// been parsed, so it only has to find keys, and skips multi-line strings.
func keyLines(data []byte) *keyIndex {
	ix := &keyIndex{lines: map[string][]int{}, used: map[string]int{}}
	var table []string
	inString := false
	for i, line := range bytes.Split(data, []byte("\n")) {
		s := string(line)
		if n := strings.Count(s, `"""`) + strings.Count(s, `'''`); n%2 == 1 {
			inString = !inString
			if !inString {
				continue
			}
		}
		if inString {
			continue
		}
		if m := tableHeader.FindStringSubmatch(s); m != nil && !keyValue.MatchString(s) {
			table = splitKey(m[2])
			k := strings.Join(table, ".")
			ix.lines[k] = append(ix.lines[k], i+1)
			continue
		}
		if m := keyValue.FindStringSubmatch(s); m != nil {
			k := strings.Join(append(slices.Clone(table), splitKey(m[1])...), ".")
			ix.lines[k] = append(ix.lines[k], i+1)
		}
	}
	return ix
}

func splitKey(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ".") {
		out = append(out, strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return out
}
