package propose

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/evidence"
)

// writeTree creates files (path -> contents) under a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, data := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// wheelBytes is a minimal wheel of name and version vendoring pins.
func wheelBytes(t *testing.T, name, version string, vendorTxt string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(n, data string) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	add(name+"/__init__.py", "")
	add(name+"-"+version+".dist-info/METADATA", "Metadata-Version: 2.1\nName: "+name+"\nVersion: "+version+"\n")
	if vendorTxt != "" {
		add(name+"/_vendor/vendor.txt", vendorTxt)
		for _, line := range strings.Split(strings.TrimSpace(vendorTxt), "\n") {
			mod, _, _ := strings.Cut(line, "==")
			add(name+"/_vendor/"+mod+"/__init__.py", "")
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

const rootLicense = "Copyright the project. All rights reserved, as our LICENSE says.\n"

// syntheticTree has one library per kind of evidence init reads.
func syntheticTree(t *testing.T) string {
	return writeTree(t, map[string]string{
		"LICENSE": rootLicense,
		"main.c":  "int main(void) { return 0; }\n",
		// C version macros, in a directory of any name.
		"third_party/z/zlib.h":    "#ifndef ZLIB_H\n#define ZLIB_H\n#define ZLIB_VERSION \"1.3.1\"\n#endif\n",
		"third_party/z/inflate.c": "/* inflate */\n",
		// A .cpp copy of xmlparse.c and a renamed expat.h are still expat.
		"src/xml/parser.cpp":    "/* xmlparse.c */\nstatic const XML_Char implicitContext[] = {0};\n",
		"src/xml/expat_api.hpp": "#define XML_MAJOR_VERSION 2\n#define XML_MINOR_VERSION 6\n#define XML_MICRO_VERSION 4\n",
		// Headers below include/ and the library's own header directory.
		"deps/uv/include/uv/version.h": "#define UV_VERSION_MAJOR 1\n#define UV_VERSION_MINOR 48\n#define UV_VERSION_PATCH 0\n",
		"deps/uv/src/uv-common.c":      "/* libuv */\n",
		// A refresh.sh that pins a revision and lists what it copies.
		"Modules/_lib/refresh.sh": "#!/bin/sh\n# from https://github.com/example/fastlib\nexpected_fastlib_rev=0123456789abcdef0123456789abcdef01234567\nfiles=(\n  fast.c\n  fast.h\n)\n",
		"Modules/_lib/fast.c":     "int fast;\n",
		"Modules/_lib/fast.h":     "extern int fast;\n",
		"Modules/_lib/glue.c":     "/* ours */\n",
		// An update-*.bash that pins a tag and copies into another directory.
		"tools/update-llhttp.bash": "#!/usr/bin/env bash\nset -e\nreadonly repo=\"https://github.com/nodejs/llhttp\"\nreadonly tag=\"v9.2.1\"\ngit clone --branch \"$tag\" \"$repo\" \"$tmp\"\ncp -r \"$tmp/src\" deps/llhttp\n",
		"deps/llhttp/llhttp.c":     "/* llhttp */\n",
		// Chromium's metadata.
		"third_party/libpng/README.chromium": "Name: libpng\nShort Name: libpng\nURL: http://libpng.org/\nVersion: 1.6.43\nCPEPrefix: cpe:/a:libpng:libpng:1.6.43\nLicense: libpng-2.0\n",
		"third_party/libpng/png.c":           "/* png */\n",
		// Android's metadata and license marker.
		"external/fmtlib/METADATA":           "name: \"fmtlib\"\nthird_party {\n  url {\n    type: GIT\n    value: \"https://github.com/fmtlib/fmt\"\n  }\n  version: \"10.2.1\"\n  license_type: NOTICE\n  security {\n    tag: \"NVD-CPE2.3:cpe:/a:fmt:fmt:10.2.1\"\n  }\n}\n",
		"external/fmtlib/MODULE_LICENSE_MIT": "",
		"external/fmtlib/format.cc":          "// fmt\n",
		// cargo vendor.
		"rust/vendor/itoa/.cargo-checksum.json": `{"files":{},"package":"49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b"}`,
		"rust/vendor/itoa/Cargo.toml":           "[package]\nname = \"itoa\"\nversion = \"1.0.11\"\n",
		"rust/vendor/itoa/src/lib.rs":           "// itoa\n",
		// Go vendor/modules.txt.
		"gosrc/vendor/modules.txt":                            "# golang.org/x/text v0.14.0\n## explicit; go 1.18\ngolang.org/x/text/unicode/norm\n# example.com/gone v1.0.0\n## explicit\n",
		"gosrc/vendor/golang.org/x/text/LICENSE":              "BSD-3-Clause text of x/text\n",
		"gosrc/vendor/golang.org/x/text/unicode/norm/norm.go": "package norm\n",
		// Python _vendor/vendor.txt: a package directory and a module file.
		"pylib/_vendor/vendor.txt":                    "six==1.16.0\ntyping-extensions==4.12.2\n",
		"pylib/_vendor/six.py":                        "__version__ = '1.16.0'\n",
		"pylib/_vendor/typing_extensions/__init__.py": "",
		// A wheel with its vendored pins.
		"ensure/_bundled/demo-2.0-py3-none-any.whl": wheelBytes(t, "demo", "2.0", "idna==3.7\n"),
		// A README saying where the files came from.
		"Lib/ctypes/machlib/README.ctypes": "Files in this directory come from Bob's py2app.\n\nThis is version 1.0, from 2006.\n",
		"Lib/ctypes/machlib/dyld.py":       "# dyld\n",
		// A directory with its own license and nothing else.
		"extras/blob/LICENSE": "MIT License, not ours\n",
		"extras/blob/blob.c":  "/* blob */\n",
		// The root's license text below the root is no boundary.
		"docs/LICENSE": rootLicense,
		// Test data is not proposed.
		"tests/data/zlib.h": "#define ZLIB_VERSION \"1.2.3\"\n",
	})
}

func TestSyntheticTreeEveryEvidenceKind(t *testing.T) {
	root := syntheticTree(t)
	res, err := evidence.Scan(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	p := Propose(res)
	byName := map[string]Package{}
	for _, pkg := range p.Packages {
		byName[pkg.Name] = pkg
	}
	want := []struct {
		name, version, kind, cpe, purl, download string
		include, exclude                         []string
	}{
		{name: "zlib", version: "1.3.1", kind: "c-macro", cpe: "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*", include: []string{"third_party/z/**"}},
		{name: "expat", version: "2.6.4", kind: "c-macro", cpe: "cpe:2.3:a:libexpat_project:libexpat:2.6.4:*:*:*:*:*:*:*", include: []string{"src/xml/**"}},
		{name: "libuv", version: "1.48.0", kind: "c-macro", cpe: "cpe:2.3:a:libuv:libuv:1.48.0:*:*:*:*:*:*:*", include: []string{"deps/uv/**"}},
		{name: "fastlib", version: "0123456789abcdef0123456789abcdef01234567", kind: "update-script",
			download: "git+https://github.com/example/fastlib@0123456789abcdef0123456789abcdef01234567",
			include:  []string{"Modules/_lib/fast.c", "Modules/_lib/fast.h"}},
		{name: "llhttp", version: "9.2.1", kind: "update-script", download: "git+https://github.com/nodejs/llhttp@v9.2.1", include: []string{"deps/llhttp/**"}},
		{name: "libpng", version: "1.6.43", kind: "readme-chromium", cpe: "cpe:2.3:a:libpng:libpng:1.6.43:*:*:*:*:*:*:*",
			include: []string{"third_party/libpng/png.c"}}, // one include beats "**" with an exclude
		{name: "fmtlib", version: "10.2.1", kind: "android-metadata", cpe: "cpe:2.3:a:fmt:fmt:10.2.1:*:*:*:*:*:*:*",
			download: "git+https://github.com/fmtlib/fmt@10.2.1",
			include:  []string{"external/fmtlib/format.cc"}},
		{name: "itoa", version: "1.0.11", kind: "cargo-vendor", purl: "pkg:cargo/itoa@1.0.11", include: []string{"rust/vendor/itoa/**"}},
		{name: "golang.org/x/text", version: "v0.14.0", kind: "go-vendor", purl: "pkg:golang/golang.org/x/text@v0.14.0", include: []string{"gosrc/vendor/golang.org/x/text/**"}},
		{name: "six", version: "1.16.0", kind: "python-vendor", purl: "pkg:pypi/six@1.16.0", include: []string{"pylib/_vendor/six.py"}},
		{name: "typing-extensions", version: "4.12.2", kind: "python-vendor", purl: "pkg:pypi/typing-extensions@4.12.2", include: []string{"pylib/_vendor/typing_extensions/**"}},
		{name: "machlib", version: "1.0", kind: "provenance-note", include: []string{"Lib/ctypes/machlib/dyld.py"}},
	}
	for _, w := range want {
		got, ok := byName[w.name]
		if !ok {
			t.Errorf("no package %s; got %v", w.name, names(p.Packages))
			continue
		}
		if got.Version != w.version {
			t.Errorf("%s: version %q, want %q", w.name, got.Version, w.version)
		}
		if !slices.ContainsFunc(got.Evidence, func(f evidence.Finding) bool { return string(f.Kind) == w.kind }) {
			t.Errorf("%s: no %s evidence: %+v", w.name, w.kind, got.Evidence)
		}
		if got.CPE != w.cpe || got.PURL != w.purl {
			t.Errorf("%s: CPE %q PURL %q, want %q %q", w.name, got.CPE, got.PURL, w.cpe, w.purl)
		}
		if w.download != "" && got.DownloadLocation != w.download {
			t.Errorf("%s: downloadLocation %q, want %q", w.name, got.DownloadLocation, w.download)
		}
		if !slices.Equal(got.Include, w.include) || !slices.Equal(got.Exclude, w.exclude) {
			t.Errorf("%s: include %q exclude %q, want %q %q", w.name, got.Include, got.Exclude, w.include, w.exclude)
		}
		if len(got.Triage) == 0 || !strings.HasPrefix(got.Triage[0], "license:") {
			t.Errorf("%s: triage does not start with the license: %q", w.name, got.Triage)
		}
		for _, f := range got.Evidence {
			if f.File == "" {
				t.Errorf("%s: evidence without a file: %+v", w.name, f)
			}
		}
	}
	if len(p.Packages) != len(want) {
		t.Errorf("got %d packages, want %d: %v", len(p.Packages), len(want), names(p.Packages))
	}
	if fm := byName["fmtlib"]; !strings.Contains(fm.Triage[0], "MIT") || !strings.Contains(fm.Triage[0], "NOTICE") {
		t.Errorf("fmtlib's license triage does not name MODULE_LICENSE_MIT and license_type NOTICE: %q", fm.Triage[0])
	}
	if len(p.Bundles) != 1 || p.Bundles[0].Name != "demo" || p.Bundles[0].Version != "2.0" ||
		p.Bundles[0].Path != "ensure/_bundled/demo-*.whl" || p.Bundles[0].Vendored != "demo/_vendor/vendor.txt" ||
		len(p.Bundles[0].Evidence.Wheel.Vendored) != 1 {
		t.Errorf("bundles: %+v", p.Bundles)
	}
	var unattributed []string
	for _, u := range p.Unattributed {
		unattributed = append(unattributed, u.Path)
	}
	wantU := []string{"Modules/_lib/glue.c", "extras/blob/"}
	if !slices.Equal(unattributed, wantU) {
		t.Errorf("unattributed %q, want %q", unattributed, wantU)
	}
	if len(p.Ignored) != 1 || p.Ignored[0].File != "tests/data/zlib.h" {
		t.Errorf("ignored: %+v", p.Ignored)
	}

	// The rendered config loads, and says what the proposal says.
	cfg, err := config.Parse("sbomkeeper.toml", Config(p, Options{SBOM: "sbom.spdx.json", Lock: "sbom.lock.toml"}))
	if err != nil {
		t.Fatalf("the proposed config does not load: %v", err)
	}
	s := cfg.SBOMs[0]
	if len(s.Packages) != len(p.Packages) || len(s.Bundles) != 1 || s.Lock != "sbom.lock.toml" {
		t.Fatalf("config: %d packages, %d bundles, lock %q", len(s.Packages), len(s.Bundles), s.Lock)
	}
	for i, cp := range s.Packages {
		pp := p.Packages[i]
		if cp.Name != pp.Name || !slices.Equal(cp.Include, pp.Include) || !slices.Equal(cp.Exclude, pp.Exclude) || len(cp.Pins) != len(pp.Pins) {
			t.Errorf("config package %d: %+v, proposal %+v", i, cp, pp)
		}
	}
}

func names(pkgs []Package) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.Name+" "+p.Version)
	}
	return out
}

func TestLicenseAboveOneLibraryLiftsIt(t *testing.T) {
	root := writeTree(t, map[string]string{
		"LICENSE":                                 rootLicense,
		"third_party/foo/LICENSE":                 "foo's license\n",
		"third_party/foo/NOTICE":                  "foo\n",
		"third_party/foo/upstream/include/zlib.h": "#define ZLIB_VERSION \"1.3\"\n",
		"third_party/many/COPYING":                "many\n",
		"third_party/many/a/sqlite3.h":            "#define SQLITE_VERSION \"3.45.1\"\n",
		"third_party/many/b/mpdecimal.h":          "#define MPD_VERSION \"2.5.1\"\n",
	})
	res, err := evidence.Scan(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	p := Propose(res)
	got := map[string]string{}
	for _, pkg := range p.Packages {
		got[pkg.Name] = pkg.Dir
	}
	want := map[string]string{"zlib": "third_party/foo", "sqlite": "third_party/many/a", "mpdecimal": "third_party/many/b"}
	if len(got) != len(want) {
		t.Fatalf("packages %v, want %v", got, want)
	}
	for n, d := range want {
		if got[n] != d {
			t.Errorf("%s in %q, want %q", n, got[n], d)
		}
	}
	zlib := p.Packages[slices.IndexFunc(p.Packages, func(p Package) bool { return p.Name == "zlib" })]
	if !strings.Contains(zlib.Triage[0], "third_party/foo/LICENSE") {
		t.Errorf("zlib's license triage does not name its license file: %q", zlib.Triage[0])
	}
	if len(p.Unattributed) != 1 || p.Unattributed[0].Path != "third_party/many/" {
		t.Errorf("unattributed: %+v", p.Unattributed)
	}
}
