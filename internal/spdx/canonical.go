package spdx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// Decode parses JSON text into the generic values Canonical writes: map[string]any,
// []any, string, json.Number, bool and nil. Numbers stay json.Number so integers of
// any size survive. Syntax errors name the line and column. Like Parse, it
// refuses with a *jsonscan.Error text a reader would silently change
// (repeated members, bad UTF-8, lone surrogates).
func Decode(data []byte) (any, error) {
	if err := checkEnvelope(data); err != nil {
		return nil, err
	}
	if err := jsonscan.Check(data); err != nil {
		return nil, err
	}
	return decodeValue(data)
}

// DecodeLenient is Decode for a caller that reports jsonscan.Scan's issues
// itself and goes on (cyclonedx.Check under validate): the last of repeated
// members wins and bad text reads as U+FFFD, as with encoding/json.
func DecodeLenient(data []byte) (any, error) {
	if err := checkEnvelope(data); err != nil {
		return nil, err
	}
	return decodeValue(data)
}

// decodeValue reads data whose envelope has been checked.
func decodeValue(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("unexpected data after the top-level JSON value at byte %d", dec.InputOffset())
	}
	return v, nil
}

// syntaxError adds line and column to encoding/json's byte offsets, because a
// person fixing a hand-edited SBOM looks for lines, not offsets.
func syntaxError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// Marshal writes v the way Python's json.dumps(v, indent=2, sort_keys=True) writes
// the same data: keys sorted, two-space indent, non-ASCII escaped as \uXXXX, numbers
// as Python prints them, no trailing newline. v may be a generic value from Decode or
// any value encoding/json can marshal (such as a *Document).
func Marshal(v any) ([]byte, error) {
	if d, ok := v.(*Document); ok && d != nil {
		return marshalDocument(d)
	}
	if o, ok := v.(object); ok {
		v = toGeneric(o)
	}
	if !isGeneric(v) {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if v, err = Decode(raw); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := writeValue(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// compactKey renders v as Python's json.dumps(v, sort_keys=True) does (", " and
// ": " separators, no newlines): the sort key CPython's release tools use.
func compactKey(v any) (string, error) {
	var b bytes.Buffer
	if err := writeValue(&b, v, -1); err != nil {
		return "", err
	}
	return b.String(), nil
}

func isGeneric(v any) bool {
	switch v.(type) {
	case nil, bool, string, json.Number, map[string]any, []any:
		return true
	}
	return false
}

func writeValue(b *bytes.Buffer, v any, depth int) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writeString(b, v)
	case json.Number:
		s, err := pythonNumber(string(v))
		if err != nil {
			return err
		}
		b.WriteString(s)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, item := range v {
			if i > 0 {
				separator(b, depth)
			}
			newline(b, child(depth))
			if err := writeValue(b, item, child(depth)); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteByte(']')
	case map[string]any:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// Go orders strings by UTF-8 bytes, which is code-point order: Python's order.
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				separator(b, depth)
			}
			newline(b, child(depth))
			writeString(b, k)
			b.WriteString(": ")
			if err := writeValue(b, v[k], child(depth)); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteByte('}')
	case typedFiles:
		return writeList(b, v, depth, writeFile)
	case typedRelationships:
		return writeList(b, v, depth, writeRelationship)
	default:
		return fmt.Errorf("spdx: cannot write value of type %T", v)
	}
	return nil
}

func child(depth int) int {
	if depth < 0 {
		return depth
	}
	return depth + 1
}

// separator ends an item: "," before a newline when indenting, ", " compact.
func separator(b *bytes.Buffer, depth int) {
	b.WriteByte(',')
	if depth < 0 {
		b.WriteByte(' ')
	}
}

// newline starts a line at depth; a negative depth is the compact form, where
// items are separated by a space instead.
func newline(b *bytes.Buffer, depth int) {
	if depth < 0 {
		return
	}
	b.WriteByte('\n')
	for range depth {
		b.WriteString("  ")
	}
}

const hexDigits = "0123456789abcdef"

// writeString escapes as Python's json module does with ensure_ascii=True: only
// printable ASCII stays literal; everything else is \uXXXX (surrogate pairs above
// U+FFFF) except the short escapes Python uses.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0 // s[start:i] is printable ASCII waiting to be copied in one go
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		b.WriteString(s[start:i])
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			writeU(b, hi)
			writeU(b, lo)
		default:
			writeU(b, r)
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

func writeU(b *bytes.Buffer, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[r>>12&0xf])
	b.WriteByte(hexDigits[r>>8&0xf])
	b.WriteByte(hexDigits[r>>4&0xf])
	b.WriteByte(hexDigits[r&0xf])
}

// pythonNumber renders a JSON number literal as Python prints the value json.loads
// made of it: integers exactly, anything with a fraction or exponent as repr(float).
func pythonNumber(lit string) (string, error) {
	if !strings.ContainsAny(lit, ".eE") {
		neg := strings.HasPrefix(lit, "-")
		digits := strings.TrimLeft(strings.TrimPrefix(lit, "-"), "0")
		if digits == "" {
			return "0", nil
		}
		if neg {
			return "-" + digits, nil
		}
		return digits, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !math.IsInf(f, 0) {
		return "", fmt.Errorf("spdx: bad number %q: %w", lit, err)
	}
	if math.IsInf(f, 0) {
		// Python would write Infinity, which is not JSON: refuse instead.
		return "", fmt.Errorf("spdx: number %s is out of range for a double", lit)
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if exp < -4 || exp >= 16 {
		// Go's shortest 'e' form matches Python's repr here: sign and two-digit exponent.
		return sci, nil
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(fixed, ".") {
		fixed += ".0"
	}
	return fixed, nil
}

// ValidUTF8 reports whether s can be written: SPDX JSON is UTF-8 text, so a name
// that is not (a raw file-system byte string) must be refused, not mangled.
func ValidUTF8(s string) bool { return utf8.ValidString(s) }
