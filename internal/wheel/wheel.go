package wheel

import (
	"github.com/sbomkeeper/sbomkeeper/internal/archive"

	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Wheel is what sbomkeeper learns from one wheel file.
type Wheel struct {
	Filename string // base name
	Name     Name
	Metadata Metadata
	SHA256   string // of the file as it is
	// DistInfo is the wheel's *.dist-info directory, the one holding METADATA
	// (and RECORD, and PEP 770's sboms/).
	DistInfo string
	// Trees are the wheel's directories of vendored projects, in the order
	// the options name them.
	Trees []Tree
}

// Projects are the vendored projects of every tree, in order.
func (w *Wheel) Projects() []Project {
	var out []Project
	for _, t := range w.Trees {
		out = append(out, t.Projects...)
	}
	return out
}

// Limits for untrusted archives.
const (
	maxMembers    = 200_000
	maxSmallFile  = 4 << 20 // METADATA, vendor.txt
	maxNameLength = 4096
)

// Options say which vendored trees to read.
type Options struct {
	// Vendored is the older, one-list form: a member path such as
	// "pip/_vendor/vendor.txt" (its directory is the tree), "auto" for
	// <top-level package>/_vendor/vendor.txt, or "" for none.
	Vendored string
	// Trees are read after Vendored's.
	Trees []TreeSpec
	// Files hashes every member of every vendored project.
	Files bool
}

// Open reads the wheel at file.
func Open(file string, opts Options) (*Wheel, error) {
	f, err := safefile.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return OpenFile(f, file, opts)
}

// OpenFile reads the wheel open as f, called file (for its name and
// messages); the caller closes f. Callers that must open the wheel inside a
// root (safefile.Root) use it.
func OpenFile(f *os.File, file string, opts Options) (*Wheel, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	w, err := Read(f, st.Size(), filepath.Base(file), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	w.SHA256 = hex.EncodeToString(h.Sum(nil))
	return w, nil
}

// Read reads a wheel from r (size bytes, called filename). SHA256 is left empty.
func Read(r io.ReaderAt, size int64, filename string, opts Options) (*Wheel, error) {
	name, err := ParseName(filename)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("not a readable wheel (zip archive): %w", err)
	}
	if err := archive.CheckZipLayout(r, size, zr.File); err != nil {
		return nil, err
	}
	if len(zr.File) > maxMembers {
		return nil, fmt.Errorf("wheel has %d members; refusing more than %d", len(zr.File), maxMembers)
	}
	members := make(map[string]*zip.File, len(zr.File))
	// The vendored files of a wheel are listed in the SBOM by member name:
	// two that are one file on macOS and Windows would be two files in the
	// SBOM and one where pip installs them (issue 12, item 5).
	var folded archive.FoldSet
	for _, f := range zr.File {
		if err := checkMemberName(f.Name); err != nil {
			return nil, err
		}
		if _, dup := members[f.Name]; dup {
			return nil, fmt.Errorf("wheel member %q appears twice", f.Name)
		}
		if err := folded.Add(strings.TrimSuffix(f.Name, "/")); err != nil {
			return nil, fmt.Errorf("wheel member %+q: %w", f.Name, err)
		}
		members[f.Name] = f
	}
	w := &Wheel{Filename: filename, Name: name}

	distInfo := name.Distribution + "-" + name.Version + ".dist-info/METADATA"
	mf := members[distInfo]
	if mf == nil {
		// Tools disagree on the case and escaping of the directory name; take the
		// one METADATA at the top level of a *.dist-info directory.
		for n, f := range members {
			if strings.HasSuffix(n, ".dist-info/METADATA") && strings.Count(n, "/") == 1 {
				if mf != nil {
					return nil, fmt.Errorf("wheel has more than one *.dist-info/METADATA")
				}
				mf = f
			}
		}
	}
	if mf == nil {
		return nil, fmt.Errorf("wheel has no %s", distInfo)
	}
	w.DistInfo = path.Dir(mf.Name)
	data, err := readSmall(mf)
	if err != nil {
		return nil, err
	}
	if w.Metadata, err = ParseMetadata(data); err != nil {
		return nil, fmt.Errorf("%s: %w", mf.Name, err)
	}
	if Normalize(w.Metadata.Name) != Normalize(name.Distribution) || w.Metadata.Version != name.Version {
		return nil, fmt.Errorf("METADATA says %s %s but the file name says %s %s", w.Metadata.Name, w.Metadata.Version, name.Distribution, name.Version)
	}

	specs := opts.Trees
	member := opts.Vendored
	if member == "auto" {
		if member, err = findVendorTxt(members, name.Distribution); err != nil {
			return nil, err
		}
	}
	if member != "" {
		if members[member] == nil {
			return nil, fmt.Errorf("wheel has no %s", member)
		}
		specs = append([]TreeSpec{{Dir: path.Dir(member), List: member}}, specs...)
	}
	for _, spec := range specs {
		t, err := readTree(members, spec, opts.Files)
		if err != nil {
			return nil, err
		}
		w.Trees = append(w.Trees, t)
	}
	return w, nil
}

// checkMemberName refuses names that would escape a directory they were
// extracted to, even though this package extracts nothing: a wheel with such a
// name is malformed or hostile, and whoever installs it is at risk.
func checkMemberName(n string) error {
	switch {
	case n == "" || len(n) > maxNameLength:
		return fmt.Errorf("wheel member name of %d bytes refused", len(n))
	case !utf8.ValidString(n):
		// An SBOM is JSON, which holds only Unicode: the name could not
		// be recorded as it is.
		return fmt.Errorf("wheel member %+q: the name is not valid UTF-8", n)
	case strings.ContainsAny(n, "\\\x00"):
		return fmt.Errorf("wheel member %q: backslashes and NUL bytes are not allowed in member names", n)
	case path.IsAbs(n) || (len(n) > 1 && n[1] == ':'):
		return fmt.Errorf("wheel member %q has an absolute path", n)
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return fmt.Errorf("wheel member %q escapes the archive with '..'", n)
		}
	}
	return nil
}

func findVendorTxt(members map[string]*zip.File, dist string) (string, error) {
	want := strings.ToLower(strings.ReplaceAll(dist, "-", "_")) + "/_vendor/vendor.txt"
	if _, ok := members[want]; ok {
		return want, nil
	}
	var found []string
	for n := range members {
		if strings.Count(n, "/") == 2 && strings.HasSuffix(n, "/_vendor/vendor.txt") {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("wheel has several */_vendor/vendor.txt (%s); name the one to read in the config's vendored key", strings.Join(found, ", "))
}

// readSmall reads a member that must be small, refusing to inflate more than
// the limit whatever its header claims (a decompression bomb lies about sizes).
func readSmall(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxSmallFile {
		return nil, fmt.Errorf("wheel member %s claims %d bytes; refusing more than %d", f.Name, f.UncompressedSize64, maxSmallFile)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxSmallFile+1))
	if err != nil {
		return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
	}
	if len(data) > maxSmallFile {
		return nil, fmt.Errorf("wheel member %s inflates past %d bytes", f.Name, maxSmallFile)
	}
	return data, nil
}
