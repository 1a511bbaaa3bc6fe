package archive

import (
	"errors"
	"fmt"
	"io/fs"
)

// Kind is the type of an archive member.
type Kind int

// The zero Kind is not a kind, so that an unset Entry is never taken for a
// regular file.
const (
	Regular Kind = iota + 1
	Dir
	Symlink
	Hardlink
	Other // devices, fifos, sparse files and anything else: always refused
)

func (k Kind) String() string {
	switch k {
	case Regular:
		return "regular file"
	case Dir:
		return "directory"
	case Symlink:
		return "symlink"
	case Hardlink:
		return "hardlink"
	case Other:
		return "special file"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Entry describes one archive member.
type Entry struct {
	Name string // as stored, '/'-separated, without a leading "./" (directories keep a trailing "/" if stored with one)
	Kind Kind
	Size int64 // content length of a regular file; 0 for other kinds
	Mode fs.FileMode
	Link string // target of a symlink or hardlink, as stored (a hardlink's without a leading "./")
}

// Default limits, used for the zero fields of Limits. The member and name
// budgets bound what the walk (and a caller keeping a line per member, as
// artifact and verify do) holds in memory for the whole archive: CPython's
// 3.13.5 source tarball has about 4,800 members with 220 KB of names, so
// the defaults leave a genuine release room twenty times over, and a hostile
// archive of a million empty members (10 MB of .tar.gz) is refused after
// 100,000 of them instead of taking gigabytes.
const (
	DefaultMaxMembers    = 100_000
	DefaultMaxNameBytes  = 32 << 20 // 32 MiB
	DefaultMaxMemberSize = 4 << 30  // 4 GiB
	DefaultMaxTotalSize  = 64 << 30 // 64 GiB
	DefaultMaxRatio      = 1000
)

// ratioFloor is how much must have been decompressed before the ratio is
// checked: the first few KiB of a tar stream (headers of empty files, runs of
// zero padding) compress far better than any real content, so a check from the
// first byte would refuse honest archives.
const ratioFloor = 1 << 20

// Limits bounds what an archive may make Walk read. A zero field means its
// default; a negative one is an error.
type Limits struct {
	MaxMembers int // default 100,000
	// MaxNameBytes bounds the member names and link targets of the whole
	// archive added up, since the walk keeps every name to refuse duplicates
	// (a PAX header can make one name a megabyte long).
	MaxNameBytes  int64 // default 32 MiB
	MaxMemberSize int64 // default 4 GiB
	// MaxTotalSize bounds the uncompressed bytes: the whole tar stream (headers
	// and padding included) for tar formats, the sum of member sizes for zip.
	MaxTotalSize int64 // default 64 GiB
	// MaxRatio bounds uncompressed/compressed bytes over the whole archive, to
	// stop decompression bombs. It is checked as data is read, once at least
	// 1 MiB has been produced, against the compressed bytes consumed so far
	// (tar) or the size of the file (zip, whose declared sizes are known up
	// front and enforced while reading).
	MaxRatio int64 // default 1000
	// AllowLinks passes symlink and hardlink members to fn (Kind Symlink or
	// Hardlink) instead of refusing them. Their targets must still stay inside
	// the archive.
	AllowLinks bool
}

// withDefaults fills in zero fields and refuses negative ones.
func (l Limits) withDefaults() (Limits, error) {
	if l.MaxMembers < 0 || l.MaxNameBytes < 0 || l.MaxMemberSize < 0 || l.MaxTotalSize < 0 || l.MaxRatio < 0 {
		return l, fmt.Errorf("invalid archive limits %+v: negative values are not allowed", l)
	}
	if l.MaxMembers == 0 {
		l.MaxMembers = DefaultMaxMembers
	}
	if l.MaxNameBytes == 0 {
		l.MaxNameBytes = DefaultMaxNameBytes
	}
	if l.MaxMemberSize == 0 {
		l.MaxMemberSize = DefaultMaxMemberSize
	}
	if l.MaxTotalSize == 0 {
		l.MaxTotalSize = DefaultMaxTotalSize
	}
	if l.MaxRatio == 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	return l, nil
}

// Errors that Walk wraps, so that callers (and tests) can tell refusals apart
// with errors.Is. The wrapping error names the archive and the member.
var (
	ErrUnsafeName      = errors.New("unsafe member name")
	ErrDuplicate       = errors.New("duplicate member name")
	ErrLink            = errors.New("link member refused")
	ErrSpecial         = errors.New("special file member refused")
	ErrTooManyMembers  = errors.New("too many members")
	ErrNamesTooLarge   = errors.New("member names too long in total")
	ErrMemberTooLarge  = errors.New("member too large")
	ErrTotalTooLarge   = errors.New("archive too large")
	ErrRatio           = errors.New("compression ratio too high")
	ErrTruncated       = errors.New("archive truncated")
	ErrTrailingData    = errors.New("data after the end of the archive")
	ErrSizeMismatch    = errors.New("member content does not match its declared size")
	ErrReadAfterReturn = errors.New("member reader used after fn returned")
)
