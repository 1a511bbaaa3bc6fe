package xar_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/xar"
	"github.com/sbomkeeper/sbomkeeper/internal/xar/xartest"
)

// fuzzLimits keep every input cheap, whatever it claims.
var fuzzLimits = archive.Limits{MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20}

func fuzzFn(e archive.Entry, r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	if err == nil && e.Kind == archive.Regular && n != e.Size {
		panic("member content length differs from its size without an error")
	}
	return err
}

func seedMembers() [][]xartest.Member {
	return [][]xartest.Member{
		members(),
		{{Name: "../evil", Data: []byte("x")}},
		{{Name: "./l", Symlink: "a"}, {Name: "./a", Data: []byte("a")}},
		{{Name: "./h", Data: []byte("h"), Nlink: 2}},
		{{Name: "./a", Data: []byte("hello"), Size: ptr(2)}},
	}
}

func FuzzWalk(f *testing.F) {
	for _, ms := range seedMembers() {
		for _, c := range []string{"gzip", "pbzx", "none"} {
			p := xartest.Product("<d/>", []xartest.Component{{Name: "a.pkg", Members: ms, Compression: c}}, xartest.Options{})
			f.Add(p)
			f.Add(p[:len(p)/2])
		}
	}
	f.Add(xartest.XAR([]xartest.Entry{{Name: "a", Data: []byte("x"), Encoding: xar.EncodingZlib}, {Name: "l", Type: "symlink", Link: "a"}}, xartest.Options{TOCChecksum: "sha256"}))
	f.Add(xartest.XAR([]xartest.Entry{{Name: "Payload", Data: xartest.Newc(members())}}, xartest.Options{TOCChecksum: "md5"}))
	f.Add([]byte("xar!"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []archive.Limits{fuzzLimits, {MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20, AllowLinks: true}} {
			_ = xar.WalkReaderAt(context.Background(), "fuzz.pkg", bytes.NewReader(data), int64(len(data)), lim, fuzzFn)
		}
	})
}

func FuzzCPIO(f *testing.F) {
	for _, ms := range seedMembers() {
		for _, c := range [][]byte{xartest.ODC(ms), xartest.Newc(ms)} {
			f.Add(c)
			f.Add(c[:len(c)/3])
		}
	}
	f.Add([]byte("070707"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []archive.Limits{fuzzLimits, {MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20, AllowLinks: true}} {
			_ = xar.WalkCPIO(context.Background(), "fuzz.cpio", bytes.NewReader(data), lim, fuzzFn)
		}
	})
}

func FuzzPBZX(f *testing.F) {
	f.Add(xartest.PBZX([]byte("hello, world"), 5, true))
	f.Add(xartest.PBZX([]byte("hello, world"), 100, false))
	f.Add(xartest.PBZX(nil, 100, false))
	f.Add(xartest.PBZX(bytes.Repeat([]byte("ab"), 70000), 1<<17, true))
	f.Add([]byte("pbzx\x00\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := xar.NewPBZXReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<20))
	})
}
