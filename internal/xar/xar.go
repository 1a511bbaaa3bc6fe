package xar

import (
	"bytes"
	"compress/bzip2"
	"compress/zlib"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
)

// Bounds on the table of contents. An installer's TOC lists a few dozen
// files (Distribution, Resources, each component's Bom, PackageInfo,
// Payload, Scripts) in a few KiB of XML; these leave room for a thousand
// times that, and keep what the parsed TOC costs in memory (about ten times
// the XML) well under a gigabyte whatever a hostile header claims.
const (
	MaxTOCCompressed   = 4 << 20
	MaxTOCUncompressed = 16 << 20
	// maxHeaderSize bounds the header, whose only variable part is the name of
	// a checksum algorithm.
	maxHeaderSize = 1024
	// maxDepth bounds the nesting of <file> elements.
	maxDepth = 256
)

// The fixed part of a XAR header: magic, header size, version, compressed and
// uncompressed TOC lengths, checksum algorithm, all big-endian.
const (
	magic         = "xar!"
	fixedHeader   = 28
	checksumNone  = 0
	checksumSHA1  = 1
	checksumMD5   = 2
	checksumOther = 3
)

// Errors this package wraps besides internal/archive's, for errors.Is.
var (
	ErrNotXAR    = errors.New("not a XAR archive")
	ErrHeader    = errors.New("invalid XAR header")
	ErrTOC       = errors.New("invalid XAR table of contents")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrEncoding  = errors.New("unsupported encoding")
	ErrAlgorithm = errors.New("unsupported checksum algorithm")
	ErrOverlap   = errors.New("heap ranges overlap")
	ErrPayload   = errors.New("invalid payload")
)

// Header is a XAR archive's header.
type Header struct {
	Size            uint16 // of the header itself; the TOC follows it
	Version         uint16
	TOCCompressed   uint64
	TOCUncompressed uint64
	// Checksum is the algorithm of the TOC checksum: "sha1", "md5" or the
	// name a header of algorithm 3 carries ("sha256", "sha512").
	Checksum string
}

// ParseHeader reads a XAR header from the start of b, which must hold at
// least the header (its Size field says how long it is).
func ParseHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < 4 || string(b[:4]) != magic {
		return h, fmt.Errorf("%w: the file does not start with %q", ErrNotXAR, magic)
	}
	if len(b) < fixedHeader {
		return h, fmt.Errorf("%w: %w: %d bytes, the header alone is %d", ErrHeader, archive.ErrTruncated, len(b), fixedHeader)
	}
	h.Size = binary.BigEndian.Uint16(b[4:])
	h.Version = binary.BigEndian.Uint16(b[6:])
	h.TOCCompressed = binary.BigEndian.Uint64(b[8:])
	h.TOCUncompressed = binary.BigEndian.Uint64(b[16:])
	alg := binary.BigEndian.Uint32(b[24:])
	if h.Size < fixedHeader || h.Size > maxHeaderSize {
		return h, fmt.Errorf("%w: header size %d, expected %d to %d", ErrHeader, h.Size, fixedHeader, maxHeaderSize)
	}
	if h.Version != 1 {
		return h, fmt.Errorf("%w: version %d, only version 1 is known", ErrHeader, h.Version)
	}
	if h.TOCCompressed == 0 || h.TOCCompressed > MaxTOCCompressed {
		return h, fmt.Errorf("%w: compressed table of contents of %d bytes, limit %d", ErrHeader, h.TOCCompressed, MaxTOCCompressed)
	}
	if h.TOCUncompressed == 0 || h.TOCUncompressed > MaxTOCUncompressed {
		return h, fmt.Errorf("%w: table of contents of %d bytes, limit %d", ErrHeader, h.TOCUncompressed, MaxTOCUncompressed)
	}
	if h.TOCUncompressed/h.TOCCompressed > archive.DefaultMaxRatio {
		return h, fmt.Errorf("%w: %w: table of contents of %d bytes from %d", ErrHeader, archive.ErrRatio, h.TOCUncompressed, h.TOCCompressed)
	}
	switch alg {
	case checksumNone:
		return h, fmt.Errorf("%w: the table of contents has no checksum, so nothing ties the files to it", ErrAlgorithm)
	case checksumSHA1:
		h.Checksum = "sha1"
	case checksumMD5:
		h.Checksum = "md5"
	case checksumOther:
		if len(b) < int(h.Size) {
			return h, fmt.Errorf("%w: %w: the header is %d bytes, %d read", ErrHeader, archive.ErrTruncated, h.Size, len(b))
		}
		name, _, ok := bytes.Cut(b[fixedHeader:h.Size], []byte{0})
		if !ok {
			return h, fmt.Errorf("%w: the checksum algorithm's name is not NUL-terminated", ErrHeader)
		}
		h.Checksum = string(name)
	default:
		return h, fmt.Errorf("%w: algorithm number %d", ErrAlgorithm, alg)
	}
	if _, err := newHash(h.Checksum); err != nil {
		return h, err
	}
	return h, nil
}

