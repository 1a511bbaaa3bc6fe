package spdx

import (
	"fmt"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// Parse reads an SPDX JSON document. The members the tools rebuild (packages,
// files, relationships) must have the SPDX shape; everything else is kept as it
// is, including members of the wrong type, so that writing the document back
// loses nothing. Errors name the line and column, or the member.
//
// The typed decoder (decode.go) reads well-formed input; anything else goes
// through Decode and fromGeneric, which give the same Document and word the
// errors.
//
// Text that a JSON reader would silently change is refused with a
// *jsonscan.Error listing every place: a member name repeated in one object
// (the last value would win and the earlier be lost), bytes that are not
// UTF-8 and lone surrogate escapes (they would become U+FFFD). Writing such a
// document back would alter what its author wrote.
func Parse(data []byte) (*Document, error) {
	if err := checkEnvelope(data); err != nil {
		return nil, err
	}
	if err := jsonscan.Check(data); err != nil {
		return nil, err
	}
	return parse(data)
}

// ParseLenient is Parse for a caller that reports jsonscan.Scan's issues
// itself and goes on (validate): repeated members read as encoding/json reads
// them, the last one winning, and bad text as U+FFFD.
func ParseLenient(data []byte) (*Document, error) {
	if err := checkEnvelope(data); err != nil {
		return nil, err
	}
	return parse(data)
}

// parse reads data whose envelope has been checked.
func parse(data []byte) (*Document, error) {
	d, ok := decodeTyped(data)
	if !ok {
		var err error
		if d, err = decodeGeneric(data); err != nil {
			return nil, err
		}
	}
	return checkShape(d)
}

// decodeGeneric reads data whose envelope has been checked through the
// generic tree: decodeValue, then fromGeneric.
func decodeGeneric(data []byte) (*Document, error) {
	v, err := decodeValue(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the top-level JSON value is not an object")
	}
	var d Document
	fromGeneric(&d, m)
	return &d, nil
}

// checkShape refuses documents whose rebuilt members do not have the SPDX shape.
func checkShape(d *Document) (*Document, error) {
	for _, name := range []string{"packages", "files", "relationships", "creationInfo"} {
		if bad, ok := d.Extra[name]; ok && bad != nil {
			return nil, fmt.Errorf("member %q: %s", name, shapeError(name, bad))
		}
	}
	for i := range d.Packages {
		if _, ok := d.Packages[i].Extra["name"]; ok {
			return nil, fmt.Errorf("packages[%d]: member \"name\" must be a string", i)
		}
	}
	return d, nil
}

func shapeError(name string, v any) string {
	want := "an array of objects"
	if name == "creationInfo" {
		want = "an object"
	}
	if s, ok := v.(string); ok && s == "" {
		return "is an empty string; want " + want
	}
	return fmt.Sprintf("is not %s of the SPDX 2.3 shape", want)
}

// MaxDepth bounds how deep a document's arrays and objects may nest. SPDX
// documents nest six deep (CycloneDX ones, whose components nest, a few more);
// a hostile one 9,500 deep made regen write 180 MB,
// as indentation grows with the square of the depth.
const MaxDepth = 256

// envelopeStop marks the bytes checkEnvelope must look at inside a string.
var envelopeStop = [256]bool{'\\': true, '"': true, '\n': true}

// checkEnvelope refuses, in one pass and before any decoding, nesting no SBOM
// has and anything but white space after the top-level value (a document with
// "]} garbage" appended is not the document it looks like). Both errors name
// the line.
func checkEnvelope(data []byte) error {
	depth, line := 0, 1
	inString, started := false, false
	for i := 0; i < len(data); i++ {
		if inString {
			// Skip the bytes that change nothing here, a table look-up
			// at a time: most of an SBOM is the inside of strings.
			for i < len(data) && !envelopeStop[data[i]] {
				i++
			}
			if i == len(data) {
				break
			}
		}
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			case '\n':
				line++
			}
			continue
		}
		switch c {
		case '\n':
			line++
		case ' ', '\t', '\r':
		case '"':
			inString = true
		case '[', '{':
			if started && depth == 0 {
				return fmt.Errorf("line %d: data after the top-level JSON value", line)
			}
			started = true
			if depth++; depth > MaxDepth {
				return fmt.Errorf("line %d: arrays and objects nest more than %d deep, which no SBOM does", line, MaxDepth)
			}
		case ']', '}':
			depth--
			if depth < 0 {
				return fmt.Errorf("line %d: data after the top-level JSON value", line)
			}
		default:
			if started && depth == 0 {
				return fmt.Errorf("line %d: data after the top-level JSON value", line)
			}
		}
	}
	return nil
}
