package jsonschema

import (
	"fmt"
	"regexp"
	"strings"
)

// compilePattern compiles an ECMA-262 regular expression as a Go one. Go's
// syntax covers what the embedded schemas use, except for one form in the
// SPDX 3 schema: a negative look-ahead right after the start anchor,
// "^(?!A)B", which matches exactly when "^(?:A)" does not match and
// "^(?:B)" does.
func compilePattern(src string) (*pattern, error) {
	re, err := regexp.Compile(src)
	if err == nil {
		return &pattern{src: src, re: re}, nil
	}
	if rest, ok := strings.CutPrefix(src, "^(?!"); ok {
		if end := groupEnd(rest); end >= 0 {
			notPre, err1 := regexp.Compile("^(?:" + rest[:end] + ")")
			re, err2 := regexp.Compile("^(?:" + rest[end+1:] + ")")
			if err1 == nil && err2 == nil {
				return &pattern{src: src, re: re, notPre: notPre}, nil
			}
		}
	}
	return nil, fmt.Errorf("pattern %q: %v", src, err)
}

// groupEnd finds the ')' that closes a group whose body starts at s[0]; -1
// if there is none.
func groupEnd(s string) int {
	depth := 0
	inClass := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if i+1 < len(s) && s[i+1] == '^' {
				i++
			}
			if i+1 < len(s) && s[i+1] == ']' {
				i++ // a ']' first in a class is literal
			}
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}
