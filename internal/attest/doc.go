// Package attest wraps an SBOM in an in-toto Statement v1 inside a DSSE
// envelope, signs it with a key file, and verifies such attestations offline.
//
// The layers, from the inside out:
//
//   - the predicate: the SBOM document itself (SPDX 2.3, SPDX 3.0.1 or
//     CycloneDX JSON), with the predicate type the in-toto attestation
//     framework's registry gives its format (PredicateType);
//   - the Statement: "_type" https://in-toto.io/Statement/v1, one subject (the
//     artifact's base name and its SHA-256), the predicate type and the
//     predicate;
//   - the Envelope (DSSE v1): payload type application/vnd.in-toto+json, the
//     statement's bytes in base64, and signatures over PAE(payloadType,
//     payload), each with a keyid.
//
// Keys are Ed25519 or ECDSA P-256 in standard PEM: PKCS#8 for private keys,
// PKIX (SubjectPublicKeyInfo) for public keys. A keyid is the lowercase hex
// SHA-256 of the public key's PKIX DER bytes. ECDSA signs the SHA-256 of the
// PAE and the signature is ASN.1 DER, as go-securesystemslib and the other
// DSSE implementations do. Ed25519 signatures are deterministic, so the same
// key and input give the same envelope bytes; ECDSA signatures are
// randomised, so they differ from run to run (each verifies).
//
// Everything read here is untrusted: ParseEnvelope, ParseStatement and the
// key parsers refuse what they do not understand (duplicate JSON members
// among them, so that no two readers can see two different statements) with
// errors that name the field. Nothing here reads or writes files.
package attest
