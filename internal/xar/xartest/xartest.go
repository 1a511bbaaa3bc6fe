// Package xartest builds macOS installer packages (.pkg) for tests: XAR
// archives with a zlib-compressed XML table of contents and a heap, product
// archives with a Distribution and component packages, Payloads as odc or
// newc cpio, gzip'd or pbzx (xz chunks, written as stored LZMA2, which every
// xz decoder reads). No real installer is reachable where the tests run, so
// these follow the formats as xar(1), pkgbuild(1) and Apple's pbzx write
// them; every knob that makes an archive hostile is a field, so tests say
// exactly what is wrong with the one they build.
//
// It is imported by tests only.
package xartest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"hash"
	"hash/crc32"
	"strings"
)

// Member is one cpio member.
type Member struct {
	Name    string // as stored, e.g. "./usr/local/bin/python3"
	Data    []byte
	Dir     bool
	Symlink string // target; makes the member a symlink
	Mode    uint32 // full st_mode; 0 means 0100644, 040755 or 0120755 from the above
	Nlink   int    // 0 means 1
	// Size overrides the recorded file size (for truncated or lying members).
	Size *int64
}

func (m Member) mode() uint32 {
	switch {
	case m.Mode != 0:
		return m.Mode
	case m.Dir:
		return 0o040755
	case m.Symlink != "":
		return 0o120755
	}
	return 0o100644
}

func (m Member) content() []byte {
	if m.Symlink != "" {
		return []byte(m.Symlink)
	}
	return m.Data
}

func (m Member) size() int64 {
	if m.Size != nil {
		return *m.Size
	}
	return int64(len(m.content()))
}

// ODC is a cpio archive in the portable format (070707), as macOS writes
// Payloads, trailer and padding to 512 bytes included.
func ODC(members []Member) []byte {
	var b bytes.Buffer
	put := func(m Member, ino int) {
		nlink := max(m.Nlink, 1)
		fmt.Fprintf(&b, "070707%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o", 0o777, ino, m.mode(), 0, 80, nlink, 0, 1700000000, len(m.Name)+1, m.size())
		b.WriteString(m.Name)
		b.WriteByte(0)
		b.Write(m.content())
	}
	for i, m := range members {
		put(m, i+1)
	}
	put(Member{Name: "TRAILER!!!", Mode: 1}, 0)
	pad(&b, 512)
	return b.Bytes()
}

// Newc is a cpio archive in the SVR4 format (070701).
func Newc(members []Member) []byte {
	var b bytes.Buffer
	put := func(m Member, ino int) {
		nlink := max(m.Nlink, 1)
		fmt.Fprintf(&b, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, m.mode(), 0, 80, nlink, 1700000000, m.size(), 1, 4, 0, 0, len(m.Name)+1, 0)
		b.WriteString(m.Name)
		b.WriteByte(0)
		pad(&b, 4)
		b.Write(m.content())
		pad(&b, 4)
	}
	for i, m := range members {
		put(m, i+1)
	}
	put(Member{Name: "TRAILER!!!", Mode: 1}, 0)
	pad(&b, 512)
	return b.Bytes()
}

func pad(b *bytes.Buffer, to int) {
	for b.Len()%to != 0 {
		b.WriteByte(0)
	}
}

