package archive

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name string
		want Format
	}{
		{"Python-3.13.5.tar.gz", TarGz},
		{"x.tgz", TarGz},
		{"dir/Python-3.13.5.tar.xz", TarXz},
		{"x.tar.bz2", TarBz2},
		{"x.tar.zst", TarZst},
		{"x.tar.zstd", TarZst},
		{"x.tar", Tar},
		{"x.zip", Zip},
		{"pip-25.1.1-py3-none-any.whl", Zip},
		{"X.TAR.GZ", TarGz},
	}
	for _, tt := range tests {
		got, err := DetectFormat(tt.name)
		if err != nil || got != tt.want {
			t.Errorf("DetectFormat(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	for _, name := range []string{"x.rar", "x.gz", "x.tar.lz", "tar", ""} {
		_, err := DetectFormat(name)
		if err == nil {
			t.Errorf("DetectFormat(%q) succeeded", name)
			continue
		}
		if !strings.Contains(err.Error(), name+":") || !strings.Contains(err.Error(), ".tar.zst") {
			t.Errorf("DetectFormat(%q) error %q does not name the file and the suffixes", name, err)
		}
	}
}

// TestRoundTrip walks the same tree packed in every format and compares
// names, kinds, sizes and content digests with what was packed.
func TestRoundTrip(t *testing.T) {
	tree := testTree()
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := c.pack(t, tree)
			got, err := walkAll(t, path, Limits{}, c.xzPath)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tree) {
				t.Fatalf("walked %d members, packed %d", len(got), len(tree))
			}
			for i, m := range tree {
				g := got[i]
				wantKind, wantSize := Regular, int64(len(m.body))
				if m.typeflag == tar.TypeDir {
					wantKind, wantSize = Dir, 0
				}
				if g.Name != m.name || g.Kind != wantKind || g.Size != wantSize || g.n != wantSize || g.sum != sha(m.body) {
					t.Errorf("member %d: got %q %v size %d read %d sha %.12s; want %q %v size %d sha %.12s",
						i, g.Name, g.Kind, g.Size, g.n, g.sum, m.name, wantKind, wantSize, sha(m.body))
				}
				if wantKind == Dir && !g.Mode.IsDir() || wantKind == Regular && !g.Mode.IsRegular() {
					t.Errorf("member %q: mode %v does not match kind %v", g.Name, g.Mode, g.Kind)
				}
			}
		})
	}
}

// TestPartialReads has fn read none, part or all of the members in turn; the
// members read whole must still come out right.
func TestPartialReads(t *testing.T) {
	tree := testTree()
	want := map[string][]byte{}
	for _, m := range tree {
		want[m.name] = m.body
	}
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := c.pack(t, tree)
			i := 0
			err := walkFile(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
				defer func() { i++ }()
				body := want[e.Name]
				switch i % 3 {
				case 0: // nothing
					return nil
				case 1: // a little, then stop
					buf := make([]byte, 10)
					n, err := io.ReadFull(r, buf)
					if err != nil && len(body) >= 10 {
						return err
					}
					if !bytes.Equal(buf[:n], body[:n]) {
						return fmt.Errorf("prefix %q, want %q", buf[:n], body[:n])
					}
					return nil
				default:
					got, err := io.ReadAll(r)
					if err != nil {
						return err
					}
					if !bytes.Equal(got, body) {
						return fmt.Errorf("content differs: %d bytes, want %d", len(got), len(body))
					}
					return nil
				}
			}, c.xzPath)
			if err != nil {
				t.Fatal(err)
			}
			if i != len(tree) {
				t.Fatalf("fn called %d times, want %d", i, len(tree))
			}
		})
	}
}

