// Package cpython_test checks sbomkeeper against CPython's own SBOM generator
// (Tools/build/generate_sbom.py) on the real Python 3.13.5 source tree: for an
// unchanged tree and for a table of changes inside the vendored directories,
// `sbomkeeper regen` must write the bytes upstream writes, except where upstream
// is wrong, and `sbomkeeper check` must say what is stale.
//
// The tree comes from SBOMKEEPER_CPYTHON_TREE (.ci/run sets it from
// shared/corpus/cpython.sh); without it every test skips.
package cpython_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// treeEnv names the extracted Python-3.13.5 source tree.
const treeEnv = "SBOMKEEPER_CPYTHON_TREE"

// configPath is the CPython config the tests run with, relative to this package.
const configPath = "../../examples/cpython/sbomkeeper.toml"

var (
	// workDir holds what every test shares: the binary and the pristine repository.
	workDir string

	setupOnce sync.Once
	setupErr  error
	shared    struct {
		tarball  string // the tree as extracted, without .git
		pristine string // a copy of it with everything committed in a git repository
		binary   string // sbomkeeper, built from this module
		config   string // absolute path of examples/cpython/sbomkeeper.toml
		python   string // python3, "" when missing
		// orig holds the bytes of both SBOMs as the tarball ships them.
		orig map[string][]byte
	}
)

func TestMain(m *testing.M) {
	// Each test copies a 114 MB tree of 4,800 files. On this machine's ext4
	// that takes seconds of kernel time per copy, on tmpfs a fifth of a
	// second, so copies go to memory when there is room: t.TempDir follows
	// TMPDIR. SBOMKEEPER_TEST_TMPDIR chooses the place explicitly.
	base := os.Getenv("SBOMKEEPER_TEST_TMPDIR")
	if base == "" && roomInMemory("/dev/shm") {
		base = "/dev/shm"
	}
	dir, err := os.MkdirTemp(base, "sbomkeeper-cpython-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if base != "" {
		os.Setenv("TMPDIR", dir)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// corpus returns the shared fixtures, building them on first use, or skips
// the test when the corpus or git is not available. needPython also skips
// when python3 is missing.
func corpus(t *testing.T, needPython bool) {
	t.Helper()
	tree := os.Getenv(treeEnv)
	if tree == "" {
		t.Skipf("%s is not set: run `bash ../shared/corpus/cpython.sh` and export its TREE (as .ci/run does)", treeEnv)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; the parity tests need it")
	}
	if needPython {
		if _, err := exec.LookPath("python3"); err != nil {
			t.Skip("python3 is not installed; the parity tests run CPython's Tools/build/generate_sbom.py with it")
		}
	}
	setupOnce.Do(func() { setupErr = setup(tree) })
	if setupErr != nil {
		t.Fatalf("setting up the CPython corpus: %v", setupErr)
	}
}

func setup(tree string) error {
	if _, err := os.Stat(filepath.Join(tree, "Tools/build/generate_sbom.py")); err != nil {
		return fmt.Errorf("%s=%s is not a CPython source tree: %w", treeEnv, tree, err)
	}
	shared.tarball = tree
	cfg, err := filepath.Abs(configPath)
	if err != nil {
		return err
	}
	shared.config = cfg
	shared.python, _ = exec.LookPath("python3")

	shared.orig = map[string][]byte{}
	for _, p := range sbomPaths {
		b, err := os.ReadFile(filepath.Join(tree, p))
		if err != nil {
			return err
		}
		shared.orig[p] = b
	}

	// Build the CLI once; every test runs this binary.
	shared.binary = filepath.Join(workDir, "sbomkeeper")
	build := exec.Command("go", "build", "-o", shared.binary, "./cmd/sbomkeeper")
	build.Dir = filepath.Join(filepath.Dir(cfg), "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/sbomkeeper: %v\n%s", err, out)
	}

	// One committed repository per test binary; each test copies it.
	shared.pristine = filepath.Join(workDir, "pristine")
	if err := copyTree(tree, shared.pristine, ""); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"commit", "-q", "--no-verify", "-m", "Python 3.13.5 as released"},
	} {
		cmd := exec.Command("git", append(gitFlags, args...)...)
		cmd.Dir = shared.pristine
		cmd.Env = baseEnv(shared.pristine)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %v in the pristine copy: %v: %s", args, err, stderr.Bytes())
		}
	}
	return nil
}
