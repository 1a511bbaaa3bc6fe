package safefile

import (
	"path"
	"strings"
	"testing"
)

// FuzzRoot: whatever path is asked for in a tree full of links, in and out,
// Resolve answers a path inside the root or an error, and Read never returns
// the content of the file outside.
func FuzzRoot(f *testing.F) {
	for _, seed := range []string{"real/f", "rel/f", "abs/f", "esc/secret", "escrel/secret", "real/sub/climb",
		"filelink", "dangling", "../outside/secret", "real/sub/up", "rel/../esc/secret", "./real//sub/../f", "/etc/passwd", "", "."} {
		f.Add(seed)
	}
	r, _, _ := rootWithLinks(f)
	f.Fuzz(func(t *testing.T, rel string) {
		// What follows a missing component is left for os.Root to answer,
		// which refuses escapes itself; lexically it must stay inside.
		if got, err := r.Resolve(rel); err == nil {
			if c := path.Clean(got); strings.HasPrefix(got, "/") || c == ".." || strings.HasPrefix(c, "../") {
				t.Errorf("Resolve(%q) = %q, outside the root", rel, got)
			}
		}
		if data, err := r.Read(rel, 100); err == nil && string(data) == "outside" {
			t.Errorf("Read(%q) read the file outside the root", rel)
		}
	})
}
