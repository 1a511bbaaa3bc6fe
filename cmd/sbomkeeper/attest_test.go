package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// attestFixture writes a release file and its SPDX 2.3 SBOM (FILE.spdx.json,
// DESCRIBING it by name and SHA-256) into a new directory.
func attestFixture(t *testing.T) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, "demo-1.0.tar.gz")
	data := []byte("demo 1.0 release tarball\n")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	sbom := `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "demo-1.0.tar.gz",
  "documentNamespace": "https://example.org/demo/demo-1.0.tar.gz.spdx.json",
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: sbomkeeper-test"]},
  "packages": [{"SPDXID": "SPDXRef-PACKAGE-demo", "name": "demo", "versionInfo": "1.0", "packageFileName": "demo-1.0.tar.gz",
    "checksums": [{"algorithm": "SHA256", "checksumValue": "` + hex.EncodeToString(sum[:]) + `"}],
    "downloadLocation": "https://example.org/demo/demo-1.0.tar.gz", "supplier": "Organization: Example",
    "licenseConcluded": "MIT", "filesAnalyzed": false,
    "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/demo@1.0"}]}],
  "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-demo", "relationshipType": "DESCRIBES"}]}
`
	if err := os.WriteFile(file+".spdx.json", []byte(sbom), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

func TestAttestKeygenAttestVerify(t *testing.T) {
	for _, kind := range []string{"ed25519", "ecdsa-p256"} {
		t.Run(kind, func(t *testing.T) {
			dir, file := attestFixture(t)
			key := filepath.Join(dir, "release.pem")
			pub := filepath.Join(dir, "release.pub.pem")
			code, out, stderr := runCLI(t, nil, "attest", "keygen", "--type", kind, "-o", key)
			if code != exitOK || !strings.Contains(out, "keyid ") {
				t.Fatalf("keygen: %d %q %q", code, out, stderr)
			}
			if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("the private key's mode: %v %v", st.Mode(), err)
			}
			if code, _, stderr := runCLI(t, nil, "attest", "keygen", "-o", key); code != exitUsage || !strings.Contains(stderr, "never overwrites") {
				t.Errorf("keygen over an existing key: %d %q", code, stderr)
			}
			code, out, stderr = runCLI(t, nil, "attest", "--key", key, file)
			if code != exitOK || !strings.Contains(out, "wrote "+file+".intoto.jsonl (keyid ") {
				t.Fatalf("attest: %d %q %q", code, out, stderr)
			}
			att := file + ".intoto.jsonl"
			for _, args := range [][]string{
				{"verify", "--attestation", att, "--key", pub, file},
				{"verify", file, "--attestation", att, "--key", pub, "--sbom", file + ".spdx.json"},
				{"attest", "verify", "--attestation", att, "--key", pub, file},
			} {
				if code, out, stderr := runCLI(t, nil, args...); code != exitOK || !strings.Contains(out, "is the subject of") {
					t.Errorf("%v: %d %q %q", args, code, out, stderr)
				}
			}
			// JSON findings name the rule: here a signature by another key.
			other := filepath.Join(dir, "other.pem")
			runCLI(t, nil, "attest", "keygen", "-o", other)
			code, out, _ = runCLI(t, nil, "verify", "--format", "json", "--attestation", att, "--key", filepath.Join(dir, "other.pub.pem"), file)
			if code != exitFindings || !strings.Contains(out, `"attest-signature"`) {
				t.Errorf("another key: %d %s", code, out)
			}
			// Either key of two counts.
			if code, out, _ := runCLI(t, nil, "verify", "--attestation", att, "--key", filepath.Join(dir, "other.pub.pem"), "--key", pub, file); code != exitOK {
				t.Errorf("two keys: %d %s", code, out)
			}
		})
	}
}

