// Package jsonscan walks JSON text once, without building values, and reports
// what a generic decoder would silently change: a member name repeated in one
// object (encoding/json keeps the last value and drops the earlier ones), and
// string bytes that are not UTF-8 or \u escapes of a lone UTF-16 surrogate
// (both read as U+FFFD). A hand-edited SBOM with any of them is not the
// document it looks like, and writing it back would alter it.
//
// Every issue names its place twice: line and column (1-based, the column in
// bytes, as the decoders' syntax errors count it) and the RFC 6901 JSON pointer
// of the member or value. Scan does not judge syntax: at the first byte that
// is not JSON it stops and returns what it found so far, and the decoder that
// reads the text words the syntax error.
package jsonscan
