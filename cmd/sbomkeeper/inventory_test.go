package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/inventory"
)

// TestInventoryCLI drives add, query, diff, list and scan on an SQLite store
// holding CPython 3.11.2's and 3.13.5's release SBOMs (the store tests in
// internal/inventory run the same queries on PostgreSQL too).
func TestInventoryCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	rt := "../../testdata/release-tools/"
	tgz, xz := rt+"Python-3.13.5.tgz.spdx.json", rt+"Python-3.13.5.tar.xz.spdx.json"
	code, out, stderr := runCLI(t, nil, "inventory", "add", "--db", db, cpython311SBOM, tgz, xz, rt+"python-3.13.5-amd64.exe.spdx.json", "../../sbom.spdx.json")
	if code != exitOK || strings.Count(out, ": added (") != 5 {
		t.Fatalf("add: exit %d\n%s%s", code, out, stderr)
	}
	// The same bytes again change nothing; an unreadable document is named
	// and the others still stored.
	junk := filepath.Join(t.TempDir(), "junk.json")
	os.WriteFile(junk, []byte(`{"hello": 1}`), 0o644)
	code, out, stderr = runCLI(t, nil, "inventory", "add", "--db", db, tgz, junk, rt+"python-3.13.5-embed-amd64.zip.spdx.json")
	if code != exitUsage || !strings.Contains(out, "Python-3.13.5.tgz.spdx.json: already stored, unchanged") ||
		!strings.Contains(out, "embed-amd64.zip.spdx.json: added") || !strings.Contains(stderr, "junk.json") ||
		!strings.Contains(stderr, "1 of 3 document(s) not stored") {
		t.Errorf("second add: exit %d\n%s%s", code, out, stderr)
	}

	code, out, stderr = runCLI(t, nil, "inventory", "query", "--db", db, "--package", "expat", "--version", "<2.6.3")
	if code != exitOK || !strings.Contains(out, "package expat version <2.6.3: 1 matching package(s)") || !strings.Contains(out, cpython311SBOM) {
		t.Errorf("query: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, nil, "inventory", "query", "--db", db, "--package", "expat", "--version", "<2.7.0", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) != 1+5 || recs[0][0] != "status" {
		t.Errorf("csv: %v\n%s", err, out)
	}
	code, out, _ = runCLI(t, nil, "inventory", "query", "--db", db, "--purl", "pkg:pypi/pip", "--format", "json")
	var pr struct {
		Matches []struct{ Name, Version string }
	}
	if code != exitOK || json.Unmarshal([]byte(out), &pr) != nil || len(pr.Matches) == 0 || pr.Matches[0].Name != "pip" {
		t.Errorf("purl query: %s", out)
	}

	// xmlparse.c of the 3.13.5 source is in both tarballs' SBOMs.
	code, out, _ = runCLI(t, nil, "inventory", "query", "--db", db, "--sha256", xmlparseSHA256(t, tgz))
	if code != exitOK || !strings.Contains(out, ": 2 match(es)") || !strings.Contains(out, "file Modules/expat/xmlparse.c") {
		t.Errorf("sha256 query:\n%s", out)
	}

	code, out, stderr = runCLI(t, nil, "inventory", "diff", "--db", db, xz, tgz)
	if code != exitFindings && code != exitOK {
		t.Errorf("diff: exit %d %s", code, stderr)
	}
	code, out, stderr = runCLI(t, nil, "inventory", "diff", "--db", db, cpython311SBOM, tgz)
	if code != exitFindings || !strings.Contains(out, "expat") {
		t.Errorf("diff 3.11.2 -> 3.13.5: exit %d\n%s%s", code, out, stderr)
	}

	code, out, _ = runCLI(t, nil, "inventory", "list", "--db", db, "--format", "json")
	var list []struct{ Source string }
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 6 {
		t.Errorf("list: %s", out)
	}

	// scan over everything stored: 3.11.2's bundled setuptools is affected.
	code, out, stderr = runCLI(t, nil, "inventory", "scan", "--db", db, "--osv", scanOSV)
	if code != exitFindings || !strings.Contains(out, "TEST-SETUPTOOLS") || !strings.Contains(out, cpython311SBOM+" (") {
		t.Errorf("scan: exit %d\n%s%s", code, out, stderr)
	}
}

func xmlparseSHA256(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Files []struct {
			FileName  string
			Checksums []struct{ Algorithm, ChecksumValue string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	for _, f := range d.Files {
		if f.FileName == "Modules/expat/xmlparse.c" {
			for _, c := range f.Checksums {
				if c.Algorithm == "SHA256" {
					return c.ChecksumValue
				}
			}
		}
	}
	t.Fatal("no xmlparse.c")
	return ""
}

func TestInventoryUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"inventory"}, "Usage: sbomkeeper inventory"},
		{[]string{"inventory", "frob"}, `unknown subcommand "frob"`},
		{[]string{"inventory", "add", "--db", db}, "name the SBOM documents to add"},
		{[]string{"inventory", "query", "--db", db}, "give exactly one of --package NAME, --purl PURL or --sha256 HEX"},
		{[]string{"inventory", "query", "--db", db, "--package", "a", "--purl", "pkg:pypi/a"}, "give exactly one of"},
		{[]string{"inventory", "query", "--db", db, "--package", "a", "--version", "<"}, "a bound has no version"},
		{[]string{"inventory", "query", "--db", db, "--sha256", "abc"}, "want 64 hex digits"},
		{[]string{"inventory", "query", "--db", db, "--package", "a", "--format", "xml"}, `--format "xml"`},
		{[]string{"inventory", "diff", "--db", db, "a"}, "DOC_A DOC_B"},
		{[]string{"inventory", "diff", "--db", db, "a", "b"}, `no stored document is "a"`},
		{[]string{"inventory", "scan", "--db", db}, "give the OSV data with --osv PATH"},
	} {
		code, _, stderr := runCLI(t, nil, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// TestInventoryAddStoreError: a document the store refuses is named on
// stderr and not listed as stored (it used to be listed as an empty result,
// and the text output then panicked slicing its empty SHA-256).
func TestInventoryAddStoreError(t *testing.T) {
	ctx := context.Background()
	s, err := inventory.Open(ctx, filepath.Join(t.TempDir(), "inv.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close() // every Add now fails
	for _, format := range []string{"text", "json"} {
		var out, stderr strings.Builder
		code := inventoryAdd(ctx, s, []string{cpython311SBOM}, format, &out, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "1 of 1 document(s) not stored") {
			t.Errorf("%s: exit %d\n%s%s", format, code, out.String(), stderr.String())
		}
		if strings.Contains(out.String(), "added") || strings.Contains(out.String(), "sha256") {
			t.Errorf("%s: a document not stored is listed:\n%s", format, out.String())
		}
	}
}
