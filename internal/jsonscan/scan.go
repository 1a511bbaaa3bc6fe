package jsonscan

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is what an Issue is about.
type Kind uint8

const (
	// DuplicateKey is a member name used twice in one object.
	DuplicateKey Kind = iota + 1
	// InvalidUTF8 is a byte of a string that is not part of a UTF-8 sequence.
	InvalidUTF8
	// LoneSurrogate is a \u escape of half a UTF-16 surrogate pair whose other
	// half does not follow (or precede).
	LoneSurrogate
)

// MaxIssues is how many issues Scan lists; it counts the rest. A hostile
// document of a million repeated keys must not cost a million JSON pointers
// of memory, and nobody reads past the first thousand.
const MaxIssues = 1000

// Position is a place in the text.
type Position struct {
	Offset int // in bytes, from 0
	Line   int // from 1
	Column int // from 1, in bytes
}

func (p Position) String() string { return fmt.Sprintf("line %d, column %d", p.Line, p.Column) }

// Issue is one thing a decoder would change without saying so.
type Issue struct {
	Kind Kind
	// At is the member name's opening quote for a DuplicateKey, the byte that
	// is not UTF-8, or the backslash of the surrogate's escape.
	At Position
	// Pointer is the JSON pointer of the member (DuplicateKey, or a bad
	// member name) or of the string value the text is in; "" is the top level.
	Pointer string
	// InKey says the bad text is in a member name, not in its value.
	InKey bool
	// Key is the repeated member name, as a decoder reads it (DuplicateKey).
	Key string
	// Earlier is where the member name first appears in the object
	// (DuplicateKey): its value is the one a decoder would lose.
	Earlier Position
	// Text is the offending bytes as written: the escape (\ud800) or the
	// bytes in hex (0xff).
	Text string
}

// String names the place and what a decoder would do, for a person fixing
// the file by hand.
func (i Issue) String() string {
	ptr := i.Pointer
	if ptr == "" {
		ptr = "the top-level value"
	}
	where := fmt.Sprintf("%s (%s)", i.At, ptr)
	in := "the string value"
	if i.InKey {
		in = "the member name"
	}
	switch i.Kind {
	case DuplicateKey:
		return fmt.Sprintf("%s: member %q appears again in the same object (first at %s); a reader keeps only this last value, so the earlier one would be lost: remove one of them", where, i.Key, i.Earlier)
	case InvalidUTF8:
		return fmt.Sprintf("%s: byte %s in %s is not UTF-8; a reader would turn it into U+FFFD: write the character in UTF-8 or as a \\u escape", where, i.Text, in)
	case LoneSurrogate:
		return fmt.Sprintf("%s: %s in %s is half of a UTF-16 surrogate pair, which is no character; a reader would turn it into U+FFFD: write the character itself or its complete pair", where, i.Text, in)
	}
	return where + ": unknown issue"
}

// Error is text with issues, for readers that refuse it.
type Error struct {
	Issues  []Issue
	Omitted int // issues beyond MaxIssues, counted but not listed
}

