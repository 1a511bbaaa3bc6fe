package wheelsbom

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// SBOM is a document to put into a wheel under .dist-info/sboms/Name.
type SBOM struct {
	Name string // a base name: "pip.spdx.json"
	Data []byte
}

// Embedded is an SBOM a wheel carries.
type Embedded struct {
	Member string // "pip-25.1.1.dist-info/sboms/pip.spdx.json"
	Data   []byte
}

// Name is the embedded SBOM's path under sboms/.
func (e Embedded) Name() string {
	_, rest, _ := strings.Cut(e.Member, "/sboms/")
	return rest
}

// Limits on what a wheel may make us inflate.
const (
	maxSBOM       = 64 << 20 // one embedded SBOM
	maxInflated   = 4 << 30  // every member together, when RECORD is verified
	maxSBOMMember = 255      // bytes of an SBOM's name
)

// RecordError lists every way a wheel's RECORD and its members disagree.
type RecordError struct {
	Record   string // the RECORD member
	Problems []string
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s does not verify (%d problems): %s; rebuild the wheel, or fix RECORD, before adding to it", e.Record, len(e.Problems), strings.Join(e.Problems, "; "))
}

// opened is a wheel read for PEP 770: the checks of internal/wheel passed.
type opened struct {
	w       *wheel.Wheel
	zr      *zip.Reader
	record  string // the RECORD member
	byName  map[string]*zip.File
	entries []RecordEntry
	recData []byte
}

func open(r io.ReaderAt, size int64, filename string) (*opened, error) {
	w, err := wheel.Read(r, size, filename, wheel.Options{})
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	o := &opened{w: w, zr: zr, record: w.DistInfo + "/RECORD", byName: map[string]*zip.File{}}
	for _, f := range zr.File {
		o.byName[f.Name] = f
	}
	return o, nil
}

// readRecord reads and parses RECORD.
func (o *opened) readRecord() error {
	f := o.byName[o.record]
	if f == nil {
		return fmt.Errorf("wheel has no %s, which every wheel must have (PEP 427)", o.record)
	}
	data, err := readMember(f, maxRecord)
	if err != nil {
		return err
	}
	o.recData = data
	o.entries, err = ParseRecord(data)
	if err != nil {
		return fmt.Errorf("%s: %w", o.record, err)
	}
	return nil
}

// unhashed are the members RECORD lists without a hash: itself and its signatures.
func (o *opened) unhashed(name string) bool {
	return name == o.record || name == o.record+".jws" || name == o.record+".p7s"
}

// verify checks every member against RECORD the way installers do: each
// file is listed, with the SHA-256 (or stronger) and size of its content.
func (o *opened) verify() error {
	var problems []string
	listed := map[string]bool{}
	var total uint64
	for _, f := range o.zr.File {
		total += f.UncompressedSize64
	}
	if total > maxInflated {
		return fmt.Errorf("wheel members declare %d bytes; refusing to inflate more than %d", total, uint64(maxInflated))
	}
	for _, e := range o.entries {
		listed[e.Path] = true
		f := o.byName[e.Path]
		switch {
		case o.unhashed(e.Path):
			continue
		case f == nil || strings.HasSuffix(e.Path, "/"):
			problems = append(problems, fmt.Sprintf("line %d lists %s, which the wheel lacks", e.Line, e.Path))
			continue
		case e.Algorithm == "":
			problems = append(problems, fmt.Sprintf("line %d lists %s without a hash", e.Line, e.Path))
			continue
		}
		newHash, _ := hasher(e.Algorithm)
		h := newHash()
		rc, err := f.Open()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", e.Path, err))
			continue
		}
		n, err := io.Copy(h, rc)
		rc.Close()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", e.Path, err))
			continue
		}
		got := base64.RawURLEncoding.EncodeToString(h.Sum(nil))
		if subtle.ConstantTimeCompare([]byte(got), []byte(e.Digest)) != 1 {
			problems = append(problems, fmt.Sprintf("%s: RECORD says %s=%s, the member's is %s=%s", e.Path, e.Algorithm, e.Digest, e.Algorithm, got))
		}
		if n != e.Size {
			problems = append(problems, fmt.Sprintf("%s: RECORD says %d bytes, the member has %d", e.Path, e.Size, n))
		}
	}
	for _, f := range o.zr.File {
		if !strings.HasSuffix(f.Name, "/") && !listed[f.Name] && !o.unhashed(f.Name) {
			problems = append(problems, fmt.Sprintf("%s is not in RECORD", f.Name))
		}
	}
	if len(problems) > 0 {
		return &RecordError{Record: o.record, Problems: problems}
	}
	return nil
}

