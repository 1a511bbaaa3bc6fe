// Package version orders version strings the way each package ecosystem
// does, for matching OSV ranges: PEP 440 for PyPI (with its normalisation,
// so 2022.09.24 equals 2022.9.24), and Semantic Versioning 2.0 for Go
// modules, crates.io, npm and OSV's SEMVER range type.
//
// It is small and has no dependencies on purpose: see the commit that added
// it for the comparison with osv-scalibr's semantic package.
package version
