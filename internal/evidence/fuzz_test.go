package evidence

import (
	"testing"
)

// The detectors read files of an untrusted tree: none may panic, loop or
// return a finding without a file, whatever the bytes.

func checkFindings(t *testing.T, file string, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		if f.File == "" || f.Line < 0 {
			t.Fatalf("finding without a location: %+v", f)
		}
		for _, p := range f.Pins {
			if len(p.Patterns) == 0 || p.File == "" {
				t.Fatalf("pin without a pattern or file: %+v", p)
			}
		}
	}
}

func FuzzAndroid(f *testing.F) {
	f.Add([]byte("name: \"zlib\"\nthird_party {\n  url { type: GIT value: \"https://x/y\" }\n  version: \"v1.3.1\"\n  security { tag: \"NVD-CPE2.3:cpe:/a:zlib:zlib:1.3.1\" }\n}\n"))
	f.Add([]byte("name: 'a' third_party < version: \"1\" >"))
	f.Add([]byte("name: \"\\x41\\u00e9\"\nthird_party {}"))
	f.Add([]byte("a { b { c { d: 1 } } }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFindings(t, "x/METADATA", Android("x/METADATA", data))
	})
}

func FuzzChromium(f *testing.F) {
	f.Add([]byte("Name: zlib\nShort Name: zlib\nURL: https://zlib.net/zlib-1.3.1.tar.gz\nVersion: 1.3.1\nCPEPrefix: cpe:/a:zlib:zlib:1.3.1\nLicense: Zlib\n"))
	f.Add([]byte("Name: a\nVersion: N/A\nRevision: abc\nCPEPrefix: cpe:2.3:a:a:a:*\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFindings(t, "x/README.chromium", Chromium("x/README.chromium", data))
	})
}

func FuzzScript(f *testing.F) {
	f.Add([]byte("#!/bin/sh\nexpected_libexpat_version=\"2.7.1\"\nexpected_libexpat_sha256=\"0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2\"\ncurl https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-${expected_libexpat_version}.tar.gz\nfiles=(\n a.h\n b/c.h\n)\ncat > a.h <<EOF\n"))
	f.Add([]byte("readonly repo=nodejs/llhttp\nreadonly tag=v9.2.1\ncp -r src \"$ROOT/deps/llhttp\"\n"))
	f.Add([]byte("a=$b\nb=$a\nurl=https://x/${a}${b}.tar.gz\n"))
	tr := NewTree([]string{"s/a.h", "s/b/c.h", "deps/llhttp/x.c", "s/refresh.sh"})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFindings(t, "s/refresh.sh", Script("s/refresh.sh", data, tr))
	})
}

func FuzzGoVendor(f *testing.F) {
	f.Add([]byte("# golang.org/x/text v0.14.0\n## explicit\ngolang.org/x/text/unicode\n# a v1 => b v2\n# c v1 => ./c\n"))
	tr := NewTree([]string{"vendor/modules.txt", "vendor/golang.org/x/text/a.go", "vendor/a/a.go"})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFindings(t, "vendor/modules.txt", GoVendor("vendor/modules.txt", data, tr))
	})
}

func FuzzCLibrary(f *testing.F) {
	f.Add([]byte("#define XML_MAJOR_VERSION 2\n#define XML_MINOR_VERSION 7\n#define XML_MICRO_VERSION 1\n"))
	f.Add([]byte("# define OPENSSL_VERSION_TEXT \"OpenSSL 3.0.13 30 Jan 2024\"\n"))
	f.Add([]byte("   libffi 3.4.6 - Copyright (c) Anthony Green\nnamespace double_conversion {\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFindings(t, "a/include/x.h", CLibrary("a/include/x.h", data))
	})
}
