package safefile

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Root is a project root. Every path given to its methods is relative to it,
// and none may leave it: not by "..", not by a symbolic link anywhere on the
// path (Misc -> /elsewhere), whether the file is read, written, listed or
// removed. The tree is untrusted input, so a link in it must not make regen
// write, or check read, outside the checkout.
//
// Symbolic links that stay inside the root are followed, relative or
// absolute (os.Root alone refuses absolute ones); every open goes through
// os.Root, so a link swapped in between the check and the use is refused too.
type Root struct {
	dir  string // as given, for messages
	abs  string // absolute, cleaned
	real string // abs with its own symbolic links resolved
	r    *os.Root
}

// OpenRoot opens dir as a Root. The caller closes it.
func OpenRoot(dir string) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(real)
	if err != nil {
		return nil, err
	}
	return &Root{dir: dir, abs: abs, real: real, r: r}, nil
}

// Close releases the root's directory.
func (r *Root) Close() error { return r.r.Close() }

// Dir is the root as it was given to OpenRoot.
func (r *Root) Dir() string { return r.dir }

// EscapeError is a path that leads outside the root.
type EscapeError struct {
	Root string // the root, as given
	Path string // the path asked for, relative to the root
	// Link is the symbolic link on Path (relative to the root) that leads
	// out, and Target what it holds; both are empty when Path itself is
	// absolute or climbs out with "..".
	Link, Target string
}

func (e *EscapeError) Error() string {
	if e.Link == "" {
		return fmt.Sprintf("%s is outside the root %s; sbomkeeper reads and writes only inside it", e.Path, e.Root)
	}
	where := e.Link + " is a symbolic link to " + e.Target
	if e.Link == e.Path {
		where = "it is a symbolic link to " + e.Target
	}
	return fmt.Sprintf("%s leads outside the root %s (%s); sbomkeeper reads and writes only inside it", e.Path, e.Root, where)
}

// maxLinks bounds the symbolic links followed resolving one path, as the
// kernel's ELOOP does.
const maxLinks = 255

// Resolve returns rel (slash- or OS-separated, relative to the root) with
// the symbolic links among its existing components resolved, as a slash
// path relative to the root, or an *EscapeError naming the link that leads
// outside. Components that do not exist are kept as written.
func (r *Root) Resolve(rel string) (string, error) {
	if filepath.IsAbs(rel) || strings.HasPrefix(filepath.ToSlash(rel), "/") {
		return "", &EscapeError{Root: r.dir, Path: rel}
	}
	todo := splitSlash(filepath.ToSlash(rel))
	var done []string // components of a real directory path under the root
	links := 0
	var link, linkTarget string // the last link followed, to name in an escape
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", &EscapeError{Root: r.dir, Path: filepath.ToSlash(rel), Link: link, Target: linkTarget}
			}
			done = done[:len(done)-1]
			continue
		}
		here := strings.Join(append(done, c), "/")
		fi, err := os.Lstat(filepath.Join(r.real, filepath.FromSlash(here)))
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			// Missing, a directory or a file: what follows is for the
			// file system to answer, through os.Root.
			done = append(done, c)
			if err != nil || !fi.IsDir() {
				// Nothing below a missing component or a file exists to
				// resolve, but its ".." must still not climb out: the rest
				// is cleaned lexically ("0/../.." would otherwise pass).
				for _, c := range todo {
					switch c {
					case ".":
					case "..":
						if len(done) == 0 {
							return "", &EscapeError{Root: r.dir, Path: filepath.ToSlash(rel), Link: link, Target: linkTarget}
						}
						done = done[:len(done)-1]
					default:
						done = append(done, c)
					}
				}
				todo = nil
			}
			continue
		}
		if links++; links > maxLinks {
			return "", fmt.Errorf("%s: too many levels of symbolic links", rel)
		}
		target, err := os.Readlink(filepath.Join(r.real, filepath.FromSlash(here)))
		if err != nil {
			return "", err
		}
		link, linkTarget = here, target
		if filepath.IsAbs(target) {
			inside, ok := r.within(filepath.Clean(target))
			if !ok {
				return "", &EscapeError{Root: r.dir, Path: filepath.ToSlash(rel), Link: link, Target: linkTarget}
			}
			done = nil
			todo = append(splitSlash(inside), todo...)
			continue
		}
		// A relative target is read from the link's directory, which is done.
		todo = append(splitSlash(filepath.ToSlash(target)), todo...)
	}
	return strings.Join(done, "/"), nil
}

