// Package edit changes a project's dependencies the way a maintainer would by
// hand: it adds, updates and removes a vendored package in the SBOM model and
// in the text of sbomkeeper.toml. It is the data side of `sbomkeeper add`,
// `update` and `remove`; the commands read and write the files and then
// regenerate the SBOM.
//
// SBOM edits go through the lossless SPDX model, so every field of every other
// package is kept. Config edits are made to the text, line by line, so that
// comments and layout survive; each edited text is parsed again before it is
// returned, and an edit that would not parse, or would not say what was
// asked, is an error rather than a file to write.
package edit
