package openvex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parse decodes an OpenVEX JSON document. name is the file, used in errors
// and kept as Document.Source. Parse checks only that the members it knows
// have the JSON types the specification gives them; Check says whether the
// document is valid OpenVEX. Members Parse does not know are not kept (the
// schema forbids them, so Check reports them).
func Parse(name string, data []byte) (*Document, error) {
	if s := bytes.TrimLeft(data, " \t\r\n"); len(s) == 0 || s[0] != '{' {
		return nil, fmt.Errorf("%s: not an OpenVEX document: the top-level JSON value must be an object", name)
	}
	var doc Document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, decodeError(name, data, err)
	}
	doc.Source = name
	return &doc, nil
}

// decodeError rewrites encoding/json's errors, which name Go types, into
// ones that name the file, the line and the OpenVEX member.
func decodeError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%s:%d: not JSON: %v", name, line(data, syn.Offset), syn)
	case errors.As(err, &typ):
		member := typ.Field
		if member == "" {
			member = "(the document)"
		}
		return fmt.Errorf("%s:%d: member %q is a JSON %s where OpenVEX has %s", name, line(data, typ.Offset), member, typ.Value, jsonKind(typ.Type.Kind().String()))
	}
	return fmt.Errorf("%s: %w", name, err)
}

// jsonKind names a Go kind as the JSON type it decodes from.
func jsonKind(k string) string {
	switch {
	case k == "string":
		return "a string"
	case strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint") || strings.HasPrefix(k, "float"):
		return "an integer"
	case k == "slice" || k == "array":
		return "an array"
	case k == "struct" || k == "map" || k == "ptr":
		return "an object"
	}
	return "a " + k
}

// line is the 1-based line of the byte offset off in data.
func line(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