// newHash returns the hash a XAR checksum style names.
func newHash(style string) (hash.Hash, error) {
	switch strings.ToLower(style) {
	case "sha1":
		return sha1.New(), nil
	case "sha256":
		return sha256.New(), nil
	case "sha512":
		return sha512.New(), nil
	case "md5":
		return md5.New(), nil
	}
	return nil, fmt.Errorf("%w %q: expected sha1, sha256, sha512 or md5", ErrAlgorithm, style)
}

// Encodings of file data in the heap.
const (
	EncodingNone  = "application/octet-stream"
	EncodingZlib  = "application/x-gzip" // what xar writes is zlib, despite the name
	EncodingBzip2 = "application/x-bzip2"
)

// Checksum is a declared checksum of file data.
type Checksum struct {
	Style string // sha1, sha256, sha512 or md5
	Value string // lower-case hex
}

// File is one file of the table of contents.
type File struct {
	archive.Entry        // Name is the full '/'-separated path, Size the extracted size
	ID            string // the TOC's id attribute
	Offset        int64  // in the heap
	Length        int64  // archived bytes in the heap
	Encoding      string
	Extracted     Checksum
	Archived      Checksum
}

// Archive is an opened XAR archive: its header, the files its table of
// contents lists (in document order, parents before children), and what is
// needed to read them.
type Archive struct {
	Header Header
	Files  []File
	name   string
	r      io.ReaderAt
	heap   int64 // where the heap starts in the file
	lim    archive.Limits
}

// Open reads the header and table of contents of the XAR archive r of size
// bytes; name is used in errors. Every file listed is checked (see the
// package comment) before Open returns, and the TOC checksum is verified.
func Open(name string, r io.ReaderAt, size int64, lim archive.Limits) (*Archive, error) {
	fail := func(err error) (*Archive, error) { return nil, fmt.Errorf("%s: %w", name, err) }
	head := make([]byte, min(size, maxHeaderSize))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return fail(fmt.Errorf("reading the header: %w", err))
	}
	h, err := ParseHeader(head)
	if err != nil {
		return fail(err)
	}
	heap := int64(h.Size) + int64(h.TOCCompressed)
	if heap > size {
		return fail(fmt.Errorf("%w: the table of contents ends at byte %d, the file has %d", archive.ErrTruncated, heap, size))
	}
	tocZ := make([]byte, h.TOCCompressed)
	if _, err := r.ReadAt(tocZ, int64(h.Size)); err != nil {
		return fail(fmt.Errorf("reading the table of contents: %w", err))
	}
	xmlData, err := inflateTOC(tocZ, h.TOCUncompressed)
	if err != nil {
		return fail(err)
	}
	toc, err := parseTOC(xmlData)
	if err != nil {
		return fail(err)
	}
	a := &Archive{Header: h, name: name, r: r, heap: heap, lim: lim}
	if err := a.checkTOCChecksum(toc.Checksum, tocZ, size); err != nil {
		return fail(err)
	}
	chk, err := archive.NewChecker(name, lim)
	if err != nil {
		return fail(err)
	}
	a.lim = chk.Limits()
	if err := a.collect(chk, toc.Files, "", 0); err != nil {
		return nil, err
	}
	if err := a.checkRanges(toc.Checksum, size); err != nil {
		return fail(err)
	}
	return a, nil
}

// inflateTOC decompresses the zlib TOC, which must be exactly want bytes.
func inflateTOC(z []byte, want uint64) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrTOC, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(want)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %w", ErrTOC, classifyEOF(err))
	}
	if uint64(len(out)) != want {
		return nil, fmt.Errorf("%w: the header says %d bytes of XML, the zlib stream holds %s", ErrTOC, want, sizeWord(len(out), want))
	}
	return out, nil
}

func sizeWord(n int, want uint64) string {
	if uint64(n) > want {
		return "more"
	}
	return fmt.Sprint(n)
}

