package openvex

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestNewAppend(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	s1 := stmt("CVE-1", []string{"GHSA-1"}, "pkg:pypi/foo@1.0", NotAffected, "")
	s1.Justification = ComponentNotPresent
	doc, err := New(Meta{Author: "A <a@example.org>", Tooling: "test"}, t0, s1)
	if err != nil {
		t.Fatal(err)
	}
	b1, err := Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if fs := Check("new.json", b1); len(fs) != 0 {
		t.Errorf("a new document does not check: %v\n%s", fs, b1)
	}
	if !strings.HasPrefix(doc.ID, "https://openvex.dev/docs/public/vex-") || len(doc.ID) != len(PublicNamespace)+4+64 || doc.Version != 1 ||
		doc.Timestamp != "2026-12-03T00:00:00Z" || doc.Statements[0].Timestamp != doc.Timestamp {
		t.Errorf("%+v", doc)
	}
	again, _ := New(Meta{Author: "A <a@example.org>", Tooling: "test"}, t0, s1)
	if b2, _ := Marshal(again); !bytes.Equal(b1, b2) {
		t.Error("the same statements at the same time gave other bytes")
	}
	later, _ := New(Meta{Author: "A <a@example.org>"}, t0.Add(time.Second), s1)
	if later.ID == doc.ID {
		t.Error("statements made at another time have the same @id")
	}

	// A statement of the old document that inherited its timestamp gets it
	// written out; the new one gets the new time; @id and timestamp stay.
	doc.Statements[0].Timestamp = ""
	t1 := t0.Add(24 * time.Hour)
	s2 := stmt("CVE-1", []string{"GHSA-1"}, "pkg:pypi/foo@1.0", Affected, "")
	s2.ActionStatement = "update to 1.1"
	up := Append(doc, t1, s2)
	if doc.Version != 1 || doc.Statements[0].Timestamp != "" || len(doc.Statements) != 1 {
		t.Error("Append changed its argument")
	}
	if up.ID != doc.ID || up.Timestamp != doc.Timestamp || up.Version != 2 || up.LastUpdated != "2026-12-04T00:00:00Z" ||
		up.Statements[0].Timestamp != "2026-12-03T00:00:00Z" || up.Statements[1].Timestamp != "2026-12-04T00:00:00Z" {
		t.Errorf("%+v", up)
	}
	b3, _ := Marshal(up)
	if fs := Check("up.json", b3); len(fs) != 0 {
		t.Errorf("an extended document does not check: %v", fs)
	}
	if got, _ := NewIndex(up).Lookup("pkg:pypi/foo@1.0", "GHSA-1", nil); got.Status != Affected {
		t.Errorf("the added statement does not apply: %s", got.Status)
	}
	if _, err := New(Meta{}, t0, s1); err == nil {
		t.Error("no author, no error")
	}
	if _, err := New(Meta{Author: "A"}, t0); err == nil {
		t.Error("no statements, no error")
	}
}

// TestMarshalRoundTrip: what Parse reads of a valid document, Marshal writes
// back with every member (the specification's example, with all fields).
func TestMarshalRoundTrip(t *testing.T) {
	in := `{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/public/vex-2e67563e128250cbcb3e98930df948dd053e43271d70dc50cfa22d57e03fe96f",
  "author": "Spring Builds <spring-builds@users.noreply.github.com>",
  "role": "Project Release Bot",
  "timestamp": "2023-01-16T19:07:16.853479631-06:00",
  "last_updated": "2023-01-17T19:07:16Z",
  "version": 2,
  "tooling": "vexctl",
  "statements": [
    {
      "@id": "https://example.org/s/1",
      "version": 3,
      "vulnerability": {
        "@id": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
        "name": "CVE-2021-44228",
        "description": "Remote code injection in Log4j",
        "aliases": [
          "GHSA-jfh8-c2jp-5v3q"
        ]
      },
      "timestamp": "2023-01-16T19:07:16Z",
      "last_updated": "2023-01-16T19:07:17Z",
      "products": [
        {
          "@id": "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3",
          "identifiers": {
            "purl": "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3",
            "cpe22": "cpe:/a:vmware:spring_boot:2.6.0",
            "cpe23": "cpe:2.3:a:vmware:spring_boot:2.6.0:*:*:*:*:*:*:*"
          },
          "hashes": {
            "sha-256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709"
          },
          "subcomponents": [
            {
              "@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
            }
          ]
        }
      ],
      "status": "not_affected",
      "supplier": "VMware",
      "status_notes": "checked by hand",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "Spring Boot users are only affected if they switched the logging system to Log4J2 & use <user input>.",
      "action_statement": "none",
      "action_statement_timestamp": "2023-01-16T19:07:16Z"
    }
  ]
}
`
	if fs := Check("spring.json", []byte(in)); len(fs) != 0 {
		t.Fatalf("%v", fs)
	}
	doc, err := Parse("spring.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip differs:\n%s", out)
	}
}
