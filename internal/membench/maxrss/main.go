// Command maxrss runs a command and writes its peak resident set size, in
// bytes, to a file:
//
//	maxrss OUT CMD [ARG...]
//
// It exists because a process started by a large one inherits that one's
// high-water mark: Linux records the old address space's peak RSS in the
// child's ru_maxrss at exec, and os/exec starts children with
// CLONE_VM|CLONE_VFORK, so a test that has generated 100 MB of input would
// read 100 MB for a child that used 10. Started from this small process, the
// child's figure is off by this process's few MiB at most. The command's
// stdin, stdout and stderr are this process's; its exit code is this one's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: maxrss OUT CMD [ARG...]")
		os.Exit(125)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintln(os.Stderr, "maxrss:", err)
		os.Exit(126)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) << 10 // KiB on Linux
	}
	if err := os.WriteFile(os.Args[1], []byte(strconv.FormatInt(rss, 10)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "maxrss:", err)
		os.Exit(126)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
