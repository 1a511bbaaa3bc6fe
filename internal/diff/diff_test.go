package diff

import (
	"os"
	"strings"
	"testing"

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
