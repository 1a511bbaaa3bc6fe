// Package license checks SPDX license expressions against the SPDX license
// list (3.25.0, embedded from ../shared/schemas/spdx-license-list-3.25.0, and
// the IDs 3.28.0 added, from CycloneDX 1.7.1's spdx.schema.json): the grammar
// of SPDX 2.3 annex D, known license and exception IDs, LicenseRef- and
// DocumentRef- references. An ID of either list is valid: CycloneDX 1.7
// writers use the newer IDs, and they are SPDX IDs. Every format sbomkeeper reads or writes (SPDX
// 2.3, CycloneDX, SPDX 3) uses the same expressions, so one package holds it.
package license
