package xar_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/xar"
	"github.com/sbomkeeper/sbomkeeper/internal/xar/xartest"
)

// members are what a Python framework component installs, in miniature.
func members() []xartest.Member {
	return []xartest.Member{
		{Name: ".", Dir: true},
		{Name: "./Versions", Dir: true},
		{Name: "./Versions/3.13", Dir: true},
		{Name: "./Versions/3.13/bin", Dir: true},
		{Name: "./Versions/3.13/bin/python3.13", Data: []byte("\xcf\xfa\xed\xfe mach-o stand-in")},
		{Name: "./Versions/3.13/lib", Dir: true},
		{Name: "./Versions/3.13/lib/libssl.3.dylib", Data: bytes.Repeat([]byte("openssl 3.0.16 "), 3000)},
		{Name: "./Versions/3.13/empty", Data: nil},
	}
}

type got struct {
	name, sha string
	kind      archive.Kind
}

func walk(t *testing.T, pkg []byte, lim archive.Limits) ([]got, error) {
	t.Helper()
	var out []got
	err := xar.WalkReaderAt(context.Background(), "test.pkg", bytes.NewReader(pkg), int64(len(pkg)), lim, func(e archive.Entry, r io.Reader) error {
		h := sha256.New()
		n, err := io.Copy(h, r)
		if err != nil {
			return err
		}
		if e.Kind == archive.Regular && n != e.Size {
			t.Errorf("%s: read %d bytes, size %d", e.Name, n, e.Size)
		}
		out = append(out, got{e.Name, hex.EncodeToString(h.Sum(nil)), e.Kind})
		return nil
	})
	return out, err
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// TestWalkProduct: a product archive with a gzip'd odc Payload and a pbzx newc
// one: every member reaches fn under its component, with its content.
func TestWalkProduct(t *testing.T) {
	for _, tc := range []struct{ compression, format string }{{"gzip", "odc"}, {"pbzx", "newc"}, {"pbzx", "odc"}, {"none", "newc"}} {
		t.Run(tc.compression+"-"+tc.format, func(t *testing.T) {
			comps := []xartest.Component{
				{Name: "Python_Framework.pkg", Members: members(), Compression: tc.compression, Format: tc.format},
				{Name: "Python_Command_Line_Tools.pkg", Members: []xartest.Member{{Name: "./usr/local/bin/python3", Symlink: "../../../Library/Frameworks/Python.framework/Versions/3.13/bin/python3"}}},
			}
			pkg := xartest.Product(xartest.Distribution(comps), comps[:1], xartest.Options{})
			res, err := walk(t, pkg, archive.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, g := range res {
				if g.kind == archive.Regular {
					files = append(files, g.name+" "+g.sha[:12])
				}
			}
			want := []string{
				"Python_Framework.pkg/Versions/3.13/bin/python3.13 " + sha([]byte("\xcf\xfa\xed\xfe mach-o stand-in"))[:12],
				"Python_Framework.pkg/Versions/3.13/lib/libssl.3.dylib " + sha(bytes.Repeat([]byte("openssl 3.0.16 "), 3000))[:12],
				"Python_Framework.pkg/Versions/3.13/empty " + sha(nil)[:12],
			}
			if strings.Join(files, "\n") != strings.Join(want, "\n") {
				t.Errorf("members:\n%s\nwant:\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestOpenTOC: the header, the TOC and its files as listed, with every
// supported TOC checksum algorithm.
func TestOpenTOC(t *testing.T) {
	for _, alg := range []string{"sha1", "md5", "sha256", "sha512"} {
		data := xartest.XAR([]xartest.Entry{
			{Name: "Distribution", Data: []byte("<installer-gui-script/>"), Encoding: xar.EncodingZlib},
			{Name: "a.pkg", Children: []xartest.Entry{{Name: "Payload", Data: []byte("x"), ChecksumStyle: "sha256"}}},
		}, xartest.Options{TOCChecksum: alg})
		a, err := xar.Open("t.pkg", bytes.NewReader(data), int64(len(data)), archive.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if a.Header.Checksum != alg || a.Header.Version != 1 {
			t.Errorf("%s: header %+v", alg, a.Header)
		}
		var names []string
		for _, f := range a.Files {
			names = append(names, f.Name+":"+f.Kind.String()+":"+f.Encoding)
		}
		want := "Distribution:regular file:application/x-gzip a.pkg:directory: a.pkg/Payload:regular file:application/octet-stream"
		if strings.Join(names, " ") != want {
			t.Errorf("%s: files %q", alg, names)
		}
		r, err := a.Open(&a.Files[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != "<installer-gui-script/>" {
			t.Errorf("Distribution: %q, %v", b, err)
		}
	}
}

func ptr(n int64) *int64 { return &n }

// TestHostile: every hostile archive is refused with the error that says why.
func TestHostile(t *testing.T) {
	ok := []byte("hello")
	prod := func(ms []xartest.Member, format string) []byte {
		return xartest.Product("<d/>", []xartest.Component{{Name: "a.pkg", Members: ms, Format: format}}, xartest.Options{})
	}
	payload := func(p []byte) []byte {
		return xartest.Product("<d/>", []xartest.Component{{Name: "a.pkg", Payload: p}}, xartest.Options{})
	}
	bigCPIO := xartest.ODC([]xartest.Member{{Name: "./zeros", Data: make([]byte, 8<<20)}})
	// One pbzx chunk that decodes to more than the 16 MiB a chunk may hold.
	hugeChunk := xartest.ODC([]xartest.Member{{Name: "./zeros", Data: make([]byte, 16<<20+100)}})
	cases := []struct {
		name string
		pkg  []byte
		lim  archive.Limits
		want error
		msg  string
	}{
		{"not xar", []byte("PK\x03\x04 not a pkg at all, a zip maybe........"), archive.Limits{}, xar.ErrNotXAR, ""},
		{"truncated header", []byte("xar!\x00\x1c"), archive.Limits{}, archive.ErrTruncated, ""},
		{"version 2", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}}, xartest.Options{HeaderVersion: 2}), archive.Limits{}, xar.ErrHeader, "version 2"},
		{"TOC checksum", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}}, xartest.Options{BadTOCChecksum: true}), archive.Limits{}, xar.ErrChecksum, "table of contents"},
		{"TOC truncated", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}}, xartest.Options{})[:40], archive.Limits{}, archive.ErrTruncated, ""},
		{"extracted checksum", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, BadExtracted: true}}, xartest.Options{}), archive.Limits{}, xar.ErrChecksum, `"a": checksum mismatch: extracted`},
		{"archived checksum", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, BadArchived: true, Encoding: xar.EncodingZlib}}, xartest.Options{}), archive.Limits{}, xar.ErrChecksum, "archived sha1"},
		{"no extracted checksum", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, NoExtracted: true}}, xartest.Options{}), archive.Limits{}, xar.ErrTOC, "extracted-checksum"},
		{"checksum style", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, ChecksumStyle: "crc32"}}, xartest.Options{}), archive.Limits{}, xar.ErrAlgorithm, `"crc32"`},
		{"encoding", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, Encoding: "application/x-lzma"}}, xartest.Options{}), archive.Limits{}, xar.ErrEncoding, "application/x-lzma"},
		{"dotdot name", xartest.XAR([]xartest.Entry{{Name: "..", Children: []xartest.Entry{{Name: "etc", Data: ok}}}}, xartest.Options{}), archive.Limits{}, archive.ErrUnsafeName, `".."`},
		{"slash in name", xartest.XAR([]xartest.Entry{{Name: "a/../../b", Data: ok}}, xartest.Options{}), archive.Limits{}, archive.ErrUnsafeName, "one path component"},
		{"absolute base64 name", xartest.XAR([]xartest.Entry{{Name: "/etc", Data: ok, Base64Name: true}}, xartest.Options{}), archive.Limits{}, archive.ErrUnsafeName, ""},
		{"duplicate", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}, {Name: "a", Data: ok}}, xartest.Options{}), archive.Limits{}, archive.ErrDuplicate, ""},
		{"case duplicate", xartest.XAR([]xartest.Entry{{Name: "Payload", Data: ok}, {Name: "payload", Data: ok}}, xartest.Options{}), archive.Limits{}, archive.ErrDuplicate, "case"},
		{"two names", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, ExtraNames: 1}}, xartest.Options{}), archive.Limits{}, xar.ErrTOC, "<name>"},
		{"symlink", xartest.XAR([]xartest.Entry{{Name: "l", Type: "symlink", Link: "/etc/passwd"}}, xartest.Options{}), archive.Limits{}, archive.ErrLink, ""},
		{"symlink out, links allowed", xartest.XAR([]xartest.Entry{{Name: "l", Type: "symlink", Link: "../../etc"}}, xartest.Options{}), archive.Limits{AllowLinks: true}, archive.ErrLink, "escapes"},
		{"hardlink", xartest.XAR([]xartest.Entry{{Name: "h", Type: "hardlink", Link: "1"}}, xartest.Options{}), archive.Limits{AllowLinks: true}, archive.ErrLink, ""},
		{"fifo", xartest.XAR([]xartest.Entry{{Name: "f", Type: "fifo"}}, xartest.Options{}), archive.Limits{}, archive.ErrSpecial, "fifo"},
		{"file in a file", xartest.XAR([]xartest.Entry{{Name: "f", Type: "file", Children: []xartest.Entry{{Name: "g", Data: ok}}}}, xartest.Options{}), archive.Limits{}, xar.ErrTOC, "inside"},
		{"size lies", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, Encoding: xar.EncodingZlib, Size: ptr(3)}}, xartest.Options{}), archive.Limits{}, archive.ErrSizeMismatch, ""},
		{"member too large", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, Encoding: xar.EncodingZlib, Size: ptr(1 << 40)}}, xartest.Options{}), archive.Limits{}, archive.ErrMemberTooLarge, ""},
		{"past the end", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok, Offset: ptr(1 << 30)}}, xartest.Options{}), archive.Limits{}, archive.ErrTruncated, "past the end"},
		{"overlap", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}, {Name: "b", Data: ok, Offset: ptr(22)}}, xartest.Options{}), archive.Limits{}, xar.ErrOverlap, ""},
		{"zlib bomb", xartest.XAR([]xartest.Entry{{Name: "a", Data: make([]byte, 32<<20), Encoding: xar.EncodingZlib}}, xartest.Options{}), archive.Limits{}, archive.ErrRatio, ""},
		{"entity", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}}, xartest.Options{EditTOC: func(s string) string { return strings.Replace(s, "<name>a</name>", "<name>&boom;</name>", 1) }}), archive.Limits{}, xar.ErrTOC, "entity"},
		{"two tocs", xartest.XAR([]xartest.Entry{{Name: "a", Data: ok}}, xartest.Options{EditTOC: func(s string) string { return strings.Replace(s, "</xar>", "<toc/></xar>", 1) }}), archive.Limits{}, xar.ErrTOC, "<toc>"},
		// Payload members.
		{"cpio dotdot", prod([]xartest.Member{{Name: "../../etc/passwd", Data: ok}}, "odc"), archive.Limits{}, archive.ErrUnsafeName, `".."`},
		{"cpio absolute", prod([]xartest.Member{{Name: "/etc/passwd", Data: ok}}, "newc"), archive.Limits{}, archive.ErrUnsafeName, "absolute"},
		{"cpio duplicate", prod([]xartest.Member{{Name: "./a", Data: ok}, {Name: "a", Data: ok}}, "odc"), archive.Limits{}, archive.ErrDuplicate, ""},
		{"cpio symlink", prod([]xartest.Member{{Name: "./l", Symlink: "x"}}, "odc"), archive.Limits{}, archive.ErrLink, ""},
		{"cpio symlink escapes", prod([]xartest.Member{{Name: "./l", Symlink: "../../../etc"}}, "odc"), archive.Limits{AllowLinks: true}, archive.ErrLink, "escapes"},
		{"cpio through symlink", prod([]xartest.Member{{Name: "./l", Symlink: "."}, {Name: "./l/a", Data: ok}}, "odc"), archive.Limits{AllowLinks: true}, archive.ErrLink, "passes through"},
		{"newc hardlink", prod([]xartest.Member{{Name: "./h", Data: ok, Nlink: 2}}, "newc"), archive.Limits{AllowLinks: true}, archive.ErrLink, ""},
		{"cpio device", prod([]xartest.Member{{Name: "./dev", Mode: 0o020644}}, "odc"), archive.Limits{}, archive.ErrSpecial, "cpio mode"},
		{"cpio too large", prod([]xartest.Member{{Name: "./a", Data: ok}}, "odc"), archive.Limits{MaxMemberSize: 4}, archive.ErrMemberTooLarge, ""},
		{"cpio too many", prod([]xartest.Member{{Name: "./a"}, {Name: "./b"}, {Name: "./c"}}, "odc"), archive.Limits{MaxMembers: 2}, archive.ErrTooManyMembers, ""},
		{"cpio size lies", prod([]xartest.Member{{Name: "./a", Data: ok, Size: ptr(1000)}}, "odc"), archive.Limits{}, archive.ErrTruncated, ""},
		{"cpio no trailer", payload(xartest.Gzip(xartest.ODC([]xartest.Member{{Name: "./a", Data: ok}})[:81])), archive.Limits{}, archive.ErrTruncated, ""},
		{"cpio trailing data", payload(append(xartest.ODC(nil), "junk"...)), archive.Limits{}, archive.ErrTrailingData, ""},
		{"gzip bomb", payload(xartest.Gzip(bigCPIO)), archive.Limits{}, archive.ErrRatio, ""},
		{"pbzx chunk too large", payload(xartest.PBZX(hugeChunk, len(hugeChunk), true)), archive.Limits{}, archive.ErrRatio, "pbzx chunk 1 decodes to more than"},
		{"total", payload(xartest.PBZX(bigCPIO, 1<<20, true)), archive.Limits{MaxTotalSize: 1 << 20}, archive.ErrTotalTooLarge, ""},
		{"flat and component payloads clash", xartest.XAR([]xartest.Entry{
			{Name: "Payload", Data: xartest.ODC([]xartest.Member{{Name: "./a.pkg", Dir: true}, {Name: "./a.pkg/x", Data: ok}})},
			{Name: "a.pkg", Children: []xartest.Entry{{Name: "Payload", Data: xartest.ODC([]xartest.Member{{Name: "./x", Data: ok}})}}},
		}, xartest.Options{}), archive.Limits{}, archive.ErrDuplicate, "also installs a.pkg/x"},
		{"unknown payload", payload([]byte("BZh91AY&SY")), archive.Limits{}, xar.ErrPayload, "neither gzip, pbzx nor cpio"},
		{"pbzx trailing", payload(append(xartest.PBZX(xartest.ODC(nil), 1000, false), 'x')), archive.Limits{}, archive.ErrTrailingData, ""},
		{"pbzx truncated", payload(xartest.PBZX(xartest.ODC([]xartest.Member{{Name: "./a", Data: ok}}), 1000, true)[:60]), archive.Limits{}, archive.ErrTruncated, ""},
		{"pbzx huge chunk", payload(append([]byte("pbzx\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x7f\xff\xff\xff\xff\xff\xff\xff"), 0)), archive.Limits{}, xar.ErrPayload, "limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := walk(t, tc.pkg, tc.lim)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %v; want %v containing %q", err, tc.want, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "test.pkg") {
				t.Errorf("error %q does not name the archive", err)
			}
		})
	}
}

