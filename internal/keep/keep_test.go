package keep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/download"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

var noGit = new(bool)

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func load(t *testing.T, root, cfg string) *config.Config {
	t.Helper()
	c, err := config.Parse(filepath.Join(root, "sbomkeeper.toml"), []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func run(t *testing.T, opts Options) []Result {
	t.Helper()
	if opts.Git == nil {
		opts.Git = noGit
	}
	res, _, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const sourceConfig = `
[license]
policy = "noassertion"
[[sbom]]
path = "sbom.json"
kind = "source"
[[sbom.package]]
name = "zlib"
include = ["vendor/zlib/**"]
exclude = ["vendor/zlib/local.h"]
`

const sourceDoc = `{"SPDXID": "SPDXRef-DOCUMENT", "files": [], "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib",
 "versionInfo": "1.3.1", "downloadLocation": "https://zlib.net/zlib-1.3.1.tar.gz",
 "checksums": [{"algorithm": "SHA256", "checksumValue": "aa"}], "externalRefs": [],
 "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE", "comment": "hand-written, kept"}],
 "relationships": [{"spdxElementId": "SPDXRef-PACKAGE-zlib", "relatedSpdxElement": "SPDXRef-PACKAGE-zlib", "relationshipType": "OTHER", "comment": "kept too"}],
 "spdxVersion": "SPDX-2.3"}`

func TestSourceRegenerates(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a\r\nb\r\n")
	write(t, root, "vendor/zlib/sub/inflate.c", "c")
	write(t, root, "vendor/zlib/local.h", "excluded")
	write(t, root, "vendor/zlib/.hidden", "hidden")
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	if len(res) != 1 || res[0].New == nil || rules.Failed(res[0].Findings) {
		t.Fatalf("%+v", res)
	}
	doc, err := spdx.Parse(res[0].New)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range doc.Files {
		names = append(names, f.FileName)
	}
	if strings.Join(names, " ") != "vendor/zlib/sub/inflate.c vendor/zlib/zlib.h" {
		t.Errorf("files %v", names)
	}
	want := sha256.Sum256([]byte("a\nb\n"))
	if doc.Files[1].Checksums[1].ChecksumValue != hex.EncodeToString(want[:]) {
		t.Error("CRLF not normalised before hashing")
	}
	if doc.Packages[0].Comment != "hand-written, kept" {
		t.Error("hand-written package field lost")
	}
	if len(doc.Relationships) != 3 || doc.Relationships[2].Comment != "kept too" {
		t.Errorf("relationships %+v", doc.Relationships)
	}
	if bytes.HasSuffix(res[0].New, []byte("\n")) {
		t.Error("trailing newline added; CPython writes none")
	}
	// A second run over the written document changes nothing.
	if _, err := Write(root, res); err != nil {
		t.Fatal(err)
	}
	again := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	if again[0].Changed() || Stale(again[0], "fix") != nil {
		t.Error("regenerating an up-to-date document changed it")
	}
	// Editing a file makes check name it.
	write(t, root, "vendor/zlib/zlib.h", "changed")
	write(t, root, "vendor/zlib/new.c", "new")
	stale := Stale(run(t, Options{Root: root, Config: load(t, root, sourceConfig)})[0], "sbomkeeper regen")
	if len(stale) != 1 || stale[0].Message != `package "zlib" has files out of date in sbom.json: 1 added (vendor/zlib/new.c); 1 changed (vendor/zlib/zlib.h)` || stale[0].Fix != "sbomkeeper regen" ||
		stale[0].File != "vendor/zlib/new.c" || stale[0].SBOM != "sbom.json" {
		t.Errorf("stale: %+v", stale)
	}
}

func TestSourceBlockingFindingsWriteNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(root string)
		rule  string
	}{
		{"package set differs", func(root string) {
			write(t, root, "sbom.json", strings.Replace(sourceDoc, `"name": "zlib"`, `"name": "zlib2"`, 1))
			write(t, root, "vendor/zlib/a.c", "a")
		}, rules.RulePackageSet},
		{"include selects nothing", func(root string) {
			write(t, root, "sbom.json", sourceDoc)
			write(t, root, "vendor/zlib/local.h", "only the excluded file is left")
		}, rules.RuleEmptyInclude},
		{"vendored directory vanished", func(root string) {
			write(t, root, "sbom.json", sourceDoc)
			write(t, root, "vendor/other.c", "the zlib directory is gone")
		}, rules.RuleEmptyInclude},
		{"unparsable sbom", func(root string) {
			write(t, root, "sbom.json", "{\n  \"packages\": [,\n}")
		}, rules.RuleParse},
		{"missing sbom", func(root string) {}, rules.RuleParse},
		{"symlink to a directory", func(root string) {
			write(t, root, "sbom.json", sourceDoc)
			write(t, root, "vendor/zlib/a.c", "a")
			os.Symlink(".", filepath.Join(root, "vendor/zlib/loop"))
		}, rules.RuleTree},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			tc.setup(root)
			before, _ := os.ReadFile(filepath.Join(root, "sbom.json"))
			res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
			if res[0].New != nil || !rules.Blocked(res[0].Findings) {
				t.Fatalf("generated despite %s: %+v", tc.rule, res[0].Findings)
			}
			if res[0].Findings[0].Rule != tc.rule {
				t.Errorf("rule %q, want %q (%s)", res[0].Findings[0].Rule, tc.rule, res[0].Findings[0].Message)
			}
			Write(root, res)
			after, _ := os.ReadFile(filepath.Join(root, "sbom.json"))
			if !bytes.Equal(before, after) {
				t.Error("the document changed")
			}
		})
	}
}

