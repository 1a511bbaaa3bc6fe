package attest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

// StatementType is the "_type" of an in-toto Statement v1.
const StatementType = "https://in-toto.io/Statement/v1"

// Predicate types of the in-toto attestation framework's registry
// (spec/predicates/spdx2.md, spdx3.md and cyclonedx.md of in-toto/attestation
// v1.2.0). SPDX 2 has two: the plain one is what sbomkeeper writes, because it
// is in-toto-golang's PredicateSPDX and what cosign's --type spdxjson uses; the
// one with /v2.3 is accepted. CycloneDX's may carry the BOM's version (/v1.6), also accepted.
const (
	PredicateSPDX2     = "https://spdx.dev/Document"
	PredicateSPDX23    = "https://spdx.dev/Document/v2.3"
	PredicateSPDX3     = "https://spdx.dev/Document/v3"
	PredicateCycloneDX = "https://cyclonedx.org/bom"
)

// Statement is an in-toto Statement v1. Predicate is the SBOM document, a
// JSON object kept as bytes so that nothing of it is lost or reordered.
type Statement struct {
	Type          string          `json:"_type"`
	Subject       []Subject       `json:"subject"`
	PredicateType string          `json:"predicateType"`
	Predicate     json.RawMessage `json:"predicate"`
}

// Subject is one artifact a statement is about.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// PredicateType is the predicate type sbomkeeper writes for an SBOM format.
func PredicateType(f sbomformat.Format) (string, error) {
	switch f.Kind {
	case sbomformat.SPDX2:
		return PredicateSPDX2, nil
	case sbomformat.SPDX3:
		return PredicateSPDX3, nil
	case sbomformat.CycloneDX:
		return PredicateCycloneDX, nil
	}
	return "", fmt.Errorf("a %s document is not an SBOM sbomkeeper attests (SPDX 2.3, SPDX 3.0.1 or CycloneDX)", f.Kind)
}

// predicateTypes are the predicate types that may carry a document of f.
func predicateTypes(f sbomformat.Format) []string {
	switch f.Kind {
	case sbomformat.SPDX2:
		return []string{PredicateSPDX2, PredicateSPDX23}
	case sbomformat.SPDX3:
		return []string{PredicateSPDX3}
	case sbomformat.CycloneDX:
		out := []string{PredicateCycloneDX}
		if f.Version != "" {
			out = append(out, PredicateCycloneDX+"/v"+f.Version)
		}
		return out
	}
	return nil
}

// NewStatement is the statement that the SBOM sbom is about the artifact
// named name (a base name) whose SHA-256 is sha256 (lowercase hex). The
// document is kept as it is but for white space (it is compacted).
func NewStatement(name, sha256 string, sbom []byte) (Statement, error) {
	if err := checkSHA256(sha256); err != nil {
		return Statement{}, fmt.Errorf("the artifact's SHA-256: %w", err)
	}
	if name == "" || strings.ContainsAny(name, "/\\") {
		return Statement{}, fmt.Errorf("the subject name %q: want the artifact's base name", name)
	}
	if err := strictObject(sbom, "the SBOM"); err != nil {
		return Statement{}, err
	}
	f, err := sbomformat.Detect("the SBOM", sbom)
	if err != nil {
		return Statement{}, err
	}
	pt, err := PredicateType(f)
	if err != nil {
		return Statement{}, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, sbom); err != nil {
		return Statement{}, fmt.Errorf("the SBOM: %w", err)
	}
	return Statement{
		Type:          StatementType,
		Subject:       []Subject{{Name: name, Digest: map[string]string{"sha256": sha256}}},
		PredicateType: pt,
		Predicate:     compact.Bytes(),
	}, nil
}

// MarshalStatement is st as compact JSON, members in a fixed order and digest
// algorithms sorted (encoding/json sorts map keys), HTML characters not
// escaped: the same statement is always the same bytes.
func MarshalStatement(st Statement) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(st); err != nil {
		return nil, fmt.Errorf("encoding the statement: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// ParseStatement reads an in-toto Statement v1 and reports every way it is
// not one, joined in one error: "_type", at least one subject each with a
// digest (sha256 lowercase hex when given), a predicateType and a predicate
// object.
func ParseStatement(body []byte) (Statement, error) {
	var st Statement
	if err := strictObject(body, "the statement"); err != nil {
		return st, err
	}
	var raw struct {
		Type          *string         `json:"_type"`
		Subject       json.RawMessage `json:"subject"`
		PredicateType *string         `json:"predicateType"`
		Predicate     json.RawMessage `json:"predicate"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return st, fmt.Errorf("the statement: %w", err)
	}
	var errs []error
	switch {
	case raw.Type == nil:
		errs = append(errs, fmt.Errorf("the statement has no _type (want %q)", StatementType))
	case *raw.Type != StatementType:
		errs = append(errs, fmt.Errorf("the statement's _type is %q, want %q (in-toto Statement v1)", *raw.Type, StatementType))
	default:
		st.Type = *raw.Type
	}
	subjects, err := parseSubjects(raw.Subject)
	if err != nil {
		errs = append(errs, err)
	}
	st.Subject = subjects
	if raw.PredicateType == nil || *raw.PredicateType == "" {
		errs = append(errs, errors.New("the statement has no predicateType"))
	} else {
		st.PredicateType = *raw.PredicateType
	}
	if p := bytes.TrimSpace(raw.Predicate); len(p) == 0 || p[0] != '{' {
		errs = append(errs, errors.New("the statement's predicate is not a JSON object (want the SBOM document)"))
	} else {
		st.Predicate = p
	}
	return st, errors.Join(errs...)
}

func parseSubjects(data json.RawMessage) ([]Subject, error) {
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil, errors.New("the statement has no subject")
	}
	var raw []struct {
		Name   *string                    `json:"name"`
		Digest map[string]json.RawMessage `json:"digest"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("the statement's subject: want an array of {name, digest}: %w", err)
	}
	if len(raw) == 0 {
		return nil, errors.New("the statement's subject is empty")
	}
	var out []Subject
	var errs []error
	for i, r := range raw {
		s := Subject{Digest: map[string]string{}}
		if r.Name != nil {
			s.Name = *r.Name
		}
		if len(r.Digest) == 0 {
			errs = append(errs, fmt.Errorf("subject[%d] has no digest", i))
		}
		for _, alg := range sortedKeys(r.Digest) {
			var v string
			if err := json.Unmarshal(r.Digest[alg], &v); err != nil {
				errs = append(errs, fmt.Errorf("subject[%d].digest.%s is not a string", i, alg))
				continue
			}
			if alg == "sha256" {
				if err := checkSHA256(v); err != nil {
					errs = append(errs, fmt.Errorf("subject[%d].digest.sha256: %w", i, err))
				}
			}
			s.Digest[alg] = v
		}
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkSHA256 wants 64 lowercase hex digits, as the in-toto DigestSet does.
func checkSHA256(s string) error {
	if len(s) != 64 || strings.ToLower(s) != s {
		return fmt.Errorf("%q is not 64 lowercase hex digits", s)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return fmt.Errorf("%q is not 64 lowercase hex digits", s)
	}
	return nil
}
