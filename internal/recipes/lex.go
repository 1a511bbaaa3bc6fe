package recipes

import (
	"fmt"
	"strings"
)

type kind int

const (
	tName kind = iota
	tString
	tNumber
	tOp
	tNewline
	tIndent
	tDedent
	tEOF
)

type token struct {
	kind  kind
	text  string // the source text; for strings, the decoded value
	fstr  bool   // an f-string: text holds the template
	line  int
	start int // byte offset in the source, for condition texts
	end   int
}

// maxTokens bounds the work a hostile script can cause; CPython's
// build-installer.py has about 12,000 tokens.
const maxTokens = 1 << 20

// lex splits Python source into tokens, with NEWLINE, INDENT and DEDENT as
// Python's tokenizer makes them: newlines inside brackets are not tokens, and
// comments are dropped.
func lex(src string) ([]token, error) {
	var out []token
	indents := []int{0}
	depth := 0
	line := 1
	i := 0
	atLineStart := true
	emit := func(t token) error {
		if len(out) >= maxTokens {
			return fmt.Errorf("line %d: more than %d tokens; not a build script sbomkeeper reads", line, maxTokens)
		}
		out = append(out, t)
		return nil
	}
	for i < len(src) {
		if atLineStart && depth == 0 {
			col := 0
			j := i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				if src[j] == '\t' {
					col = (col/8 + 1) * 8
				} else {
					col++
				}
				j++
			}
			// Blank and comment-only lines do not change the indentation.
			if j >= len(src) || src[j] == '\n' || src[j] == '#' || src[j] == '\r' {
				for j < len(src) && src[j] != '\n' {
					j++
				}
				if j < len(src) {
					j++
					line++
				}
				i = j
				continue
			}
			i = j
			atLineStart = false
			switch top := indents[len(indents)-1]; {
			case col > top:
				indents = append(indents, col)
				if err := emit(token{kind: tIndent, line: line, start: i, end: i}); err != nil {
					return nil, err
				}
			case col < top:
				for col < indents[len(indents)-1] {
					indents = indents[:len(indents)-1]
					if err := emit(token{kind: tDedent, line: line, start: i, end: i}); err != nil {
						return nil, err
					}
				}
				if col != indents[len(indents)-1] {
					return nil, fmt.Errorf("line %d: the indentation matches no outer block", line)
				}
			}
		}
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 {
				if err := emit(token{kind: tNewline, line: line, start: i, end: i + 1}); err != nil {
					return nil, err
				}
				atLineStart = true
			}
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			i += 2
			if i < len(src) && src[i-1] == '\r' && src[i] == '\n' {
				i++
			}
			line++
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdent(src[j]) {
				j++
			}
			word := src[i:j]
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && isPrefix(word) {
				t, next, lines, err := lexString(src, i, j, line)
				if err != nil {
					return nil, err
				}
				if err := emit(t); err != nil {
					return nil, err
				}
				i, line = next, line+lines
				continue
			}
			if err := emit(token{kind: tName, text: word, line: line, start: i, end: j}); err != nil {
				return nil, err
			}
			i = j
		case c == '\'' || c == '"':
			t, next, lines, err := lexString(src, i, i, line)
			if err != nil {
				return nil, err
			}
			if err := emit(t); err != nil {
				return nil, err
			}
			i, line = next, line+lines
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (isIdent(src[j]) || src[j] == '.') {
				j++
			}
			if err := emit(token{kind: tNumber, text: src[i:j], line: line, start: i, end: j}); err != nil {
				return nil, err
			}
			i = j
		default:
			op := string(c)
			if i+1 < len(src) {
				if two := src[i : i+2]; strings.Contains(" == != <= >= += -= ** // -> %= |= &= ", " "+two+" ") {
					op = two
				}
			}
			switch op {
			case "(", "[", "{":
				depth++
				if depth > maxDepth {
					return nil, fmt.Errorf("line %d: brackets nest more than %d deep", line, maxDepth)
				}
			case ")", "]", "}":
				if depth == 0 {
					return nil, fmt.Errorf("line %d: %q closes nothing", line, op)
				}
				depth--
			}
			if !strings.Contains("()[]{}:,.=+-*/%<>!~^&|@;", op[:1]) {
				return nil, fmt.Errorf("line %d: unexpected character %q", line, c)
			}
			if err := emit(token{kind: tOp, text: op, line: line, start: i, end: i + len(op)}); err != nil {
				return nil, err
			}
			i += len(op)
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("line %d: a bracket is never closed", line)
	}
	if !atLineStart {
		out = append(out, token{kind: tNewline, line: line, start: i, end: i})
	}
	for len(indents) > 1 {
		indents = indents[:len(indents)-1]
		out = append(out, token{kind: tDedent, line: line, start: i, end: i})
	}
	return append(out, token{kind: tEOF, line: line, start: i, end: i}), nil
}

// maxDepth bounds bracket and expression nesting, so that a hostile script
// cannot exhaust the parser's stack.
const maxDepth = 200

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdent(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "f", "b", "rb", "br", "fr", "rf":
		return true
	}
	return false
}

// lexString reads the string literal whose prefix starts at start and whose
// quote is at q; it returns the token, where the next token starts, and how
// many newlines the literal spans.
func lexString(src string, start, q, line int) (token, int, int, error) {
	prefix := strings.ToLower(src[start:q])
	raw := strings.Contains(prefix, "r")
	quote := src[q : q+1]
	if strings.HasPrefix(src[q:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	var b strings.Builder
	lines := 0
	i := q + len(quote)
	for {
		if i >= len(src) {
			return token{}, 0, 0, fmt.Errorf("line %d: a string is never closed", line)
		}
		if strings.HasPrefix(src[i:], quote) {
			i += len(quote)
			break
		}
		c := src[i]
		if c == '\n' {
			if len(quote) == 1 {
				return token{}, 0, 0, fmt.Errorf("line %d: a string is never closed", line)
			}
			lines++
		}
		if c == '\\' && i+1 < len(src) {
			n := src[i+1]
			if n == '\n' {
				lines++
			}
			if raw {
				b.WriteByte(c)
				b.WriteByte(n)
			} else {
				switch n {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				case '\\', '\'', '"':
					b.WriteByte(n)
				case '\n':
				default:
					b.WriteByte(c)
					b.WriteByte(n)
				}
			}
			i += 2
			continue
		}
		b.WriteByte(c)
		i++
	}
	return token{kind: tString, text: b.String(), fstr: strings.Contains(prefix, "f"), line: line, start: start, end: i}, i, lines, nil
}
