package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// cpythonTarball is the real Python-3.13.5.tar.xz, when the environment
// points at it (it is too big to keep in the repository).
func cpythonTarball(tb testing.TB) string {
	tb.Helper()
	p := os.Getenv("SBOMKEEPER_CPYTHON_TARBALL")
	if p == "" {
		tb.Skip("SBOMKEEPER_CPYTHON_TARBALL not set")
	}
	return p
}

// xzDecoders lists the decoders to try: the xz pipe when xz is on PATH, and
// the pure-Go decoder always.
func xzDecoders() []archiveCase {
	cases := []archiveCase{{label: "pure-go"}}
	if p, err := exec.LookPath("xz"); err == nil {
		cases = append([]archiveCase{{label: "xz-pipe", xzPath: p}}, cases...)
	}
	return cases
}

// hashAll walks path hashing every regular member with SHA-256, and returns
// a digest of all names and digests (to compare decoders) and the content
// bytes seen.
func hashAll(tb testing.TB, path, xzPath string, each func(Entry)) (string, int64) {
	tb.Helper()
	all := sha256.New()
	var total int64
	buf := make([]byte, 64<<10)
	err := walkFile(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
		if each != nil {
			each(e)
		}
		h := sha256.New()
		n, err := io.CopyBuffer(h, r, buf)
		total += n
		io.WriteString(all, e.Name+"\x00"+hex.EncodeToString(h.Sum(nil))+"\n")
		return err
	}, xzPath)
	if err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(all.Sum(nil)), total
}

func TestCPythonTarball(t *testing.T) {
	path := cpythonTarball(t)
	digests := map[string]string{}
	for _, d := range xzDecoders() {
		t.Run(d.label, func(t *testing.T) {
			counts := map[Kind]int{}
			sum, total := hashAll(t, path, d.xzPath, func(e Entry) {
				counts[e.Kind]++
				if !strings.HasPrefix(e.Name, "Python-3.13.5/") {
					t.Errorf("member %q outside Python-3.13.5/", e.Name)
				}
			})
			if counts[Regular] != 4808 || counts[Dir] != 406 || len(counts) != 2 {
				t.Errorf("counts %v, want 4808 regular files and 406 directories", counts)
			}
			t.Logf("%d content bytes, digest %.16s", total, sum)
			digests[d.label] = sum
		})
	}
	if len(digests) == 2 && digests["xz-pipe"] != digests["pure-go"] {
		t.Errorf("decoders disagree: %v", digests)
	}
}

// BenchmarkWalkTarXz walks the CPython tarball hashing every member. MB/s
// is of member content (106 MB); compressed-MB/s of the .tar.xz file.
func BenchmarkWalkTarXz(b *testing.B) {
	path := cpythonTarball(b)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range xzDecoders() {
		b.Run(d.label, func(b *testing.B) {
			var content int64
			for b.Loop() {
				_, content = hashAll(b, path, d.xzPath, nil)
			}
			b.SetBytes(content)
			b.ReportMetric(float64(info.Size())/1e6/(b.Elapsed().Seconds()/float64(b.N)), "compressed-MB/s")
		})
	}
}
