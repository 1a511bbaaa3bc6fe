//go:build !unix

package safefile

// nonBlock is not needed where opening a pipe does not wait for a writer.
const nonBlock = 0
