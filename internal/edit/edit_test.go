package edit

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// expat as CPython 3.13.5's Misc/sbom.spdx.json has it, corrected to 2.7.1.
func expatDoc() *spdx.Document {
	return &spdx.Document{Packages: []spdx.Package{
		{SPDXID: "SPDXRef-PACKAGE-expat", Name: "expat", VersionInfo: "2.7.1",
			DownloadLocation: "https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz",
			Checksums:        []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2"}},
			ExternalRefs: []spdx.ExternalRef{{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type",
				ReferenceLocator: "cpe:2.3:a:libexpat_project:libexpat:2.7.1:*:*:*:*:*:*:*"}},
			LicenseConcluded: "NOASSERTION", Comment: "hand-written, kept"},
		{SPDXID: "SPDXRef-PACKAGE-libb2", Name: "libb2", VersionInfo: "0.98.1"},
	},
		Files: []spdx.File{{SPDXID: "SPDXRef-FILE-a"}, {SPDXID: "SPDXRef-FILE-b"}, {SPDXID: "SPDXRef-FILE-shared"}},
		Relationships: []spdx.Relationship{
			{SPDXElementID: "SPDXRef-PACKAGE-libb2", RelatedSPDXElement: "SPDXRef-FILE-a", RelationshipType: "CONTAINS"},
			{SPDXElementID: "SPDXRef-PACKAGE-libb2", RelatedSPDXElement: "SPDXRef-FILE-shared", RelationshipType: "CONTAINS"},
			{SPDXElementID: "SPDXRef-PACKAGE-expat", RelatedSPDXElement: "SPDXRef-FILE-b", RelationshipType: "CONTAINS"},
			{SPDXElementID: "SPDXRef-PACKAGE-expat", RelatedSPDXElement: "SPDXRef-FILE-shared", RelationshipType: "CONTAINS"},
			{SPDXElementID: "SPDXRef-PACKAGE-expat", RelatedSPDXElement: "SPDXRef-PACKAGE-libb2", RelationshipType: "DEPENDS_ON"},
		}}
}

// The devguide's update by hand: version, the URL (both spellings of the
// version, as in R_2_7_1), the CPE's version field; the old SHA256 goes.
func TestUpdateAsTheDevguideSays(t *testing.T) {
	doc := expatDoc()
	u, err := Update(doc, "expat", "2.7.2", "")
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Packages[0]
	if p.VersionInfo != "2.7.2" ||
		p.DownloadLocation != "https://github.com/libexpat/libexpat/releases/download/R_2_7_2/expat-2.7.2.tar.gz" ||
		p.ExternalRefs[0].ReferenceLocator != "cpe:2.3:a:libexpat_project:libexpat:2.7.2:*:*:*:*:*:*:*" ||
		p.Checksums != nil || !u.ChecksumCleared || p.Comment != "hand-written, kept" {
		t.Errorf("%+v\n%+v", p, u)
	}
	if len(u.Fields) != 3 {
		t.Errorf("fields: %q", u.Fields)
	}
	if _, err := Update(doc, "zlib", "1", ""); err == nil || !strings.Contains(err.Error(), "expat, libb2") {
		t.Errorf("unknown package: %v", err)
	}
	doc.Packages[0].DownloadLocation = "https://example.org/latest.tar.gz"
	if _, err := Update(doc, "expat", "2.7.3", ""); err == nil || !strings.Contains(err.Error(), "give --url") {
		t.Errorf("a URL without the version: %v", err)
	}
}

func TestSetPURLVersion(t *testing.T) {
	for in, want := range map[string]string{
		"pkg:pypi/pip@25.1.1":                         "pkg:pypi/pip@9",
		"pkg:golang/github.com/a/b@v1.0.0?goos=linux": "pkg:golang/github.com/a/b@9?goos=linux",
		"pkg:npm/%40scope/x#sub/path":                 "pkg:npm/%40scope/x@9#sub/path",
	} {
		if got := ident.SetPURLVersion(in, "9"); got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
	}
}

