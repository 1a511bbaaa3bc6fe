package wheel

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const pipMetadata = "Metadata-Version: 2.4\nName: pip\nVersion: 25.1.1\nAuthor-email: The pip developers <distutils-sig@python.org>\nLicense: MIT\nClassifier: Development Status :: 5 - Production/Stable\nClassifier: License :: OSI Approved :: MIT License\nDescription-Content-Type: text/x-rst\n\npip - The Python Package Installer\nName: not a header\n"

func makeWheel(t testing.TB, members map[string]string, order ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	if order == nil {
		for n := range members {
			order = append(order, n)
		}
	}
	for _, n := range order {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(members[n]))
	}
	zw.Close()
	return b.Bytes()
}

func pipMembers() map[string]string {
	return map[string]string{
		"pip-25.1.1.dist-info/METADATA": pipMetadata,
		"pip/_vendor/vendor.txt":        "CacheControl==0.14.2\nrequests==2.32.3  # comment\n    certifi==2025.1.31\n\n# only a comment\ntyping_extensions==4.13.2\n",
		"pip/__init__.py":               "",
	}
}

func TestReadWheel(t *testing.T) {
	data := makeWheel(t, pipMembers())
	w, err := Read(bytes.NewReader(data), int64(len(data)), "pip-25.1.1-py3-none-any.whl", Options{Vendored: "auto"})
	if err != nil {
		t.Fatal(err)
	}
	if w.Name.Version != "25.1.1" || w.Metadata.License != "MIT" || w.Metadata.AuthorEmail != "The pip developers <distutils-sig@python.org>" ||
		len(w.Metadata.LicenseClassifiers()) != 1 || len(w.Trees) != 1 || w.Trees[0].List != "pip/_vendor/vendor.txt" {
		t.Fatalf("%+v", w)
	}
	var pins []string
	for _, p := range w.Projects() {
		pins = append(pins, p.Name+"=="+p.Version)
	}
	if got := strings.Join(pins, " "); got != "cachecontrol==0.14.2 requests==2.32.3 certifi==2025.1.31 typing_extensions==4.13.2" {
		t.Errorf("pins %s", got)
	}
}

func TestReadWheelRefusesHostileOrBroken(t *testing.T) {
	withMember := func(name, data string) []byte {
		m := pipMembers()
		m[name] = data
		return makeWheel(t, m)
	}
	valid := makeWheel(t, pipMembers())
	tests := []struct {
		name     string
		data     []byte
		filename string
		want     string
	}{
		{"dot-dot member", withMember("pip/../../evil.py", "x"), "", "escapes the archive"},
		{"absolute member", withMember("/etc/passwd", "x"), "", "absolute path"},
		{"backslash member", withMember(`pip\..\evil`, "x"), "", "backslashes"},
		{"truncated", valid[:len(valid)/2], "", "not a readable wheel"},
		{"not a zip", []byte("this is not a zip file at all"), "", "not a readable wheel"},
		{"bad pin", withMember("pip/_vendor/vendor.txt", "requests>=2\n"), "", `vendor.txt line 1: "requests>=2" is not an exact pin`},
		{"pre-release pin", withMember("pip/_vendor/vendor.txt", "rich==14.0.0rc1\n"), "", "is not an exact pin"},
		{"name mismatch", withMember("pip-25.1.1.dist-info/METADATA", strings.Replace(pipMetadata, "25.1.1", "24.0", 1)), "", "METADATA says pip 24.0"},
		{"bad file name", valid, "pip.whl", "fields"},
		{"huge metadata claim", withMember("pip-25.1.1.dist-info/METADATA", strings.Repeat("x", maxSmallFile+1)), "", "refusing more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn := tc.filename
			if fn == "" {
				fn = "pip-25.1.1-py3-none-any.whl"
			}
			_, err := Read(bytes.NewReader(tc.data), int64(len(tc.data)), fn, Options{Vendored: "pip/_vendor/vendor.txt"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDuplicateMembersRefused(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"pip-25.1.1.dist-info/METADATA", "pip-25.1.1.dist-info/METADATA"} {
		w, _ := zw.Create(n)
		w.Write([]byte(pipMetadata))
	}
	zw.Close()
	_, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), "pip-25.1.1-py3-none-any.whl", Options{})
	if err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("err = %v", err)
	}
}

func TestParseName(t *testing.T) {
	good := map[string]Name{
		"pip-25.1.1-py3-none-any.whl":                               {"pip", "25.1.1", "", "py3", "none", "any"},
		"msgpack-1.1.0-1-cp312-cp312-manylinux_2_17_x86_64.whl":     {"msgpack", "1.1.0", "1", "cp312", "cp312", "manylinux_2_17_x86_64"},
		"typing_extensions-4.13.2-py3-none-any.whl":                 {"typing_extensions", "4.13.2", "", "py3", "none", "any"},
		"setuptools-70.3.0-py3-none-any.whl":                        {"setuptools", "70.3.0", "", "py3", "none", "any"},
		"zope.interface-6.0-cp311-cp311-macosx_10_9_universal2.whl": {"zope.interface", "6.0", "", "cp311", "cp311", "macosx_10_9_universal2"},
	}
	for in, want := range good {
		got, err := ParseName(in)
		if err != nil || got != want {
			t.Errorf("ParseName(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"pip-25.1.1.tar.gz", "pip-25.1.1-py3-none.whl", "-1-py3-none-any.whl", "pip-25.1.1-x-py3-none-any.whl", "pip-1-2-3-4-5-6.whl"} {
		if _, err := ParseName(bad); err == nil {
			t.Errorf("ParseName(%q) accepted", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"typing_extensions": "typing-extensions", "Foo.Bar__baz": "foo-bar-baz", "pip": "pip", "CacheControl": "cachecontrol"} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealPipWheel reads the wheel CPython 3.13.5 bundles, when the corpus is here.
func TestRealPipWheel(t *testing.T) {
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE not set")
	}
	w, err := Open(filepath.Join(tree, "Lib/ensurepip/_bundled/pip-25.1.1-py3-none-any.whl"), Options{Vendored: "auto"})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Projects()) != 20 || w.Projects()[0].Name != "cachecontrol" || w.Metadata.Name != "pip" || len(w.SHA256) != 64 {
		t.Errorf("%+v", w)
	}
}
