package evidence

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCLibraryVersions(t *testing.T) {
	tests := []struct {
		file, data, name, version, cpe string
	}{
		{"Modules/expat/expat.h", "#define XML_MAJOR_VERSION 2\n#define XML_MINOR_VERSION 7\n#define XML_MICRO_VERSION 1\n", "expat", "2.7.1", "cpe:2.3:a:libexpat_project:libexpat:2.7.1:*:*:*:*:*:*:*"},
		{"z/zlib.h", "#define ZLIB_VERSION \"1.3.1.1-motley\"\n", "zlib", "1.3.1.1", "cpe:2.3:a:zlib:zlib:1.3.1.1:*:*:*:*:*:*:*"},
		{"sqlite/sqlite3.c", "/* amalgamation */\n#define SQLITE_VERSION        \"3.45.1\"\n", "sqlite", "3.45.1", "cpe:2.3:a:sqlite:sqlite:3.45.1:*:*:*:*:*:*:*"},
		{"libmpdec/mpdecimal.h", "#define MPD_VERSION \"2.5.1\"\n", "mpdecimal", "2.5.1", "cpe:2.3:a:bytereef:mpdecimal:2.5.1:*:*:*:*:*:*:*"},
		{"pcre2/pcre2.h", "#define PCRE2_MAJOR           10\n#define PCRE2_MINOR           42\n", "pcre2", "10.42", "cpe:2.3:a:pcre:pcre2:10.42:*:*:*:*:*:*:*"},
		{"pcre/pcre.h", "#define PCRE_MAJOR          8\n#define PCRE_MINOR          45\n", "pcre", "8.45", "cpe:2.3:a:pcre:pcre:8.45:*:*:*:*:*:*:*"},
		{"ffi/ffi.h", "/* -----------------------------------------------------------------*-C-*-\n   libffi 3.4.6 - Copyright (c) 2011, 2014, 2019, 2021, 2022, 2024 Anthony Green\n", "libffi", "3.4.6", "cpe:2.3:a:libffi_project:libffi:3.4.6:*:*:*:*:*:*:*"},
		{"bz/bzlib_private.h", "#define BZ_VERSION  \"1.0.8, 13-Jul-2019\"\n", "bzip2", "1.0.8", "cpe:2.3:a:bzip:bzip2:1.0.8:*:*:*:*:*:*:*"},
		{"xz/src/liblzma/api/lzma/version.h", "#define LZMA_VERSION_MAJOR 5\n#define LZMA_VERSION_MINOR 4\n#define LZMA_VERSION_PATCH 6\n", "xz", "5.4.6", "cpe:2.3:a:tukaani:xz:5.4.6:*:*:*:*:*:*:*"},
		{"zstd/lib/zstd.h", "#define ZSTD_VERSION_MAJOR    1\n#define ZSTD_VERSION_MINOR    5\n#define ZSTD_VERSION_RELEASE  6\n", "zstd", "1.5.6", "cpe:2.3:a:facebook:zstandard:1.5.6:*:*:*:*:*:*:*"},
		{"uv/include/uv/version.h", "#define UV_VERSION_MAJOR 1\n#define UV_VERSION_MINOR 48\n#define UV_VERSION_PATCH 0\n", "libuv", "1.48.0", "cpe:2.3:a:libuv:libuv:1.48.0:*:*:*:*:*:*:*"},
		{"curl/include/curl/curlver.h", "#define LIBCURL_VERSION \"8.5.0-DEV\"\n", "curl", "8.5.0", "cpe:2.3:a:haxx:libcurl:8.5.0:*:*:*:*:*:*:*"},
		{"la/libarchive/archive.h", "#define\tARCHIVE_VERSION_ONLY_STRING \"3.7.2\"\n", "libarchive", "3.7.2", "cpe:2.3:a:libarchive:libarchive:3.7.2:*:*:*:*:*:*:*"},
		{"ng/lib/includes/nghttp2/nghttp2ver.h", "#define NGHTTP2_VERSION \"1.58.0\"\n", "nghttp2", "1.58.0", "cpe:2.3:a:nghttp2:nghttp2:1.58.0:*:*:*:*:*:*:*"},
		{"ssl/include/openssl/opensslv.h", "# define OPENSSL_VERSION_TEXT \"OpenSSL 1.1.1w  11 Sep 2023\"\n", "openssl", "1.1.1w", "cpe:2.3:a:openssl:openssl:1.1.1w:*:*:*:*:*:*:*"},
		{"ssl3/opensslv.h", "#  define OPENSSL_VERSION_TEXT \"OpenSSL 3.0.13 30 Jan 2024\"\n", "openssl", "3.0.13", "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"},
		{"jsoncpp/include/json/version.h", "#define JSONCPP_VERSION_STRING \"1.9.5\"\n", "jsoncpp", "1.9.5", ""},
	}
	for _, tt := range tests {
		fs := CLibrary(tt.file, []byte(tt.data))
		if len(fs) != 1 {
			t.Errorf("%s: %d findings, want 1: %+v", tt.file, len(fs), fs)
			continue
		}
		f := fs[0]
		if f.Name != tt.name || f.Version != tt.version || f.CPE != tt.cpe || f.Kind != KindMacro || f.Line < 1 {
			t.Errorf("%s: got %s %s %q (%s:%d), want %s %s %q", tt.file, f.Name, f.Version, f.CPE, f.File, f.Line, tt.name, tt.version, tt.cpe)
		}
		// The pin init writes must read the same version back.
		if len(f.Pins) != 1 {
			t.Errorf("%s: pins %+v", tt.file, f.Pins)
			continue
		}
		var parts []string
		for _, p := range f.Pins[0].Patterns {
			m := regexp.MustCompile(p).FindStringSubmatch(tt.data)
			if m == nil {
				t.Errorf("%s: pin pattern %q does not match", tt.file, p)
				continue
			}
			parts = append(parts, m[1])
		}
		if strings.Join(parts, ".") != tt.version {
			t.Errorf("%s: pin reads %q, want %q", tt.file, strings.Join(parts, "."), tt.version)
		}
	}
}

