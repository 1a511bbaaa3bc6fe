package tree

import "unicode/utf8"

// Match reports whether name (one path component) matches an fnmatch pattern
// component the way Python's fnmatch.fnmatchcase does: *, ?, [seq], [!seq],
// ranges, a ']' first in a set is literal, an unclosed '[' is literal.
// Case-sensitive.
//
// Python compares code points, not bytes. Bytes that are not valid UTF-8 are
// treated the way Python's os.fsdecode sees them (surrogateescape): each such
// byte is one character, distinct from every valid character, so '?' matches
// it and a set can name it.
func Match(pattern, name string) bool {
	return compilePattern(pattern).match(name)
}

// matcher is a compiled fnmatch pattern. Compiling once per directory listing
// keeps glob expansion cheap when a pattern is tried against many names.
type matcher []token

type tokenKind uint8

const (
	tokLiteral tokenKind = iota
	tokAny               // '?'
	tokStar              // one or more consecutive '*'
	tokSet               // '[...]'
)

type token struct {
	kind tokenKind
	r    rune // tokLiteral
	set  charSet
}

// charSet is a bracket expression after Python's translation: an empty,
// non-negated set never matches and an empty, negated set matches anything,
// which is what fnmatch's '(?!)' and '.' translations mean.
type charSet struct {
	negate bool
	ranges []runeRange
}

type runeRange struct{ lo, hi rune }

func (s *charSet) contains(r rune) bool {
	in := false
	for _, rr := range s.ranges {
		if rr.lo <= r && r <= rr.hi {
			in = true
			break
		}
	}
	return in != s.negate
}

func (t *token) matches(r rune) bool {
	switch t.kind {
	case tokLiteral:
		return t.r == r
	case tokAny:
		return true
	case tokSet:
		return t.set.contains(r)
	}
	return false
}

// decodeRune is utf8.DecodeRuneInString with Python's surrogateescape: an
// invalid byte b decodes to U+DC00+b, so it compares equal only to itself and
// sorts where Python would sort it inside a range.
func decodeRune(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 0xDC00 + rune(s[0]), 1
	}
	return r, n
}

func toRunes(s string) []rune {
	rs := make([]rune, 0, len(s))
	for len(s) > 0 {
		r, n := decodeRune(s)
		rs = append(rs, r)
		s = s[n:]
	}
	return rs
}

// compilePattern follows fnmatch.translate step by step. Bracket expressions
// go through the same chunking Python applies before handing the set to its
// regular expression engine, and then through a port of how that engine
// (re._parser) reads the set, because the combination has corner cases
// ("[a-c-e]", "[z-a]", "[!z-a]", "[a--z]") that a textbook reading of
// bracket expressions gets wrong.
func compilePattern(pattern string) matcher {
	pat := toRunes(pattern)
	var m matcher
	i, n := 0, len(pat)
	for i < n {
		c := pat[i]
		i++
		switch c {
		case '*':
			if len(m) == 0 || m[len(m)-1].kind != tokStar {
				m = append(m, token{kind: tokStar})
			}
		case '?':
			m = append(m, token{kind: tokAny})
		case '[':
			j := i
			if j < n && pat[j] == '!' {
				j++
			}
			if j < n && pat[j] == ']' {
				j++
			}
			for j < n && pat[j] != ']' {
				j++
			}
			if j >= n {
				m = append(m, token{kind: tokLiteral, r: '['})
				continue
			}
			m = append(m, token{kind: tokSet, set: parseSet(pat[i:j])})
			i = j + 1
		default:
			m = append(m, token{kind: tokLiteral, r: c})
		}
	}
	return m
}

// classAtom is one element of the regular-expression set text that
// fnmatch.translate builds: either a literal character or one of the
// unescaped '-' it inserts between chunks to form ranges.
type classAtom struct {
	r   rune
	sep bool
}

