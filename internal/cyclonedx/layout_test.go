package cyclonedx

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// layoutInputs are SPDX documents of every shape FromSPDX meets: CPython's
// artifact SBOMs (the source tarball: 27 packages, 4,808 files, its root
// CONTAINS most of them), sbomkeeper's own SBOM (a Go module graph), the
// rich document of mapping_test.go, and syft's layout, where a root package
// CONTAINS every other package (testdata/layout).
func layoutInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{"rich": []byte(richSPDX)}
	for _, name := range []string{
		"Python-3.13.5.tgz.spdx.json",
		"Python-3.13.5.tar.xz.spdx.json",
		"python-3.13.5-amd64.exe.spdx.json",
		"python-3.13.5-embed-amd64.zip.spdx.json",
	} {
		in[name] = readFile(t, filepath.Join(releaseTools, name))
	}
	in["sbom.spdx.json"] = readFile(t, filepath.Join("..", "..", "sbom.spdx.json"))
	in["syft-dir.spdx.json"] = readFile(t, filepath.Join("testdata", "layout", "syft-dir.spdx.json"))
	return in
}

// The layout other readers find (issue 11): the described element is
// metadata.component, every other package and file is a top-level
// component, nothing is nested, and each SPDX element is there exactly once.
// syft reads packages from metadata.component and the top level, files only
// from the top level; osv-scanner and cdxgen's validator read only
// components. scripts/readers.sh runs the real tools on these outputs.
func TestLayoutOtherReadersFind(t *testing.T) {
	for name, data := range layoutInputs(t) {
		t.Run(name, func(t *testing.T) {
			doc := parseSPDX(t, data)
			out, _, err := FromSPDX(doc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			assertFlatLayout(t, doc, out)
		})
	}
}

// assertFlatLayout checks the layout invariants of FromSPDX's output for doc.
func assertFlatLayout(t *testing.T, doc *spdx.Document, out []byte) {
	t.Helper()
	var raw struct {
		Metadata struct {
			Component map[string]any `json:"component"`
		} `json:"metadata"`
		Components []map[string]any `json:"components"`
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	files := 0
	for i, c := range raw.Components {
		if _, nested := c["components"]; nested {
			t.Errorf("/components/%d nests components", i)
		}
		ref, _ := c["bom-ref"].(string)
		seen[ref]++
		if c["type"] == "file" && isFileID(doc, ref) {
			files++
		}
	}
	described := describedID(doc)
	if mc := raw.Metadata.Component; mc != nil {
		if _, nested := mc["components"]; nested {
			t.Error("metadata.component nests components")
		}
		ref, _ := mc["bom-ref"].(string)
		if ref != described {
			t.Errorf("metadata.component is %q, want the described element %q", ref, described)
		}
		seen[ref]++
	} else if described != "" {
		t.Errorf("no metadata.component, want the described element %q", described)
	}
	want := len(doc.Packages) + len(doc.Files)
	if described != "" {
		want-- // it is metadata.component, which readers take as the BOM's subject
	}
	if len(raw.Components) != want {
		t.Errorf("%d top-level components, want %d (%d packages + %d files, the described one in metadata.component)", len(raw.Components), want, len(doc.Packages), len(doc.Files))
	}
	if files != len(doc.Files) {
		t.Errorf("%d top-level file components, want the %d files", files, len(doc.Files))
	}
	for _, id := range elementIDs(doc) {
		if seen[id] != 1 {
			t.Errorf("%s is in the BOM %d times, want once", id, seen[id])
		}
	}
}

func elementIDs(doc *spdx.Document) []string {
	var out []string
	for _, p := range doc.Packages {
		out = append(out, p.SPDXID)
	}
	for _, f := range doc.Files {
		out = append(out, f.SPDXID)
	}
	return out
}

func isFileID(doc *spdx.Document, id string) bool {
	for _, f := range doc.Files {
		if f.SPDXID == id {
			return true
		}
	}
	return false
}

// describedID is the one element the document describes, or "".
func describedID(doc *spdx.Document) string {
	ids := map[string]bool{}
	for _, id := range doc.DocumentDescribes {
		ids[id] = true
	}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "DESCRIBES" && r.SPDXElementID == doc.SPDXID {
			ids[r.RelatedSPDXElement] = true
		}
	}
	if len(ids) != 1 {
		return ""
	}
	for id := range ids {
		return id
	}
	return ""
}

// syft's layout: the root package (the scanned directory) CONTAINS every
// other package, which DEPENDS_ON one another. SPDX -> CycloneDX -> SPDX
// gives it back unchanged, and the CycloneDX is the flat layout.
func TestRootContainsEverythingRoundTrip(t *testing.T) {
	orig := parseSPDX(t, readFile(t, filepath.Join("testdata", "layout", "syft-dir.spdx.json")))
	out, losses, err := FromSPDX(orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("FromSPDX losses: %q", lossStrings(losses))
	}
	validateCDX(t, "1.6", out)
	assertFlatLayout(t, orig, out)
	for _, is := range Check(out) {
		if is.Rule != RuleNTIA {
			t.Errorf("Check: %v", is)
		}
	}
	back, losses, err := ToSPDX(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("ToSPDX losses: %q", lossStrings(losses))
	}
	compareDocs(t, orig, back)
	if a, b := normalized(t, orig), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the round trip changed the document:\n%s", firstDiff(a, b))
	}
}

