// Package source regenerates the files and relationships of a source SBOM: the
// SPDX document of vendored code whose files are selected by per-package include
// globs, as CPython's Tools/build/generate_sbom.py does for Misc/sbom.spdx.json.
// Package entries are left as the humans wrote them.
package source
