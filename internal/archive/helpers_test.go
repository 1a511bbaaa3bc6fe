package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// member is one member of a test archive.
type member struct {
	name     string
	typeflag byte // tar type; zip uses it to pick the mode
	body     []byte
	link     string
	size     int64 // header size when it differs from len(body) (hostile headers)
}

func reg(name string, body []byte) member {
	return member{name: name, typeflag: tar.TypeReg, body: body}
}
func dir(name string) member { return member{name: name, typeflag: tar.TypeDir} }
func symlink(name, target string) member {
	return member{name: name, typeflag: tar.TypeSymlink, link: target}
}
func hardlink(name, target string) member {
	return member{name: name, typeflag: tar.TypeLink, link: target}
}

// randomBytes returns n reproducible incompressible bytes.
func randomBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	var s [32]byte
	s[0] = byte(seed)
	rand.NewChaCha8(s).Read(b)
	return b
}

// testTree is the small tree every format must round-trip.
func testTree() []member {
	return []member{
		dir("pkg/"),
		reg("pkg/README", []byte(strings.Repeat("hello, archive\n", 100))),
		reg("pkg/empty", nil),
		dir("pkg/sub/"),
		reg("pkg/sub/big.bin", randomBytes(3<<20, 1)),
		reg("pkg/sub/x.txt", []byte("x")),
		reg("pkg/last", []byte("the end\n")),
	}
}

// buildTar writes members as a tar stream. Sizes that differ from the body
// produce a header-only (truncated) archive, for hostile cases.
func buildTar(t testing.TB, members []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Typeflag: m.typeflag, Linkname: m.link, Mode: 0o644, Format: tar.FormatPAX}
		if m.typeflag == tar.TypeDir {
			h.Mode = 0o755
		}
		if m.typeflag == tar.TypeReg {
			h.Size = int64(len(m.body))
		}
		if m.size != 0 {
			h.Size = m.size
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatalf("tar header %q: %v", m.name, err)
		}
		if m.size != 0 {
			return buf.Bytes() // the header claims what the archive lacks
		}
		if _, err := tw.Write(m.body); err != nil {
			t.Fatalf("tar body %q: %v", m.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// buildZip writes members as a zip file; symlinks carry their target as
// content, directories end in "/".
func buildZip(t testing.TB, members []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		body := m.body
		switch m.typeflag {
		case tar.TypeDir:
			h.SetMode(fs.ModeDir | 0o755)
		case tar.TypeSymlink:
			h.SetMode(fs.ModeSymlink | 0o777)
			body = []byte(m.link)
		case tar.TypeFifo:
			h.SetMode(fs.ModeNamedPipe | 0o644)
		default:
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatalf("zip header %q: %v", m.name, err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// needCmd skips the test when a command-line tool is missing.
func needCmd(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not on PATH", name)
	}
	return p
}

// runFilter pipes data through a command.
func runFilter(t testing.TB, data []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(needCmd(t, name), args...)
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
	}
	return out.Bytes()
}

// compress compresses a tar stream into format f with an encoder independent
// of the decoder under test where one is at hand: stdlib gzip, the xz and
// bzip2 tools, and klauspost's zstd encoder.
func compress(t testing.TB, f Format, tarData []byte) []byte {
	t.Helper()
	switch f {
	case Tar:
		return tarData
	case TarGz:
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(tarData)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	case TarXz:
		return runFilter(t, tarData, "xz", "-c", "-1", "-T1")
	case TarBz2:
		return runFilter(t, tarData, "bzip2", "-c")
	case TarZst:
		var buf bytes.Buffer
		zw, err := zstd.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(tarData)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	t.Fatalf("no compressor for %v", f)
	return nil
}

// writeTemp writes data to a file named name in a fresh temporary directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// archiveCase is one way of packing the test tree: a file name (which picks
// the format) and an xz decoder choice.
type archiveCase struct {
	label  string
	file   string
	xzPath string // for .tar.xz: "" for pure Go
}

// archiveCases lists every format, and .tar.xz with both decoders.
func archiveCases() []archiveCase {
	xzPath, _ := exec.LookPath("xz")
	cases := []archiveCase{
		{"tar", "t.tar", ""},
		{"tar.gz", "t.tar.gz", ""},
		{"tgz", "t.tgz", ""},
		{"tar.xz/pure-go", "t.tar.xz", ""},
		{"tar.bz2", "t.tar.bz2", ""},
		{"tar.zst", "t.tar.zst", ""},
		{"tar.zstd", "t.tar.zstd", ""},
		{"zip", "t.zip", ""},
		{"whl", "t-1.0-py3-none-any.whl", ""},
	}
	if xzPath != "" {
		cases = append(cases, archiveCase{"tar.xz/xz-pipe", "t.tar.xz", xzPath})
	}
	return cases
}

// pack writes members in the case's format to a temporary file.
func (c archiveCase) pack(t testing.TB, members []member) string {
	t.Helper()
	f, err := DetectFormat(c.file)
	if err != nil {
		t.Fatal(err)
	}
	if f == Zip {
		return writeTemp(t, c.file, buildZip(t, members))
	}
	return writeTemp(t, c.file, compress(t, f, buildTar(t, members)))
}

// seen is what fn was shown of one member.
type seen struct {
	Entry
	sum string // SHA-256 of what fn read
	n   int64  // bytes fn read
}

// walkAll walks path reading every member whole.
func walkAll(t testing.TB, path string, lim Limits, xzPath string) ([]seen, error) {
	t.Helper()
	var got []seen
	err := walkFile(context.Background(), path, lim, func(e Entry, r io.Reader) error {
		h := sha256.New()
		n, err := io.Copy(h, r)
		got = append(got, seen{Entry: e, sum: hex.EncodeToString(h.Sum(nil)), n: n})
		return err
	}, xzPath)
	return got, err
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
