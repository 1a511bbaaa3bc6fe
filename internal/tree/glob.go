package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// Entry is one path selected by Glob.
type Entry struct {
	// Path is spelled as Python would return it, relative to the root:
	// "Modules/expat/COPYING", or "Modules/expat/" (with the slash) for the
	// directory itself as matched by a trailing "**".
	Path string
	// IsDir reports a directory, without following a final symbolic link
	// (see Symlink).
	IsDir bool
	// Symlink reports that the entry itself is a symbolic link.
	Symlink bool
}

// Glob returns what Python 3's glob.glob(pattern, root_dir=root,
// recursive=True) returns, sorted (byte order), deduplicated, with '/'
// separators, relative to root.
//
// It diverges from Python on purpose in these ways:
//
//   - Glob never looks inside a symbolic link to a directory, neither while
//     expanding "**" nor for an intermediate component (magic or literal),
//     nor to check that a trailing-slash pattern names a directory. Python
//     follows such links, which loops on cycles and yields paths that
//     `git check-ignore` rejects as "beyond a symbolic link". Where Python
//     would have looked through the link, Glob returns the link itself
//     (Symlink set, IsDir clear, no trailing slash) so that the caller can
//     report it. Symbolic links that are matched as the final component are
//     returned as Python returns them, with Symlink set. Links to files and
//     dangling links cannot be looked through, so Python's behaviour is kept
//     for them. So no path Glob returns lists a directory outside root; a
//     final link may point outside it, and callers open what Glob returns
//     through safefile.Root, which refuses that.
//   - Python silently treats every error as "no match". Glob does so only for
//     paths that do not exist (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG) and
//     returns other errors, such as an unreadable directory, because
//     quietly leaving files out of an SBOM is worse than failing.
//   - Absolute patterns, patterns containing NUL, and a root that is not a
//     directory are errors; Python would search outside root, raise, or
//     return nothing.
//
// Like CPython 3.11 and 3.12, "x/**" yields "x/" even when x is not an
// existing directory; CPython 3.13 yields nothing in that case. Callers
// that must reproduce 3.13 can drop such entries: they have IsDir clear.
func Glob(root, pattern string) ([]Entry, error) {
	if strings.HasPrefix(pattern, "/") {
		return nil, fmt.Errorf("glob %q: pattern must be relative to the root", pattern)
	}
	if strings.IndexByte(pattern, 0) >= 0 {
		return nil, fmt.Errorf("glob %q: pattern contains a NUL byte", pattern)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("glob %q: root: %w", pattern, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("glob %q: root %s is not a directory", pattern, root)
	}

	g := &globber{root: root}
	hits, err := g.iglob(collapse(pattern), false)
	if err != nil {
		return nil, fmt.Errorf("glob %q in %s: %w", pattern, root, err)
	}
	// glob.iglob drops the empty path that "**" yields first for the root
	// itself; only the first result can be that one.
	if (pattern == "" || strings.HasPrefix(pattern, "**")) && len(hits) > 0 && hits[0].path == "" {
		hits = hits[1:]
	}

	entries := make([]Entry, 0, len(hits)+len(g.links))
	for _, h := range hits {
		entries = append(entries, Entry{
			Path:    h.path,
			IsDir:   h.mode.IsDir(),
			Symlink: h.mode&fs.ModeSymlink != 0,
		})
	}
	entries = append(entries, g.links...)
	// Every route to one path sees the same file, so which duplicate
	// survives does not matter.
	slices.SortFunc(entries, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	return slices.CompactFunc(entries, func(a, b Entry) bool { return a.Path == b.Path }), nil
}

// hit is a path yielded by one of the ported generator functions, with the
// type bits of what it names (0 for a regular file or a missing path) so that
// Entry can be filled and symbolic links recognised without another lstat.
type hit struct {
	path string
	mode fs.FileMode
}

// globber holds the state of one Glob call.
type globber struct {
	root string
	// links are the symbolic links to directories that Python would have
	// looked through.
	links []Entry
}

// fsPath is what Python's _join(root_dir, p) names on disk.
func (g *globber) fsPath(p string) string {
	if p == "" {
		return g.root
	}
	return g.root + "/" + p
}

func (g *globber) addLink(p string) {
	g.links = append(g.links, Entry{Path: p, Symlink: true})
}

// iglob ports glob._iglob; the order of its results is Python's, apart from
// the order of names within a directory.
func (g *globber) iglob(pathname string, dironly bool) ([]hit, error) {
	dirname, basename := splitPath(pathname)
	if !hasMagic(pathname) {
		if basename != "" {
			mode, ok, err := g.lexists(pathname)
			if err != nil || !ok {
				return nil, err
			}
			return []hit{{pathname, mode}}, nil
		}
		// A pattern ending in a slash matches only directories.
		d, ok, err := g.literalDir(dirname)
		if err != nil || !ok || !d.mode.IsDir() {
			return nil, err
		}
		return []hit{{pathname, fs.ModeDir}}, nil
	}

	if dirname == "" {
		root := hit{"", fs.ModeDir}
		if basename == "**" {
			return g.glob2(root, dironly)
		}
		return g.glob1(root, compilePattern(basename), isHidden(basename), dironly)
	}

	var dirs []hit
	if dirname != pathname && hasMagic(dirname) {
		var err error
		if dirs, err = g.iglob(dirname, true); err != nil {
			return nil, err
		}
	} else {
		d, ok, err := g.literalDir(dirname)
		if err != nil {
			return nil, err
		}
		if ok {
			dirs = []hit{d}
		}
	}

	var m matcher
	if hasMagic(basename) && basename != "**" {
		m = compilePattern(basename) // once, not once per directory
	}
	var out []hit
	for _, d := range dirs {
		ok, err := g.enterable(d)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var names []hit
		switch {
		case !hasMagic(basename):
			names, err = g.glob0(d, basename)
		case basename == "**":
			names, err = g.glob2(d, dironly)
		default:
			names, err = g.glob1(d, m, isHidden(basename), dironly)
		}
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			out = append(out, hit{joinPath(d.path, n.path), n.mode})
		}
	}
	return out, nil
}

// enterable reports whether Glob may look inside d. A symbolic link to a
// directory is recorded as a link instead.
func (g *globber) enterable(d hit) (bool, error) {
	if d.mode&fs.ModeSymlink == 0 {
		return true, nil
	}
	fi, err := os.Stat(g.fsPath(d.path))
	if err != nil || !fi.IsDir() {
		// Python cannot look through it either; let the ordinary code paths
		// find nothing (or, for "**", yield "d/") as Python does.
		return true, nil
	}
	g.addLink(strings.TrimRight(d.path, "/"))
	return false, nil
}

// literalDir checks a literal directory part of the pattern, component by
// component, for symbolic links to directories. ok is false when such a link
// was found (and recorded); the returned hit otherwise carries the type of
// the last component, 0 if it does not exist.
func (g *globber) literalDir(dirname string) (hit, bool, error) {
	mode, _, link, err := g.walk(dirname, true)
	if err != nil {
		return hit{}, false, err
	}
	if link != "" {
		g.addLink(link)
		return hit{}, false, nil
	}
	return hit{dirname, mode}, true, nil
}

// lexists is Python's os.path.lexists for the literal path p, except that a
// symbolic link to a directory among p's parents is recorded as a link
// instead of being looked through.
func (g *globber) lexists(p string) (fs.FileMode, bool, error) {
	mode, exists, link, err := g.walk(p, false)
	if err != nil {
		return 0, false, err
	}
	if link != "" {
		g.addLink(link)
		return 0, false, nil
	}
	return mode, exists, nil
}

// walk lstats each prefix of the relative path p, one per component. If one
// of them is a symbolic link to a directory (not counting p itself unless
// lastToo), walk returns that prefix as link. Otherwise it returns the type
// bits of p and whether it exists.
func (g *globber) walk(p string, lastToo bool) (mode fs.FileMode, exists bool, link string, err error) {
	mode, exists = fs.ModeDir, true // p == "" is the root
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		if i == 0 || p[i-1] == '/' {
			continue // an empty component, as in "a//b"
		}
		prefix := p[:i]
		last := strings.Trim(p[i:], "/") == ""
		fi, err := os.Lstat(g.fsPath(prefix))
		if err != nil {
			if isMissing(err) {
				return 0, false, "", nil
			}
			return 0, false, "", err
		}
		mode = fi.Mode().Type()
		if last && !lastToo {
			break
		}
		if mode&fs.ModeSymlink != 0 {
			if st, err := os.Stat(g.fsPath(prefix)); err == nil && st.IsDir() {
				return 0, false, prefix, nil
			}
		}
		if !last && !mode.IsDir() {
			// A file or a link to one cannot have children.
			return 0, false, "", nil
		}
	}
	return mode, exists, "", nil
}

