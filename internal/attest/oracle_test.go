package attest

import (
	"crypto/rand"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOracle has go-securesystemslib's DSSE verifier (and in-toto's own
// Statement v1 validation) check attestations sbomkeeper signs, through
// scripts/dsse-oracle, a module of its own. .ci/run builds it and names the
// binary in SBOMKEEPER_DSSE_ORACLE; without it the test is skipped.
func TestOracle(t *testing.T) {
	oracle := os.Getenv("SBOMKEEPER_DSSE_ORACLE")
	if oracle == "" && os.Getenv("CI") == "true" {
		t.Fatal("CI=true but SBOMKEEPER_DSSE_ORACLE is not set: .ci/run builds scripts/dsse-oracle and sets it")
	}
	if oracle == "" {
		t.Skip("SBOMKEEPER_DSSE_ORACLE is not set (go build -o BIN ./scripts/dsse-oracle from its directory; .ci/run does)")
	}
	dir := t.TempDir()
	for kind, key := range keys(t) {
		t.Run(kind, func(t *testing.T) {
			pubPEM, err := MarshalPublicKey(key.Public())
			if err != nil {
				t.Fatal(err)
			}
			pubFile := filepath.Join(dir, kind+".pub.pem")
			if err := os.WriteFile(pubFile, pubPEM, 0o644); err != nil {
				t.Fatal(err)
			}
			att, err := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), key, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			run := func(name string, data []byte) (string, error) {
				f := filepath.Join(dir, kind+"-"+name+".intoto.jsonl")
				if err := os.WriteFile(f, data, 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(oracle, f, pubFile).CombinedOutput()
				return string(out), err
			}
			out, err := run("good", att)
			id, _ := KeyID(key.Public())
			want := "ok line 1 keyid " + id + " subject " + artifactName + " sha256 " + artifactSum() + " predicateType " + PredicateSPDX2
			if err != nil || strings.TrimSpace(out) != want {
				t.Fatalf("the oracle does not accept the attestation: %v\n%s\nwant %s", err, out, want)
			}
			// The oracle is not a yes-sayer: it refuses a changed signature,
			// a changed statement and a keyid that is not the key's.
			env, _ := ParseEnvelope(att)
			sig, _ := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
			sig[len(sig)-3] ^= 1
			badSig := env
			badSig.Signatures = []Signature{{KeyID: id, Sig: base64.StdEncoding.EncodeToString(sig)}}
			badID := env
			badID.Signatures = []Signature{{KeyID: strings.Repeat("0", 64), Sig: env.Signatures[0].Sig}}
			for name, data := range map[string][]byte{
				"signature": Marshal(badSig),
				"subject":   reencode(t, att, func(s string) string { return strings.Replace(s, artifactName, "demo-1.1.tar.gz", 1) }),
				"keyid":     Marshal(badID),
			} {
				if out, err := run(name, data); err == nil || !strings.Contains(out, "FAIL line 1: signature") {
					t.Errorf("a changed %s: the oracle says %v\n%s", name, err, out)
				}
			}
		})
	}
}
