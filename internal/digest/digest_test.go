package digest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

func want(data []byte) Sum {
	a := sha1.Sum(data)
	b := sha256.Sum256(data)
	return Sum{hex.EncodeToString(a[:]), hex.EncodeToString(b[:])}
}

func TestBytesCRLFRule(t *testing.T) {
	tests := []struct {
		name, in, hashedAs string
	}{
		{"text with CRLF", "a\r\nb\r\n", "a\nb\n"},
		{"lone CR kept", "a\rb\r", "a\rb\r"},
		{"CRCRLF", "a\r\r\n", "a\r\n"},
		{"binary untouched", "a\r\n\x00", "a\r\n\x00"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Bytes([]byte(tc.in)); got != want([]byte(tc.hashedAs)) {
				t.Errorf("Bytes(%q) hashed as something other than %q", tc.in, tc.hashedAs)
			}
		})
	}
}

func TestCRLFWriterAcrossChunks(t *testing.T) {
	in := []byte(strings.Repeat("line\r\n", 1000) + "x\r")
	wantOut := bytes.ReplaceAll(in, []byte("\r\n"), []byte("\n"))
	for _, chunk := range []int{1, 2, 3, 5, 6, 7, 4096} {
		var got bytes.Buffer
		w := &crlfWriter{w: &got}
		for i := 0; i < len(in); i += chunk {
			w.Write(in[i:min(i+chunk, len(in))])
		}
		w.Close()
		if !bytes.Equal(got.Bytes(), wantOut) {
			t.Errorf("chunk %d: output differs", chunk)
		}
	}
}

func TestFilesSmallAndStreamed(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcde\r\n"), streamAbove/16)
	bigBin := append(bytes.Clone(big), 0)
	files := map[string][]byte{
		"a.txt":   []byte("x\r\ny"),
		"b.bin":   []byte("x\r\n\x00"),
		"big.txt": big,
		"big.bin": bigBin,
	}
	var paths []string
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	sums, errs := HashAll(context.Background(), dir, paths, 2)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", paths[i], err)
		}
	}
	for i, p := range paths {
		if sums[i] != Bytes(files[p]) {
			t.Errorf("%s: streamed/read hash differs from Bytes", p)
		}
	}
	// A failure is reported for its own path and does not stop the others.
	sums, errs = HashAll(context.Background(), dir, []string{"missing", "a.txt"}, 2)
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "missing") || errs[1] != nil || sums[1] != Bytes(files["a.txt"]) {
		t.Errorf("missing file: errs %v", errs)
	}
}

func BenchmarkHashAll(b *testing.B) {
	dir := b.TempDir()
	var paths []string
	data := bytes.Repeat([]byte("int main(void) { return 0; }\n"), 700) // ~20 KB, CPython-like
	for i := range 500 {
		p := filepath.Join(dir, fmt.Sprintf("f%03d.c", i))
		os.WriteFile(p, data, 0o644)
		paths = append(paths, filepath.Base(p))
	}
	b.SetBytes(int64(len(data) * len(paths)))
	for b.Loop() {
		if _, errs := HashAll(context.Background(), dir, paths, 0); errs[0] != nil {
			b.Fatal(errs[0])
		}
	}
}

// A named pipe among the selected files is refused at once (issue 12, item 2).
func TestFileRefusesANamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		var h Hasher
		_, err := h.File(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a named pipe was hashed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("hashing blocked on a named pipe")
	}
}

// TestHashAllStaysInsideTheRoot (issue 12, item 1): a file reached through a
// symbolic link out of the root is not read; one through a link inside is.
func TestHashAllStaysInsideTheRoot(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "real"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(root, "real", "f"), []byte("f"), 0o644)
	for name, target := range map[string]string{"out": outside, "leak": filepath.Join(outside, "secret"), "in": "real"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	sums, errs := HashAll(context.Background(), root, []string{"out/secret", "leak", "in/f"}, 2)
	var esc *safefile.EscapeError
	for i := range 2 {
		if !errors.As(errs[i], &esc) || sums[i] != (Sum{}) {
			t.Errorf("path %d: %v %v", i, sums[i], errs[i])
		}
	}
	if errs[2] != nil || sums[2] != Bytes([]byte("f")) {
		t.Errorf("a link inside the root: %v %v", sums[2], errs[2])
	}
}
