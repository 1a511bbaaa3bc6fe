package keep

import (
	"bytes"
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"os"
	"path/filepath"
)

// Write puts every changed, generated document on disk. Each is written to a
// temporary file beside it and renamed over it, so a reader never sees half a
// document and a failure leaves the old one. A document with an error finding
// is not written, nor its lock or derived forms (see Result.Writable). It
// returns the paths written.
func Write(root string, results []Result) ([]string, error) {
	var written []string
	for _, r := range results {
		if !r.Writable() {
			continue
		}
		// A hand edit saved while regen ran must not be overwritten with a
		// document generated from what was there before: check every file this
		// result would write, before writing any.
		if err := unchangedSince(root, r); err != nil {
			return written, err
		}
		if r.LockChanged() {
			if err := WriteFile(filepath.Join(root, filepath.FromSlash(r.Lock.Path)), r.Lock.New); err != nil {
				return written, err
			}
			written = append(written, r.Lock.Path)
		}
		for _, d := range r.Derived {
			if d.changed() {
				if err := WriteFile(filepath.Join(root, filepath.FromSlash(d.Path)), d.New); err != nil {
					return written, err
				}
				written = append(written, d.Path)
			}
		}
		if !r.Changed() {
			continue
		}
		if err := WriteFile(filepath.Join(root, filepath.FromSlash(r.SBOM.Path)), r.New); err != nil {
			return written, err
		}
		written = append(written, r.SBOM.Path)
	}
	return written, nil
}

// WriteFile writes data to path atomically, keeping an existing file's mode.
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
func unchangedSince(root string, r Result) error {
	check := func(rel string, old []byte) error {
		now, err := safefile.Read(filepath.Join(root, filepath.FromSlash(rel)), safefile.MaxSBOM)
		if err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("reading %s again before writing it: %w", rel, err)
		}
		if (err != nil) != (old == nil) || !bytes.Equal(now, old) {
			return fmt.Errorf("%s changed while regen ran; nothing of %s was written, so the edit is kept: run sbomkeeper regen again", rel, r.SBOM.Path)
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
