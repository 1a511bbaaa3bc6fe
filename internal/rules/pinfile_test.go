package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
)

func TestPinFileBounds(t *testing.T) {
	root := t.TempDir()
	sized := func(name string, size int64) {
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString("v=1.3.1\n"); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // sparse: cheap to make
			t.Fatal(err)
		}
	}
	sized("limit.h", MaxPinFile)
	sized("huge.h", MaxPinFile+1)
	if err := os.Mkdir(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := goodPackage()
	tests := []struct {
		name, file, want string
	}{
		{"at the limit", "limit.h", ""},
		{"over the limit", "huge.h", `huge.h, which pins the version of package "zlib", is larger than 16 MiB, the most a pin file is read`},
		{"directory", "dir", `dir, which pins the version of package "zlib", is a directory, not a regular file`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pin := config.Pin{File: tc.file, Pattern: `v=(\S+)`, Field: config.FieldVersion, Regexp: regexp.MustCompile(`v=(\S+)`)}
			fs := Pin(root, "s.json", &p, pin)
			if tc.want == "" {
				if fs != nil {
					t.Errorf("%+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != RulePin || fs[0].File != tc.file || !strings.Contains(fs[0].Message, tc.want) || fs[0].Fix == "" {
				t.Errorf("got %+v, want one finding saying %q", fs, tc.want)
			}
		})
	}
}
