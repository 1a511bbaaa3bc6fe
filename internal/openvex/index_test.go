package openvex

import (
	"testing"
)

func stmt(vuln string, aliases []string, product string, status Status, ts string) Statement {
	return Statement{
		Vulnerability: Vulnerability{Name: vuln, Aliases: aliases},
		Products:      []Product{{Component: Component{ID: product}}},
		Status:        status,
		Timestamp:     ts,
	}
}

func TestIndexLatest(t *testing.T) {
	older := &Document{ID: "https://example.org/vex-1", Source: "a.json", Timestamp: "2023-01-01T00:00:00Z", Statements: []Statement{
		stmt("CVE-1", nil, "pkg:pypi/foo@1.0", UnderInvestigation, ""),                // inherits 2023-01-01
		stmt("CVE-1", nil, "pkg:pypi/foo@1.0", Affected, "2023-03-01T00:00:00+01:00"), // 2023-02-28T23:00Z
		stmt("CVE-2", nil, "pkg:pypi/foo@1.0", Fixed, "2023-06-01T00:00:00Z"),
	}}
	newer := &Document{ID: "https://example.org/vex-2", Source: "b.json", Timestamp: "2023-02-01T00:00:00Z", Statements: []Statement{
		stmt("CVE-1", nil, "pkg:pypi/foo@1.0", NotAffected, "2023-02-28T23:00:00Z"), // the same instant as the affected one: later in order wins
		stmt("CVE-2", nil, "pkg:pypi/foo@1.0", Affected, ""),                        // inherits 2023-02-01, older than fixed
	}}
	ix := NewIndex(older, newer)
	got, ok := ix.Lookup("pkg:pypi/foo@1.0", "CVE-1", nil)
	if !ok || got.Status != NotAffected || got.DocumentID != "https://example.org/vex-2" || got.Source != "b.json" {
		t.Errorf("CVE-1: %+v %v", got, ok)
	}
	// In the other order, the affected statement is the later of the two.
	if got, _ := NewIndex(newer, older).Lookup("pkg:pypi/foo@1.0", "CVE-1", nil); got.Status != Affected {
		t.Errorf("CVE-1, documents reversed: %s", got.Status)
	}
	got, _ = ix.Lookup("pkg:pypi/foo@1.0", "CVE-2", nil)
	if got.Status != Fixed || got.Timestamp != "2023-06-01T00:00:00Z" {
		t.Errorf("CVE-2: %+v", got)
	}
	// An inherited timestamp is filled in.
	only := NewIndex(&Document{Timestamp: "2023-01-01T00:00:00Z", Statements: older.Statements[:1]})
	if got, _ := only.Lookup("pkg:pypi/foo@1.0", "CVE-1", nil); got.Timestamp != "2023-01-01T00:00:00Z" {
		t.Errorf("inherited timestamp: %q", got.Timestamp)
	}
	if _, ok := ix.Lookup("pkg:pypi/foo@1.1", "CVE-1", nil); ok {
		t.Error("another version matched")
	}
	if _, ok := ix.Lookup("pkg:pypi/foo@1.0", "CVE-3", nil); ok {
		t.Error("another vulnerability matched")
	}
}

func TestIndexAliasesAndProducts(t *testing.T) {
	s := stmt("PYSEC-2022-43012", []string{"CVE-2022-40897", "GHSA-r9hx-vwmv-q579"}, "pkg:pypi/setuptools@44.0.0", NotAffected, "2026-12-03T00:00:00Z")
	s.Products[0].Identifiers = &Identifiers{CPE23: "cpe:2.3:a:python:setuptools:44.0.0:*:*:*:*:*:*:*"}
	s.Products[0].Subcomponents = []Component{{ID: "pkg:pypi/pip@22.3.1"}}
	generic := stmt("CVE-2022-40897", nil, "pkg:pypi/setuptools", Affected, "2020-01-01T00:00:00Z")
	ix := NewIndex(&Document{Statements: []Statement{generic, s}})
	for _, tc := range []struct {
		product, vuln string
		aliases       []string
		want          Status
	}{
		{"pkg:pypi/setuptools@44.0.0", "PYSEC-2022-43012", nil, NotAffected},
		{"pkg:pypi/setuptools@44.0.0", "CVE-2022-40897", nil, NotAffected},
		{"pkg:pypi/setuptools@44.0.0", "ghsa-r9hx-vwmv-q579", nil, NotAffected},
		{"pkg:pypi/setuptools@44.0.0", "GHSA-xxxx", []string{"CVE-2022-40897"}, NotAffected},
		{"pkg:pypi/SetupTools@44.0.0", "PYSEC-2022-43012", nil, NotAffected},
		{"cpe:2.3:a:python:setuptools:44.0.0:*:*:*:*:*:*:*", "PYSEC-2022-43012", nil, NotAffected},
		// The versionless statement covers 65.5.0; the specific one does not.
		{"pkg:pypi/setuptools@65.5.0", "PYSEC-2022-43012", []string{"CVE-2022-40897"}, Affected},
		// A subcomponent is not a product.
		{"pkg:pypi/pip@22.3.1", "PYSEC-2022-43012", nil, ""},
	} {
		got, ok := ix.Lookup(tc.product, tc.vuln, tc.aliases)
		if got.Status != tc.want || ok != (tc.want != "") {
			t.Errorf("Lookup(%s, %s, %v) = %s %v, want %s", tc.product, tc.vuln, tc.aliases, got.Status, ok, tc.want)
		}
	}
}

// TestIndexBadTimes: a statement whose time cannot be read loses to one
// whose time can, whatever the order; nil documents are skipped.
func TestIndexBadTimes(t *testing.T) {
	d := &Document{Timestamp: "garbage", Statements: []Statement{
		stmt("CVE-1", nil, "pkg:pypi/foo@1", Fixed, "2000-01-01T00:00:00Z"),
		stmt("CVE-1", nil, "pkg:pypi/foo@1", Affected, ""),
	}}
	if got, _ := NewIndex(nil, d).Lookup("pkg:pypi/foo@1", "CVE-1", nil); got.Status != Fixed {
		t.Errorf("got %s", got.Status)
	}
}
