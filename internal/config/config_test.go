package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestLoadCPythonExample(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	c, err := Load(filepath.Join(filepath.Dir(file), "..", "..", "examples", "cpython", "sbomkeeper.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SBOMs) != 2 || c.SBOMs[0].Kind != KindSource || c.SBOMs[1].Kind != KindExternals {
		t.Fatalf("sboms: %+v", c.SBOMs)
	}
	src := c.SBOMs[0]
	if len(src.Packages) != 5 {
		t.Errorf("packages: %d", len(src.Packages))
	}
	expat := src.Packages[0]
	if expat.Name != "expat" || len(expat.Pins) != 2 || expat.Pins[1].Field != FieldSHA256 || expat.Pins[1].Regexp == nil {
		t.Errorf("expat: %+v", expat)
	}
	if expat.Line() == 0 || expat.Pins[0].Line() <= expat.Line() {
		t.Errorf("lines not located: package %d, pin %d", expat.Line(), expat.Pins[0].Line())
	}
	if c.Policy(&src).Policy != PolicyNoAssertion {
		t.Errorf("policy %q", c.Policy(&src).Policy)
	}
	if c.SBOMs[1].Externals.CPEVersionField != 6 {
		t.Error("cpe_version_field")
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"syntax", "[[sbom]]\npath = \nkind = 1", "c.toml:2:"},
		{"unknown key", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\nincludes = [\"x\"]\n", `c.toml:4: unknown key "sbom.includes"`},
		{"no sbom", "docs_url = \"x\"\n", "no [[sbom]] tables"},
		{"bad kind", "\n[[sbom]]\npath = \"a.json\"\nkind = \"sauce\"\n", `c.toml:2: [[sbom]] "a.json": kind "sauce"`},
		{"no packages", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n", "needs at least one [[sbom.package]]"},
		{"no include", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n\n[[sbom.package]]\nname = \"zlib\"\n", `c.toml:5: package "zlib": include needs at least one glob`},
		{"duplicate package", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"z\"\ninclude = [\"z/**\"]\n[[sbom.package]]\nname = \"z\"\ninclude = [\"z/**\"]\n", `c.toml:7: package "z" is declared twice`},
		{"escaping path", "[[sbom]]\npath = \"../a.json\"\nkind = \"gomod\"\n", "must be a clean path inside the project root"},
		{"absolute glob", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"z\"\ninclude = [\"/etc/**\"]\n", "must be relative"},
		{"bad pin regexp", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"z\"\ninclude = [\"z/**\"]\n[[sbom.package.pin]]\nfile = \"z/x.sh\"\npattern = \"v=(\"\nfield = \"version\"\n", `c.toml:7: package "z" pin: pattern "v=(" is not a Go regular expression`},
		{"pin without group", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"z\"\ninclude = [\"z/**\"]\n[[sbom.package.pin]]\nfile = \"z/x.sh\"\npattern = \"v=1\"\nfield = \"version\"\n", "needs a capture group"},
		{"pin field", "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"z\"\ninclude = [\"z/**\"]\n[[sbom.package.pin]]\nfile = \"z/x.sh\"\npattern = \"v=(1)\"\nfield = \"sha1\"\n", `field "sha1" is not`},
		{"externals missing table", "[[sbom]]\npath = \"a.json\"\nkind = \"externals\"\n", "needs an [sbom.externals] table"},
		{"externals no group", "[[sbom]]\npath = \"a.json\"\nkind = \"externals\"\n[sbom.externals]\nfile = \"b.bat\"\npattern = \"x\"\ndownload_url = \"u\"\n", "pattern needs groups"},
		{"policy", "[license]\npolicy = \"mit-only\"\n[[sbom]]\npath = \"a.json\"\nkind = \"gomod\"\n", `policy "mit-only" is not one of`},
		{"also unknown", "\n[[sbom]]\npath = \"a.spdx.json\"\nkind = \"gomod\"\nalso = [\"swid\"]\n", `c.toml:2: [[sbom]] "a.spdx.json": also = "swid": unknown format`},
		{"also twice", "[[sbom]]\npath = \"a.spdx.json\"\nkind = \"gomod\"\nalso = [\"spdx3\", \"spdx3\"]\n", `also names "spdx3" twice`},
		{"also path", "[[sbom]]\npath = \"a.json\"\nkind = \"gomod\"\nalso = [\"cyclonedx\"]\n", "also needs a path ending in .spdx.json"},
		{"allowed empty", "[license]\npolicy = \"allowed\"\n[[sbom]]\npath = \"a.json\"\nkind = \"gomod\"\n", "needs a non-empty allowed list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tc.config))
			if err == nil {
				t.Fatal("accepted")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error is %T, want *config.Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// [sbom.gomod] version gives the main module its version (issue 11, item 8);
// it must be a Go module version, which the PURL then carries.
func TestGoModVersion(t *testing.T) {
	base := "[[sbom]]\npath = \"sbom.spdx.json\"\nkind = \"gomod\"\n[sbom.gomod]\nversion = %q\n"
	for _, v := range []string{"v0.1.0", "v1.2.3-rc.1", "v2.0.0+incompatible"} {
		c, err := Parse("c.toml", []byte(fmt.Sprintf(base, v)))
		if err != nil || c.SBOMs[0].GoMod.Version != v {
			t.Errorf("version %q: %v", v, err)
		}
	}
	for _, v := range []string{"1.2.0", "v1.2", "v1", "latest", "v1.2.0 "} {
		if _, err := Parse("c.toml", []byte(fmt.Sprintf(base, v))); err == nil || !strings.Contains(err.Error(), "c.toml:1: [sbom.gomod] version") {
			t.Errorf("version %q: %v, want an error", v, err)
		}
	}
}

func TestGoModDefaults(t *testing.T) {
	c, err := Parse("c.toml", []byte("[[sbom]]\npath = \"sbom.spdx.json\"\nkind = \"gomod\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.SBOMs[0].GoMod == nil || c.SBOMs[0].GoMod.Dir != "." || c.Policy(&c.SBOMs[0]).Policy != PolicyAny {
		t.Errorf("defaults not applied: %+v", c.SBOMs[0])
	}
}

// pinConfig is a source SBOM with one package whose one pin has the given
// keys; the pin's table is at line 7.
func pinConfig(keys string) string {
	return "[[sbom]]\npath = \"a.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"expat\"\ninclude = [\"Modules/expat/**\"]\n" +
		"[[sbom.package.pin]]\nfile = \"Modules/expat/expat.h\"\nfield = \"version\"\n" + keys
}

const expatPatterns = `patterns = ['#define XML_MAJOR_VERSION (\d+)', '#define XML_MINOR_VERSION (\d+)', '#define XML_MICRO_VERSION (\d+)']` + "\n"

func TestPinPatterns(t *testing.T) {
	tests := []struct {
		name, keys string
		parts      int
		sep        string
	}{
		{"expat", expatPatterns, 3, "."},
		{"join", expatPatterns + "join = \"-\"\n", 3, "-"},
		{"join empty", expatPatterns + "join = \"\"\n", 3, ""},
		{"one part", "patterns = ['v=(\\d+)']\n", 1, "."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.toml", []byte(pinConfig(tc.keys)))
			if err != nil {
				t.Fatal(err)
			}
			pin := c.SBOMs[0].Packages[0].Pins[0]
			if len(pin.Regexps) != tc.parts || pin.Regexp != nil || pin.Separator() != tc.sep || pin.Line() != 7 {
				t.Errorf("pin: %+v, separator %q, line %d", pin, pin.Separator(), pin.Line())
			}
			for i, re := range pin.Regexps {
				if re == nil || re.String() != pin.Patterns[i] {
					t.Errorf("patterns entry %d compiled as %v", i+1, re)
				}
			}
		})
	}
}

func TestPinPatternsErrors(t *testing.T) {
	tests := []struct {
		name, keys, want string
	}{
		{"both", "pattern = 'v=(1)'\n" + expatPatterns, `c.toml:7: package "expat" pin: set pattern or patterns, not both`},
		{"neither", "", `c.toml:7: package "expat" pin: needs pattern (its capture group is the value) or patterns`},
		{"empty patterns", "patterns = []\n", `c.toml:7: package "expat" pin: patterns is empty`},
		{"part without group", "patterns = ['MAJOR (\\d+)', 'MINOR \\d+']\n", `c.toml:7: package "expat" pin: patterns entry 2, "MINOR \\d+", needs a capture group`},
		{"part with two groups", "patterns = ['(MAJOR) (\\d+)']\n", `patterns entry 1, "(MAJOR) (\\d+)", has 2 capture groups; keep the one around its part of the value and make the others (?:...)`},
		{"part not a regexp", "patterns = ['MAJOR (']\n", `c.toml:7: package "expat" pin: patterns entry 1, "MAJOR (", is not a Go regular expression`},
		{"join without patterns", "pattern = 'v=(1)'\njoin = \"-\"\n", `c.toml:7: package "expat" pin: join is only read with patterns`},
		{"empty pattern", "pattern = ''\n", "needs pattern (its capture group is the value) or patterns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(pinConfig(tc.keys)))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// bundleConfig is a source SBOM with bundle pip at line 6; pins follow.
const bundleConfig = `[[sbom]]
path = "Misc/sbom.spdx.json"
kind = "source"
lock = "Misc/sbom.lock.toml"

[[sbom.bundle]]
name = "pip"
path = "Lib/ensurepip/_bundled/pip-*.whl"
ecosystem = "pypi"
`

func TestBundlePins(t *testing.T) {
	config := bundleConfig + `
[[sbom.bundle.pin]]
file = "Lib/ensurepip/__init__.py"
pattern = '_PIP_VERSION = "([^"]+)"'
field = "version"

[[sbom.bundle.pin]]
file = "Lib/ensurepip/__init__.py"
patterns = ['_PIP_MAJOR = (\d+)', '_PIP_MINOR = (\d+)']
field = "version"

[[sbom.bundle]]
name = "setuptools"
path = "Lib/ensurepip/_bundled/setuptools-*.whl"
ecosystem = "pypi"

[[sbom.bundle.pin]]
file = "Lib/ensurepip/__init__.py"
pattern = '_SETUPTOOLS_VERSION = "([^"]+)"'
field = "version"
`
	c, err := Parse("c.toml", []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	bundles := c.SBOMs[0].Bundles
	if len(bundles) != 2 || len(bundles[0].Pins) != 2 || len(bundles[1].Pins) != 1 {
		t.Fatalf("bundles: %+v", bundles)
	}
	tests := []struct {
		name        string
		pin         Pin
		line, parts int
	}{
		{"pip whole", bundles[0].Pins[0], 11, 0},
		{"pip in parts", bundles[0].Pins[1], 16, 2},
		{"setuptools", bundles[1].Pins[0], 26, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.pin.Line() != tc.line || len(tc.pin.Regexps) != tc.parts || (tc.parts == 0) != (tc.pin.Regexp != nil) {
				t.Errorf("pin at line %d, want %d: %+v", tc.pin.Line(), tc.line, tc.pin)
			}
		})
	}
}

func TestBundlePinErrors(t *testing.T) {
	pin := "\n[[sbom.bundle.pin]]\nfile = \"Lib/ensurepip/__init__.py\"\n"
	artifact := `
[artifact]
source_sbom = "Misc/sbom.spdx.json"
[artifact.package]
name = "CPython"
download_url = "https://www.python.org/ftp/python/{version}/{artifact}"
[[artifact.kind]]
name = "source"
type = "source-archive"
match = '^Python-(.+)\.tgz$'
[[artifact.bundle]]
name = "pip"
path = "Lib/ensurepip/_bundled/pip-*.whl"
ecosystem = "pypi"
[[artifact.bundle.pin]]
file = "Lib/ensurepip/__init__.py"
pattern = '_PIP_VERSION = "([^"]+)"'
field = "version"
`
	tests := []struct {
		name, config, want string
	}{
		{"sha256", bundleConfig + pin + "pattern = 'v=(1)'\nfield = \"sha256\"\n", `c.toml:11: bundle "pip" pin: field "sha256" is not "version"`},
		{"no field", bundleConfig + pin + "pattern = 'v=(1)'\n", `c.toml:11: bundle "pip" pin: field "" is not "version"`},
		{"neither pattern", bundleConfig + pin + "field = \"version\"\n", `c.toml:11: bundle "pip" pin: needs pattern (its capture group is the value) or patterns`},
		{"both patterns", bundleConfig + pin + "field = \"version\"\npattern = 'v=(1)'\npatterns = ['v=(1)']\n", `c.toml:11: bundle "pip" pin: set pattern or patterns, not both`},
		{"empty patterns", bundleConfig + pin + "field = \"version\"\npatterns = []\n", `c.toml:11: bundle "pip" pin: patterns is empty`},
		{"part without group", bundleConfig + pin + "field = \"version\"\npatterns = ['v=1']\n", `c.toml:11: bundle "pip" pin: patterns entry 1, "v=1", needs a capture group`},
		{"escaping file", bundleConfig + "\n[[sbom.bundle.pin]]\nfile = \"../x.py\"\nfield = \"version\"\npattern = 'v=(1)'\n", `c.toml:11: bundle "pip" pin: file "../x.py": must be a clean path inside the project root`},
		{"artifact bundle", bundleConfig + artifact, `c.toml:24: [[artifact.bundle]] "pip": pins are only checked in [[sbom.bundle]]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tc.config))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// Deep nesting is refused before the TOML decoder sees it (issue 12, item 7).
func TestDeepNestingIsRefused(t *testing.T) {
	deep := "x = " + strings.Repeat("{a = ", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	start := time.Now()
	_, err := Parse("c.toml", []byte(deep))
	if err == nil || !strings.Contains(err.Error(), "c.toml:1: arrays and inline tables nest 10000 deep") {
		t.Errorf("err = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refusing took %v", time.Since(start))
	}
	// Strings and comments do not count.
	if _, depth := nesting([]byte("a = \"[[[[\" # {{{{\nb = [[1], [2]]\n")); depth != 2 {
		t.Errorf("depth %d, want 2", depth)
	}
}

// Every unknown key and every value of the wrong type is reported in one
// run, each with its line and, in the config's words, what fits there — not
// the TOML decoder's Go types, and not only the first.
func TestShapeErrorsAllAtOnce(t *testing.T) {
	config := `[[sbom]]
path = "x.json"
kind = "source"
[[sbom.package]]
name = "a"
include = ["y"]
[[sbom.package]]
name = "b"
include = "x/**"
frob = 1
[sbom.bundle.pin]
x = 1
[[sbom.bundel]]
`
	_, err := Parse("c.toml", []byte(config))
	if err == nil {
		t.Fatal("accepted")
	}
	want := []string{
		`c.toml:9: "sbom.package.include" is a string, but it must be an array of strings, e.g. include = ["..."]`,
		`c.toml:10: unknown key "sbom.package.frob"; the keys in [sbom.package] are exclude, include, name, pin (docs/config.md)`,
		`c.toml:11: "sbom.bundle" is a table, but it must be an array of tables: one [[sbom.bundle]] header per entry`,
		`c.toml:13: unknown key "sbom.bundel": did you mean "bundle"?`,
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(got), len(want), err)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d:\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	if strings.Contains(err.Error(), "[]any") || strings.Contains(err.Error(), "destination has type") {
		t.Errorf("Go's words reach the user: %v", err)
	}
}
