//go:build linux

package cpython_test

import "syscall"

// roomInMemory reports whether dir is a tmpfs with room for the copies the
// tests keep at once (two in parallel, a pristine repository and slack).
func roomInMemory(dir string) bool {
	const tmpfsMagic = 0x01021994
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) >= 4<<30
}
