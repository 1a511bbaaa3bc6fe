package membench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Result is one measured run.
type Result struct {
	MaxRSS int64 // peak resident set size in bytes
	Wall   time.Duration
	Exit   int
	Stdout []byte
	Stderr []byte
}

// Runner runs commands through the maxrss helper (see ./maxrss), which
// reports the child's peak RSS without the inflation a large parent causes.
type Runner struct {
	MaxRSS string // the built maxrss helper
}

// Build builds the maxrss helper and the sbomkeeper binary (from the module
// rooted at root) into dir, and returns a Runner and the binary's path.
func Build(root, dir string) (Runner, string, error) {
	r := Runner{MaxRSS: filepath.Join(dir, "maxrss")}
	bin := filepath.Join(dir, "sbomkeeper")
	for _, b := range [][2]string{{r.MaxRSS, "./internal/membench/maxrss"}, {bin, "./cmd/sbomkeeper"}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return r, "", fmt.Errorf("go build %s: %w\n%s", b[1], err, out)
		}
	}
	return r, bin, nil
}

// Run runs bin with args in dir (env added to the current environment) and
// returns its peak memory, time and output. A non-zero exit is a Result, not
// an error; the error is for a process that could not run or be measured.
func (r Runner) Run(ctx context.Context, dir string, env []string, bin string, args ...string) (Result, error) {
	out, err := os.CreateTemp("", "maxrss-")
	if err != nil {
		return Result{}, err
	}
	out.Close()
	defer os.Remove(out.Name())
	cmd := exec.CommandContext(ctx, r.MaxRSS, append([]string{out.Name(), bin}, args...)...)
	cmd.Dir = dir
	if len(env) > 0 {
		cmd.Env = append(cmd.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	res := Result{Wall: time.Since(start), Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return res, fmt.Errorf("running %s: %w", bin, err)
	}
	res.Exit = cmd.ProcessState.ExitCode()
	if res.Exit >= 125 {
		return res, fmt.Errorf("running %s through maxrss: exit %d\n%s", bin, res.Exit, res.Stderr)
	}
	b, err := os.ReadFile(out.Name())
	if err != nil {
		return res, err
	}
	if res.MaxRSS, err = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err != nil {
		return res, fmt.Errorf("maxrss wrote %q", b)
	}
	return res, nil
}

// MiB formats a byte count for reports.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
