package attest

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// artifactBytes stands for a release file; sbomFor is its SPDX 2.3 SBOM, which
// DESCRIBES it by name and SHA-256, as sbomkeeper artifact writes them.
var artifactBytes = []byte("demo 1.0 release tarball\n")

const artifactName = "demo-1.0.tar.gz"

func artifactSum() string {
	s := sha256.Sum256(artifactBytes)
	return hex.EncodeToString(s[:])
}

func sbomFor(sum string) []byte {
	return []byte(`{
  "SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "demo-1.0.tar.gz",
  "documentNamespace": "https://example.org/demo/demo-1.0.tar.gz.spdx.json",
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: sbomkeeper-test"]},
  "packages": [{"SPDXID": "SPDXRef-PACKAGE-demo", "name": "demo", "versionInfo": "1.0", "packageFileName": "demo-1.0.tar.gz",
    "checksums": [{"algorithm": "SHA256", "checksumValue": "` + sum + `"}],
    "downloadLocation": "https://example.org/demo/demo-1.0.tar.gz", "supplier": "Organization: Example & Co <demo>",
    "licenseConcluded": "MIT", "filesAnalyzed": false,
    "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/demo@1.0"}]}],
  "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-demo", "relationshipType": "DESCRIBES"}]
}
`)
}

// testKey is a fixed Ed25519 key, so that envelopes can be compared byte for byte.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

func keys(t *testing.T) map[string]crypto.Signer {
	t.Helper()
	ec, err := GenerateKey(ECDSAP256, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]crypto.Signer{Ed25519: testKey(), ECDSAP256: ec}
}

func art() Artifact { return Artifact{Name: artifactName, SHA256: artifactSum()} }

func errorsOf(fs []rules.Finding) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.Severity == rules.Error {
			out = append(out, f)
		}
	}
	return out
}

func ruleIDs(fs []rules.Finding) []string {
	var ids []string
	for _, f := range errorsOf(fs) {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestPAE(t *testing.T) {
	// The example of the DSSE protocol (protocol.md, "Signature definition").
	got := string(PAE("http://example.com/HelloWorld", []byte("hello world")))
	if want := "DSSEv1 29 http://example.com/HelloWorld 11 hello world"; got != want {
		t.Errorf("PAE = %q, want %q", got, want)
	}
	if got := string(PAE("", nil)); got != "DSSEv1 0  0 " {
		t.Errorf("PAE of nothing = %q", got)
	}
}

func TestAttestVerifies(t *testing.T) {
	for kind, key := range keys(t) {
		t.Run(kind, func(t *testing.T) {
			att, err := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), key, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Count(att, []byte("\n")) != 1 || !bytes.HasSuffix(att, []byte("\n")) {
				t.Errorf("not one JSON line: %q", att)
			}
			fs := Verify("a.intoto.jsonl", att, VerifyOptions{Keys: []crypto.PublicKey{key.Public()}, Artifact: art(), SBOM: sbomFor(artifactSum()), SBOMName: "demo.spdx.json"})
			if len(errorsOf(fs)) != 0 {
				t.Fatalf("a fresh attestation fails: %+v", fs)
			}
			env, err := ParseEnvelope(att)
			if err != nil {
				t.Fatal(err)
			}
			id, _ := KeyID(key.Public())
			if env.PayloadType != PayloadType || len(env.Signatures) != 1 || env.Signatures[0].KeyID != id {
				t.Errorf("envelope: %+v", env)
			}
			body, _ := env.Body()
			var st map[string]any
			if err := json.Unmarshal(body, &st); err != nil {
				t.Fatal(err)
			}
			subject := st["subject"].([]any)[0].(map[string]any)
			if st["_type"] != StatementType || st["predicateType"] != PredicateSPDX2 ||
				subject["name"] != artifactName || subject["digest"].(map[string]any)["sha256"] != artifactSum() {
				t.Errorf("statement: %s", body)
			}
			// The SBOM is carried as it is, but for white space; "&" and "<"
			// are not escaped into \u0026 and \u003c.
			if !bytes.Contains(body, []byte(`"supplier":"Organization: Example & Co <demo>"`)) {
				t.Errorf("the predicate is not the SBOM as written: %s", body)
			}
		})
	}
}

var update = flag.Bool("update", false, "rewrite testdata/demo.intoto.jsonl")

func TestDeterministic(t *testing.T) {
	a, err := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), testKey(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The bytes are those of an earlier run (on another machine, with another
	// Go release): Ed25519 over canonical bytes leaves nothing to chance.
	// demo.pub.pem is testKey's public key, for .ci/run's dsse-oracle run.
	golden, goldenKey := filepath.Join("testdata", "demo.intoto.jsonl"), filepath.Join("testdata", "demo.pub.pem")
	pub, err := MarshalPublicKey(testKey().Public())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, a, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenKey, pub, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(goldenKey); err != nil || !bytes.Equal(pub, want) {
		t.Errorf("%s is not testKey's public key (%v)", goldenKey, err)
	}
	if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(a, want) {
		t.Errorf("the attestation differs from %s (%v); go test -run TestDeterministic -update rewrites it:\n%s", golden, err, a)
	}
	b, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), testKey(), nil)
	if !bytes.Equal(a, b) {
		t.Errorf("two Ed25519 attestations of the same input differ:\n%s\n%s", a, b)
	}
	// The statement is the same bytes with any key; ECDSA's signatures differ.
	ec, _ := GenerateKey(ECDSAP256, rand.Reader)
	c, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), ec, rand.Reader)
	d, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), ec, rand.Reader)
	ea, _ := ParseEnvelope(a)
	ec1, _ := ParseEnvelope(c)
	ec2, _ := ParseEnvelope(d)
	if ea.Payload != ec1.Payload || ec1.Payload != ec2.Payload {
		t.Error("the payload depends on the key or the run")
	}
	if ec1.Signatures[0].Sig == ec2.Signatures[0].Sig {
		t.Error("two ECDSA signatures are equal; they are randomised")
	}
}