// TestTamperedPayloadChecksum: a payload changed in the heap without its
// checksums being updated is refused even if it still decodes.
func TestTamperedPayloadChecksum(t *testing.T) {
	comps := []xartest.Component{{Name: "a.pkg", Members: []xartest.Member{{Name: "./a", Data: []byte("good")}}, Compression: "none"}}
	pkg := xartest.Product("<d/>", comps, xartest.Options{})
	i := bytes.Index(pkg, []byte("good"))
	copy(pkg[i:], "evil")
	_, err := walk(t, pkg, archive.Limits{})
	if !errors.Is(err, xar.ErrChecksum) || !strings.Contains(err.Error(), `"a.pkg/Payload"`) {
		t.Fatalf("error %v", err)
	}
}

// TestBzip2Encoding: a XAR file stored as application/x-bzip2 is decoded
// and its checksums verified. The stream was written by Python's bz2 module
// (Go has no bzip2 writer): bz2.compress(b"hello bzip2 in xar").
func TestBzip2Encoding(t *testing.T) {
	bz, _ := hex.DecodeString("425a683931415926535909db5c530000039980400010003265d05020002298989ea3c8400000e3c64175f4998cac17724538509009db5c53")
	data := xartest.XAR([]xartest.Entry{{Name: "Payload", Data: []byte("hello bzip2 in xar"), Encoding: xar.EncodingBzip2, ArchivedOverride: bz}}, xartest.Options{})
	a, err := xar.Open("t.pkg", bytes.NewReader(data), int64(len(data)), archive.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Open(&a.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); err != nil || string(b) != "hello bzip2 in xar" {
		t.Fatalf("%q %v", b, err)
	}
	// The same bytes under a wrong extracted checksum are refused at the end.
	data = xartest.XAR([]xartest.Entry{{Name: "Payload", Data: []byte("hello bzip2 in xar"), Encoding: xar.EncodingBzip2, ArchivedOverride: bz, BadExtracted: true}}, xartest.Options{})
	a, err = xar.Open("t.pkg", bytes.NewReader(data), int64(len(data)), archive.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ = a.Open(&a.Files[0])
	if _, err := io.ReadAll(r); !errors.Is(err, xar.ErrChecksum) {
		t.Fatalf("bad extracted checksum: %v", err)
	}
}

// TestTOCBounds: a header claiming a table of contents beyond the limits is
// refused before anything is allocated for it.
func TestTOCBounds(t *testing.T) {
	data := xartest.XAR([]xartest.Entry{{Name: "a", Data: []byte("x")}}, xartest.Options{})
	for _, tc := range []struct {
		at   int
		v    uint64
		want string
	}{{8, xar.MaxTOCCompressed + 1, "compressed table of contents"}, {16, xar.MaxTOCUncompressed + 1, "table of contents of"}, {8, 0, "compressed table of contents of 0"}} {
		d := bytes.Clone(data)
		binary.BigEndian.PutUint64(d[tc.at:], tc.v)
		_, err := xar.Open("t.pkg", bytes.NewReader(d), int64(len(d)), archive.Limits{})
		if !errors.Is(err, xar.ErrHeader) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("field at %d = %d: %v", tc.at, tc.v, err)
		}
	}
}

// fn's error is what WalkCPIO returns, even when the rest of the member
// would not read: the walk stops at once instead of draining it.
func TestWalkCPIOReturnsFnError(t *testing.T) {
	long := int64(1 << 20)
	cpio := xartest.ODC([]xartest.Member{{Name: "./a", Data: []byte("short"), Size: &long}})
	stop := errors.New("stop here")
	err := xar.WalkCPIO(context.Background(), "t.cpio", bytes.NewReader(cpio), archive.Limits{}, func(e archive.Entry, r io.Reader) error {
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("got %v, want fn's error", err)
	}
}