// TestRootEntrySkipped: "tar -C dir ." writes "./" first and "./name" after.
func TestRootEntrySkipped(t *testing.T) {
	path := writeTemp(t, "r.tar", buildTar(t, []member{dir("./"), reg("./a", []byte("a")), dir("./d/")}))
	got, err := walkAll(t, path, Limits{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "a" || got[1].Name != "d/" {
		t.Fatalf("got %+v", got)
	}
}

// refusal is a hostile archive and the error it must produce.
type refusal struct {
	name    string
	members []member
	lim     Limits
	member  string // the member the error must name
	want    error
	shown   int // how often fn may see that name (the first of duplicates)
}

func hostileCases() []refusal {
	big := randomBytes(600<<10, 2)
	many := []member{reg("m1", nil), reg("m2", nil), reg("m3", nil), reg("m4", nil), reg("m5", nil)}
	return []refusal{
		{"dotdot", []member{reg("ok", nil), reg("../evil", []byte("x"))}, Limits{}, "../evil", ErrUnsafeName, 0},
		{"nested dotdot", []member{reg("a/../../evil", []byte("x"))}, Limits{}, "a/../../evil", ErrUnsafeName, 0},
		{"inner dotdot", []member{reg("a/../b", []byte("x"))}, Limits{}, "a/../b", ErrUnsafeName, 0},
		{"absolute", []member{reg("/etc/passwd", []byte("x"))}, Limits{}, "/etc/passwd", ErrUnsafeName, 0},
		{"dot-slash absolute", []member{reg(".//etc/passwd", []byte("x"))}, Limits{}, ".//etc/passwd", ErrUnsafeName, 0},
		{"drive", []member{reg("C:/x", []byte("x"))}, Limits{}, "C:/x", ErrUnsafeName, 0},
		{"drive relative", []member{reg("c:x", []byte("x"))}, Limits{}, "c:x", ErrUnsafeName, 0},
		{"backslash", []member{reg(`a\..\b`, []byte("x"))}, Limits{}, `a\..\b`, ErrUnsafeName, 0},
		{"non-canonical", []member{reg("a//b", []byte("x"))}, Limits{}, "a//b", ErrUnsafeName, 0},
		{"duplicate", []member{reg("pkg/a", []byte("1")), reg("pkg/a", []byte("2"))}, Limits{}, "pkg/a", ErrDuplicate, 1},
		{"duplicate via ./", []member{reg("pkg/a", []byte("1")), reg("./pkg/a", []byte("2"))}, Limits{}, "./pkg/a", ErrDuplicate, 1},
		{"duplicate dir", []member{dir("pkg/"), dir("pkg/")}, Limits{}, "pkg/", ErrDuplicate, 1},
		{"file shadows dir", []member{dir("pkg/"), reg("pkg", []byte("2"))}, Limits{}, "pkg", ErrDuplicate, 0},
		{"symlink", []member{symlink("a/link", "sibling")}, Limits{}, "a/link", ErrLink, 0},
		{"symlink escapes", []member{symlink("a/link", "../../x")}, Limits{AllowLinks: true}, "a/link", ErrLink, 0},
		{"symlink absolute", []member{symlink("a/link", "/etc/passwd")}, Limits{AllowLinks: true}, "a/link", ErrLink, 0},
		{"hardlink", []member{reg("a", []byte("a")), hardlink("b", "a")}, Limits{}, "b", ErrLink, 0},
		{"hardlink escapes", []member{hardlink("b", "../x")}, Limits{AllowLinks: true}, "b", ErrLink, 0},
		{"fifo", []member{{name: "p", typeflag: tar.TypeFifo}}, Limits{}, "p", ErrSpecial, 0},
		{"char device", []member{{name: "dev/null", typeflag: tar.TypeChar}}, Limits{}, "dev/null", ErrSpecial, 0},
		{"block device", []member{{name: "dev/sda", typeflag: tar.TypeBlock}}, Limits{}, "dev/sda", ErrSpecial, 0},
		{"header claims 8 GiB", []member{reg("ok", nil), {name: "huge", typeflag: tar.TypeReg, size: 8 << 30}}, Limits{}, "huge", ErrMemberTooLarge, 0},
		{"member over limit", []member{reg("big", big)}, Limits{MaxMemberSize: 512 << 10}, "big", ErrMemberTooLarge, 0},
		{"too many members", many, Limits{MaxMembers: 3}, "m4", ErrTooManyMembers, 0},
		// Issue 12 item 6: names are kept for the duplicate checks, so their
		// total is a budget of its own (m1..m3 are 6 bytes; m4 passes 8).
		{"names over budget", many, Limits{MaxNameBytes: 7}, "m4", ErrNamesTooLarge, 0},
		{"long link target over budget", []member{reg("a", nil), symlink("b", strings.Repeat("x/", 40)+"a")}, Limits{AllowLinks: true, MaxNameBytes: 64}, "b", ErrNamesTooLarge, 0},
		{"total over limit", []member{reg("b1", big), reg("b2", big)}, Limits{MaxTotalSize: 1 << 20}, "b2", ErrTotalTooLarge, 0},
	}
}

// TestHostileTar runs every hostile case as a .tar.gz: each must fail with
// the expected error, naming the archive and the member, and fn must never
// have seen that member.
func TestHostileTar(t *testing.T) {
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			path := writeTemp(t, "h.tar.gz", compress(t, TarGz, buildTar(t, c.members)))
			checkRefusal(t, path, c)
		})
	}
}

