//go:build !unix

package digest

import "errors"

func mkfifo(string) error { return errors.New("not supported") }