func (e *Error) Error() string {
	n := len(e.Issues) + e.Omitted
	var b strings.Builder
	if n == 1 {
		b.WriteString("the JSON text has 1 problem a reader would silently change")
	} else {
		fmt.Fprintf(&b, "the JSON text has %d problems a reader would silently change", n)
	}
	for _, i := range e.Issues {
		b.WriteString("\n  ")
		b.WriteString(i.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  and %d more not listed", e.Omitted)
	}
	return b.String()
}

// Check returns an *Error listing every issue of data, or nil.
func Check(data []byte) error {
	issues, omitted := Scan(data)
	if len(issues) == 0 {
		return nil
	}
	return &Error{Issues: issues, Omitted: omitted}
}

// Scan returns the issues of the first JSON value in data, in the order of
// the text, at most MaxIssues of them, and how many more there were.
func Scan(data []byte) (issues []Issue, omitted int) {
	s := scanner{data: data}
	s.run()
	s.locate()
	return s.issues, s.omitted
}

// frame is an open object or array.
type frame struct {
	object bool
	index  int    // arrays: the index of the current item
	key    []byte // objects: the current member's name, decoded
	names  []name // objects: the names so far, while few
	set    map[string]int
}

type name struct {
	text []byte
	off  int
}

// manyNames is where an object's names move from a list to a map.
const manyNames = 16

type scanner struct {
	data    []byte
	i       int
	stack   []frame
	issues  []Issue
	omitted int
	// earlier holds, per issue, the offset of the first occurrence of a
	// duplicate key; locate turns offsets into positions.
	earlier []int
}

// run reads one value with an explicit stack (no recursion, so any depth is
// safe) and returns at the end of it or at the first syntax error.
func (s *scanner) run() {
	s.space()
	for {
		opened, ok := s.value()
		if !ok {
			return
		}
		if opened {
			continue // read the first value inside
		}
		// After a value: close what ends, or go on to the next member or item.
		for {
			if len(s.stack) == 0 {
				return
			}
			s.space()
			if s.i >= len(s.data) {
				return
			}
			top := &s.stack[len(s.stack)-1]
			c := s.data[s.i]
			if c == ',' {
				s.i++
				s.space()
				if top.object {
					if !s.member(top) {
						return
					}
				} else {
					top.index++
				}
				break
			}
			if top.object && c == '}' || !top.object && c == ']' {
				s.i++
				s.stack = s.stack[:len(s.stack)-1]
				continue
			}
			return
		}
	}
}

// value reads a scalar or an empty object or array, or opens an object or
// array up to its first value (opened); !ok ends the scan.
func (s *scanner) value() (opened, ok bool) {
	if s.i >= len(s.data) {
		return false, false
	}
	switch c := s.data[s.i]; {
	case c == '{' || c == '[':
		s.i++
		s.push(c == '{')
		s.space()
		top := &s.stack[len(s.stack)-1]
		if s.i < len(s.data) && (c == '{' && s.data[s.i] == '}' || c == '[' && s.data[s.i] == ']') {
			s.i++
			s.stack = s.stack[:len(s.stack)-1]
			return false, true
		}
		if top.object && !s.member(top) {
			return false, false
		}
		return true, true
	case c == '"':
		_, ok := s.str(false)
		return false, ok
	case c == 't':
		return false, s.literal("true")
	case c == 'f':
		return false, s.literal("false")
	case c == 'n':
		return false, s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		for s.i < len(s.data) {
			switch c := s.data[s.i]; {
			case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
				s.i++
				continue
			}
			break
		}
		return false, true
	}
	return false, false
}

// push opens a frame, reusing the name list a closed frame at this depth
// left, so that scanning thousands of small objects allocates nothing.
func (s *scanner) push(object bool) {
	if len(s.stack) < cap(s.stack) {
		s.stack = s.stack[:len(s.stack)+1]
		f := &s.stack[len(s.stack)-1]
		*f = frame{object: object, names: f.names[:0]}
		return
	}
	s.stack = append(s.stack, frame{object: object})
}

// member reads a member name and its colon, checking the name against the
// object's earlier ones; false ends the scan.
func (s *scanner) member(top *frame) bool {
	if s.i >= len(s.data) || s.data[s.i] != '"' {
		return false
	}
	at := s.i
	first := len(s.issues)
	key, ok := s.str(true)
	if !ok {
		return false
	}
	top.key = key
	// Issues inside the name were found before the name was known.
	for j := first; j < len(s.issues); j++ {
		s.issues[j].Pointer = s.pointer()
	}
	if prev, dup := top.seen(key, at); dup {
		s.add(Issue{Kind: DuplicateKey, At: Position{Offset: at}, Key: string(key)}, prev)
	}
	s.space()
	if s.i >= len(s.data) || s.data[s.i] != ':' {
		return false
	}
	s.i++
	s.space()
	return true
}

// seen records key at off and reports the offset of an earlier equal name.
func (f *frame) seen(key []byte, off int) (int, bool) {
	if f.set == nil {
		for _, n := range f.names {
			if bytes.Equal(n.text, key) {
				return n.off, true
			}
		}
		f.names = append(f.names, name{key, off})
		if len(f.names) > manyNames {
			f.set = make(map[string]int, 2*manyNames)
			for _, n := range f.names {
				if _, ok := f.set[string(n.text)]; !ok {
					f.set[string(n.text)] = n.off
				}
			}
		}
		return 0, false
	}
	if prev, ok := f.set[string(key)]; ok {
		return prev, true
	}
	f.set[string(key)] = off
	return 0, false
}

func (s *scanner) literal(word string) bool {
	if !bytes.HasPrefix(s.data[s.i:], []byte(word)) {
		return false
	}
	s.i += len(word)
	return true
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str reads the string at s.i, reporting bytes that are not UTF-8 and lone
// surrogate escapes. For a member name (decode) it returns the name as
// encoding/json reads it, so that "a" and "\u0061" are the same name; the
// bytes of the input when they need no decoding.
func (s *scanner) str(decode bool) ([]byte, bool) {
	s.i++ // the opening quote
	start := s.i
	var buf []byte // the decoded name, once it differs from the input
	plain := true
	for s.i < len(s.data) {
		// Most of an SBOM is ASCII strings without escapes: skip runs of
		// such bytes a table look-up at a time.
		if plain || !decode {
			for s.i < len(s.data) && !special[s.data[s.i]] {
				s.i++
			}
			if s.i == len(s.data) {
				return nil, false
			}
		}
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			if plain {
				return s.data[start : s.i-1], true
			}
			return buf, true
		case c < 0x20:
			return nil, false
		case c < utf8.RuneSelf && c != '\\':
			if !plain && decode {
				buf = append(buf, c)
			}
			s.i++
			continue
		}
		if plain && decode {
			buf = append(buf, s.data[start:s.i]...)
		}
		plain = false
		if c != '\\' {
			r, size := utf8.DecodeRune(s.data[s.i:])
			if r == utf8.RuneError && size == 1 {
				s.add(Issue{Kind: InvalidUTF8, At: Position{Offset: s.i}, InKey: decode, Text: fmt.Sprintf("0x%02x", c), Pointer: s.valuePointer(decode)}, -1)
				if decode {
					buf = utf8.AppendRune(buf, utf8.RuneError)
				}
			} else if decode {
				buf = append(buf, s.data[s.i:s.i+size]...)
			}
			s.i += size
			continue
		}
		// An escape.
		if s.i+1 >= len(s.data) {
			return nil, false
		}
		e := s.data[s.i+1]
		if e != 'u' {
			var out byte
			switch e {
			case '"', '\\', '/':
				out = e
			case 'b':
				out = '\b'
			case 'f':
				out = '\f'
			case 'n':
				out = '\n'
			case 'r':
				out = '\r'
			case 't':
				out = '\t'
			default:
				return nil, false
			}
			if decode {
				buf = append(buf, out)
			}
			s.i += 2
			continue
		}
		r, ok := hex4(s.data, s.i+2)
		if !ok {
			return nil, false
		}
		at := s.i
		s.i += 6
		if utf16.IsSurrogate(r) {
			if r < 0xdc00 {
				if r2, ok := hex4(s.data, s.i+2); ok && s.i+1 < len(s.data) && s.data[s.i] == '\\' && s.data[s.i+1] == 'u' && r2 >= 0xdc00 && r2 <= 0xdfff {
					s.i += 6
					if decode {
						buf = utf8.AppendRune(buf, utf16.DecodeRune(r, r2))
					}
					continue
				}
			}
			s.add(Issue{Kind: LoneSurrogate, At: Position{Offset: at}, InKey: decode, Text: string(s.data[at : at+6]), Pointer: s.valuePointer(decode)}, -1)
			r = utf8.RuneError
		}
		if decode {
			buf = utf8.AppendRune(buf, r)
		}
	}
	return nil, false
}

// special marks the bytes a string scan must stop at: the closing quote, an
// escape, control characters (a syntax error) and the bytes of UTF-8
// sequences.
var special = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf
	}
	return t
}()

