package inventory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// postgresEnv names the PostgreSQL server the store tests also run against
// (.ci/run starts one); without it they run on SQLite only.
const postgresEnv = "SBOMKEEPER_TEST_POSTGRES"

type backend struct {
	name string
	dsn  string
}

// backends returns a fresh, empty store location per backend: an SQLite
// file in a temp dir, and a new PostgreSQL schema when postgresEnv is set.
func backends(t testing.TB) []backend {
	t.Helper()
	bs := []backend{{"sqlite", filepath.Join(t.TempDir(), "inventory.db")}}
	admin := os.Getenv(postgresEnv)
	if admin == "" {
		t.Logf("%s not set: PostgreSQL store not tested", postgresEnv)
		return bs
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := fmt.Sprintf("t_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA " + schema + " CASCADE") })
	sep := "?"
	if strings.Contains(admin, "?") {
		sep = "&"
	}
	return append(bs, backend{"postgres", admin + sep + "search_path=" + schema})
}

func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func readDoc(t testing.TB, source, path string) Doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(source, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// releaseDocs are the release SBOMs of the acceptance test, by the name
// they are added under.
func releaseDocs(t testing.TB) []Doc {
	root := filepath.Join("..", "..")
	docs := []Doc{readDoc(t, "cpython-3.11.2/sbom.spdx.json", filepath.Join(root, "examples/cpython-3.11/Misc/sbom.spdx.json"))}
	for _, n := range []string{"Python-3.13.5.tgz", "Python-3.13.5.tar.xz", "python-3.13.5-amd64.exe", "python-3.13.5t-amd64.exe", "python-3.13.5-embed-amd64.zip"} {
		docs = append(docs, readDoc(t, "cpython-3.13.5/"+n+".spdx.json", filepath.Join(root, "testdata/release-tools", n+".spdx.json")))
	}
	return append(docs, readDoc(t, "sbomkeeper/sbom.spdx.json", filepath.Join(root, "sbom.spdx.json")))
}

func sources(ms []PackageMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Document.Source+" "+m.Name+" "+m.Version)
	}
	return out
}

// TestExpatAcrossReleases is the acceptance test of issue 16: the releases
// of CPython 3.11.2 and 3.13.5 (tarballs, installers, embeddable zip) and
// sbomkeeper's own SBOM, asked for expat older than 2.6.3, name the 3.11.2
// SBOM only (3.13.5 ships 2.6.3); older than 2.7.0, every CPython artifact.
// Both stores answer identically.
func TestExpatAcrossReleases(t *testing.T) {
	ctx := context.Background()
	docs := releaseDocs(t)
	answers := map[string]string{}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := open(t, b.dsn)
			for _, d := range docs {
				r, err := s.Add(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				if !r.Added {
					t.Fatalf("%s: not added", d.Source)
				}
			}
			var all []string
			for _, c := range []struct {
				rng  string
				want []string
			}{
				{"<2.6.3", []string{"cpython-3.11.2/sbom.spdx.json expat 2.5.0"}},
				{"<2.7.0", []string{
					"cpython-3.11.2/sbom.spdx.json expat 2.5.0",
					"cpython-3.13.5/Python-3.13.5.tar.xz.spdx.json expat 2.6.3",
					"cpython-3.13.5/Python-3.13.5.tgz.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5-amd64.exe.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5-embed-amd64.zip.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5t-amd64.exe.spdx.json expat 2.6.3",
				}},
				{">=2.6.3,<2.7.0", []string{
					"cpython-3.13.5/Python-3.13.5.tar.xz.spdx.json expat 2.6.3",
					"cpython-3.13.5/Python-3.13.5.tgz.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5-amd64.exe.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5-embed-amd64.zip.spdx.json expat 2.6.3",
					"cpython-3.13.5/python-3.13.5t-amd64.exe.spdx.json expat 2.6.3",
				}},
			} {
				rng, err := ParseRange(c.rng)
				if err != nil {
					t.Fatal(err)
				}
				res, err := s.Packages(ctx, PackageQuery{Name: "expat", Range: rng})
				if err != nil {
					t.Fatal(err)
				}
				got := sources(res.Matches)
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("expat %s:\n got %q\nwant %q", c.rng, got, c.want)
				}
				if len(res.NotCompared) != 0 {
					t.Errorf("expat %s: not compared: %+v", c.rng, res.NotCompared)
				}
				for _, m := range res.Matches {
					if m.Ordering != "dotted" || !strings.HasPrefix(m.CPE, "cpe:2.3:a:libexpat_project:libexpat:") {
						t.Errorf("%s: ordering %q, CPE %q", m.Document.Source, m.Ordering, m.CPE)
					}
				}
				j, _ := json.Marshal(res)
				all = append(all, string(j))
			}
			answers[b.name] = strings.Join(all, "\n")
		})
	}
	if pg, ok := answers["postgres"]; ok && pg != answers["sqlite"] {
		t.Errorf("the stores answer differently:\nsqlite:   %s\npostgres: %s", answers["sqlite"], pg)
	}
}

