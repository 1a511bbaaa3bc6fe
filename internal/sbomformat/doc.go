// Package sbomformat tells which SBOM format a document is in from its content,
// not its file name: SPDX 2.x JSON, CycloneDX JSON or SPDX 3 JSON-LD, and
// OpenVEX, which is not an SBOM but statements about one that validate also
// reads. validate and convert use it so that users never have to say what they
// are handing over.
package sbomformat
