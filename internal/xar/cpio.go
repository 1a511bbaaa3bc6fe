package xar

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"strconv"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
)

// cpio formats: "odc" (POSIX.1 portable, octal fields) and "newc" (SVR4,
// hex fields, 4-byte alignment). macOS's Payloads are odc; newc is read too.
const (
	odcMagic   = "070707"
	newcMagic  = "070701"
	crcMagic   = "070702"
	odcHeader  = 76
	newcHeader = 110
	trailer    = "TRAILER!!!"
	// maxNameSize bounds a member name (with its NUL): PATH_MAX on macOS is
	// 1024, Linux's 4096.
	maxNameSize = 4096
	// maxLinkSize bounds a symlink's target, which is the member's content.
	maxLinkSize = 4096
)

// WalkCPIO reads the cpio archive r (name is used in errors) and calls fn for
// every member, after checking it as internal/archive checks a tar member:
// names, duplicates, links (only with lim.AllowLinks, and inside the
// archive), special files and sizes. For a Regular member fn's reader yields
// exactly its content and is valid until fn returns; what fn leaves is read.
// The archive must end with cpio's trailer, and only zero padding may follow.
// An odc member with more than one link carries its own content and is a
// regular file; a newc one is a hard link (newc stores the data once) and is
// refused.
func WalkCPIO(ctx context.Context, name string, r io.Reader, lim archive.Limits, fn func(archive.Entry, io.Reader) error) error {
	chk, err := archive.NewChecker(name, lim)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64 // bytes consumed, for newc's alignment
	read := func(n int) ([]byte, error) {
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, classifyEOF(eofIsUnexpected(err))
		}
		off += int64(n)
		return b, nil
	}
	align := func() error {
		if pad := (4 - off%4) % 4; pad > 0 {
			b, err := read(int(pad))
			if err != nil {
				return err
			}
			for _, c := range b {
				if c != 0 {
					return fmt.Errorf("%w: non-zero alignment padding", ErrPayload)
				}
			}
		}
		return nil
	}
	prev := ""
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		where := func(err error) error {
			if prev == "" {
				return fmt.Errorf("%s: the first cpio header: %w", name, err)
			}
			return fmt.Errorf("%s: the cpio header after member %q: %w", name, prev, err)
		}
		m, err := read(6)
		if err != nil {
			return where(err)
		}
		var h cpioHeader
		switch string(m) {
		case odcMagic:
			rest, err := read(odcHeader - 6)
			if err != nil {
				return where(err)
			}
			h, err = parseODC(rest)
			if err != nil {
				return where(err)
			}
		case newcMagic:
			rest, err := read(newcHeader - 6)
			if err != nil {
				return where(err)
			}
			h, err = parseNewc(rest)
			if err != nil {
				return where(err)
			}
		case crcMagic:
			return where(fmt.Errorf("%w: the newc-with-CRC format (070702) is not supported", ErrPayload))
		default:
			return where(fmt.Errorf("%w: magic %q is neither odc (070707) nor newc (070701)", ErrPayload, m))
		}
		if h.nameSize < 2 || h.nameSize > maxNameSize {
			return where(fmt.Errorf("%w: name size %d, expected 2 to %d", ErrPayload, h.nameSize, maxNameSize))
		}
		nb, err := read(int(h.nameSize))
		if err != nil {
			return where(err)
		}
		if nb[len(nb)-1] != 0 {
			return where(fmt.Errorf("%w: member name not NUL-terminated", ErrPayload))
		}
		stored := string(nb[:len(nb)-1])
		if h.newc {
			if err := align(); err != nil {
				return where(err)
			}
		}
		if stored == trailer {
			break
		}
		prev = stored
		e := archive.Entry{Name: stored, Mode: fsMode(h.mode)}
		special := ""
		switch h.mode & 0o170000 {
		case 0o100000:
			e.Kind, e.Size = archive.Regular, h.fileSize
			if h.newc && h.nlink > 1 {
				e.Kind, e.Size = archive.Hardlink, 0
			}
		case 0o040000:
			e.Kind = archive.Dir
		case 0o120000:
			e.Kind = archive.Symlink
			if h.fileSize > maxLinkSize {
				return chk.Errorf(stored, fmt.Errorf("%w: a symlink target of %d bytes", ErrPayload, h.fileSize))
			}
			t, err := read(int(h.fileSize))
			if err != nil {
				return chk.Errorf(stored, err)
			}
			e.Link = string(t)
		default:
			e.Kind = archive.Other
			special = fmt.Sprintf("cpio mode %o", h.mode)
		}
		if e.Kind == archive.Hardlink {
			// newc stores a hard link's data once, on its last name; the names
			// before it are empty. Link is left empty: Admit refuses it.
		} else if e.Kind != archive.Regular && e.Kind != archive.Symlink && h.fileSize != 0 {
			return chk.Errorf(stored, fmt.Errorf("%w: a %v with %d bytes of content", ErrPayload, e.Kind, h.fileSize))
		}
		e, skip, err := chk.Admit(e, special)
		if err != nil {
			return err
		}
		body := io.Reader(emptyReader{})
		var mr *memberReader
		if e.Kind == archive.Regular {
			mr = &memberReader{r: io.LimitReader(br, e.Size), size: e.Size}
			body = mr
		}
		if !skip {
			err = fn(e, body)
		}
		if mr != nil {
			mr.done = true
		}
		if err != nil {
			// fn's error, as internal/archive returns it: the rest of the
			// member is neither read nor allowed to hide it.
			return chk.Errorf(e.Name, err)
		}
		if mr != nil {
			rest, cerr := io.Copy(io.Discard, mr.r)
			if cerr != nil {
				return chk.Errorf(e.Name, classifyEOF(cerr))
			}
			if mr.n+rest != e.Size {
				return chk.Errorf(e.Name, fmt.Errorf("%w: the archive ends inside the member", archive.ErrTruncated))
			}
			off += e.Size
		}
		if h.newc {
			if err := align(); err != nil {
				return chk.Errorf(e.Name, err)
			}
		}
	}
	// cpio pads its output to a block; anything but zeros after the trailer
	// is data nothing would read.
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: after the cpio trailer: %w", name, err)
		}
		if b != 0 {
			return fmt.Errorf("%s: %w: non-zero bytes after the cpio trailer", name, archive.ErrTrailingData)
		}
	}
}