func TestChecksumOfflineAndOnline(t *testing.T) {
	payload := []byte("zlib-1.3.1 source")
	sum := sha256.Sum256(payload)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/zlib-1.3.1.tar.gz" {
			http.NotFound(w, r)
			return
		}
		w.Write(payload)
	}))
	defer srv.Close()
	doc := strings.Replace(sourceDoc, `"checksums": [{"algorithm": "SHA256", "checksumValue": "aa"}], `, "", 1)
	doc = strings.Replace(doc, "https://zlib.net", srv.URL, 1)
	client := &download.Client{Backoff: time.Millisecond}

	root := t.TempDir()
	write(t, root, "sbom.json", doc)
	write(t, root, "vendor/zlib/a.c", "a")
	cfg := load(t, root, sourceConfig)

	res := run(t, Options{Root: root, Config: cfg})
	if !hasRule(res[0].Findings, rules.RuleChecksumMissing) || res[0].New != nil {
		t.Fatalf("offline: want checksum-missing and no document: %+v", res[0].Findings)
	}
	res = run(t, Options{Root: root, Config: cfg, Online: true, Downloader: client})
	if rules.Failed(res[0].Findings) {
		t.Fatalf("online: %+v", res[0].Findings)
	}
	d, _ := spdx.Parse(res[0].New)
	if got, _ := d.Packages[0].SHA256(); got != hex.EncodeToString(sum[:]) {
		t.Errorf("online: checksum %q not filled in", got)
	}
	// A recorded checksum that the download does not match is reported, not overwritten.
	write(t, root, "sbom.json", strings.Replace(sourceDoc, "https://zlib.net", srv.URL, 1))
	res = run(t, Options{Root: root, Config: cfg, Online: true, Downloader: client})
	if f := find(res[0].Findings, rules.RuleDownload); f == nil || f.Expected != "aa" || f.Actual != hex.EncodeToString(sum[:]) {
		t.Errorf("mismatch: %+v", res[0].Findings)
	}
}

