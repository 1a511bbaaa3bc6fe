package osv

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// MaxRecord is the largest record file read: Go's and PyPA's largest
// records are well under 1 MiB.
const MaxRecord = 16 << 20

// maxZipMembers bounds a zip's member count: OSV's largest ecosystem export
// has a few hundred thousand records.
const maxZipMembers = 2_000_000

// Load reads the OSV records at each path: a directory (every *.json,
// *.yaml and *.yml file below it, hidden directories skipped), a .zip of
// JSON records, or one record file. It returns the records that passed
// Check and an error for every file or record refused, so one run reports
// every problem; the caller decides whether a partial load may be used.
func Load(ctx context.Context, paths []string) ([]Record, []error) {
	return LoadCached(ctx, paths, "")
}

// LoadCached is Load with a cache in cacheDir ("" for none): the checked
// records of each directory or zip source are kept there, with the source's
// fingerprint (every record file's path, size and modification time; the
// zip's), and used while the fingerprint is the same. Sources with errors
// are not cached, so their errors are reported on every run.
func LoadCached(ctx context.Context, paths []string, cacheDir string) ([]Record, []error) {
	var recs []Record
	var errs []error
	for _, p := range paths {
		r, e := loadPath(ctx, p, cacheDir)
		recs = append(recs, r...)
		errs = append(errs, e...)
		if ctx.Err() != nil {
			return recs, append(errs, ctx.Err())
		}
	}
	return recs, errs
}

func loadPath(ctx context.Context, path, cacheDir string) ([]Record, []error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, []error{fmt.Errorf("OSV data %s: %w (give a directory of OSV records, a zip of them, or one record file)", path, err)}
	}
	if st.IsDir() {
		return loadDir(ctx, path, cacheDir)
	}
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		fp := fingerprint{}
		fp.add(path, st)
		if recs, ok := readCache(cacheDir, path, fp.sum()); ok {
			return recs, nil
		}
		recs, errs := loadZip(ctx, path)
		if len(errs) == 0 {
			writeCache(cacheDir, path, fp.sum(), recs)
		}
		return recs, errs
	}
	if recordKind(path) == "" {
		return nil, []error{fmt.Errorf("OSV data %s: not a directory, a .zip or a .json/.yaml record", path)}
	}
	data, err := safefile.Read(path, MaxRecord)
	if err != nil {
		return nil, []error{fmt.Errorf("OSV data: %w", err)}
	}
	return decodeChecked(path, recordKind(path), data)
}

// recordKind is "json" or "yaml" by the file's extension, "" for others.
func recordKind(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".yaml", ".yml":
		return "yaml"
	}
	return ""
}

func loadDir(ctx context.Context, root, cacheDir string) ([]Record, []error) {
	var files []string
	var errs []error
	fp := fingerprint{}
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("OSV data: %w", err))
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			// .git, .github: not records (workflow YAML would be refused).
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if recordKind(p) != "" {
			files = append(files, p)
			if cacheDir != "" {
				info, err := d.Info()
				if err != nil {
					errs = append(errs, fmt.Errorf("OSV data: %w", err))
					return nil
				}
				fp.add(p, info)
			}
		}
		return nil
	})
	if walkErr != nil {
		return nil, append(errs, walkErr)
	}
	if len(errs) == 0 {
		if recs, ok := readCache(cacheDir, root, fp.sum()); ok {
			return recs, nil
		}
	}
	recs, derrs := decodeAll(ctx, len(files), func(i int) (string, string, []byte, error) {
		data, err := safefile.Read(files[i], MaxRecord)
		if err != nil {
			return files[i], "", nil, fmt.Errorf("OSV data: %w", err)
		}
		return files[i], recordKind(files[i]), data, nil
	})
	errs = append(errs, derrs...)
	if len(errs) == 0 {
		writeCache(cacheDir, root, fp.sum(), recs)
	}
	return recs, errs
}

func loadZip(ctx context.Context, path string) ([]Record, []error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, []error{fmt.Errorf("OSV data %s: %w", path, err)}
	}
	defer zr.Close()
	if len(zr.File) > maxZipMembers {
		return nil, []error{fmt.Errorf("OSV data %s: %d members, more than the %d sbomkeeper reads", path, len(zr.File), maxZipMembers)}
	}
	var members []*zip.File
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() && recordKind(f.Name) == "json" {
			members = append(members, f)
		}
	}
	// Members may be read concurrently (archive/zip says so).
	return decodeAll(ctx, len(members), func(i int) (string, string, []byte, error) {
		f := members[i]
		name := path + "!" + f.Name
		if f.UncompressedSize64 > MaxRecord {
			return name, "", nil, fmt.Errorf("OSV data %s: larger than %d MiB; not read", name, MaxRecord>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return name, "", nil, fmt.Errorf("OSV data %s: %w", name, err)
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, MaxRecord+1))
		if err == nil && len(data) > MaxRecord {
			err = fmt.Errorf("larger than %d MiB; not read", MaxRecord>>20)
		}
		if err != nil {
			return name, "", nil, fmt.Errorf("OSV data %s: %w", name, err)
		}
		return name, "json", data, nil
	})
}

// decodeAll reads and decodes n records in parallel (decoding, YAML above
// all, is the cost of loading); read returns record i's name, kind and
// bytes. Records and errors keep the order of i, so output is
// deterministic.
func decodeAll(ctx context.Context, n int, read func(i int) (name, kind string, data []byte, err error)) ([]Record, []error) {
	type result struct {
		recs []Record
		errs []error
	}
	results := make([]result, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				name, kind, data, err := read(i)
				if err != nil {
					results[i].errs = []error{err}
					continue
				}
				results[i].recs, results[i].errs = decodeChecked(name, kind, data)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, []error{err}
	}
	var recs []Record
	var errs []error
	for _, r := range results {
		recs = append(recs, r.recs...)
		errs = append(errs, r.errs...)
	}
	return recs, errs
}

// decodeChecked decodes one record and checks it.
func decodeChecked(name, kind string, data []byte) ([]Record, []error) {
	var r *Record
	var err error
	if kind == "yaml" {
		r, err = DecodeYAML(data)
	} else {
		r, err = DecodeJSON(data)
	}
	if err != nil {
		return nil, []error{fmt.Errorf("OSV data %s: %w; the record is not used", name, err)}
	}
	r.Source = name
	if errs := Check(r); len(errs) > 0 {
		return nil, errs
	}
	return []Record{*r}, nil
}

// DecodeJSON decodes one OSV record in JSON. Members the model lacks are
// ignored; a member of the wrong type, trailing data, or a top level that is
// not an object is an error.
func DecodeJSON(data []byte) (*Record, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var r Record
	if err := dec.Decode(&r); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s: want %s, found a JSON %s", te.Field, te.Type, te.Value)
		}
		return nil, fmt.Errorf("not an OSV record in JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("data after the record; one file holds one record")
	}
	return &r, nil
}

// DecodeYAML decodes one OSV record in YAML, the PyPA advisory database's
// form. Scalars are decoded as the text they were written as, so
// timestamps stay strings (modified: 2021-07-02T...) and a version written
// 1.10 stays "1.10", not the number 1.1.
func DecodeYAML(data []byte) (*Record, error) {
	// Straight into the struct: building a yaml.Node first cost a sixth of
	// the PyPA database's load time.
	var r Record
	if err := yaml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not an OSV record in YAML: %w", err)
	}
	return &r, nil
}
