package osv

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// yamlRecord is in the PyPA advisory database's layout: unquoted
// timestamps, and versions YAML would read as numbers.
const yamlRecord = `id: PYSEC-0000-1
modified: 2021-07-02T14:05:31.123456Z
published: 2019-01-01T00:00:00Z
aliases:
- CVE-0000-1
affected:
- package:
    name: example
    ecosystem: PyPI
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: "0"
    - fixed: 1.10
  versions:
  - 1.0
  - 1.9
`

const jsonRecord = `{"id": "GO-0000-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-0000-2"],
 "affected": [{"package": {"ecosystem": "Go", "name": "example.com/m"},
   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.3"}]}]}],
 "database_specific": {"url": "x"}}`

func write(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecodeYAMLKeepsTextAsWritten(t *testing.T) {
	r, err := DecodeYAML([]byte(yamlRecord))
	if err != nil {
		t.Fatal(err)
	}
	if r.Modified != "2021-07-02T14:05:31.123456Z" || r.Published != "2019-01-01T00:00:00Z" {
		t.Errorf("timestamps changed: modified %q, published %q", r.Modified, r.Published)
	}
	a := r.Affected[0]
	if got := a.Ranges[0].Events[1].Fixed; got != "1.10" {
		t.Errorf("fixed = %q, want 1.10 as written", got)
	}
	if strings.Join(a.Versions, ",") != "1.0,1.9" {
		t.Errorf("versions = %q", a.Versions)
	}
}

func TestLoadSources(t *testing.T) {
	dir := t.TempDir()
	pypa := filepath.Join(dir, "pypa")
	write(t, pypa, "vulns/example/PYSEC-0000-1.yaml", yamlRecord)
	write(t, pypa, "README.md", "not a record")
	write(t, pypa, ".github/workflows/ci.yml", "on: push\n") // would be refused if read
	gojson := write(t, dir, "GO-0000-1.json", jsonRecord)

	zpath := filepath.Join(dir, "all.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("RUSTSEC-0000-1.json")
	w.Write([]byte(`{"id": "RUSTSEC-0000-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "crates.io", "name": "x"}, "versions": ["0.1.0"]}]}`))
	zw.Close()
	f.Close()

	recs, errs := Load(context.Background(), []string{pypa, gojson, zpath})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.ID+"@"+filepath.Base(r.Source))
	}
	want := "PYSEC-0000-1@PYSEC-0000-1.yaml GO-0000-1@GO-0000-1.json RUSTSEC-0000-1@all.zip!RUSTSEC-0000-1.json"
	if strings.Join(got, " ") != want {
		t.Errorf("loaded %v\nwant %s", got, want)
	}
}

// Every refused record is reported, naming the file and the field, and the
// good records still load.
func TestLoadRefusesNamingFileAndField(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.json", jsonRecord)
	write(t, dir, "noid.json", `{"modified": "x"}`)
	write(t, dir, "twokinds.json", `{"id": "X-1", "modified": "x", "affected": [{"package": {"ecosystem": "PyPI", "name": "a"},
	  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]}`)
	write(t, dir, "badtype.yaml", "id: X-2\nmodified: x\naffected:\n- package:\n    ecosystem: PyPI\n    name: a\n  ranges:\n  - type: SEMVERISH\n    events:\n    - fixed: '1'\n")
	write(t, dir, "wrong.json", `{"id": "X-3", "modified": "x", "aliases": "CVE-1"}`)
	write(t, dir, "noname.yaml", "id: X-4\nmodified: x\naffected:\n- package:\n    ecosystem: PyPI\n")
	write(t, dir, "list.yaml", "- id: X-5\n")
	recs, errs := Load(context.Background(), []string{dir})
	if len(recs) != 1 || recs[0].ID != "GO-0000-1" {
		t.Errorf("loaded %d records, want only GO-0000-1", len(recs))
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"noid.json: id: missing",
		"twokinds.json (X-1): affected[0].ranges[0].events[0]: want exactly one of",
		"badtype.yaml (X-2): affected[0].ranges[0].type: \"SEMVERISH\"",
		"badtype.yaml (X-2): affected[0].ranges[0].events: no introduced event",
		"wrong.json: aliases: want []string, found a JSON string",
		"noname.yaml (X-4): affected[0].package.name: missing",
		"list.yaml: not an OSV record in YAML: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no error %q in:\n%s", want, all)
		}
	}
	if len(errs) != 8 { // twokinds.json has two problems
		t.Errorf("%d errors, want 8:\n%s", len(errs), all)
	}
}

func TestLoadMissingPath(t *testing.T) {
	_, errs := Load(context.Background(), []string{filepath.Join(t.TempDir(), "nope")})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "give a directory of OSV records") {
		t.Errorf("errs = %v", errs)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(jsonRecord))
	f.Add([]byte(`{"id": 1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeJSON(data)
		if err == nil {
			Check(r)
		}
	})
}

func FuzzDecodeYAML(f *testing.F) {
	f.Add([]byte(yamlRecord))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeYAML(data)
		if err == nil {
			Check(r)
		}
	})
}
