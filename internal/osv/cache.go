package osv

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
)

// cacheVersion changes whenever Record or the checks change, so an old
// cache is never read as a new one.
const cacheVersion = "sbomkeeper-osv-cache-1"

// fingerprint hashes what identifies a source's contents without reading
// them: each record file's path, size and modification time.
type fingerprint struct{ h hash.Hash }

func (f *fingerprint) add(path string, info fs.FileInfo) {
	if f.h == nil {
		f.h = sha256.New()
	}
	fmt.Fprintf(f.h, "%s\x00%d\x00%d\n", path, info.Size(), info.ModTime().UnixNano())
}

func (f *fingerprint) sum() string {
	if f.h == nil {
		return "empty"
	}
	return hex.EncodeToString(f.h.Sum(nil))
}

type cacheFile struct {
	Version     string
	Source      string
	Fingerprint string
	Records     []Record
}

// cachePath names the cache of one source by its absolute path.
func cachePath(cacheDir, source string) string {
	abs, err := filepath.Abs(source)
	if err != nil {
		abs = source
	}
	// The path as given is part of the key: records name their files by it.
	sum := sha256.Sum256([]byte(abs + "\x00" + source))
	return filepath.Join(cacheDir, "osv-"+hex.EncodeToString(sum[:8])+".gob")
}

// readCache returns the cached records of source if the cache was written
// for the same fingerprint. Any problem reading it is a miss: the source is
// then read again, and the cache is only ever an optimisation.
func readCache(cacheDir, source, fp string) ([]Record, bool) {
	if cacheDir == "" {
		return nil, false
	}
	data, err := os.ReadFile(cachePath(cacheDir, source))
	if err != nil {
		return nil, false
	}
	var c cacheFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, false
	}
	if c.Version != cacheVersion || c.Fingerprint != fp {
		return nil, false
	}
	for i := range c.Records { // the checks held when they were cached; be sure
		if len(Check(&c.Records[i])) > 0 {
			return nil, false
		}
	}
	return c.Records, true
}

// writeCache writes the cache whole or not at all (temporary file, rename).
// A cache that cannot be written costs speed, not correctness, so errors
// are ignored.
func writeCache(cacheDir, source, fp string, recs []Record) {
	if cacheDir == "" {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cacheFile{cacheVersion, source, fp, recs}); err != nil {
		return
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(cacheDir, ".osv-*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), cachePath(cacheDir, source)) != nil {
		os.Remove(tmp.Name())
	}
}
