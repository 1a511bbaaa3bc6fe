package keep

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// failAt is the root with the write of one file failing, as if the run were
// killed (or the disk filled) just before that rename.
type failAt struct {
	*safefile.Root
	rel string
	err error
}

func (f failAt) WriteFile(rel string, data []byte) error {
	if rel == f.rel {
		return &os.PathError{Op: "rename", Path: rel, Err: f.err}
	}
	return f.Root.WriteFile(rel, data)
}

func openRoot(t *testing.T, dir string) *safefile.Root {
	t.Helper()
	r, err := safefile.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestInterruptedWriteNeverLeavesDerivedAhead (issue 12, item 14): whichever
// write fails, the derived forms on disk are never newer than the document
// beside them; when they are behind it, check names them and regen repairs them.
func TestInterruptedWriteNeverLeavesDerivedAhead(t *testing.T) {
	cfg := strings.Replace(sourceConfig, `path = "sbom.json"`, "path = \"sbom.spdx.json\"\nalso = [\"cyclonedx\", \"spdx3\"]", 1)
	derived := []string{"sbom.cdx.json", "sbom.spdx3.json"}
	for _, failing := range []string{"sbom.spdx.json", "sbom.cdx.json", "sbom.spdx3.json"} {
		t.Run(failing, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "sbom.spdx.json", sourceDoc)
			write(t, root, "vendor/zlib/zlib.h", "a")
			first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			opts := Options{Root: root, Config: load(t, root, cfg), Now: func() time.Time { return first }}
			if _, err := Write(root, run(t, opts)); err != nil {
				t.Fatal(err)
			}
			old := map[string][]byte{}
			for _, p := range append([]string{"sbom.spdx.json"}, derived...) {
				old[p] = mustRead(t, root, p)
			}

			write(t, root, "vendor/zlib/zlib.h", "b")
			opts.Now = func() time.Time { return first.Add(time.Hour) }
			res := run(t, opts)
			written, err := writeAll(failAt{openRoot(t, root), failing, syscall.ENOSPC}, res)
			var we *WriteError
			if !errors.As(err, &we) || we.Path != failing || !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("error %v", err)
			}
			mainIsOld := bytes.Equal(mustRead(t, root, "sbom.spdx.json"), old["sbom.spdx.json"])
			if mainIsOld != (failing == "sbom.spdx.json") {
				t.Fatalf("written %v; document old: %v", written, mainIsOld)
			}
			var behind []string
			for _, p := range derived {
				isOld := bytes.Equal(mustRead(t, root, p), old[p])
				if mainIsOld && !isOld {
					t.Errorf("%s is new beside the old sbom.spdx.json", p)
				}
				if !mainIsOld && isOld {
					behind = append(behind, p)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(root, ".*.tmp")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}

			// check names each derived form left behind; regen repairs them
			// and moves their time stamp, as an uninterrupted run would have.
			opts.Now = func() time.Time { return first.Add(2 * time.Hour) }
			again := run(t, opts)
			stale := Stale(again[0], "fix")
			for _, p := range behind {
				found := false
				for _, f := range stale {
					found = found || (f.File == p && strings.Contains(f.Message, "no longer matches sbom.spdx.json"))
				}
				if !found {
					t.Errorf("check does not name %s: %+v", p, stale)
				}
			}
			if _, err := Write(root, again); err != nil {
				t.Fatal(err)
			}
			if s := Stale(run(t, opts)[0], "fix"); s != nil {
				t.Errorf("not current after the repair: %+v", s)
			}
			if failing == "sbom.spdx3.json" && strings.Contains(string(mustRead(t, root, "sbom.spdx3.json")), `"created": "2026-01-02T03:04:05Z"`) {
				t.Error("the repaired SPDX 3 document kept the time stamp of its old content")
			}
		})
	}
}

// TestRegenCleansItsOwnStaleTempFiles (issue 12, item 14): regen removes the
// temporary files an interrupted write left, when they have exactly its
// naming pattern and are old enough that no run can still be writing them;
// younger ones and look-alikes are left, and check only reports.
func TestRegenCleansItsOwnStaleTempFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	names := []string{".sbom.json.111.tmp", ".sbom.json.222.tmp", ".sbom.json.x1.tmp", ".sbom.json.333.tmp.keep", ".other.json.444.tmp"}
	for _, n := range names {
		write(t, root, n, "half")
	}
	old := time.Now().Add(-time.Hour)
	for _, n := range []string{".sbom.json.111.tmp", ".sbom.json.x1.tmp", ".sbom.json.333.tmp.keep", ".other.json.444.tmp"} {
		if err := os.Chtimes(filepath.Join(root, n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	// check (no cleaning) reports both of ours and removes nothing.
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	var reported []string
	for _, f := range res[0].Findings {
		if f.Rule == rules.RuleWrite {
			reported = append(reported, f.File)
			if f.Severity != rules.Warning || !strings.Contains(f.Fix, "rm "+f.File) {
				t.Errorf("check: %+v", f)
			}
		}
	}
	if strings.Join(reported, " ") != ".sbom.json.111.tmp .sbom.json.222.tmp" {
		t.Errorf("check reports %v", reported)
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(root, n)); err != nil {
			t.Errorf("check removed %s", n)
		}
	}

	// regen removes the old one only, and says so.
	res = run(t, Options{Root: root, Config: load(t, root, sourceConfig), CleanTempsOlderThan: 10 * time.Minute})
	var removed, left *rules.Finding
	for i, f := range res[0].Findings {
		switch f.File {
		case ".sbom.json.111.tmp":
			removed = &res[0].Findings[i]
		case ".sbom.json.222.tmp":
			left = &res[0].Findings[i]
		}
	}
	if removed == nil || removed.Severity != rules.Note || !strings.Contains(removed.Message, "removed .sbom.json.111.tmp") {
		t.Errorf("removed: %+v", removed)
	}
	if left == nil || left.Severity != rules.Warning || !strings.Contains(left.Message, "may belong to a regen running now") {
		t.Errorf("left: %+v", left)
	}
	for _, n := range names {
		_, err := os.Stat(filepath.Join(root, n))
		if gone := err != nil; gone != (n == ".sbom.json.111.tmp") {
			t.Errorf("%s: gone %v", n, gone)
		}
	}
}
