package wheel

import (
	"archive/zip"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
)

// TreeSpec says how to read one directory of vendored projects in a wheel.
type TreeSpec struct {
	// Dir is the directory holding the vendored projects, e.g. "pip/_vendor".
	Dir string
	// List is the member with the exact pins ("name==version" lines), e.g.
	// "pip/_vendor/vendor.txt"; "" means the wheel has none and the projects
	// are discovered from Dir's entries.
	List string
	// Names is a member naming the vendored modules in a Python tuple
	// `names = ('a', 'b')` (setuptools/extern/__init__.py); its names are
	// checked against Dir's entries. Optional.
	Names string
	// Declared are projects whose name, modules or version the wheel cannot
	// tell (a namespace package such as jaraco, a module without __version__).
	Declared []Declared
}

// Declared is a vendored project described by the config rather than read.
type Declared struct {
	Name string
	// Version, when set, is used instead of what the files say.
	Version string
	// Modules are paths relative to Dir: a directory ("jaraco/text") or a
	// module file ("jaraco/context.py"). Empty means the project's name.
	Modules []string
}

// Tree is one directory of vendored projects as read from the wheel.
type Tree struct {
	Dir      string
	List     string // the pins' member, "" when the projects were discovered
	Projects []Project
	// Notes are things worth telling a person that are not errors: a module
	// Names does not mention, a declared version the files contradict.
	Notes []string
}

// Project is one vendored project of a tree.
type Project struct {
	Name    string
	Version string
	// Line is the pin's line in the tree's List, 0 when not from a list.
	Line int
	// From says where the version came from: "pip/_vendor/vendor.txt:12",
	// "setuptools/_vendor/packaging/__about__.py:20", or "config".
	From string
	// Declared is set when the version comes from the config, not the wheel.
	Declared bool
	// Modules are the entries of Dir (relative to it) that hold the project;
	// empty when none was found (a list-based tree whose modules are named
	// otherwise).
	Modules []string
	// Files are the project's members, with Options.Files.
	Files []File
}

// File is one member of a wheel, hashed as it is (no text normalisation: the
// bytes inside an archive are the bytes that are installed).
type File struct {
	Member       string
	SHA1, SHA256 string
}

// Limits on what a tree may make us read.
const (
	maxTreeFiles = 50_000
	maxTreeBytes = 512 << 20 // inflated bytes hashed for Options.Files, per wheel
)

// readTree reads one vendor tree. members is the wheel's member index.
func readTree(members map[string]*zip.File, spec TreeSpec, files bool) (Tree, error) {
	dir := strings.Trim(spec.Dir, "/")
	t := Tree{Dir: dir, List: spec.List}
	entries := treeEntries(members, dir)
	if len(entries) == 0 {
		return t, fmt.Errorf("wheel has no vendored tree %s/", dir)
	}
	if spec.List != "" {
		f := members[spec.List]
		if f == nil {
			return t, fmt.Errorf("wheel has no %s", spec.List)
		}
		data, err := readSmall(f)
		if err != nil {
			return t, err
		}
		pins, err := ParseVendorTxt(data)
		if err != nil {
			return t, fmt.Errorf("%s: %w", spec.List, err)
		}
		for _, p := range pins {
			pr := Project{Name: p.Name, Version: p.Version, Line: p.Line, From: fmt.Sprintf("%s:%d", spec.List, p.Line)}
			if d := findDeclared(spec.Declared, p.Name); d != nil && len(d.Modules) > 0 {
				pr.Modules = slices.Clone(d.Modules)
			} else if m := moduleFor(entries, p.Name); m != "" {
				pr.Modules = []string{m}
			}
			t.Projects = append(t.Projects, pr)
		}
		for _, d := range spec.Declared {
			if !slices.ContainsFunc(t.Projects, func(p Project) bool { return Normalize(p.Name) == Normalize(d.Name) }) {
				return t, fmt.Errorf("%s does not pin %s, which the config declares for %s/", spec.List, d.Name, dir)
			}
		}
	} else {
		var err error
		if t.Projects, err = discover(members, dir, entries, spec.Declared); err != nil {
			return t, err
		}
		if spec.Names != "" {
			notes, err := checkNames(members, spec.Names, dir, entries)
			if err != nil {
				return t, err
			}
			t.Notes = append(t.Notes, notes...)
		}
	}
	for i := range t.Projects {
		p := &t.Projects[i]
		for _, m := range p.Modules {
			if !hasModule(members, dir, m) {
				return t, fmt.Errorf("%s/%s, which holds vendored %s, is not in the wheel", dir, m, p.Name)
			}
		}
	}
	if files {
		if err := hashTree(members, dir, t.Projects); err != nil {
			return t, err
		}
	}
	for _, p := range t.Projects {
		if p.Declared && p.Version != "" {
			if read, from := readVersion(members, dir, p.Modules); read != "" && read != p.Version {
				t.Notes = append(t.Notes, fmt.Sprintf("%s %s is declared in the config, but %s says %s", p.Name, p.Version, from, read))
			}
		}
	}
	return t, nil
}