// Remove takes the package, the files only it contains and every relationship
// naming either; a file another package also contains stays.
func TestRemove(t *testing.T) {
	doc := expatDoc()
	r, err := Remove(doc, "libb2")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Packages) != 1 || r.Files != 1 || r.Relationships != 3 {
		t.Errorf("%+v: %+v", r, doc)
	}
	var files []string
	for _, f := range doc.Files {
		files = append(files, f.SPDXID)
	}
	if !slices.Equal(files, []string{"SPDXRef-FILE-b", "SPDXRef-FILE-shared"}) {
		t.Errorf("files left: %v", files)
	}
}

func TestAdd(t *testing.T) {
	doc := expatDoc()
	err := Add(doc, Spec{Name: "zlib", Version: "1.3.1", URL: "https://zlib.net/zlib-1.3.1.tar.gz", CPE: "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Packages[2]
	if p.SPDXID != "SPDXRef-PACKAGE-zlib" || p.LicenseConcluded != "NOASSERTION" || p.PrimaryPackagePurpose != "SOURCE" || len(p.ExternalRefs) != 1 {
		t.Errorf("%+v", p)
	}
	err = Add(doc, Spec{Name: "expat", CPE: "cpe:/bad"})
	for _, want := range []string{"already in the SBOM", "--version is required", "not a CPE 2.3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}

// The config edits on CPython's example: comments and every other line stay;
// the result loads and says exactly what was asked.
func TestConfigAddRemoveOnTheCPythonExample(t *testing.T) {
	data, err := os.ReadFile("../../examples/cpython/sbomkeeper.toml")
	if err != nil {
		t.Fatal(err)
	}
	added, err := AddPackage("sbomkeeper.toml", data, "Misc/sbom.spdx.json", NewPackage{Name: "zlib", Include: []string{"Modules/zlib/**"}, Exclude: []string{`Modules/zlib/a"b.c`}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(added), "[[sbom.package]]\nname = \"zlib\"\ninclude = [\"Modules/zlib/**\"]\nexclude = ['Modules/zlib/a\"b.c']\n") {
		t.Errorf("added block:\n%s", added)
	}
	c, err := config.Parse("x", added)
	if err != nil {
		t.Fatal(err)
	}
	// It lands in the source SBOM's [[sbom]], not after [artifact] or another.
	src := c.SBOMs[0]
	if src.Path != "Misc/sbom.spdx.json" || src.Packages[len(src.Packages)-1].Name != "zlib" {
		t.Errorf("zlib is not the last package of %s", src.Path)
	}
	back, err := RemovePackage("sbomkeeper.toml", added, "Misc/sbom.spdx.json", "zlib")
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != string(data) {
		t.Errorf("add then remove does not give back the config:\n%s", lineDiff(string(data), string(back)))
	}

	// Removing expat takes its pins and their comments, and nothing else.
	out, err := RemovePackage("sbomkeeper.toml", data, "Misc/sbom.spdx.json", "expat")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `"Modules/expat/`) || strings.Contains(string(out), `name = "expat"`) {
		t.Errorf("expat's lines are left:\n%s", out)
	}
	if !strings.Contains(string(out), "# CPython leaves license triage to humans") || !strings.Contains(string(out), `name = "hacl-star"`) {
		t.Errorf("other lines lost")
	}
	if _, err := RemovePackage("sbomkeeper.toml", data, "Misc/sbom.spdx.json", "zlib"); err == nil || !strings.Contains(err.Error(), `0 [[sbom.package]] tables named "zlib"`) {
		t.Errorf("removing what is not there: %v", err)
	}
	if _, err := AddPackage("sbomkeeper.toml", data, "Misc/other.json", NewPackage{Name: "z", Include: []string{"x"}}); err == nil || !strings.Contains(err.Error(), `no [[sbom]] with path = "Misc/other.json"`) {
		t.Errorf("unknown SBOM: %v", err)
	}
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + string(rune('0'+i%10)) + ": " + al[i] + " | " + bl[i]
		}
	}
	return "lengths differ"
}