func mustRead(t *testing.T, root, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func hasRule(fs []rules.Finding, rule string) bool { return find(fs, rule) != nil }

func find(fs []rules.Finding, rule string) *rules.Finding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

const externalsConfig = `
[[sbom]]
path = "ext.json"
kind = "externals"
[sbom.externals]
file = "get.bat"
pattern = 'set\s+libraries\s*=\s*%libraries%\s+([a-zA-Z0-9.-]+)\s'
download_url = "https://example.org/{tag}.tar.gz"
`

func TestExternals(t *testing.T) {
	root := t.TempDir()
	write(t, root, "get.bat", "set libraries=%libraries% zlib-1.3.2\n")
	write(t, root, "ext.json", `{"SPDXID": "SPDXRef-DOCUMENT", "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib", "versionInfo": "1.3.1",
 "downloadLocation": "https://example.org/zlib-1.3.1.tar.gz", "checksums": [{"algorithm": "SHA256", "checksumValue": "aa"}],
 "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"}],
 "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE"}], "spdxVersion": "SPDX-2.3"}`)
	res := run(t, Options{Root: root, Config: load(t, root, externalsConfig)})
	f := find(res[0].Findings, rules.RuleChecksumMissing)
	// It says why the checksum is gone: the version bump moved the URL.
	if f == nil || f.Package != "zlib" || !strings.Contains(f.Message, "download URL changed from https://example.org/zlib-1.3.1.tar.gz to https://example.org/zlib-1.3.2.tar.gz") {
		t.Fatalf("%+v", res[0].Findings)
	}
	if res[0].New != nil || !strings.Contains(f.Fix, `versionInfo to "1.3.2"`) {
		t.Errorf("offline with a checksum to compute: document generated, or fix unhelpful: %q", f.Fix)
	}
	if !strings.Contains(f.Fix, "run sbomkeeper regen --online to download https://example.org/zlib-1.3.2.tar.gz") {
		t.Errorf("fix does not say how to get the new checksum: %q", f.Fix)
	}
	// Supplying the new version, URL and checksum by hand is enough offline.
	v, _ := spdx.Decode([]byte(strings.NewReplacer("1.3.1", "1.3.2", `"aa"`, `"bb"`).Replace(string(mustRead(t, root, "ext.json")))))
	canonical, _ := spdx.Marshal(v)
	write(t, root, "ext.json", string(canonical))
	res = run(t, Options{Root: root, Config: load(t, root, externalsConfig)})
	if rules.Failed(res[0].Findings) || res[0].Changed() {
		t.Errorf("hand-updated entry: %+v", res[0].Findings)
	}
	write(t, root, "get.bat", "set libraries=%libraries% zlib-1.3.1\nset libraries=%libraries% xz-5.2.5\n")
	res = run(t, Options{Root: root, Config: load(t, root, externalsConfig)})
	if f := find(res[0].Findings, rules.RulePackageSet); f == nil || !strings.Contains(f.Message, "only in get.bat: xz") {
		t.Errorf("package set: %+v", res[0].Findings)
	}
}

const goModConfig = `
[[sbom]]
path = "sbom.spdx.json"
kind = "gomod"
`

func TestGoModKeepsHandEditsAndStamps(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module example.com/App\n\ngo 1.26\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.6.0\n\tgolang.org/x/mod v0.30.0 // indirect\n)\n")
	write(t, root, "go.sum", "github.com/BurntSushi/toml v1.6.0 h1:x\ngithub.com/BurntSushi/toml v1.6.0/go.mod h1:y\ngolang.org/x/mod v0.30.0 h1:z\n")
	cfg := load(t, root, goModConfig)
	t1 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	res := run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t1 }})
	if rules.Failed(res[0].Findings) || res[0].New == nil {
		t.Fatalf("%+v", res[0].Findings)
	}
	Write(root, res)
	d, _ := spdx.Parse(res[0].New)
	if d.CreationInfo.Created != "2026-01-02T03:04:05Z" || len(d.Packages) != 3 ||
		d.Packages[1].ExternalRefs[0].ReferenceLocator != "pkg:golang/github.com/BurntSushi/toml@v1.6.0" ||
		d.Relationships[2].Comment != "indirect" {
		t.Fatalf("document: %s", res[0].New)
	}
	// A person triages a license; regenerating keeps it and does not restamp.
	d.Packages[1].LicenseConcluded = "MIT"
	edited, _ := spdx.Marshal(d)
	os.WriteFile(filepath.Join(root, "sbom.spdx.json"), append(edited, '\n'), 0o644)
	t2 := t1.Add(time.Hour)
	res = run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t2 }})
	if res[0].Changed() {
		t.Fatalf("an up-to-date document changed:\n%s", res[0].New)
	}
	// A dependency upgrade changes the package and the stamp.
	write(t, root, "go.mod", "module example.com/App\n\ngo 1.26\n\nrequire github.com/BurntSushi/toml v1.7.0\n")
	res = run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t2 }})
	if f := find(res[0].Findings, rules.RuleGoSum); f == nil || !strings.Contains(f.Message, "github.com/BurntSushi/toml v1.7.0") {
		t.Errorf("go.sum gap not reported: %+v", res[0].Findings)
	}
	d, _ = spdx.Parse(res[0].New)
	if d.CreationInfo.Created != "2026-01-02T04:04:05Z" || d.Packages[1].VersionInfo != "v1.7.0" || d.Packages[1].LicenseConcluded != "MIT" || len(d.Packages) != 2 {
		t.Errorf("after upgrade: %s", res[0].New)
	}
}

