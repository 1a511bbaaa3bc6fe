package evidence

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// protoNode is a message of a protobuf text-format file, as far as METADATA
// files need: scalar fields (strings, identifiers, numbers) and nested
// messages, each field repeatable.
type protoNode struct {
	fields []protoField
}

type protoField struct {
	name string
	text string     // a scalar's value; "" for a message
	msg  *protoNode // nil for a scalar
	line int
}

func (n *protoNode) values(name string) []protoField {
	var out []protoField
	for _, f := range n.fields {
		if f.name == name && f.msg == nil {
			out = append(out, f)
		}
	}
	return out
}

func (n *protoNode) value(name string) *protoField {
	for i := range n.fields {
		if n.fields[i].name == name && n.fields[i].msg == nil {
			return &n.fields[i]
		}
	}
	return nil
}

func (n *protoNode) children(name string) []*protoNode {
	var out []*protoNode
	for _, f := range n.fields {
		if f.name == name && f.msg != nil {
			out = append(out, f.msg)
		}
	}
	return out
}

func (n *protoNode) child(name string) *protoNode {
	if c := n.children(name); len(c) > 0 {
		return c[0]
	}
	return nil
}

// maxProtoDepth bounds nesting: METADATA nests three deep; untrusted input
// must not exhaust the stack.
const maxProtoDepth = 32

type protoLexer struct {
	s    string
	pos  int
	line int
}

type protoToken struct {
	kind byte // 'i' identifier or number, 's' string, or the punctuation itself; 0 at the end
	text string
	line int
}

func (l *protoLexer) next() (protoToken, error) {
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case c == '\n':
			l.line++
			l.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == ',' || c == ';':
			l.pos++
		case c == '#':
			for l.pos < len(l.s) && l.s[l.pos] != '\n' {
				l.pos++
			}
		default:
			goto token
		}
	}
	return protoToken{line: l.line}, nil
token:
	start, c := l.pos, l.s[l.pos]
	switch {
	case c == '{' || c == '}' || c == ':' || c == '<' || c == '>' || c == '[' || c == ']':
		l.pos++
		return protoToken{kind: c, text: string(c), line: l.line}, nil
	case c == '"' || c == '\'':
		l.pos++
		for l.pos < len(l.s) && l.s[l.pos] != c {
			if l.s[l.pos] == '\n' {
				return protoToken{}, fmt.Errorf("line %d: newline in a string", l.line)
			}
			if l.s[l.pos] == '\\' {
				l.pos++
			}
			l.pos++
		}
		if l.pos >= len(l.s) {
			return protoToken{}, fmt.Errorf("line %d: unterminated string", l.line)
		}
		l.pos++
		raw := l.s[start:l.pos]
		text, err := strconv.Unquote(`"` + strings.ReplaceAll(raw[1:len(raw)-1], `"`, `\"`) + `"`)
		if err != nil {
			text = raw[1 : len(raw)-1] // an escape Go does not know: keep it as written
		}
		return protoToken{kind: 's', text: text, line: l.line}, nil
	case c == '_' || c == '-' || c == '.' || c == '+' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		for l.pos < len(l.s) {
			c := l.s[l.pos]
			if !(c == '_' || c == '-' || c == '.' || c == '+' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				break
			}
			l.pos++
		}
		return protoToken{kind: 'i', text: l.s[start:l.pos], line: l.line}, nil
	}
	return protoToken{}, fmt.Errorf("line %d: unexpected %q", l.line, c)
}

// parseTextProto parses a protobuf text-format message.
func parseTextProto(data []byte) (*protoNode, error) {
	l := &protoLexer{s: string(data), line: 1}
	return parseMessage(l, 0, 0)
}

func parseMessage(l *protoLexer, depth int, close byte) (*protoNode, error) {
	if depth > maxProtoDepth {
		return nil, errors.New("messages nested too deep")
	}
	n := &protoNode{}
	for {
		tok, err := l.next()
		if err != nil {
			return nil, err
		}
		switch {
		case tok.kind == 0:
			if close != 0 {
				return nil, fmt.Errorf("line %d: missing %q", tok.line, close)
			}
			return n, nil
		case close != 0 && tok.kind == close:
			return n, nil
		case tok.kind != 'i':
			return nil, fmt.Errorf("line %d: want a field name, got %q", tok.line, tok.text)
		}
		name := tok.text
		val, err := l.next()
		if err != nil {
			return nil, err
		}
		if val.kind == ':' {
			if val, err = l.next(); err != nil {
				return nil, err
			}
		}
		switch val.kind {
		case '{', '<':
			end := byte('}')
			if val.kind == '<' {
				end = '>'
			}
			msg, err := parseMessage(l, depth+1, end)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, protoField{name: name, msg: msg, line: tok.line})
		case 's', 'i':
			var text strings.Builder
			text.WriteString(val.text)
			// Adjacent strings concatenate (in linear time: a file of
			// millions of "a" "a" ... must not take quadratic copying).
			for val.kind == 's' {
				save := *l
				nt, err := l.next()
				if err != nil || nt.kind != 's' {
					*l = save
					break
				}
				text.WriteString(nt.text)
			}
			n.fields = append(n.fields, protoField{name: name, text: text.String(), line: val.line})
		default:
			return nil, fmt.Errorf("line %d: field %s: unexpected %q", val.line, name, val.text)
		}
	}
}
