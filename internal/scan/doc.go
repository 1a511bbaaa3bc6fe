// Package scan matches the packages of an SBOM against OSV vulnerability
// records, offline, and applies VEX decisions to what matched.
//
// A package is matched by the PURL in its external references: the PURL
// type names the OSV ecosystem (pypi → PyPI, golang → Go, cargo →
// crates.io, npm → npm), the name is compared as that ecosystem compares
// names, and the version is ordered as internal/version orders that
// ecosystem. A record affects a version when it is in the record's versions
// list or inside one of its SEMVER or ECOSYSTEM ranges; GIT ranges are not
// used (an SBOM gives versions, not commits) and withdrawn records are
// ignored. Records that name each other (id or aliases) are one
// vulnerability and give one Finding with all their IDs.
//
// A package the data cannot cover (no PURL, a PURL type without an OSV
// ecosystem, no version, an ecosystem no loaded record is about, a version
// the ordering cannot read) is listed in Result.NotChecked, so that silence
// is never read as safety.
//
// VEX decisions come from a Suppressor: not_affected and fixed suppress a
// package's match, affected and under_investigation keep it; either way the
// decision is kept on the match and rendered.
package scan