// Verify checks a wheel's RECORD against its members, as an installer does,
// and returns RECORD's entries. A mismatch is a *RecordError listing all.
func Verify(r io.ReaderAt, size int64, filename string) ([]RecordEntry, error) {
	o, err := open(r, size, filename)
	if err != nil {
		return nil, err
	}
	if err := o.readRecord(); err != nil {
		return nil, err
	}
	return o.entries, o.verify()
}

// List returns the SBOMs a wheel carries under .dist-info/sboms/, in member
// order. It does not verify RECORD (Verify does).
func List(r io.ReaderAt, size int64, filename string) ([]Embedded, error) {
	o, err := open(r, size, filename)
	if err != nil {
		return nil, err
	}
	return o.sboms()
}

func (o *opened) sboms() ([]Embedded, error) {
	prefix := o.w.DistInfo + "/sboms/"
	var out []Embedded
	for _, f := range o.zr.File {
		if !strings.HasPrefix(f.Name, prefix) || strings.HasSuffix(f.Name, "/") {
			continue
		}
		data, err := readMember(f, maxSBOM)
		if err != nil {
			return nil, err
		}
		out = append(out, Embedded{Member: f.Name, Data: data})
	}
	return out, nil
}

// readMember reads a member that must be at most limit bytes, whatever its
// header claims.
func readMember(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("wheel member %s claims %d bytes; refusing more than %d", f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("wheel member %s inflates past %d bytes", f.Name, limit)
	}
	return data, nil
}