// hex4 reads the four hex digits of a \u escape at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// add records an issue, or only counts it past MaxIssues. earlier is the
// offset of a duplicate's first occurrence, -1 for other kinds.
func (s *scanner) add(i Issue, earlier int) {
	if len(s.issues) >= MaxIssues {
		s.omitted++
		return
	}
	if i.Kind == DuplicateKey {
		i.Pointer = s.pointer()
	}
	s.issues = append(s.issues, i)
	s.earlier = append(s.earlier, earlier)
}

// valuePointer is the pointer of the string being read: a member name's is
// filled in once the name is known.
func (s *scanner) valuePointer(inKey bool) string {
	if inKey || len(s.issues) >= MaxIssues {
		return ""
	}
	return s.pointer()
}

// pointer is the JSON pointer of the current value (RFC 6901: "~" as "~0",
// "/" as "~1").
func (s *scanner) pointer() string {
	var b strings.Builder
	for i := range s.stack {
		f := &s.stack[i]
		b.WriteByte('/')
		if f.object {
			k := string(f.key)
			if strings.ContainsAny(k, "~/") {
				k = strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			}
			b.WriteString(k)
		} else {
			b.WriteString(strconv.Itoa(f.index))
		}
	}
	return b.String()
}

// locate fills in lines and columns, indexing the lines only when there is
// something to report.
func (s *scanner) locate() {
	if len(s.issues) == 0 {
		return
	}
	starts := []int{0}
	for i, c := range s.data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	pos := func(off int) Position {
		line := sort.SearchInts(starts, off+1) // the first start after off
		return Position{Offset: off, Line: line, Column: off - starts[line-1] + 1}
	}
	for j := range s.issues {
		s.issues[j].At = pos(s.issues[j].At.Offset)
		if s.earlier[j] >= 0 {
			s.issues[j].Earlier = pos(s.earlier[j])
		}
	}
}