// reencode replaces the envelope's payload with edit(payload), leaving the
// signature as it was: what an attacker who has no key can do.
func reencode(t *testing.T, att []byte, edit func(string) string) []byte {
	t.Helper()
	env, err := ParseEnvelope(att)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := env.Body()
	changed := edit(string(body))
	if changed == string(body) {
		t.Fatal("the edit changed nothing")
	}
	env.Payload = base64.StdEncoding.EncodeToString([]byte(changed))
	return Marshal(env)
}

// flipOne changes one byte of s at the first occurrence of old.
func flipOne(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q is not in %q", old, s)
	}
	return strings.Replace(s, old, new, 1)
}

func TestChangedByteFails(t *testing.T) {
	key := testKey()
	pub := []crypto.PublicKey{key.Public()}
	sum := artifactSum()
	att, err := Attest(artifactName, sum, sbomFor(sum), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	otherSum := sha256.Sum256(append([]byte("x"), artifactBytes...))
	tests := []struct {
		name  string
		att   []byte
		opts  VerifyOptions
		rules []string // the error rules reported
		says  string   // in the message of the first finding of rules[0]
	}{
		{
			name: "a byte of the signature",
			att: func() []byte {
				env, _ := ParseEnvelope(att)
				sig, _ := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
				sig[10] ^= 1
				env.Signatures[0].Sig = base64.StdEncoding.EncodeToString(sig)
				return Marshal(env)
			}(),
			rules: []string{RuleSignature},
			says:  "does not match the payload",
		},
		{
			name: "a byte of the subject's digest in the statement",
			att: reencode(t, att, func(s string) string {
				return flipOne(t, s, `"sha256":"`+sum[:2], `"sha256":"`+string(sum[0]^1)+sum[1:2])
			}),
			rules: []string{RuleSignature, RuleSubject},
		},
		{
			name:  "a byte of the subject's name in the statement",
			att:   reencode(t, att, func(s string) string { return flipOne(t, s, `"name":"demo-1.0`, `"name":"demo-1.1`) }),
			rules: []string{RuleSignature, RuleSubject},
		},
		{
			name:  "a byte of the SBOM in the statement",
			att:   reencode(t, att, func(s string) string { return flipOne(t, s, `"versionInfo":"1.0"`, `"versionInfo":"1.1"`) }),
			opts:  VerifyOptions{SBOM: sbomFor(sum), SBOMName: "demo.spdx.json"},
			rules: []string{RuleSBOM, RuleSignature},
		},
		{
			name:  "a byte of the artifact",
			att:   att,
			opts:  VerifyOptions{Artifact: Artifact{Name: artifactName, SHA256: hex.EncodeToString(otherSum[:])}},
			rules: []string{RuleSubject, "described-artifact"},
			says:  "is not the attested one",
		},
		{
			name:  "a byte of the SBOM file beside the artifact",
			att:   att,
			opts:  VerifyOptions{SBOM: bytes.Replace(sbomFor(sum), []byte(`"1.0"`), []byte(`"1.1"`), 1), SBOMName: "demo.spdx.json"},
			rules: []string{RuleSBOM},
			says:  `demo.spdx.json is not the attested SBOM: they differ at /packages/0/versionInfo`,
		},
		{
			name: "re-signed by another key",
			att: func() []byte {
				other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32))
				a, _ := Attest(artifactName, sum, sbomFor(sum), other, nil)
				return a
			}(),
			rules: []string{RuleSignature},
			says:  "no signature is by the key given",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Keys = pub
			if opts.Artifact == (Artifact{}) {
				opts.Artifact = art()
			}
			fs := Verify("a.intoto.jsonl", tt.att, opts)
			if got := ruleIDs(fs); !slices.Equal(got, tt.rules) {
				t.Fatalf("rules %v, want %v: %+v", got, tt.rules, fs)
			}
			if tt.says != "" {
				for _, f := range errorsOf(fs) {
					if f.Rule == tt.rules[0] && !strings.Contains(f.Message, tt.says) {
						t.Errorf("%s: %q does not say %q", f.Rule, f.Message, tt.says)
					}
				}
			}
			for _, f := range errorsOf(fs) {
				if f.Rule != RuleSignature && slices.Contains(tt.rules, RuleSignature) && !strings.Contains(f.Message, "signature failed") {
					t.Errorf("%s on an unauthenticated payload does not say so: %q", f.Rule, f.Message)
				}
			}
		})
	}
}

