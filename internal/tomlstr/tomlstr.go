// Package tomlstr writes TOML strings, for the files sbomkeeper writes by
// hand rather than through an encoder (the config init proposes, the edits of
// add and remove, the lock file), so that all of them quote the same way.
package tomlstr

import (
	"fmt"
	"strings"
)

// Basic is s as a TOML basic string ("..."), with only the escapes TOML
// knows.
func Basic(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Literal is s as a TOML literal string ('...'), when it can be one: no
// apostrophe, no control character.
func Literal(s string) (string, bool) {
	if strings.ContainsRune(s, '\'') || control(s) {
		return "", false
	}
	return "'" + s + "'", true
}

// Quote is s as people write it: "..." when nothing needs escaping, '...'
// for a backslash or a quote (patterns and globs read best so), escapes
// otherwise.
func Quote(s string) string {
	if !control(s) && !strings.ContainsAny(s, `"\`) {
		return `"` + s + `"`
	}
	if l, ok := Literal(s); ok {
		return l
	}
	return Basic(s)
}

func control(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
