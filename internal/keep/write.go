package keep

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// Write puts every changed, generated document on disk, inside root only (a
// symbolic link out of it is refused, see safefile.Root). Each file is
// written to a temporary file beside it and renamed over it, so a reader never
// sees half a document and a failure leaves the old one. A document with an
// error finding is not written, nor its lock or derived forms (see
// Result.Writable). It returns the paths written; a failure is a *WriteError.
func Write(root string, results []Result) ([]string, error) {
	r, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, &WriteError{Err: fmt.Errorf("opening the root: %w", err)}
	}
	defer r.Close()
	return writeAll(r, results)
}

// WriteError is a file regen could not write, and why.
type WriteError struct {
	Path string // relative to the root; empty when no file was reached
	Err  error
}

func (e *WriteError) Error() string { return e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// files is what writing needs of the root; tests put failures in between.
type files interface {
	Read(rel string, max int64) ([]byte, error)
	WriteFile(rel string, data []byte) error
}

// writeAll writes each result's files in this order: the lock, the document,
// then its derived forms. Each rename is atomic but the three are not one, so
// the order decides what a run killed in between leaves. The lock is an input
// (the index's answers the document is generated from), so it goes first: a
// new lock beside the old document regenerates to the new document. The
// derived forms are renderings of the document, so they go after it: a kill
// in between leaves them behind the document, which check reports as stale
// ("no longer matches") and regen repairs, and never leaves derived forms
// describing a document that is not on disk.
func writeAll(fsys files, results []Result) ([]string, error) {
	var written []string
	put := func(rel string, data []byte) error {
		if err := fsys.WriteFile(rel, data); err != nil {
			return &WriteError{Path: rel, Err: err}
		}
		written = append(written, rel)
		return nil
	}
	for _, r := range results {
		if !r.Writable() {
			continue
		}
		// A hand edit saved while regen ran must not be overwritten with a
		// document generated from what was there before: check every file this
		// result would write, before writing any.
		if err := unchangedSince(fsys, r); err != nil {
			return written, err
		}
		if r.LockChanged() {
			if err := put(r.Lock.Path, r.Lock.New); err != nil {
				return written, err
			}
		}
		if r.Changed() {
			if err := put(r.SBOM.Path, r.New); err != nil {
				return written, err
			}
		}
		for _, d := range r.Derived {
			if d.changed() {
				if err := put(d.Path, d.New); err != nil {
					return written, err
				}
			}
		}
	}
	return written, nil
}

// WriteFile writes data to path atomically, keeping an existing file's mode.
// It is for files a person names on the command line (artifact -o, convert
// -o); what the config names is written by Write, inside the root.
// A path that exists and is not a regular file (/dev/stdout, /dev/null, a
// pipe) is written to directly: renaming over it would replace the device
// with a file.
func WriteFile(path string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return writeDirect(path, data)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func writeDirect(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// unchangedSince checks that the files a result would write still hold what
// was read when it was generated.
func unchangedSince(fsys files, r Result) error {
	check := func(rel string, old []byte) error {
		now, err := fsys.Read(rel, safefile.MaxSBOM)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return &WriteError{Path: rel, Err: fmt.Errorf("reading %s again before writing it: %w", rel, err)}
		}
		if (err != nil) != (old == nil) || !bytes.Equal(now, old) {
			return &WriteError{Path: rel, Err: fmt.Errorf("%s changed while regen ran; nothing of %s was written, so the edit is kept: run sbomkeeper regen again", rel, r.SBOM.Path)}
		}
		return nil
	}
	if r.Changed() {
		if err := check(r.SBOM.Path, r.Old); err != nil {
			return err
		}
	}
	if r.LockChanged() {
		if err := check(r.Lock.Path, r.Lock.Old); err != nil {
			return err
		}
	}
	for _, d := range r.Derived {
		if d.changed() {
			if err := check(d.Path, d.Old); err != nil {
				return err
			}
		}
	}
	return nil
}