// parseSet turns the text between '[' and ']' into a charSet.
func parseSet(stuff []rune) charSet {
	negate := len(stuff) > 0 && stuff[0] == '!'
	hasDash := false
	for _, r := range stuff {
		if r == '-' {
			hasDash = true
			break
		}
	}
	if !hasDash {
		// Without '-' every character is literal; only a leading '!'
		// (negation) is special.
		body := stuff
		if negate {
			body = stuff[1:]
		}
		set := charSet{negate: negate}
		for _, r := range body {
			set.ranges = append(set.ranges, runeRange{r, r})
		}
		return set
	}

	// Split into chunks at the '-' that can form ranges, exactly as
	// translate does: the search restarts three characters after each '-',
	// so "a-b-c" is the chunks "a" and "b-c".
	var chunks [][]rune
	i, j := 0, len(stuff)
	k := 1
	if negate {
		k = 2
	}
	for {
		k = indexRune(stuff, '-', k, j)
		if k < 0 {
			break
		}
		chunks = append(chunks, stuff[i:k:k])
		i = k + 1
		k += 3
	}
	if last := stuff[i:j:j]; len(last) > 0 {
		chunks = append(chunks, last)
	} else {
		chunks[len(chunks)-1] = append(chunks[len(chunks)-1], '-')
	}
	// Drop ranges whose ends are reversed, as translate does, so that they
	// match nothing instead of being a regular-expression error.
	for k := len(chunks) - 1; k > 0; k-- {
		prev, cur := chunks[k-1], chunks[k]
		if prev[len(prev)-1] > cur[0] {
			merged := make([]rune, 0, len(prev)+len(cur)-2)
			merged = append(merged, prev[:len(prev)-1]...)
			merged = append(merged, cur[1:]...)
			chunks[k-1] = merged
			chunks = append(chunks[:k], chunks[k+1:]...)
		}
	}

	var atoms []classAtom
	for ci, chunk := range chunks {
		if ci > 0 {
			atoms = append(atoms, classAtom{sep: true})
		}
		for _, r := range chunk {
			atoms = append(atoms, classAtom{r: r})
		}
	}
	switch {
	case len(atoms) == 0:
		return charSet{} // translate's "(?!)"
	case len(atoms) == 1 && !atoms[0].sep && atoms[0].r == '!':
		return charSet{negate: true} // translate's "."
	}
	if !atoms[0].sep && atoms[0].r == '!' {
		return readSet(atoms[1:], true)
	}
	return readSet(atoms, false)
}

// readSet reads atoms the way Python's regular-expression parser reads the
// inside of a set: a literal followed by an unescaped '-' and another
// character is a range, a '-' anywhere else is literal.
func readSet(atoms []classAtom, negate bool) charSet {
	set := charSet{negate: negate}
	lit := func(a classAtom) rune {
		if a.sep {
			return '-'
		}
		return a.r
	}
	for i := 0; i < len(atoms); {
		lo := lit(atoms[i])
		i++
		if i < len(atoms) && atoms[i].sep {
			i++
			if i == len(atoms) {
				set.ranges = append(set.ranges, runeRange{lo, lo}, runeRange{'-', '-'})
				break
			}
			hi := lit(atoms[i])
			i++
			// translate never produces a reversed range; if it ever did,
			// Python would raise, and an empty range is the safe reading.
			if hi >= lo {
				set.ranges = append(set.ranges, runeRange{lo, hi})
			}
			continue
		}
		set.ranges = append(set.ranges, runeRange{lo, lo})
	}
	return set
}

func indexRune(s []rune, r rune, from, to int) int {
	for i := from; i < to; i++ {
		if s[i] == r {
			return i
		}
	}
	return -1
}

// match is the usual single-backtrack-point wildcard algorithm. It agrees
// with translate's atomic-group regular expression because every token other
// than '*' consumes exactly one character, so the earliest place a fixed run
// can match is always as good as any later one.
func (m matcher) match(name string) bool {
	px, nx := 0, 0
	starPx, starNx := -1, 0
	for px < len(m) || nx < len(name) {
		if px < len(m) {
			t := &m[px]
			if t.kind == tokStar {
				starPx, starNx = px, nx
				px++
				continue
			}
			if nx < len(name) {
				r, size := decodeRune(name[nx:])
				if t.matches(r) {
					px++
					nx += size
					continue
				}
			}
		}
		if starPx >= 0 && starNx < len(name) {
			_, size := decodeRune(name[starNx:])
			starNx += size
			px, nx = starPx+1, starNx
			continue
		}
		return false
	}
	return true
}

// hasMagic is glob.has_magic.
func hasMagic(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[':
			return true
		}
	}
	return false
}