// TestHostileZip runs the cases zip can express.
func TestHostileZip(t *testing.T) {
	for _, c := range hostileCases() {
		zipable := true
		for _, m := range c.members {
			switch m.typeflag {
			case tar.TypeLink, tar.TypeChar, tar.TypeBlock:
				zipable = false
			}
			if m.size != 0 {
				zipable = false
			}
		}
		if !zipable {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			checkRefusal(t, writeTemp(t, "h.zip", buildZip(t, c.members)), c)
		})
	}
}

func checkRefusal(t *testing.T, path string, c refusal) {
	t.Helper()
	var shown []string
	err := Walk(context.Background(), path, c.lim, func(e Entry, r io.Reader) error {
		shown = append(shown, e.Name)
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err == nil {
		t.Fatalf("walk succeeded; fn saw %q", shown)
	}
	if !errors.Is(err, c.want) {
		t.Errorf("error %q is not %v", err, c.want)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("%q", c.member)) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name archive %s and member %q", err, path, c.member)
	}
	n := 0
	for _, s := range shown {
		if s == c.member || "./"+s == c.member {
			n++
		}
	}
	if n > c.shown {
		t.Errorf("fn was shown the refused member %q", c.member)
	}
}

// TestLinksAllowed: with AllowLinks, links that stay inside reach fn.
func TestLinksAllowed(t *testing.T) {
	members := []member{reg("a/sibling", []byte("s")), symlink("a/link", "sibling"), symlink("a/up", "../a/sibling"), hardlink("a/hard", "./a/sibling")}
	paths := map[string]string{
		"tar.gz": writeTemp(t, "l.tar.gz", compress(t, TarGz, buildTar(t, members))),
		"zip":    writeTemp(t, "l.zip", buildZip(t, members[:3])),
	}
	for label, path := range paths {
		t.Run(label, func(t *testing.T) {
			got, err := walkAll(t, path, Limits{AllowLinks: true}, "")
			if err != nil {
				t.Fatal(err)
			}
			want := []struct {
				name, link string
				kind       Kind
			}{{"a/sibling", "", Regular}, {"a/link", "sibling", Symlink}, {"a/up", "../a/sibling", Symlink}, {"a/hard", "a/sibling", Hardlink}}
			if label == "zip" {
				want = want[:3]
			}
			if len(got) != len(want) {
				t.Fatalf("got %d members, want %d", len(got), len(want))
			}
			for i, w := range want {
				if got[i].Name != w.name || got[i].Link != w.link || got[i].Kind != w.kind || got[i].n != 0 && w.kind != Regular {
					t.Errorf("member %d: got %+v, want %+v", i, got[i].Entry, w)
				}
			}
			if got[1].Mode&fs.ModeSymlink == 0 {
				t.Errorf("symlink mode %v", got[1].Mode)
			}
		})
	}
}

// TestSparseRefused: a sparse file's holes are zeros that were never
// compressed; it is refused as a special file, in GNU tar's old GNU format
// (type 'S') and in its PAX format (GNU.sparse.* records on a regular file).
func TestSparseRefused(t *testing.T) {
	tarCmd := needCmd(t, "tar")
	dir := t.TempDir()
	hole := filepath.Join(dir, "hole")
	if err := os.WriteFile(hole, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(hole, 10<<20); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"gnu", "pax"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(dir, format+".tar")
			cmd := exec.Command(tarCmd, "--sparse", "--format="+format, "-C", dir, "-cf", out, "hole")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Skipf("this tar cannot write sparse files: %v: %s", err, b)
			}
			err := Walk(context.Background(), out, Limits{}, func(Entry, io.Reader) error { return nil })
			if !errors.Is(err, ErrSpecial) || !strings.Contains(err.Error(), `"hole"`) {
				t.Fatalf("err = %v, want ErrSpecial naming the member", err)
			}
		})
	}
}

func TestWalkReaderRefusesZip(t *testing.T) {
	err := WalkReader(context.Background(), "x.zip", Zip, strings.NewReader(""), Limits{}, nil)
	if err == nil || !strings.Contains(err.Error(), "x.zip") {
		t.Fatalf("err = %v", err)
	}
}

func TestNegativeLimits(t *testing.T) {
	path := writeTemp(t, "t.tar", buildTar(t, testTree()))
	if _, err := walkAll(t, path, Limits{MaxRatio: -1}, ""); err == nil {
		t.Fatal("negative limit accepted")
	}
}

