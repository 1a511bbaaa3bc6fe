package evidence

import (
	"bytes"
	"regexp"
	"strings"
)

// library is a C library projects often copy, and how its files say so.
type library struct {
	name string
	// cpe is "vendor:product" in NVD's dictionary, "" when we know of none:
	// a guessed CPE is worse than none.
	cpe string
	// version: one pattern whose group is the version, or several (major,
	// minor, patch) joined with ".". Patterns are RE2 usable as pins.
	version []string
	// signatures: text only this library's sources have; all must appear.
	signatures []string
	// signature, when set, is a pattern only this library's sources match
	// (for text that varies between copies).
	signature string
	// headerDirs are directory names its headers live in (include/uv), climbed
	// out of to find the library's root.
	headerDirs []string
}

// define is a pattern for "#define NAME VALUE", VALUE a regexp with one group.
func define(name, value string) string {
	return `#[ \t]*define[ \t]+` + name + `[ \t]+` + value
}

const (
	num     = `(\d+)`
	quoted3 = `"(\d+\.\d+\.\d+)`
)

// libraries is the table of known C libraries. CPE vendor/product pairs are
// NVD's (the ones CPython's SBOM uses where it has the library).
var libraries = []library{
	{name: "expat", cpe: "libexpat_project:libexpat",
		version:    []string{define("XML_MAJOR_VERSION", num), define("XML_MINOR_VERSION", num), define("XML_MICRO_VERSION", num)},
		signatures: []string{"static const XML_Char implicitContext[]"}},
	{name: "zlib", cpe: "zlib:zlib", version: []string{define("ZLIB_VERSION", `"(\d+\.\d+(?:\.\d+)*)`)},
		signatures: []string{"deflate_copyright[] =", "Jean-loup Gailly"}},
	{name: "sqlite", cpe: "sqlite:sqlite", version: []string{define("SQLITE_VERSION", quoted3)}},
	{name: "mpdecimal", cpe: "bytereef:mpdecimal", version: []string{define("MPD_VERSION", quoted3)}},
	{name: "pcre2", cpe: "pcre:pcre2", version: []string{define("PCRE2_MAJOR", num), define("PCRE2_MINOR", num)}},
	{name: "pcre", cpe: "pcre:pcre", version: []string{define("PCRE_MAJOR", num), define("PCRE_MINOR", num)}},
	// CPython 3.11's libffi_osx says "libffi PyOBJC - Copyright (c) 1996-2003".
	{name: "libffi", cpe: "libffi_project:libffi", version: []string{`libffi (\d+\.\d+(?:\.\d+)?(?:-rc\d+)?) - Copyright`},
		signature: `libffi(?: [A-Za-z]+)? - Copyright \(c\)`},
	{name: "bzip2", cpe: "bzip:bzip2", version: []string{define("BZ_VERSION", quoted3)}},
	{name: "xz", cpe: "tukaani:xz", headerDirs: []string{"lzma"},
		version: []string{define("LZMA_VERSION_MAJOR", num), define("LZMA_VERSION_MINOR", num), define("LZMA_VERSION_PATCH", num)}},
	{name: "zstd", cpe: "facebook:zstandard",
		version: []string{define("ZSTD_VERSION_MAJOR", num), define("ZSTD_VERSION_MINOR", num), define("ZSTD_VERSION_RELEASE", num)}},
	{name: "libuv", cpe: "libuv:libuv", headerDirs: []string{"uv"},
		version: []string{define("UV_VERSION_MAJOR", num), define("UV_VERSION_MINOR", num), define("UV_VERSION_PATCH", num)}},
	{name: "curl", cpe: "haxx:libcurl", headerDirs: []string{"curl"}, version: []string{define("LIBCURL_VERSION", quoted3)}},
	{name: "libarchive", cpe: "libarchive:libarchive", version: []string{define("ARCHIVE_VERSION_ONLY_STRING", quoted3)}},
	{name: "nghttp2", cpe: "nghttp2:nghttp2", headerDirs: []string{"nghttp2"}, version: []string{define("NGHTTP2_VERSION", quoted3)}},
	{name: "openssl", cpe: "openssl:openssl", headerDirs: []string{"openssl"},
		version: []string{define("OPENSSL_VERSION_TEXT", `"OpenSSL (\d+\.\d+\.\d+[a-z]?)`)}},
	{name: "jsoncpp", headerDirs: []string{"json"}, version: []string{define("JSONCPP_VERSION_STRING", quoted3)}},
	// double-conversion's sources carry no version.
	{name: "double-conversion", headerDirs: []string{"double-conversion"}, signatures: []string{"namespace double_conversion"}},
	// libb2's sources carry no version either (CPython's SBOM says 0.98.1,
	// which appears in none of the files it lists).
	{name: "libb2", cpe: "blake2:libb2", signatures: []string{"BLAKE2 reference source code package - optimized C implementations"}},
}