type cpioHeader struct {
	newc     bool
	mode     uint64
	nlink    uint64
	nameSize int64
	fileSize int64
}

func parseODC(b []byte) (cpioHeader, error) {
	// dev ino mode uid gid nlink rdev (6 each), mtime (11), namesize (6), filesize (11)
	fields := []int{6, 6, 6, 6, 6, 6, 6, 11, 6, 11}
	v := make([]uint64, len(fields))
	pos := 0
	for i, w := range fields {
		n, err := strconv.ParseUint(string(b[pos:pos+w]), 8, 64)
		if err != nil {
			return cpioHeader{}, fmt.Errorf("%w: odc field %d %q is not octal", ErrPayload, i, b[pos:pos+w])
		}
		v[i] = n
		pos += w
	}
	return cpioHeader{mode: v[2], nlink: v[5], nameSize: int64(v[8]), fileSize: int64(v[9])}, nil
}

func parseNewc(b []byte) (cpioHeader, error) {
	// ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	v := make([]uint64, 13)
	for i := range v {
		f := b[i*8 : i*8+8]
		n, err := strconv.ParseUint(string(f), 16, 32)
		if err != nil {
			return cpioHeader{}, fmt.Errorf("%w: newc field %d %q is not hexadecimal", ErrPayload, i, f)
		}
		v[i] = n
	}
	return cpioHeader{newc: true, mode: v[1], nlink: v[4], fileSize: int64(v[6]), nameSize: int64(v[11])}, nil
}

// eofIsUnexpected makes a clean EOF inside a header an unexpected one: the
// archive must end with its trailer.
func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// memberReader is what fn reads a member through; it stops when fn returns,
// and an end before size bytes is a truncated archive, not a short member.
type memberReader struct {
	r    io.Reader
	n    int64
	size int64
	done bool
}

func (m *memberReader) Read(p []byte) (int, error) {
	if m.done {
		return 0, archive.ErrReadAfterReturn
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	if err == io.EOF && m.n < m.size {
		err = fmt.Errorf("%w: the archive ends %d bytes into a %d-byte member", archive.ErrTruncated, m.n, m.size)
	}
	return n, classifyEOF(err)
}

// fsMode is a cpio mode's permission bits as an fs.FileMode.
func fsMode(mode uint64) fs.FileMode { return fs.FileMode(mode) & fs.ModePerm }

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, io.EOF }
