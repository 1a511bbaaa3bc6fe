package archive

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestMemoryFlat walks a ~300 MB .tar.gz with one incompressible member,
// hashing it, and checks the heap never grows by 64 MiB: nothing may buffer
// a member or the archive.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300 MB archive")
	}
	const size = 300 << 20
	path := filepath.Join(t.TempDir(), "big.tar.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "big/random.bin", Typeflag: tar.TypeReg, Size: size, Mode: 0o644})
	if _, err := io.CopyN(tw, rand.NewChaCha8([32]byte{7}), size); err != nil {
		t.Fatal(err)
	}
	for _, c := range []io.Closer{tw, zw, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if info, err := os.Stat(path); err == nil {
		t.Logf("%s: %d bytes", filepath.Base(path), info.Size())
	}

	var before, now runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peakHeap, peakSys uint64
	sample := func() {
		runtime.ReadMemStats(&now)
		peakHeap = max(peakHeap, now.HeapInuse)
		peakSys = max(peakSys, now.Sys)
	}
	var hashed int64
	err = Walk(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
		h := sha256.New()
		buf := make([]byte, 1<<20)
		for {
			n, err := r.Read(buf)
			h.Write(buf[:n])
			hashed += int64(n)
			if hashed%(16<<20) < int64(n) {
				sample()
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	sample()
	if hashed != size {
		t.Fatalf("hashed %d bytes, want %d", hashed, size)
	}
	heapGrowth := int64(peakHeap) - int64(before.HeapInuse)
	sysGrowth := int64(peakSys) - int64(before.Sys)
	t.Logf("heap in use grew by %.1f MiB at most, Sys by %.1f MiB", float64(heapGrowth)/(1<<20), float64(sysGrowth)/(1<<20))
	if heapGrowth > 64<<20 {
		t.Errorf("heap grew by %d bytes while walking", heapGrowth)
	}
}
