// Command dsse-oracle verifies sbomkeeper's attestations with other people's
// code: go-securesystemslib's DSSE envelope verifier and signer-verifiers for
// the signatures, and in-toto/attestation's Statement v1 for the payload. It
// is a module of its own so that neither enters sbomkeeper's go.mod; the test
// of internal/attest runs it when SBOMKEEPER_DSSE_ORACLE names its binary
// (.ci/run builds it).
//
// Usage: dsse-oracle FILE.intoto.jsonl KEY.pub.pem
//
// Each line of FILE is one envelope. For each, it prints "ok line N keyid K
// subject NAME sha256 S predicateType T" or "FAIL line N: why", and exits 1
// if any line failed.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	v1 "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/secure-systems-lab/go-securesystemslib/signerverifier"
	"google.golang.org/protobuf/encoding/protojson"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: dsse-oracle FILE.intoto.jsonl KEY.pub.pem")
		os.Exit(2)
	}
	v, err := verifier(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "dsse-oracle:", err)
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "dsse-oracle:", err)
		os.Exit(2)
	}
	failed, n := false, 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<30)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		n++
		msg, err := check(v, sc.Bytes())
		if err != nil {
			failed = true
			fmt.Printf("FAIL line %d: %v\n", line, err)
			continue
		}
		fmt.Printf("ok line %d %s\n", line, msg)
	}
	if err := sc.Err(); err != nil || n == 0 {
		fmt.Println("FAIL: no envelope read", err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}

// verifier loads a PEM public key with go-securesystemslib. Its LoadKey
// computes its own keyid (over its JSON key form); sbomkeeper's keyid is the
// SHA-256 of the PKIX DER, computed here from the PEM without sbomkeeper's
// code, and set, so that the envelope verifier's keyid match is exercised.
func verifier(path string) (dsse.Verifier, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New(path + ": not a PEM public key")
	}
	sum := sha256.Sum256(block.Bytes)
	key, err := signerverifier.LoadKey(data)
	if err != nil {
		return nil, err
	}
	key.KeyID = hex.EncodeToString(sum[:])
	switch key.KeyType {
	case signerverifier.ED25519KeyType:
		return signerverifier.NewED25519SignerVerifierFromSSLibKey(key)
	case signerverifier.ECDSAKeyType:
		return signerverifier.NewECDSASignerVerifierFromSSLibKey(key)
	}
	return nil, fmt.Errorf("%s: key type %s", path, key.KeyType)
}

func check(v dsse.Verifier, line []byte) (string, error) {
	var env dsse.Envelope
	if err := json.Unmarshal(line, &env); err != nil {
		return "", fmt.Errorf("envelope: %w", err)
	}
	if env.PayloadType != "application/vnd.in-toto+json" {
		return "", fmt.Errorf("payloadType %q", env.PayloadType)
	}
	ev, err := dsse.NewEnvelopeVerifier(v)
	if err != nil {
		return "", err
	}
	accepted, err := ev.Verify(context.Background(), &env)
	if err != nil {
		return "", fmt.Errorf("signature: %w", err)
	}
	body, err := env.DecodeB64Payload()
	if err != nil {
		return "", err
	}
	var st v1.Statement
	if err := protojson.Unmarshal(body, &st); err != nil {
		return "", fmt.Errorf("statement: %w", err)
	}
	if err := st.Validate(); err != nil {
		return "", fmt.Errorf("statement: %w", err)
	}
	if st.GetType() != v1.StatementTypeUri {
		return "", fmt.Errorf("statement _type %q", st.GetType())
	}
	s := st.GetSubject()[0]
	return fmt.Sprintf("keyid %s subject %s sha256 %s predicateType %s", accepted[0].KeyID, s.GetName(), s.GetDigest()["sha256"], st.GetPredicateType()), nil
}
