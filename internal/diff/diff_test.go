package diff

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

func parse(t *testing.T, path string) *spdx.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTwoArtifactsOfOneRelease: the .tar.xz and .tgz SBOMs of 3.13.5 differ
// only in the top-level package's file name, download location and checksum.
func TestTwoArtifactsOfOneRelease(t *testing.T) {
	a := parse(t, "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json")
	b := parse(t, "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json")
	r := Compare(a, b)
	if len(r.Added)+len(r.Removed) != 0 || len(r.Changed) != 1 || r.Changed[0].Name != "CPython" {
		t.Fatalf("%+v", r)
	}
	var fields []string
	for _, c := range r.Changed[0].Changes {
		fields = append(fields, c.Field)
	}
	if got := strings.Join(fields, ","); got != "downloadLocation,checksum SHA256" {
		t.Errorf("changed fields %s", got)
	}
	if Compare(a, a).Empty() != true || Text(Compare(a, a)) != "no changes\n" {
		t.Error("a document differs from itself")
	}
}

// TestDependencyUpgrade: expat's entry and one file change, a package goes,
// another comes: each change is listed once.
func TestDependencyUpgrade(t *testing.T) {
	old := parse(t, "../../testdata/cpython-3.12/expected.spdx.json")
	newDoc := parse(t, "../../testdata/cpython-3.12/expected.spdx.json")
	for i := range newDoc.Packages {
		p := &newDoc.Packages[i]
		if p.Name == "expat" {
			p.VersionInfo = "2.7.1"
			p.Checksums[0].ChecksumValue = "0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2"
			p.ExternalRefs[0].ReferenceLocator = "cpe:2.3:a:libexpat_project:libexpat:2.7.1:*:*:*:*:*:*:*"
		}
	}
	for i := range newDoc.Files {
		if newDoc.Files[i].FileName == "Modules/expat/xmlparse.c" {
			newDoc.Files[i].Checksums[1].ChecksumValue = strings.Repeat("0", 64)
		}
	}
	newDoc.Packages = append(newDoc.Packages, spdx.Package{SPDXID: "SPDXRef-PACKAGE-new", Name: "new", VersionInfo: "1"})
	newDoc.Packages = deleteNamed(newDoc.Packages, "distro")
	r := Compare(old, newDoc)
	if len(r.Added) != 1 || r.Added[0].Name != "new" || len(r.Removed) != 1 || r.Removed[0] != (Ref{"distro", "1.9.0"}) {
		t.Errorf("added %v removed %v", r.Added, r.Removed)
	}
	if len(r.Changed) != 1 || r.Changed[0].Name != "expat" || strings.Join(r.Changed[0].FilesChanged, ",") != "Modules/expat/xmlparse.c" {
		t.Fatalf("changed %+v", r.Changed)
	}
	text := Text(r)
	for _, want := range []string{"+ new 1", "- distro 1.9.0", "~ expat", "version: 2.6.3 → 2.7.1", "cpe23Type: cpe:2.3:a:libexpat_project:libexpat:2.6.3", "~ Modules/expat/xmlparse.c"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if m := Markdown(r); !strings.Contains(m, "| expat | version | 2.6.3 | 2.7.1 |") || !strings.Contains(m, "| expat | files | | 0 added, 0 removed, 1 changed |") {
		t.Errorf("markdown:\n%s", m)
	}
}

func deleteNamed(ps []spdx.Package, name string) []spdx.Package {
	var out []spdx.Package
	for _, p := range ps {
		if p.Name != name {
			out = append(out, p)
		}
	}
	return out
}

// TestAcrossFormats: a release SBOM rendered as CycloneDX 1.6 by convert,
// with bom-refs another tool would give (so that the SPDX IDs read back
// differ from the original's), describes the same packages and files.
func TestAcrossFormats(t *testing.T) {
	src := "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
	doc := parse(t, src)
	bom, _, err := convert.Write(doc, convert.CycloneDX, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bom = []byte(strings.ReplaceAll(string(bom), "SPDXRef-", "urn:other-tool:"))
	back, _, _, err := convert.Read("x.cdx.json", bom)
	if err != nil {
		t.Fatal(err)
	}
	if back.Packages[0].SPDXID == doc.Packages[0].SPDXID {
		t.Fatalf("the IDs did not change: %s", back.Packages[0].SPDXID)
	}
	if r := Compare(doc, back); !r.Empty() {
		t.Errorf("SPDX against its CycloneDX rendering:\n%s", Text(r))
	}
	// A real change still shows, as a change of the one package.
	for i := range back.Packages {
		if back.Packages[i].Name == "pip" {
			back.Packages[i].VersionInfo = "25.2"
		}
	}
	r := Compare(doc, back)
	if len(r.Added)+len(r.Removed) != 0 || len(r.Changed) != 1 || r.Changed[0].Name != "pip" || r.Changed[0].Changes[0] != (Change{"version", "25.1.1", "25.2"}) {
		t.Errorf("version bump:\n%s", Text(r))
	}
}

// pkg returns a package with a PURL, if purl is not empty.
func pkg(id, name, version, purl string) spdx.Package {
	p := spdx.Package{SPDXID: id, Name: name, VersionInfo: version}
	if purl != "" {
		p.ExternalRefs = []spdx.ExternalRef{{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl", ReferenceLocator: purl}}
	}
	return p
}

// vendored is a document with two copies of packaging 21.3, as a wheel
// that vendors it twice has, each containing its own files.
func vendored() *spdx.Document {
	d := &spdx.Document{}
	for i, dir := range []string{"a/_vendor/packaging", "b/_vendor/packaging"} {
		id := fmt.Sprintf("SPDXRef-PACKAGE-packaging-%d", i)
		d.Packages = append(d.Packages, pkg(id, "packaging", "21.3", "pkg:pypi/packaging@21.3"))
		for _, f := range []string{"version.py", "tags.py"} {
			fid := fmt.Sprintf("SPDXRef-FILE-%d-%s", i, f)
			d.Files = append(d.Files, spdx.File{SPDXID: fid, FileName: dir + "/" + f, Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: strings.Repeat("a", 64)}}})
			d.Relationships = append(d.Relationships, spdx.Relationship{SPDXElementID: id, RelationshipType: "CONTAINS", RelatedSPDXElement: fid})
		}
	}
	return d
}

// TestTwoCopiesOfOnePackage: two packages of one identity in one document
// stay two; they are told apart by their files.
func TestTwoCopiesOfOnePackage(t *testing.T) {
	old := vendored()
	if r := Compare(old, vendored()); !r.Empty() {
		t.Errorf("same document:\n%s", Text(r))
	}
	// The second copy goes: one removal, not nothing.
	gone := vendored()
	gone.Packages = gone.Packages[:1]
	if r := Compare(old, gone); len(r.Removed) != 1 || r.Removed[0] != (Ref{"packaging", "21.3"}) || len(r.Added)+len(r.Changed) != 0 {
		t.Errorf("one copy removed:\n%s", Text(r))
	}
	// Listed in the other order, each copy still meets its own files.
	swapped := vendored()
	swapped.Packages[0], swapped.Packages[1] = swapped.Packages[1], swapped.Packages[0]
	if r := Compare(old, swapped); !r.Empty() {
		t.Errorf("copies swapped:\n%s", Text(r))
	}
	// A file of the second copy changes: that copy changes, once.
	edited := vendored()
	edited.Files[3].Checksums[0].ChecksumValue = strings.Repeat("b", 64)
	r := Compare(old, edited)
	if len(r.Changed) != 1 || strings.Join(r.Changed[0].FilesChanged, ",") != "b/_vendor/packaging/tags.py" || len(r.Added)+len(r.Removed) != 0 {
		t.Errorf("a file of one copy changed:\n%s", Text(r))
	}
}

// TestIdentity: PURLs are compared with the PURL spec's case rules; CPE
// before the name; a name only where neither side has a PURL and CPE.
func TestIdentity(t *testing.T) {
	doc := func(ps ...spdx.Package) *spdx.Document { return &spdx.Document{Packages: ps} }
	// The type definitions of the PURL spec make golang names
	// case-insensitive; Go module paths are not, and tools write them as
	// they are. The two are one package, and the PURL's spelling shows as a
	// change of that package rather than as a removal and an addition.
	r := Compare(
		doc(pkg("SPDXRef-a", "github.com/burntsushi/toml", "v1.4.0", "pkg:golang/github.com/burntsushi/toml@v1.4.0")),
		doc(pkg("SPDXRef-b", "github.com/BurntSushi/toml", "v1.4.0", "pkg:golang/github.com/BurntSushi/toml@v1.4.0")))
	if len(r.Added)+len(r.Removed) != 0 || len(r.Changed) != 1 || r.Changed[0].Changes[0].Field != "purl" {
		t.Errorf("golang case:\n%s", Text(r))
	}
	// pypi names are normalised: case, and _ for -.
	r = Compare(
		doc(pkg("SPDXRef-a", "typing_extensions", "4.13.2", "pkg:pypi/typing_extensions@4.13.2")),
		doc(pkg("SPDXRef-b", "typing-extensions", "4.13.2", "pkg:pypi/Typing-Extensions@4.13.2")))
	if len(r.Added)+len(r.Removed) != 0 || len(r.Changed) != 1 {
		t.Errorf("pypi normalisation:\n%s", Text(r))
	}
	// maven is case-sensitive: two packages.
	r = Compare(
		doc(pkg("SPDXRef-a", "x", "1", "pkg:maven/org.Example/x@1")),
		doc(pkg("SPDXRef-b", "x", "1", "pkg:maven/org.example/x@1")))
	if len(r.Added) != 1 || len(r.Removed) != 1 {
		t.Errorf("maven case:\n%s", Text(r))
	}
	// Two PURLs that differ are two packages even under one name.
	r = Compare(
		doc(pkg("SPDXRef-a", "toml", "1", "pkg:pypi/toml@1")),
		doc(pkg("SPDXRef-b", "toml", "1", "pkg:cargo/toml@1")))
	if len(r.Added) != 1 || len(r.Removed) != 1 {
		t.Errorf("different PURLs, one name:\n%s", Text(r))
	}
	// One side has no PURL: the name decides.
	r = Compare(doc(pkg("SPDXRef-a", "zlib", "1.3", "")), doc(pkg("SPDXRef-b", "zlib", "1.3", "pkg:generic/zlib@1.3")))
	if len(r.Added)+len(r.Removed) != 0 || len(r.Changed) != 1 {
		t.Errorf("PURL on one side:\n%s", Text(r))
	}
}

// NOASSERTION and absent say the same: SPDX 3 and CycloneDX have no
// NOASSERTION supplier, license or download location, so the SPDX 2.3 and
// SPDX 3 forms of one document differ only in that spelling. A real value
// against NOASSERTION is still a change.
func TestNoAssertionIsAbsent(t *testing.T) {
	a := parse(t, "../../sbom.spdx.json")
	b := parse(t, "../../sbom.spdx.json")
	for i := range b.Packages {
		p := &b.Packages[i]
		for _, f := range []*string{&p.Supplier, &p.LicenseConcluded, &p.DownloadLocation, &p.Originator} {
			if *f == "NOASSERTION" {
				*f = ""
			}
		}
	}
	b.Packages[0].Originator = "NOASSERTION"
	if r := Compare(a, b); !r.Empty() {
		t.Errorf("NOASSERTION against absent: %+v", r)
	}
	b.Packages[0].LicenseConcluded = "MIT"
	if r := Compare(a, b); len(r.Changed) != 1 || r.Changed[0].Changes[0].Field != "licenseConcluded" {
		t.Errorf("NOASSERTION against MIT: %+v", r)
	}
}
