package keep

import (
	"fmt"
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