var compiled = func() [][]*regexp.Regexp {
	out := make([][]*regexp.Regexp, len(libraries))
	for i, l := range libraries {
		for _, p := range l.version {
			out[i] = append(out[i], regexp.MustCompile(`(?m)^[ \t]*`+p))
		}
	}
	return out
}()

var signatures = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(libraries))
	for i, l := range libraries {
		if l.signature != "" {
			out[i] = regexp.MustCompile(l.signature)
		}
	}
	return out
}()

// genericDirs are directory names a library's headers or sources sit in below
// its root.
var genericDirs = []string{"include", "inc", "lib", "src", "source"}

// CLibrary reads the known C libraries' version macros and signatures in
// one file's contents, whatever the file is called. A library whose version
// macros are only partly present is not reported by them.
func CLibrary(file string, data []byte) []Finding {
	if isBinary(data) {
		return nil
	}
	var out []Finding
	for i, lib := range libraries {
		if f, ok := versionOf(file, data, lib, compiled[i]); ok {
			out = append(out, f)
			continue
		}
		switch {
		case len(lib.signatures) > 0 && all(data, lib.signatures):
			off := bytes.Index(data, []byte(lib.signatures[0]))
			out = append(out, Finding{Kind: KindSignature, File: file, Line: lineAt(data, off), Dir: libraryRoot(file, lib),
				Name: lib.name, Known: true, Detail: "text only " + lib.name + " has: " + strings.Join(lib.signatures, ", ")})
		case signatures[i] != nil && bytes.Contains(data, []byte(lib.name)):
			if m := signatures[i].FindIndex(data); m != nil {
				out = append(out, Finding{Kind: KindSignature, File: file, Line: lineAt(data, m[0]), Dir: libraryRoot(file, lib),
					Name: lib.name, Known: true, Detail: "text only " + lib.name + " has: " + string(data[m[0]:m[1]])})
			}
		}
	}
	return out
}

func versionOf(file string, data []byte, lib library, res []*regexp.Regexp) (Finding, bool) {
	if len(res) == 0 || !bytes.Contains(data, []byte(needle(lib))) {
		return Finding{}, false
	}
	var parts []string
	line := 0
	for _, re := range res {
		m := re.FindSubmatchIndex(data)
		if m == nil {
			return Finding{}, false
		}
		parts = append(parts, string(data[m[2]:m[3]]))
		if line == 0 {
			line = lineAt(data, m[0])
		}
	}
	v := strings.Join(parts, ".")
	f := Finding{Kind: KindMacro, File: file, Line: line, Dir: libraryRoot(file, lib), Name: lib.name, Version: v, Known: true,
		Pins:   []Pin{{File: file, Line: line, Patterns: lib.version, Field: "version"}},
		Detail: macroNames(lib)}
	if lib.cpe != "" {
		f.CPE = cpe23(lib.cpe, v)
	}
	return f, true
}

// needle is a literal every file with the library's version has: a cheap
// test before the regular expressions.
func needle(lib library) string {
	if _, rest, ok := strings.Cut(lib.version[0], `define[ \t]+`); ok {
		name, _, _ := strings.Cut(rest, `[`)
		return name
	}
	lit, _, _ := strings.Cut(lib.version[0], " ")
	return lit
}

// macroNames names what a library's version patterns read, for messages.
func macroNames(lib library) string {
	var names []string
	for _, p := range lib.version {
		if _, rest, ok := strings.Cut(p, `define[ \t]+`); ok {
			name, _, _ := strings.Cut(rest, `[`)
			names = append(names, name)
		} else {
			names = append(names, "the version line")
		}
	}
	return strings.Join(names, ", ")
}

// libraryRoot climbs out of the library's own header directory when it is
// below include/ (include/uv) or below a copy of the repository named like
// it (double-conversion/double-conversion), then out of include/, src/ and the like, but
// never to the tree's root.
func libraryRoot(file string, lib library) string {
	dir := dirOf(file)
	base := func(d string) string { return d[strings.LastIndex(d, "/")+1:] }
	if parent := dirOf(dir); parent != "" && contains(lib.headerDirs, base(dir)) &&
		(contains(genericDirs, base(parent)) || base(parent) == base(dir)) {
		dir = parent
	}
	for dir != "" && contains(genericDirs, base(dir)) {
		parent := dirOf(dir)
		if parent == "" {
			break
		}
		dir = parent
	}
	return dir
}

func all(data []byte, subs []string) bool {
	for _, s := range subs {
		if !bytes.Contains(data, []byte(s)) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isBinary is git's rule: a NUL in the first 8000 bytes.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}
