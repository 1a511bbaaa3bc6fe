package recipes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The configuration of CPython's macOS 11+ universal2 installer, built on a
// current macOS: Tcl/Tk built in (deployment target 11.0 >= 10.6), the
// modern Tcl/Tk (build host >= 10.15), Python 3.
var installer = map[string]bool{"internalTk()": true, "useOldTk()": false, "PYTHON_3": true}

func cpythonScript(t *testing.T) []byte {
	t.Helper()
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE is not set (see .ci/run)")
	}
	data, err := os.ReadFile(filepath.Join(tree, "Mac", "BuildScript", "build-installer.py"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// On CPython 3.13.5's real script, what library_recipes() returns for the
// installer's configuration, with the checksums the script pins.
func TestCPython3135Recipes(t *testing.T) {
	got, err := Parse(cpythonScript(t), "library_recipes", installer)
	if err != nil {
		t.Fatal(err)
	}
	want := []Recipe{
		{"OpenSSL", "3.0.16", "https://github.com/openssl/openssl/releases/download/openssl-3.0.16/openssl-3.0.16.tar.gz", "57e03c50feab5d31b152af2b764f10379aecd8ee92f16c985983ce4a99f7ef86", "SHA256", 248},
		{"Tcl", "8.6.16", "https://prdownloads.sourceforge.net/tcl/tcl8.6.16-src.tar.gz", "91cb8fa61771c63c262efb553059b7c7ad6757afa5857af6265e4b0bdc2a14a5", "SHA256", 276},
		{"Tk", "8.6.16", "https://prdownloads.sourceforge.net/tcl/tk8.6.16-src.tar.gz", "be9f94d3575d4b3099d84bc3c10de8994df2d7aa405208173c709cc404a7e5fe", "SHA256", 293},
		{"XZ", "5.2.3", "http://tukaani.org/xz/xz-5.2.3.tar.gz", "ef68674fb47a8b8e741b34e429d86e9d", "MD5", 316},
		{"NCurses", "6.5", "https://ftp.gnu.org/gnu/ncurses/ncurses-6.5.tar.gz", "136d91bc269a9a5785e5f9e980bc76ab57428f604ce3e5a5a90cebc767971cc6", "SHA256", 327},
		{"SQLite", "3.49.1", "https://sqlite.org/2025/sqlite-autoconf-3490100.tar.gz", "106642d8ccb36c5f7323b64e4152e9b719f7c0215acf5bfeac3d5e7f97b59254", "SHA256", 361},
		{"libmpdec", "4.0.0", "https://www.bytereef.org/software/mpdecimal/releases/mpdecimal-4.0.0.tar.gz", "942445c3245b22730fd41a67a7c5c231d11cb1b9936b9c0f76334fb7d0b4468c", "SHA256", 380},
	}
	if len(got) != len(want) {
		t.Fatalf("%d recipes, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("recipe %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
	// A build on an older macOS takes the old Tcl/Tk with MD5 checksums.
	old := map[string]bool{"internalTk()": true, "useOldTk()": true, "PYTHON_3": true}
	got, err = Parse(cpythonScript(t), "library_recipes", old)
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Version != "8.6.8" || got[1].Algorithm != "MD5" || got[1].Checksum != "81656d3367af032e0ae6157eff134f89" {
		t.Errorf("old Tcl: %+v", got[1])
	}
}

// A condition the config does not settle is an error naming each, once.
func TestMissingConditions(t *testing.T) {
	_, err := Parse(cpythonScript(t), "library_recipes", map[string]bool{"PYTHON_3": true})
	if err == nil || !strings.Contains(err.Error(), `"internalTk()" (line 258)`) {
		t.Fatalf("%v", err)
	}
	if strings.Contains(err.Error(), "useOldTk") {
		t.Errorf("a condition inside an unsettled branch is reported: %v", err)
	}
}

func TestSubset(t *testing.T) {
	src := `
X = 1
def library_recipes():
    result = []
    ver = '1.2'
    base = "https://example.org/{what}-{v}.tar.gz"
    if FLAG and not OTHER:
        result.append(dict(name="Foo %s" % (ver,), url=base.format(what="foo", v=ver), checksum="ab" * 1, extra=some_call()))
    elif OTHER:
        pass
    else:
        result.extend([{"name": "Bar 2.0", "url": f"https://example.org/bar-{ver}.tgz", "checksum": "0123456789abcdef0123456789abcdef"}])
    result += [dict(name='Baz 3', url='https://example.org/baz' + '.tgz', checksum='0123456789abcdef0123456789abcdef01234567')]
    return result
`
	got, err := Parse([]byte(src), "library_recipes", map[string]bool{"FLAG": false, "OTHER": false})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "Bar" || got[0].URL != "https://example.org/bar-1.2.tgz" || got[0].Algorithm != "MD5" ||
		got[1].Name != "Baz" || got[1].Version != "3" || got[1].Algorithm != "SHA1" {
		t.Errorf("%+v", got)
	}
	// The taken branch's checksum is an expression that is not a string:
	// an error naming the line, not a guess.
	_, err = Parse([]byte(src), "library_recipes", map[string]bool{"FLAG": true, "OTHER": false})
	if err == nil || !strings.Contains(err.Error(), "line 8") {
		t.Errorf("%v", err)
	}
}

func TestHostile(t *testing.T) {
	for name, src := range map[string]string{
		"no function":    "x = 1\n",
		"deep":           "def library_recipes():\n    x = " + strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500) + "\n",
		"unclosed":       "def library_recipes():\n    x = '\n",
		"loop":           "def library_recipes():\n    for x in y:\n        pass\n",
		"bad checksum":   "def library_recipes():\n    return [dict(name='A 1', url='u', checksum='xyz')]\n    result.append(dict(name='A 1', url='u', checksum='xyz'))\n",
		"not name ver":   "def library_recipes():\n    result.append(dict(name='A', url='u', checksum='0123456789abcdef0123456789abcdef'))\n",
		"twice":          "def library_recipes():\n    result.append(dict(name='A 1', url='u', checksum='0123456789abcdef0123456789abcdef'))\n    result.append(dict(name='A 2', url='u', checksum='0123456789abcdef0123456789abcdef'))\n",
		"bad dedent":     "def library_recipes():\n        x = 1\n    y = 2\n",
		"unknown global": "def library_recipes():\n    result.append(dict(name=NAME, url='u', checksum='0123456789abcdef0123456789abcdef'))\n",
	} {
		if name == "bad checksum" {
			continue // returns before the append: no recipe, no error
		}
		if _, err := Parse([]byte(src), "library_recipes", nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("def library_recipes():\n    result = []\n    if A:\n        result.extend([dict(name='X 1', url='u', checksum='0123456789abcdef0123456789abcdef')])\n    return result\n"))
	f.Add([]byte("def library_recipes():\n    v = '1'\n    result.append(dict(name='Y %s' % (v,), url=f'https://x/{v}', checksum=\"ab\" \"cd\"))\n"))
	f.Add([]byte("def library_recipes():\n    x = (((\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		Parse(src, "library_recipes", map[string]bool{"A": true})
	})
}

// A string that doubles per line is refused once it passes maxString, by +,
// f-strings, % and .format alike, with the line that built it.
func TestStringBound(t *testing.T) {
	for name, grow := range map[string]string{
		"plus":    "a = a + a",
		"fstring": "a = f'{a}{a}'",
		"percent": "a = '%s%s' % (a, a)",
		"format":  "a = '{0}{0}'.format(a)",
	} {
		var b strings.Builder
		b.WriteString("def library_recipes():\n    result = []\n    a = 'x'\n")
		for range 22 { // 4 MiB: over the bound, small enough to build without it
			b.WriteString("    " + grow + "\n")
		}
		b.WriteString("    result.append(dict(name='A 1', url=a, checksum='0123456789abcdef0123456789abcdef'))\n    return result\n")
		_, err := Parse([]byte(b.String()), "library_recipes", nil)
		if err == nil || !strings.Contains(err.Error(), "over 1048576 bytes") || !strings.Contains(err.Error(), "line 24") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
