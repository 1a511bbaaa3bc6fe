package evidence

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/tree"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// Result is what Scan found.
type Result struct {
	// Files are the tree's files (what git keeps, in a git work tree),
	// sorted, relative to the root.
	Files []string
	// Git is set when Files come from git.
	Git bool
	// Findings are the evidence, in file order.
	Findings []Finding
	// Ignored is evidence in test data (a tests/ directory, a test_*
	// directory): fixtures, not code the project ships.
	Ignored []Finding
	// Problems are files that could not be read or parsed; every one is
	// reported, none stops the scan.
	Problems []Problem
	// TooLarge are files over the size limit, whose contents were not read
	// (their names still were).
	TooLarge []string
}

// Problem is a file Scan could not use.
type Problem struct {
	File string
	Err  error
}

// maxRead bounds what is read of one file: sqlite3.c, the largest file
// projects commonly vendor, is under 10 MiB.
const maxRead = safefile.MaxSmall

// Scan lists the tree at root and runs every detector on its files. ctx
// stops it between files.
func Scan(ctx context.Context, root string) (*Result, error) {
	files, git, err := listFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	res := &Result{Files: files, Git: git}
	t := newFileSet(files)
	read := func(rel string) ([]byte, bool) {
		data, err := safefile.Read(filepath.Join(root, filepath.FromSlash(rel)), maxRead)
		var tooLarge *safefile.TooLargeError
		switch {
		case err == nil:
		case errors.As(err, &tooLarge):
			res.TooLarge = append(res.TooLarge, rel)
			return nil, false
		case errors.Is(err, fs.ErrNotExist):
			return nil, false // listed by git, gone from the work tree
		default:
			res.Problems = append(res.Problems, Problem{rel, err})
			return nil, false
		}
		return data, true
	}
	var rootLicenses [][]byte
	for _, f := range files {
		if !strings.Contains(f, "/") && IsLicenseName(f) {
			if data, ok := read(f); ok {
				rootLicenses = append(rootLicenses, data)
			}
		}
	}
	for _, rel := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		base := path.Base(rel)
		var found []Finding
		add := func(fs []Finding, err error) {
			found = append(found, fs...)
			if err != nil {
				res.Problems = append(res.Problems, Problem{rel, err})
			}
		}
		if strings.HasSuffix(base, ".whl") && IsTestPath(rel) {
			// A fixture need not even be a valid wheel: list it, do not open it.
			res.Ignored = append(res.Ignored, Finding{Kind: KindWheel, File: rel, Dir: dirOf(rel), Detail: "wheel in test data"})
			continue
		}
		if strings.HasSuffix(base, ".whl") {
			add(scanWheel(root, rel))
			res.add(found)
			continue
		}
		if strings.HasPrefix(base, "MODULE_LICENSE_") {
			add(ModuleLicense(rel), nil)
		}
		data, ok := read(rel)
		if !ok {
			res.add(found)
			continue
		}
		switch {
		case base == "README.chromium":
			add(Chromium(rel, data), nil)
		case base == "METADATA":
			add(Android(rel, data), nil)
		case base == ".cargo-checksum.json":
			// Only the Cargo.toml the listing holds: a symbolic link (or a
			// file git does not keep) is not read, and its absence is said.
			if manifest := path.Join(path.Dir(rel), "Cargo.toml"); !t.IsFile(manifest) {
				add(nil, fmt.Errorf("%s: no regular file %s beside it; add the crate's Cargo.toml (cargo vendor writes one) or remove the directory", rel, manifest))
			} else if toml, ok := read(manifest); ok {
				add(Cargo(rel, data, toml))
			}
		case base == "modules.txt" && path.Base(path.Dir(rel)) == "vendor":
			add(GoVendor(rel, data, t), nil)
		case base == "vendor.txt" && path.Base(path.Dir(rel)) == "_vendor":
			add(PythonVendor(rel, data, t))
		case IsLicenseName(base) && strings.Contains(rel, "/"):
			add(License(rel, data, rootLicenses), nil)
		case strings.HasPrefix(strings.ToUpper(base), "README"):
			add(Note(rel, data), nil)
		case IsScriptName(base):
			add(Script(rel, data, t), nil)
		}
		add(CLibrary(rel, data), nil)
		res.add(found)
	}
	return res, nil
}

