package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestGzipBomb: 200 MiB of zeros gzip to about 200 KiB (gzip's best ratio is
// about 1030:1). With MaxRatio 1000 the walk must stop after a few MiB, not
// after decompressing the lot.
func TestGzipBomb(t *testing.T) {
	const bombSize = 200 << 20
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "bomb", Typeflag: tar.TypeReg, Size: bombSize, Mode: 0o644})
	io.CopyN(tw, zeros{}, bombSize)
	tw.Close()
	zw.Close()
	t.Logf("bomb: %d bytes compressed", buf.Len())
	path := writeTemp(t, "bomb.tar.gz", buf.Bytes())

	var read int64
	start := time.Now()
	err := Walk(context.Background(), path, Limits{MaxRatio: 1000}, func(e Entry, r io.Reader) error {
		n, err := io.Copy(io.Discard, r)
		read += n
		return err
	})
	elapsed := time.Since(start)
	t.Logf("refused after %d bytes in %v: %v", read, elapsed, err)
	if !errors.Is(err, ErrRatio) || !strings.Contains(err.Error(), `"bomb"`) {
		t.Fatalf("err = %v, want ErrRatio naming the member", err)
	}
	if read >= 16<<20 {
		t.Errorf("fn read %d bytes before the refusal; want well under 200 MiB", read)
	}
	if elapsed > 2*time.Second {
		t.Errorf("refusal took %v", elapsed)
	}
}

// TestZipBomb: a member declaring far more than MaxRatio times the file's
// size is refused before it is opened.
func TestZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "bomb", Method: zip.Deflate})
	io.CopyN(w, zeros{}, 200<<20)
	zw.Close()
	called := false
	err := Walk(context.Background(), writeTemp(t, "bomb.zip", buf.Bytes()), Limits{}, func(Entry, io.Reader) error {
		called = true
		return nil
	})
	if !errors.Is(err, ErrRatio) || !strings.Contains(err.Error(), `"bomb"`) || called {
		t.Fatalf("err = %v (fn called: %v), want ErrRatio naming the member", err, called)
	}
}

// TestZipInflatesPastDeclaredSize: the central directory says 10 bytes, the
// deflate stream holds 100 000.
func TestZipInflatesPastDeclaredSize(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789"), 10_000)
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write(content)
	fw.Close()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "liar", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content[:10]),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw.Bytes())
	zw.Close()
	path := writeTemp(t, "liar.zip", buf.Bytes())

	for _, readFn := range []bool{true, false} {
		var got int
		err = Walk(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
			if !readFn {
				return nil
			}
			b, err := io.ReadAll(r)
			got = len(b)
			return err
		})
		if !errors.Is(err, ErrSizeMismatch) || !strings.Contains(err.Error(), `"liar"`) {
			t.Fatalf("fn reads: %v: err = %v, want ErrSizeMismatch naming the member", readFn, err)
		}
		if got > 10 {
			t.Errorf("fn got %d bytes of a 10-byte member", got)
		}
	}
}

// TestTruncatedTarGz cuts a .tar.gz in the middle of its big member.
func TestTruncatedTarGz(t *testing.T) {
	data := compress(t, TarGz, buildTar(t, testTree()))
	path := writeTemp(t, "cut.tar.gz", data[:len(data)/2])
	for _, readAll := range []bool{true, false} {
		err := Walk(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
			if readAll {
				_, err := io.Copy(io.Discard, r)
				return err
			}
			return nil
		})
		if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), `"pkg/sub/big.bin"`) {
			t.Fatalf("readAll %v: err = %v, want ErrTruncated naming the member", readAll, err)
		}
	}
}

// TestTruncatedTarAtBoundary: a plain tar cut right after a member has no
// compression trailer to betray it; the missing end marker must.
func TestTruncatedTarAtBoundary(t *testing.T) {
	data := buildTar(t, []member{reg("a", []byte("a")), reg("b", []byte("b"))})
	cut := data[:len(data)-2*512] // drop the end-of-archive marker
	_, err := walkAll(t, writeTemp(t, "cut.tar", cut), Limits{}, "")
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), `"b"`) {
		t.Fatalf("err = %v, want ErrTruncated naming the last member", err)
	}
}

