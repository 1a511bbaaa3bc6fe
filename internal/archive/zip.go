package archive

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
)

// maxZipLinkTarget bounds a zip symlink's target, which is stored as the
// member's content: PATH_MAX on Linux.
const maxZipLinkTarget = 4096

// walkZip walks a zip file in central-directory order. Unlike a tar stream, a
// zip declares every member's sizes up front, so the size, total and ratio
// limits are checked on the declared sizes before a member is opened, and the
// reader enforces that no member inflates past what it declared.
func walkZip(ctx context.Context, archive string, file *os.File, lim Limits, fn func(Entry, io.Reader) error) error {
	lim, err := lim.withDefaults()
	if err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}
	info, err := file.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}
	size := info.Size()
	zr, err := zip.NewReader(file, size)
	// ErrInsecurePath (under GODEBUG zipinsecurepath=0) comes with a usable
	// reader; the walk makes its own, stricter, name checks.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("%s: reading the zip central directory: %w", archive, classify(err))
	}
	if err := CheckZipLayout(file, size, zr.File); err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}
	w := newWalker(archive, lim)
	// The member count is known before anything is read: refuse at once
	// rather than after fn has seen MaxMembers members.
	if len(zr.File) > lim.MaxMembers {
		return w.errorf(zr.File[lim.MaxMembers].Name,
			fmt.Errorf("%w: %d, limit %d", ErrTooManyMembers, len(zr.File), lim.MaxMembers))
	}

	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", archive, err)
		}
		e, skip, err := w.admit(zipEntry(zf), fmt.Sprintf("mode %v", zf.Mode()))
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		switch e.Kind {
		case Symlink:
			if e.Link, err = zipLinkTarget(zf); err != nil {
				return w.errorf(e.Name, err)
			}
			if err := w.checkLink(&e); err != nil {
				return err
			}
			err = fn(e, emptyReader())
		case Regular:
			// The whole file is the compressed size of everything: a zip bomb
			// (including one whose entries overlap) declares far more than
			// MaxRatio times the file's size.
			if exceedsRatio(w.total, size, lim.MaxRatio) {
				return w.errorf(e.Name, fmt.Errorf("%w: members declare %d bytes in a %d-byte file, limit %d:1",
					ErrRatio, w.total, size, lim.MaxRatio))
			}
			err = walkZipMember(ctx, zf, e, fn)
		default:
			err = fn(e, emptyReader())
		}
		if err != nil {
			return w.errorf(e.Name, err)
		}
	}
	return nil
}

// walkZipMember hands a regular member to fn and then reads what fn left, so
// that its CRC-32 is checked whatever fn did.
func walkZipMember(ctx context.Context, zf *zip.File, e Entry, fn func(Entry, io.Reader) error) error {
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("opening: %w", classify(err))
	}
	defer rc.Close()
	zm := &zipMember{ctx: ctx, r: rc, declared: e.Size}
	mr := &memberReader{r: zm}
	err = fn(e, mr)
	mr.done = true
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, zm); err != nil {
		return fmt.Errorf("reading content: %w", err)
	}
	return nil
}

// zipEntry maps a zip file header to an Entry whose Name is still as stored.
func zipEntry(zf *zip.File) Entry {
	mode := zf.Mode()
	e := Entry{Name: zf.Name, Mode: mode}
	switch {
	case strings.HasSuffix(zf.Name, "/") || mode.IsDir():
		e.Kind = Dir
	case mode&fs.ModeSymlink != 0:
		e.Kind = Symlink
	case mode.IsRegular():
		e.Kind = Regular
		// A size beyond int64 can only be hostile; saturate so that the
		// member-size limit refuses it.
		e.Size = int64(min(zf.UncompressedSize64, math.MaxInt64))
	default:
		e.Kind = Other
	}
	return e
}

// zipLinkTarget reads a zip symlink's target, which is its content.
func zipLinkTarget(zf *zip.File) (string, error) {
	if zf.UncompressedSize64 > maxZipLinkTarget {
		return "", fmt.Errorf("%w: target of %d bytes", ErrLink, zf.UncompressedSize64)
	}
	rc, err := zf.Open()
	if err != nil {
		return "", fmt.Errorf("opening: %w", err)
	}
	defer rc.Close()
	// Read to EOF (the limit is one past the maximum) so the CRC is checked.
	b, err := io.ReadAll(io.LimitReader(rc, maxZipLinkTarget+1))
	if err != nil {
		return "", fmt.Errorf("reading link target: %w", err)
	}
	if len(b) > maxZipLinkTarget {
		return "", fmt.Errorf("%w: target longer than %d bytes", ErrLink, maxZipLinkTarget)
	}
	return string(b), nil
}

// zipMember reads a member's decompressed content and fails if it differs in
// length from the declared size. archive/zip checks this too, but reports
// only a bare zip.ErrFormat; the limits rest on the declared size, so the
// check is made here as well, where it can say what went wrong.
type zipMember struct {
	ctx      context.Context
	r        io.Reader
	declared int64
	n        int64
	err      error // sticky
}

func (z *zipMember) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	if err := z.ctx.Err(); err != nil {
		z.err = err
		return 0, err
	}
	n, err := z.r.Read(p)
	z.n += int64(n)
	switch {
	case z.n > z.declared || errors.Is(err, zip.ErrFormat):
		z.err = fmt.Errorf("%w: inflates past its declared %d bytes", ErrSizeMismatch, z.declared)
		return 0, z.err
	case errors.Is(err, io.ErrUnexpectedEOF):
		z.err = fmt.Errorf("%w: %w: ends after %d of its declared %d bytes", ErrTruncated, ErrSizeMismatch, z.n, z.declared)
		return n, z.err
	case err != nil && err != io.EOF:
		z.err = err
	}
	return n, err
}
