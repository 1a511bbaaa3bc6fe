// Package gomod builds the SBOM of a Go module from its go.mod, go.sum and (when
// present) vendor/modules.txt: the main module and every module it requires,
// with pkg:golang PURLs. sbomkeeper keeps its own SBOM this way.
package gomod
