package pypi

import (
	"cmp"
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/tomlstr"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Entry is one answer of the index, as the lock keeps it.
type Entry struct {
	Project  string
	Version  string
	Filename string // the file chosen
	URL      string
	SHA256   string
	// Wanted is the file name that was asked for ("" when the first wheel was
	// wanted); a request matches an entry only when it asks the same way.
	Wanted string
}

// Request returns the request this entry answers.
func (e Entry) Request() Request { return Request{e.Project, e.Version, e.Wanted} }

// Lock is the set of recorded answers.
type Lock struct {
	Entries []Entry
}

// Find returns the entry answering r.
func (l *Lock) Find(r Request) (Entry, bool) {
	if l == nil {
		return Entry{}, false
	}
	for _, e := range l.Entries {
		if e.Request() == r {
			return e, true
		}
	}
	return Entry{}, false
}

// Split answers the requests the lock can and returns the others, in order.
func (l *Lock) Split(reqs []Request) (found []Entry, missing []Request) {
	for _, r := range reqs {
		if e, ok := l.Find(r); ok {
			found = append(found, e)
		} else {
			missing = append(missing, r)
		}
	}
	return found, missing
}

type lockFile struct {
	PyPI []struct {
		Project  string `toml:"project"`
		Version  string `toml:"version"`
		Wanted   string `toml:"wanted"`
		Filename string `toml:"filename"`
		URL      string `toml:"url"`
		SHA256   string `toml:"sha256"`
	} `toml:"pypi"`
}

// ParseLock reads a lock file; name is used in errors.
func ParseLock(name string, data []byte) (*Lock, error) {
	var lf lockFile
	md, err := toml.Decode(string(data), &lf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, fmt.Errorf("%s: unknown key %q", name, u[0].String())
	}
	l := &Lock{}
	for i, e := range lf.PyPI {
		if e.Project == "" || e.Version == "" || e.Filename == "" || e.URL == "" || len(e.SHA256) != 64 {
			return nil, fmt.Errorf("%s: [[pypi]] entry %d needs project, version, filename, url and a 64-digit sha256", name, i+1)
		}
		entry := Entry{e.Project, e.Version, e.Filename, e.URL, e.SHA256, e.Wanted}
		if err := CheckEntry(entry, ""); err != nil {
			return nil, fmt.Errorf("%s: [[pypi]] entry %d (%s %s): %w", name, i+1, e.Project, e.Version, err)
		}
		l.Entries = append(l.Entries, entry)
	}
	return l, nil
}

// Marshal writes the lock sorted by project and version, one table per entry, so
// a diff of it reads as the list of what changed.
func (l *Lock) Marshal(comment string) []byte {
	entries := slices.Clone(l.Entries)
	slices.SortFunc(entries, func(a, b Entry) int {
		return cmp.Or(strings.Compare(a.Project, b.Project), strings.Compare(a.Version, b.Version), strings.Compare(a.Wanted, b.Wanted))
	})
	var b strings.Builder
	for _, line := range strings.Split(comment, "\n") {
		b.WriteString("# " + line + "\n")
	}
	for _, e := range entries {
		b.WriteString("\n[[pypi]]\n")
		fmt.Fprintf(&b, "project = %s\nversion = %s\n", tomlstr.Basic(e.Project), tomlstr.Basic(e.Version))
		if e.Wanted != "" {
			fmt.Fprintf(&b, "wanted = %s\n", tomlstr.Basic(e.Wanted))
		}
		fmt.Fprintf(&b, "filename = %s\nurl = %s\nsha256 = %s\n", tomlstr.Basic(e.Filename), tomlstr.Basic(e.URL), tomlstr.Basic(e.SHA256))
	}
	return []byte(b.String())
}
