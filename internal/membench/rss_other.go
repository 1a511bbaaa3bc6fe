//go:build !linux

package membench

import "os"

// maxRSS is not measured off Linux (macOS reports bytes, Windows nothing in
// rusage); callers skip their memory assertions when it is 0.
func maxRSS(*os.ProcessState) int64 { return 0 }