func (a *Archive) checkTOCChecksum(ref *xmlChecksumRef, tocZ []byte, size int64) error {
	if ref == nil {
		return fmt.Errorf("%w: no <checksum> element, so the table of contents cannot be checked", ErrTOC)
	}
	if !strings.EqualFold(ref.Style, a.Header.Checksum) {
		return fmt.Errorf("%w: the header's checksum algorithm is %s, the <checksum> element's %q", ErrTOC, a.Header.Checksum, ref.Style)
	}
	off, err1 := parseSize(ref.Offset)
	n, err2 := parseSize(ref.Size)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("%w: <checksum>: %w", ErrTOC, err)
	}
	h, _ := newHash(a.Header.Checksum)
	if n != int64(h.Size()) {
		return fmt.Errorf("%w: <checksum> is %d bytes, a %s is %d", ErrTOC, n, a.Header.Checksum, h.Size())
	}
	if off > size-a.heap-n {
		return fmt.Errorf("%w: the TOC checksum at heap offset %d is past the end of the file", archive.ErrTruncated, off)
	}
	stored := make([]byte, n)
	if _, err := a.r.ReadAt(stored, a.heap+off); err != nil {
		return fmt.Errorf("reading the TOC checksum: %w", err)
	}
	h.Write(tocZ)
	if got := h.Sum(nil); !bytes.Equal(got, stored) {
		return fmt.Errorf("%w: table of contents: %s %x recorded, %x computed", ErrChecksum, a.Header.Checksum, stored, got)
	}
	return nil
}

