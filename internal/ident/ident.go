package ident

import (
	"regexp"
	"strings"
	"sync"
)

// The patterns compile at first use: compiled at start-up they would cost
// every run of the binary, whatever the command.
var (
	// A formatted-string CPE 2.3 name (NISTIR 7695 section 6.2).
	cpe23Re = lazy(`^cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$%&'\(\)\+,/:;<=>@\[\]\^` + "`" + `\{\|}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$%&'\(\)\+,/:;<=>@\[\]\^` + "`" + `\{\|}~]))+(\?*|\*?))|[\*\-])){4}$`)
	// A CPE 2.2 URI (NISTIR 7695 section 6.1).
	cpe22Re = lazy(`^[cC][pP][eE]:/[AHOaho]?(:[A-Za-z0-9\._\-~%]*){0,6}$`)
	// pkg:type/namespace/name@version?qualifiers#subpath (the PURL spec).
	purlRe = lazy(`^pkg:[A-Za-z\.\-\+][A-Za-z0-9\.\-\+]*/[^@?#]+(@[^?#]+)?(\?[^#]*)?(#.*)?$`)
)

func lazy(src string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })
}

// CPE23 reports whether s is a CPE 2.3 formatted string.
func CPE23(s string) bool { return cpe23Re().MatchString(s) }

// CPE22 reports whether s is a CPE 2.2 URI.
func CPE22(s string) bool { return cpe22Re().MatchString(s) }

// PURL reports whether s has the syntax of a Package URL.
func PURL(s string) bool { return purlRe().MatchString(s) }

// SetPURLVersion returns purl with its version (after the last '@' of the
// part before any qualifiers or subpath) replaced by version, or added.
// The rest of the string is kept as written: re-serialising a PURL changes
// names (typing_extensions) that must stay as the SBOM has them.
func SetPURLVersion(purl, version string) string {
	end := len(purl)
	if j := strings.IndexAny(purl, "?#"); j >= 0 {
		end = j
	}
	head, tail := purl[:end], purl[end:]
	if at := strings.LastIndex(head, "@"); at >= 0 {
		head = head[:at]
	}
	return head + "@" + version + tail
}
