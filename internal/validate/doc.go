// Package validate checks SPDX 2.3 JSON documents: the official JSON schema
// (2.3, and the 2.3.1 revision that accepts PACKAGE_MANAGER-style spellings),
// then what a schema cannot say (unique IDs, relationships that name existing
// elements, license expressions against the SPDX license list, checksum
// lengths, PURL and CPE syntax, verification codes present and right, no file
// contained by two packages, the described package being the artifact,
// namespace and timestamp forms), then the NTIA minimum elements per package.
// Every finding names the element and a JSON path. The schemas and the
// license list are embedded. Document tells the format from the content and
// also checks CycloneDX, SPDX 3.0.1 and OpenVEX 0.2.0 (openvex.Check).
package validate
