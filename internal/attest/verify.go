package attest

import (
	"bytes"
	"crypto"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

// The rules verify reports under; the embedded SBOM's own findings keep
// validate's rule IDs (schema, described-artifact, ...).
const (
	RuleEnvelope  = "attest-envelope"  // not a DSSE envelope of an in-toto statement
	RuleSignature = "attest-signature" // no signature verifies under the keys given
	RuleStatement = "attest-statement" // the payload is not an in-toto Statement v1
	RuleSubject   = "attest-subject"   // the artifact is not the statement's subject
	RuleSBOM      = "attest-sbom"      // the predicate is not the SBOM, or not of its type
)

// Artifact is the file in hand that an attestation must be about. The caller
// hashes it, so that verification does no I/O.
type Artifact struct {
	Name   string // base name, compared with the subject's name
	SHA256 string // lowercase hex, compared with the subject's digest.sha256
}

// VerifyOptions are what Verify checks an attestation against.
type VerifyOptions struct {
	Keys     []crypto.PublicKey // a signature by any of them is enough
	Artifact Artifact
	// SBOM, when not nil, is an SBOM file the consumer holds (named SBOMName):
	// the attested predicate must be the same JSON document.
	SBOM     []byte
	SBOMName string
}

// Verify checks every envelope of an attestation file (one JSON envelope a
// line, as .intoto.jsonl files are; name is used in findings) and returns
// every problem found, as findings. Checks go on after a failed signature,
// so that the report says what else differs, but a payload whose signature
// failed is never trusted: any error finding means the attestation failed.
func Verify(name string, data []byte, opts VerifyOptions) []rules.Finding {
	var fs []rules.Finding
	lines := bytes.Split(data, []byte("\n"))
	n := 0
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		n++
		fs = append(fs, verifyEnvelope(name, i+1, line, opts)...)
	}
	if n == 0 {
		fs = append(fs, rules.Finding{Rule: RuleEnvelope, Severity: rules.Error, File: name,
			Message: "the attestation file holds no envelope", Fix: "write one with sbomkeeper attest"})
	}
	return fs
}

func verifyEnvelope(name string, line int, data []byte, opts VerifyOptions) []rules.Finding {
	var fs []rules.Finding
	add := func(rule, msg, expected, actual, fix string) {
		fs = append(fs, rules.Finding{Rule: rule, Severity: rules.Error, File: name, Line: line,
			Message: msg, Expected: expected, Actual: actual, Fix: fix})
	}
	env, err := ParseEnvelope(data)
	if err != nil {
		add(RuleEnvelope, err.Error(), "", "", "give the .intoto.jsonl file sbomkeeper attest wrote")
		return fs
	}
	if env.PayloadType != PayloadType {
		add(RuleEnvelope, "the envelope's payloadType is not an in-toto statement's", PayloadType, env.PayloadType, "")
	}
	// Signed over the payload type as found, so a changed type fails here too.
	authentic := true
	if _, err := VerifySignatures(env, opts.Keys); err != nil {
		authentic = false
		add(RuleSignature, "signature: "+err.Error(), "", "", "check that --key is the public key of the key that signed; re-run sbomkeeper attest if the attestation was changed")
	}
	unsigned := ""
	if !authentic {
		unsigned = " (read from a payload whose signature failed)"
	}
	body, _ := env.Body() // ParseEnvelope checked the base64
	st, err := ParseStatement(body)
	if err != nil {
		add(RuleStatement, "the payload is not an in-toto Statement v1: "+err.Error()+unsigned, "", "", "")
	}
	if len(st.Subject) > 0 {
		fs = append(fs, checkSubject(name, line, st.Subject, opts.Artifact, unsigned)...)
	}
	if st.Predicate != nil {
		fs = append(fs, checkPredicate(name, line, st, opts, unsigned)...)
	}
	return fs
}

// checkSubject wants a subject with the artifact's name and SHA-256.
func checkSubject(name string, line int, subjects []Subject, art Artifact, unsigned string) []rules.Finding {
	f := rules.Finding{Rule: RuleSubject, Severity: rules.Error, File: name, Line: line}
	var named *Subject
	for i := range subjects {
		s := &subjects[i]
		if s.Name == art.Name {
			if s.Digest["sha256"] == art.SHA256 {
				return nil
			}
			named = s
		}
	}
	switch {
	case named != nil && named.Digest["sha256"] == "":
		f.Message = fmt.Sprintf("subject %s has no sha256 digest, so %s cannot be checked%s", named.Name, art.Name, unsigned)
	case named != nil:
		f.Message = fmt.Sprintf("subject %s: the SHA-256 of %s is not the attested one (the artifact or the subject was changed)%s", named.Name, art.Name, unsigned)
		f.Expected, f.Actual = named.Digest["sha256"], art.SHA256
	default:
		var names []string
		for _, s := range subjects {
			names = append(names, strconv.Quote(s.Name))
			if s.Digest["sha256"] == art.SHA256 {
				f.Message = fmt.Sprintf("the subject with the artifact's SHA-256 is named %q, not %q%s", s.Name, art.Name, unsigned)
				f.Expected, f.Actual = s.Name, art.Name
				f.Fix = "give the artifact its released name"
				return []rules.Finding{f}
			}
		}
		f.Message = fmt.Sprintf("no subject is %s: the statement is about %s%s", art.Name, joinList(names), unsigned)
		f.Expected, f.Actual = art.Name+" sha256:"+art.SHA256, joinList(names)
	}
	return []rules.Finding{f}
}

