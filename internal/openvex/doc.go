// Package openvex reads, checks, indexes and writes OpenVEX 0.2.0 documents
// (https://github.com/openvex/spec): statements that a product is or is not
// affected by a vulnerability.
//
// Parse decodes a document as untrusted input: errors name the file, the
// member and, where it helps, the line; it never panics. Check validates a
// document against the official OpenVEX JSON schema (embedded) and the rules of
// the specification that the schema, a draft 2020-12 schema whose "format" is
// only an annotation, cannot express: the @context, RFC 3339 timestamps, IRIs,
// what each status requires (a justification or impact statement for
// not_affected, an action statement for affected) and PURL and CPE syntax.
// Read is both.
//
// An Index answers, for a product and a vulnerability, the statement that
// applies: the latest by timestamp (a statement's own, else its document's),
// later in the order given winning ties. Products match by @id or
// identifiers; PURLs are compared after the normalisation the PURL
// specification defines per type, a statement's PURL without a version
// matching every version and its qualifiers having to be present in the
// product's (as the reference implementation, go-vex, matches).
//
// Marshal writes a document canonically (a fixed member order, two-space
// indent, no HTML escaping, a final newline), and New and Append build
// documents deterministically from a clock the caller gives: the document @id
// of a new document is derived from its statements.
package openvex
