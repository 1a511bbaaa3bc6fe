package inventory

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkStore loads generated artifact SBOMs into each store, then times
// a package-range query and a file-hash query. The documents are the
// Python-3.13.5.tgz artifact SBOM (27 packages, 4,808 files, 2.9 MB) made
// distinct per document: its namespace, every file's SHA-1 and SHA-256, and
// expat's version (2.0.0 to 2.7.4) change; Modules/expat/xmlparse.c keeps its
// hash in every document, so the hash query answers one row per document.
// SBOMKEEPER_BENCH_DOCS lists the sizes (default 100), SBOMKEEPER_BENCH_STORE
// picks one store (sqlite or postgres):
//
//	SBOMKEEPER_BENCH_DOCS=100,1000 bash scripts/with-postgres.sh \
//	  go test -run '^$' -bench BenchmarkStore -benchtime 20x -timeout 60m ./internal/inventory/
func BenchmarkStore(b *testing.B) {
	sizes := []int{100}
	if s := os.Getenv("SBOMKEEPER_BENCH_DOCS"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("SBOMKEEPER_BENCH_DOCS: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	tmpl := readDoc(b, "tmpl", "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json")
	var shared string
	for _, f := range tmpl.Files {
		if f.Name == "Modules/expat/xmlparse.c" {
			shared = f.Checksum[1].Value
		}
	}
	ctx := context.Background()
	for _, be := range backends(b) {
		if only := os.Getenv("SBOMKEEPER_BENCH_STORE"); only != "" && only != be.name {
			continue
		}
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/docs=%d", be.name, n), func(b *testing.B) {
				dsn := be.dsn
				if be.name == "sqlite" {
					dsn = fmt.Sprintf("%s.%d", be.dsn, n)
				} else {
					dsn = freshSchema(b, be.dsn, n)
				}
				s := open(b, dsn)
				start := time.Now()
				rows := 0
				for i := range n {
					d := generated(tmpl, i)
					if _, err := s.Add(ctx, d); err != nil {
						b.Fatal(err)
					}
					rows += len(d.Files) * 3
				}
				load := time.Since(start)
				rng, _ := ParseRange("<2.6.3")
				var pkgHits, fileHits int
				b.Run("range-query", func(b *testing.B) {
					for b.Loop() {
						r, err := s.Packages(ctx, PackageQuery{Name: "expat", Range: rng})
						if err != nil {
							b.Fatal(err)
						}
						pkgHits = len(r.Matches)
					}
					b.ReportMetric(float64(pkgHits), "matches")
				})
				b.Run("sha256-query", func(b *testing.B) {
					for b.Loop() {
						r, err := s.SHA256(ctx, shared)
						if err != nil {
							b.Fatal(err)
						}
						fileHits = len(r.Matches)
					}
					b.ReportMetric(float64(fileHits), "matches")
				})
				b.Logf("%s, %d documents: load %.1fs (%.1f docs/s, ~%d index rows), range query %d matches, hash query %d matches",
					be.name, n, load.Seconds(), float64(n)/load.Seconds(), rows, pkgHits, fileHits)
				if fi, err := os.Stat(dsn); err == nil {
					b.Logf("sqlite file: %d MB", fi.Size()>>20)
				}
			})
		}
	}
}

// freshSchema gives each size its own PostgreSQL schema within the one
// backends made.
func freshSchema(b *testing.B, dsn string, n int) string {
	s := open(b, dsn)
	name := fmt.Sprintf("bench_%d_%d", n, time.Now().UnixNano())
	if _, err := s.db.Exec("CREATE SCHEMA " + name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.db.Exec("DROP SCHEMA " + name + " CASCADE") })
	i := strings.LastIndex(dsn, "search_path=")
	return dsn[:i] + "search_path=" + name
}

// generated is document i: tmpl with its own namespace, file hashes and
// expat version.
func generated(tmpl Doc, i int) Doc {
	d := tmpl
	d.Namespace = fmt.Sprintf("%s-gen%d", tmpl.Namespace, i)
	d.Content = bytes.Replace(tmpl.Content, []byte(tmpl.Namespace), []byte(d.Namespace), 1)
	sum := sha256.Sum256(d.Content)
	d.SHA256 = hex.EncodeToString(sum[:])
	d.Source = fmt.Sprintf("release-%04d/Python.tgz.spdx.json", i)
	d.Packages = append([]PackageRow(nil), tmpl.Packages...)
	for j := range d.Packages {
		if d.Packages[j].Name == "expat" {
			d.Packages[j].Version = fmt.Sprintf("2.%d.%d", i%8, i%5)
		}
	}
	d.Files = make([]FileRow, len(tmpl.Files))
	for j, f := range tmpl.Files {
		f.Checksum = append([]Checksum(nil), f.Checksum...)
		if f.Name != "Modules/expat/xmlparse.c" {
			key := fmt.Sprintf("%d/%d", i, j)
			s1, s256 := sha1.Sum([]byte(key)), sha256.Sum256([]byte(key))
			f.Checksum = []Checksum{{"SHA1", hex.EncodeToString(s1[:])}, {"SHA256", hex.EncodeToString(s256[:])}}
		}
		d.Files[j] = f
	}
	return d
}