func TestAnyKeyMatches(t *testing.T) {
	ks := keys(t)
	att, err := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), ks[ECDSAP256], rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fs := Verify("a", att, VerifyOptions{Keys: []crypto.PublicKey{ks[Ed25519].Public(), ks[ECDSAP256].Public()}, Artifact: art()})
	if len(errorsOf(fs)) != 0 {
		t.Errorf("the second key does not count: %+v", fs)
	}
	// A signature without keyid is tried under every key.
	env, _ := ParseEnvelope(att)
	env.Signatures[0].KeyID = ""
	env.Signatures = append([]Signature{{KeyID: "", Sig: base64.StdEncoding.EncodeToString([]byte("junk"))}}, env.Signatures...)
	if fs := Verify("a", Marshal(env), VerifyOptions{Keys: []crypto.PublicKey{ks[ECDSAP256].Public()}, Artifact: art()}); len(errorsOf(fs)) != 0 {
		t.Errorf("a good signature after a bad one, without keyid, does not count: %+v", fs)
	}
}

func TestStatementChecks(t *testing.T) {
	key := testKey()
	sum := artifactSum()
	good, _ := MarshalStatement(Statement{Type: StatementType, Subject: []Subject{{Name: artifactName, Digest: map[string]string{"sha256": sum}}}, PredicateType: PredicateSPDX2, Predicate: bytes.TrimSpace(sbomFor(sum))})
	tests := []struct{ name, from, to, rule, says string }{
		{"v0.1", StatementType, "https://in-toto.io/Statement/v0.1", RuleStatement, `want "https://in-toto.io/Statement/v1"`},
		{"a duplicate member", `"_type"`, `"predicateType":"x","_type"`, RuleStatement, `"predicateType" appears twice`},
		{"a lone surrogate", `"name":"demo-1.0.tar.gz"`, `"name":"demo-1.0.tar.gz\ud800"`, RuleStatement, "half of a UTF-16 surrogate pair"},
		{"upper-case digest", sum, strings.ToUpper(sum), RuleStatement, "64 lowercase hex digits"},
		{"no subject", `"subject":[{"name":"demo-1.0.tar.gz","digest":{"sha256":"` + sum + `"}}]`, `"subject":[]`, RuleStatement, "subject is empty"},
		{"another format's predicate type", `"predicateType":"https://spdx.dev/Document"`, `"predicateType":"https://cyclonedx.org/bom"`, RuleSBOM, "predicateType is not that format's"},
		{"the SPDX 2.3 type", `"predicateType":"https://spdx.dev/Document"`, `"predicateType":"https://spdx.dev/Document/v2.3"`, "", ""},
		{"a predicate that is no object", `"predicate":{`, `"predicate":[{`, RuleStatement, "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(flipOne(t, string(good), tt.from, tt.to))
			if tt.name == "a predicate that is no object" {
				body = append(body[:len(body)-1], []byte("]}")...)
			}
			env, err := Sign(PayloadType, body, key, nil)
			if err != nil {
				t.Fatal(err)
			}
			fs := Verify("a", Marshal(env), VerifyOptions{Keys: []crypto.PublicKey{key.Public()}, Artifact: art()})
			if tt.rule == "" {
				if len(errorsOf(fs)) != 0 {
					t.Errorf("findings: %+v", fs)
				}
				return
			}
			found := false
			for _, f := range errorsOf(fs) {
				found = found || (f.Rule == tt.rule && strings.Contains(f.Message, tt.says))
			}
			if !found {
				t.Errorf("no %s finding saying %q: %+v", tt.rule, tt.says, fs)
			}
		})
	}
}

