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
