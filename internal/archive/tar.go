package archive

import (
	"archive/tar"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// endMarker is the two zero blocks that end a tar archive. Go's archive/tar
// also reports io.EOF when the stream simply stops at a header boundary, so
// the walk checks for the marker itself: without it a tar cut at a member
// boundary would pass for a complete one.
const endMarker = 2 * 512

// walkTar walks a tar stream compressed as f. xzPath selects the xz decoder
// ("" for pure Go).
func walkTar(ctx context.Context, archive string, f Format, compressed io.Reader, lim Limits, fn func(Entry, io.Reader) error, xzPath string) error {
	lim, err := lim.withDefaults()
	if err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}

	// The ratio check needs the compressed bytes the decoder has consumed,
	// not merely read ahead: gzip's best case (about 1030:1) is barely above
	// the default limit, so a few KiB of read-ahead would let a bomb run for
	// hundreds of MiB. In-process decoders read through a bufio.Reader, which
	// gzip and bzip2 use as their io.ByteReader without buffering again, so
	// read minus still-buffered is exact. The xz subprocess reads ahead by a
	// pipe's worth, which only errs towards leniency.
	src := &countingReader{r: compressed}
	consumed := src.n.Load
	in := io.Reader(src)
	if !(f == TarXz && xzPath != "") {
		br := bufio.NewReaderSize(src, 64<<10)
		in = br
		consumed = func() int64 { return src.n.Load() - int64(br.Buffered()) }
	}
	dec, err := decompressor(ctx, f, in, xzPath)
	if err != nil {
		return fmt.Errorf("%s: %w", archive, classify(err))
	}
	// Close errors are not reported: every failure of the stream surfaces as
	// a Read error first, and Close only releases the decoder (or kills xz
	// when the walk stops early).
	defer dec.Close()

	out := io.Reader(dec)
	if f == TarXz && xzPath != "" {
		// archive/tar reads a 512-byte header, then a member, in small reads;
		// on a pipe each is a system call that can wake xz (5% of the
		// artifact run on the CPython tarball, measured with hyperfine).
		out = bufio.NewReaderSize(dec, 1<<20)
	}
	s := &stream{ctx: ctx, r: out, format: f, lim: lim, consumed: consumed}
	tr := tar.NewReader(s)
	w := newWalker(archive, lim)
	prev := "" // the last member, to place errors that come between members
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", archive, err)
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		// Under GODEBUG tarinsecurepath=0 archive/tar flags some names it
		// dislikes but still returns the header; the walk's own checks are
		// stricter and say which rule a name broke.
		if errors.Is(err, tar.ErrInsecurePath) && hdr != nil {
			err = nil
		}
		if err != nil {
			if prev == "" {
				return fmt.Errorf("%s: reading the first tar header: %w", archive, classify(err))
			}
			return fmt.Errorf("%s: reading the tar header after member %q: %w", archive, prev, classify(err))
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			continue // PAX defaults for later members, which archive/tar applies itself
		}
		prev = hdr.Name
		e, skip, err := w.admit(tarEntry(hdr), fmt.Sprintf("tar type %q", hdr.Typeflag))
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		if err := w.checkLink(&e); err != nil {
			return err
		}

		r := emptyReader()
		var mr *memberReader
		if e.Kind == Regular {
			mr = &memberReader{r: tr}
			r = mr
		}
		err = fn(e, r)
		if mr != nil {
			mr.done = true
		}
		if err != nil {
			return w.errorf(e.Name, err)
		}
		// Read what fn left, here rather than in the next Next, so that a
		// failure is put down to this member.
		if _, err := io.Copy(io.Discard, tr); err != nil {
			return w.errorf(e.Name, fmt.Errorf("reading content: %w", classify(err)))
		}
	}

	if s.zeroRun < endMarker {
		if prev == "" {
			return fmt.Errorf("%s: %w: no members and no end-of-archive marker", archive, ErrTruncated)
		}
		return fmt.Errorf("%s: %w: no end-of-archive marker after member %q", archive, ErrTruncated, prev)
	}
	// Read the rest of the stream: the decoder verifies its checksums only at
	// its end, and anything but zero padding after the end marker is data
	// some other tool might read as members this walk never saw.
	if err := s.drainZeros(); err != nil {
		return fmt.Errorf("%s: after the end of the archive (last member %q): %w", archive, prev, classify(err))
	}
	return nil
}

// tarEntry maps a tar header to an Entry whose Name is still as stored.
func tarEntry(h *tar.Header) Entry {
	e := Entry{Name: h.Name, Mode: h.FileInfo().Mode()}
	switch h.Typeflag {
	case tar.TypeReg, tar.TypeRegA: // archive/tar maps TypeRegA already; kept for clarity
		e.Kind, e.Size = Regular, h.Size
		if isSparse(h) {
			e.Kind, e.Size = Other, 0
		}
	case tar.TypeDir:
		e.Kind = Dir
	case tar.TypeSymlink:
		e.Kind, e.Link = Symlink, h.Linkname
	case tar.TypeLink:
		e.Kind, e.Link = Hardlink, h.Linkname
	default:
		e.Kind = Other
	}
	return e
}

// isSparse reports a PAX-format GNU sparse file, which archive/tar reports as
// a regular file. Sparse files are refused: their holes read as zeros that
// were never compressed, which would slip past the ratio check, and release
// archives have no use for them.
func isSparse(h *tar.Header) bool {
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

// stream is the decompressed tar stream. It enforces the limits that concern
// the whole archive as bytes come out of the decoder, and honours ctx on
// every read, so a bomb or a cancellation stops the walk mid-member.
type stream struct {
	ctx      context.Context
	r        io.Reader
	format   Format // named in decoder errors, which often do not say what they decode
	lim      Limits
	consumed func() int64 // compressed bytes the decoder has used so far
	produced int64
	zeroRun  int64 // length of the run of zero bytes that ends what was read
	err      error // sticky, so a caller that ignores an error cannot go on
}

func (s *stream) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return 0, err
	}
	n, err := s.r.Read(p)
	s.produced += int64(n)
	s.trackZeros(p[:n])
	if s.produced > s.lim.MaxTotalSize {
		s.err = fmt.Errorf("%w: more than %d uncompressed bytes", ErrTotalTooLarge, s.lim.MaxTotalSize)
		return 0, s.err
	}
	if c := s.consumed(); exceedsRatio(s.produced, c, s.lim.MaxRatio) {
		s.err = fmt.Errorf("%w: %d bytes decompressed from %d, limit %d:1", ErrRatio, s.produced, c, s.lim.MaxRatio)
		return 0, s.err
	}
	if err != nil && err != io.EOF {
		s.err = fmt.Errorf("%v stream: %w", s.format, err)
		return n, s.err
	}
	return n, err
}

func (s *stream) trackZeros(b []byte) {
	i := len(b)
	for i > 0 && b[i-1] == 0 {
		i--
	}
	if i == 0 {
		s.zeroRun += int64(len(b))
	} else {
		s.zeroRun = int64(len(b) - i)
	}
}

// drainZeros reads the stream to its end and refuses anything but zeros.
func (s *stream) drainZeros() error {
	buf := make([]byte, 32<<10)
	for {
		n, err := s.Read(buf)
		for _, c := range buf[:n] {
			if c != 0 {
				return ErrTrailingData
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
