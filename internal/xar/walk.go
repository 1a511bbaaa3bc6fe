package xar

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
)

// Walk reads the installer package at file once and calls fn for every
// member of every component package's Payload, as WalkReaderAt does.
func Walk(ctx context.Context, file string, lim archive.Limits, fn func(archive.Entry, io.Reader) error) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("opening installer package: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() == 0 {
		return fmt.Errorf("%s: %w: empty file", file, archive.ErrTruncated)
	}
	return WalkReaderAt(ctx, file, f, info.Size(), lim, fn)
}

// WalkReaderAt reads the installer package r of size bytes (name is used in
// errors). Every regular file of the XAR is read and verified; the members of
// each Payload (a product archive's "<component>.pkg/Payload", or a flat
// component package's "Payload") reach fn under the component's directory
// ("python.pkg/usr/local/bin/python3"; a flat package's under their own
// names), checked as WalkCPIO checks them, in payload order. Payloads may be
// cpio, gzip'd cpio or pbzx; the ratio limit holds for each against its
// compressed size, and the total limit for all of them together.
//
// The XAR checksums of a Payload are verified when it has been read to its
// end, after fn has seen its members: a Walk that fails tells fn's caller to
// discard what it collected.
func WalkReaderAt(ctx context.Context, name string, r io.ReaderAt, size int64, lim archive.Limits, fn func(archive.Entry, io.Reader) error) error {
	a, err := Open(name, r, size, lim)
	if err != nil {
		return err
	}
	var total int64
	// A flat package's Payload (members under their own names) beside a
	// component's could name one file twice: "a.pkg/x" from both.
	emitted := map[string]string{}
	for i := range a.Files {
		f := &a.Files[i]
		if f.Kind != archive.Regular {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rd, err := a.Open(f)
		if err != nil {
			return err
		}
		prefix, ok := payloadPrefix(f.Name)
		if ok && f.Size > 0 {
			pname := name + ":" + f.Name
			if err := walkPayload(ctx, pname, rd, a.lim, &total, func(e archive.Entry, r io.Reader) error {
				e.Name = prefix + e.Name
				key := strings.TrimSuffix(e.Name, "/")
				if other, dup := emitted[key]; dup && other != f.Name {
					return fmt.Errorf("%w: %s also installs %s", archive.ErrDuplicate, other, e.Name)
				}
				emitted[key] = f.Name
				return fn(e, r)
			}); err != nil {
				return err
			}
		}
		// Read to the end: that is when the XAR checksums are verified.
		if _, err := io.Copy(io.Discard, rd); err != nil {
			return err
		}
	}
	return nil
}

// payloadPrefix says whether a XAR file is a component's Payload and the
// directory its members are named under.
func payloadPrefix(name string) (string, bool) {
	dir, base := path.Split(name)
	if base != "Payload" {
		return "", false
	}
	if dir == "" {
		return "", true
	}
	dir = strings.TrimSuffix(dir, "/")
	if strings.Contains(dir, "/") || !strings.HasSuffix(dir, ".pkg") {
		return "", false
	}
	return dir + "/", true
}

// walkPayload tells the Payload's format from its first bytes and walks the
// cpio inside.
func walkPayload(ctx context.Context, name string, r io.Reader, lim archive.Limits, total *int64, fn func(archive.Entry, io.Reader) error) error {
	src := &counter{r: r}
	br := bufio.NewReader(src)
	head, _ := br.Peek(6)
	var dec io.Reader
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w: gzip: %w", name, ErrPayload, classifyEOF(err))
		}
		dec = zr
	case bytes.HasPrefix(head, []byte(pbzxMagic)):
		pr, err := NewPBZXReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		dec = pr
	case bytes.HasPrefix(head, []byte("0707")):
		dec = br
	default:
		return fmt.Errorf("%s: %w: starts with %q, which is neither gzip, pbzx nor cpio", name, ErrPayload, head)
	}
	rr := &ratioReader{r: dec, src: src, max: lim.MaxRatio, total: total, maxTotal: lim.MaxTotalSize}
	return WalkCPIO(ctx, name, rr, lim, fn)
}

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader stops a decompressed payload that outgrows the ratio limit
// (against the compressed bytes read so far) or, with the payloads before
// it, the total limit.
type ratioReader struct {
	r        io.Reader
	src      *counter
	n        int64
	max      int64
	total    *int64
	maxTotal int64
}

func (q *ratioReader) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	q.n += int64(n)
	*q.total += int64(n)
	if archive.ExceedsRatio(q.n, q.src.n, q.max) {
		return 0, fmt.Errorf("%w: %d bytes from %d", archive.ErrRatio, q.n, q.src.n)
	}
	if *q.total > q.maxTotal {
		return 0, fmt.Errorf("%w: payloads add up to more than %d bytes", archive.ErrTotalTooLarge, q.maxTotal)
	}
	return n, err
}
