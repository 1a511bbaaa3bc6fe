package archive

import (
	"unicode/utf8"

	"fmt"
	"golang.org/x/text/unicode/norm"
	"path"
	"strings"
)

// memberName checks a stored member name and returns it without leading "./"
// (the Entry name) and without a trailing "/" as well (the key duplicates are
// found by). root reports that the name is the archive root itself ("./"),
// which tar writes when asked to archive "."; the caller decides what to do.
//
// The rules are lexical on purpose: they must hold on every platform a caller
// might unpack on, so Windows drive prefixes and backslashes are refused even
// here, and non-canonical names ("a//b", "a/./b") are refused rather than
// cleaned, because two tools cleaning them differently is how duplicates and
// escapes slip through.
// MaxDepth bounds the components of a member name.
const MaxDepth = 256

func memberName(stored string) (name, key string, root bool, err error) {
	if err := unsafeChars(stored); err != nil {
		return "", "", false, err
	}
	name = stored
	for strings.HasPrefix(name, "./") {
		name = name[len("./"):]
	}
	if name == "" || name == "." {
		return "", "", true, nil
	}
	if err := notAbsolute(name); err != nil {
		return "", "", false, err
	}
	key = strings.TrimSuffix(name, "/")
	// Every directory of a name is looked up (FoldSet, throughLink), each
	// by its whole prefix: a megabyte name of 500,000 components would
	// cost minutes of hashing. Real trees are a few dozen deep.
	if n := strings.Count(key, "/") + 1; n > MaxDepth {
		return "", "", false, fmt.Errorf("%w: %d path components, more than the %d sbomkeeper reads", ErrUnsafeName, n, MaxDepth)
	}
	for _, c := range strings.Split(key, "/") {
		switch c {
		case "..":
			return "", "", false, fmt.Errorf("%w: has a \"..\" component", ErrUnsafeName)
		case "", ".":
			return "", "", false, fmt.Errorf("%w: not in canonical form (empty or \".\" component)", ErrUnsafeName)
		}
	}
	return name, key, false, nil
}

// unsafeChars refuses bytes that mean different things on different systems:
// NUL ends a C string early, and a backslash is a separator on Windows.
func unsafeChars(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrUnsafeName)
	}
	if !utf8.ValidString(s) {
		// An SBOM is JSON, which holds only Unicode: the name could not be
		// recorded as it is, and verify would then reject the SBOM.
		return fmt.Errorf("%w: not valid UTF-8", ErrUnsafeName)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%w: contains NUL", ErrUnsafeName)
	}
	if strings.IndexByte(s, '\\') >= 0 {
		return fmt.Errorf("%w: contains a backslash", ErrUnsafeName)
	}
	return nil
}

// notAbsolute refuses POSIX absolute paths and Windows drive prefixes ("C:",
// which is also drive-relative without a slash after it).
func notAbsolute(s string) error {
	if strings.HasPrefix(s, "/") {
		return fmt.Errorf("%w: absolute path", ErrUnsafeName)
	}
	if len(s) >= 2 && s[1] == ':' && ('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z') {
		return fmt.Errorf("%w: Windows drive prefix", ErrUnsafeName)
	}
	return nil
}

// symlinkTarget checks that a symlink stored at key points inside the
// archive. The target is resolved lexically against the link's directory;
// that is what an unpacker confined to one directory (os.Root) can rely on.
func symlinkTarget(key, target string) error {
	if err := unsafeChars(target); err != nil {
		return fmt.Errorf("%w: target %q: %w", ErrLink, target, err)
	}
	if err := notAbsolute(target); err != nil {
		return fmt.Errorf("%w: target %q: %w", ErrLink, target, err)
	}
	resolved := path.Join(path.Dir(key), target)
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		return fmt.Errorf("%w: target %q escapes the archive", ErrLink, target)
	}
	return nil
}

// hardlinkTarget checks a hardlink's target, which tar stores as another
// member's name (relative to the archive root, not to the link), and returns
// it without a leading "./".
func hardlinkTarget(target string) (string, error) {
	name, _, root, err := memberName(target)
	if err != nil {
		return "", fmt.Errorf("%w: target %q: %w", ErrLink, target, err)
	}
	if root {
		return "", fmt.Errorf("%w: target %q is the archive root", ErrLink, target)
	}
	return name, nil
}

// foldKey is what two names share when macOS's and Windows's file systems
// would make them one file: the same letters up to case and Unicode
// normalization (NFC against NFD).
func foldKey(key string) string {
	return strings.ToLower(norm.NFC.String(key))
}

// FoldSet finds member paths that macOS's and Windows's file systems, which
// fold case and Unicode normalization, would make one: README and readme,
// café in NFC and in NFD. Directories count too, whether or not the archive
// has a member for them: "Doc/a" and "doc/b" are two directories on Linux
// but one elsewhere, and a file "doc" cannot stand beside a directory "DOC".
// The zero value is ready to use; archive walks and wheels share it so that
// both refuse the same names.
type FoldSet struct {
	first map[string]string // folded path → the spelling seen first
}

// Add records p (slash-separated, without "./" or a trailing "/") and the
// directories it is in. A clash is an error naming the part of p (p itself or
// one of its directories) and the other spelling, recorded before it.
func (s *FoldSet) Add(p string) error {
	if s.first == nil {
		s.first = make(map[string]string)
	}
	folded := foldKey(p)
	// Folding keeps every "/" and never joins across one ("/" composes with
	// nothing), so the n-th directory of folded is the n-th of p folded.
	if strings.Count(folded, "/") != strings.Count(p, "/") {
		folded = p // cannot happen; compare exactly rather than misattribute
	}
	for i, j := 0, 0; ; {
		ei := strings.IndexByte(p[i:], '/')
		ej := strings.IndexByte(folded[j:], '/')
		end, fend := len(p), len(folded)
		if ei >= 0 {
			end, fend = i+ei, j+ej
		}
		prefix, fprefix := p[:end], folded[:fend]
		if prev, ok := s.first[fprefix]; !ok {
			s.first[fprefix] = prefix
		} else if prev != prefix {
			return fmt.Errorf("%+q differs from %+q only in case or Unicode normalization, so the two are one file or directory on macOS and Windows", prefix, prev)
		}
		if ei < 0 {
			return nil
		}
		i, j = end+1, fend+1
	}
}
