// Package config holds sbomkeeper's configuration (sbomkeeper.toml): which SBOM
// documents a project keeps, what kind each is, which files belong to which
// vendored package, the license policy, version pins kept in other files and how
// externals are read from a build script. Load checks everything it can before any
// work starts and names file:line in its errors.
package config
