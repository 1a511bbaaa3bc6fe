package attest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// maxDepth bounds nesting, as encoding/json and internal/jsonschema do.
const maxDepth = 10000

// strictObject checks that data is one JSON object, that no object in it,
// at any depth, has a member name twice, and that no string in it would be
// changed by decoding (internal/jsonscan). encoding/json keeps the last of two
// members and other readers the first, so a signed payload with a duplicate
// could say one thing to sbomkeeper and another to the next tool.
func strictObject(data []byte, what string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s is not JSON: %w", what, err)
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("%s is not a JSON object", what)
	}
	if err := walkObject(dec, "", 1); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: data after the JSON object", what)
	}
	// Bytes that are not UTF-8 and lone surrogate escapes, which
	// encoding/json would turn into U+FFFD: what is signed would not be
	// what is read.
	if err := jsonscan.Check(data); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// walkObject reads the members of an object whose '{' has been read.
func walkObject(dec *json.Decoder, at string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested more than %d deep", pointer(at), maxDepth)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("invalid JSON at %s: %w", pointer(at), err)
		}
		name, ok := tok.(string)
		if !ok {
			return fmt.Errorf("invalid JSON at %s", pointer(at))
		}
		member := at + "/" + escapePointer(name)
		if seen[name] {
			return fmt.Errorf("%s: the member %q appears twice", pointer(at), name)
		}
		seen[name] = true
		if err := walkValue(dec, member, depth); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	if err != nil {
		return fmt.Errorf("invalid JSON at %s: %w", pointer(at), err)
	}
	return nil
}

func walkValue(dec *json.Decoder, at string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("invalid JSON at %s: %w", pointer(at), err)
	}
	switch tok {
	case json.Delim('{'):
		return walkObject(dec, at, depth+1)
	case json.Delim('['):
		if depth+1 > maxDepth {
			return fmt.Errorf("%s: nested more than %d deep", pointer(at), maxDepth)
		}
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, at+"/"+strconv.Itoa(i), depth+1); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("invalid JSON at %s: %w", pointer(at), err)
		}
	}
	return nil
}

func pointer(at string) string {
	if at == "" {
		return "/"
	}
	return at
}

// escapePointer escapes a member name for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
