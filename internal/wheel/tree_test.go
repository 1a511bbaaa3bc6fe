package wheel

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const stMetadata = "Metadata-Version: 2.1\nName: setuptools\nVersion: 65.5.0\n"

// stMembers is a small setuptools-like wheel: a vendored tree without a list.
func stMembers() map[string]string {
	return map[string]string{
		"setuptools-65.5.0.dist-info/METADATA":             stMetadata,
		"setuptools/extern/__init__.py":                    "names = (\n    'packaging', 'jaraco', 'appdirs', 'gone',\n)\n",
		"setuptools/_vendor/__init__.py":                   "",
		"setuptools/_vendor/packaging/__about__.py":        "x = 1\n__version__ = \"21.3\"\n",
		"setuptools/_vendor/packaging/version.py":          "",
		"setuptools/_vendor/appdirs.py":                    "__version_info__ = (1, 4, 3)\n__version__ = '.'.join(map(str, __version_info__))\n",
		"setuptools/_vendor/jaraco/__init__.py":            "",
		"setuptools/_vendor/jaraco/text/__init__.py":       "",
		"setuptools/_vendor/jaraco/functools.py":           "",
		"setuptools/_vendor/zipp.py":                       "",
		"setuptools/_vendor/zipp-3.7.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: zipp\nVersion: 3.7.0\n",
	}
}

func TestReadTreeWithoutList(t *testing.T) {
	data := makeWheel(t, stMembers())
	opts := Options{Files: true, Trees: []TreeSpec{{Dir: "setuptools/_vendor", Names: "setuptools/extern/__init__.py", Declared: []Declared{
		{Name: "jaraco.text", Version: "3.7.0", Modules: []string{"jaraco/text"}},
		{Name: "jaraco.functools", Version: "3.5.0", Modules: []string{"jaraco/functools.py"}},
	}}}}
	w, err := Read(bytes.NewReader(data), int64(len(data)), "setuptools-65.5.0-py3-none-any.whl", opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range w.Projects() {
		got = append(got, p.Name+"=="+p.Version+"@"+p.From)
	}
	want := "appdirs==1.4.3@setuptools/_vendor/appdirs.py:1 jaraco.functools==3.5.0@config jaraco.text==3.7.0@config " +
		"packaging==21.3@setuptools/_vendor/packaging/__about__.py:2 zipp==3.7.0@setuptools/_vendor/zipp-3.7.0.dist-info/METADATA"
	if strings.Join(got, " ") != want {
		t.Errorf("projects\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if notes := strings.Join(w.Trees[0].Notes, "; "); !strings.Contains(notes, "setuptools/_vendor/zipp.py is vendored but setuptools/extern/__init__.py does not name it") ||
		!strings.Contains(notes, "names gone, which setuptools/_vendor/ does not hold") {
		t.Errorf("notes %q", notes)
	}
	for _, p := range w.Projects() {
		if p.Name == "packaging" && (len(p.Files) != 2 || p.Files[0].Member != "setuptools/_vendor/packaging/__about__.py" || len(p.Files[0].SHA256) != 64) {
			t.Errorf("packaging files %+v", p.Files)
		}
		if p.Name == "jaraco.text" && len(p.Files) != 1 {
			t.Errorf("jaraco.text files %+v", p.Files)
		}
	}
}

// Every project whose version the wheel does not tell is named in one error.
func TestReadTreeNamesEveryUnknownVersion(t *testing.T) {
	m := stMembers()
	m["setuptools/_vendor/tomli/__init__.py"] = ""
	data := makeWheel(t, m)
	_, err := Read(bytes.NewReader(data), int64(len(data)), "setuptools-65.5.0-py3-none-any.whl", Options{Trees: []TreeSpec{{Dir: "setuptools/_vendor"}}})
	var ue *UnknownVersionsError
	if !errors.As(err, &ue) || strings.Join(ue.Projects, ",") != "jaraco,tomli" {
		t.Errorf("err = %v", err)
	}
}

func TestReadTreeRefusesWhatIsNotThere(t *testing.T) {
	data := makeWheel(t, stMembers())
	for _, tc := range []struct {
		spec TreeSpec
		want string
	}{
		{TreeSpec{Dir: "nothing/_vendor"}, "wheel has no vendored tree nothing/_vendor/"},
		{TreeSpec{Dir: "setuptools/_vendor", Declared: []Declared{{Name: "jaraco", Version: "1"}, {Name: "x", Version: "1", Modules: []string{"x.py"}}}}, "setuptools/_vendor/x.py, which holds vendored x, is not in the wheel"},
		{TreeSpec{Dir: "setuptools/_vendor", List: "setuptools/_vendor/vendored.txt"}, "wheel has no setuptools/_vendor/vendored.txt"},
	} {
		_, err := Read(bytes.NewReader(data), int64(len(data)), "setuptools-65.5.0-py3-none-any.whl", Options{Trees: []TreeSpec{tc.spec}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.spec, err, tc.want)
		}
	}
}