func (r *Result) add(fs []Finding) {
	for _, f := range fs {
		if IsTestPath(f.File) {
			r.Ignored = append(r.Ignored, f)
		} else {
			r.Findings = append(r.Findings, f)
		}
	}
}

// IsTestPath reports whether p is in test data: a directory named test,
// tests, testing, testdata or fixtures, or test_*.
func IsTestPath(p string) bool {
	parts := strings.Split(p, "/")
	for _, d := range parts[:len(parts)-1] {
		switch d {
		case "test", "tests", "testing", "testdata", "test_data", "fixtures", "__tests__":
			return true
		}
		if strings.HasPrefix(d, "test_") {
			return true
		}
	}
	return false
}

func scanWheel(root, rel string) ([]Finding, error) {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	w, err := wheel.Open(abs, wheel.Options{Vendored: "auto"})
	if err != nil {
		return nil, fmt.Errorf("reading the wheel: %w", err)
	}
	info := &WheelInfo{Distribution: w.Name.Distribution, SHA256: w.SHA256}
	for _, t := range w.Trees {
		if info.VendorList == "" {
			info.VendorList = t.List
		}
		for _, p := range t.Projects {
			info.Vendored = append(info.Vendored, Vendored{Name: p.Name, Version: p.Version, From: p.From})
		}
	}
	return []Finding{{Kind: KindWheel, File: rel, Dir: dirOf(rel), Files: []string{rel}, Name: w.Name.Distribution, Version: w.Name.Version,
		SHA256: w.SHA256, PURL: "pkg:pypi/" + strings.ReplaceAll(wheel.Normalize(w.Name.Distribution), "_", "-") + "@" + w.Name.Version,
		Detail: "wheel", Wheel: info}}, nil
}

// listFiles is what git keeps under root, or every regular file when root
// is not a git work tree. Files git lists that are gone from the work tree
// are left out.
func listFiles(ctx context.Context, root string) ([]string, bool, error) {
	listed, err := tree.Listed(ctx, root, nil)
	switch {
	case err == nil:
		var files []string
		for p := range listed {
			if fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); err == nil && fi.Mode().IsRegular() {
				files = append(files, p)
			}
		}
		slices.Sort(files)
		return files, true, nil
	case !errors.Is(err, tree.ErrNotGit):
		return nil, false, err
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("listing %s: %w", root, err)
	}
	slices.Sort(files)
	return files, false, nil
}

// fileSet answers Tree from a list of files.
type fileSet struct {
	files, dirs map[string]bool
	sorted      []string
}

func newFileSet(files []string) fileSet {
	s := fileSet{files: map[string]bool{}, dirs: map[string]bool{}, sorted: slices.Sorted(slices.Values(files))}
	for _, f := range files {
		s.files[f] = true
		for d := dirOf(f); d != "" && !s.dirs[d]; d = dirOf(d) {
			s.dirs[d] = true
		}
	}
	return s
}

func (s fileSet) IsFile(p string) bool { return s.files[p] }
func (s fileSet) IsDir(p string) bool  { return s.dirs[p] }

func (s fileSet) Under(dir string) []string {
	if dir == "" {
		return s.sorted
	}
	prefix := dir + "/"
	i, _ := slices.BinarySearch(s.sorted, prefix)
	var out []string
	for ; i < len(s.sorted) && strings.HasPrefix(s.sorted[i], prefix); i++ {
		out = append(out, s.sorted[i])
	}
	return out
}

// NewTree is a Tree of the given files.
func NewTree(files []string) Tree { return newFileSet(files) }
