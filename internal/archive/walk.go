package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync/atomic"
)

// Walk reads the archive at path once, calling fn for every member in archive
// order (central-directory order for zip). The format comes from the name
// (see DetectFormat).
//
// For Regular entries r yields exactly the member's content; fn may read all,
// part or none of it, and r is valid only until fn returns. For other kinds r
// is empty. Whatever fn leaves unread is still read and checked, so a corrupt
// or truncated archive is an error even if fn looks at nothing.
//
// Before fn sees a member, Walk refuses it (with an error naming the archive
// and the member) if its name is absolute, has ".." components, backslashes,
// NUL or a Windows drive prefix, or is not canonical; if its name (without
// leading "./" and trailing "/") repeats an earlier one; if it is a link and
// lim.AllowLinks is false, or a link whose target leaves the archive; if it is
// a device, fifo or other special file; or if it breaks lim. A tar root entry
// ("./") is skipped. If fn returns an error, Walk stops and returns it,
// wrapped with the archive and member names.
func Walk(ctx context.Context, path string, lim Limits, fn func(Entry, io.Reader) error) error {
	return walkFile(ctx, path, lim, fn, lookXZ())
}

// WalkReader is Walk for tar-based formats read from a stream: name is used
// in errors, f is the format and compressed the compressed stream. The ratio
// limit is checked against the compressed bytes consumed so far, so the
// stream's total size need not be known. Zip needs random access: use Walk.
//
// For .tar.xz decoded by an xz subprocess, compressed is read by a goroutine
// of os/exec; if WalkReader stops early while that goroutine is blocked in
// compressed.Read (a stalled network body, say), it returns after at most a
// few seconds and the goroutine ends when that Read does.
func WalkReader(ctx context.Context, name string, f Format, compressed io.Reader, lim Limits, fn func(Entry, io.Reader) error) error {
	if !f.isTar() {
		return fmt.Errorf("%s: %v archives cannot be read from a stream: use Walk", name, f)
	}
	return walkTar(ctx, name, f, compressed, lim, fn, lookXZ())
}

// walkFile is Walk with the xz decoder chosen by the caller ("" for pure Go),
// so tests and benchmarks can run both.
func walkFile(ctx context.Context, path string, lim Limits, fn func(Entry, io.Reader) error, xzPath string) error {
	f, err := DetectFormat(path)
	if err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening archive: %w", err)
	}
	defer file.Close()
	// An empty file is the commonest broken download; say so plainly rather
	// than let each decoder word its own EOF.
	if info, err := file.Stat(); err == nil && info.Size() == 0 {
		return fmt.Errorf("%s: %w: empty file", path, ErrTruncated)
	}
	if f == Zip {
		return walkZip(ctx, path, file, lim, fn)
	}
	return walkTar(ctx, path, f, file, lim, fn, xzPath)
}

// walker holds the checks every member must pass, whatever the format.
type walker struct {
	archive string
	lim     Limits
	members int
	names   int64 // bytes of the names and link targets seen so far
	total   int64 // declared sizes of the regular members admitted so far
	seen    map[string]struct{}
	folded  map[string]string // foldKey → the first name with it
	// links are the symlink members admitted so far: no member's path and no
	// link's target may pass through one, since what a link points at is only
	// known once it is followed (l1 -> .., l2 -> l1/.., l2/escaped.txt).
	links map[string]struct{}
}

func newWalker(archive string, lim Limits) *walker {
	return &walker{archive: archive, lim: lim, seen: make(map[string]struct{}), folded: make(map[string]string), links: make(map[string]struct{})}
}

// throughLink returns the symlink member that p passes through, or "".
func (w *walker) throughLink(p string) string {
	if len(w.links) == 0 {
		return ""
	}
	for dir := path.Dir(p); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if _, ok := w.links[dir]; ok {
			return dir
		}
	}
	return ""
}

// errorf wraps err with the archive and member names.
func (w *walker) errorf(member string, err error) error {
	return fmt.Errorf("%s: member %q: %w", w.archive, member, err)
}

