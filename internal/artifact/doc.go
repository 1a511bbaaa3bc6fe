// Package artifact makes the SBOM of a release artifact, as CPython's release
// tools do for every file they publish: a source archive is read once as a
// stream, every file hashed, the vendored files checked against the source SBOM
// inside it, the rest attributed to the top-level package; an artifact built
// elsewhere (an installer) gets the source and externals SBOMs' packages. The
// config's [artifact] section says what the top-level package and document
// look like, so any project can describe its releases.
package artifact
