package wheelsbom

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// member is one file of a test wheel.
type member struct {
	name, data string
	store      bool // stored, not deflated
}

const spdxSBOM = `{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "demo", "dataLicense": "CC0-1.0",
 "documentNamespace": "https://example.com/demo", "creationInfo": {"created": "2025-01-01T00:00:00Z", "creators": ["Tool: test"]},
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-demo", "name": "demo", "versionInfo": "1.0", "downloadLocation": "NOASSERTION"},
  {"SPDXID": "SPDXRef-PACKAGE-six", "name": "six", "versionInfo": "1.17.0", "downloadLocation": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/six@1.17.0"}]}],
 "files": [{"SPDXID": "SPDXRef-FILE-six", "fileName": "demo/_vendor/six.py", "checksums": [{"algorithm": "SHA256", "checksumValue": "%s"}]}],
 "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-demo", "relationshipType": "DESCRIBES"},
  {"spdxElementId": "SPDXRef-PACKAGE-demo", "relatedSpdxElement": "SPDXRef-PACKAGE-six", "relationshipType": "DEPENDS_ON"}]}
`

const cdxSBOM = `{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []}
`

func demoMembers() []member {
	return []member{
		{name: "demo/__init__.py", data: "__version__ = '1.0'\n"},
		{name: "demo/_vendor/six.py", data: "__version__ = \"1.17.0\"\n# six\n"},
		{name: "demo/data.bin", data: "\x00\x01\x02stored bytes", store: true},
		{name: "demo-1.0.dist-info/METADATA", data: "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nLicense-Expression: MIT\n\nbody\n"},
		{name: "demo-1.0.dist-info/WHEEL", data: "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
	}
}

// makeWheel builds a wheel with a RECORD that verifies (unless record is
// given), the way build back-ends write one: RECORD last, listing itself.
func makeWheel(t testing.TB, members []member, record *string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	stamp := time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)
	var rec []byte
	for _, m := range members {
		method := zip.Deflate
		if m.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: method, Modified: stamp})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m.data))
		rec = append(rec, recordLine(m.name, []byte(m.data), false)...)
	}
	rec = append(rec, "demo-1.0.dist-info/RECORD,,\n"...)
	if record != nil {
		rec = []byte(*record)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "demo-1.0.dist-info/RECORD", Method: zip.Deflate, Modified: stamp})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(rec)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
