// Package cyclonedx converts between SPDX 2.3 documents (the spdx package's
// model) and CycloneDX 1.6 JSON, and checks CycloneDX documents for what their
// JSON schema cannot say.
//
// FromSPDX writes CycloneDX 1.6 deterministically: the serial number is a
// name-based UUID (version 5) of the SPDX document namespace, the timestamp is
// the SPDX creation time, and nothing depends on map order or the clock.
// ToSPDX reads CycloneDX 1.5, 1.6 or 1.7 JSON, which it treats as untrusted input:
// errors name the JSON path, nesting is bounded, and nothing panics.
//
// Both directions return the Loss list: every member of the input that the
// output does not carry, named by its JSON pointer. Nothing is dropped
// silently. What SPDX has and CycloneDX lacks is kept in CycloneDX properties
// named "sbomkeeper:spdx:..." so that SPDX -> CycloneDX -> SPDX gives the same
// document back; docs/cyclonedx.md is the mapping table.
//
// Check returns the semantic issues of a CycloneDX document (unique bom-refs,
// dependency targets, hash lengths, PURL, CPE and license syntax, serial
// number and timestamp forms, NTIA minimum elements) as values.
//
// The model is a handful of unexported structs written with encoding/json
// rather than github.com/CycloneDX/cyclonedx-go: the output order and
// omissions are ours to fix, reading goes through generic JSON anyway to find
// the members a mapping did not consume, and the binary gains no init work.
package cyclonedx