// glob0 ports glob._glob0: a literal name inside d, or d itself for an empty
// name (a pattern ending in a slash).
func (g *globber) glob0(d hit, basename string) ([]hit, error) {
	if basename == "" {
		// Python's isdir follows a link, but links to directories never
		// get here (see enterable), so d's own type is the answer.
		if d.mode.IsDir() {
			return []hit{{"", fs.ModeDir}}, nil
		}
		return nil, nil
	}
	fi, err := os.Lstat(g.fsPath(joinPath(d.path, basename)))
	if err != nil {
		if isMissing(err) {
			return nil, nil
		}
		return nil, err
	}
	return []hit{{basename, fi.Mode().Type()}}, nil
}

// glob1 ports glob._glob1: names in d matching one magic component, m.
// Hidden names match only a pattern that is hidden itself.
func (g *globber) glob1(d hit, m matcher, hidden, dironly bool) ([]hit, error) {
	entries, err := g.listDir(d.path, dironly)
	if err != nil {
		return nil, err
	}
	var out []hit
	for _, e := range entries {
		if !hidden && isHidden(e.path) {
			continue
		}
		if m.match(e.path) {
			out = append(out, e)
		}
	}
	return out, nil
}

// glob2 ports glob._glob2: d itself (as the empty name, whether or not it
// exists, as in CPython 3.11 and 3.12) and every non-hidden path below it.
func (g *globber) glob2(d hit, dironly bool) ([]hit, error) {
	// "d/" names d only if d is a directory; otherwise it names nothing.
	mode := d.mode & fs.ModeDir
	out := []hit{{"", mode}}
	return g.rlistDir(d.path, "", dironly, out)
}

