package osv

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLoadCached(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	cache := filepath.Join(dir, "cache")
	p := write(t, src, "vulns/example/PYSEC-0000-1.yaml", yamlRecord)
	load := func() []Record {
		t.Helper()
		recs, errs := LoadCached(context.Background(), []string{src}, cache)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return recs
	}
	first := load()
	files, _ := filepath.Glob(filepath.Join(cache, "osv-*.gob"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want one", files)
	}
	// A hit: the source is not read (an unreadable record would fail).
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() != 0 { // root reads anyway
		if got := load(); len(got) != 1 || got[0].ID != first[0].ID || got[0].Modified != first[0].Modified {
			t.Errorf("cached load = %+v", got)
		}
	}
	os.Chmod(p, 0o644)

	// A changed record changes the fingerprint: read again.
	changed := []byte(yamlRecord[:len(yamlRecord)-1] + "\n  - 2.0\n")
	os.WriteFile(p, changed, 0o644)
	os.Chtimes(p, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
	if got := load(); len(got[0].Affected[0].Versions) != 3 {
		t.Errorf("stale cache used: versions %v", got[0].Affected[0].Versions)
	}
	// A corrupt cache is a miss, not an error.
	os.WriteFile(files[0], []byte("not gob"), 0o644)
	if got := load(); len(got) != 1 {
		t.Errorf("after a corrupt cache: %d records", len(got))
	}
	// A source with errors is not cached, so its errors come back every run.
	os.RemoveAll(cache)
	write(t, src, "bad.json", `{"modified": "x"}`)
	for range 2 {
		if _, errs := LoadCached(context.Background(), []string{src}, cache); len(errs) != 1 {
			t.Errorf("errs = %v, want 1", errs)
		}
	}
}
