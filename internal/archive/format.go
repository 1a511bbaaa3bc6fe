package archive

import (
	"fmt"
	"strings"
)

// Format is an archive format, as told by its file name.
type Format int

// The zero Format is not a format: an unset value is never taken for a tar.
const (
	Tar Format = iota + 1
	TarGz
	TarXz
	TarBz2
	TarZst
	Zip // also Python wheels (.whl), which are zip files
)

// suffixes maps file-name suffixes to formats; it is also the list the error
// of DetectFormat shows. It is never written to.
var suffixes = []struct {
	suffix string
	format Format
}{
	{".tar.gz", TarGz},
	{".tgz", TarGz},
	{".tar.xz", TarXz},
	{".tar.bz2", TarBz2},
	{".tar.zst", TarZst},
	{".tar.zstd", TarZst},
	{".tar", Tar},
	{".zip", Zip},
	{".whl", Zip},
}

// DetectFormat tells an archive's format from its file name. The match is
// case-insensitive, since names such as "FOO.ZIP" occur on some hosts.
func DetectFormat(name string) (Format, error) {
	lower := strings.ToLower(name)
	for _, s := range suffixes {
		if strings.HasSuffix(lower, s.suffix) {
			return s.format, nil
		}
	}
	known := make([]string, len(suffixes))
	for i, s := range suffixes {
		known[i] = s.suffix
	}
	return 0, fmt.Errorf("%s: cannot tell the archive format from the name: supported suffixes are %s",
		name, strings.Join(known, ", "))
}

// String returns the format's usual suffix without the leading dot.
func (f Format) String() string {
	switch f {
	case Tar:
		return "tar"
	case TarGz:
		return "tar.gz"
	case TarXz:
		return "tar.xz"
	case TarBz2:
		return "tar.bz2"
	case TarZst:
		return "tar.zst"
	case Zip:
		return "zip"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// isTar reports whether the format is a tar stream, possibly compressed.
func (f Format) isTar() bool {
	switch f {
	case Tar, TarGz, TarXz, TarBz2, TarZst:
		return true
	}
	return false
}
