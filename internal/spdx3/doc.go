// Package spdx3 writes SPDX 3.0.1 JSON-LD from the SPDX 2.3 model of package
// spdx, reads it back into that model, and checks SPDX 3.0.1 graphs against
// the model rules the official JSON schema cannot express.
//
// FromSPDX2 is deterministic to the byte and lossy only on the record: every
// member, element or relationship it does not carry comes back as a Loss that
// names its JSON pointer in the SPDX 2.3 document. The mapping follows the SPDX
// 3.0.1 model (spdx/spdx-3-model, tag 3.0.1), its JSON-LD context and schema,
// and Annex A.1 of the SPDX 3.0 specification ("Differences between V3.0 and
// V2.3"); docs/spdx3.md has the table and the list of losses.
//
// ToSPDX2 is the reverse: a graph FromSPDX2 wrote gives its document back
// (SPDX IDs from the element IRIs), any other graph gets IDs made from its
// IRIs, and every object or member that SPDX 2.3 cannot hold is a Loss with
// its JSON pointer in the SPDX 3 document. It treats its input as untrusted.
//
// Check implements, for the classes FromSPDX2 writes, the rules of the model
// that a JSON schema cannot state (unique IRIs, references that resolve to
// objects of the right class, relationship and hash rules, CreationInfo and
// SpdxDocument requirements). A conforming document passes both the schema and
// Check. The package does no file-system I/O; it reads SOURCE_DATE_EPOCH only
// when a document has no creation time and Options do not give one.
package spdx3
