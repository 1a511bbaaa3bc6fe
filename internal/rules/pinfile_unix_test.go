//go:build unix

package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
)

// TestPinFileNotRegular would hang on the FIFO if the file were opened.
func TestPinFileNotRegular(t *testing.T) {
	root := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("/dev/null", filepath.Join(root, "null")); err != nil {
		t.Fatal(err)
	}
	p := goodPackage()
	for file, want := range map[string]string{"fifo": "is a named pipe, not a regular file", "null": "is a device, not a regular file"} {
		pin := config.Pin{File: file, Pattern: `v=(\S+)`, Field: config.FieldVersion, Regexp: regexp.MustCompile(`v=(\S+)`)}
		fs := Pin(root, "s.json", &p, pin)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, want) || !strings.Contains(fs[0].Fix, "regular file") {
			t.Errorf("%s: %+v", file, fs)
		}
	}
}
