package wheel

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"pip-25.1.1-py3-none-any.whl", "a-1-2-py3-none-any.whl", "x.whl", "--.whl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseName(s)
		if err != nil {
			return
		}
		parts := []string{n.Distribution, n.Version}
		if n.Build != "" {
			parts = append(parts, n.Build)
		}
		parts = append(parts, n.Python, n.ABI, n.Platform)
		if strings.Join(parts, "-")+".whl" != s {
			t.Fatalf("%q parsed to %+v, which does not give it back", s, n)
		}
	})
}

func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(pipMetadata))
	f.Add([]byte("Name: a\nVersion: 1\nClassifier: x\n  continued\n\nbody"))
	f.Add([]byte(" bad\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMetadata(data)
		if err == nil && (m.Name == "" || m.Version == "") {
			t.Fatalf("accepted metadata without name or version: %+v", m)
		}
	})
}

func FuzzParseVendorTxt(f *testing.F) {
	f.Add([]byte("CacheControl==0.14.2\n    certifi==2025.1.31 # c\n\n"))
	f.Add([]byte("a==1\na==2\n"))
	f.Add([]byte("x>=1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pins, err := ParseVendorTxt(data)
		if err != nil {
			return
		}
		for _, p := range pins {
			if p.Name == "" || p.Version == "" || p.Name != strings.ToLower(p.Name) || p.Line < 1 || !bytes.Contains(bytes.ToLower(data), []byte(p.Name)) {
				t.Fatalf("bad pin %+v", p)
			}
		}
	})
}

// FuzzRead feeds arbitrary bytes to the zip reader path: it must never panic or
// hang, whatever the archive claims.
func FuzzRead(f *testing.F) {
	f.Add(makeWheel(f, pipMembers()))
	f.Add(makeWheel(f, stMembers()))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	trees := Options{Files: true, Trees: []TreeSpec{{Dir: "setuptools/_vendor", Names: "setuptools/extern/__init__.py",
		Declared: []Declared{{Name: "jaraco.text", Version: "3.7.0", Modules: []string{"jaraco/text"}}}}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), int64(len(data)), "pip-25.1.1-py3-none-any.whl", Options{Vendored: "auto"})
		// The same bytes as a wheel whose vendored tree has no list.
		Read(bytes.NewReader(data), int64(len(data)), "setuptools-65.5.0-py3-none-any.whl", trees)
	})
}
