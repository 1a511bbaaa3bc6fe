package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok")
	if err := os.WriteFile(ok, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := Read(ok, 5); err != nil || string(data) != "hello" {
		t.Errorf("Read = %q, %v", data, err)
	}
	var tl *TooLargeError
	if _, err := Read(ok, 4); !errors.As(err, &tl) {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), 5); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	var nr *NotRegularError
	if _, err := Read(zero, MaxSBOM); !errors.As(err, &nr) || !strings.Contains(err.Error(), "is a device, not a regular file") {
		t.Errorf("/dev/zero: %v", err)
	}
	if _, err := Read(dir, 5); !errors.As(err, &nr) {
		t.Errorf("directory: %v", err)
	}
}
