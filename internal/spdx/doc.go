// Package spdx holds the SPDX 2.3 JSON document model sbomkeeper reads and writes,
// the canonical writer whose bytes equal Python's json.dumps(doc, indent=2,
// sort_keys=True), and the SPDX ID encoding CPython's tools use.
//
// The model is lossless: every object keeps the members it does not model, and
// members whose value does not fit the modelled type, in its Extra map, so a
// document read and written back is byte-identical when nothing was changed and a
// hand-edited field is never dropped. The package does no file-system I/O.
package spdx
