package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

const six = "__version__ = \"1.17.0\"\n"

// carriedSBOM is an SPDX document as a wheel's publisher would embed it:
// the wheel, one vendored project with a PURL of its own, one file.
func carriedSBOM(version, file, sum string) []byte {
	return []byte(fmt.Sprintf(`{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "pip", "dataLicense": "CC0-1.0",
 "documentNamespace": "https://example.com/pip", "creationInfo": {"created": "2025-01-01T00:00:00Z", "creators": ["Tool: test"]},
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-pip", "name": "pip", "versionInfo": "2.0", "downloadLocation": "NOASSERTION"},
  {"SPDXID": "SPDXRef-PACKAGE-six", "name": "six", "versionInfo": %q, "downloadLocation": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/six@%s?from=sbom"}]},
  {"SPDXID": "SPDXRef-PACKAGE-libz", "name": "libz", "versionInfo": "1.3", "downloadLocation": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/libz@1.3"}]}],
 "files": [{"SPDXID": "SPDXRef-FILE-six", "fileName": %q, "checksums": [{"algorithm": "SHA256", "checksumValue": %q}]}],
 "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-pip", "relationshipType": "DESCRIBES"}]}`,
		version, version, file, sum))
}

// pipWheel is a wheel vendoring six by a vendor.txt, carrying sbom.
func pipWheel(t *testing.T, sbom []byte) []byte {
	t.Helper()
	members := [][2]string{
		{"pip/__init__.py", ""},
		{"pip/_vendor/vendor.txt", "six==1.17.0\n"},
		{"pip/_vendor/six.py", six},
		{"pip-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: pip\nVersion: 2.0\n\n"},
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	var record string
	for _, m := range members {
		w, _ := zw.Create(m[0])
		w.Write([]byte(m[1]))
		record += fmt.Sprintf("%s,%s,%d\n", m[0], wheelsbom.RecordDigest([]byte(m[1])), len(m[1]))
	}
	w, _ := zw.Create("pip-2.0.dist-info/RECORD")
	w.Write([]byte(record + "pip-2.0.dist-info/RECORD,,\n"))
	zw.Close()
	var out bytes.Buffer
	data := b.Bytes()
	if err := wheelsbom.Embed(&out, bytes.NewReader(data), int64(len(data)), "pip-2.0-py3-none-any.whl", []wheelsbom.SBOM{{Name: "pip.spdx.json", Data: sbom}}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func sixSum() string {
	h := sha256.Sum256([]byte(six))
	return hex.EncodeToString(h[:])
}

func TestCarriedSBOMGivesVendoredProjects(t *testing.T) {
	data := pipWheel(t, carriedSBOM("1.17.0", "pip/_vendor/six.py", sixSum()))
	// With the vendored tree in the config: the SBOM agrees, and its PURL is used.
	f, err := FromWheel(config.Bundle{Name: "pip", Vendored: "auto"}, "b/pip-2.0-py3-none-any.whl", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Vendored) != 1 || f.Vendored[0].PURL != "pkg:pypi/six@1.17.0?from=sbom" || len(f.Problems) != 0 {
		t.Fatalf("%+v %q", f.Vendored, f.Problems)
	}
	if refs := vendoredRefs(f.Config, f.Vendored[0]); refs[0].ReferenceLocator != "pkg:pypi/six@1.17.0?from=sbom" {
		t.Errorf("refs %+v", refs)
	}
	// Without one: the projects come from the SBOM; libz, not a Python
	// project, is not a vendored project.
	f, err = FromWheel(config.Bundle{Name: "pip"}, "b/pip-2.0-py3-none-any.whl", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Vendored) != 1 || f.Vendored[0].Name != "six" || f.Vendored[0].Version != "1.17.0" || f.Vendored[0].Dir != "pip" ||
		f.Vendored[0].From != "pip-2.0.dist-info/sboms/pip.spdx.json" {
		t.Fatalf("%+v", f.Vendored)
	}
}

func TestCarriedSBOMDisagreementsAreNamed(t *testing.T) {
	cases := []struct {
		name string
		sbom []byte
		want []string
	}{
		{"version", carriedSBOM("1.16.0", "pip/_vendor/six.py", sixSum()), []string{
			"pip-2.0.dist-info/sboms/pip.spdx.json says six 1.16.0, but the wheel vendors 1.17.0 (pip/_vendor/vendor.txt:1)"}},
		{"missing file", carriedSBOM("1.17.0", "pip/_vendor/gone.py", sixSum()), []string{
			"embedded SBOM pip-2.0.dist-info/sboms/pip.spdx.json lists pip/_vendor/gone.py, which the wheel lacks"}},
		{"checksum", carriedSBOM("1.17.0", "pip/_vendor/six.py", strings.Repeat("0", 64)), []string{
			"gives pip/_vendor/six.py the SHA256 " + strings.Repeat("0", 64) + ", but the wheel's member has " + sixSum()}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := pipWheel(t, c.sbom)
			_, err := FromWheel(config.Bundle{Name: "pip", Vendored: "auto"}, "b/pip-2.0-py3-none-any.whl", data)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("no %q in %v", w, err)
				}
			}
			// In a tree, Discover reports them for check to turn into findings.
			root := t.TempDir()
			os.MkdirAll(filepath.Join(root, "b"), 0o755)
			os.WriteFile(filepath.Join(root, "b/pip-2.0-py3-none-any.whl"), data, 0o644)
			f, err := Discover(root, config.Bundle{Name: "pip", Path: "b/pip-*.whl", Vendored: "auto"})
			if err != nil || len(f.Problems) != len(c.want) || !strings.Contains(f.Problems[0], c.want[0]) {
				t.Fatalf("%v %q", err, f.Problems)
			}
		})
	}
}

// TestCarriedRealPip: CPython's bundled pip with its own SBOM embedded (what
// sbomkeeper wheel sbom, then wheel embed, make of it) is a bundle whose
// carried SBOM agrees with its vendor.txt.
func TestCarriedRealPip(t *testing.T) {
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE not set")
	}
	matches, _ := filepath.Glob(filepath.Join(tree, "Lib/ensurepip/_bundled/pip-*.whl"))
	if len(matches) != 1 {
		t.Fatalf("%q", matches)
	}
	in, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(matches[0])
	sum := sha256.Sum256(in)
	doc, err := wheelsbom.Document(bytes.NewReader(in), int64(len(in)), name, hex.EncodeToString(sum[:]), wheelsbom.DocumentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sbom, err := spdx.MarshalNormalized(doc)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := wheelsbom.Embed(&out, bytes.NewReader(in), int64(len(in)), name, []wheelsbom.SBOM{{Name: "pip.spdx.json", Data: sbom}}); err != nil {
		t.Fatal(err)
	}
	plain, err := FromWheel(config.Bundle{Name: "pip", Vendored: "auto"}, name, in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := FromWheel(config.Bundle{Name: "pip", Vendored: "auto"}, name, out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Vendored) != len(plain.Vendored) || len(f.Vendored) < 15 || f.Vendored[0].PURL == "" {
		t.Fatalf("%d vendored (without the SBOM %d): %+v", len(f.Vendored), len(plain.Vendored), f.Vendored[0])
	}
	// Without the tree in the config, the SBOM alone gives the same projects.
	bare, err := FromWheel(config.Bundle{Name: "pip"}, name, out.Bytes())
	if err != nil || len(bare.Vendored) != len(plain.Vendored) {
		t.Fatalf("%v: %d vendored", err, len(bare.Vendored))
	}
}
