package externals

import (
	"regexp"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// cpythonPattern is the pattern CPython's generate_sbom.py uses for
// PCbuild/get_externals.bat.
var cpythonPattern = regexp.MustCompile(`set\s+libraries\s*=\s*%libraries%\s+([a-zA-Z0-9.-]+)\s`)

const bat = `set libraries=
set libraries=%libraries%                                       bzip2-1.0.8
if NOT "%IncludeLibffiSrc%"=="false" set libraries=%libraries%  libffi-3.4.4
set libraries=%libraries%                                       sqlite-3.49.1.0
if NOT "%IncludeTkinterSrc%"=="false" set libraries=%libraries% tcl-core-8.6.15.0
`

func TestParseCPythonScript(t *testing.T) {
	got, err := Parse([]byte(bat), cpythonPattern)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{"bzip2", "1.0.8", "bzip2-1.0.8", 2},
		{"libffi", "3.4.4", "libffi-3.4.4", 3},
		{"sqlite", "3.49.1.0", "sqlite-3.49.1.0", 4},
		{"tcl-core", "8.6.15.0", "tcl-core-8.6.15.0", 5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseNamedGroupsAndErrors(t *testing.T) {
	re := regexp.MustCompile(`(?m)^fetch (?P<name>\S+) (?P<version>\S+)$`)
	got, err := Parse([]byte("fetch zlib 1.3\nfetch zlib 1.3\n"), re)
	if err != nil || len(got) != 1 || got[0].Tag != "zlib-1.3" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := Parse([]byte("fetch zlib 1.3\nfetch zlib 1.4\n"), re); err == nil {
		t.Error("conflicting versions accepted")
	}
	if _, err := Parse([]byte("set libraries=%libraries% nodash "), cpythonPattern); err == nil {
		t.Error("entry without a version accepted")
	}
}

func TestSetCPEField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cpe:2.3:a:bzip:bzip2:1.0.6:*:*:*:*:*:*:*", "cpe:2.3:a:bzip:bzip2:9:*:*:*:*:*:*:*"},
		{"cpe:2.3:a:bzip:bzip2:1.0.6", "cpe:2.3:a:bzip:bzip2:1.0.6"},   // nothing follows the version
		{"cpe:2.3::bzip:bzip2:1.0.6:*", "cpe:2.3::bzip:bzip2:1.0.6:*"}, // empty field before it
		{"pkg:x", "pkg:x"},
	}
	for _, tc := range tests {
		if got := SetCPEField(tc.in, 6, "9"); got != tc.want {
			t.Errorf("SetCPEField(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestApplyDropsChecksumsWhenURLChanges(t *testing.T) {
	cfg := &config.Externals{DownloadURL: "https://example.org/{tag}.tar.gz", CPEVersionField: 6}
	doc := &spdx.Document{Packages: []spdx.Package{
		{Name: "zlib", VersionInfo: "1.3", DownloadLocation: "https://example.org/zlib-1.3.tar.gz",
			Checksums:    []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "aa"}},
			ExternalRefs: []spdx.ExternalRef{{ReferenceType: "cpe23Type", ReferenceLocator: "cpe:2.3:a:zlib:zlib:1.3:*:*:*:*:*:*:*"}}},
		{Name: "xz", VersionInfo: "5", DownloadLocation: "https://example.org/xz-5.tar.gz",
			Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "bb"}}},
	}}
	dropped := Apply(doc, []Entry{{"zlib", "1.3.1", "zlib-1.3.1", 1}, {"xz", "5", "xz-5", 2}}, cfg)
	if len(dropped) != 1 || dropped[0] != "zlib" {
		t.Fatalf("dropped = %v", dropped)
	}
	z := doc.Packages[0]
	if z.VersionInfo != "1.3.1" || z.Checksums != nil || z.DownloadLocation != "https://example.org/zlib-1.3.1.tar.gz" ||
		z.ExternalRefs[0].ReferenceLocator != "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*" {
		t.Errorf("zlib not updated: %+v", z)
	}
	if doc.Packages[1].Checksums == nil {
		t.Error("xz lost its checksums although its URL did not change")
	}
}

// FuzzParse: any script and either pattern style must parse or fail cleanly, and
// every entry must be non-empty name-version.
func FuzzParse(f *testing.F) {
	f.Add([]byte(bat))
	f.Add([]byte("set libraries=%libraries% a-b-c-1 \nset libraries=%libraries% a-b-c-2 "))
	f.Add([]byte("set  libraries = %libraries%\t-1 "))
	f.Fuzz(func(t *testing.T, script []byte) {
		entries, err := Parse(script, cpythonPattern)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Name == "" || e.Version == "" || e.Tag != e.Name+"-"+e.Version || seen[e.Name] || e.Line < 1 {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.Name] = true
		}
	})
}
