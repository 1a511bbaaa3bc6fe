package tree

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrNotGit means the root is not inside a git work tree.
var ErrNotGit = errors.New("not a git work tree")

// Listed returns the files git would keep under the given directories of root
// (relative to root, '/'-separated): tracked files, and untracked files no
// ignore rule excludes. It is `git ls-files --cached --others
// --exclude-standard` in one process, which answers what one
// `git check-ignore` per path would (tracked files are never ignored, '!'
// re-includes are honoured) at a fraction of the cost, and tells a tree that
// is not a git work tree apart (ErrNotGit) without a separate call.
// An empty dirs lists the whole tree.
func Listed(ctx context.Context, root string, dirs []string) (map[string]bool, error) {
	args := []string{"-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"}
	args = append(args, dirs...)
	cmd := exec.CommandContext(ctx, "git", args...)
	// Directory names are literal: a '[' or '*' in one is not a pattern.
	cmd.Env = append(os.Environ(), "GIT_LITERAL_PATHSPECS=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var exit *exec.ExitError
		if errors.As(err, &exit) && strings.Contains(msg, "not a git repository") {
			return nil, ErrNotGit
		}
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("git is not installed, and %s looks like a checkout whose ignore rules matter: %w", root, err)
		}
		return nil, fmt.Errorf("git ls-files in %s: %w: %s", root, err, msg)
	}
	out := map[string]bool{}
	for _, p := range bytes.Split(stdout.Bytes(), []byte{0}) {
		if len(p) > 0 {
			out[string(p)] = true
		}
	}
	return out, nil
}

// LiteralDir is the directory part of a glob before its first wildcard
// component ("Modules/expat" for "Modules/expat/**"), "" when the first
// component already has one.
func LiteralDir(pattern string) string {
	parts := strings.Split(pattern, "/")
	var lit []string
	for _, p := range parts[:len(parts)-1] {
		if strings.ContainsAny(p, "*?[") {
			break
		}
		lit = append(lit, p)
	}
	return strings.Join(lit, "/")
}
