// Package cpython311 holds the acceptance tests of issue 10 on the real CPython
// 3.11.2 release tree: two bundled wheels, pip vendoring setuptools 44.0.0 beside
// the setuptools 65.5.0 wheel, setuptools' two vendored trees without a list of
// pins, and code without a release archive. examples/cpython-3.11 is copied over
// the tree, as its README tells a user to.
//
// The tree comes from ../shared/corpus/cpython.sh (CPYTHON_VERSION=3.11.2);
// .ci/run sets SBOMKEEPER_CPYTHON311_TREE. Without it the tests skip.
package cpython311

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sbomkeeper-311-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sbomkeeper")
	_, here, _, _ := runtime.Caller(0)
	build := exec.Command("go", "build", "-o", binary, "./cmd/sbomkeeper")
	build.Dir = filepath.Join(filepath.Dir(here), "..", "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func repoRoot() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..")
}

// prepared copies the release tree and the example over it into a fresh
// directory, as `cp -r examples/cpython-3.11/. TREE/` does. No git: the
// example must work on the tree as the tarball ships it.
func prepared(t *testing.T) string {
	t.Helper()
	tree := os.Getenv("SBOMKEEPER_CPYTHON311_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON311_TREE is not set (CPYTHON_VERSION=3.11.2 bash ../shared/corpus/cpython.sh)")
	}
	dst := filepath.Join(t.TempDir(), "Python-3.11.2")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{tree + "/.", filepath.Join(repoRoot(), "examples", "cpython-3.11") + "/."} {
		if out, err := exec.Command("cp", "-r", src, dst+"/").CombinedOutput(); err != nil {
			t.Fatalf("cp -r %s: %v\n%s", src, err, out)
		}
	}
	return dst
}

type result struct {
	code           int
	stdout, stderr string
}

func sbomkeeper(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "SOURCE_DATE_EPOCH=1675000000"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

type finding struct {
	Rule, Severity, File, Package, Message string
}

func report(t *testing.T, r result) []finding {
	t.Helper()
	var rep struct{ Findings []finding }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report: %v\n%s%s", err, r.stdout, r.stderr)
	}
	return rep.Findings
}

func bySeverity(fs []finding, sev string) []finding {
	var out []finding
	for _, f := range fs {
		if f.Severity == sev {
			out = append(out, f)
		}
	}
	return out
}

