// Package safefile reads files of an untrusted tree: only regular files, and
// no more than a stated size. A symlink to /dev/zero would otherwise take all
// memory, and a named pipe would hang the run before any check could speak.
package safefile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits for the kinds of file sbomkeeper reads whole.
const (
	MaxSBOM   = 1 << 30  // an SBOM document: CPython's largest release SBOM is about 5 MiB
	MaxConfig = 4 << 20  // sbomkeeper.toml
	MaxSmall  = 16 << 20 // locks, build scripts, go.mod, pin files
)

// NotRegularError is a path that is not a regular file (after symlinks).
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; it is not read", e.Path, Kind(e.Mode))
}

// TooLargeError is a file larger than what its kind may be.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d MiB, the most sbomkeeper reads of such a file", e.Path, e.Limit>>20)
}

// Read returns the contents of the regular file name, refusing anything else
// and anything over max bytes. Errors from the file system keep their identity
// (errors.Is(err, fs.ErrNotExist) still works).
func Read(name string, max int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{name, fi.Mode()}
	}
	if fi.Size() > max {
		return nil, &TooLargeError{name, max}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may grow after Stat: the limit holds for what is read.
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{name, max}
	}
	return data, nil
}

// Open opens the regular file name for streaming (a wheel to hash), refusing
// anything else.
func Open(name string) (*os.File, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{name, fi.Mode()}
	}
	return os.Open(name)
}

// Kind names a file mode for people: "a named pipe", "a device", ...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
