// Package diff compares two SBOMs in the SPDX 2.3 model (read from any format
// by internal/convert): packages added, removed and changed (version,
// checksums, licenses, identifiers), and the files each package gained, lost
// or changed. Packages are paired by identity, not SPDX ID: the PURL when both
// have one (compared by the PURL spec's case rules), else the CPE, else the
// name; several of one identity in a document stay apart (see match). Files
// are compared by name and checksum. It is pure; the CLI reads the documents
// and renders the result as text, JSON or a Markdown table for release notes.
package diff
