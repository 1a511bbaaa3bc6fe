package membench

import (
	"os"
	"syscall"
)

// maxRSS is the child's peak resident set size: Linux reports ru_maxrss in KiB.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10
	}
	return 0
}
