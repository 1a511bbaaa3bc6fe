package archive

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fuzzLimits keeps every fuzz input cheap: whatever the input claims, no
// iteration may read more than a few MiB.
var fuzzLimits = Limits{MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20}

// fuzzFn reads every member whole, as a real caller would.
func fuzzFn(e Entry, r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	if err == nil && e.Kind == Regular && n != e.Size {
		panic("member content length differs from its size without an error")
	}
	return err
}

// fuzzSeeds are small archives, valid and hostile, for both targets.
func fuzzSeeds(f *testing.F) (tgz, zips [][]byte) {
	small := []member{dir("d/"), reg("d/a", []byte("hello")), reg("d/empty", nil), symlink("d/l", "a")}
	hostile := [][]member{
		small,
		{reg("../evil", []byte("x"))},
		{reg("a", nil), reg("a", nil)},
		{{name: "p", typeflag: '6'}},
		{reg("z", make([]byte, 64<<10))},
	}
	for _, m := range hostile {
		tarData := buildTar(f, m)
		gz := compress(f, TarGz, tarData)
		tgz = append(tgz, gz, gz[:len(gz)/2])
		z := buildZip(f, m)
		zips = append(zips, z, z[:len(z)-10])
	}
	tgz = append(tgz, nil, []byte("\x1f\x8b"))
	zips = append(zips, nil, []byte("PK\x05\x06"))
	return tgz, zips
}

func FuzzWalkTarGz(f *testing.F) {
	tgz, _ := fuzzSeeds(f)
	for _, s := range tgz {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []Limits{fuzzLimits, {MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20, AllowLinks: true}} {
			_ = WalkReader(context.Background(), "fuzz.tar.gz", TarGz, bytes.NewReader(data), lim, fuzzFn)
		}
	})
}

func FuzzWalkZip(f *testing.F) {
	_, zips := fuzzSeeds(f)
	for _, s := range zips {
		f.Add(s)
	}
	// One file per fuzzing process, rewritten for each input: the inputs of
	// one process run one after another, and a fresh t.TempDir per input
	// costs more than the walk.
	path := filepath.Join(f.TempDir(), "fuzz.zip")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, lim := range []Limits{fuzzLimits, {MaxMembers: 1000, MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20, AllowLinks: true}} {
			_ = Walk(context.Background(), path, lim, fuzzFn)
		}
	})
}

// fuzzFormat fuzzes WalkReader for one tar format, seeded with the hostile
// archives compressed that way (when a compressor is at hand).
func fuzzFormat(f *testing.F, format Format, name string) {
	small := []member{dir("d/"), reg("d/a", []byte("hello")), reg("d/empty", nil), symlink("d/l", "a")}
	for _, m := range [][]member{small, {reg("../evil", []byte("x"))}, {reg("a", nil), reg("a", nil)}} {
		f.Add(compress(f, format, buildTar(f, m)))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = WalkReader(context.Background(), name, format, bytes.NewReader(data), fuzzLimits, fuzzFn)
	})
}

// FuzzWalkTar feeds the tar reader itself: every tar format ends there.
func FuzzWalkTar(f *testing.F) { fuzzFormat(f, Tar, "fuzz.tar") }

// FuzzWalkTarZst covers the zstd decoder's limits (window size, corrupt frames).
func FuzzWalkTarZst(f *testing.F) { fuzzFormat(f, TarZst, "fuzz.tar.zst") }