// Gzip compresses b with gzip.
func Gzip(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// Zlib compresses b with zlib, which is what XAR calls application/x-gzip.
func Zlib(data []byte) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// XZ is an xz stream (CRC32 check) holding data in stored LZMA2 chunks.
func XZ(data []byte) []byte {
	var out bytes.Buffer
	le32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	flags := []byte{0x00, 0x01}
	out.Write([]byte{0xfd, '7', 'z', 'X', 'Z', 0x00})
	out.Write(flags)
	out.Write(le32(crc32.ChecksumIEEE(flags)))
	blockHeader := []byte{0x02, 0x00, 0x21, 0x01, 0x16, 0x00, 0x00, 0x00}
	out.Write(blockHeader)
	out.Write(le32(crc32.ChecksumIEEE(blockHeader)))
	var lz bytes.Buffer
	for i, first := 0, true; i < len(data); first = false {
		n := min(len(data)-i, 1<<16)
		ctrl := byte(0x02)
		if first {
			ctrl = 0x01
		}
		lz.WriteByte(ctrl)
		lz.Write(binary.BigEndian.AppendUint16(nil, uint16(n-1)))
		lz.Write(data[i : i+n])
		i += n
	}
	lz.WriteByte(0x00)
	out.Write(lz.Bytes())
	unpadded := len(blockHeader) + 4 + lz.Len() + 4
	for out.Len()%4 != 0 {
		out.WriteByte(0)
	}
	out.Write(le32(crc32.ChecksumIEEE(data)))
	var idx bytes.Buffer
	idx.WriteByte(0x00)
	idx.Write(uvarint(1))
	idx.Write(uvarint(uint64(unpadded)))
	idx.Write(uvarint(uint64(len(data))))
	pad(&idx, 4)
	idx.Write(le32(crc32.ChecksumIEEE(idx.Bytes())))
	out.Write(idx.Bytes())
	footer := append(le32(uint32(idx.Len()/4-1)), flags...)
	out.Write(le32(crc32.ChecksumIEEE(footer)))
	out.Write(footer)
	out.WriteString("YZ")
	return out.Bytes()
}

func uvarint(v uint64) []byte { return binary.AppendUvarint(nil, v) }

// PBZX wraps data in pbzx: chunks of at most chunk bytes, each an xz stream.
// lastFlag sets the "more" flag on the last chunk too, as Apple's writer does.
func PBZX(data []byte, chunk int, lastFlag bool) []byte {
	var b bytes.Buffer
	b.WriteString("pbzx")
	b.Write(binary.BigEndian.AppendUint64(nil, 1<<24))
	for i := 0; i < len(data) || i == 0; {
		n := min(len(data)-i, chunk)
		x := XZ(data[i : i+n])
		i += n
		flags := uint64(1 << 24)
		if i >= len(data) && !lastFlag {
			flags = 0
		}
		b.Write(binary.BigEndian.AppendUint64(nil, flags))
		b.Write(binary.BigEndian.AppendUint64(nil, uint64(len(x))))
		b.Write(x)
		if len(data) == 0 {
			break
		}
	}
	return b.Bytes()
}

// Entry is one <file> of a XAR table of contents.
type Entry struct {
	Name     string // one path component (not checked: tests make hostile ones)
	Type     string // "" means "file", or "directory" when Children are given
	Data     []byte
	Encoding string // "" means application/octet-stream; application/x-gzip compresses with zlib
	Link     string // a symlink's target
	Children []Entry
	// Knobs for hostile archives.
	Base64Name       bool   // store the name base64-encoded, as xar does for names XML cannot hold
	ChecksumStyle    string // of both data checksums; "" means sha1
	BadExtracted     bool   // record a wrong extracted checksum
	BadArchived      bool   // record a wrong archived checksum
	NoExtracted      bool   // leave out the extracted checksum
	Size, Offset     *int64 // override the recorded <size> or <offset>
	ExtraNames       int    // more <name> elements
	ArchivedOverride []byte // heap bytes to store instead of the encoded data
}

// Options are the archive-wide knobs.
type Options struct {
	// TOCChecksum is the algorithm of the TOC checksum: "sha1" (default),
	// "md5" or a name such as "sha256" (header algorithm 3).
	TOCChecksum    string
	BadTOCChecksum bool
	// EditTOC, when set, rewrites the TOC XML before it is compressed.
	EditTOC func(string) string
	// HeaderVersion overrides the version field (default 1).
	HeaderVersion uint16
}

func newHash(style string) hash.Hash {
	switch style {
	case "md5":
		return md5.New()
	case "sha256":
		return sha256.New()
	case "sha512":
		return sha512.New()
	}
	return sha1.New()
}

func sum(style string, b []byte) string {
	h := newHash(style)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// XAR builds a XAR archive of the entries.
func XAR(entries []Entry, o Options) []byte {
	alg := o.TOCChecksum
	if alg == "" {
		alg = "sha1"
	}
	hsize := newHash(alg).Size()
	var heap bytes.Buffer
	heap.Write(make([]byte, hsize)) // the TOC checksum, filled in below
	var toc strings.Builder
	toc.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<xar>\n <toc>\n")
	fmt.Fprintf(&toc, "  <checksum style=%q>\n   <offset>0</offset>\n   <size>%d</size>\n  </checksum>\n", alg, hsize)
	toc.WriteString("  <creation-time>2025-06-11T12:00:00</creation-time>\n")
	id := 0
	var write func(es []Entry, depth int)
	write = func(es []Entry, depth int) {
		ind := strings.Repeat(" ", 2+depth)
		for _, e := range es {
			id++
			fmt.Fprintf(&toc, "%s<file id=\"%d\">\n", ind, id)
			typ := e.Type
			if typ == "" {
				typ = "file"
				if e.Children != nil {
					typ = "directory"
				}
			}
			if typ == "file" && (e.Data != nil || e.ArchivedOverride != nil) {
				enc := e.Encoding
				if enc == "" {
					enc = "application/octet-stream"
				}
				stored := e.Data
				if enc == "application/x-gzip" {
					stored = Zlib(e.Data)
				}
				if e.ArchivedOverride != nil {
					stored = e.ArchivedOverride
				}
				style := e.ChecksumStyle
				if style == "" {
					style = "sha1"
				}
				off := int64(heap.Len())
				if e.Offset != nil {
					off = *e.Offset
				}
				size := int64(len(e.Data))
				if e.Size != nil {
					size = *e.Size
				}
				ex, ar := sum(style, e.Data), sum(style, stored)
				if e.BadExtracted {
					ex = sum(style, []byte("something else"))
				}
				if e.BadArchived {
					ar = sum(style, []byte("something else"))
				}
				heap.Write(stored)
				fmt.Fprintf(&toc, "%s <data>\n%s  <length>%d</length>\n%s  <offset>%d</offset>\n%s  <size>%d</size>\n%s  <encoding style=%q/>\n",
					ind, ind, len(stored), ind, off, ind, size, ind, enc)
				if !e.NoExtracted {
					fmt.Fprintf(&toc, "%s  <extracted-checksum style=%q>%s</extracted-checksum>\n", ind, style, ex)
				}
				fmt.Fprintf(&toc, "%s  <archived-checksum style=%q>%s</archived-checksum>\n%s </data>\n", ind, style, ar, ind)
			}
			for i := 0; i <= e.ExtraNames; i++ {
				if e.Base64Name {
					fmt.Fprintf(&toc, "%s <name enctype=\"base64\">%s</name>\n", ind, base64.StdEncoding.EncodeToString([]byte(e.Name)))
				} else {
					var esc strings.Builder
					xml.EscapeText(&esc, []byte(e.Name))
					fmt.Fprintf(&toc, "%s <name>%s</name>\n", ind, esc.String())
				}
			}
			fmt.Fprintf(&toc, "%s <type>%s</type>\n", ind, typ)
			if e.Link != "" {
				var esc strings.Builder
				xml.EscapeText(&esc, []byte(e.Link))
				fmt.Fprintf(&toc, "%s <link type=\"file\">%s</link>\n", ind, esc.String())
			}
			write(e.Children, depth+1)
			fmt.Fprintf(&toc, "%s</file>\n", ind)
		}
	}
	write(entries, 0)
	toc.WriteString(" </toc>\n</xar>\n")
	xmlText := toc.String()
	if o.EditTOC != nil {
		xmlText = o.EditTOC(xmlText)
	}
	tocZ := Zlib([]byte(xmlText))
	h := newHash(alg)
	h.Write(tocZ)
	cs := h.Sum(nil)
	if o.BadTOCChecksum {
		cs[0] ^= 0xff
	}
	heapBytes := heap.Bytes()
	copy(heapBytes, cs)

	var hdr bytes.Buffer
	hdr.WriteString("xar!")
	var algNum uint32
	var algName []byte
	switch alg {
	case "sha1":
		algNum = 1
	case "md5":
		algNum = 2
	default:
		algNum = 3
		algName = append([]byte(alg), 0)
		for (28+len(algName))%4 != 0 {
			algName = append(algName, 0)
		}
	}
	version := o.HeaderVersion
	if version == 0 {
		version = 1
	}
	hdr.Write(binary.BigEndian.AppendUint16(nil, uint16(28+len(algName))))
	hdr.Write(binary.BigEndian.AppendUint16(nil, version))
	hdr.Write(binary.BigEndian.AppendUint64(nil, uint64(len(tocZ))))
	hdr.Write(binary.BigEndian.AppendUint64(nil, uint64(len(xmlText))))
	hdr.Write(binary.BigEndian.AppendUint32(nil, algNum))
	hdr.Write(algName)
	hdr.Write(tocZ)
	hdr.Write(heapBytes)
	return hdr.Bytes()
}

// Component is a component package of a product archive.
type Component struct {
	Name    string // e.g. "Python_Framework.pkg"
	Members []Member
	// Compression of the Payload: "gzip" (default), "pbzx" or "none".
	Compression string
	// Format of the cpio: "odc" (default) or "newc".
	Format string
	// Payload, when set, is stored as the Payload instead of one built from Members.
	Payload []byte
}

// PayloadBytes is the component's Payload as it would be stored.
func (c Component) PayloadBytes() []byte {
	if c.Payload != nil {
		return c.Payload
	}
	cp := ODC(c.Members)
	if c.Format == "newc" {
		cp = Newc(c.Members)
	}
	switch c.Compression {
	case "pbzx":
		return PBZX(cp, 1000, true)
	case "none":
		return cp
	}
	return Gzip(cp)
}

// Product builds a product archive, as productbuild(1) writes one: a
// Distribution, and for each component a directory with PackageInfo, Bom
// (a placeholder) and Payload.
func Product(distribution string, comps []Component, o Options) []byte {
	entries := []Entry{{Name: "Distribution", Data: []byte(distribution), Encoding: "application/x-gzip"}}
	for _, c := range comps {
		info := fmt.Sprintf(`<?xml version="1.0" encoding="utf-8"?>
<pkg-info format-version="2" identifier="org.python.Python.%s" version="3.13.5" install-location="/" auth="root"/>
`, strings.TrimSuffix(c.Name, ".pkg"))
		entries = append(entries, Entry{Name: c.Name, Children: []Entry{
			{Name: "Bom", Data: []byte("BOMStore placeholder: not read by sbomkeeper")},
			{Name: "PackageInfo", Data: []byte(info), Encoding: "application/x-gzip"},
			{Name: "Payload", Data: c.PayloadBytes()},
		}})
	}
	return XAR(entries, o)
}

// Distribution is a minimal Distribution file naming the components.
func Distribution(comps []Component) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<installer-gui-script minSpecVersion="2">` + "\n")
	for _, c := range comps {
		fmt.Fprintf(&b, "  <pkg-ref id=\"org.python.Python.%s\">#%s</pkg-ref>\n", strings.TrimSuffix(c.Name, ".pkg"), c.Name)
	}
	b.WriteString("</installer-gui-script>\n")
	return b.String()
}