// TestTrailingData: bytes after the end marker that are not zero padding
// are refused, since another reader might make members of them.
func TestTrailingData(t *testing.T) {
	data := buildTar(t, []member{reg("a", []byte("a"))})
	data = append(data, buildTar(t, []member{reg("hidden", []byte("h"))})...)
	_, err := walkAll(t, writeTemp(t, "two.tar.gz", compress(t, TarGz, data)), Limits{}, "")
	if !errors.Is(err, ErrTrailingData) {
		t.Fatalf("err = %v, want ErrTrailingData", err)
	}
	padded := append(buildTar(t, []member{reg("a", []byte("a"))}), make([]byte, 9*1024)...)
	if _, err := walkAll(t, writeTemp(t, "padded.tar", padded), Limits{}, ""); err != nil {
		t.Fatalf("zero padding refused: %v", err)
	}
}

// TestGzipGarbageAfterStream: bytes after the gzip trailer that are not a
// gzip member are an error.
func TestGzipGarbageAfterStream(t *testing.T) {
	data := append(compress(t, TarGz, buildTar(t, testTree())), "garbage"...)
	if _, err := walkAll(t, writeTemp(t, "g.tar.gz", data), Limits{}, ""); err == nil {
		t.Fatal("garbage after the gzip stream accepted")
	}
}

// TestCorruptTarXz flips bytes in the compressed data of a compressible
// tree, with both decoders, and flips a byte of a stored (incompressible)
// chunk, which only the block check can catch.
func TestCorruptTarXz(t *testing.T) {
	needCmd(t, "xz")
	var text []member
	for i := range 40 {
		text = append(text, reg(fmt.Sprintf("src/f%02d.txt", i), []byte(strings.Repeat(fmt.Sprintf("line of text in file %d\n", i), 2000))))
	}
	damaged := map[string][]byte{}
	data := compress(t, TarXz, buildTar(t, text))
	mid := bytes.Clone(data)
	for i := len(mid) / 2; i < len(mid)/2+8; i++ {
		mid[i] ^= 0x55
	}
	damaged["compressed"] = mid
	stored := compress(t, TarXz, buildTar(t, testTree()))
	stored = bytes.Clone(stored)
	stored[len(stored)/2] ^= 0x01
	damaged["stored chunk"] = stored

	for label, data := range damaged {
		path := writeTemp(t, "bad.tar.xz", data)
		for _, c := range archiveCases() {
			if c.file != "t.tar.xz" {
				continue
			}
			t.Run(label+"/"+c.label, func(t *testing.T) {
				_, err := walkAll(t, path, Limits{}, c.xzPath)
				if err == nil {
					t.Fatal("corrupt .tar.xz accepted")
				}
				if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "member") {
					t.Errorf("error %q does not name the archive and a member", err)
				}
				t.Log(err)
				assertNoChildren(t)
			})
		}
	}
}

// TestBadZipCentralDirectory damages the end-of-central-directory record's
// offset, and separately a central directory header's signature.
func TestBadZipCentralDirectory(t *testing.T) {
	good := buildZip(t, testTree())
	eocd := bytes.LastIndex(good, []byte("PK\x05\x06"))
	if eocd < 0 {
		t.Fatal("no end of central directory record")
	}
	cdOffset := binary.LittleEndian.Uint32(good[eocd+16:])

	badOffset := bytes.Clone(good)
	binary.LittleEndian.PutUint32(badOffset[eocd+16:], cdOffset+7)
	badSig := bytes.Clone(good)
	copy(badSig[cdOffset:], "XXXX")
	cut := good[:eocd-5]

	for label, data := range map[string][]byte{"offset": badOffset, "signature": badSig, "cut": cut} {
		t.Run(label, func(t *testing.T) {
			path := writeTemp(t, "bad.zip", data)
			_, err := walkAll(t, path, Limits{}, "")
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want an error naming the archive", err)
			}
			t.Log(err)
		})
	}
}

// TestEmptyFile: an empty file is no archive, whatever its name says.
func TestEmptyFile(t *testing.T) {
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := writeTemp(t, c.file, nil)
			_, err := walkAll(t, path, Limits{}, c.xzPath)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want an error naming the archive", err)
			}
			t.Log(err)
		})
	}
}

// TestEmptyStream: WalkReader has no file size to look at; every decoder
// must still fail on empty input.
func TestEmptyStream(t *testing.T) {
	for _, f := range []Format{Tar, TarGz, TarXz, TarBz2, TarZst} {
		err := WalkReader(context.Background(), "empty."+f.String(), f, bytes.NewReader(nil), Limits{}, func(Entry, io.Reader) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "empty."+f.String()) {
			t.Errorf("%v: err = %v, want an error naming the archive", f, err)
		}
		t.Log(err)
	}
	assertNoChildren(t)
}

