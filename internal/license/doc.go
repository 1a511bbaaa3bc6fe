// Package license checks SPDX license expressions against the SPDX license
// list (3.25.0, embedded from ../shared/schemas/spdx-license-list-3.25.0): the
// grammar of SPDX 2.3 annex D, known license and exception IDs, LicenseRef-
// and DocumentRef- references. Every format sbomkeeper reads or writes (SPDX
// 2.3, CycloneDX, SPDX 3) uses the same expressions, so one package holds it.
package license