// admit checks a member whose Name is as stored and returns it with the name
// trimmed of leading "./". skip reports the archive root entry, which carries
// nothing a caller needs. special describes an Other member for the error.
// Link targets are checked separately (checkLink), since zip only knows them
// after reading the member.
func (w *walker) admit(e Entry, special string) (_ Entry, skip bool, _ error) {
	stored := e.Name
	w.members++
	if w.members > w.lim.MaxMembers {
		return e, false, w.errorf(stored, fmt.Errorf("%w: more than %d", ErrTooManyMembers, w.lim.MaxMembers))
	}
	if err := w.countName(stored); err != nil {
		return e, false, w.errorf(stored, err)
	}
	name, key, root, err := memberName(stored)
	if err != nil {
		return e, false, w.errorf(stored, err)
	}
	if root {
		if e.Kind != Dir {
			return e, false, w.errorf(stored, fmt.Errorf("%w: a %v named as the archive root", ErrUnsafeName, e.Kind))
		}
		return e, true, nil
	}
	if e.Kind != Dir && strings.HasSuffix(name, "/") {
		return e, false, w.errorf(stored, fmt.Errorf("%w: a %v whose name ends in \"/\"", ErrUnsafeName, e.Kind))
	}
	if _, dup := w.seen[key]; dup {
		return e, false, w.errorf(stored, ErrDuplicate)
	}
	w.seen[key] = struct{}{}
	if first, clash := w.folded[foldKey(key)]; clash {
		return e, false, w.errorf(stored, fmt.Errorf("%w: differs from %q only in case or Unicode normalization, so the two are one file on macOS and Windows", ErrDuplicate, first))
	}
	w.folded[foldKey(key)] = key
	e.Name = name
	if l := w.throughLink(strings.TrimSuffix(name, "/")); l != "" {
		return e, false, w.errorf(stored, fmt.Errorf("%w: its path passes through the symbolic link %s", ErrLink, l))
	}

	switch e.Kind {
	case Other:
		return e, false, w.errorf(stored, fmt.Errorf("%w: %s", ErrSpecial, special))
	case Symlink, Hardlink:
		if !w.lim.AllowLinks {
			return e, false, w.errorf(stored, fmt.Errorf("%w: %v to %q (links are not allowed)", ErrLink, e.Kind, e.Link))
		}
	case Regular:
		if e.Size < 0 {
			return e, false, w.errorf(stored, fmt.Errorf("%w: negative size %d", ErrSizeMismatch, e.Size))
		}
		if e.Size > w.lim.MaxMemberSize {
			return e, false, w.errorf(stored, fmt.Errorf("%w: %d bytes, limit %d", ErrMemberTooLarge, e.Size, w.lim.MaxMemberSize))
		}
		w.total += e.Size
		if w.total > w.lim.MaxTotalSize {
			return e, false, w.errorf(stored, fmt.Errorf("%w: members add up to more than %d bytes", ErrTotalTooLarge, w.lim.MaxTotalSize))
		}
	}
	return e, false, nil
}

// countName adds s to the names the walk holds, refusing past MaxNameBytes.
func (w *walker) countName(s string) error {
	w.names += int64(len(s))
	if w.names > w.lim.MaxNameBytes {
		return fmt.Errorf("%w: more than %d bytes of names and link targets", ErrNamesTooLarge, w.lim.MaxNameBytes)
	}
	return nil
}

// checkLink checks an admitted link's target and trims a hardlink target's
// leading "./" the way member names are trimmed.
func (w *walker) checkLink(e *Entry) error {
	if e.Kind == Symlink || e.Kind == Hardlink {
		// Zip stores a target as content, so it is counted here, once read.
		if err := w.countName(e.Link); err != nil {
			return w.errorf(e.Name, err)
		}
	}
	switch e.Kind {
	case Symlink:
		key := strings.TrimSuffix(e.Name, "/")
		if err := symlinkTarget(key, e.Link); err != nil {
			return w.errorf(e.Name, err)
		}
		// Walk the target as written, not cleaned: "l1/l1/../.." cleans to
		// "." but follows l1 on the way.
		cur := path.Dir(key)
		for _, comp := range strings.Split(e.Link, "/") {
			switch comp {
			case "", ".":
				continue
			case "..":
				cur = path.Dir(cur)
				continue
			}
			cur = path.Join(cur, comp)
			if _, ok := w.links[cur]; ok {
				return w.errorf(e.Name, fmt.Errorf("%w: target %q passes through the symbolic link %s", ErrLink, e.Link, cur))
			}
		}
		w.links[key] = struct{}{}
	case Hardlink:
		target, err := hardlinkTarget(e.Link)
		if err != nil {
			return w.errorf(e.Name, err)
		}
		e.Link = target
	}
	return nil
}

// exceedsRatio reports whether produced > max*consumed, without overflow.
func exceedsRatio(produced, consumed, max int64) bool {
	return produced >= ratioFloor && consumed <= (produced-1)/max
}

// countingReader counts the bytes read through it. The count is atomic
// because an xz subprocess's stdin is fed by os/exec's own goroutine while
// the walk reads the count.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// memberReader is what fn reads a member through. It stops working when fn
// returns: the walk has moved on and the bytes would belong to another member.
// An unexpected EOF here always means the archive ended inside the member, so
// it is marked ErrTruncated for fn and for whoever fn returns it to.
type memberReader struct {
	r    io.Reader
	done bool
}

func (m *memberReader) Read(p []byte) (int, error) {
	if m.done {
		return 0, ErrReadAfterReturn
	}
	n, err := m.r.Read(p)
	return n, classify(err)
}

// classify marks errors that mean the input ended early with ErrTruncated.
func classify(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrTruncated) {
		return fmt.Errorf("%w: %w", ErrTruncated, err)
	}
	return err
}

// emptyReader is handed to fn for members without content.
func emptyReader() io.Reader { return strings.NewReader("") }
