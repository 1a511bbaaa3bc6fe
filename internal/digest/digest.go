package digest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// Sum is a file's pair of digests as lower-case hex.
type Sum struct {
	SHA1   string
	SHA256 string
}

// streamAbove is the size beyond which a file is hashed in two streaming passes
// (one to find a NUL byte, one to hash) instead of read whole: CPython's rule
// needs to know about NUL bytes before it can decide how to hash.
const streamAbove = 16 << 20

// Bytes hashes data with the CRLF rule.
func Bytes(data []byte) Sum {
	h1, h256 := sha1.New(), sha256.New()
	w := io.MultiWriter(h1, h256)
	if bytes.IndexByte(data, 0) >= 0 {
		w.Write(data)
	} else {
		writeLF(w, data)
	}
	return Sum{SHA1: hex.EncodeToString(h1.Sum(nil)), SHA256: hex.EncodeToString(h256.Sum(nil))}
}

// writeLF writes data with every CRLF replaced by LF, without copying it.
func writeLF(w io.Writer, data []byte) {
	for {
		i := bytes.Index(data, []byte("\r\n"))
		if i < 0 {
			w.Write(data)
			return
		}
		w.Write(data[:i])
		w.Write([]byte{'\n'})
		data = data[i+2:]
	}
}

// Raw hashes bytes with no normalisation: artifacts and downloads are hashed as
// they are.
func Raw(data []byte) Sum {
	s1 := sha1.Sum(data)
	s256 := sha256.Sum256(data)
	return Sum{SHA1: hex.EncodeToString(s1[:]), SHA256: hex.EncodeToString(s256[:])}
}

// Hasher hashes files with a reusable buffer; one per goroutine.
type Hasher struct {
	buf []byte
}

// File hashes the file at path with the CRLF rule.
func (h *Hasher) File(path string) (Sum, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return Sum{}, err
	}
	defer f.Close()
	return h.open(f, path)
}

// open hashes the open file f, called path.
func (h *Hasher) open(f *os.File, path string) (Sum, error) {
	st, err := f.Stat()
	if err != nil {
		return Sum{}, err
	}
	if !st.Mode().IsRegular() {
		return Sum{}, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > streamAbove {
		return hashStream(f)
	}
	size := int(st.Size())
	if cap(h.buf) < size+1 {
		h.buf = make([]byte, size+1, max(size+1, 64<<10))
	}
	buf := h.buf[:cap(h.buf)]
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Sum{}, err
	}
	if n == len(buf) {
		// The file grew while we read it; fall back to streaming for a consistent answer.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return Sum{}, err
		}
		return hashStream(f)
	}
	return Bytes(buf[:n]), nil
}

func hashStream(f *os.File) (Sum, error) {
	hasNUL := false
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		if bytes.IndexByte(buf[:n], 0) >= 0 {
			hasNUL = true
			break
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Sum{}, err
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Sum{}, err
	}
	h1, h256 := sha1.New(), sha256.New()
	hashes := io.MultiWriter(h1, h256)
	var w io.Writer = hashes
	var lf *crlfWriter
	if !hasNUL {
		lf = &crlfWriter{w: hashes}
		w = lf
	}
	if _, err := io.CopyBuffer(w, onlyReader{f}, buf); err != nil {
		return Sum{}, err
	}
	if lf != nil {
		lf.Close()
	}
	return sums(h1, h256), nil
}

// onlyReader hides *os.File's WriterTo so CopyBuffer uses our buffer.
type onlyReader struct{ io.Reader }

func sums(h1, h256 hash.Hash) Sum {
	return Sum{SHA1: hex.EncodeToString(h1.Sum(nil)), SHA256: hex.EncodeToString(h256.Sum(nil))}
}

// crlfWriter replaces CRLF by LF across write boundaries: a '\r' that ends one
// write is held back until the next shows whether '\n' follows.
type crlfWriter struct {
	w       io.Writer
	heldCR  bool
	scratch []byte
}

func (c *crlfWriter) Write(p []byte) (int, error) {
	n := len(p)
	if c.heldCR {
		c.heldCR = false
		if len(p) > 0 && p[0] == '\n' {
			// the held CR is dropped; the LF is written below
		} else {
			c.w.Write([]byte{'\r'})
		}
	}
	if len(p) > 0 && p[len(p)-1] == '\r' {
		c.heldCR = true
		p = p[:len(p)-1]
	}
	writeLF(c.w, p)
	return n, nil
}

// Close writes a CR held back at the end of the data.
func (c *crlfWriter) Close() error {
	if c.heldCR {
		c.heldCR = false
		_, err := c.w.Write([]byte{'\r'})
		return err
	}
	return nil
}

// FileSHA256 is the hex SHA-256 of a file's bytes as they are (artifacts are
// not normalised).
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileIn hashes the file rel inside root.
func (h *Hasher) fileIn(root *safefile.Root, rel string) (Sum, error) {
	f, err := root.Open(rel)
	if err != nil {
		return Sum{}, err
	}
	defer f.Close()
	return h.open(f, rel)
}

// HashAll hashes root/paths[i] into the i-th result, up to workers at a time
// (0 means one per CPU), and goes on past failures: the i-th error says why paths[i] could not be hashed. Callers
// that hash before they know which files they need use it, so that a file they
// then drop cannot fail the run. Each path is opened through safefile.Root:
// one that leads outside root by a symbolic link fails with an
// *safefile.EscapeError instead of being read.
func HashAll(ctx context.Context, root string, paths []string, workers int) ([]Sum, []error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(len(paths), 1))
	sums := make([]Sum, len(paths))
	errs := make([]error, len(paths))
	// Every file is opened through the root, so that a symbolic link in the
	// tree (a file, or a directory on the way) cannot make the run read a
	// file outside it.
	r, err := safefile.OpenRoot(root)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return sums, errs
	}
	defer r.Close()
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h Hasher
			for i := range next {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				sums[i], errs[i] = h.fileIn(r, paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return sums, errs
}
