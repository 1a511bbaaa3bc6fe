package wheelsbom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// rawEntry is a member as its central directory record has it, with the span
// of the archive its local header, data and any data descriptor occupy.
type rawEntry struct {
	name       string
	cd         []byte // the whole central directory record
	offset     int64  // of the local header
	end        int64  // where the next member (or the central directory) starts
	method     uint16
	compressed uint32
}

// rawZip is an archive's structure, read without trusting archive/zip.
type rawZip struct {
	entries []rawEntry
	comment []byte
}

const (
	sigLocal   = 0x04034b50
	sigCentral = 0x02014b50
	sigEnd     = 0x06054b50
	// maxMember is the largest member without zip64, which Embed does not write.
	maxMember = 0xffffffff - 1
)

var errZip64 = errors.New("zip64 archives are not supported: no wheel needs one, and sbomkeeper copies members byte for byte only when it understands every field")

// readRaw reads the end record and the central directory. The caller has
// already had internal/wheel check the layout (archive.CheckZipLayout: no
// data before the first member, no overlaps, local names equal to central
// names); readRaw refuses what it cannot copy byte for byte.
func readRaw(r io.ReaderAt, size int64) (*rawZip, error) {
	tail := min(size, 22+65535)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return nil, err
	}
	at := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if at < 0 || at+22 > len(buf) {
		return nil, errors.New("no zip end record")
	}
	eocd := buf[at:]
	le := binary.LittleEndian
	commentLen := int(le.Uint16(eocd[20:]))
	if at+22+commentLen != len(buf) {
		return nil, errors.New("the zip end record's comment length does not reach the end of the file: data follows the archive")
	}
	disk, cdDisk := le.Uint16(eocd[4:]), le.Uint16(eocd[6:])
	onDisk, entries := le.Uint16(eocd[8:]), le.Uint16(eocd[10:])
	cdSize, cdOffset := int64(le.Uint32(eocd[12:])), int64(le.Uint32(eocd[16:]))
	if entries == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff {
		return nil, errZip64
	}
	if disk != 0 || cdDisk != 0 || onDisk != entries {
		return nil, errors.New("multi-disk zip archives are not supported")
	}
	if cdOffset+cdSize != size-tail+int64(at) {
		return nil, errors.New("the central directory does not end where the end record starts")
	}
	cd := make([]byte, cdSize)
	if _, err := r.ReadAt(cd, cdOffset); err != nil {
		return nil, fmt.Errorf("reading the central directory: %w", err)
	}
	z := &rawZip{comment: slices.Clone(eocd[22:])}
	for i := 0; i < int(entries); i++ {
		if len(cd) < 46 || le.Uint32(cd) != sigCentral {
			return nil, fmt.Errorf("central directory entry %d is malformed", i+1)
		}
		n, m, k := int(le.Uint16(cd[28:])), int(le.Uint16(cd[30:])), int(le.Uint16(cd[32:]))
		if len(cd) < 46+n+m+k {
			return nil, fmt.Errorf("central directory entry %d is cut short", i+1)
		}
		e := rawEntry{
			name: string(cd[46 : 46+n]), cd: cd[: 46+n+m+k : 46+n+m+k],
			offset: int64(le.Uint32(cd[42:])), method: le.Uint16(cd[10:]), compressed: le.Uint32(cd[20:]),
		}
		if e.compressed == 0xffffffff || le.Uint32(cd[24:]) == 0xffffffff || e.offset == 0xffffffff || le.Uint16(cd[34:]) != 0 {
			return nil, fmt.Errorf("%s: %w", e.name, errZip64)
		}
		z.entries = append(z.entries, e)
		cd = cd[46+n+m+k:]
	}
	if len(cd) != 0 {
		return nil, errors.New("the central directory has bytes after its last entry")
	}
	// Each member runs to the next one's local header: its data descriptor,
	// if any, and whatever lies between are copied with it.
	order := make([]int, len(z.entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return int(min(max(z.entries[a].offset-z.entries[b].offset, -1), 1))
	})
	for j, i := range order {
		end := cdOffset
		if j+1 < len(order) {
			end = z.entries[order[j+1]].offset
		}
		if end <= z.entries[i].offset {
			return nil, fmt.Errorf("members %q and %q start at the same byte", z.entries[i].name, z.entries[order[j+1]].name)
		}
		z.entries[i].end = end
	}
	return z, nil
}

// newMember is a member Embed writes: its content compressed as method says.
type newMember struct {
	name       string
	method     uint16
	crc        uint32
	size       int
	compressed []byte
}

// header fields a new member takes from a template (the old RECORD), so that
// it looks like its neighbours: made by the same system, same time stamp,
// same permissions.
type template struct {
	madeBy, time, date uint16
	external           uint32
}

func templateOf(e rawEntry) template {
	le := binary.LittleEndian
	return template{madeBy: le.Uint16(e.cd[4:]), time: le.Uint16(e.cd[12:]), date: le.Uint16(e.cd[14:]), external: le.Uint32(e.cd[38:])}
}

// local is the local header of a new member, and central its central
// directory record at offset.
func (m newMember) headers(t template, offset int64) (local, central []byte) {
	le := binary.LittleEndian
	var flags uint16
	for i := 0; i < len(m.name); i++ {
		if m.name[i] >= 0x80 {
			flags = 0x800 // the name is UTF-8
			break
		}
	}
	version := uint16(20)
	if m.method == 0 {
		version = 10
	}
	local = make([]byte, 30, 30+len(m.name))
	le.PutUint32(local[0:], sigLocal)
	le.PutUint16(local[4:], version)
	le.PutUint16(local[6:], flags)
	le.PutUint16(local[8:], m.method)
	le.PutUint16(local[10:], t.time)
	le.PutUint16(local[12:], t.date)
	le.PutUint32(local[14:], m.crc)
	le.PutUint32(local[18:], uint32(len(m.compressed)))
	le.PutUint32(local[22:], uint32(m.size))
	le.PutUint16(local[26:], uint16(len(m.name)))
	local = append(local, m.name...)

	central = make([]byte, 46, 46+len(m.name))
	le.PutUint32(central[0:], sigCentral)
	le.PutUint16(central[4:], t.madeBy)
	// From the version needed to the extra field's length, the central record
	// repeats the local header field for field.
	copy(central[6:32], local[4:30])
	le.PutUint32(central[38:], t.external)
	le.PutUint32(central[42:], uint32(offset))
	central = append(central, m.name...)
	return local, central
}

// withOffset is a copied member's central record pointing at its new place.
func withOffset(cd []byte, offset int64) []byte {
	out := slices.Clone(cd)
	binary.LittleEndian.PutUint32(out[42:], uint32(offset))
	return out
}

// endRecord is the end of central directory record.
func endRecord(entries int, cdOffset, cdSize int64, comment []byte) []byte {
	le := binary.LittleEndian
	b := make([]byte, 22, 22+len(comment))
	le.PutUint32(b[0:], sigEnd)
	le.PutUint16(b[8:], uint16(entries))
	le.PutUint16(b[10:], uint16(entries))
	le.PutUint32(b[12:], uint32(cdSize))
	le.PutUint32(b[16:], uint32(cdOffset))
	le.PutUint16(b[20:], uint16(len(comment)))
	return append(b, comment...)
}
