package main

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// verify refuses links as artifact does, unless --allow-links (issue 12, item 3).
func TestVerifyRefusesLinksByDefault(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, h := range []*tar.Header{
		{Name: "P/", Typeflag: tar.TypeDir, Mode: 0o755},
		{Name: "P/a.c", Typeflag: tar.TypeReg, Mode: 0o644, Size: 1},
		{Name: "P/b.c", Typeflag: tar.TypeSymlink, Linkname: "a.c", Mode: 0o777},
	} {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			tw.Write([]byte("x"))
		}
	}
	tw.Close()
	art := filepath.Join(dir, "P.tar")
	if err := os.WriteFile(art, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-PACKAGE-p", "name": "p", "packageFileName": "P.tar", "downloadLocation": "NOASSERTION",
 "checksums": [{"algorithm": "SHA256", "checksumValue": "0000000000000000000000000000000000000000000000000000000000000000"}]}], "files": [{"SPDXID": "SPDXRef-FILE-a.c", "fileName": "a.c",
 "checksums": [{"algorithm": "SHA1", "checksumValue": "11f6ad8ec52a2984abaafd7c3b516503785c2072"}, {"algorithm": "SHA256", "checksumValue": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}]}], "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-PACKAGE-p"},
 {"spdxElementId": "SPDXRef-PACKAGE-p", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-FILE-a.c"}]}`
	if err := os.WriteFile(art+".spdx.json", []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, nil, "verify", "--quiet", art)
	if code == exitOK || !strings.Contains(stdout+stderr, "links are not allowed") {
		t.Errorf("verify without --allow-links: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runCLI(t, nil, "verify", "--quiet", "--allow-links", art); strings.Contains(stdout+stderr, "links are not allowed") {
		t.Errorf("verify --allow-links: exit %d\n%s%s", code, stdout, stderr)
	}
}
