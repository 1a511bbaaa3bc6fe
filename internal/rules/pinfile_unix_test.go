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
	for file, want := range map[string]string{"fifo": "is a named pipe, not a regular file", "null": "null leads outside the root"} {
		pin := config.Pin{File: file, Pattern: `v=(\S+)`, Field: config.FieldVersion, Regexp: regexp.MustCompile(`v=(\S+)`)}
		fs := Pin(root, "s.json", &p, pin)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, want) || !strings.Contains(fs[0].Fix, "regular file") {
			t.Errorf("%s: %+v", file, fs)
		}
	}
}

// TestPinFileOutsideTheRoot: a pin file reached through a symbolic link out of
// the root (a directory link, or the file itself) is not read; a link that
// stays inside the root still is.
func TestPinFileOutsideTheRoot(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "real"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	p := goodPackage()
	content := []byte("v=" + p.VersionInfo + "\n")
	for _, f := range []string{filepath.Join(outside, "pin.h"), filepath.Join(root, "real", "pin.h")} {
		if err := os.WriteFile(f, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{"Modules": outside, "pin.h": filepath.Join(outside, "pin.h"), "inside": "real"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	pin := func(file string) config.Pin {
		return config.Pin{File: file, Pattern: `v=(\S+)`, Field: config.FieldVersion, Regexp: regexp.MustCompile(`v=(\S+)`)}
	}
	for file, link := range map[string]string{"Modules/pin.h": "Modules is a symbolic link to " + outside, "pin.h": "it is a symbolic link to " + outside} {
		fs := Pin(root, "s.json", &p, pin(file))
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "leads outside the root") || !strings.Contains(fs[0].Message, link) {
			t.Errorf("%s: %+v", file, fs)
		}
	}
	if fs := Pin(root, "s.json", &p, pin("inside/pin.h")); len(fs) != 0 {
		t.Errorf("a link inside the root: %+v", fs)
	}
}
