package membench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"
)

// Result is one measured run.
type Result struct {
	MaxRSS int64 // peak resident set size in bytes; 0 where the OS does not say
	Wall   time.Duration
	Exit   int
	Stdout []byte
	Stderr []byte
}

// Run runs bin with args in dir (env added to the current environment) and
// returns its peak memory, time and output. A non-zero exit is a Result, not
// an error; the error is for a process that could not run.
func Run(ctx context.Context, dir string, env []string, bin string, args ...string) (Result, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	if len(env) > 0 {
		cmd.Env = append(cmd.Environ(), env...)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := Result{Wall: time.Since(start), Stdout: out.Bytes(), Stderr: errb.Bytes()}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return res, fmt.Errorf("running %s: %w", bin, err)
	}
	if cmd.ProcessState != nil {
		res.Exit = cmd.ProcessState.ExitCode()
		res.MaxRSS = maxRSS(cmd.ProcessState)
	}
	return res, nil
}

// MiB formats a byte count for reports.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
