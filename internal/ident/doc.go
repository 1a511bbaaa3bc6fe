// Package ident checks the syntax of the package identifiers SBOMs carry:
// Package URLs and CPE names. SPDX 2.3, CycloneDX and SPDX 3 documents use the
// same identifiers, so their validators share these checks.
package ident
