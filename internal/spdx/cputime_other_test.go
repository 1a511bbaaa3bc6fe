//go:build !unix

package spdx

func cpuTime() int64 { return 0 }
