// Package diff compares two SPDX documents: packages added, removed and
// changed (version, checksums, licenses, identifiers), and the files each
// package gained, lost or changed. It is pure; the CLI renders its result as
// text, JSON or a Markdown table for release notes.
package diff