// rlistDir ports glob._rlistdir, appending to out. It descends only into real
// directories: a symbolic link is yielded but not entered.
func (g *globber) rlistDir(dir, rel string, dironly bool, out []hit) ([]hit, error) {
	entries, err := g.listDir(dir, dironly)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if isHidden(e.path) {
			continue
		}
		p := joinPath(rel, e.path)
		out = append(out, hit{p, e.mode})
		if e.mode.IsDir() {
			if out, err = g.rlistDir(joinPath(dir, e.path), p, dironly, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// listDir ports glob._listdir: the names in dir, only directories if dironly.
// Like os.DirEntry.is_dir, dironly keeps symbolic links to directories; the
// caller turns them into links instead of entering them.
func (g *globber) listDir(dir string, dironly bool) ([]hit, error) {
	entries, err := os.ReadDir(g.fsPath(dir))
	if err != nil && !isMissing(err) {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	out := make([]hit, 0, len(entries))
	for _, e := range entries {
		mode := e.Type()
		if dironly && !mode.IsDir() {
			if mode&fs.ModeSymlink == 0 {
				continue
			}
			fi, err := os.Stat(g.fsPath(joinPath(dir, e.Name())))
			if err != nil || !fi.IsDir() {
				continue
			}
		}
		out = append(out, hit{e.Name(), mode})
	}
	return out, nil
}

// isMissing reports errors that Python's glob, and Glob, take to mean that
// there is nothing there.
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) ||
		errors.Is(err, syscall.ENOTDIR) ||
		errors.Is(err, syscall.ELOOP) ||
		errors.Is(err, syscall.ENAMETOOLONG)
}

func isHidden(name string) bool { return name != "" && name[0] == '.' }

// splitPath is posixpath.split.
func splitPath(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// joinPath is glob._join / posixpath.join for two parts.
func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		if strings.HasSuffix(a, "/") {
			return a
		}
		return a + "/"
	case strings.HasPrefix(b, "/"):
		return b
	case strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// collapse keeps at most two consecutive "**" components: each more selects
// nothing new (Python's glob only repeats results; two already add the
// directories with a trailing "/", which Python parity keeps), yet multiplies
// the walk over a deep tree, so a config could make a run take exponential time.
func collapse(pattern string) string {
	if !strings.Contains(pattern, "**/**/**") {
		return pattern
	}
	parts := strings.Split(pattern, "/")
	out := parts[:1]
	for _, p := range parts[1:] {
		if n := len(out); p == "**" && n >= 2 && out[n-1] == "**" && out[n-2] == "**" {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "/")
}