// BOMs in the nested layout FromSPDX wrote before issue 11 (everything a
// package CONTAINS nested in it, the described package's contents under
// metadata.component.components) still read back to the same document.
// testdata/layout/rich-nested.cdx.json is the old FromSPDX's output for
// richSPDX.
func TestReadNestedLayout(t *testing.T) {
	orig := parseSPDX(t, []byte(richSPDX))
	old := readFile(t, filepath.Join("testdata", "layout", "rich-nested.cdx.json"))
	if !bytes.Contains(old, []byte(`"containedVia"`)) && !bytes.Contains(old, []byte(PropertyPrefix+"containedVia")) {
		t.Fatal("the test input is not the nested layout")
	}
	back, losses, err := ToSPDX(old)
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("ToSPDX losses: %q", lossStrings(losses))
	}
	if a, b := normalized(t, orig), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the nested layout read differently:\n%s", firstDiff(a, b))
	}
	// And written again, it is the flat layout.
	again, _, err := FromSPDX(back, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertFlatLayout(t, orig, again)

	// The old FromSPDX's output for syft's layout (its root's contents under
	// metadata.component.components) reads back to the syft document too.
	syftDoc := parseSPDX(t, readFile(t, filepath.Join("testdata", "layout", "syft-dir.spdx.json")))
	back, losses, err = ToSPDX(readFile(t, filepath.Join("testdata", "layout", "syft-dir-nested.cdx.json")))
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 0 {
		t.Errorf("ToSPDX losses: %q", lossStrings(losses))
	}
	if a, b := normalized(t, syftDoc), normalized(t, back); !bytes.Equal(a, b) {
		t.Errorf("the nested syft layout read differently:\n%s", firstDiff(a, b))
	}
}

// testdata/readers holds what syft 1.57.2 and osv-scanner 2.5.0 read from
// FromSPDX's output (scripts/readers.sh --update writes it). The committed
// CycloneDX must still be what FromSPDX writes, or the evidence is about
// another layout; and the counts must be those of the SPDX sources: syft
// sees every package (a FILE or CONTAINER root is the scan source to it, as
// when it reads the SPDX) and every file; osv-scanner every package with a
// PURL or CPE but the BOM's subject, metadata.component, which it reads in
// no BOM.
func TestReaderEvidence(t *testing.T) {
	src := filepath.Join("testdata", "layout", "syft-dir.spdx.json")
	got, _, err := FromSPDX(parseSPDX(t, readFile(t, src)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := readFile(t, filepath.Join("testdata", "readers", "syft-dir.cdx.json")); !bytes.Equal(got, want) {
		t.Errorf("testdata/readers/syft-dir.cdx.json is not FromSPDX's output any more: run bash scripts/readers.sh --update\n%s", firstDiff(want, got))
	}
	sources := map[string]string{
		"syft-dir":    src,
		"cpython-tgz": filepath.Join(releaseTools, "Python-3.13.5.tgz.spdx.json"),
		"own":         "", // sbom.spdx.json changes with go.mod; its row is checked against itself
	}
	rows := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join("testdata", "readers", "summary.tsv")))), "\n")
	if len(rows) != 1+len(sources) {
		t.Fatalf("summary.tsv has %d rows, want a header and %d", len(rows), len(sources))
	}
	for _, row := range rows[1:] {
		f := strings.Split(row, "\t")
		if len(f) != 9 {
			t.Fatalf("summary.tsv row %q: want 9 fields", row)
		}
		n := make([]int, 9)
		for i := 1; i < 9; i++ {
			if n[i], err = strconv.Atoi(f[i]); err != nil {
				t.Fatalf("summary.tsv row %q: %v", row, err)
			}
		}
		name, P, F, syftP, syftF, syftSpdxP, syftSpdxF, osvP, osvSpdxP := f[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]
		path, ok := sources[name]
		if !ok {
			t.Errorf("summary.tsv: unknown document %q", name)
			continue
		}
		if path != "" {
			doc := parseSPDX(t, readFile(t, path))
			if P != len(doc.Packages) || F != len(doc.Files) {
				t.Errorf("%s: summary says %d packages and %d files, the SPDX source has %d and %d", name, P, F, len(doc.Packages), len(doc.Files))
			}
			rootIsSource, ids, rootHasID := readerCounts(doc)
			if syftP != P-rootIsSource || syftF != F {
				t.Errorf("%s: syft read %d packages and %d files, want %d and %d", name, syftP, syftF, P-rootIsSource, F)
			}
			if osvP != ids-rootHasID {
				t.Errorf("%s: osv-scanner read %d packages, want %d", name, osvP, ids-rootHasID)
			}
		}
		if syftP != syftSpdxP || syftF != syftSpdxF {
			t.Errorf("%s: syft read %d packages and %d files from the CycloneDX, %d and %d from its SPDX source", name, syftP, syftF, syftSpdxP, syftSpdxF)
		}
		if osvP != osvSpdxP && osvP != osvSpdxP-1 {
			t.Errorf("%s: osv-scanner read %d packages from the CycloneDX, %d from its SPDX source", name, osvP, osvSpdxP)
		}
	}
}

// readerCounts: whether the described package is a FILE or CONTAINER (a scan
// source to syft), how many packages have a PURL or CPE, and whether the
// described one has.
func readerCounts(doc *spdx.Document) (rootIsSource, ids, rootHasID int) {
	described := describedID(doc)
	for _, p := range doc.Packages {
		hasID := 0
		for _, r := range p.ExternalRefs {
			if r.ReferenceType == "purl" || r.ReferenceType == "cpe23Type" {
				hasID = 1
			}
		}
		ids += hasID
		if p.SPDXID == described {
			rootHasID = hasID
			if p.PrimaryPackagePurpose == "FILE" || p.PrimaryPackagePurpose == "CONTAINER" {
				rootIsSource = 1
			}
		}
	}
	return rootIsSource, ids, rootHasID
}