// collect checks the files of one <file> level and appends them, with their
// children, to a.Files.
func (a *Archive) collect(chk *archive.Checker, files []xmlFile, dir string, depth int) error {
	if depth > maxDepth {
		return chk.Errorf(dir, fmt.Errorf("%w: directories nested more than %d deep", ErrTOC, maxDepth))
	}
	for i := range files {
		x := &files[i]
		f, err := a.file(chk, x, dir)
		if err != nil {
			return err
		}
		e, skip, err := chk.Admit(f.Entry, "XAR type "+strings.TrimSpace(x.Type.Value))
		if err != nil {
			return err
		}
		if skip {
			return chk.Errorf(f.Name, fmt.Errorf("%w: a file named as the archive root", archive.ErrUnsafeName))
		}
		f.Entry = e
		a.Files = append(a.Files, f)
		if len(x.Files) > 0 && f.Kind != archive.Dir {
			return chk.Errorf(f.Name, fmt.Errorf("%w: a %v with files inside it", ErrTOC, f.Kind))
		}
		if err := a.collect(chk, x.Files, strings.TrimSuffix(e.Name, "/"), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// file turns one <file> element into a File, checking what is XAR's own:
// one name, one type, data where data belongs, known encodings and checksums.
func (a *Archive) file(chk *archive.Checker, x *xmlFile, dir string) (File, error) {
	where := dir + "/<file id=" + x.ID + ">"
	if dir == "" {
		where = "<file id=" + x.ID + ">"
	}
	if len(x.Names) != 1 {
		return File{}, chk.Errorf(where, fmt.Errorf("%w: %d <name> elements, expected one", ErrTOC, len(x.Names)))
	}
	base, err := x.Names[0].decode()
	if err != nil {
		return File{}, chk.Errorf(where, fmt.Errorf("%w: <name>: %w", ErrTOC, err))
	}
	// One path component per <file>: a "/" in a name would let a file sit
	// where its parents do not say it does.
	if base == "" || strings.Contains(base, "/") {
		return File{}, chk.Errorf(dir+"/"+base, fmt.Errorf("%w: a XAR <name> must be one path component", archive.ErrUnsafeName))
	}
	name := base
	if dir != "" {
		name = dir + "/" + base
	}
	f := File{ID: x.ID}
	f.Name = name
	switch t := strings.TrimSpace(x.Type.Value); t {
	case "file":
		f.Kind = archive.Regular
	case "directory":
		f.Kind = archive.Dir
	case "symlink":
		f.Kind = archive.Symlink
		f.Link = x.Link
	case "hardlink":
		// xar names a hard link's original by its id, not by a path, so
		// there is nothing the name checks could vouch for.
		return File{}, chk.Errorf(name, fmt.Errorf("%w: a XAR hard link (to file id %q) is not supported", archive.ErrLink, x.Type.Link))
	default:
		f.Kind = archive.Other
	}
	if x.Data == nil {
		return f, nil // a directory, a link, or an empty file (xar writes no <data> for one)
	}
	if f.Kind != archive.Regular {
		return File{}, chk.Errorf(name, fmt.Errorf("%w: a %v with <data>", ErrTOC, f.Kind))
	}
	d := x.Data
	var errs []error
	var e error
	if f.Offset, e = parseSize(d.Offset); e != nil {
		errs = append(errs, fmt.Errorf("<offset>: %w", e))
	}
	if f.Length, e = parseSize(d.Length); e != nil {
		errs = append(errs, fmt.Errorf("<length>: %w", e))
	}
	if f.Size, e = parseSize(d.Size); e != nil {
		errs = append(errs, fmt.Errorf("<size>: %w", e))
	}
	if err := errors.Join(errs...); err != nil {
		return File{}, chk.Errorf(name, fmt.Errorf("%w: %w", ErrTOC, err))
	}
	f.Encoding = strings.TrimSpace(d.Encoding.Style)
	switch f.Encoding {
	case EncodingNone:
		if f.Length != f.Size {
			return File{}, chk.Errorf(name, fmt.Errorf("%w: stored without compression, but <length> %d is not <size> %d", ErrTOC, f.Length, f.Size))
		}
	case EncodingZlib, EncodingBzip2:
	case "":
		return File{}, chk.Errorf(name, fmt.Errorf("%w: <data> has no <encoding style=...>", ErrEncoding))
	default:
		return File{}, chk.Errorf(name, fmt.Errorf("%w %q: expected %s, %s or %s", ErrEncoding, f.Encoding, EncodingNone, EncodingZlib, EncodingBzip2))
	}
	if f.Extracted, err = d.Extracted.checksum("extracted-checksum", true); err != nil {
		return File{}, chk.Errorf(name, err)
	}
	if f.Archived, err = d.Archived.checksum("archived-checksum", false); err != nil {
		return File{}, chk.Errorf(name, err)
	}
	lim := chk.Limits()
	if f.Size > lim.MaxMemberSize {
		return File{}, chk.Errorf(name, fmt.Errorf("%w: %d bytes, limit %d", archive.ErrMemberTooLarge, f.Size, lim.MaxMemberSize))
	}
	if archive.ExceedsRatio(f.Size, f.Length, lim.MaxRatio) {
		return File{}, chk.Errorf(name, fmt.Errorf("%w: %d bytes from %d", archive.ErrRatio, f.Size, f.Length))
	}
	return f, nil
}

// checkRanges refuses heap ranges outside the file or overlapping each other
// or the TOC checksum (the same bytes read as two files is how a small
// archive claims gigabytes), and a total beyond the ratio limit.
func (a *Archive) checkRanges(ref *xmlChecksumRef, size int64) error {
	type span struct {
		off, n int64
		what   string
	}
	off, _ := parseSize(ref.Offset)
	n, _ := parseSize(ref.Size)
	spans := []span{{off, n, "the TOC checksum"}}
	var total int64
	heapSize := size - a.heap
	for _, f := range a.Files {
		if f.Kind != archive.Regular || f.Length == 0 {
			continue
		}
		if f.Offset > heapSize || f.Length > heapSize-f.Offset {
			return fmt.Errorf("member %q: %w: its data (heap offset %d, %d bytes) is past the end of the file", f.Name, archive.ErrTruncated, f.Offset, f.Length)
		}
		spans = append(spans, span{f.Offset, f.Length, fmt.Sprintf("member %q", f.Name)})
		total += f.Size
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].off < spans[j].off })
	for i := 1; i < len(spans); i++ {
		p, c := spans[i-1], spans[i]
		if c.n > 0 && p.n > 0 && c.off < p.off+p.n {
			return fmt.Errorf("%s: %w with %s", c.what, ErrOverlap, p.what)
		}
	}
	if total > a.lim.MaxTotalSize {
		return fmt.Errorf("%w: files add up to more than %d bytes", archive.ErrTotalTooLarge, a.lim.MaxTotalSize)
	}
	if archive.ExceedsRatio(total, size, a.lim.MaxRatio) {
		return fmt.Errorf("%w: files add up to %d bytes from a %d-byte archive", archive.ErrRatio, total, size)
	}
	return nil
}

// parseSize parses a non-negative decimal integer.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("missing")
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a non-negative integer", s)
		}
		if n > (1<<62)/10 {
			return 0, fmt.Errorf("%q is too large", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// Open returns a reader of f's extracted content. It fails with an error
// naming the archive and the file if the data decodes to more or fewer bytes
// than declared, if the encoded data does not end where its length says, or
// if a checksum differs; the checksums are checked when the reader reaches
// the end, so read it to io.EOF before trusting what it returned.
func (a *Archive) Open(f *File) (io.Reader, error) {
	if f.Kind != archive.Regular {
		return nil, fmt.Errorf("%s: member %q: a %v has no content", a.name, f.Name, f.Kind)
	}
	v := &verifier{a: a, f: f}
	if f.Length == 0 && f.Size == 0 && f.Encoding == "" {
		v.dec = strings.NewReader("")
		v.exH, _ = newHash("sha1")
		return v, nil
	}
	v.raw = io.NewSectionReader(a.r, a.heap+f.Offset, f.Length)
	var err error
	if v.arH, err = optionalHash(f.Archived); err != nil {
		return nil, err
	}
	if v.exH, err = newHash(f.Extracted.Style); err != nil {
		return nil, err
	}
	in := io.Reader(v.raw)
	if v.arH != nil {
		in = io.TeeReader(in, v.arH)
	}
	switch f.Encoding {
	case EncodingNone:
		v.dec = in
	case EncodingZlib:
		zr, err := zlib.NewReader(in)
		if err != nil {
			return nil, a.errorf(f, fmt.Errorf("zlib: %w", classifyEOF(err)))
		}
		v.dec = zr
	case EncodingBzip2:
		v.dec = bzip2.NewReader(in)
	default:
		return nil, a.errorf(f, fmt.Errorf("%w %q", ErrEncoding, f.Encoding))
	}
	return v, nil
}

func optionalHash(c Checksum) (hash.Hash, error) {
	if c.Style == "" {
		return nil, nil
	}
	return newHash(c.Style)
}

func (a *Archive) errorf(f *File, err error) error {
	return fmt.Errorf("%s: member %q: %w", a.name, f.Name, err)
}

// verifier reads a file's data, checking the declared sizes and checksums.
type verifier struct {
	a        *Archive
	f        *File
	raw      *io.SectionReader
	dec      io.Reader
	arH, exH hash.Hash
	n        int64
	err      error
}

func (v *verifier) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	if room := v.f.Size - v.n + 1; int64(len(p)) > room {
		p = p[:room] // one byte past the size is enough to see it is too long
	}
	n, err := v.dec.Read(p)
	v.n += int64(n)
	v.exH.Write(p[:n])
	if v.n > v.f.Size {
		v.err = v.a.errorf(v.f, fmt.Errorf("%w: decodes to more than its <size> of %d bytes", archive.ErrSizeMismatch, v.f.Size))
		return 0, v.err
	}
	if err == io.EOF {
		err = v.finish()
	} else if err != nil {
		err = v.a.errorf(v.f, classifyEOF(err))
	}
	if err != nil {
		v.err = err
	}
	return n, err
}

// finish runs at the decoded data's end: sizes first, then checksums.
func (v *verifier) finish() error {
	if v.n != v.f.Size {
		return v.a.errorf(v.f, fmt.Errorf("%w: decodes to %d bytes, <size> says %d", archive.ErrSizeMismatch, v.n, v.f.Size))
	}
	if v.raw != nil {
		// The rest of the encoded data must be nothing: bytes after a zlib
		// stream's end would otherwise go unread and unchecked.
		rest, err := io.Copy(io.Discard, io.TeeReader(v.raw, hashOrDiscard(v.arH)))
		if err != nil {
			return v.a.errorf(v.f, err)
		}
		if rest > 0 {
			return v.a.errorf(v.f, fmt.Errorf("%w: %d bytes after the encoded data's end, inside its <length>", archive.ErrTrailingData, rest))
		}
	}
	if v.arH != nil {
		if got := hex.EncodeToString(v.arH.Sum(nil)); !strings.EqualFold(got, v.f.Archived.Value) {
			return v.a.errorf(v.f, fmt.Errorf("%w: archived %s %s recorded, %s computed", ErrChecksum, v.f.Archived.Style, v.f.Archived.Value, got))
		}
	}
	if v.f.Extracted.Style != "" {
		if got := hex.EncodeToString(v.exH.Sum(nil)); !strings.EqualFold(got, v.f.Extracted.Value) {
			return v.a.errorf(v.f, fmt.Errorf("%w: extracted %s %s recorded, %s computed", ErrChecksum, v.f.Extracted.Style, v.f.Extracted.Value, got))
		}
	}
	return io.EOF
}

func hashOrDiscard(h hash.Hash) io.Writer {
	if h == nil {
		return io.Discard
	}
	return h
}

// classifyEOF marks an input that ended early as truncated.
func classifyEOF(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, archive.ErrTruncated) {
		return fmt.Errorf("%w: %w", archive.ErrTruncated, err)
	}
	return err
}
