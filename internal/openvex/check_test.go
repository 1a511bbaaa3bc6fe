package openvex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// minimal is the specification's minimal document, with a valid timestamp
// form of its own.
const minimal = `{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/example/vex-9fb3463de1b57",
  "author": "Wolfi J Inkinson",
  "role": "Document Creator",
  "timestamp": "2023-01-08T18:02:03.647787998-06:00",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2023-12345"},
      "products": [
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"},
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}
      ],
      "status": "fixed"
    }
  ]
}`

func errorsOf(fs []rules.Finding) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if f.Severity == rules.Error {
			out = append(out, f)
		}
	}
	return out
}

func TestCheckValid(t *testing.T) {
	if fs := Check("min.openvex.json", []byte(minimal)); len(fs) != 0 {
		t.Errorf("the specification's minimal document: %v", fs)
	}
}

// TestCheckInvalid: each broken document gives exactly the one error that
// says what is wrong, where, with the rule's ID; the schema's restatement
// of the same rule is not reported twice.
func TestCheckInvalid(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		rule, where    string
	}{
		{"not_affected without justification", `"status": "fixed"`, `"status": "not_affected"`, RuleJustification, "/statements/0: the status is not_affected but the statement has neither a justification nor an impact_statement"},
		{"affected without action", `"status": "fixed"`, `"status": "affected"`, RuleAction, "/statements/0: the status is affected but the statement has no action_statement"},
		{"unknown status", `"status": "fixed"`, `"status": "patched"`, RuleStatus, `/statements/0/status: status "patched" is not one of`},
		{"unknown justification", `"status": "fixed"`, `"status": "not_affected", "justification": "not_reachable"`, RuleJustification, `/statements/0/justification: justification "not_reachable" is not an OpenVEX justification label`},
		{"old context", `"https://openvex.dev/ns/v0.2.0"`, `"https://openvex.dev/ns"`, RuleContext, `/@context: "https://openvex.dev/ns" is not OpenVEX 0.2.0's context`},
		{"timestamp form (format is not asserted by the 2020-12 schema)", `"2023-01-08T18:02:03.647787998-06:00"`, `"2023-01-08 18:02"`, RuleTimestamp, `/timestamp: "2023-01-08 18:02" is not an RFC 3339 date-time`},
		{"statement timestamp", `"status": "fixed"`, `"status": "fixed", "timestamp": "yesterday"`, RuleTimestamp, `/statements/0/timestamp: "yesterday"`},
		{"document @id not an IRI", `"https://openvex.dev/docs/example/vex-9fb3463de1b57"`, `"vex-9fb3463de1b57"`, RuleIRI, `/@id: "vex-9fb3463de1b57" is not an absolute IRI`},
		{"subcomponent SPDX ID is not an IRI", `{"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"}`, `{"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "subcomponents": [{"@id": "SPDXRef-PACKAGE-git"}]}`, RuleIRI, `/statements/0/products/0/subcomponents/0/@id: "SPDXRef-PACKAGE-git"`},
		{"bad PURL", `"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"`, `"pkg:apk"`, RulePURL, `/statements/0/products/0/@id: "pkg:apk" is not a Package URL`},
		{"bad CPE", `{"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"}`, `{"identifiers": {"cpe23": "cpe:2.3:git"}}`, RuleCPE, `/statements/0/products/0/identifiers/cpe23`},
		{"hash length", `{"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"}`, `{"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "hashes": {"sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha-256": "e3b0c442"}}`, RuleHash, `/statements/0/products/0/hashes/sha-256: "e3b0c442" is not a sha-256 value: 64 hexadecimal digits`},
		{"no products", `"products": [
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"},
        {"@id": "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}
      ],`, ``, RuleProduct, "/statements/0: the statement names no product"},
		{"empty author", `"Wolfi J Inkinson"`, `" "`, RuleAuthor, "/author: the author is empty"},
		{"empty vulnerability name", `"CVE-2023-12345"`, `""`, RuleVulnerability, "/statements/0/vulnerability/name: the vulnerability has no name"},
		{"unknown member", `"role": "Document Creator"`, `"role": "Document Creator", "supplier": "x"`, RuleSchema, `/supplier: member "supplier" is not allowed here`},
		{"missing author", `"author": "Wolfi J Inkinson",`, ``, RuleSchema, `/: missing required member "author"`},
		{"version 0", `"version": 1`, `"version": 0`, RuleSchema, `/version:`},
		{"empty statements", `"statements": [`, `"statements": [], "x": [`, RuleSchema, `/statements:`},
		{"wrong type", `"version": 1`, `"version": "1"`, RuleSchema, `/version:`},
	} {
		doc := strings.Replace(minimal, tc.from, tc.to, 1)
		if doc == minimal {
			t.Fatalf("%s: the replacement changed nothing", tc.name)
		}
		errs := errorsOf(Check("x.openvex.json", []byte(doc)))
		if tc.name == "empty statements" {
			// The rest of that document is broken on purpose; only the
			// statements finding matters.
			errs = errs[:1]
			for _, f := range Check("x.openvex.json", []byte(doc)) {
				if strings.HasPrefix(f.Message, "/statements:") {
					errs[0] = f
				}
			}
		}
		if len(errs) != 1 || errs[0].Rule != tc.rule || !strings.HasPrefix(errs[0].Message, tc.where) || errs[0].File != "x.openvex.json" {
			t.Errorf("%s: want one [%s] error starting %q, got %d:", tc.name, tc.rule, tc.where, len(errs))
			for _, f := range errs {
				t.Errorf("  [%s] %s", f.Rule, f.Message)
			}
		}
	}
}