// TestNotAnArchive: text with an archive's name.
func TestNotAnArchive(t *testing.T) {
	text := []byte(strings.Repeat("this is not an archive\n", 100))
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := writeTemp(t, c.file, text)
			_, err := walkAll(t, path, Limits{}, c.xzPath)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want an error naming the archive", err)
			}
			t.Log(err)
			assertNoChildren(t)
		})
	}
}

// TestCancel cancels the context from inside fn, mid-member, in every
// format: the next read fails, Walk returns promptly with the context's
// error, fn is not called again, and no xz process is left behind.
func TestCancel(t *testing.T) {
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := c.pack(t, testTree())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			var readErr error
			// Timed from the cancel, not the start: how long reaching the
			// big member takes depends on the codec and the machine's load
			// (bzip2 under a loaded CI took over 3 s); stopping must not.
			var cancelled time.Time
			err := walkFile(ctx, path, Limits{}, func(e Entry, r io.Reader) error {
				calls++
				if e.Name != "pkg/sub/big.bin" {
					return nil
				}
				if _, err := io.CopyN(io.Discard, r, 1<<20); err != nil {
					return err
				}
				cancel()
				cancelled = time.Now()
				_, readErr = io.Copy(io.Discard, r)
				return nil // as if fn ignored the error: Walk must still stop
			}, c.xzPath)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if !errors.Is(readErr, context.Canceled) {
				t.Errorf("read after cancel: %v", readErr)
			}
			if calls != 5 {
				t.Errorf("fn called %d times, want 5 (up to the big member)", calls)
			}
			if d := time.Since(cancelled); d > 2*time.Second {
				t.Errorf("the walk went on for %v after the cancel", d)
			}
			assertNoChildren(t)
		})
	}
}

// TestCancelBeforeStart: a cancelled context stops the walk before fn.
func TestCancelBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			err := walkFile(ctx, c.pack(t, testTree()), Limits{}, func(Entry, io.Reader) error {
				t.Error("fn called")
				return nil
			}, c.xzPath)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v", err)
			}
			assertNoChildren(t)
		})
	}
}

// TestXZStderrInError: a failing xz exit carries its stderr.
func TestXZStderrInError(t *testing.T) {
	xzPath := needCmd(t, "xz")
	rc, err := decompressor(context.Background(), TarXz, strings.NewReader("not xz at all"), xzPath)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	_, err = io.ReadAll(rc)
	if err == nil || !strings.Contains(err.Error(), "exit status") || !strings.Contains(err.Error(), "format") {
		t.Fatalf("err = %v, want xz's exit status and message", err)
	}
}

// TestXZKilledOnClose: closing the decompressor before the end kills xz.
func TestXZKilledOnClose(t *testing.T) {
	xzPath := needCmd(t, "xz")
	data := compress(t, TarXz, buildTar(t, testTree()))
	rc, err := decompressor(context.Background(), TarXz, bytes.NewReader(data), xzPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(rc, make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	if pids, ok := childXZ(); !ok {
		t.Skip("no /proc children files here")
	} else if len(pids) == 0 {
		t.Fatal("no xz process while decoding")
	}
	rc.Close()
	assertNoChildren(t)
}

// TestDecompressorPublic: the exported Decompressor yields the tar stream.
func TestDecompressorPublic(t *testing.T) {
	tarData := buildTar(t, testTree())
	for _, f := range []Format{Tar, TarGz, TarZst} {
		rc, err := Decompressor(context.Background(), f, bytes.NewReader(compress(t, f, tarData)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, tarData) {
			t.Errorf("%v: %d bytes, %v", f, len(got), err)
		}
	}
	if _, err := Decompressor(context.Background(), Zip, strings.NewReader("")); err == nil {
		t.Error("Decompressor accepted zip")
	}
}

// childXZ lists this process's child processes that run xz; ok is false
// where /proc cannot tell (not Linux).
func childXZ() (pids []string, ok bool) {
	tasks, err := filepath.Glob("/proc/self/task/*/children")
	if err != nil || len(tasks) == 0 {
		return nil, false
	}
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, pid := range strings.Fields(string(b)) {
			comm, err := os.ReadFile("/proc/" + pid + "/comm")
			if err == nil && strings.TrimSpace(string(comm)) == "xz" {
				pids = append(pids, pid)
			}
		}
	}
	return pids, true
}

// assertNoChildren fails if an xz subprocess outlived its walk.
func assertNoChildren(t testing.TB) {
	t.Helper()
	if pids, _ := childXZ(); len(pids) > 0 {
		t.Errorf("xz processes left running: %v", pids)
	}
}
