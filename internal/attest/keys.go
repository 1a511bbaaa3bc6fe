package attest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Key types GenerateKey accepts, as keygen --type names them.
const (
	Ed25519   = "ed25519"
	ECDSAP256 = "ecdsa-p256"
)

// PEM block types: PKCS#8 and PKIX, what openssl genpkey and pkey -pubout write.
const (
	pemPrivate = "PRIVATE KEY"
	pemPublic  = "PUBLIC KEY"
)

// GenerateKey makes a new private key of kind (Ed25519 or ECDSAP256) from rand.
func GenerateKey(kind string, rand io.Reader) (crypto.Signer, error) {
	switch kind {
	case Ed25519:
		_, priv, err := ed25519.GenerateKey(rand)
		if err != nil {
			return nil, fmt.Errorf("generating an Ed25519 key: %w", err)
		}
		return priv, nil
	case ECDSAP256:
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand)
		if err != nil {
			return nil, fmt.Errorf("generating an ECDSA P-256 key: %w", err)
		}
		return priv, nil
	}
	return nil, fmt.Errorf("key type %q: want %s or %s", kind, Ed25519, ECDSAP256)
}

// MarshalPrivateKey is key in PEM, PKCS#8 ("PRIVATE KEY").
func MarshalPrivateKey(key crypto.Signer) ([]byte, error) {
	if err := supported(key.Public()); err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding the private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPrivate, Bytes: der}), nil
}

// MarshalPublicKey is pub in PEM, PKIX ("PUBLIC KEY").
func MarshalPublicKey(pub crypto.PublicKey) ([]byte, error) {
	if err := supported(pub); err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("encoding the public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPublic, Bytes: der}), nil
}

// ParsePrivateKey reads one PEM PKCS#8 private key, Ed25519 or ECDSA P-256.
func ParsePrivateKey(data []byte) (crypto.Signer, error) {
	der, err := onePEM(data, pemPrivate)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("the %s block is not PKCS#8: %w (write one with sbomkeeper attest keygen, or openssl genpkey -algorithm ed25519)", pemPrivate, err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T private key cannot sign", k)
	}
	if err := supported(signer.Public()); err != nil {
		return nil, err
	}
	return signer, nil
}

// ParsePublicKey reads one PEM PKIX public key, Ed25519 or ECDSA P-256.
func ParsePublicKey(data []byte) (crypto.PublicKey, error) {
	der, err := onePEM(data, pemPublic)
	if err != nil {
		return nil, err
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("the %s block is not PKIX: %w", pemPublic, err)
	}
	if err := supported(pub); err != nil {
		return nil, err
	}
	return pub, nil
}

// onePEM returns the bytes of the only PEM block in data, which must be of
// type want. Anything else in the file is refused rather than skipped, so
// that a file holding two keys is not half read.
func onePEM(data []byte, want string) ([]byte, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("no PEM block (want -----BEGIN %s-----)", want)
	}
	if block.Type != want {
		hint := ""
		switch {
		case want == pemPublic && block.Type == pemPrivate:
			hint = "; this is a private key: give the .pub.pem file keygen wrote beside it"
		case want == pemPrivate && block.Type == pemPublic:
			hint = "; this is a public key: sign with the private one"
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			hint = "; convert it to PKCS#8 with openssl pkcs8 -topk8 -nocrypt"
		}
		return nil, fmt.Errorf("the PEM block is %q, want %q%s", block.Type, want, hint)
	}
	if len(block.Headers) > 0 {
		return nil, fmt.Errorf("the %s block has headers (an encrypted key?); sbomkeeper reads unencrypted PKCS#8 and PKIX only", want)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, fmt.Errorf("more than one PEM block, or text after the %s block: give one key per file", want)
	}
	return block.Bytes, nil
}

// supported refuses every public key but Ed25519 and ECDSA on P-256.
func supported(pub crypto.PublicKey) error {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return fmt.Errorf("an Ed25519 public key of %d bytes, want %d", len(k), ed25519.PublicKeySize)
		}
		return nil
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() {
			return nil
		}
		return fmt.Errorf("ECDSA on %s: sbomkeeper signs with P-256 only", k.Curve.Params().Name)
	}
	return fmt.Errorf("a %T key: sbomkeeper signs with Ed25519 or ECDSA P-256 only", pub)
}

// KeyID is the lowercase hex SHA-256 of pub's PKIX DER encoding: the same
// public key always has the same keyid, whatever file or tool it came from.
func KeyID(pub crypto.PublicKey) (string, error) {
	if err := supported(pub); err != nil {
		return "", err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encoding the public key: %w", err)
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:]), nil
}

// errBadSignature is what verify returns for a signature that does not
// verify under the key, as opposed to one that could not be tried.
var errBadSignature = errors.New("the signature does not verify")

// signPAE signs the pre-authentication encoding: Ed25519 over the message
// itself, ECDSA over its SHA-256 with an ASN.1 DER signature.
func signPAE(key crypto.Signer, rand io.Reader, msg []byte) ([]byte, error) {
	switch k := key.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("an Ed25519 private key of %d bytes, want %d", len(k), ed25519.PrivateKeySize)
		}
		return ed25519.Sign(k, msg), nil
	case *ecdsa.PrivateKey:
		sum := sha256.Sum256(msg)
		return ecdsa.SignASN1(rand, k, sum[:])
	}
	return nil, supported(key.Public())
}

// verifyPAE checks sig over msg under pub.
func verifyPAE(pub crypto.PublicKey, msg, sig []byte) error {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		// ed25519.Verify panics on a key of the wrong length.
		if len(k) == ed25519.PublicKeySize && ed25519.Verify(k, msg, sig) {
			return nil
		}
		return errBadSignature
	case *ecdsa.PublicKey:
		sum := sha256.Sum256(msg)
		if ecdsa.VerifyASN1(k, sum[:], sig) {
			return nil
		}
		return errBadSignature
	}
	return supported(pub)
}
