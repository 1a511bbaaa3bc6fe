package cpython_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// The two documents examples/cpython/sbomkeeper.toml keeps.
const (
	sourceSBOM    = "Misc/sbom.spdx.json"
	externalsSBOM = "Misc/externals.spdx.json"
)

var sbomPaths = []string{sourceSBOM, externalsSBOM}

// gitFlags make commits independent of the machine's git configuration
// (baseEnv also hides the global and system config files).
var gitFlags = []string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false", "-c", "gc.auto=0"}

// refusingProxy is where every subprocess's HTTP(S) proxy points: a port
// nothing listens on. A download attempt (upstream's urllib, or sbomkeeper
// without --offline) fails at once instead of leaving the machine. Go never
// proxies loopback addresses, so httptest servers stay reachable.
const refusingProxy = "http://127.0.0.1:1"

// baseEnv is the environment of every subprocess run in the copy at root:
// without CI (upstream downloads every package when CI is set) and without any
// variable that would point git elsewhere, with git's global and system
// configuration hidden and git's repository search stopped above root.
func baseEnv(root string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch up := strings.ToUpper(name); {
		case up == "CI", strings.HasPrefix(up, "GIT_"),
			up == "HTTP_PROXY", up == "HTTPS_PROXY", up == "ALL_PROXY", up == "NO_PROXY":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(root),
		"PYTHONDONTWRITEBYTECODE=1",
		"http_proxy="+refusingProxy, "https_proxy="+refusingProxy,
		"HTTP_PROXY="+refusingProxy, "HTTPS_PROXY="+refusingProxy,
	)
}

