// Package keep regenerates every SBOM a config declares and compares the result
// with what is on disk: the engine behind `sbomkeeper regen` and `check`. It
// reads the documents and the inputs they are generated from, hands them to the
// package for their kind (source, externals, gomod), runs the package rules,
// and returns the new bytes and the findings; Write puts documents on disk
// atomically.
package keep