func TestFnErrorWrapped(t *testing.T) {
	stop := errors.New("stop here")
	for _, c := range archiveCases() {
		t.Run(c.label, func(t *testing.T) {
			path := c.pack(t, testTree())
			err := walkFile(context.Background(), path, Limits{}, func(e Entry, r io.Reader) error {
				if e.Name == "pkg/sub/big.bin" {
					io.CopyN(io.Discard, r, 1000)
					return stop
				}
				return nil
			}, c.xzPath)
			if !errors.Is(err, stop) || !strings.Contains(err.Error(), `"pkg/sub/big.bin"`) {
				t.Fatalf("err = %v", err)
			}
			assertNoChildren(t)
		})
	}
}

func TestReadAfterReturn(t *testing.T) {
	for _, c := range []archiveCase{{"tar", "t.tar", ""}, {"zip", "t.zip", ""}} {
		t.Run(c.label, func(t *testing.T) {
			var kept io.Reader
			err := walkFile(context.Background(), c.pack(t, testTree()), Limits{}, func(e Entry, r io.Reader) error {
				if e.Name == "pkg/README" {
					kept = r
				}
				return nil
			}, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := kept.Read(make([]byte, 1)); !errors.Is(err, ErrReadAfterReturn) {
				t.Fatalf("read after return: %v", err)
			}
		})
	}
}

// Links that only escape once followed are refused even with AllowLinks, as
// Python's tarfile data filter refuses them (issue 12, item 3).
func TestChainedLinksCannotEscape(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []member
	}{
		{"member through a link", []member{dir("P/"), dir("P/a/"), symlink("P/a/l1", ".."), symlink("P/l2", "a/l1/.."), reg("P/l2/escaped.txt", []byte("x"))}},
		{"link through a link", []member{dir("P/"), symlink("P/l1", "."), symlink("P/l2", "l1/l1/../..")}},
		{"link to a link", []member{dir("P/"), dir("P/a/"), symlink("P/a/l1", ".."), symlink("P/l2", "a/l1")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "links.tar", buildTar(t, tc.members))
			_, err := walkAll(t, p, Limits{AllowLinks: true}, "")
			if !errors.Is(err, ErrLink) {
				t.Errorf("err = %v, want ErrLink", err)
			}
		})
	}
	// A plain link inside the archive is still fine.
	p := writeTemp(t, "ok.tar", buildTar(t, []member{dir("P/"), reg("P/a.c", []byte("x")), symlink("P/b.c", "a.c")}))
	if _, err := walkAll(t, p, Limits{AllowLinks: true}, ""); err != nil {
		t.Errorf("a plain link: %v", err)
	}
}

// Names that cannot be recorded, or that are one file on macOS and Windows,
// are refused (issue 12, item 5).
func TestNamesThatCannotStandApart(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []member
		want    error
	}{
		{"invalid UTF-8", []member{reg("P/a\xff.c", []byte("x"))}, ErrUnsafeName},
		{"case only", []member{reg("P/README", []byte("x")), reg("P/readme", []byte("y"))}, ErrDuplicate},
		{"NFC and NFD", []member{reg("P/caf\u00e9.c", []byte("x")), reg("P/cafe\u0301.c", []byte("y"))}, ErrDuplicate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "names.tar", buildTar(t, tc.members))
			if _, err := walkAll(t, p, Limits{}, ""); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// Zips whose local headers and central directory disagree, or with data put
// before them, are refused (issue 12, item 4).
func TestZipLayoutTricks(t *testing.T) {
	good := buildZip(t, []member{reg("P/aaaa.c", []byte("x")), reg("P/b.c", []byte("y"))})
	if _, err := walkAll(t, writeTemp(t, "ok.zip", good), Limits{}, ""); err != nil {
		t.Fatalf("a plain zip: %v", err)
	}
	// The local header says ../aaa.c, the central directory P/aaaa.c.
	renamed := bytes.Clone(good)
	i := bytes.Index(renamed, []byte("P/aaaa.c"))
	copy(renamed[i:], "../aaa.c")
	if _, err := walkAll(t, writeTemp(t, "renamed.zip", renamed), Limits{}, ""); !errors.Is(err, ErrZipLayout) || !strings.Contains(err.Error(), `the local header names "../aaa.c"`) {
		t.Errorf("local name differs: %v", err)
	}
	prepended := append([]byte(strings.Repeat("#!/bin/sh\n", 10)), good...)
	if _, err := walkAll(t, writeTemp(t, "prepended.zip", prepended), Limits{}, ""); !errors.Is(err, ErrZipLayout) {
		t.Errorf("data prepended: %v", err)
	}
}
