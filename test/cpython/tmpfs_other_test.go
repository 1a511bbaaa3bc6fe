//go:build !linux

package cpython_test

func roomInMemory(string) bool { return false }
