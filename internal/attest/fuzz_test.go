package attest

import (
	"crypto"
	"crypto/rand"
	"testing"
)

// The parsers of untrusted input: an envelope, the statement in it, PEM keys,
// and Verify over a whole attestation file. None may panic; what they accept
// must be what they claim.

func FuzzParseEnvelope(f *testing.F) {
	good, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), testKey(), nil)
	f.Add(good)
	f.Add([]byte(`{"payloadType":"application/vnd.in-toto+json","payload":"e30","signatures":[{"sig":"AA"}]}`))
	f.Add([]byte(`{"payload":"e30=","payload":"e30=","signatures":[{"sig":"AA=="}]}`))
	f.Add([]byte(`[[[[{}]]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := ParseEnvelope(data)
		if err != nil {
			return
		}
		if len(env.Signatures) == 0 {
			t.Fatal("accepted an envelope without signatures")
		}
		if _, err := env.Body(); err != nil {
			t.Fatalf("accepted a payload that does not decode: %v", err)
		}
		back, err := ParseEnvelope(Marshal(env))
		if err != nil || back.Payload != env.Payload || len(back.Signatures) != len(env.Signatures) {
			t.Fatalf("Marshal does not read back: %v", err)
		}
	})
}

func FuzzParseStatement(f *testing.F) {
	st, _ := NewStatement(artifactName, artifactSum(), sbomFor(artifactSum()))
	good, _ := MarshalStatement(st)
	f.Add(good)
	f.Add([]byte(`{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"digest":{"sha256":"x"}}],"predicateType":"p","predicate":[]}`))
	f.Add([]byte(`{"_type":"https://in-toto.io/Statement/v1","subject":null,"_type":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := ParseStatement(data)
		if err != nil {
			return
		}
		if st.Type != StatementType || len(st.Subject) == 0 || st.PredicateType == "" || len(st.Predicate) == 0 {
			t.Fatalf("accepted an incomplete statement: %+v", st)
		}
		for _, s := range st.Subject {
			if len(s.Digest) == 0 {
				t.Fatalf("accepted a subject without digest: %+v", s)
			}
		}
	})
}

func FuzzParseKey(f *testing.F) {
	for _, kind := range []string{Ed25519, ECDSAP256} {
		k, _ := GenerateKey(kind, rand.Reader)
		priv, _ := MarshalPrivateKey(k)
		pub, _ := MarshalPublicKey(k.Public())
		f.Add(priv)
		f.Add(pub)
	}
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if k, err := ParsePrivateKey(data); err == nil {
			if _, err := KeyID(k.Public()); err != nil {
				t.Fatalf("accepted a private key without a keyid: %v", err)
			}
		}
		if k, err := ParsePublicKey(data); err == nil {
			if _, err := KeyID(k); err != nil {
				t.Fatalf("accepted a public key without a keyid: %v", err)
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	key := testKey()
	good, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), key, nil)
	f.Add(good)
	f.Add(append(append([]byte{}, good...), good...))
	f.Add([]byte("\n\n{}\n"))
	opts := VerifyOptions{Keys: []crypto.PublicKey{key.Public()}, Artifact: art(), SBOM: sbomFor(artifactSum()), SBOMName: "s"}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fd := range Verify("a", data, opts) {
			if fd.Rule == "" || fd.Message == "" {
				t.Fatalf("a finding without rule or message: %+v", fd)
			}
		}
	})
}
