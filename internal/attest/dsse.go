package attest

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PayloadType is the DSSE payload type of an in-toto Statement in JSON.
const PayloadType = "application/vnd.in-toto+json"

// Envelope is a DSSE v1 envelope. Payload is base64 (standard, padded) of the
// signed bytes; ParseEnvelope also takes the URL-safe alphabet, as DSSE allows.
type Envelope struct {
	PayloadType string      `json:"payloadType"`
	Payload     string      `json:"payload"`
	Signatures  []Signature `json:"signatures"`
}

// Signature is one signature of an envelope: Sig is base64 of the raw
// signature bytes, KeyID the hint naming the key (KeyID).
type Signature struct {
	KeyID string `json:"keyid"`
	Sig   string `json:"sig"`
}

// PAE is DSSE's pre-authentication encoding, the bytes that are signed:
// "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in ASCII decimal.
func PAE(payloadType string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("DSSEv1 ")
	b.WriteString(strconv.Itoa(len(payloadType)))
	b.WriteByte(' ')
	b.WriteString(payloadType)
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(len(body)))
	b.WriteByte(' ')
	b.Write(body)
	return b.Bytes()
}

// Sign makes an envelope of body with one signature by key. rand is used by
// ECDSA only (Ed25519 is deterministic).
func Sign(payloadType string, body []byte, key crypto.Signer, rand io.Reader) (Envelope, error) {
	keyid, err := KeyID(key.Public())
	if err != nil {
		return Envelope{}, err
	}
	sig, err := signPAE(key, rand, PAE(payloadType, body))
	if err != nil {
		return Envelope{}, fmt.Errorf("signing: %w", err)
	}
	return Envelope{
		PayloadType: payloadType,
		Payload:     base64.StdEncoding.EncodeToString(body),
		Signatures:  []Signature{{KeyID: keyid, Sig: base64.StdEncoding.EncodeToString(sig)}},
	}, nil
}

// Marshal is env as one line of JSON with a newline: a line of a .intoto.jsonl
// file. The member order is fixed, so the bytes depend on env only.
func Marshal(env Envelope) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// An Envelope of strings always encodes.
	_ = enc.Encode(env)
	return b.Bytes()
}

// ParseEnvelope reads one DSSE envelope. It checks the shape only (members,
// types, base64); Verify checks the signatures.
func ParseEnvelope(data []byte) (Envelope, error) {
	var env Envelope
	if err := strictObject(data, "the envelope"); err != nil {
		return env, err
	}
	var raw struct {
		PayloadType *string `json:"payloadType"`
		Payload     *string `json:"payload"`
		Signatures  []struct {
			KeyID *string `json:"keyid"`
			Sig   *string `json:"sig"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return env, fmt.Errorf("the envelope: %w", err)
	}
	switch {
	case raw.PayloadType == nil:
		return env, fmt.Errorf("the envelope has no payloadType (want %q)", PayloadType)
	case raw.Payload == nil:
		return env, fmt.Errorf("the envelope has no payload")
	case len(raw.Signatures) == 0:
		return env, fmt.Errorf("the envelope has no signatures")
	}
	env.PayloadType, env.Payload = *raw.PayloadType, *raw.Payload
	if _, err := decodeBase64(env.Payload); err != nil {
		return env, fmt.Errorf("the envelope's payload: %w", err)
	}
	for i, s := range raw.Signatures {
		if s.Sig == nil || *s.Sig == "" {
			return env, fmt.Errorf("the envelope's signatures[%d] has no sig", i)
		}
		if _, err := decodeBase64(*s.Sig); err != nil {
			return env, fmt.Errorf("the envelope's signatures[%d].sig: %w", i, err)
		}
		sig := Signature{Sig: *s.Sig}
		if s.KeyID != nil {
			sig.KeyID = *s.KeyID
		}
		env.Signatures = append(env.Signatures, sig)
	}
	return env, nil
}

// Body is the envelope's decoded payload. It is not authenticated until
// VerifySignatures says so.
func (e Envelope) Body() ([]byte, error) {
	return decodeBase64(e.Payload)
}

// decodeBase64 takes standard or URL-safe base64, padded or not (DSSE:
// "either standard or URL-safe encoding, with or without padding").
func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("not base64")
}

// Accepted is a signature that verified, and the key it verified under.
type Accepted struct {
	Index int    // in Envelope.Signatures
	KeyID string // KeyID of the key, whatever the signature's keyid said
}

// VerifySignatures checks every signature against every key and returns the
// ones that verify (DSSE: a signature whose keyid names another key is not
// tried under this one; an empty keyid is tried under all). An envelope is
// authentic when the list is not empty; the error says why it is empty.
func VerifySignatures(env Envelope, keys []crypto.PublicKey) ([]Accepted, error) {
	body, err := env.Body()
	if err != nil {
		return nil, fmt.Errorf("the envelope's payload: %w", err)
	}
	msg := PAE(env.PayloadType, body)
	ids := make([]string, len(keys))
	for i, k := range keys {
		if ids[i], err = KeyID(k); err != nil {
			return nil, err
		}
	}
	var ok []Accepted
	var named int
	for i, s := range env.Signatures {
		sig, err := decodeBase64(s.Sig)
		if err != nil {
			continue
		}
		for j, k := range keys {
			if s.KeyID != "" && s.KeyID != ids[j] {
				continue
			}
			named++
			if verifyPAE(k, msg, sig) == nil {
				ok = append(ok, Accepted{Index: i, KeyID: ids[j]})
				break
			}
		}
	}
	switch {
	case len(ok) > 0:
		return ok, nil
	case named == 0:
		return nil, fmt.Errorf("no signature is by the key given (keyid %s); the envelope's signatures name %s", join(ids), join(signatureIDs(env)))
	}
	return nil, fmt.Errorf("the signature by keyid %s does not match the payload: the statement or the signature was changed after signing", join(ids))
}

func signatureIDs(env Envelope) []string {
	var out []string
	for _, s := range env.Signatures {
		id := s.KeyID
		if id == "" {
			id = "(none)"
		}
		out = append(out, id)
	}
	return out
}

func join(ss []string) string { return strings.Join(ss, ", ") }
