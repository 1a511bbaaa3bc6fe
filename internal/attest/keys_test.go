package attest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeysRoundTrip(t *testing.T) {
	for _, kind := range []string{Ed25519, ECDSAP256} {
		t.Run(kind, func(t *testing.T) {
			key, err := GenerateKey(kind, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			privPEM, err := MarshalPrivateKey(key)
			if err != nil {
				t.Fatal(err)
			}
			pubPEM, err := MarshalPublicKey(key.Public())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(privPEM, []byte("-----BEGIN PRIVATE KEY-----\n")) || !bytes.HasPrefix(pubPEM, []byte("-----BEGIN PUBLIC KEY-----\n")) {
				t.Errorf("not PKCS#8 and PKIX PEM:\n%s%s", privPEM, pubPEM)
			}
			back, err := ParsePrivateKey(privPEM)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParsePublicKey(pubPEM)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := KeyID(key.Public())
			b, _ := KeyID(back.Public())
			c, _ := KeyID(pub)
			block, _ := pem.Decode(pubPEM)
			sum := sha256.Sum256(block.Bytes)
			if a != b || b != c || a != hex.EncodeToString(sum[:]) {
				t.Errorf("keyids %s %s %s, want the SHA-256 of the PKIX DER %x", a, b, c, sum)
			}
			if _, err := ParsePublicKey(privPEM); err == nil || !strings.Contains(err.Error(), "this is a private key") {
				t.Errorf("a private key as public: %v", err)
			}
			if _, err := ParsePrivateKey(pubPEM); err == nil || !strings.Contains(err.Error(), "this is a public key") {
				t.Errorf("a public key as private: %v", err)
			}
		})
	}
}

func TestKeysRefused(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	pkcs8 := func(k any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	ec256, _ := GenerateKey(ECDSAP256, rand.Reader)
	sec1, _ := x509.MarshalECPrivateKey(ec256.(*ecdsa.PrivateKey))
	good := pkcs8(testKey())
	for name, tt := range map[string]struct {
		pem  []byte
		says string
	}{
		"RSA":        {pkcs8(rsaKey), "Ed25519 or ECDSA P-256 only"},
		"P-384":      {pkcs8(p384), "P-256 only"},
		"SEC 1":      {pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}), "openssl pkcs8 -topk8"},
		"two keys":   {append(append([]byte{}, good...), good...), "more than one PEM block"},
		"no PEM":     {[]byte("hello"), "no PEM block"},
		"encrypted":  {pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: []byte{1}}), "encrypted"},
		"not PKCS#8": {pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}), "not PKCS#8"},
	} {
		if _, err := ParsePrivateKey(tt.pem); err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: err %v, want one saying %q", name, err, tt.says)
		}
	}
	if _, err := GenerateKey("rsa", rand.Reader); err == nil {
		t.Error("GenerateKey made an RSA key")
	}
}

// TestOpenSSLKeys reads keys openssl writes and checks the keyid against
// openssl's own DER of the public key: standard PEM means another tool's
// keys work, and the keyid can be computed without sbomkeeper.
func TestOpenSSLKeys(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	dir := t.TempDir()
	for kind, args := range map[string][]string{
		Ed25519:   {"genpkey", "-algorithm", "ed25519"},
		ECDSAP256: {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
	} {
		t.Run(kind, func(t *testing.T) {
			keyFile := filepath.Join(dir, kind+".pem")
			run := func(args ...string) []byte {
				out, err := exec.Command("openssl", args...).Output()
				if err != nil {
					t.Fatalf("openssl %v: %v", args, err)
				}
				return out
			}
			run(append(args, "-out", keyFile)...)
			der := run("pkey", "-in", keyFile, "-pubout", "-outform", "DER")
			pubPEM := run("pkey", "-in", keyFile, "-pubout")
			data, _ := os.ReadFile(keyFile)
			key, err := ParsePrivateKey(data)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParsePublicKey(pubPEM)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(der)
			for _, k := range []crypto.PublicKey{key.Public(), pub} {
				if id, _ := KeyID(k); id != hex.EncodeToString(sum[:]) {
					t.Errorf("keyid %s, want sha256 of openssl's DER %x", id, sum)
				}
			}
			ours, _ := MarshalPublicKey(key.Public())
			if !bytes.Equal(ours, pubPEM) {
				t.Errorf("our public PEM differs from openssl's:\n%s%s", ours, pubPEM)
			}
		})
	}
}

// TestShortEd25519Key: keys of the wrong length are errors, never the panic
// crypto/ed25519 has for them.
func TestShortEd25519Key(t *testing.T) {
	short := ed25519.PublicKey(make([]byte, 31))
	if _, err := KeyID(short); err == nil {
		t.Error("KeyID took a 31-byte key")
	}
	if err := verifyPAE(short, []byte("m"), make([]byte, 64)); err == nil {
		t.Error("verifyPAE took a 31-byte key")
	}
	if _, err := signPAE(ed25519.PrivateKey(make([]byte, 10)), nil, []byte("m")); err == nil {
		t.Error("signPAE took a 10-byte key")
	}
}
