package cyclonedx

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The CPython 3.13.5 release SBOMs: SPDX -> CycloneDX -> SPDX must give the
// same document back, with no losses either way, and the CycloneDX in between
// must be valid CycloneDX 1.6.
func TestCPythonArtifactRoundTrip(t *testing.T) {
	for _, name := range []string{
		"Python-3.13.5.tgz.spdx.json",
		"Python-3.13.5.tar.xz.spdx.json",
		"python-3.13.5-amd64.exe.spdx.json",
		"python-3.13.5t-amd64.exe.spdx.json",
		"python-3.13.5-embed-amd64.zip.spdx.json",
	} {
		t.Run(name, func(t *testing.T) {
			orig := parseSPDX(t, readFile(t, filepath.Join(releaseTools, name)))
			bom, losses, err := FromSPDX(orig, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(losses) != 0 {
				t.Errorf("FromSPDX losses: %q", lossStrings(losses))
			}
			validateCDX(t, "1.6", bom)
			if issues := Check(bom); len(issues) != 0 {
				t.Errorf("Check: %v", issues)
			}
			back, losses, err := ToSPDX(bom)
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
		})
	}
}

// compareDocs asserts, field by field, what a consumer of the artifact SBOM
// relies on: packages, versions, PURLs, CPEs, checksums, suppliers, licenses,
// and the DESCRIBES, CONTAINS and DEPENDS_ON relationships.
func compareDocs(t *testing.T, want, got *spdx.Document) {
	t.Helper()
	if got.Name != want.Name || got.DocumentNamespace != want.DocumentNamespace || got.DataLicense != want.DataLicense || got.SPDXVersion != want.SPDXVersion {
		t.Errorf("document: got %q %q %q %q, want %q %q %q %q", got.Name, got.DocumentNamespace, got.DataLicense, got.SPDXVersion, want.Name, want.DocumentNamespace, want.DataLicense, want.SPDXVersion)
	}
	if (want.CreationInfo == nil) != (got.CreationInfo == nil) {
		t.Fatalf("creationInfo: got %v, want %v", got.CreationInfo, want.CreationInfo)
	}
	if want.CreationInfo != nil {
		w, g := want.CreationInfo, got.CreationInfo
		if g.Created != w.Created || g.LicenseListVersion != w.LicenseListVersion || !sameSet(g.Creators, w.Creators) {
			t.Errorf("creationInfo: got %+v, want %+v", g, w)
		}
	}
	gotPkgs := map[string]spdx.Package{}
	for _, p := range got.Packages {
		gotPkgs[p.SPDXID] = p
	}
	if len(got.Packages) != len(want.Packages) {
		t.Errorf("%d packages, want %d", len(got.Packages), len(want.Packages))
	}
	for _, w := range want.Packages {
		g, ok := gotPkgs[w.SPDXID]
		if !ok {
			t.Errorf("package %s is missing", w.SPDXID)
			continue
		}
		for _, f := range []struct{ name, got, want string }{
			{"name", g.Name, w.Name},
			{"versionInfo", g.VersionInfo, w.VersionInfo},
			{"supplier", g.Supplier, w.Supplier},
			{"originator", g.Originator, w.Originator},
			{"downloadLocation", g.DownloadLocation, w.DownloadLocation},
			{"licenseConcluded", g.LicenseConcluded, w.LicenseConcluded},
			{"licenseDeclared", g.LicenseDeclared, w.LicenseDeclared},
			{"primaryPackagePurpose", g.PrimaryPackagePurpose, w.PrimaryPackagePurpose},
			{"packageFileName", g.PackageFileName, w.PackageFileName},
			{"purl", refs(g, "purl"), refs(w, "purl")},
			{"cpe23Type", refs(g, "cpe23Type"), refs(w, "cpe23Type")},
			{"checksums", checksums(g.Checksums), checksums(w.Checksums)},
			{"packageVerificationCode", fmt.Sprint(g.PackageVerificationCode), fmt.Sprint(w.PackageVerificationCode)},
			{"filesAnalyzed", fmt.Sprint(deref(g.FilesAnalyzed)), fmt.Sprint(deref(w.FilesAnalyzed))},
		} {
			if f.got != f.want {
				t.Errorf("package %s %s: got %q, want %q", w.SPDXID, f.name, f.got, f.want)
			}
		}
	}
	gotFiles := map[string]spdx.File{}
	for _, f := range got.Files {
		gotFiles[f.SPDXID] = f
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("%d files, want %d", len(got.Files), len(want.Files))
	}
	for _, w := range want.Files {
		g, ok := gotFiles[w.SPDXID]
		if !ok {
			t.Errorf("file %s is missing", w.SPDXID)
			continue
		}
		if g.FileName != w.FileName || checksums(g.Checksums) != checksums(w.Checksums) {
			t.Errorf("file %s: got %q %s, want %q %s", w.SPDXID, g.FileName, checksums(g.Checksums), w.FileName, checksums(w.Checksums))
		}
	}
	rels := func(d *spdx.Document) map[string][]string {
		m := map[string][]string{}
		for _, r := range d.Relationships {
			m[r.RelationshipType] = append(m[r.RelationshipType], r.SPDXElementID+" "+r.RelatedSPDXElement)
		}
		return m
	}
	g, w := rels(got), rels(want)
	for _, typ := range []string{"DESCRIBES", "CONTAINS", "DEPENDS_ON"} {
		if !sameSet(g[typ], w[typ]) {
			t.Errorf("%s relationships differ: got %d, want %d", typ, len(g[typ]), len(w[typ]))
		}
	}
	if len(got.Relationships) != len(want.Relationships) {
		t.Errorf("%d relationships, want %d", len(got.Relationships), len(want.Relationships))
	}
}

func refs(p spdx.Package, typ string) string {
	var out []string
	for _, r := range p.ExternalRefs {
		if r.ReferenceType == typ {
			out = append(out, r.ReferenceCategory+" "+r.ReferenceLocator)
		}
	}
	slices.Sort(out)
	return fmt.Sprint(out)
}

func checksums(cs []spdx.Checksum) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Algorithm+":"+c.ChecksumValue)
	}
	slices.Sort(out)
	return fmt.Sprint(out)
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}