// The pristine tree with the example passes check offline, in CI, and the only
// warnings are the two genuine defects of setuptools' wheel.
func TestPristineTreePasses(t *testing.T) {
	root := prepared(t)
	r := sbomkeeper(t, root, []string{"CI=true"}, "check", "--offline", "--format", "json")
	if r.code != 0 {
		t.Fatalf("check on the pristine tree: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	fs := report(t, r)
	var warnings []string
	for _, f := range bySeverity(fs, "warning") {
		warnings = append(warnings, f.Message)
	}
	slices.Sort(warnings)
	want := []string{
		"ordered-set 3.1.1 is declared in the config, but setuptools/_vendor/ordered_set.py:19 says 3.1",
		"pkg_resources/_vendor/zipp.py is vendored but pkg_resources/extern/__init__.py does not name it",
	}
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings\n got %q\nwant %q", warnings, want)
	}
	// check says which versions are declared rather than read.
	declared := false
	for _, f := range bySeverity(fs, "note") {
		if strings.Contains(f.Message, "13 versions of projects setuptools vendors are declared in the config, not read from the wheel") {
			declared = true
		}
	}
	if !declared {
		t.Errorf("no note listing the declared versions: %v", fs)
	}
	if r := sbomkeeper(t, root, nil, "validate", "--profile", "ntia", "--fragment", "Misc/sbom.spdx.json"); r.code != 0 {
		t.Errorf("validate --profile ntia: exit %d\n%s", r.code, r.stdout)
	}
}

// Every package stays a package: two setuptools, two typing_extensions, three
// packaging; pip depends on the setuptools it vendors, not on the wheel.
func TestNothingMerged(t *testing.T) {
	root := prepared(t)
	data, err := os.ReadFile(filepath.Join(root, "Misc", "sbom.spdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string][]string{}
	ids := map[string]bool{}
	for _, p := range doc.Packages {
		versions[p.Name] = append(versions[p.Name], p.VersionInfo)
		if ids[p.SPDXID] {
			t.Errorf("ID %s used twice", p.SPDXID)
		}
		ids[p.SPDXID] = true
	}
	if len(doc.Packages) != 7+2+23+21 {
		t.Errorf("%d packages, want 53 (7 declared, 2 wheels, 23 pip vendors, 21 setuptools vendors)", len(doc.Packages))
	}
	for name, want := range map[string][]string{
		"setuptools": {"44.0.0", "65.5.0"}, "typing_extensions": {"4.0.1", "4.4.0"}, "packaging": {"21.3", "21.3", "21.3"},
		"more_itertools": {"8.12.0", "8.8.0"}, "expat": {"2.5.0"}, "pip": {"22.3.1"}, "jaraco.text": {"3.7.0", "3.7.0"},
	} {
		got := slices.Sorted(slices.Values(versions[name]))
		if !slices.Equal(got, want) {
			t.Errorf("%s: versions %v, want %v", name, got, want)
		}
	}
	deps := map[string][]string{}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "DEPENDS_ON" {
			deps[r.SPDXElementID] = append(deps[r.SPDXElementID], r.RelatedSPDXElement)
		}
	}
	if pip := deps["SPDXRef-PACKAGE-pip"]; len(pip) != 23 || !slices.Contains(pip, "SPDXRef-PACKAGE-pip-setuptools") || slices.Contains(pip, "SPDXRef-PACKAGE-setuptools") {
		t.Errorf("pip DEPENDS_ON %v", pip)
	}
	if st := deps["SPDXRef-PACKAGE-setuptools"]; len(st) != 21 || !slices.Contains(st, "SPDXRef-PACKAGE-pkg-resources-packaging") {
		t.Errorf("setuptools DEPENDS_ON %v", st)
	}
}

// A changed vendored file and a drifted bundle pin fail check, naming both; regen
// then writes nothing (issue 10, defect 3).
func TestChangesAreFound(t *testing.T) {
	root := prepared(t)
	xml := filepath.Join(root, "Modules", "expat", "xmlparse.c")
	data, _ := os.ReadFile(xml)
	if err := os.WriteFile(xml, append(data, "/* local change */\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	ens := filepath.Join(root, "Lib", "ensurepip", "__init__.py")
	src, _ := os.ReadFile(ens)
	if err := os.WriteFile(ens, bytes.Replace(src, []byte(`_PIP_VERSION = "22.3.1"`), []byte(`_PIP_VERSION = "22.3.2"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	r := sbomkeeper(t, root, []string{"CI=true"}, "check", "--offline")
	if r.code != 1 || !strings.Contains(r.stdout, "1 changed (Modules/expat/xmlparse.c)") || !strings.Contains(r.stdout, "Lib/ensurepip/__init__.py") {
		t.Errorf("check: exit %d\n%s", r.code, r.stdout)
	}
	before, _ := os.ReadFile(filepath.Join(root, "Misc", "sbom.spdx.json"))
	r = sbomkeeper(t, root, nil, "regen", "--offline")
	after, _ := os.ReadFile(filepath.Join(root, "Misc", "sbom.spdx.json"))
	if r.code != 1 || !bytes.Equal(before, after) || strings.Contains(r.stdout, "wrote Misc/sbom.spdx.json") || !strings.Contains(r.stdout, "not written: Misc/sbom.spdx.json") {
		t.Errorf("regen with a pin error: exit %d, document changed %v\n%s", r.code, !bytes.Equal(before, after), r.stdout)
	}
}

// The release SBOM of a tarball made from the prepared tree describes CPython,
// which holds the files no vendored package owns; it validates and verifies
// (issue 10, defect 2).
func TestArtifact(t *testing.T) {
	root := prepared(t)
	tgz := release(t, root)
	dir := filepath.Dir(root)
	data, err := os.ReadFile(tgz + ".spdx.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	contains := map[string]int{}
	var described []string
	seen := map[[3]string]bool{}
	for _, r := range doc.Relationships {
		key := [3]string{r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement}
		if seen[key] {
			t.Errorf("relationship %v written twice", key)
		}
		seen[key] = true
		switch r.RelationshipType {
		case "DESCRIBES":
			described = append(described, r.RelatedSPDXElement)
		case "CONTAINS":
			contains[r.SPDXElementID]++
		}
	}
	if !slices.Equal(described, []string{"SPDXRef-PACKAGE-cpython"}) || contains["SPDXRef-PACKAGE-cpython"] < 4000 || contains["SPDXRef-PACKAGE-setuptools"] != 1 || contains["SPDXRef-PACKAGE-pip"] != 1 {
		t.Errorf("DESCRIBES %v; CONTAINS cpython %d, setuptools %d, pip %d", described, contains["SPDXRef-PACKAGE-cpython"], contains["SPDXRef-PACKAGE-setuptools"], contains["SPDXRef-PACKAGE-pip"])
	}
	if len(doc.Packages) != 54 {
		t.Errorf("%d packages, want the source SBOM's 53 and CPython", len(doc.Packages))
	}
	if r := sbomkeeper(t, dir, nil, "validate", "--profile", "ntia", "--artifact", tgz, tgz+".spdx.json"); r.code != 0 {
		t.Errorf("validate: exit %d\n%s", r.code, r.stdout)
	}
	if r := sbomkeeper(t, dir, nil, "verify", tgz); r.code != 0 {
		t.Errorf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// From the hand-written entries alone, regen names every vendored project that
// lacks an entry in one run (one finding per bundle, issue 10 defect 4), and one
// regen --add-vendored gives the example's document byte for byte.
func TestFromTheDeclaredPackagesOnly(t *testing.T) {
	root := prepared(t)
	sbom := filepath.Join(root, "Misc", "sbom.spdx.json")
	want, err := os.ReadFile(sbom)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	declared := []string{"expat", "mpdecimal", "libb2", "tiny_sha3", "macholib", "libffi_osx", "dlcompat"}
	doc.Packages = slices.DeleteFunc(doc.Packages, func(p spdx.Package) bool { return !slices.Contains(declared, p.Name) })
	doc.Files, doc.Relationships = []spdx.File{}, []spdx.Relationship{}
	skeleton, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sbom, skeleton, 0o644); err != nil {
		t.Fatal(err)
	}
	r := sbomkeeper(t, root, nil, "regen", "--offline", "--format", "json")
	var missing []string
	for _, f := range report(t, r) {
		if strings.Contains(f.Message, "no package entry") {
			missing = append(missing, f.Message)
		}
	}
	if r.code != 1 || len(missing) != 2 || !strings.HasPrefix(missing[0], "pip vendors 23 projects") || !strings.HasPrefix(missing[1], "setuptools vendors 21 projects") {
		t.Fatalf("regen: exit %d, missing-entry findings %q", r.code, missing)
	}
	if r := sbomkeeper(t, root, nil, "regen", "--offline", "--add-vendored"); r.code != 0 {
		t.Fatalf("regen --add-vendored: exit %d\n%s", r.code, r.stdout)
	}
	if got, _ := os.ReadFile(sbom); !bytes.Equal(got, want) {
		t.Error("regen --add-vendored did not give the example's document")
	}
}

// files = true lists each vendored project's files inside the wheel as its own
// (member path, SHA1, SHA256); check, artifact, verify and validate accept them.
func TestVendoredFilesListed(t *testing.T) {
	root := prepared(t)
	cfg := filepath.Join(root, "sbomkeeper.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("[[sbom.bundle]]\nname = \"setuptools\"\n"), []byte("[[sbom.bundle]]\nname = \"setuptools\"\nfiles = true\n"), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("the example's setuptools bundle table was not found")
	}
	if err := os.WriteFile(cfg, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := sbomkeeper(t, root, nil, "regen", "--offline"); r.code != 0 {
		t.Fatalf("regen: exit %d\n%s", r.code, r.stdout)
	}
	if r := sbomkeeper(t, root, []string{"CI=true"}, "check", "--offline"); r.code != 0 {
		t.Fatalf("check after regen: exit %d\n%s", r.code, r.stdout)
	}
	out, _ := os.ReadFile(filepath.Join(root, "Misc", "sbom.spdx.json"))
	doc, err := spdx.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "CONTAINS" {
			owner[r.RelatedSPDXElement] = r.SPDXElementID
		}
	}
	const wheel = "Lib/ensurepip/_bundled/setuptools-65.5.0-py3-none-any.whl!/"
	found := map[string]string{}
	for _, f := range doc.Files {
		if strings.HasPrefix(f.FileName, wheel) {
			found[strings.TrimPrefix(f.FileName, wheel)] = owner[f.SPDXID]
		}
	}
	for member, want := range map[string]string{
		"setuptools/_vendor/packaging/version.py":      "SPDXRef-PACKAGE-setuptools-packaging",
		"pkg_resources/_vendor/packaging/version.py":   "SPDXRef-PACKAGE-pkg-resources-packaging",
		"setuptools/_vendor/jaraco/text/__init__.py":   "SPDXRef-PACKAGE-setuptools-jaraco.text",
		"pkg_resources/_vendor/jaraco/functools.py":    "SPDXRef-PACKAGE-pkg-resources-jaraco.functools",
		"setuptools/_vendor/ordered_set.py":            "SPDXRef-PACKAGE-ordered-set",
		"pkg_resources/_vendor/more_itertools/more.py": "SPDXRef-PACKAGE-pkg-resources-more-itertools",
	} {
		if got := found[member]; got != want {
			t.Errorf("%s: owned by %q, want %s", member, got, want)
		}
	}
	if _, ok := found["setuptools/_vendor/jaraco/__init__.py"]; ok {
		t.Error("the jaraco namespace's __init__.py is no project's file, but was listed")
	}
	if r := sbomkeeper(t, root, nil, "validate", "--fragment", "Misc/sbom.spdx.json"); r.code != 0 {
		t.Errorf("validate: exit %d\n%s", r.code, r.stdout)
	}
	tgz := release(t, root)
	dir := filepath.Dir(root)
	if r := sbomkeeper(t, dir, nil, "verify", tgz); r.code != 0 {
		t.Errorf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := sbomkeeper(t, dir, nil, "validate", "--artifact", tgz, tgz+".spdx.json"); r.code != 0 {
		t.Errorf("validate the artifact SBOM: exit %d\n%s", r.code, r.stdout)
	}
}

// release makes the source tarball of the prepared tree, as a release manager
// would, and writes its SBOM with sbomkeeper artifact; it returns the tarball.
func release(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Dir(root)
	tgz := filepath.Join(dir, "Python-3.11.2.tgz")
	if out, err := exec.Command("tar", "czf", tgz, "-C", dir, "Python-3.11.2").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	if r := sbomkeeper(t, dir, nil, "artifact", "--offline", "--quiet", "--config", filepath.Join(root, "sbomkeeper.toml"), tgz); r.code != 0 {
		t.Fatalf("artifact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return tgz
}