// copyTree copies src to dst (which must not exist): directories, regular
// files with their permission bits, and symbolic links as links. Regular files
// under src/linkUnder are hard-linked instead of copied (git objects are never
// modified in place, so copies of one repository can share them).
func copyTree(src, dst, linkUnder string) error {
	type job struct{ from, to string }
	jobs := make(chan job, 256)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		copyErr error
	)
	fail := func(err error) {
		mu.Lock()
		if copyErr == nil {
			copyErr = err
		}
		mu.Unlock()
	}
	for range max(2, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := copyFile(j.from, j.to); err != nil {
					fail(err)
				}
			}
		}()
	}
	type dirMode struct {
		path string
		mode fs.FileMode
	}
	var dirs []dirMode
	walkErr := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch typ := d.Type(); {
		case typ.IsDir():
			info, err := d.Info()
			if err != nil {
				return err
			}
			dirs = append(dirs, dirMode{to, info.Mode().Perm()})
			return os.Mkdir(to, 0o700)
		case typ&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case typ.IsRegular():
			if linkUnder != "" && strings.HasPrefix(rel, linkUnder+string(filepath.Separator)) {
				if os.Link(path, to) == nil {
					return nil
				}
				// Another file system: copy.
			}
			jobs <- job{path, to}
			return nil
		default:
			return fmt.Errorf("copying %s: unsupported file type %v", path, typ)
		}
	})
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return walkErr
	}
	if copyErr != nil {
		return copyErr
	}
	// Directory modes last, so that a read-only directory can still be filled.
	for _, d := range slices.Backward(dirs) {
		if err := os.Chmod(d.path, d.mode); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Chmod(st.Mode().Perm()); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkout is one copy of the CPython tree in a test's temporary directory.
type checkout struct {
	t      *testing.T
	root   string
	config string // the config sbomkeeper runs with
	// orig holds both documents as the copy's last commit has them, before
	// the test changed anything: the tarball's unless the test committed a
	// correction (correctedCopy).
	orig map[string][]byte
}

// gitCopy returns a fresh copy of the committed pristine repository.
func gitCopy(t *testing.T) *checkout {
	t.Helper()
	root := filepath.Join(t.TempDir(), "cpython")
	if err := copyTree(shared.pristine, root, filepath.Join(".git", "objects")); err != nil {
		t.Fatalf("copying the pristine repository: %v", err)
	}
	return &checkout{t: t, root: root, config: shared.config, orig: shared.orig}
}

// rawCopy returns a copy of the tree as the tarball ships it: no .git.
func rawCopy(t *testing.T) *checkout {
	t.Helper()
	root := filepath.Join(t.TempDir(), "cpython")
	if err := copyTree(shared.tarball, root, ""); err != nil {
		t.Fatalf("copying the CPython tree: %v", err)
	}
	return &checkout{t: t, root: root, config: shared.config, orig: shared.orig}
}

func (c *checkout) path(rel string) string { return filepath.Join(c.root, filepath.FromSlash(rel)) }

func (c *checkout) read(rel string) []byte {
	c.t.Helper()
	b, err := os.ReadFile(c.path(rel))
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// write creates or replaces rel (and its directories).
func (c *checkout) write(rel string, data []byte) {
	c.t.Helper()
	p := c.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

func (c *checkout) remove(rel string) {
	c.t.Helper()
	if err := os.Remove(c.path(rel)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *checkout) symlink(target, rel string) {
	c.t.Helper()
	if err := os.Symlink(target, c.path(rel)); err != nil {
		c.t.Fatal(err)
	}
}

// replace substitutes old by new in rel, which must contain old exactly once.
func (c *checkout) replace(rel, old, new string) {
	c.t.Helper()
	b := c.read(rel)
	if n := bytes.Count(b, []byte(old)); n != 1 {
		c.t.Fatalf("%s contains %q %d times, want 1", rel, old, n)
	}
	c.write(rel, bytes.Replace(b, []byte(old), []byte(new), 1))
}

// run runs a command in the copy and returns its exit code and output.
func (c *checkout) run(name string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = c.root
	cmd.Env = baseEnv(c.root)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		c.t.Fatalf("running %s %q: %v", name, args, err)
	}
	return code, o.String(), e.String()
}

// git runs git with the test's identity and fails the test if git fails.
func (c *checkout) git(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run("git", append(slices.Clone(gitFlags), args...)...)
	if code != 0 {
		c.t.Fatalf("git %q exited %d: %s", args, code, errOut)
	}
	return out
}

// result is one sbomkeeper run.
type result struct {
	code           int
	stdout, stderr string
	args           []string
}

func (r result) String() string {
	return fmt.Sprintf("sbomkeeper %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.code, clip(r.stdout), clip(r.stderr))
}

// sbomkeeper runs the CLI on the copy with its config, offline unless args
// ask for --online.
func (c *checkout) sbomkeeper(command string, args ...string) result {
	c.t.Helper()
	full := []string{command, "--root", c.root, "--config", c.config}
	if !slices.Contains(args, "--online") {
		full = append(full, "--offline")
	}
	full = append(full, args...)
	code, out, errOut := c.run(shared.binary, full...)
	return result{code: code, stdout: out, stderr: errOut, args: full}
}

// report is the JSON rendering of a run (internal/report.JSON).
type report struct {
	Command  string    `json:"command"`
	OK       bool      `json:"ok"`
	Findings []finding `json:"findings"`
	Written  []string  `json:"written"`
	Current  []string  `json:"current"`
	Held     []string  `json:"not_written"`
	Notes    []string  `json:"notes"`
	DocsURL  string    `json:"docs_url"`
}

type finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Blocking bool   `json:"blocking"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	SBOM     string `json:"sbom"`
	Package  string `json:"package"`
	Message  string `json:"message"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	Fix      string `json:"fix"`
}

func (f finding) String() string {
	s := fmt.Sprintf("[%s %s] %s", f.Severity, f.Rule, f.Message)
	if f.Package != "" {
		s += " (package " + f.Package + ")"
	}
	return s
}

// json runs command with --format json, checks the exit code and decodes the
// report.
func (c *checkout) json(wantCode int, command string, args ...string) report {
	c.t.Helper()
	r := c.sbomkeeper(command, append([]string{"--format", "json"}, args...)...)
	if r.code != wantCode {
		c.t.Fatalf("exit code %d, want %d\n%v", r.code, wantCode, r)
	}
	var rep report
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		c.t.Fatalf("decoding the JSON report: %v\n%v", err, r)
	}
	if rep.Command != command || rep.OK != (wantCode == 0) {
		c.t.Fatalf("report says command %q ok %v, want %q %v\n%v", rep.Command, rep.OK, command, wantCode == 0, r)
	}
	return rep
}

// assertSARIF runs check --format sarif and looks for a result of rule about
// file uri (and package pkg, if not empty).
func (c *checkout) assertSARIF(wantCode int, rule, uri, pkg string) {
	c.t.Helper()
	r := c.sbomkeeper("check", "--format", "sarif")
	if r.code != wantCode {
		c.t.Fatalf("exit code %d, want %d\n%v", r.code, wantCode, r)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		c.t.Fatalf("the SARIF output is not JSON: %v\n%v", err, r)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		c.t.Fatalf("SARIF version %q with %d runs, want 2.1.0 with 1\n%v", log.Version, len(log.Runs), r)
	}
	var seen []string
	for _, res := range log.Runs[0].Results {
		for _, loc := range res.Locations {
			got := loc.PhysicalLocation.ArtifactLocation.URI
			seen = append(seen, res.RuleID+" "+got)
			if res.RuleID == rule && got == uri && (pkg == "" || res.Properties["package"] == pkg) {
				return
			}
		}
	}
	c.t.Errorf("no SARIF result of rule %q at uri %q (package %q); results: %s", rule, uri, pkg, strings.Join(seen, "; "))
}

// upstreamRun is one run of CPython's Tools/build/generate_sbom.py.
type upstreamRun struct {
	code           int
	stdout, stderr string
	out            map[string][]byte // both SBOMs as the script left them
}

// upstream runs CPython's generator in the copy, keeps what it wrote, and
// restores Misc/ with git checkout so that sbomkeeper starts from the same
// committed documents.
func (c *checkout) upstream() upstreamRun {
	c.t.Helper()
	before := c.sboms()
	code, out, errOut := c.run(shared.python, "Tools/build/generate_sbom.py")
	run := upstreamRun{code: code, stdout: out, stderr: errOut, out: c.sboms()}
	c.git("checkout", "--", "Misc/")
	for p, b := range c.sboms() {
		if !bytes.Equal(b, before[p]) {
			c.t.Fatalf("git checkout -- Misc/ did not restore %s", p)
		}
	}
	return run
}

func (r upstreamRun) String() string {
	return fmt.Sprintf("generate_sbom.py: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, clip(r.stdout), clip(r.stderr))
}

func (c *checkout) sboms() map[string][]byte {
	c.t.Helper()
	m := map[string][]byte{}
	for _, p := range sbomPaths {
		m[p] = c.read(p)
	}
	return m
}

func (c *checkout) doc(rel string) *spdx.Document {
	c.t.Helper()
	d, err := spdx.Parse(c.read(rel))
	if err != nil {
		c.t.Fatalf("%s: %v", rel, err)
	}
	return d
}

// expatPins are the findings for the genuine defect of the 3.13.5 tarball:
// Misc/sbom.spdx.json names expat 2.6.3 while Modules/expat/refresh.sh pins 2.7.1.
var expatPins = []finding{
	{
		Rule: "pin", Severity: "error", File: "Modules/expat/refresh.sh", Line: 16, SBOM: sourceSBOM, Package: "expat",
		Message:  `versionInfo of package "expat" in Misc/sbom.spdx.json does not match the value pinned in Modules/expat/refresh.sh:16`,
		Expected: "2.7.1", Actual: "2.6.3",
	},
	{
		Rule: "pin", Severity: "error", File: "Modules/expat/refresh.sh", Line: 17, SBOM: sourceSBOM, Package: "expat",
		Message:  `SHA256 checksum of package "expat" in Misc/sbom.spdx.json does not match the value pinned in Modules/expat/refresh.sh:17`,
		Expected: "0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2",
		Actual:   "17aa6cfc5c4c219c09287abfc10bc13f0c06f30bb654b28bfe6f567ca646eb79",
	},
}

// deadExcludes are the warnings for the other genuine defect of the 3.13.5
// tree, in generate_sbom.py's tables that examples/cpython copies: two
// excludes that exclude nothing. "python_hacl_namespace.h" misspells
// Modules/_hacl/python_hacl_namespaces.h, CPython's own header, which is
// therefore listed as a file of hacl-star; expat's exclude names a file
// outside Modules/expat.
var deadExcludes = []finding{
	{Rule: "exclude-unused", Severity: "warning", SBOM: sourceSBOM, Package: "expat",
		Message: `exclude "Modules/_hacl/refresh.sh" of package "expat" matches no file its include globs select`},
	{Rule: "exclude-unused", Severity: "warning", SBOM: sourceSBOM, Package: "hacl-star",
		Message: `exclude "Modules/_hacl/python_hacl_namespace.h" of package "hacl-star" matches no file its include globs select`},
}

// withoutDeadExcludes checks that fs holds the two dead-exclude warnings
// exactly (about the config, at the package's line) and returns the rest.
func withoutDeadExcludes(t *testing.T, fs []finding) []finding {
	t.Helper()
	var got, rest []finding
	for _, f := range fs {
		if f.Rule == "exclude-unused" {
			got = append(got, f)
		} else {
			rest = append(rest, f)
		}
	}
	if len(got) != len(deadExcludes) {
		t.Errorf("got %d exclude-unused findings, want %d: %v", len(got), len(deadExcludes), got)
		return rest
	}
	for i, want := range deadExcludes {
		g := got[i]
		if g.File != shared.config || g.Line < 1 || g.Fix == "" {
			t.Errorf("exclude-unused finding %d does not point at the config's package table: %+v", i, g)
		}
		g.File, g.Line, g.Fix = "", 0, ""
		if g != want {
			t.Errorf("exclude-unused finding %d:\n got  %+v\n want %+v", i, g, want)
		}
	}
	return rest
}

// withoutPins checks that fs holds expat's two pin findings and the two
// dead-exclude warnings exactly and returns the other findings.
func withoutPins(t *testing.T, fs []finding) []finding {
	t.Helper()
	var pins, rest []finding
	for _, f := range withoutDeadExcludes(t, fs) {
		if f.Rule == "pin" {
			pins = append(pins, f)
		} else {
			rest = append(rest, f)
		}
	}
	if len(pins) != len(expatPins) {
		t.Errorf("got %d pin findings, want %d: %v", len(pins), len(expatPins), pins)
		return rest
	}
	for i, want := range expatPins {
		got := pins[i]
		if got.Fix == "" {
			t.Errorf("pin finding %d has no fix: %v", i, got)
		}
		got.Fix = ""
		if got != want {
			t.Errorf("pin finding %d:\n got  %+v\n want %+v", i, got, want)
		}
	}
	return rest
}

// only returns the findings of rule.
func only(fs []finding, rule string) []finding {
	var out []finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// sbomDiff summarises how got differs from want: documents, packages, files and
// relationships that differ, or the first differing bytes when only the
// formatting does. It returns "" for equal bytes.
func sbomDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wd, err1 := spdx.Parse(want)
	gd, err2 := spdx.Parse(got)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("not both SPDX (%v, %v); %s", err1, err2, firstByteDiff(want, got))
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	wp, gp := map[string]spdx.Package{}, map[string]spdx.Package{}
	for _, p := range wd.Packages {
		wp[p.Name] = p
	}
	for _, p := range gd.Packages {
		gp[p.Name] = p
	}
	var onlyW, onlyG, changed []string
	for n, p := range wp {
		q, ok := gp[n]
		switch {
		case !ok:
			onlyW = append(onlyW, n)
		case !sameJSON(p, q):
			changed = append(changed, n)
		}
	}
	for n := range gp {
		if _, ok := wp[n]; !ok {
			onlyG = append(onlyG, n)
		}
	}
	listDiff(add, "packages", onlyW, onlyG, changed)

	wf, gf := map[string]spdx.File{}, map[string]spdx.File{}
	for _, f := range wd.Files {
		wf[f.FileName] = f
	}
	for _, f := range gd.Files {
		gf[f.FileName] = f
	}
	onlyW, onlyG, changed = nil, nil, nil
	for n, f := range wf {
		g, ok := gf[n]
		switch {
		case !ok:
			onlyW = append(onlyW, n)
		case !sameJSON(f, g):
			changed = append(changed, n)
		}
	}
	for n := range gf {
		if _, ok := wf[n]; !ok {
			onlyG = append(onlyG, n)
		}
	}
	listDiff(add, "files", onlyW, onlyG, changed)
	if len(wd.Files) != len(wf) || len(gd.Files) != len(gf) {
		add("duplicate fileNames: want %d entries for %d names, got %d for %d", len(wd.Files), len(wf), len(gd.Files), len(gf))
	}

	rel := func(d *spdx.Document) []string {
		var s []string
		for _, r := range d.Relationships {
			s = append(s, r.SPDXElementID+" "+r.RelationshipType+" "+r.RelatedSPDXElement)
		}
		return s
	}
	wr, gr := rel(wd), rel(gd)
	listDiff(add, "relationships", setMinus(wr, gr), setMinus(gr, wr), nil)

	if len(out) == 0 {
		if !slices.Equal(wr, gr) || !sameJSON(wd.Files, gd.Files) || !sameJSON(wd.Packages, gd.Packages) {
			add("same elements in a different order")
		}
		wd.Packages, wd.Files, wd.Relationships = nil, nil, nil
		gd.Packages, gd.Files, gd.Relationships = nil, nil, nil
		if !sameJSON(wd, gd) {
			add("document-level members differ")
		}
	}
	out = append(out, firstByteDiff(want, got))
	return strings.Join(out, "\n")
}

func listDiff(add func(string, ...any), what string, onlyWant, onlyGot, changed []string) {
	for _, x := range []struct {
		label string
		names []string
	}{{"only in want", onlyWant}, {"only in got", onlyGot}, {"different", changed}} {
		if len(x.names) == 0 {
			continue
		}
		slices.Sort(x.names)
		shown := x.names
		more := ""
		if len(shown) > 10 {
			shown, more = shown[:10], fmt.Sprintf(" and %d more", len(x.names)-10)
		}
		add("%s %s: %s%s", what, x.label, strings.Join(shown, ", "), more)
	}
}

func setMinus(a, b []string) []string {
	in := map[string]int{}
	for _, x := range b {
		in[x]++
	}
	var out []string
	for _, x := range a {
		if in[x] > 0 {
			in[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}

func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func firstByteDiff(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	line := 1 + bytes.Count(want[:i], []byte("\n"))
	ctx := func(b []byte) string {
		lo, hi := max(0, i-30), min(len(b), i+30)
		return fmt.Sprintf("%q", b[lo:hi])
	}
	return fmt.Sprintf("first difference at byte %d (line %d; lengths %d and %d): want …%s… got …%s…", i, line, len(want), len(got), ctx(want), ctx(got))
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:2000] + "\n…\n" + s[len(s)-2000:]
	}
	return s
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// fileEntry returns the file element named name, or fails.
func fileEntry(t *testing.T, d *spdx.Document, name string) spdx.File {
	t.Helper()
	for _, f := range d.Files {
		if f.FileName == name {
			return f
		}
	}
	t.Fatalf("no file element with fileName %q", name)
	return spdx.File{}
}

func hasFile(d *spdx.Document, name string) bool {
	return slices.ContainsFunc(d.Files, func(f spdx.File) bool { return f.FileName == name })
}

func checksum(f spdx.File, alg string) string {
	for _, c := range f.Checksums {
		if c.Algorithm == alg {
			return c.ChecksumValue
		}
	}
	return ""
}

// owner names the package that CONTAINS the file element id.
func owner(d *spdx.Document, id string) string {
	for _, r := range d.Relationships {
		if r.RelationshipType == "CONTAINS" && r.RelatedSPDXElement == id {
			for _, p := range d.Packages {
				if p.SPDXID == r.SPDXElementID {
					return p.Name
				}
			}
			return r.SPDXElementID
		}
	}
	return ""
}

func pkg(t *testing.T, d *spdx.Document, name string) spdx.Package {
	t.Helper()
	for _, p := range d.Packages {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no package %q", name)
	return spdx.Package{}
}
