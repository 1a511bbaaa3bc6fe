// Package propose turns evidence of vendored code (internal/evidence) into
// the packages `sbomkeeper init` proposes: one per directory of vendored
// code, with the smallest include globs (and exact excludes) that select its
// files, its version, identifiers and pins where the evidence supports them,
// the evidence it came from and what a person must still triage (the license
// above all); wheels become bundles. It renders the proposal as a config in
// internal/config's format and as the skeleton SPDX document (internal/spdx).
// Propose reads no files: it works on a scan's result. Files reads the
// proposed wheels again (internal/bundle) to give their vendored projects the
// SPDX IDs regen gives them.
package propose