// TestVerifyNamesWhatChanged: a changed byte in the SBOM, the subject or the
// signature fails verify, and the report names which.
func TestVerifyNamesWhatChanged(t *testing.T) {
	dir, file := attestFixture(t)
	key := filepath.Join(dir, "k.pem")
	if code, _, stderr := runCLI(t, nil, "attest", "keygen", "-o", key); code != exitOK {
		t.Fatal(stderr)
	}
	att := file + ".intoto.jsonl"
	if code, _, stderr := runCLI(t, nil, "attest", "--key", key, file); code != exitOK {
		t.Fatal(stderr)
	}
	good, _ := os.ReadFile(att)
	var env struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
		Signatures  []struct {
			KeyID string `json:"keyid"`
			Sig   string `json:"sig"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal(good, &env); err != nil {
		t.Fatal(err)
	}
	body, _ := base64.StdEncoding.DecodeString(env.Payload)
	edit := func(old, new string, sig bool) []byte {
		e := env
		e.Signatures = append(e.Signatures[:0:0], env.Signatures...)
		if sig {
			s, _ := base64.StdEncoding.DecodeString(e.Signatures[0].Sig)
			s[5] ^= 0x40
			e.Signatures[0].Sig = base64.StdEncoding.EncodeToString(s)
		} else {
			if !bytes.Contains(body, []byte(old)) {
				t.Fatalf("%q is not in the statement", old)
			}
			e.Payload = base64.StdEncoding.EncodeToString(bytes.Replace(body, []byte(old), []byte(new), 1))
		}
		b, _ := json.Marshal(e)
		return append(b, '\n')
	}
	sbomFile := file + ".spdx.json"
	sbom, _ := os.ReadFile(sbomFile)
	tests := []struct {
		name     string
		att      []byte
		artifact []byte // replaces the artifact's bytes when not nil
		sbom     []byte // replaces the SBOM file's bytes when not nil
		want     []string
	}{
		{name: "signature", att: edit("", "", true), want: []string{"[attest-signature]", "does not match the payload"}},
		{name: "subject in the statement", att: edit(`"name":"demo-1.0.tar.gz"`, `"name":"demo-1.0.tar.gZ"`, false), want: []string{"[attest-signature]", "[attest-subject]", `is named "demo-1.0.tar.gZ", not "demo-1.0.tar.gz"`}},
		{name: "SBOM in the statement", att: edit(`"versionInfo":"1.0"`, `"versionInfo":"1.9"`, false), want: []string{"[attest-signature]", "[attest-sbom]", "differ at /packages/0/versionInfo"}},
		{name: "the artifact", att: good, artifact: []byte("demo 1.0 release tarbalL\n"), want: []string{"[attest-subject]", "is not the attested one"}},
		{name: "the SBOM file", att: good, sbom: bytes.Replace(sbom, []byte(`"MIT"`), []byte(`"MPL-2.0"`), 1), want: []string{"[attest-sbom]", "differ at /packages/0/licenseConcluded"}},
	}
	orig, _ := os.ReadFile(file)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(att, tt.att, 0o644); err != nil {
				t.Fatal(err)
			}
			art, sb := orig, sbom
			if tt.artifact != nil {
				art = tt.artifact
			}
			if tt.sbom != nil {
				sb = tt.sbom
			}
			os.WriteFile(file, art, 0o644)
			os.WriteFile(sbomFile, sb, 0o644)
			code, out, stderr := runCLI(t, nil, "verify", "--attestation", att, "--key", filepath.Join(dir, "k.pub.pem"), "--sbom", sbomFile, file)
			if code != exitFindings {
				t.Fatalf("exit %d, want 1: %s %s", code, out, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the report does not say %q:\n%s", w, out)
				}
			}
			if tt.want[0] != "[attest-signature]" && strings.Contains(out, "[attest-signature]") {
				t.Errorf("the signature is blamed for a change outside the envelope:\n%s", out)
			}
		})
	}
}

func TestAttestDeterministicAndRefusing(t *testing.T) {
	dir, file := attestFixture(t)
	key := filepath.Join(dir, "k.pem")
	runCLI(t, nil, "attest", "keygen", "-o", key)
	var outs [2][]byte
	for i := range outs {
		o := filepath.Join(dir, "out.jsonl")
		if code, _, stderr := runCLI(t, nil, "attest", "--key", key, "-o", o, file); code != exitOK {
			t.Fatal(stderr)
		}
		outs[i], _ = os.ReadFile(o)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two Ed25519 attestations of the same input differ")
	}
	// An SBOM that is not the artifact's is not signed, and nothing is written.
	other := filepath.Join(dir, "other.tar.gz")
	os.WriteFile(other, []byte("other"), 0o644)
	code, out, _ := runCLI(t, nil, "attest", "--key", key, "--sbom", file+".spdx.json", other)
	if code != exitFindings || !strings.Contains(out, "[described-artifact]") || !strings.Contains(out, "not written: "+other+".intoto.jsonl") {
		t.Errorf("the SBOM of another file: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, nil, "verify", "--max-sbom-bytes", "100", "--attestation", filepath.Join(dir, "out.jsonl"), "--key", filepath.Join(dir, "k.pub.pem"), file); code != exitUsage || !strings.Contains(stderr, "--max-sbom-bytes") {
		t.Errorf("an attestation over the budget: %d %q", code, stderr)
	}
	if _, err := os.Stat(other + ".intoto.jsonl"); err == nil {
		t.Error("an attestation that would not verify was written")
	}
	for _, args := range [][]string{
		{"attest", file},
		{"attest", "--key", key},
		{"attest", "--key", filepath.Join(dir, "k.pub.pem"), file},
		{"verify", "--attestation", file + ".intoto.jsonl", file},
		{"verify", "--key", filepath.Join(dir, "k.pub.pem"), file},
		{"verify", "--attestation", "x", "--key", key, file},
		{"attest", "keygen", "--type", "rsa", "-o", filepath.Join(dir, "r.pem")},
		// Within verify's SBOM budget: the attestation may be twice it.
		{"verify", "--max-sbom-bytes", "100", "--attestation", filepath.Join(dir, "out.jsonl"), "--key", filepath.Join(dir, "k.pub.pem"), file},
		{"attest", "verify", "--max-sbom-bytes", "100", "--attestation", filepath.Join(dir, "out.jsonl"), "--key", filepath.Join(dir, "k.pub.pem"), file},
	} {
		if code, _, _ := runCLI(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestAttestCPythonRelease attests CPython 3.13.5's own release SBOMs (as
// python/release-tools writes them, testdata/release-tools) of the embeddable
// zip's stand-in and, with the corpus, of the real Python-3.13.5.tar.xz, and
// verifies each against its artifact and SBOM file.
func TestAttestCPythonRelease(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k.pem")
	if code, _, stderr := runCLI(t, nil, "attest", "keygen", "-o", key); code != exitOK {
		t.Fatal(stderr)
	}
	type release struct{ artifact, sbom string }
	rels := []release{{"../../testdata/release-tools/python-3.13.5-embed-amd64.zip", "../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json"}}
	if tarball := os.Getenv("SBOMKEEPER_CPYTHON_TARBALL"); filepath.Base(tarball) == "Python-3.13.5.tar.xz" {
		rels = append(rels, release{tarball, "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json"})
	} else {
		t.Log("SBOMKEEPER_CPYTHON_TARBALL does not name Python-3.13.5.tar.xz: only the embeddable zip's stand-in is attested")
	}
	for _, r := range rels {
		att := filepath.Join(dir, filepath.Base(r.artifact)+".intoto.jsonl")
		if code, out, stderr := runCLI(t, nil, "attest", "--key", key, "--sbom", r.sbom, "-o", att, r.artifact); code != exitOK {
			t.Fatalf("attest %s: %d %s %s", r.artifact, code, out, stderr)
		}
		code, out, stderr := runCLI(t, nil, "verify", "--attestation", att, "--key", filepath.Join(dir, "k.pub.pem"), "--sbom", r.sbom, r.artifact)
		if code != exitOK || !strings.Contains(out, "is the subject of") {
			t.Errorf("verify %s: %d %s %s", r.artifact, code, out, stderr)
		}
	}
}
