//go:build unix

package spdx

import "syscall"

// cpuTime is the CPU time the process has used, in nanoseconds: on a machine
// shared with other work, wall time per operation says more about the load
// than about the code.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
