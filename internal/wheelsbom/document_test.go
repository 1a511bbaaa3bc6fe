package wheelsbom

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

// sixSBOM is the demo SBOM with six.py's SHA256 as given.
func sixSBOM(sum string) []byte { return []byte(fmt.Sprintf(spdxSBOM, sum)) }

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestCarry(t *testing.T) {
	six := demoMembers()[1].data
	out := embed(t, makeWheel(t, demoMembers(), nil), SBOM{Name: "demo.spdx.json", Data: sixSBOM(sha(six))})
	c, err := Carry(bytes.NewReader(out), int64(len(out)), demoName)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 || len(c.Projects) != 1 || c.Projects[0] != (Project{Name: "six", Version: "1.17.0", PURL: "pkg:pypi/six@1.17.0", From: "demo-1.0.dist-info/sboms/demo.spdx.json"}) {
		t.Fatalf("%+v", c)
	}
}

func TestCarryNamesEveryDisagreement(t *testing.T) {
	doc := strings.Replace(string(sixSBOM(sha("other"))), `"files": [`,
		`"files": [{"SPDXID": "SPDXRef-FILE-gone", "fileName": "./demo/gone.py", "checksums": [{"algorithm": "SHA1", "checksumValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}, `, 1)
	doc = strings.Replace(doc, `"name": "demo", "versionInfo": "1.0"`, `"name": "demo", "versionInfo": "0.9"`, 1)
	out := embed(t, makeWheel(t, demoMembers(), nil), SBOM{Name: "demo.spdx.json", Data: []byte(doc)})
	c, err := Carry(bytes.NewReader(out), int64(len(out)), demoName)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"embedded SBOM demo-1.0.dist-info/sboms/demo.spdx.json describes demo 0.9, but the wheel is 1.0",
		"embedded SBOM demo-1.0.dist-info/sboms/demo.spdx.json lists ./demo/gone.py, which the wheel lacks",
		"embedded SBOM demo-1.0.dist-info/sboms/demo.spdx.json gives demo/_vendor/six.py the SHA256 " + sha("other") + ", but the wheel's member has " + sha(demoMembers()[1].data),
	}
	if !slices.Equal(c.Problems, want) {
		t.Fatalf("problems:\n%s", strings.Join(c.Problems, "\n"))
	}
	if _, err := Document(bytes.NewReader(out), int64(len(out)), demoName, "00", DocumentOptions{}); err == nil || !strings.Contains(err.Error(), "gone.py") {
		t.Fatalf("Document: %v", err)
	}
}

func TestDocument(t *testing.T) {
	members := append(demoMembers(), member{name: "demo/_vendor/vendor.txt", data: "six==1.17.0\n"})
	in := makeWheel(t, members, nil)
	out := embed(t, in, SBOM{Name: "demo.spdx.json", Data: sixSBOM(sha(members[1].data))})
	sum := sha(string(out))
	doc, err := Document(bytes.NewReader(out), int64(len(out)), demoName, sum, DocumentOptions{Created: time.Unix(1700000000, 0), Creators: []string{"Tool: sbomkeeper-test"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range doc.Packages {
		names = append(names, p.SPDXID+" "+p.Name+" "+p.VersionInfo)
	}
	if !slices.Equal(names, []string{"SPDXRef-PACKAGE-demo demo 1.0", "SPDXRef-PACKAGE-six six 1.17.0"}) {
		t.Fatalf("packages %q", names)
	}
	if doc.Packages[0].LicenseDeclared != "MIT" || doc.Packages[0].Checksums[0].ChecksumValue != sum || doc.Packages[0].ExternalRefs[0].ReferenceLocator != "pkg:pypi/demo@1.0" {
		t.Errorf("wheel package %+v", doc.Packages[0])
	}
	// Every member is a file, RECORD and the embedded SBOM too; six.py is six's.
	if len(doc.Files) != len(members)+2 {
		t.Errorf("%d files", len(doc.Files))
	}
	if !slices.ContainsFunc(doc.Relationships, func(r spdx.Relationship) bool {
		return r.SPDXElementID == "SPDXRef-PACKAGE-six" && r.RelationshipType == "CONTAINS" && r.RelatedSPDXElement == spdx.FileID("demo/_vendor/six.py")
	}) {
		t.Errorf("six does not CONTAIN six.py: %+v", doc.Relationships)
	}
	data, err := spdx.MarshalNormalized(doc)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := validate.SPDX(demoName+".spdx.json", data, validate.Options{NTIA: false})
	if err != nil || rules.Failed(findings) {
		t.Fatalf("%v %+v", err, findings)
	}
	// The same wheel gives the same bytes.
	again, _ := Document(bytes.NewReader(out), int64(len(out)), demoName, sum, DocumentOptions{Created: time.Unix(1700000000, 0), Creators: []string{"Tool: sbomkeeper-test"}})
	if b, _ := spdx.MarshalNormalized(again); !bytes.Equal(b, data) {
		t.Error("not deterministic")
	}
}

// TestDocumentFromCarried: without a vendored list, the projects come from
// the SBOM the wheel carries.
func TestDocumentFromCarried(t *testing.T) {
	out := embed(t, makeWheel(t, demoMembers(), nil), SBOM{Name: "demo.spdx.json", Data: sixSBOM(sha(demoMembers()[1].data))})
	doc, err := Document(bytes.NewReader(out), int64(len(out)), demoName, "ab", DocumentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Packages) != 2 || doc.Packages[1].Name != "six" || doc.Packages[1].ExternalRefs[0].ReferenceLocator != "pkg:pypi/six@1.17.0" {
		t.Fatalf("%+v", doc.Packages)
	}
}

// TestDocumentRealPip: CPython's bundled pip, its vendor.txt read.
func TestDocumentRealPip(t *testing.T) {
	in, name := realPip(t)
	doc, err := Document(bytes.NewReader(in), int64(len(in)), name, sha(string(in)), DocumentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Packages[0].Name != "pip" || len(doc.Packages) < 15 || !slices.ContainsFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == "requests" }) {
		t.Fatalf("%d packages, first %s", len(doc.Packages), doc.Packages[0].Name)
	}
	data, err := spdx.MarshalNormalized(doc)
	if err != nil {
		t.Fatal(err)
	}
	if findings, err := validate.SPDX(name, data, validate.Options{}); err != nil || rules.Failed(findings) {
		t.Fatalf("%v %+v", err, findings)
	}
}

// TestOwnSBOMEmbedded is the workflow docs/wheels.md gives: the wheel's own
// SBOM, embedded into it, agrees with the wheel it is now inside (RECORD, which
// changed when it was added, is not held against it).
func TestOwnSBOMEmbedded(t *testing.T) {
	members := append(demoMembers(), member{name: "demo/_vendor/vendor.txt", data: "six==1.17.0\n"})
	in := makeWheel(t, members, nil)
	doc, err := Document(bytes.NewReader(in), int64(len(in)), demoName, sha(string(in)), DocumentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := spdx.MarshalNormalized(doc)
	out := embed(t, in, SBOM{Name: "demo.spdx.json", Data: data})
	c, err := Carry(bytes.NewReader(out), int64(len(out)), demoName)
	if err != nil || len(c.Problems) != 0 || len(c.Projects) != 1 || c.Projects[0].Name != "six" {
		t.Fatalf("%v %+v", err, c)
	}
	if _, err := Document(bytes.NewReader(out), int64(len(out)), demoName, sha(string(out)), DocumentOptions{}); err != nil {
		t.Fatal(err)
	}
}