func joinList(ss []string) string {
	if len(ss) == 0 {
		return "nothing"
	}
	return join(ss)
}

// checkPredicate validates the embedded SBOM (and that it DESCRIBES the
// artifact, for SPDX 2.3), checks that the predicate type is its format's,
// and compares it with the consumer's SBOM file when one is given.
func checkPredicate(name string, line int, st Statement, opts VerifyOptions, unsigned string) []rules.Finding {
	var fs []rules.Finding
	add := func(msg, expected, actual string) {
		fs = append(fs, rules.Finding{Rule: RuleSBOM, Severity: rules.Error, File: name, Line: line,
			Message: msg + unsigned, Expected: expected, Actual: actual})
	}
	what := fmt.Sprintf("%s:%d predicate", name, line)
	f, err := sbomformat.Detect(what, st.Predicate)
	if err != nil {
		add("the attested SBOM: "+err.Error(), "", "")
		return fs
	}
	if want := predicateTypes(f); !slices.Contains(want, st.PredicateType) {
		if len(want) == 0 {
			add(fmt.Sprintf("the predicate is a %s document, not an SBOM", f.Kind), "", f.Kind.String())
		} else {
			add(fmt.Sprintf("the predicate is a %s document but its predicateType is not that format's", f.Kind), join(want), st.PredicateType)
		}
	}
	if f.Kind == sbomformat.SPDX2 || f.Kind == sbomformat.SPDX3 || f.Kind == sbomformat.CycloneDX {
		vopts := validate.Options{}
		if f.Kind == sbomformat.SPDX2 {
			vopts.Artifact = &validate.Artifact{Name: opts.Artifact.Name, SHA256: opts.Artifact.SHA256}
		}
		vfs, _, err := validate.Document(what, st.Predicate, vopts)
		if err != nil {
			add("the attested SBOM: "+err.Error(), "", "")
		}
		for _, v := range vfs {
			v.File, v.Line = name, line
			v.Message = "the attested SBOM: " + v.Message + unsigned
			fs = append(fs, v)
		}
	}
	if opts.SBOM != nil {
		if at, attested, given, ok := sameJSON(st.Predicate, opts.SBOM); !ok {
			add(fmt.Sprintf("%s is not the attested SBOM: they differ at %s", opts.SBOMName, at), attested, given)
		}
	}
	return fs
}

// sameJSON compares two JSON documents as values (member order and white
// space aside, numbers as written) and, when they differ, says where first
// (a JSON pointer) and what each has there.
func sameJSON(a, b []byte) (at, va, vb string, same bool) {
	x, errA := decodeNumbers(a)
	y, errB := decodeNumbers(b)
	switch {
	case errA != nil:
		return "/", "invalid JSON", "", false
	case errB != nil:
		return "/", "", "invalid JSON: " + errB.Error(), false
	}
	return firstDiff("", x, y)
}

func decodeNumbers(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func firstDiff(at string, x, y any) (string, string, string, bool) {
	switch xv := x.(type) {
	case map[string]any:
		yv, ok := y.(map[string]any)
		if !ok {
			break
		}
		for _, k := range sortedKeys(xv) {
			yk, ok := yv[k]
			if !ok {
				return at + "/" + escapePointer(k), short(xv[k]), "(absent)", false
			}
			if p, a, b, same := firstDiff(at+"/"+escapePointer(k), xv[k], yk); !same {
				return p, a, b, false
			}
		}
		for _, k := range sortedKeys(yv) {
			if _, ok := xv[k]; !ok {
				return at + "/" + escapePointer(k), "(absent)", short(yv[k]), false
			}
		}
		return "", "", "", true
	case []any:
		yv, ok := y.([]any)
		if !ok {
			break
		}
		for i := range min(len(xv), len(yv)) {
			if p, a, b, same := firstDiff(at+"/"+strconv.Itoa(i), xv[i], yv[i]); !same {
				return p, a, b, false
			}
		}
		if len(xv) != len(yv) {
			return at, fmt.Sprintf("%d elements", len(xv)), fmt.Sprintf("%d elements", len(yv)), false
		}
		return "", "", "", true
	}
	if reflect.DeepEqual(x, y) {
		return "", "", "", true
	}
	return pointer(at), short(x), short(y), false
}

// short renders a JSON value for a finding, cut to a readable length.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