// within returns abs relative to the root, if it is inside it.
func (r *Root) within(abs string) (string, bool) {
	for _, base := range []string{r.real, r.abs} {
		rel, err := filepath.Rel(base, abs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

func splitSlash(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// retry runs op on rel through os.Root. os.Root refuses every link that
// leaves the root and also absolute links that stay inside; when op fails,
// Resolve tells which: an escape is returned as an *EscapeError, and a path
// that resolves elsewhere inside the root is tried once more, resolved.
// The first try is the common case and costs nothing extra.
func retry[T any](r *Root, rel string, op func(string) (T, error)) (T, error) {
	v, err := op(rel)
	if err == nil {
		return v, nil
	}
	resolved, rerr := r.Resolve(rel)
	if rerr != nil {
		var zero T
		var esc *EscapeError
		if errors.As(rerr, &esc) {
			return zero, rerr
		}
		return zero, err
	}
	if resolved == strings.Join(splitSlash(filepath.ToSlash(rel)), "/") {
		return v, err
	}
	return op(resolved)
}

func (r *Root) name(rel string) string {
	if rel == "" {
		return "."
	}
	return filepath.FromSlash(rel)
}

// Open opens the regular file rel for reading, refusing anything else. It
// never blocks on a named pipe.
func (r *Root) Open(rel string) (*os.File, error) {
	f, err := retry(r, rel, func(p string) (*os.File, error) {
		return r.r.OpenFile(r.name(p), os.O_RDONLY|nonBlock, 0)
	})
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{rel, fi.Mode()}
	}
	return f, nil
}

// Read returns the contents of the regular file rel, refusing anything else
// and anything over max bytes. errors.Is(err, fs.ErrNotExist) works.
func (r *Root) Read(rel string, max int64) ([]byte, error) {
	f, err := r.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > max {
		return nil, &TooLargeError{rel, max}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{rel, max}
	}
	return data, nil
}

// Stat is os.Stat of rel inside the root (a final link is followed).
func (r *Root) Stat(rel string) (fs.FileInfo, error) {
	return retry(r, rel, func(p string) (fs.FileInfo, error) { return r.r.Stat(r.name(p)) })
}

// ReadDir lists the directory rel, sorted by name.
func (r *Root) ReadDir(rel string) ([]fs.DirEntry, error) {
	d, err := retry(r, rel, func(p string) (*os.File, error) { return r.r.Open(r.name(p)) })
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return readDirSorted(d)
}

func readDirSorted(d *os.File) ([]fs.DirEntry, error) {
	entries, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// Remove removes the file rel (a final link itself, not its target).
func (r *Root) Remove(rel string) error {
	dir, base := splitDir(rel)
	_, err := retry(r, dir, func(p string) (struct{}, error) {
		return struct{}{}, r.r.Remove(r.name(joinRel(p, base)))
	})
	return err
}

// TempPrefix and TempSuffix frame the name of the temporary file WriteFile
// writes beside NAME: .NAME.<decimal number>.tmp, as os.CreateTemp names
// them, so that leftovers of an interrupted run can be recognised exactly.
func TempPrefix(base string) string { return "." + base + "." }

const TempSuffix = ".tmp"

// IsTempOf reports whether name is exactly a temporary file WriteFile
// would write beside base.
func IsTempOf(name, base string) bool {
	n, ok := strings.CutPrefix(name, TempPrefix(base))
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, TempSuffix)
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// WriteFile writes data to rel atomically: to a temporary file in the same
// directory, synced, then renamed over rel, both inside the root. An
// existing file's permissions are kept. A final symbolic link is replaced by
// the file, as rename does; an existing rel that is not a regular file (a
// named pipe, a device) is refused.
func (r *Root) WriteFile(rel string, data []byte) error {
	mode := os.FileMode(0o644)
	st, err := r.Stat(rel)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("writing %s: %w", rel, &NotRegularError{rel, st.Mode()})
	case err == nil:
		mode = st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	dir, base := splitDir(rel)
	if dir, err = r.Resolve(dir); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	tmp, f, err := r.createTemp(dir, base)
	if err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	fail := func(err error) error {
		f.Close()
		r.r.Remove(r.name(tmp))
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		r.r.Remove(r.name(tmp))
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	if err := r.r.Rename(r.name(tmp), r.name(joinRel(dir, base))); err != nil {
		r.r.Remove(r.name(tmp))
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}

// createTemp creates .BASE.<n>.tmp in dir, exclusively.
func (r *Root) createTemp(dir, base string) (string, *os.File, error) {
	for range 10000 {
		var b [4]byte
		rand.Read(b[:])
		name := joinRel(dir, TempPrefix(base)+strconv.FormatUint(uint64(binary.LittleEndian.Uint32(b[:])), 10)+TempSuffix)
		f, err := r.r.OpenFile(r.name(name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, f, err
	}
	return "", nil, fmt.Errorf("no free temporary file name beside %s", base)
}

// splitDir splits a slash path into its directory ("" for the root) and base.
func splitDir(rel string) (string, string) {
	rel = filepath.ToSlash(rel)
	i := strings.LastIndexByte(rel, '/')
	if i < 0 {
		return "", rel
	}
	return rel[:i], rel[i+1:]
}

func joinRel(dir, base string) string {
	if dir == "" || dir == "." {
		return base
	}
	return dir + "/" + base
}
