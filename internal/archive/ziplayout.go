package archive

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ErrZipLayout is a zip whose structure says two things at once: a local
// header naming another file than the central directory does, members whose
// bytes overlap, or data before the first member. archive/zip trusts the
// central directory alone; an extracting tool may trust the local headers.
var ErrZipLayout = errors.New("inconsistent zip layout")

// CheckZipLayout reads the central directory itself and compares it with each
// member's local header. Zip64 archives (whose offsets do not fit the classic
// fields) are left to archive/zip: no wheel or CPython zip is one.
func CheckZipLayout(r io.ReaderAt, size int64, files []*zip.File) error {
	tail := min(size, 22+65535)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return err
	}
	at := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if at < 0 || at+22 > len(buf) {
		return nil // archive/zip has already refused it, or will
	}
	eocd := buf[at:]
	entries := int(binary.LittleEndian.Uint16(eocd[10:]))
	cdSize := int64(binary.LittleEndian.Uint32(eocd[12:]))
	cdOffset := int64(binary.LittleEndian.Uint32(eocd[16:]))
	if entries == 0xffff || cdOffset == 0xffffffff || cdSize == 0xffffffff || entries != len(files) {
		return nil
	}
	eocdPos := size - tail + int64(at)
	if cdOffset+cdSize != eocdPos {
		return fmt.Errorf("%w: the central directory says it starts at byte %d but ends where the archive's last record begins at %d: data was put before or inside the archive", ErrZipLayout, cdOffset, eocdPos)
	}
	cd := make([]byte, cdSize)
	if _, err := r.ReadAt(cd, cdOffset); err != nil {
		return err
	}
	type span struct {
		start, end int64
		name       string
	}
	var spans []span
	for i := range files {
		if len(cd) < 46 || binary.LittleEndian.Uint32(cd) != 0x02014b50 {
			return fmt.Errorf("%w: central directory entry %d is malformed", ErrZipLayout, i+1)
		}
		n, m, k := int(binary.LittleEndian.Uint16(cd[28:])), int(binary.LittleEndian.Uint16(cd[30:])), int(binary.LittleEndian.Uint16(cd[32:]))
		offset := int64(binary.LittleEndian.Uint32(cd[42:]))
		if len(cd) < 46+n+m+k {
			return fmt.Errorf("%w: central directory entry %d is cut short", ErrZipLayout, i+1)
		}
		name := string(cd[46 : 46+n])
		cd = cd[46+n+m+k:]
		if offset == 0xffffffff {
			return nil // zip64 offsets: left to archive/zip
		}
		var lh [30]byte
		if _, err := r.ReadAt(lh[:], offset); err != nil || binary.LittleEndian.Uint32(lh[:]) != 0x04034b50 {
			return fmt.Errorf("%w: no local header at byte %d for %q", ErrZipLayout, offset, name)
		}
		ln, le := int64(binary.LittleEndian.Uint16(lh[26:])), int64(binary.LittleEndian.Uint16(lh[28:]))
		local := make([]byte, ln)
		if _, err := r.ReadAt(local, offset+30); err != nil {
			return fmt.Errorf("%w: the local header of %q is cut short", ErrZipLayout, name)
		}
		if string(local) != name {
			return fmt.Errorf("%w: the local header names %q where the central directory names %q", ErrZipLayout, local, name)
		}
		spans = append(spans, span{offset, offset + 30 + ln + le + int64(files[i].CompressedSize64), name})
	}
	slices.SortFunc(spans, func(a, b span) int { return int(min(max(a.start-b.start, -1), 1)) })
	if len(spans) > 0 && spans[0].start != 0 {
		return fmt.Errorf("%w: %d bytes before the first member", ErrZipLayout, spans[0].start)
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return fmt.Errorf("%w: members %q and %q share bytes", ErrZipLayout, spans[i-1].name, spans[i].name)
		}
	}
	return nil
}
