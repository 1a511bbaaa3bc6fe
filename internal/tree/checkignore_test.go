package tree

// The one-git-call-per-path verdicts of `git check-ignore`, kept as the
// oracle Listed is tested against: CPython's script asks git this way, and
// Listed must agree with it on every awkward name.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Ignored reports, for each path (relative to root, '/'-separated, may end in
// '/'), whether git's ignore rules exclude it, as
// `git check-ignore --verbose --non-matching` classifies it: a path is
// ignored when git names a matching pattern. Tracked files are never ignored.
//
// A path whose last matching pattern is a negation ("!keep.o") is not ignored:
// git keeps it, and so does sbomkeeper. (generate_sbom.py keeps only the paths
// git prints with an empty source, "::", so it drops such files; docs/cpython.md
// lists this divergence.)
func Ignored(ctx context.Context, root string, paths []string) ([]bool, error) {
	matches, err := CheckIgnore(ctx, root, paths)
	if err != nil {
		return nil, err
	}
	ignored := make([]bool, len(matches))
	for i, m := range matches {
		ignored[i] = m.Source != "" && !m.Negated()
	}
	return ignored, nil
}

// IgnoreMatch is what `git check-ignore --verbose` says about one path.
type IgnoreMatch struct {
	// Source is the file holding the last pattern that matches the path,
	// "" if none does (or the path is tracked).
	Source string
	// Line is the pattern's line number in Source, as git prints it.
	Line string
	// Pattern is the pattern as git prints it.
	Pattern string
}

// Negated reports whether the matching pattern re-includes the path
// ("!keep.o"), that is, git does not really ignore it. git prints a negated
// pattern with its '!'; a pattern for names that start with '!' is written
// "\!" and printed that way.
func (m IgnoreMatch) Negated() bool { return strings.HasPrefix(m.Pattern, "!") }

// CheckIgnore runs one `git -C root check-ignore --stdin -z --verbose
// --non-matching` for all paths and returns its verdict on each, in order.
// Any byte but NUL may appear in a path.
func CheckIgnore(ctx context.Context, root string, paths []string) ([]IgnoreMatch, error) {
	if len(paths) == 0 {
		return []IgnoreMatch{}, nil
	}
	fed := make([]string, len(paths))
	var stdin bytes.Buffer
	for i, p := range paths {
		switch {
		case p == "":
			return nil, fmt.Errorf("git check-ignore in %s: path %d is empty", root, i)
		case strings.IndexByte(p, 0) >= 0:
			return nil, fmt.Errorf("git check-ignore in %s: path %q contains a NUL byte", root, p)
		case p[0] == ':':
			// git reads a leading ':' as pathspec magic (":x" would be
			// checked as "x"), and check-ignore refuses
			// GIT_LITERAL_PATHSPECS; "./" keeps the name literal.
			fed[i] = "./" + p
		default:
			fed[i] = p
		}
		stdin.WriteString(fed[i])
		stdin.WriteByte(0)
	}

	cmd := exec.CommandContext(ctx, "git", "-C", root, "check-ignore", "--stdin", "-z", "--verbose", "--non-matching")
	// GIT_FLUSH makes git write each record before reading the next path,
	// so that when git dies on a path, the records before it tell which one.
	cmd.Env = append(os.Environ(), "GIT_FLUSH=1")
	cmd.Stdin = &stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()

	records, parseErr := parseCheckIgnore(stdout.Bytes())
	var exitErr *exec.ExitError
	// Exit status 1 only means that nothing is ignored.
	if runErr != nil && !(errors.As(runErr, &exitErr) && exitErr.ExitCode() == 1) {
		msg := strings.TrimSpace(stderr.String())
		// git stops at the first path it refuses, after writing the
		// records of those before it. Name that path unless git never got
		// to the paths at all (not a repository, say).
		if n := len(records); n < len(paths) && (n > 0 || strings.Contains(msg, fed[n])) {
			return nil, fmt.Errorf("git check-ignore in %s failed on path %q: %w: %s", root, paths[n], runErr, msg)
		}
		return nil, fmt.Errorf("git check-ignore in %s: %w: %s", root, runErr, msg)
	}
	if parseErr != nil {
		return nil, fmt.Errorf("git check-ignore in %s: %w", root, parseErr)
	}
	if len(records) != len(paths) {
		return nil, fmt.Errorf("git check-ignore in %s: got %d records for %d paths", root, len(records), len(paths))
	}

	matches := make([]IgnoreMatch, len(paths))
	for i, r := range records {
		if r.path != fed[i] {
			return nil, fmt.Errorf("git check-ignore in %s: record %d is for %q, want %q", root, i, r.path, fed[i])
		}
		matches[i] = IgnoreMatch{Source: r.source, Line: r.linenum, Pattern: r.pattern}
	}
	return matches, nil
}

// checkIgnoreRecord is one record of `git check-ignore -z --verbose`.
type checkIgnoreRecord struct {
	source, linenum, pattern, path string
}

// parseCheckIgnore splits git's output into records of four NUL-terminated
// fields. A trailing partial record (git died while writing it) is an error
// but the complete records before it are still returned.
func parseCheckIgnore(out []byte) ([]checkIgnoreRecord, error) {
	var records []checkIgnoreRecord
	var fields [4]string
	for len(out) > 0 {
		for i := range fields {
			end := bytes.IndexByte(out, 0)
			if end < 0 {
				return records, fmt.Errorf("truncated output after %d records", len(records))
			}
			fields[i] = string(out[:end])
			out = out[end+1:]
		}
		records = append(records, checkIgnoreRecord{fields[0], fields[1], fields[2], fields[3]})
	}
	return records, nil
}