func TestCLibraryNeedsDefinitions(t *testing.T) {
	for name, data := range map[string]string{
		"use, not definition": "printf(\"%s\", ZLIB_VERSION);\n#if ZLIB_VERNUM > 0x1200\n",
		"expat, one macro":    "#define XML_MAJOR_VERSION 2\n",
		"commented":           "// see #define SQLITE_VERSION \"3.0.0\" upstream\n",
		"binary":              "\x00\x01#define ZLIB_VERSION \"1.2.3\"\n",
		"pyexpat-like caller": "parser = XML_ParserCreate_MM(encoding, &memsuite, sep);\n",
	} {
		if fs := CLibrary("x.c", []byte(data)); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

func TestCLibrarySignatures(t *testing.T) {
	fs := CLibrary("lib/xml/xmlparse.cpp", []byte("/* a C++ copy */\nstatic const XML_Char implicitContext[] = {\n"))
	if len(fs) != 1 || fs[0].Name != "expat" || fs[0].Kind != KindSignature || fs[0].Version != "" || fs[0].Line != 2 || fs[0].CPE != "" {
		t.Errorf("xmlparse.cpp: %+v", fs)
	}
	fs = CLibrary("third_party/double-conversion/double-conversion/strtod.cc", []byte("#include <climits>\n\nnamespace double_conversion {\n"))
	if len(fs) != 1 || fs[0].Name != "double-conversion" || fs[0].Dir != "third_party/double-conversion" || fs[0].Line != 3 {
		t.Errorf("double-conversion: %+v", fs)
	}
	fs = CLibrary("Modules/_ctypes/libffi_osx/include/ffi.h", []byte("/* -----------------------------------------------------------------*-C-*-\n   libffi PyOBJC - Copyright (c) 1996-2003  Red Hat, Inc.\n"))
	if len(fs) != 1 || fs[0].Name != "libffi" || fs[0].Version != "" || fs[0].Dir != "Modules/_ctypes/libffi_osx" || fs[0].Line != 2 {
		t.Errorf("CPython 3.11's libffi_osx: %+v", fs)
	}
	fs = CLibrary("impl/blake2.h", []byte("/*\n   BLAKE2 reference source code package - optimized C implementations\n*/\n"))
	if len(fs) != 1 || fs[0].Name != "libb2" || fs[0].CPE != "" {
		t.Errorf("libb2 without a version must have no CPE: %+v", fs)
	}
}

func TestLibraryRoot(t *testing.T) {
	uv := libraries[slices.IndexFunc(libraries, func(l library) bool { return l.name == "libuv" })]
	zlib := libraries[slices.IndexFunc(libraries, func(l library) bool { return l.name == "zlib" })]
	for file, want := range map[string]string{
		"deps/uv/include/uv/version.h": "deps/uv",
		"uv/version.h":                 "uv", // a directory called uv is not a header directory below include/
		"third/zstd/lib/zstd.h":        "third/zstd",
		"include/zlib.h":               "include", // never the root
		"zlib.h":                       "",
		"Modules/expat/expat.h":        "Modules/expat",
	} {
		lib := zlib
		if strings.Contains(file, "uv") {
			lib = uv
		}
		if got := libraryRoot(file, lib); got != want {
			t.Errorf("libraryRoot(%q) = %q, want %q", file, got, want)
		}
	}
}

func fakeTree(files ...string) Tree { return NewTree(files) }

func TestScriptRefresh(t *testing.T) {
	script := `#!/usr/bin/env bash
# Update this when updating to a new version after verifying that the changes
expected_libexpat_tag="R_2_7_1"
expected_libexpat_version="2.7.1"
expected_libexpat_sha256="0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2"
curl --location "https://github.com/libexpat/libexpat/releases/download/${expected_libexpat_tag}/expat-${expected_libexpat_version}.tar.gz" > libexpat.tar.gz
declare -a lib_files
lib_files=(
  ascii.h
  xmlparse.c
  missing.h
)
`
	tr := fakeTree("M/expat/refresh.sh", "M/expat/ascii.h", "M/expat/xmlparse.c", "M/expat/expat_config.h")
	fs := Script("M/expat/refresh.sh", []byte(script), tr)
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Name != "libexpat" || f.Version != "2.7.1" || f.Line != 4 || f.Dir != "M/expat" ||
		f.DownloadLocation != "https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz" ||
		f.SHA256 != "0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2" {
		t.Errorf("%+v", f)
	}
	if !slices.Equal(f.Files, []string{"M/expat/ascii.h", "M/expat/xmlparse.c"}) || !slices.Equal(f.Own, []string{"M/expat/refresh.sh"}) {
		t.Errorf("files %q own %q", f.Files, f.Own)
	}
	if len(f.Pins) != 2 || f.Pins[0].Field != "version" || f.Pins[1].Field != "sha256" {
		t.Fatalf("pins %+v", f.Pins)
	}
	for _, p := range f.Pins {
		m := regexp.MustCompile(p.Patterns[0]).FindStringSubmatch(script)
		if m == nil || (p.Field == "version" && m[1] != "2.7.1") || (p.Field == "sha256" && m[1] != f.SHA256) {
			t.Errorf("pin %+v reads %q", p, m)
		}
	}
}

func TestScriptReadonlyTagAndRepo(t *testing.T) {
	script := "#!/usr/bin/env bash\nset -e\nreadonly repo=nodejs/llhttp\nreadonly tag=v9.2.1\n" +
		"git clone --branch \"$tag\" \"https://github.com/$repo\" \"$tmp\"\ncp -r \"$tmp/src\" \"$ROOT/deps/llhttp/\"\n"
	fs := Script("tools/update-llhttp.bash", []byte(script), fakeTree("tools/update-llhttp.bash", "deps/llhttp/llhttp.c"))
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Name != "llhttp" || f.Version != "9.2.1" || f.Dir != "deps/llhttp" || f.DownloadLocation != "git+https://github.com/nodejs/llhttp@v9.2.1" || len(f.Own) != 0 || f.Line != 4 {
		t.Errorf("%+v", f)
	}
	if m := regexp.MustCompile(f.Pins[0].Patterns[0]).FindStringSubmatch(script); m == nil || m[1] != "9.2.1" {
		t.Errorf("pin %q reads %q", f.Pins[0].Patterns[0], m)
	}
}

func TestScriptWithoutUpstream(t *testing.T) {
	if fs := Script("update.sh", []byte("#!/bin/sh\nmake all\nversion=1.0\n"), fakeTree()); fs != nil {
		t.Errorf("a script naming no upstream: %+v", fs)
	}
	// A checksum with no download it belongs to is dropped, with its pin.
	fs := Script("x/update.sh", []byte("#!/bin/sh\n# https://example.com/x\nVERSION=1.2\nSHA256=0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2\n"), fakeTree())
	if len(fs) != 1 || fs[0].SHA256 != "" || fs[0].DownloadLocation != "" || len(fs[0].Pins) != 1 || fs[0].Version != "1.2" {
		t.Errorf("%+v", fs)
	}
}

func TestScriptNames(t *testing.T) {
	for name, want := range map[string]bool{
		"refresh.sh": true, "update-zlib.bash": true, "fetch_macholib": true, "fetch_macholib.bat": true,
		"update_file.py": false, "get_externals.bat": false, "synchronize.py": false, "main.c": false,
	} {
		if IsScriptName(name) != want {
			t.Errorf("IsScriptName(%q) = %v", name, !want)
		}
	}
}

func TestChromium(t *testing.T) {
	data := "Name: zlib data compression library\nShort Name: zlib\nURL: https://zlib.net/zlib-1.3.1.tar.gz\nVersion: 1.3.1\nCPEPrefix: cpe:/a:zlib:zlib:1.3.1\nLicense: Zlib\nLicense File: LICENSE\n\nDescription:\nGeneral purpose compression library\n"
	fs := Chromium("third_party/zlib/README.chromium", []byte(data))
	if len(fs) != 1 || fs[0].Name != "zlib" || fs[0].Version != "1.3.1" || fs[0].Line != 4 || fs[0].CPE != "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*" ||
		fs[0].License != "Zlib (License File: LICENSE)" || fs[0].DownloadLocation != "https://zlib.net/zlib-1.3.1.tar.gz" || fs[0].Dir != "third_party/zlib" {
		t.Errorf("%+v", fs)
	}
	fs = Chromium("a/README.chromium", []byte("Name: a\nVersion: N/A\nRevision: 0123abc\nCPEPrefix: cpe:/a:a:a:2.0\n"))
	if len(fs) != 1 || fs[0].Version != "0123abc" || fs[0].Line != 3 || fs[0].CPE != "" {
		t.Errorf("a revision, and a CPE prefix of another version (no CPE): %+v", fs)
	}
	if fs := Chromium("b/README.chromium", []byte("nothing here\n")); fs != nil {
		t.Errorf("%+v", fs)
	}
}

func TestAndroid(t *testing.T) {
	data := `# proto-file: build/soong/compliance/project_metadata.proto
name: "zlib"
description: "The zlib " "library"
third_party {
  homepage: "https://zlib.net/"
  identifier {
    type: "Archive"
    value: "https://zlib.net/zlib-1.3.1.tar.gz"
  }
  url { type: ARCHIVE value: "https://zlib.net/zlib-1.3.1.tar.gz" }
  version: "v1.3.1"
  license_type: NOTICE
  last_upgrade_date { year: 2024 month: 1 day: 22 }
  security {
    tag: "NVD-CPE2.3:cpe:/a:zlib:zlib:1.3.1"
  }
}
`
	fs := Android("external/zlib/METADATA", []byte(data))
	if len(fs) != 1 || fs[0].Name != "zlib" || fs[0].Version != "1.3.1" || fs[0].Line != 11 || fs[0].License != "NOTICE" ||
		fs[0].CPE != "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*" || fs[0].DownloadLocation != "https://zlib.net/zlib-1.3.1.tar.gz" {
		t.Errorf("%+v", fs)
	}
	for name, data := range map[string]string{
		"a wheel's METADATA": "Metadata-Version: 2.1\nName: pip\nVersion: 25.0\n",
		"unterminated":       "name: \"zlib\nthird_party {}\n",
		"unclosed":           "name: \"zlib\"\nthird_party {\n",
		"deep":               "name: \"x\"\nthird_party " + strings.Repeat("{ a ", 100) + strings.Repeat("}", 100),
		"no third_party":     "name: \"x\"\n",
	} {
		if fs := Android("x/METADATA", []byte(data)); fs != nil {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

func TestCargo(t *testing.T) {
	fs, err := Cargo("vendor/itoa/.cargo-checksum.json", []byte(`{"files":{"src/lib.rs":"ab"},"package":"49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b"}`),
		[]byte("[package]\nedition = \"2018\"\nname = \"itoa\"\nversion = \"1.0.11\"\n"))
	if err != nil || len(fs) != 1 || fs[0].PURL != "pkg:cargo/itoa@1.0.11" || fs[0].Line != 4 || fs[0].File != "vendor/itoa/Cargo.toml" ||
		fs[0].SHA256 != "49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b" {
		t.Errorf("%+v %v", fs, err)
	}
	if _, err := Cargo("v/x/.cargo-checksum.json", []byte(`{}`), []byte("[package]\nname = \"x\"\nversion.workspace = true\n")); err == nil || !strings.Contains(err.Error(), "v/x/Cargo.toml") {
		t.Errorf("a version that is not a string: %v", err)
	}
	if _, err := Cargo("v/x/.cargo-checksum.json", []byte(`not json`), nil); err == nil || !strings.Contains(err.Error(), "v/x/.cargo-checksum.json") {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestGoVendor(t *testing.T) {
	data := "# golang.org/x/text v0.14.0\n## explicit; go 1.18\ngolang.org/x/text/unicode/norm\n" +
		"# example.com/old v1.0.0 => example.com/new v1.1.0\nexample.com/old/pkg\n" +
		"# example.com/local v0.0.0 => ../local\nexample.com/local\n" +
		"# example.com/unused v1.0.0\n"
	tr := fakeTree("vendor/modules.txt", "vendor/golang.org/x/text/unicode/norm/norm.go", "vendor/example.com/old/pkg/a.go", "vendor/example.com/local/l.go")
	fs := GoVendor("vendor/modules.txt", []byte(data), tr)
	if len(fs) != 2 || fs[0].Name != "golang.org/x/text" || fs[0].Dir != "vendor/golang.org/x/text" || fs[0].Line != 1 ||
		fs[1].Name != "example.com/new" || fs[1].Version != "v1.1.0" || fs[1].Dir != "vendor/example.com/old" || fs[1].PURL != "pkg:golang/example.com/new@v1.1.0" {
		t.Errorf("%+v", fs)
	}
}

func TestPythonVendor(t *testing.T) {
	tr := fakeTree("p/_vendor/vendor.txt", "p/_vendor/six.py", "p/_vendor/typing_extensions/__init__.py")
	fs, err := PythonVendor("p/_vendor/vendor.txt", []byte("six==1.16.0\ntyping-extensions==4.12.2\ngone==1.0\n"), tr)
	if err != nil || len(fs) != 2 || fs[0].Dir != "p/_vendor" || !slices.Equal(fs[0].Files, []string{"p/_vendor/six.py"}) ||
		fs[1].Dir != "p/_vendor/typing_extensions" || fs[1].PURL != "pkg:pypi/typing-extensions@4.12.2" || fs[1].Line != 2 {
		t.Errorf("%+v %v", fs, err)
	}
	if _, err := PythonVendor("p/_vendor/vendor.txt", []byte("six>=1\n"), tr); err == nil || !strings.Contains(err.Error(), "p/_vendor/vendor.txt") {
		t.Errorf("a pin that is not exact: %v", err)
	}
}

func TestNoteLicenseAndTestPaths(t *testing.T) {
	fs := Note("L/macholib/README.ctypes", []byte("Files in this directory come from Bob Ippolito's py2app.\n\nThis is version 1.0, SVN revision 789.\n"))
	if len(fs) != 1 || fs[0].Version != "1.0" || fs[0].Line != 3 || !slices.Equal(fs[0].Own, []string{"L/macholib/README.ctypes"}) {
		t.Errorf("%+v", fs)
	}
	if fs := Note("README.md", []byte("# Our project, version 2.0\n")); fs != nil {
		t.Errorf("an ordinary README: %+v", fs)
	}
	root := [][]byte{[]byte("Our  license\ntext\n")}
	if fs := License("docs/LICENSE", []byte("Our license text"), root); fs != nil {
		t.Errorf("the root's license, reflowed, is no boundary: %+v", fs)
	}
	if fs := License("lib/x/COPYING", []byte("MIT"), root); len(fs) != 1 || fs[0].Dir != "lib/x" {
		t.Errorf("%+v", fs)
	}
	for name, want := range map[string]bool{"LICENSE": true, "LICENSE.txt": true, "COPYING": true, "LICENSE-MIT": true, "license.rst": false, "License.rtf": false, "LICENSES": false} {
		if IsLicenseName(name) != want {
			t.Errorf("IsLicenseName(%q) = %v", name, !want)
		}
	}
	for p, want := range map[string]bool{"Lib/test/x.whl": true, "a/tests/zlib.h": true, "Lib/test_zoneinfo/d/x": true, "testdata.c": false, "src/zlib.h": false, "contest/x.h": false} {
		if IsTestPath(p) != want {
			t.Errorf("IsTestPath(%q) = %v", p, !want)
		}
	}
}

func TestScanReportsWhatItCannotRead(t *testing.T) {
	root := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("big/blob.bin", make([]byte, maxRead+1))
	write("dist/broken-1.0-py3-none-any.whl", []byte("not a zip"))
	write("tests/fixtures/also-broken-1.0-py3-none-any.whl", []byte("not a zip"))
	write("z/zlib.h", []byte("#define ZLIB_VERSION \"1.3.1\"\n"))
	res, err := Scan(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.TooLarge, []string{"big/blob.bin"}) {
		t.Errorf("too large: %q", res.TooLarge)
	}
	if len(res.Problems) != 1 || res.Problems[0].File != "dist/broken-1.0-py3-none-any.whl" {
		t.Errorf("problems: %+v", res.Problems)
	}
	if len(res.Ignored) != 1 || res.Ignored[0].File != "tests/fixtures/also-broken-1.0-py3-none-any.whl" {
		t.Errorf("ignored: %+v", res.Ignored)
	}
	if len(res.Findings) != 1 || res.Findings[0].Name != "zlib" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

func TestScanCargoManifestFromTheListingOnly(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(dir, rel string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(outside, "Cargo.toml", []byte("[package]\nname = \"secret\"\nversion = \"9.9.9\"\n"))
	write(root, "vendor/a/.cargo-checksum.json", []byte(`{"files":{}}`))
	if err := os.Symlink(filepath.Join(outside, "Cargo.toml"), filepath.Join(root, "vendor/a/Cargo.toml")); err != nil {
		t.Skip(err)
	}
	write(root, "vendor/b/.cargo-checksum.json", []byte(`{"files":{}}`))
	write(root, "vendor/c/.cargo-checksum.json", []byte(`{"files":{}}`))
	write(root, "vendor/c/Cargo.toml", []byte("[package]\nname = \"itoa\"\nversion = \"1.0.0\"\n"))
	res, err := Scan(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, p := range res.Problems {
		problems = append(problems, p.File)
	}
	if !slices.Equal(problems, []string{"vendor/a/.cargo-checksum.json", "vendor/b/.cargo-checksum.json"}) {
		t.Errorf("problems: %+v", res.Problems)
	}
	if len(res.Findings) != 1 || res.Findings[0].Name != "itoa" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

// Adjacent strings join in linear time: under quadratic copying these 400,000
// pieces (a 2 MB file, under maxRead) took about two minutes.
func TestTextProtoAdjacentStrings(t *testing.T) {
	const n = 400_000
	n1, err := parseTextProto([]byte("name: " + strings.Repeat(`"ab" `, n) + "\nx: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v := n1.value("name"); v == nil || len(v.text) != 2*n || v.text[:4] != "abab" {
		t.Fatalf("name: %v", v != nil)
	}
	if v := n1.value("x"); v == nil || v.text != "1" || v.line != 2 {
		t.Errorf("x: %+v", v)
	}
}