// TestSHA256Query: a file of the source tarball is in both the .tgz and
// the .tar.xz SBOMs; a package's own checksum is found too.
func TestSHA256Query(t *testing.T) {
	ctx := context.Background()
	docs := releaseDocs(t)
	var file, pkg string
	for _, f := range docs[1].Files {
		if f.Name == "Modules/expat/xmlparse.c" {
			for _, c := range f.Checksum {
				if c.Algorithm == "SHA256" {
					file = c.Value
				}
			}
		}
	}
	for _, p := range docs[0].Packages {
		if p.Name == "expat" {
			pkg = p.Checksum[0].Value
		}
	}
	if file == "" || pkg == "" {
		t.Fatal("test data: no xmlparse.c or expat checksum")
	}
	answers := map[string]string{}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := open(t, b.dsn)
			for _, d := range docs {
				if _, err := s.Add(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
			r, err := s.SHA256(ctx, strings.ToUpper(file))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range r.Matches {
				got = append(got, m.Document.Source+" "+m.Kind+" "+m.Name+" "+m.Package)
			}
			want := []string{
				"cpython-3.13.5/Python-3.13.5.tar.xz.spdx.json file Modules/expat/xmlparse.c expat",
				"cpython-3.13.5/Python-3.13.5.tgz.spdx.json file Modules/expat/xmlparse.c expat",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got %q\nwant %q", got, want)
			}
			r2, err := s.SHA256(ctx, pkg)
			if err != nil {
				t.Fatal(err)
			}
			if len(r2.Matches) != 1 || r2.Matches[0].Kind != "package" || r2.Matches[0].Name != "expat" {
				t.Errorf("package checksum: %+v", r2.Matches)
			}
			if _, err := s.SHA256(ctx, "abc"); err == nil {
				t.Error("a short hash was accepted")
			}
			j, _ := json.Marshal([]any{r, r2})
			answers[b.name] = string(j)
		})
	}
	if pg, ok := answers["postgres"]; ok && pg != answers["sqlite"] {
		t.Errorf("the stores answer differently:\nsqlite:   %s\npostgres: %s", answers["sqlite"], pg)
	}
}

// TestAddTwiceChangesNothing: the same bytes under another name are the
// same document; the row counts do not move.
func TestAddTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	d := readDoc(t, "a.spdx.json", "../../examples/cpython-3.11/Misc/sbom.spdx.json")
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := open(t, b.dsn)
			if r, err := s.Add(ctx, d); err != nil || !r.Added {
				t.Fatalf("first add: %+v %v", r, err)
			}
			before := counts(t, s)
			again := d
			again.Source = "b.spdx.json"
			if r, err := s.Add(ctx, again); err != nil || r.Added {
				t.Fatalf("second add: %+v %v", r, err)
			}
			if after := counts(t, s); after != before {
				t.Errorf("rows changed: %v -> %v", before, after)
			}
			list, err := s.List(ctx)
			if err != nil || len(list) != 1 || list[0].Source != "a.spdx.json" || list[0].Packages != 53 || list[0].Files != 119 {
				t.Errorf("list: %+v %v", list, err)
			}
			b, err := s.Content(ctx, d.SHA256)
			if err != nil || string(b) != string(d.Content) {
				t.Errorf("content not kept whole: %v", err)
			}
		})
	}
}

func counts(t testing.TB, s *Store) string {
	var out []string
	for _, tab := range []string{"documents", "packages", "identifiers", "files", "checksums"} {
		var n int
		if err := s.db.QueryRow("SELECT COUNT(*) FROM " + tab).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", tab, n))
	}
	return strings.Join(out, " ")
}

// TestNewerSchemaRefused: a database a newer sbomkeeper migrated is refused
// with ErrNewerSchema, and an up-to-date one reopens without migrating.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := open(t, b.dsn)
			s.Close()
			s = open(t, b.dsn) // reopening an up-to-date store works
			next := LatestSchema() + 1
			if _, err := s.db.Exec(s.d.rebind(`INSERT INTO schema_version (version, applied) VALUES (?, ?)`), next, "future"); err != nil {
				t.Fatal(err)
			}
			s.Close()
			_, err := Open(ctx, b.dsn)
			if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), fmt.Sprintf("schema version %d", next)) {
				t.Fatalf("got %v, want the newer schema refused", err)
			}
		})
	}
}

// TestOtherFormats: CycloneDX and SPDX 3 renderings of an SBOM index the
// same packages (read through convert.Read).
func TestOtherFormats(t *testing.T) {
	ctx := context.Background()
	src, err := os.ReadFile("../../examples/cpython-3.11/Misc/sbom.spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	d0, err := Read("x.spdx.json", src)
	if err != nil {
		t.Fatal(err)
	}
	s := open(t, backends(t)[0].dsn)
	for _, format := range []string{"cyclonedx", "spdx3"} {
		b, _, err := convert.Write(mustRead(t, src), format, convert.Options{Created: time.Unix(0, 0).UTC(), Tool: "Tool: test"})
		if err != nil {
			t.Fatal(err)
		}
		d, err := Read("x."+format, b)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if r, err := s.Add(ctx, d); err != nil || !r.Added {
			t.Fatalf("%s: %+v %v", format, r, err)
		}
		if len(d.Packages) < len(d0.Packages) {
			t.Errorf("%s: %d packages, the SPDX 2.3 original has %d", format, len(d.Packages), len(d0.Packages))
		}
	}
	rng, _ := ParseRange("<2.6.3")
	res, err := s.Packages(ctx, PackageQuery{Name: "EXPAT", Range: rng})
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(res.Matches); strings.Join(got, ",") != "x.cyclonedx expat 2.5.0,x.spdx3 expat 2.5.0" {
		t.Errorf("got %q", got)
	}
}

func mustRead(t testing.TB, b []byte) *spdx.Document {
	d, _, _, err := convert.Read("x.spdx.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