// TestCheckEveryOccurrence: two broken statements are two findings.
func TestCheckEveryOccurrence(t *testing.T) {
	doc := strings.Replace(minimal, `"status": "fixed"
    }`, `"status": "not_affected"
    },
    {"vulnerability": {"name": "CVE-2023-2"}, "products": [{"@id": "pkg:apk/wolfi/git"}], "status": "affected"}`, 1)
	errs := errorsOf(Check("x", []byte(doc)))
	if len(errs) != 2 || errs[0].Rule != RuleJustification || errs[1].Rule != RuleAction || !strings.HasPrefix(errs[1].Message, "/statements/1:") {
		t.Errorf("got %v", errs)
	}
}

func TestCheckWarnings(t *testing.T) {
	doc := strings.Replace(minimal, `"status": "fixed"`, `"status": "fixed", "justification": "component_not_present"`, 1)
	fs := Check("x", []byte(doc))
	if len(fs) != 1 || fs[0].Severity != rules.Warning || fs[0].Rule != RuleJustification {
		t.Errorf("a justification on fixed: %v", fs)
	}
	doc = strings.Replace(minimal, `"status": "fixed"`, `"status": "not_affected", "impact_statement": "not built"`, 1)
	fs = Check("x", []byte(doc))
	if len(fs) != 1 || fs[0].Severity != rules.Note {
		t.Errorf("an impact statement alone: %v", fs)
	}
}

func TestCheckNotJSON(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `"x"`, `{"@context": "https://openvex.dev/ns/v0.2.0", "statements": {"a": 1}}`} {
		fs := errorsOf(Check("bad.json", []byte(in)))
		if len(fs) == 0 {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestCheckConflict: two statements that disagree about one product and
// vulnerability at one time are a warning; at different times they are
// history, which is what VEX is for.
func TestCheckConflict(t *testing.T) {
	second := `,
    {"vulnerability": {"name": "GHSA-x", "aliases": ["cve-2023-12345"]}, "products": [{"@id": "pkg:APK/wolfi/git@2.39.0-r1?arch=x86_64"}], "status": "under_investigation"%s}`
	at := func(extra string) string {
		return strings.Replace(minimal, `"status": "fixed"
    }`, `"status": "fixed"
    }`+fmt.Sprintf(second, extra), 1)
	}
	fs := Check("x", []byte(at("")))
	if len(fs) != 1 || fs[0].Rule != RuleConflict || fs[0].Severity != rules.Warning ||
		!strings.HasPrefix(fs[0].Message, "/statements/1: says under_investigation about pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64 and GHSA-x at the same time as /statements/0, which says fixed") {
		t.Errorf("%v", fs)
	}
	if fs := Check("x", []byte(at(`, "timestamp": "2023-01-09T00:00:00Z"`))); len(fs) != 0 {
		t.Errorf("at another time: %v", fs)
	}
}
