package artifact

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const cfgText = `
[[sbom]]
path = "sbom.json"
kind = "gomod"

[artifact]
document_name = "Demo SBOM"
namespace = "https://example.org/{version_base}/{artifact}.spdx.json"
creators = ["Organization: Demo"]
license_list_version = "3.25"
supplier = "Organization: Demo"
source_sbom = "sbom.json"

[artifact.package]
spdxid = "SPDXRef-PACKAGE-demo"
name = "Demo"
license = "MIT"
download_url = "https://example.org/{version_base}/{artifact}"

[[artifact.kind]]
name = "source"
type = "source-archive"
match = '^demo-([0-9.]+)\.tgz$'
prefix = "demo-{version}/"
`

func hexOf(sum []byte) string { return hex.EncodeToString(sum) }

func sums(data string) (string, string) {
	a := sha1.Sum([]byte(data))
	b := sha256.Sum256([]byte(data))
	return hexOf(a[:]), hexOf(b[:])
}

// makeTgz writes demo-1.0.tgz with a vendored zlib file the inner SBOM lists.
func makeTgz(t *testing.T, vendored string, extra map[string]string) string {
	t.Helper()
	s1, s256 := sums("zlib source\n")
	sbom := `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3",
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib", "versionInfo": "1.3", "primaryPackagePurpose": "SOURCE"}],
 "files": [{"SPDXID": "SPDXRef-FILE-zlib-z.c", "fileName": "zlib/z.c", "checksums": [{"algorithm": "SHA1", "checksumValue": "` + s1 + `"}, {"algorithm": "SHA256", "checksumValue": "` + s256 + `"}]}],
 "relationships": [{"spdxElementId": "SPDXRef-PACKAGE-zlib", "relatedSpdxElement": "SPDXRef-FILE-zlib-z.c", "relationshipType": "CONTAINS"}]}`
	members := map[string]string{"sbom.json": sbom, "zlib/z.c": vendored, "main.c": "int main;\n", "a_b.c": "1", "a-b.c": "2"}
	for k, v := range extra {
		members[k] = v
	}
	path := filepath.Join(t.TempDir(), "demo-1.0.tgz")
	f, _ := os.Create(path)
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "demo-1.0/", Typeflag: tar.TypeDir, Mode: 0o755})
	for _, n := range []string{"sbom.json", "zlib/z.c", "main.c", "a_b.c", "a-b.c"} {
		tw.WriteHeader(&tar.Header{Name: "demo-1.0/" + n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(members[n]))})
		tw.Write([]byte(members[n]))
		delete(members, n)
	}
	for n, v := range members {
		tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(v))})
		tw.Write([]byte(v))
	}
	tw.Close()
	zw.Close()
	f.Close()
	return path
}

func options(t *testing.T) Options {
	t.Helper()
	c, err := config.Parse("c.toml", []byte(cfgText))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Config: c.Artifact, Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Tool: "Tool: test"}
}

func TestSourceArchive(t *testing.T) {
	path := makeTgz(t, "zlib source\n", nil)
	var calls int
	opts := options(t)
	opts.Progress = func(int64, int) { calls++ }
	out, err := Generate(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Name != "Demo SBOM" || doc.DocumentNamespace != "https://example.org/1.0/demo-1.0.tgz.spdx.json" || doc.CreationInfo.Created != "2026-01-02T03:04:05Z" {
		t.Errorf("document fields: %+v", doc)
	}
	var demo, zlib *spdx.Package
	for i := range doc.Packages {
		switch doc.Packages[i].Name {
		case "Demo":
			demo = &doc.Packages[i]
		case "zlib":
			zlib = &doc.Packages[i]
		}
	}
	files := spdx.PackageFiles(doc)
	if len(files[demo.SPDXID]) != 4 || len(files[zlib.SPDXID]) != 1 {
		t.Fatalf("files per package: demo %d, zlib %d", len(files[demo.SPDXID]), len(files[zlib.SPDXID]))
	}
	var sha1s []string
	for _, f := range files[demo.SPDXID] {
		s, _ := spdx.FileChecksum(f, "SHA1")
		sha1s = append(sha1s, s)
	}
	if demo.PackageVerificationCode.Value != spdx.ComputeVerificationCode(sha1s) || demo.Supplier != "Organization: Demo" || !*zlib.FilesAnalyzed {
		t.Errorf("demo: %+v", demo)
	}
	// a_b.c and a-b.c collide: the later in archive order gets the suffix.
	ids := map[string]string{}
	for _, f := range doc.Files {
		ids[f.FileName] = f.SPDXID
	}
	if ids["a_b.c"] != "SPDXRef-FILE-a-b.c" || !strings.HasPrefix(ids["a-b.c"], "SPDXRef-FILE-a-b.c-") {
		t.Errorf("ids: %v", ids)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	// The document verifies against the archive it describes.
	sbomPath := path + ".spdx.json"
	os.WriteFile(sbomPath, out, 0o644)
	fs, err := Verify(context.Background(), path, sbomPath, out, archive.Limits{}, nil)
	if err != nil || len(fs) != 0 {
		t.Errorf("verify: %v %+v", err, fs)
	}
}

func TestSourceArchiveErrors(t *testing.T) {
	tests := []struct {
		name, want string
		path       func(t *testing.T) string
	}{
		{"changed vendored file", "vendored files differ from the source SBOM: zlib/z.c", func(t *testing.T) string { return makeTgz(t, "patched zlib\n", nil) }},
		{"member outside the prefix", "member other/x.c is not under demo-1.0/", func(t *testing.T) string {
			return makeTgz(t, "zlib source\n", map[string]string{"other/x.c": "x"})
		}},
		{"escaping member", `"../x.c"`, func(t *testing.T) string { return makeTgz(t, "zlib source\n", map[string]string{"../x.c": "x"}) }},
		{"name matches no kind", "matches no [[artifact.kind]]", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "demo.rar")
			os.WriteFile(p, []byte("x"), 0o644)
			return p
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generate(context.Background(), tc.path(t), options(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// A source archive made from a working copy carries .git/: refused with the
// count and the way out, unless AllowVCS lists the metadata as files.
func TestSourceArchiveWithVCSMetadata(t *testing.T) {
	path := makeTgz(t, "zlib source\n", map[string]string{
		"demo-1.0/.git/HEAD":            "ref: refs/heads/main\n",
		"demo-1.0/.git/objects/ab/cdef": "x",
		"demo-1.0/.gitignore":           "*.o\n", // a file, not metadata
	})
	opts := options(t)
	_, err := Generate(context.Background(), path, opts)
	if err == nil || !strings.Contains(err.Error(), "demo-1.0/.git/ (2 files)") || !strings.Contains(err.Error(), "--allow-vcs") {
		t.Fatalf("an archive with .git/: %v", err)
	}
	opts.AllowVCS = true
	data, err := Generate(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"fileName": ".git/HEAD"`) {
		t.Errorf("with AllowVCS the metadata is not listed")
	}
	if _, ok := vcsDir(".gitignore"); ok {
		t.Error(".gitignore taken for metadata")
	}
}