func TestEnvelopeShape(t *testing.T) {
	key := testKey()
	tests := []struct{ name, env, says string }{
		{"not JSON", `nope`, "not JSON"},
		{"no signatures", `{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}`, "no signatures"},
		{"bad base64", `{"payloadType":"application/vnd.in-toto+json","payload":"!!","signatures":[{"keyid":"","sig":"AA=="}]}`, "not base64"},
		{"two payloads", `{"payloadType":"application/vnd.in-toto+json","payload":"e30=","payload":"e30=","signatures":[{"sig":"AA=="}]}`, "appears twice"},
		{"empty file", ``, "holds no envelope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Verify("a", []byte(tt.env), VerifyOptions{Keys: []crypto.PublicKey{key.Public()}, Artifact: art()})
			if len(fs) != 1 || fs[0].Rule != RuleEnvelope || !strings.Contains(fs[0].Message, tt.says) {
				t.Errorf("findings %+v, want one %s saying %q", fs, RuleEnvelope, tt.says)
			}
		})
	}
	// Every envelope of a file is checked, and findings name its line.
	good, _ := Attest(artifactName, artifactSum(), sbomFor(artifactSum()), key, nil)
	fs := Verify("a", append(append(good, '\n'), []byte("{}\n")...), VerifyOptions{Keys: []crypto.PublicKey{key.Public()}, Artifact: art()})
	if len(fs) != 1 || fs[0].Line != 3 {
		t.Errorf("the bad third line: %+v", fs)
	}
}

func TestAttestRefuses(t *testing.T) {
	key := testKey()
	for name, tt := range map[string]struct {
		name, sum string
		sbom      []byte
		says      string
	}{
		"a path":      {"dist/demo.tgz", artifactSum(), sbomFor(artifactSum()), "base name"},
		"a short sum": {artifactName, "abc", sbomFor(artifactSum()), "64 lowercase hex"},
		"OpenVEX":     {artifactName, artifactSum(), []byte(`{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}`), "not an SBOM"},
		"duplicates":  {artifactName, artifactSum(), []byte(`{"spdxVersion":"SPDX-2.3","spdxVersion":"SPDX-2.2"}`), "appears twice"},
	} {
		if _, err := Attest(tt.name, tt.sum, tt.sbom, key, nil); err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: err %v, want one saying %q", name, err, tt.says)
		}
	}
}

// TestOtherFormats attests the demo SBOM converted to CycloneDX 1.6 and SPDX
// 3.0.1: each gets its format's predicate type and verifies.
func TestOtherFormats(t *testing.T) {
	doc, err := spdx.Parse(sbomFor(artifactSum()))
	if err != nil {
		t.Fatal(err)
	}
	for format, want := range map[string]string{convert.CycloneDX: PredicateCycloneDX, convert.SPDX3: PredicateSPDX3} {
		t.Run(format, func(t *testing.T) {
			data, _, err := convert.Write(doc, format, convert.Options{Tool: "Tool: sbomkeeper-test"})
			if err != nil {
				t.Fatal(err)
			}
			att, err := Attest(artifactName, artifactSum(), data, testKey(), nil)
			if err != nil {
				t.Fatal(err)
			}
			env, _ := ParseEnvelope(att)
			body, _ := env.Body()
			st, err := ParseStatement(body)
			if err != nil || st.PredicateType != want {
				t.Errorf("predicateType %q (%v), want %q", st.PredicateType, err, want)
			}
			fs := Verify("a", att, VerifyOptions{Keys: []crypto.PublicKey{testKey().Public()}, Artifact: art(), SBOM: data, SBOMName: "doc"})
			if len(errorsOf(fs)) != 0 {
				t.Errorf("findings: %+v", fs)
			}
		})
	}
}