// The main module's declared version (issue 11, item 8) is its versionInfo
// and PURL version; changing it is a change of the document.
func TestGoModDeclaredVersion(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module example.com/App\n\ngo 1.26\n")
	t1 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cfg := load(t, root, goModConfig)
	res := run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t1 }})
	d, _ := spdx.Parse(res[0].New)
	if d.Packages[0].VersionInfo != "" {
		t.Fatalf("undeclared version: %q", d.Packages[0].VersionInfo)
	}
	Write(root, res)
	cfg = load(t, root, goModConfig+"[sbom.gomod]\nversion = \"v0.3.0\"\n")
	res = run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t1.Add(time.Hour) }})
	if !res[0].Changed() {
		t.Fatal("declaring a version did not change the document")
	}
	d, _ = spdx.Parse(res[0].New)
	if p := d.Packages[0]; p.VersionInfo != "v0.3.0" || p.ExternalRefs[0].ReferenceLocator != "pkg:golang/example.com/App@v0.3.0" || d.CreationInfo.Created != "2026-01-02T04:04:05Z" {
		t.Errorf("main module %+v, created %s", p, d.CreationInfo.Created)
	}
	Write(root, res)
	if res = run(t, Options{Root: root, Config: cfg, Now: func() time.Time { return t1.Add(2 * time.Hour) }}); res[0].Changed() {
		t.Error("an up-to-date document with a declared version changed")
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	os.WriteFile(p, []byte("old"), 0o600)
	if err := WriteFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	entries, _ := os.ReadDir(dir)
	if string(data) != "new" || st.Mode().Perm() != 0o600 || len(entries) != 1 {
		t.Errorf("data %q mode %v entries %d", data, st.Mode(), len(entries))
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.json"), []byte("x")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

// A pin that disagrees is an error that does not stop generation; regen must
// still leave the document alone, as CPython's script does (issue 10, defect 3).
func TestErrorFindingHoldsTheDocument(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	cfg := sourceConfig + `
[[sbom.package.pin]]
file = "vendor/zlib/zlib.h"
pattern = 'ZLIB_VERSION "([^"]+)"'
field = "version"
`
	write(t, root, "vendor/zlib/zlib.h", `#define ZLIB_VERSION "1.3.0"`)
	res := run(t, Options{Root: root, Config: load(t, root, cfg)})
	if !res[0].Changed() || !rules.Failed(res[0].Findings) || rules.Blocked(res[0].Findings) {
		t.Fatalf("want a changed document with a non-blocking error, got %+v", res[0].Findings)
	}
	if res[0].Writable() {
		t.Error("a document with an error finding is writable")
	}
	written, err := Write(root, res)
	if err != nil || len(written) != 0 {
		t.Fatalf("Write wrote %v (%v)", written, err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "sbom.json")); string(got) != sourceDoc {
		t.Error("the document on disk changed")
	}
}

// An SBOM path that is a symlink to /dev/zero is a finding, not a run out of
// memory (issue 12, item 2). /dev/zero is outside the root, so it is refused
// before it is opened (item 1).
func TestSBOMThatIsADeviceIsRefused(t *testing.T) {
	root := t.TempDir()
	write(t, root, "vendor/zlib/zlib.h", "a")
	if err := os.Symlink("/dev/zero", filepath.Join(root, "sbom.json")); err != nil {
		t.Fatal(err)
	}
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	if len(res[0].Findings) == 0 || !strings.Contains(res[0].Findings[0].Message, "symbolic link to /dev/zero") || !res[0].Findings[0].Blocking {
		t.Errorf("findings %+v", res[0].Findings)
	}
}

// A hand edit saved while regen runs is not overwritten (issue 12, item 13).
func TestWriteKeepsAnEditMadeDuringTheRun(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	edited := strings.Replace(sourceDoc, "hand-written, kept", "edited meanwhile", 1)
	write(t, root, "sbom.json", edited)
	written, err := Write(root, res)
	if err == nil || !strings.Contains(err.Error(), "sbom.json changed while regen ran") || len(written) != 0 {
		t.Fatalf("written %v, err %v", written, err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "sbom.json")); string(got) != edited {
		t.Error("the edit was overwritten")
	}
}

// A temporary file left by a killed run is reported (issue 12, item 14).
func TestLeftoverTempFilesAreReported(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sbom.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	write(t, root, ".sbom.json.12345.tmp", "half")
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	found := false
	for _, f := range res[0].Findings {
		if f.File == ".sbom.json.12345.tmp" && f.Severity == rules.Warning && strings.Contains(f.Fix, "rm .sbom.json.12345.tmp") {
			found = true
		}
	}
	if !found {
		t.Errorf("findings %+v", res[0].Findings)
	}
}

// A package without a downloadLocation gets a message that names what is
// missing, not "download of " with nothing after it; fix lines carry the
// flags of the user's own command.
func TestChecksumMissingWithoutLocation(t *testing.T) {
	root := t.TempDir()
	write(t, root, "ext.json", `{"SPDXID": "SPDXRef-DOCUMENT", "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib", "versionInfo": "",
 "downloadLocation": "", "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE"}], "spdxVersion": "SPDX-2.3"}`)
	doc, err := spdx.Parse(mustRead(t, root, "ext.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := &config.SBOM{Path: "ext.json"}
	fs := checksum(context.Background(), Options{Regen: "sbomkeeper regen --root proj"}, s, &doc.Packages[0], "", false)
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if strings.Contains(f.Message, "of )") || strings.Contains(f.Fix, " to ,") || !strings.Contains(f.Message, "no downloadLocation") {
		t.Errorf("empty fields printed as nothing: %q / %q", f.Message, f.Fix)
	}
	if !strings.Contains(f.Fix, "sbomkeeper regen --root proj --online") {
		t.Errorf("fix drops the user's flags: %q", f.Fix)
	}
}

// kind = "recipes": versions, URLs and checksums (with their algorithm) come
// from the script's recipe function; a condition the config lacks blocks the
// document with a finding naming the script and line.
func TestRecipes(t *testing.T) {
	root := t.TempDir()
	write(t, root, "build.py", `def library_recipes():
    result = []
    if internalTk():
        result.append(dict(name="Tcl 8.6.16", url="https://example.org/tcl8.6.16.tgz", checksum="91cb8fa61771c63c262efb553059b7c7ad6757afa5857af6265e4b0bdc2a14a5"))
    result.extend([dict(name="XZ 5.2.3", url="http://example.org/xz-5.2.3.tar.gz", checksum="ef68674fb47a8b8e741b34e429d86e9d")])
    return result
`)
	write(t, root, "mac.json", `{"SPDXID": "SPDXRef-DOCUMENT", "packages": [
 {"SPDXID": "SPDXRef-PACKAGE-Tcl", "name": "Tcl", "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE", "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:tcl:tcl:0:*:*:*:*:*:*:*"}]},
 {"SPDXID": "SPDXRef-PACKAGE-XZ", "name": "XZ", "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE", "externalRefs": []}], "spdxVersion": "SPDX-2.3"}`)
	cfg := `[license]
policy = "noassertion"
[[sbom]]
path = "mac.json"
kind = "recipes"
[sbom.recipes]
file = "build.py"
function = "library_recipes"
`
	res := run(t, Options{Root: root, Config: load(t, root, cfg)})
	f := find(res[0].Findings, rules.RuleRecipes)
	if f == nil || !strings.Contains(f.Message, `"internalTk()" (line 3)`) || res[0].New != nil {
		t.Fatalf("without conditions: %+v", res[0].Findings)
	}
	res = run(t, Options{Root: root, Config: load(t, root, cfg+"[sbom.recipes.conditions]\n\"internalTk()\" = true\n")})
	if rules.Failed(res[0].Findings) {
		t.Fatalf("%+v", res[0].Findings)
	}
	doc, _ := spdx.Parse(res[0].New)
	tcl, xz := doc.Packages[0], doc.Packages[1]
	if tcl.VersionInfo != "8.6.16" || tcl.ExternalRefs[0].ReferenceLocator != "cpe:2.3:a:tcl:tcl:8.6.16:*:*:*:*:*:*:*" ||
		xz.Checksums[0].Algorithm != "MD5" || xz.DownloadLocation != "http://example.org/xz-5.2.3.tar.gz" {
		t.Errorf("%+v\n%+v", tcl, xz)
	}
	// Without Tcl/Tk the document has a package the configuration does not build.
	res = run(t, Options{Root: root, Config: load(t, root, cfg+"[sbom.recipes.conditions]\n\"internalTk()\" = false\n")})
	if f := find(res[0].Findings, rules.RulePackageSet); f == nil || !strings.Contains(f.Message, "Tcl") {
		t.Errorf("package set: %+v", res[0].Findings)
	}
}
