package attest

import (
	"crypto"
	"io"
)

// Attest is the attestation that sbom is the SBOM of the artifact named name
// with SHA-256 sha256: a statement signed by key, as one line of a
// .intoto.jsonl file. With an Ed25519 key the bytes depend on the inputs only.
func Attest(name, sha256 string, sbom []byte, key crypto.Signer, rand io.Reader) ([]byte, error) {
	st, err := NewStatement(name, sha256, sbom)
	if err != nil {
		return nil, err
	}
	body, err := MarshalStatement(st)
	if err != nil {
		return nil, err
	}
	env, err := Sign(PayloadType, body, key, rand)
	if err != nil {
		return nil, err
	}
	return Marshal(env), nil
}