// checkSBOMName refuses a name that is not one plain file name: PEP 770's
// sboms/ is one directory, and the name becomes a path when installed.
func checkSBOMName(n string) error {
	switch {
	case n == "" || n == "." || n == "..":
		return fmt.Errorf("SBOM name %q is not a file name", n)
	case len(n) > maxSBOMMember:
		return fmt.Errorf("SBOM name of %d bytes; at most %d", len(n), maxSBOMMember)
	case !utf8.ValidString(n) || strings.ContainsAny(n, "/\\\x00:") || strings.ContainsFunc(n, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("SBOM name %q: a plain file name without '/', '\\', ':' or control characters is needed", n)
	}
	return nil
}

// Embed writes to dst the wheel in src (size bytes, called filename) with
// sboms added under .dist-info/sboms/ and RECORD updated. Every other member
// is copied byte for byte (local header, data, data descriptor and central
// directory record; only the offset in the last changes), in its place; the
// SBOMs go just before RECORD, and take RECORD's time stamp, system and
// permissions. RECORD keeps its lines, with the SBOMs' inserted before its
// own. A wheel whose RECORD does not verify, an SBOM name a member already
// has, and a document that is not an SBOM are refused: nothing is written.
func Embed(dst io.Writer, src io.ReaderAt, size int64, filename string, sboms []SBOM) error {
	o, err := open(src, size, filename)
	if err != nil {
		return err
	}
	raw, err := readRaw(src, size)
	if err != nil {
		return err
	}
	if len(raw.entries) != len(o.zr.File) {
		return fmt.Errorf("the central directory has %d entries where the end record says %d", len(o.zr.File), len(raw.entries))
	}
	// A link or device in a wheel is hostile: installers write members as
	// regular files, and a tool that honours the mode could be led outside.
	var odd []string
	for _, f := range o.zr.File {
		if m := f.Mode(); !m.IsRegular() && !m.IsDir() && !strings.HasSuffix(f.Name, "/") {
			odd = append(odd, fmt.Sprintf("%s (mode %v)", f.Name, m))
		}
	}
	if len(odd) > 0 {
		return fmt.Errorf("wheel members that are not regular files: %s; a wheel holds files only", strings.Join(odd, ", "))
	}
	if err := o.readRecord(); err != nil {
		return err
	}
	if err := o.verify(); err != nil {
		return err
	}
	if len(sboms) == 0 {
		return errors.New("no SBOM to embed")
	}
	if len(raw.entries)+len(sboms) > 0xfffe {
		return errZip64
	}
	folded := map[string]string{}
	for _, f := range o.zr.File {
		folded[strings.ToLower(strings.TrimSuffix(f.Name, "/"))] = f.Name
	}
	var problems []string
	var members []string
	for _, s := range sboms {
		if err := checkSBOMName(s.Name); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		m := o.w.DistInfo + "/sboms/" + s.Name
		if prev, ok := folded[strings.ToLower(m)]; ok {
			problems = append(problems, fmt.Sprintf("%s clashes with the member %s (names that differ only in case are one file on macOS and Windows); rename the SBOM", m, prev))
			continue
		}
		folded[strings.ToLower(m)] = m
		if f, err := sbomformat.Detect(s.Name, s.Data); err != nil || f.Kind == sbomformat.Unknown || f.Kind == sbomformat.OpenVEX {
			problems = append(problems, fmt.Sprintf("%s is not an SPDX or CycloneDX document (%v); PEP 770's sboms/ holds SBOMs", s.Name, err))
			continue
		}
		if len(s.Data) > maxMember {
			problems = append(problems, fmt.Sprintf("%s is %d bytes: too large for a wheel without zip64", s.Name, len(s.Data)))
			continue
		}
		members = append(members, m)
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}

	recIndex := slices.IndexFunc(raw.entries, func(e rawEntry) bool { return e.name == o.record })
	if recIndex < 0 || raw.entries[recIndex].name != o.zr.File[recIndex].Name {
		return fmt.Errorf("%s is not in the central directory where archive/zip found it", o.record)
	}
	rec := raw.entries[recIndex]
	// New members are deflated, unless the wheel stores its RECORD uncompressed.
	method := uint16(zip.Deflate)
	if rec.method == zip.Store {
		method = 0
	}
	var add []newMember
	for i, s := range sboms {
		m, err := compress(members[i], s.Data, method)
		if err != nil {
			return err
		}
		add = append(add, m)
	}
	newRecord, err := compress(o.record, o.recordWith(members, sboms), method)
	if err != nil {
		return err
	}
	add = append(add, newRecord)

	cw := &countingWriter{w: dst}
	var central bytes.Buffer
	t := templateOf(rec)
	for i, e := range raw.entries {
		if i == recIndex {
			for _, m := range add {
				local, cd := m.headers(t, cw.n)
				cw.Write(local)
				cw.Write(m.compressed)
				central.Write(cd)
			}
			continue
		}
		at := cw.n
		if _, err := io.Copy(cw, io.NewSectionReader(src, e.offset, e.end-e.offset)); err != nil {
			return fmt.Errorf("copying %s: %w", e.name, err)
		}
		if cw.n > 0xffffffff {
			return errZip64
		}
		central.Write(withOffset(e.cd, at))
	}
	if cw.err != nil {
		return cw.err
	}
	cdOffset := cw.n
	if cdOffset > 0xffffffff {
		return errZip64
	}
	cw.Write(central.Bytes())
	cw.Write(endRecord(len(raw.entries)-1+len(add), cdOffset, int64(central.Len()), raw.comment))
	return cw.err
}

// recordWith is RECORD with a line for each new member, before RECORD's own
// line (where tools put new lines) or at the end.
func (o *opened) recordWith(members []string, sboms []SBOM) []byte {
	crlf := bytes.Contains(o.recData, []byte("\r\n"))
	var lines []byte
	for i, m := range members {
		lines = append(lines, recordLine(m, sboms[i].Data, crlf)...)
	}
	at := int64(len(o.recData))
	for _, e := range o.entries {
		if e.Path == o.record {
			at = e.Offset
		}
	}
	out := slices.Clone(o.recData[:at])
	if len(out) > 0 && out[len(out)-1] != '\n' {
		if crlf {
			out = append(out, '\r')
		}
		out = append(out, '\n')
	}
	out = append(out, lines...)
	return append(out, o.recData[at:]...)
}

func compress(name string, data []byte, method uint16) (newMember, error) {
	m := newMember{name: name, method: method, crc: crc32.ChecksumIEEE(data), size: len(data)}
	if method == 0 {
		m.compressed = data
		return m, nil
	}
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, flate.DefaultCompression)
	if err != nil {
		return m, err
	}
	fw.Write(data)
	if err := fw.Close(); err != nil {
		return m, err
	}
	m.compressed = b.Bytes()
	return m, nil
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