// What the artifact SBOM looks like in CycloneDX: the described package is
// metadata.component, and the 4,808 files and the other 26 packages are all
// top-level components (before issue 11, 4,697 files were nested under
// metadata.component and syft read 111). What the packages CONTAIN is in
// their relationship properties; pip's dependencies are in the graph.
func TestCPythonArtifactShape(t *testing.T) {
	orig := parseSPDX(t, readFile(t, filepath.Join(releaseTools, "Python-3.13.5.tgz.spdx.json")))
	out, _, err := FromSPDX(orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bom
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	// Python: uuid.uuid5(uuid.NAMESPACE_URL, documentNamespace)
	if want := "urn:uuid:e12f8ec9-c007-52c6-ac82-1b8dba19a80b"; b.SerialNumber != want {
		t.Errorf("serial number %q, want %q", b.SerialNumber, want)
	}
	if b.Metadata.Timestamp != "2026-11-23T16:14:51Z" {
		t.Errorf("timestamp %q", b.Metadata.Timestamp)
	}
	mc := b.Metadata.Component
	if mc == nil || mc.BOMRef != "SPDXRef-PACKAGE-cpython" || mc.Name != "CPython" || mc.Version != "3.13.5" || mc.CPE != "cpe:2.3:a:python:python:3.13.5:*:*:*:*:*:*:*" {
		t.Fatalf("metadata.component: %+v", mc)
	}
	if mc.Supplier == nil || mc.Supplier.Name != "Python Software Foundation" || mc.Manufacturer == nil || mc.Manufacturer.Name != "Python Software Foundation" {
		t.Errorf("supplier %+v, manufacturer %+v", mc.Supplier, mc.Manufacturer)
	}
	if len(mc.Licenses) != 1 || mc.Licenses[0].License == nil || mc.Licenses[0].License.ID != "PSF-2.0" || mc.Licenses[0].License.Acknowledgement != "concluded" {
		t.Errorf("licenses %+v", mc.Licenses)
	}
	if len(mc.Components) != 0 {
		t.Errorf("metadata.component nests %d components", len(mc.Components))
	}
	files, packages, contains := 0, 0, 0
	for _, c := range b.Components {
		if len(c.Components) != 0 {
			t.Errorf("%s nests %d components", c.BOMRef, len(c.Components))
		}
		if c.Type == "file" {
			files++
		} else {
			packages++
		}
	}
	for _, c := range append([]*component{mc}, b.Components...) {
		for _, p := range c.Properties {
			if p.Name == propRelationship && strings.HasPrefix(p.Value, "CONTAINS ") {
				contains++
			}
		}
	}
	if files != 4808 || packages != 26 {
		t.Errorf("%d top-level file components and %d packages, want 4808 and 26", files, packages)
	}
	if contains != 4808 {
		t.Errorf("%d CONTAINS relationship properties, want 4808", contains)
	}
	var pip *component
	for _, c := range b.Components {
		if c.BOMRef == "SPDXRef-PACKAGE-pip" {
			pip = c
		}
	}
	if pip == nil || pip.PURL != "pkg:pypi/pip@25.1.1" {
		t.Fatalf("pip: %+v", pip)
	}
	for _, d := range b.Dependencies {
		if d.Ref == "SPDXRef-PACKAGE-pip" && len(d.DependsOn) != 20 {
			t.Errorf("pip depends on %d packages, want 20", len(d.DependsOn))
		}
	}
	if !slices.IsSortedFunc(b.Dependencies, func(a, b dependency) int { return compareStrings(a.Ref, b.Ref) }) {
		t.Error("dependencies are not sorted by ref")
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Two conversions of the same document give the same bytes, and so do
// conversions of a copy parsed afresh.
func TestDeterministic(t *testing.T) {
	data := readFile(t, filepath.Join(releaseTools, "python-3.13.5-amd64.exe.spdx.json"))
	var first []byte
	for i := range 3 {
		out, _, err := FromSPDX(parseSPDX(t, data), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = out
		} else if !bytes.Equal(out, first) {
			t.Fatalf("conversion %d differs:\n%s", i, firstDiff(first, out))
		}
	}
	doc, _, err := ToSPDX(first)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := ToSPDX(first)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := normalized(t, doc), normalized(t, again); !bytes.Equal(a, b) {
		t.Fatal("ToSPDX is not deterministic")
	}
	compact, _, err := FromSPDX(parseSPDX(t, data), Options{Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(compact, []byte("\n")) != 1 || !json.Valid(compact) {
		t.Error("Compact output is not one line of JSON")
	}
}

// CPython's source SBOM fragments (no creationInfo, no name, no namespace):
// valid CycloneDX, and back unchanged. The copies in testdata always run;
// SBOMKEEPER_CPYTHON_TREE points at a CPython tree to run its own files too.
func TestCPythonFragments(t *testing.T) {
	paths := []string{
		filepath.Join("testdata", "cpython-3.13.5-Misc-sbom.spdx.json"),
		filepath.Join("testdata", "cpython-3.13.5-Misc-externals.spdx.json"),
	}
	if tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE"); tree != "" {
		paths = append(paths, filepath.Join(tree, "Misc", "sbom.spdx.json"), filepath.Join(tree, "Misc", "externals.spdx.json"))
	} else {
		t.Log("SBOMKEEPER_CPYTHON_TREE is not set: the tree's own Misc/*.spdx.json are skipped")
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			orig := parseSPDX(t, readFile(t, path))
			out, losses, err := FromSPDX(orig, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(losses) != 0 {
				t.Errorf("FromSPDX losses: %q", lossStrings(losses))
			}
			validateCDX(t, "1.6", out)
			var b bom
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			if b.Metadata.Timestamp != "" || b.Metadata.Component != nil || b.SerialNumber == "" {
				t.Errorf("a fragment has no timestamp and no subject; got %q %v, serial %q", b.Metadata.Timestamp, b.Metadata.Component, b.SerialNumber)
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
		})
	}
}

// The externals fragment's CycloneDX is pinned byte for byte, so a change
// of the mapping shows in review.
func TestGoldenExternals(t *testing.T) {
	orig := parseSPDX(t, readFile(t, filepath.Join("testdata", "cpython-3.13.5-Misc-externals.spdx.json")))
	got, _, err := FromSPDX(orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "cpython-3.13.5-Misc-externals.cdx.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readFile(t, golden); !bytes.Equal(got, want) {
		t.Errorf("FromSPDX output differs from %s (go test -run Golden -update rewrites it):\n%s", golden, firstDiff(want, got))
	}
}