// treeEntries are the names directly inside dir: "six.py", "cachecontrol".
func treeEntries(members map[string]*zip.File, dir string) []string {
	seen := map[string]bool{}
	prefix := dir + "/"
	for n := range members {
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok || rest == "" {
			continue
		}
		first, _, _ := strings.Cut(rest, "/")
		seen[first] = true
	}
	out := make([]string, 0, len(seen))
	for e := range seen {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// moduleFor finds the entry of a tree that holds a project, by the import
// name the project's name implies: CacheControl → cachecontrol,
// typing_extensions → typing_extensions.py, jaraco.text → jaraco/text.
func moduleFor(entries []string, name string) string {
	mod := strings.ReplaceAll(strings.ToLower(name), "-", "_")
	if first, rest, ok := strings.Cut(mod, "."); ok {
		if slices.Contains(entries, first) {
			return first + "/" + strings.ReplaceAll(rest, ".", "/")
		}
		return ""
	}
	for _, e := range []string{mod, mod + ".py"} {
		if slices.Contains(entries, e) {
			return e
		}
	}
	return ""
}

func hasModule(members map[string]*zip.File, dir, m string) bool {
	if _, ok := members[dir+"/"+m]; ok && strings.HasSuffix(m, ".py") {
		return true
	}
	prefix := dir + "/" + m + "/"
	for n := range members {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// notProject are entries of a vendor tree that hold no vendored project.
func notProject(e string) bool {
	return e == "__init__.py" || e == "__pycache__" || strings.HasSuffix(e, ".dist-info") ||
		strings.HasSuffix(e, ".txt") || strings.HasSuffix(e, ".pyi") || strings.HasSuffix(e, ".typed") ||
		(!strings.HasSuffix(e, ".py") && strings.Contains(e, "."))
}

// discover finds the projects of a tree without a list: every entry is a
// project named after it, unless a declaration claims it (or part of it, for
// a namespace package such as jaraco); versions come from a *.dist-info in the
// tree, from __version__ in the files, or from the declaration.
func discover(members map[string]*zip.File, dir string, entries []string, declared []Declared) ([]Project, error) {
	dists, err := distInfos(members, dir)
	if err != nil {
		return nil, err
	}
	claimed := map[string]bool{}
	var out []Project
	for _, d := range declared {
		mods := d.Modules
		if len(mods) == 0 {
			if m := moduleFor(entries, d.Name); m != "" {
				mods = []string{m}
			} else {
				return nil, fmt.Errorf("%s/ has no module for %s, which the config declares; name its modules", dir, d.Name)
			}
		}
		for _, m := range mods {
			first, _, _ := strings.Cut(m, "/")
			claimed[first] = true
		}
		p := Project{Name: d.Name, Modules: slices.Clone(mods)}
		if d.Version != "" {
			p.Version, p.From, p.Declared = d.Version, "config", true
		}
		out = append(out, p)
	}
	for _, e := range entries {
		if notProject(e) || claimed[e] {
			continue
		}
		out = append(out, Project{Name: strings.TrimSuffix(e, ".py"), Modules: []string{e}})
	}
	var unknown []string
	for i := range out {
		p := &out[i]
		if p.Version != "" {
			continue
		}
		if d, ok := dists[Normalize(p.Name)]; ok {
			p.Name, p.Version, p.From = d.name, d.version, d.member
			continue
		}
		if v, from := readVersion(members, dir, p.Modules); v != "" {
			p.Version, p.From = v, from
			continue
		}
		unknown = append(unknown, p.Name)
	}
	if len(unknown) > 0 {
		return nil, &UnknownVersionsError{Dir: dir, Projects: unknown}
	}
	slices.SortFunc(out, func(a, b Project) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// UnknownVersionsError lists the vendored projects of a tree whose version the
// wheel does not tell; each needs a declaration in the config.
type UnknownVersionsError struct {
	Dir      string
	Projects []string
}

func (e *UnknownVersionsError) Error() string {
	what := "projects"
	if len(e.Projects) == 1 {
		what = "project"
	}
	return fmt.Sprintf("the wheel does not say the version of %d vendored %s in %s/ (no list, no *.dist-info, no __version__): %s; declare each in a [[sbom.bundle.vendor.project]] with its version and source",
		len(e.Projects), what, e.Dir, strings.Join(e.Projects, ", "))
}

type distInfo struct{ name, version, member string }

// distInfos reads the *.dist-info/METADATA of a tree, keyed by normalised name.
func distInfos(members map[string]*zip.File, dir string) (map[string]distInfo, error) {
	out := map[string]distInfo{}
	var names []string
	for n := range members {
		rest, ok := strings.CutPrefix(n, dir+"/")
		if ok && strings.Count(rest, "/") == 1 && strings.HasSuffix(rest, ".dist-info/METADATA") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		data, err := readSmall(members[n])
		if err != nil {
			return nil, err
		}
		md, err := ParseMetadata(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		key := Normalize(md.Name)
		if prev, dup := out[key]; dup {
			return nil, fmt.Errorf("%s and %s both describe %s; remove the stale one", prev.member, n, md.Name)
		}
		out[key] = distInfo{md.Name, md.Version, n}
	}
	return out, nil
}

var (
	dunderVersionRe = regexp.MustCompile(`(?m)^__version__\s*=\s*['"]([0-9][^'"]*)['"]`)
	versionInfoRe   = regexp.MustCompile(`(?m)^__version_info__\s*=\s*(?:version_info)?\(\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*(\d+))?\s*(?:,\s*['"]final['"][^)]*)?\)`)
)

// readVersion reads __version__ (or a numeric __version_info__) from the
// files a module's version is usually kept in. It returns "" when none says.
func readVersion(members map[string]*zip.File, dir string, modules []string) (string, string) {
	for _, m := range modules {
		var candidates []string
		if strings.HasSuffix(m, ".py") {
			candidates = []string{m}
		} else {
			for _, f := range []string{"__about__.py", "__version__.py", "_version.py", "version.py", "__init__.py"} {
				candidates = append(candidates, m+"/"+f)
			}
		}
		for _, c := range candidates {
			f := members[dir+"/"+c]
			if f == nil {
				continue
			}
			data, err := readSmall(f)
			if err != nil {
				continue
			}
			if loc := dunderVersionRe.FindSubmatchIndex(data); loc != nil {
				return string(data[loc[2]:loc[3]]), fmt.Sprintf("%s/%s:%d", dir, c, lineAt(data, loc[0]))
			}
			if loc := versionInfoRe.FindSubmatchIndex(data); loc != nil {
				parts := []string{string(data[loc[2]:loc[3]]), string(data[loc[4]:loc[5]])}
				if loc[6] >= 0 {
					parts = append(parts, string(data[loc[6]:loc[7]]))
				}
				return strings.Join(parts, "."), fmt.Sprintf("%s/%s:%d", dir, c, lineAt(data, loc[0]))
			}
		}
	}
	return "", ""
}

func lineAt(data []byte, off int) int {
	return 1 + strings.Count(string(data[:off]), "\n")
}

var namesRe = regexp.MustCompile(`(?s)\bnames\s*=\s*\(([^)]*)\)`)
var quotedRe = regexp.MustCompile(`['"]([A-Za-z0-9_.]+)['"]`)

// checkNames compares the modules a names tuple lists with the tree's entries;
// the entries decide what is vendored, a difference is worth a note.
func checkNames(members map[string]*zip.File, member, dir string, entries []string) ([]string, error) {
	f := members[member]
	if f == nil {
		return nil, fmt.Errorf("wheel has no %s", member)
	}
	data, err := readSmall(f)
	if err != nil {
		return nil, err
	}
	m := namesRe.FindSubmatch(data)
	if m == nil {
		return nil, fmt.Errorf("%s has no names = (...) tuple", member)
	}
	var listed []string
	for _, q := range quotedRe.FindAllSubmatch(m[1], -1) {
		listed = append(listed, string(q[1]))
	}
	var notes []string
	for _, e := range entries {
		if notProject(e) {
			continue
		}
		if !slices.Contains(listed, strings.TrimSuffix(e, ".py")) {
			notes = append(notes, fmt.Sprintf("%s/%s is vendored but %s does not name it", dir, e, member))
		}
	}
	for _, n := range listed {
		if !slices.Contains(entries, n) && !slices.Contains(entries, n+".py") {
			notes = append(notes, fmt.Sprintf("%s names %s, which %s/ does not hold", member, n, dir))
		}
	}
	return notes, nil
}

// hashTree lists each project's members with their SHA1 and SHA256, under a
// budget: a wheel is untrusted input, and its members say their own sizes.
func hashTree(members map[string]*zip.File, dir string, projects []Project) error {
	var names []string
	for n := range members {
		if strings.HasPrefix(n, dir+"/") && !strings.HasSuffix(n, "/") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	owner := map[string]int{}
	for i, p := range projects {
		for _, m := range p.Modules {
			owner[m] = i
		}
	}
	var total int64
	count := 0
	for _, n := range names {
		rel := strings.TrimPrefix(n, dir+"/")
		i, ok := -1, false
		// The longest module path that holds the member owns it.
		for m := rel; m != "." && m != ""; m = path.Dir(m) {
			if i, ok = owner[m]; ok {
				break
			}
		}
		if !ok {
			continue
		}
		count++
		if count > maxTreeFiles {
			return fmt.Errorf("vendored tree %s/ has more than %d files; refusing to hash more", dir, maxTreeFiles)
		}
		f := members[n]
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("wheel member %s: %w", n, err)
		}
		h1, h256 := sha1.New(), sha256.New()
		nr, err := io.Copy(io.MultiWriter(h1, h256), io.LimitReader(rc, maxTreeBytes-total+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("wheel member %s: %w", n, err)
		}
		if total += nr; total > maxTreeBytes {
			return fmt.Errorf("vendored files of %s/ inflate past %d bytes; refusing to hash more", dir, maxTreeBytes)
		}
		projects[i].Files = append(projects[i].Files, File{Member: n, SHA1: hex.EncodeToString(h1.Sum(nil)), SHA256: hex.EncodeToString(h256.Sum(nil))})
	}
	return nil
}

func findDeclared(ds []Declared, name string) *Declared {
	for i := range ds {
		if Normalize(ds[i].Name) == Normalize(name) {
			return &ds[i]
		}
	}
	return nil
}
