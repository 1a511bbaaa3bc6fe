package jsonschema

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// typeOf gives the JSON type of an instance value; 0 for a Go value that is
// not one.
func typeOf(v any) typeSet {
	switch v := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case string:
		return tString
	case map[string]any:
		return tObject
	case []any:
		return tArray
	case json.Number:
		if !isJSONNumber(string(v)) {
			return 0
		}
		return tNumber
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0
		}
		return tNumber
	case int, int64:
		return tNumber
	}
	return 0
}

// isJSONNumber reports whether s has the JSON number syntax.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

// isInteger reports whether the number v has no fractional part (1.0 is an
// integer from draft-06 on).
func isInteger(v any) bool {
	if n, ok := v.(json.Number); ok && !strings.ContainsAny(string(n), ".eE") {
		return isJSONNumber(string(n))
	}
	d, ok := toDecimal(v)
	return ok && d.exp >= 0
}

// equal is JSON equality: numbers by value, objects regardless of order.
func equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && a == y
	case string:
		y, ok := b.(string)
		return ok && a == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(a) != len(y) {
			return false
		}
		for i := range a {
			if !equal(a[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(a) != len(y) {
			return false
		}
		for k, av := range a {
			bv, ok := y[k]
			if !ok || !equal(av, bv) {
				return false
			}
		}
		return true
	}
	if an, bn := typeOf(a) == tNumber, typeOf(b) == tNumber; !an || !bn {
		return false
	}
	if x, ok := a.(json.Number); ok {
		if y, ok := b.(json.Number); ok && x == y {
			return true
		}
	}
	x, _ := toDecimal(a)
	y, _ := toDecimal(b)
	return x == y
}

// canonical writes a key for v such that equal values, and only they, have
// equal keys.
func canonical(buf []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(buf, 'n')
	case bool:
		if v {
			return append(buf, 't')
		}
		return append(buf, 'f')
	case string:
		return strconv.AppendQuote(append(buf, 's'), v)
	case []any:
		buf = append(buf, '[')
		for _, x := range v {
			buf = canonical(buf, x)
			buf = append(buf, ',')
		}
		return append(buf, ']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		buf = append(buf, '{')
		for _, k := range keys {
			buf = strconv.AppendQuote(buf, k)
			buf = append(buf, ':')
			buf = canonical(buf, v[k])
			buf = append(buf, ',')
		}
		return append(buf, '}')
	}
	if d, ok := toDecimal(v); ok {
		if d.neg {
			buf = append(buf, '-')
		}
		return strconv.AppendInt(append(append(buf, 'd'), d.digits...), d.exp, 10)
	}
	return append(buf, '?')
}
