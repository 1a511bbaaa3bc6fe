package cpython_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// TestBaseline: on the tree as released, regen and check leave both documents
// byte-identical to the tarball's (as upstream does) and report exactly the
// genuine upstream defect: expat's entry says 2.6.3, refresh.sh pins 2.7.1.
func TestBaseline(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := gitCopy(t)

	up := c.upstream()
	if up.code != 0 {
		t.Fatalf("upstream failed on the released tree\n%v", up)
	}
	for _, p := range sbomPaths {
		if d := sbomDiff(shared.orig[p], up.out[p]); d != "" {
			t.Errorf("upstream rewrote %s differently from the tarball:\n%s", p, d)
		}
	}

	for _, command := range []string{"regen", "check"} {
		rep := c.json(1, command)
		if rest := withoutPins(t, rep.Findings); len(rest) > 0 {
			t.Errorf("%s: unexpected findings besides expat's pins: %v", command, rest)
		}
		// The source SBOM regenerates unchanged but has expat's pin errors,
		// so it is not called up to date (issue 13): a note says both.
		if len(rep.Written) > 0 || !slices.Equal(rep.Current, []string{externalsSBOM}) || !slices.Equal(rep.Notes, []string{pinsStand}) {
			t.Errorf("%s: written %q, current %q, notes %q; want nothing written, the externals current and the source SBOM's errors noted", command, rep.Written, rep.Current, rep.Notes)
		}
		for _, p := range sbomPaths {
			if d := sbomDiff(shared.orig[p], c.read(p)); d != "" {
				t.Errorf("after %s, %s differs from the tarball's:\n%s", command, p, d)
			}
		}
	}
	c.assertSARIF(1, "pin", "Modules/expat/refresh.sh", "expat")
}

// correctExpat makes expat's entry name the release refresh.sh pins, written
// with the canonical writer, and returns the new document.
func correctExpat(c *checkout) []byte {
	c.t.Helper()
	d := c.doc(sourceSBOM)
	found := false
	for i := range d.Packages {
		p := &d.Packages[i]
		if p.Name != "expat" {
			continue
		}
		found = true
		p.VersionInfo = "2.7.1"
		p.DownloadLocation = "https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz"
		p.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: "0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2"}}
		for k := range p.ExternalRefs {
			ref := &p.ExternalRefs[k]
			if ref.ReferenceType != "cpe23Type" {
				continue
			}
			if !strings.Contains(ref.ReferenceLocator, ":2.6.3:") {
				c.t.Fatalf("expat's CPE %q does not hold version 2.6.3", ref.ReferenceLocator)
			}
			ref.ReferenceLocator = strings.Replace(ref.ReferenceLocator, ":2.6.3:", ":2.7.1:", 1)
		}
	}
	if !found {
		c.t.Fatal("no expat package in " + sourceSBOM)
	}
	out, err := spdx.Marshal(d)
	if err != nil {
		c.t.Fatal(err)
	}
	c.write(sourceSBOM, out)
	return out
}

// TestCorrectedExpat: once expat's entry names 2.7.1, check passes, regen
// writes nothing, and upstream rewrites the hand-edited document to the same
// bytes (the canonical writer agrees with json.dumps).
func TestCorrectedExpat(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := gitCopy(t)
	corrected := correctExpat(c)
	c.git("commit", "-q", "--no-verify", "-a", "-m", "expat 2.7.1")

	for _, command := range []string{"check", "regen"} {
		rep := c.json(0, command)
		if rest := withoutDeadExcludes(t, rep.Findings); len(rest) > 0 || len(rep.Written) > 0 || !slices.Equal(rep.Current, sbomPaths) {
			t.Errorf("%s on the corrected tree: findings %v, written %q, current %q; want only the dead excludes, none, both", command, rep.Findings, rep.Written, rep.Current)
		}
	}
	if d := sbomDiff(corrected, c.read(sourceSBOM)); d != "" {
		t.Errorf("regen changed the corrected %s:\n%s", sourceSBOM, d)
	}
	if r := c.sbomkeeper("check", "--format", "sarif"); r.code != 0 {
		t.Errorf("check --format sarif on the corrected tree\n%v", r)
	}

	up := c.upstream()
	if up.code != 0 {
		t.Fatalf("upstream failed on the corrected tree\n%v", up)
	}
	if d := sbomDiff(corrected, up.out[sourceSBOM]); d != "" {
		t.Errorf("upstream rewrites the document sbomkeeper's writer produced:\n%s", d)
	}

	// Correcting the config too: the misspelt exclude now takes CPython's own
	// header out of hacl-star, which check reports as stale until regen.
	cfg, err := os.ReadFile(shared.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte(`"Modules/_hacl/python_hacl_namespace.h"`), []byte(`"Modules/_hacl/python_hacl_namespaces.h"`), 1)
	if !bytes.Contains(cfg, []byte("  \"Modules/_hacl/refresh.sh\",\n]")) {
		t.Fatal("the example config no longer has expat's dead exclude")
	}
	cfg = bytes.Replace(cfg, []byte("  \"Modules/_hacl/refresh.sh\",\n]"), []byte("]"), 1)
	c.config = filepath.Join(t.TempDir(), "sbomkeeper.toml")
	if err := os.WriteFile(c.config, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	assertOnlyStale(t, c.json(1, "check").Findings, []staleWant{{"hacl-star", "removed", []string{"Modules/_hacl/python_hacl_namespaces.h"}}})
	c.json(0, "regen")
	if rep := c.json(0, "check"); len(rep.Findings) > 0 {
		t.Errorf("check with data and config corrected: %v", rep.Findings)
	}
}

// correctedCopy returns a git copy whose expat entry names the 2.7.1 that
// refresh.sh pins, committed (so that upstream's git checkout of Misc/ keeps
// it): the tree then has no error finding, only the dead-exclude warnings, and
// regen may write. c.orig holds the corrected documents.
func correctedCopy(t *testing.T) *checkout {
	t.Helper()
	c := gitCopy(t)
	correctExpat(c)
	c.git("commit", "-q", "--no-verify", "-a", "-m", "expat 2.7.1")
	c.orig = c.sboms()
	return c
}

// TestPinErrorHoldsRegen: on the tree as released a vendored file changes.
// The document is stale, but expat's pin errors are about it, so regen writes
// nothing (as upstream, which writes nothing when a check fails), says so and
// exits 1; check still finds the document stale.
func TestPinErrorHoldsRegen(t *testing.T) {
	corpus(t, false)
	t.Parallel()
	c := gitCopy(t)
	const changed = "Modules/expat/xmlparse.c"
	c.write(changed, append(c.read(changed), "/* local change */\n"...))
	stale := []staleWant{{"expat", "changed", []string{changed}}}
	assertOnlyStale(t, withoutPins(t, c.json(1, "check").Findings), stale)

	rep := c.json(1, "regen")
	if rest := withoutPins(t, rep.Findings); len(rest) > 0 {
		t.Errorf("regen: findings besides expat's pins: %v", rest)
	}
	if len(rep.Written) > 0 || !slices.Equal(rep.Held, []string{sourceSBOM}) || !slices.Equal(rep.Current, []string{externalsSBOM}) {
		t.Errorf("regen: written %q, not written %q, current %q; want none, %s, %s", rep.Written, rep.Held, rep.Current, sourceSBOM, externalsSBOM)
	}
	for _, p := range sbomPaths {
		if !bytes.Equal(shared.orig[p], c.read(p)) {
			t.Errorf("regen changed %s:\n%s", p, sbomDiff(shared.orig[p], c.read(p)))
		}
	}

	r := c.sbomkeeper("regen")
	if r.code != 1 {
		t.Errorf("regen (text): exit %d, want 1\n%v", r.code, r)
	}
	if !strings.Contains(r.stdout, "\nnot written: "+sourceSBOM+" ") || strings.Contains(r.stdout, "wrote ") {
		t.Errorf("the text report does not say 'not written: %s', or says it wrote something\n%v", sourceSBOM, r)
	}
	for _, want := range expatPins {
		if !strings.Contains(r.stdout, want.Message) {
			t.Errorf("the text report does not give the pin error %q\n%v", want.Message, r)
		}
	}
	for _, p := range sbomPaths {
		if !bytes.Equal(shared.orig[p], c.read(p)) {
			t.Errorf("regen (text) changed %s", p)
		}
	}

	assertOnlyStale(t, withoutPins(t, c.json(1, "check").Findings), stale)
}

// staleWant is one part of the stale finding check must report for a package:
// files added, removed or changed.
type staleWant struct {
	pkg   string
	what  string // "added", "removed" or "changed", as the message says
	files []string
}

// assertOnlyStale checks that fs is exactly one stale finding per package of
// want, each naming its files.
func assertOnlyStale(t *testing.T, fs []finding, want []staleWant) {
	t.Helper()
	type parts struct{ added, removed, changed []string }
	byPkg := map[string]*parts{}
	for _, w := range want {
		if byPkg[w.pkg] == nil {
			byPkg[w.pkg] = &parts{}
		}
		p := byPkg[w.pkg]
		switch w.what {
		case "added":
			p.added = append(p.added, w.files...)
		case "removed":
			p.removed = append(p.removed, w.files...)
		case "changed":
			p.changed = append(p.changed, w.files...)
		default:
			t.Fatalf("bad staleWant %+v", w)
		}
	}
	var extra []finding
	seen := map[string]bool{}
	for _, f := range fs {
		p := byPkg[f.Package]
		if f.Rule != "stale" || p == nil || seen[f.Package] {
			extra = append(extra, f)
			continue
		}
		seen[f.Package] = true
		var msg []string
		for _, x := range []struct {
			what  string
			files []string
		}{{"added", p.added}, {"removed", p.removed}, {"changed", p.changed}} {
			if len(x.files) > 0 {
				files := slices.Sorted(slices.Values(x.files))
				msg = append(msg, fmt.Sprintf("%d %s (%s)", len(files), x.what, strings.Join(files, ", ")))
			}
		}
		wantMsg := fmt.Sprintf("package %q has files out of date in %s: %s", f.Package, sourceSBOM, strings.Join(msg, "; "))
		// The finding points at a file that changed in the tree, where a
		// reviewer looks; at the SBOM only when files were only removed.
		wantFile := sourceSBOM
		if tree := slices.Concat(slices.Sorted(slices.Values(p.added)), slices.Sorted(slices.Values(p.changed))); len(tree) > 0 {
			wantFile = tree[0]
		}
		if f.Message != wantMsg || f.File != wantFile || f.SBOM != sourceSBOM || f.Severity != "error" || !strings.Contains(f.Fix, "sbomkeeper regen") {
			t.Errorf("stale finding for package %q:\n got  %+v\n want message %q on file %s with a regen fix", f.Package, f, wantMsg, wantFile)
		}
	}
	for name := range byPkg {
		if !seen[name] {
			t.Errorf("no stale finding for package %q", name)
		}
	}
	if len(extra) > 0 {
		t.Errorf("unexpected findings: %v", extra)
	}
}

// treeChange is a change inside the vendored directories after which
// sbomkeeper must write exactly what upstream writes.
type treeChange struct {
	name  string
	apply func(c *checkout)
	// stale is what check must report before regen. Empty means the change
	// must not alter the documents at all.
	stale []staleWant
	// verify looks at the regenerated source document.
	verify func(t *testing.T, c *checkout, d *spdx.Document)
}

var (
	// Names with characters git prints without quoting: upstream lists them.
	unusualNames = map[string]string{
		"Modules/expat/with space.c":      "SPDXRef-FILE-Modules-expat-with-space.c",
		"Modules/expat/a+b.c":             "SPDXRef-FILE-Modules-expat-a-b.c",
		"Modules/expat/user@host.h":       "SPDXRef-FILE-Modules-expat-user-host.h",
		"Modules/expat/tilde~.c":          "SPDXRef-FILE-Modules-expat-tilde-.c",
		"Modules/expat/k=v.c":             "SPDXRef-FILE-Modules-expat-k-v.c",
		"Modules/expat/x,y.c":             "SPDXRef-FILE-Modules-expat-x-y.c",
		"Modules/expat/multi.dot.name.c":  "SPDXRef-FILE-Modules-expat-multi.dot.name.c",
		"Modules/expat/a--b__c.h":         "SPDXRef-FILE-Modules-expat-a--b-c.h",
		"Modules/expat/trailing space .c": "SPDXRef-FILE-Modules-expat-trailing-space-.c",
	}
	// Glob, pathspec and shell metacharacters in names.
	metaNames = map[string]string{
		"Modules/_hacl/a[1].c":   "SPDXRef-FILE-Modules-hacl-a-1-.c",
		"Modules/_hacl/star*.c":  "SPDXRef-FILE-Modules-hacl-star-.c",
		"Modules/_hacl/q?.c":     "SPDXRef-FILE-Modules-hacl-q-.c",
		"Modules/_hacl/#hash.c":  "SPDXRef-FILE-Modules-hacl-hash.c",
		"Modules/_hacl/%pct.c":   "SPDXRef-FILE-Modules-hacl-pct.c",
		"Modules/_hacl/!bang.c":  "SPDXRef-FILE-Modules-hacl-bang.c",
		"Modules/_hacl/it's.c":   "SPDXRef-FILE-Modules-hacl-it-s.c",
		"Modules/_hacl/$d.c":     "SPDXRef-FILE-Modules-hacl-d.c",
		"Modules/_hacl/&amp.c":   "SPDXRef-FILE-Modules-hacl-amp.c",
		"Modules/_hacl/;semi.c":  "SPDXRef-FILE-Modules-hacl-semi.c",
		"Modules/_hacl/:colon.c": "SPDXRef-FILE-Modules-hacl-colon.c",
		"Modules/_hacl/(p).c":    "SPDXRef-FILE-Modules-hacl-p-.c",
		"Modules/_hacl/{b}.c":    "SPDXRef-FILE-Modules-hacl-b-.c",
	}
)

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// writeNamed creates each file of names with content naming it.
func writeNamed(c *checkout, names map[string]string) {
	for _, n := range keys(names) {
		c.write(n, []byte("/* "+n+" */\n"))
	}
}

// verifyNamed checks that each file of names is listed with its SPDXID,
// belongs to pkg and has the SHA256 of its content.
func verifyNamed(pkgName string, names map[string]string) func(*testing.T, *checkout, *spdx.Document) {
	return func(t *testing.T, c *checkout, d *spdx.Document) {
		for _, n := range keys(names) {
			f := fileEntry(t, d, n)
			if f.SPDXID != names[n] {
				t.Errorf("%s: SPDXID %q, want %q", n, f.SPDXID, names[n])
			}
			if o := owner(d, f.SPDXID); o != pkgName {
				t.Errorf("%s belongs to %q, want %q", n, o, pkgName)
			}
			if got, want := checksum(f, "SHA256"), sha256hex(c.read(n)); got != want {
				t.Errorf("%s: SHA256 %s, want %s", n, got, want)
			}
		}
	}
}

var treeChanges = []treeChange{
	{
		name: "edit a file",
		apply: func(c *checkout) {
			c.write("Modules/_decimal/libmpdec/basearith.c", append(c.read("Modules/_decimal/libmpdec/basearith.c"), "/* local change */\n"...))
		},
		stale: []staleWant{{"mpdecimal", "changed", []string{"Modules/_decimal/libmpdec/basearith.c"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			f := fileEntry(t, d, "Modules/_decimal/libmpdec/basearith.c")
			if got, want := checksum(f, "SHA256"), sha256hex(c.read("Modules/_decimal/libmpdec/basearith.c")); got != want {
				t.Errorf("SHA256 %s, want %s", got, want)
			}
		},
	},
	{
		name:   "add a file",
		apply:  func(c *checkout) { c.write("Modules/expat/newfile.c", []byte("int newfile;\n")) },
		stale:  []staleWant{{"expat", "added", []string{"Modules/expat/newfile.c"}}},
		verify: verifyNamed("expat", map[string]string{"Modules/expat/newfile.c": "SPDXRef-FILE-Modules-expat-newfile.c"}),
	},
	{
		name:  "delete a file",
		apply: func(c *checkout) { c.remove("Modules/expat/xmltok_ns.c") },
		stale: []staleWant{{"expat", "removed", []string{"Modules/expat/xmltok_ns.c"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			if hasFile(d, "Modules/expat/xmltok_ns.c") {
				t.Error("the deleted file is still listed")
			}
		},
	},
	{
		name: "rename a file",
		apply: func(c *checkout) {
			if err := os.Rename(c.path("Modules/expat/nametab.h"), c.path("Modules/expat/nametab2.h")); err != nil {
				c.t.Fatal(err)
			}
		},
		stale: []staleWant{
			{"expat", "added", []string{"Modules/expat/nametab2.h"}},
			{"expat", "removed", []string{"Modules/expat/nametab.h"}},
		},
	},
	{
		name: "changes in several packages",
		apply: func(c *checkout) {
			c.write("Lib/ctypes/macholib/dyld.py", append(c.read("Lib/ctypes/macholib/dyld.py"), "# local\n"...))
			c.remove("Modules/_blake2/impl/blake2s-ref.c")
			c.write("Modules/_decimal/libmpdec/extra.h", []byte("#define EXTRA 1\n"))
		},
		stale: []staleWant{
			{"libb2", "removed", []string{"Modules/_blake2/impl/blake2s-ref.c"}},
			{"macholib", "changed", []string{"Lib/ctypes/macholib/dyld.py"}},
			{"mpdecimal", "added", []string{"Modules/_decimal/libmpdec/extra.h"}},
		},
	},
	{
		// The hash is of the LF form, so a Windows checkout hashes the same:
		// the documents must not change at all.
		name: "convert a text file to CRLF",
		apply: func(c *checkout) {
			b := c.read("Modules/expat/xmlrole.h")
			if bytes.Contains(b, []byte("\r")) || bytes.IndexByte(b, 0) >= 0 {
				c.t.Fatal("xmlrole.h is expected to be plain LF text")
			}
			c.write("Modules/expat/xmlrole.h", bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
		},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			raw := c.read("Modules/expat/xmlrole.h")
			lf := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
			orig, err := spdx.Parse(c.orig[sourceSBOM])
			if err != nil {
				t.Fatal(err)
			}
			got := checksum(fileEntry(t, d, "Modules/expat/xmlrole.h"), "SHA256")
			was := checksum(fileEntry(t, orig, "Modules/expat/xmlrole.h"), "SHA256")
			if got != was || got != sha256hex(lf) || got == sha256hex(raw) {
				t.Errorf("SHA256 of the CRLF file: %s; want the released %s = SHA256 of its LF form %s (raw bytes: %s)", got, was, sha256hex(lf), sha256hex(raw))
			}
		},
	},
	{
		// A NUL byte marks the file binary: its CRLFs are hashed as they are.
		name:  "add a binary file with NUL and CRLF",
		apply: func(c *checkout) { c.write("Modules/_hacl/blob.bin", []byte("\x00\x01binary\r\nline\r\n\xff\xfe\r\n")) },
		stale: []staleWant{{"hacl-star", "added", []string{"Modules/_hacl/blob.bin"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			raw := c.read("Modules/_hacl/blob.bin")
			if got := checksum(fileEntry(t, d, "Modules/_hacl/blob.bin"), "SHA256"); got != sha256hex(raw) {
				t.Errorf("SHA256 %s, want that of the raw bytes %s (CRLF kept in binary files)", got, sha256hex(raw))
			}
		},
	},
	{
		name:  "add an empty file",
		apply: func(c *checkout) { c.write("Modules/_decimal/libmpdec/empty.h", nil) },
		stale: []staleWant{{"mpdecimal", "added", []string{"Modules/_decimal/libmpdec/empty.h"}}},
		verify: verifyNamed("mpdecimal", map[string]string{
			"Modules/_decimal/libmpdec/empty.h": "SPDXRef-FILE-Modules-decimal-libmpdec-empty.h",
		}),
	},
	{
		// Files above 16 MiB are hashed in streaming passes: a CRLF split
		// across two reads must still become LF, and a NUL far from the
		// start must still mark the file binary.
		name: "large files with CRLF across read boundaries",
		apply: func(c *checkout) {
			text := bytes.Repeat([]byte("line\r\n"), (17<<20)/6)
			for _, at := range []int{1 << 20, 2 << 20, 3<<20 + 1} {
				text[at-1], text[at] = '\r', '\n'
			}
			c.write("Modules/expat/big.txt", text)
			bin := bytes.Clone(text)
			bin[len(bin)-2] = 0
			c.write("Modules/expat/big.bin", bin)
		},
		stale: []staleWant{{"expat", "added", []string{"Modules/expat/big.bin", "Modules/expat/big.txt"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			text, bin := c.read("Modules/expat/big.txt"), c.read("Modules/expat/big.bin")
			if got, want := checksum(fileEntry(t, d, "Modules/expat/big.txt"), "SHA256"), sha256hex(bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))); got != want {
				t.Errorf("big.txt: SHA256 %s, want %s (LF form)", got, want)
			}
			if got, want := checksum(fileEntry(t, d, "Modules/expat/big.bin"), "SHA256"), sha256hex(bin); got != want {
				t.Errorf("big.bin: SHA256 %s, want %s (raw bytes)", got, want)
			}
		},
	},
	{
		name:   "unusual ASCII file names",
		apply:  func(c *checkout) { writeNamed(c, unusualNames) },
		stale:  []staleWant{{"expat", "added", keys(unusualNames)}},
		verify: verifyNamed("expat", unusualNames),
	},
	{
		name:   "glob and shell metacharacters in file names",
		apply:  func(c *checkout) { writeNamed(c, metaNames) },
		stale:  []staleWant{{"hacl-star", "added", keys(metaNames)}},
		verify: verifyNamed("hacl-star", metaNames),
	},
	{
		// Python's glob skips names starting with '.'.
		name: "hidden file and hidden directory",
		apply: func(c *checkout) {
			c.write("Modules/expat/.hidden", []byte("hidden\n"))
			c.write("Modules/expat/.dir/x.c", []byte("int x;\n"))
			c.write("Modules/_hacl/include/.h.h", []byte("int h;\n"))
			c.write("Modules/expat/visible.c", []byte("int visible;\n"))
		},
		stale: []staleWant{{"expat", "added", []string{"Modules/expat/visible.c"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			for _, f := range d.Files {
				if strings.Contains(f.FileName, "/.") {
					t.Errorf("hidden path listed: %s", f.FileName)
				}
			}
		},
	},
	{
		// Ignored untracked files are dropped; an untracked file that is not
		// ignored is listed, and so is a tracked file an ignore rule matches.
		name: "gitignored and untracked files",
		apply: func(c *checkout) {
			c.write(".gitignore", []byte("Modules/expat/*.o\nModules/expat/generated.c\nModules/expat/ascii.h\n"))
			c.write("Modules/expat/x.o", []byte("\x7fELF\x00"))
			c.write("Modules/expat/generated.c", []byte("int generated;\n"))
			c.write("Modules/expat/untracked.c", []byte("int untracked;\n"))
		},
		stale: []staleWant{{"expat", "added", []string{"Modules/expat/untracked.c"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			for _, n := range []string{"Modules/expat/x.o", "Modules/expat/generated.c"} {
				if hasFile(d, n) {
					t.Errorf("ignored file %s is listed", n)
				}
			}
			if !hasFile(d, "Modules/expat/ascii.h") {
				t.Error("tracked file Modules/expat/ascii.h, matched by an ignore rule, is no longer listed")
			}
		},
	},
	{
		// Upstream hashes what the link points to.
		name:  "symlink to a file",
		apply: func(c *checkout) { c.symlink("expat.h", "Modules/expat/link.h") },
		stale: []staleWant{{"expat", "added", []string{"Modules/expat/link.h"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			link, target := fileEntry(t, d, "Modules/expat/link.h"), fileEntry(t, d, "Modules/expat/expat.h")
			if !sameJSON(link.Checksums, target.Checksums) {
				t.Errorf("link checksums %v, want the target's %v", link.Checksums, target.Checksums)
			}
		},
	},
	{
		name: "new subdirectory",
		apply: func(c *checkout) {
			c.write("Modules/_hacl/newdir/a.c", []byte("int a;\n"))
			c.write("Modules/_hacl/newdir/deeper/b.h", []byte("int b;\n"))
		},
		stale: []staleWant{{"hacl-star", "added", []string{"Modules/_hacl/newdir/a.c", "Modules/_hacl/newdir/deeper/b.h"}}},
		verify: verifyNamed("hacl-star", map[string]string{
			"Modules/_hacl/newdir/a.c":        "SPDXRef-FILE-Modules-hacl-newdir-a.c",
			"Modules/_hacl/newdir/deeper/b.h": "SPDXRef-FILE-Modules-hacl-newdir-deeper-b.h",
		}),
	},
	{
		// Excluded paths stay out whatever happens to them.
		name: "edit excluded files, add a sibling",
		apply: func(c *checkout) {
			c.write("Modules/expat/expat_config.h", append(c.read("Modules/expat/expat_config.h"), "/* local */\n"...))
			c.write("Modules/_hacl/README.md", []byte("changed\n"))
			c.write("Modules/_hacl/README.txt", []byte("not excluded\n"))
		},
		stale: []staleWant{{"hacl-star", "added", []string{"Modules/_hacl/README.txt"}}},
		verify: func(t *testing.T, c *checkout, d *spdx.Document) {
			for _, n := range []string{"Modules/expat/expat_config.h", "Modules/_hacl/README.md"} {
				if hasFile(d, n) {
					t.Errorf("excluded file %s is listed", n)
				}
			}
		},
	},
}

// TestTreeChanges applies each change to a fresh copy with expat's entry
// corrected (so that regen may write); check must name what is stale, regen
// must write upstream's bytes, and check must then find nothing stale.
func TestTreeChanges(t *testing.T) {
	corpus(t, true)
	// The config is outside the checkout (the repository's example), so its
	// SARIF location is an absolute file URI, not one relative to SRCROOT.
	configURI := (&url.URL{Scheme: "file", Path: shared.config}).String()
	for _, tc := range treeChanges {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := correctedCopy(t)
			tc.apply(c)

			checkCode := 0
			if len(tc.stale) > 0 {
				checkCode = 1
			}
			before := c.json(checkCode, "check")
			assertOnlyStale(t, withoutDeadExcludes(t, before.Findings), tc.stale)
			if len(tc.stale) > 0 {
				c.assertSARIF(1, "stale", (&url.URL{Path: staleURI(tc.stale, tc.stale[0].pkg)}).String(), tc.stale[0].pkg)
			} else {
				c.assertSARIF(0, "exclude-unused", configURI, "expat")
			}

			up := c.upstream()
			if up.code != 0 {
				t.Fatalf("upstream failed\n%v", up)
			}

			rep := c.json(0, "regen")
			if rest := withoutDeadExcludes(t, rep.Findings); len(rest) > 0 {
				t.Errorf("regen: unexpected findings: %v", rest)
			}
			var wantWritten, wantCurrent []string
			if len(tc.stale) > 0 {
				wantWritten, wantCurrent = []string{sourceSBOM}, []string{externalsSBOM}
			} else {
				wantCurrent = sbomPaths
			}
			if !slices.Equal(rep.Written, wantWritten) || len(rep.Held) > 0 || !slices.Equal(rep.Current, wantCurrent) {
				t.Errorf("regen wrote %q, held %q, current %q; want %q, none, %q", rep.Written, rep.Held, rep.Current, wantWritten, wantCurrent)
			}
			for _, p := range sbomPaths {
				if d := sbomDiff(up.out[p], c.read(p)); d != "" {
					t.Errorf("%s: sbomkeeper (got) and upstream (want) differ:\n%s", p, d)
				}
			}
			changed := !bytes.Equal(c.orig[sourceSBOM], c.read(sourceSBOM))
			if changed != (len(tc.stale) > 0) {
				t.Errorf("%s changed: %v, want %v", sourceSBOM, changed, len(tc.stale) > 0)
			}
			if !bytes.Equal(c.orig[externalsSBOM], c.read(externalsSBOM)) {
				t.Errorf("%s changed", externalsSBOM)
			}

			after := c.json(0, "check")
			if rest := withoutDeadExcludes(t, after.Findings); len(rest) > 0 {
				t.Errorf("check after regen: unexpected findings: %v", rest)
			}
			if tc.verify != nil {
				tc.verify(t, c, c.doc(sourceSBOM))
			}
		})
	}
}

// TestUpstreamDropsQuotedNames: git quotes a name with a non-ASCII byte, a
// double quote, a backslash or a control character in check-ignore's output,
// and upstream then looks for a file of the quoted spelling, finds none and
// drops the file without a word. sbomkeeper lists it. Expat's entry is
// corrected, so that regen may write.
func TestUpstreamDropsQuotedNames(t *testing.T) {
	corpus(t, true)
	for _, tc := range []struct {
		name, file, id, escaped string
	}{
		{"non-ASCII", "Modules/expat/é.c", "SPDXRef-FILE-Modules-expat-.c", `"Modules/expat/\u00e9.c"`},
		{"double quote", `Modules/expat/a"b.c`, "SPDXRef-FILE-Modules-expat-a-b.c", `"Modules/expat/a\"b.c"`},
		{"backslash", `Modules/expat/a\b.c`, "SPDXRef-FILE-Modules-expat-a-b.c", `"Modules/expat/a\\b.c"`},
		{"tab", "Modules/expat/a\tb.c", "SPDXRef-FILE-Modules-expat-a-b.c", `"Modules/expat/a\tb.c"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := correctedCopy(t)
			content := []byte("int quoted;\n")
			c.write(tc.file, content)

			before := c.json(1, "check")
			assertOnlyStale(t, withoutDeadExcludes(t, before.Findings), []staleWant{{"expat", "added", []string{tc.file}}})

			up := c.upstream()
			if up.code != 0 {
				t.Fatalf("upstream failed\n%v", up)
			}
			if d := sbomDiff(c.orig[sourceSBOM], up.out[sourceSBOM]); d != "" {
				t.Errorf("upstream was expected to drop %q silently, leaving the document as committed; it differs:\n%s", tc.file, d)
			}

			rep := c.json(0, "regen")
			if rest := withoutDeadExcludes(t, rep.Findings); len(rest) > 0 {
				t.Errorf("regen: unexpected findings: %v", rest)
			}
			if !slices.Equal(rep.Written, []string{sourceSBOM}) {
				t.Errorf("regen wrote %q, want %s", rep.Written, sourceSBOM)
			}
			out := c.read(sourceSBOM)
			d := c.doc(sourceSBOM)
			f := fileEntry(t, d, tc.file)
			if f.SPDXID != tc.id || owner(d, f.SPDXID) != "expat" || checksum(f, "SHA256") != sha256hex(content) {
				t.Errorf("file element %+v (owner %q): want SPDXID %s, owned by expat, SHA256 %s", f, owner(d, f.SPDXID), tc.id, sha256hex(content))
			}
			if !bytes.Contains(out, []byte(`"fileName": `+tc.escaped)) {
				t.Errorf("the document does not spell the name as json.dumps would: %s", tc.escaped)
			}
			// Apart from that one file, sbomkeeper writes what upstream writes.
			d.Files = slices.DeleteFunc(d.Files, func(x spdx.File) bool { return x.FileName == tc.file })
			d.Relationships = slices.DeleteFunc(d.Relationships, func(r spdx.Relationship) bool {
				return r.RelatedSPDXElement == tc.id && r.SPDXElementID == "SPDXRef-PACKAGE-expat"
			})
			rest, err := spdx.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if diff := sbomDiff(up.out[sourceSBOM], rest); diff != "" {
				t.Errorf("without %q, sbomkeeper's document still differs from upstream's:\n%s", tc.file, diff)
			}

			after := c.json(0, "check")
			if rest := withoutDeadExcludes(t, after.Findings); len(rest) > 0 {
				t.Errorf("check after regen: unexpected findings: %v", rest)
			}
		})
	}
}

// TestCollidingNames: two paths that encode to one SPDXID. Upstream writes
// the ID twice for ASCII names (invalid SPDX) and drops non-ASCII names
// altogether; sbomkeeper lists both and gives the later one the suffix
// CPython's release tools use ('-' and 8 hex digits of SHA-256 of the
// unencoded "SPDXRef-FILE-<path>"). Expat's entry is corrected, so that
// regen may write.
func TestCollidingNames(t *testing.T) {
	corpus(t, true)
	for _, tc := range []struct {
		name, first, second string
		upstreamDuplicates  bool
	}{
		{"ASCII", "Modules/expat/x y.c", "Modules/expat/x+y.c", true},
		{"non-ASCII", "Modules/expat/ä.c", "Modules/expat/ö.c", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := correctedCopy(t)
			c.write(tc.first, []byte("int a;\n"))
			c.write(tc.second, []byte("int b;\n"))

			up := c.upstream()
			upDoc, err := spdx.Parse(up.out[sourceSBOM])
			if err != nil {
				t.Fatal(err)
			}
			if got := len(duplicateIDs(upDoc)) > 0; got != tc.upstreamDuplicates {
				t.Errorf("upstream wrote duplicate IDs: %v, want %v", got, tc.upstreamDuplicates)
			}

			rep := c.json(0, "regen")
			if rest := withoutDeadExcludes(t, rep.Findings); len(rest) > 0 || !slices.Equal(rep.Written, []string{sourceSBOM}) {
				t.Errorf("regen: findings %v, written %q; want only the dead excludes and %s", rest, rep.Written, sourceSBOM)
			}
			d := c.doc(sourceSBOM)
			if dups := duplicateIDs(d); len(dups) > 0 {
				t.Errorf("duplicate SPDXIDs: %v", dups)
			}
			base := spdx.FileID(tc.first)
			sum := sha256.Sum256([]byte("SPDXRef-FILE-" + tc.second))
			want := map[string]string{tc.first: base, tc.second: base + "-" + hex.EncodeToString(sum[:4])}
			for name, id := range want {
				if f := fileEntry(t, d, name); f.SPDXID != id {
					t.Errorf("%s: SPDXID %s, want %s", name, f.SPDXID, id)
				}
			}
		})
	}
}

func duplicateIDs(d *spdx.Document) []string {
	seen := map[string]int{}
	var dups []string
	for _, f := range d.Files {
		if seen[f.SPDXID]++; seen[f.SPDXID] == 2 {
			dups = append(dups, f.SPDXID)
		}
	}
	return dups
}

// TestEmptiedVendoredDirectory: every file of libb2 deleted, the directory
// kept by a hidden file. Upstream's glob still matches the directory itself,
// so it writes libb2 without files and exits 0; sbomkeeper refuses. Expat's
// entry is corrected, so that this error alone holds the document back.
func TestEmptiedVendoredDirectory(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := correctedCopy(t)
	entries, err := os.ReadDir(c.path("Modules/_blake2/impl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		c.remove("Modules/_blake2/impl/" + e.Name())
	}
	c.write("Modules/_blake2/impl/.keep", nil)

	up := c.upstream()
	if up.code != 0 {
		t.Fatalf("upstream was expected to succeed (wrongly)\n%v", up)
	}
	upDoc, err := spdx.Parse(up.out[sourceSBOM])
	if err != nil {
		t.Fatal(err)
	}
	pkg(t, upDoc, "libb2")
	for _, f := range upDoc.Files {
		if strings.HasPrefix(f.FileName, "Modules/_blake2/impl/") {
			t.Errorf("upstream lists %s", f.FileName)
		}
	}
	for _, r := range upDoc.Relationships {
		if r.SPDXElementID == "SPDXRef-PACKAGE-libb2" {
			t.Errorf("upstream relates libb2: %+v", r)
		}
	}

	wantEmpty := func(fs []finding) {
		t.Helper()
		rest := withoutDeadExcludes(t, fs)
		if len(rest) != 1 || rest[0].Rule != "include-empty" || rest[0].Package != "libb2" || !rest[0].Blocking ||
			rest[0].Severity != "error" || !strings.Contains(rest[0].Message, `"Modules/_blake2/impl/**"`) {
			t.Errorf("findings %v; want one blocking include-empty error for libb2 naming its include", rest)
		}
	}
	rep := c.json(1, "regen")
	wantEmpty(rep.Findings)
	if len(rep.Written) > 0 || !slices.Equal(rep.Current, []string{externalsSBOM}) {
		t.Errorf("regen: written %q, current %q; want nothing written and only %s current", rep.Written, rep.Current, externalsSBOM)
	}
	for _, p := range sbomPaths {
		if d := sbomDiff(c.orig[p], c.read(p)); d != "" {
			t.Errorf("%s changed:\n%s", p, d)
		}
	}
	wantEmpty(c.json(1, "check").Findings)
	c.assertSARIF(1, "include-empty", sourceSBOM, "libb2")
}

// TestSymlinkToDirectory: upstream's glob follows the link, git refuses the
// paths beyond it (exit 128) and the script dies on an assertion; sbomkeeper
// reports the link and writes nothing. Expat's entry is corrected, so that
// this error alone holds the document back.
func TestSymlinkToDirectory(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := correctedCopy(t)
	c.symlink("include", "Modules/_hacl/linkdir")

	up := c.upstream()
	if up.code == 0 || !strings.Contains(up.stderr, "AssertionError") || !strings.Contains(up.stderr, "beyond a symbolic link") {
		t.Errorf("upstream was expected to fail on an AssertionError after git refused a path beyond the link\n%v", up)
	}
	for _, p := range sbomPaths {
		if !bytes.Equal(c.orig[p], up.out[p]) {
			t.Errorf("upstream changed %s", p)
		}
	}
	if code, _, errOut := c.run("git", "check-ignore", "--verbose", "--non-matching", "Modules/_hacl/linkdir/krml/types.h"); code != 128 {
		t.Errorf("git check-ignore beyond the link: exit %d, want 128 (%s)", code, errOut)
	}

	wantLink := func(fs []finding) {
		t.Helper()
		rest := withoutDeadExcludes(t, fs)
		if len(rest) != 1 || rest[0].Rule != "tree" || rest[0].File != "Modules/_hacl/linkdir" || rest[0].Package != "hacl-star" ||
			!rest[0].Blocking || rest[0].Severity != "error" || !strings.Contains(rest[0].Message, "symbolic link to a directory") {
			t.Errorf("findings %v; want one blocking tree error about Modules/_hacl/linkdir in hacl-star", rest)
		}
	}
	rep := c.json(1, "regen")
	wantLink(rep.Findings)
	if len(rep.Written) > 0 || !slices.Equal(rep.Current, []string{externalsSBOM}) {
		t.Errorf("regen: written %q, current %q; want nothing written and only %s current", rep.Written, rep.Current, externalsSBOM)
	}
	for _, p := range sbomPaths {
		if d := sbomDiff(c.orig[p], c.read(p)); d != "" {
			t.Errorf("%s changed:\n%s", p, d)
		}
	}
	wantLink(c.json(1, "check").Findings)
	c.assertSARIF(1, "tree", "Modules/_hacl/linkdir", "hacl-star")
}

// bumpZlib changes zlib's version in the Windows build script.
func bumpZlib(c *checkout) {
	c.replace("PCbuild/get_externals.bat", "zlib-1.3.1\r\n", "zlib-1.3.2\r\n")
}

// TestExternalsVersionBump: a new zlib in PCbuild/get_externals.bat. The
// download URL changes, so its checksum must be computed again: upstream goes
// to the network; sbomkeeper offline updates the entry, drops the stale
// checksum and says that it needs the network. Expat's entry is corrected,
// so that the only errors are about zlib.
func TestExternalsVersionBump(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := correctedCopy(t)
	bumpZlib(c)
	const newURL = "https://github.com/python/cpython-source-deps/archive/refs/tags/zlib-1.3.2.tar.gz"

	up := c.upstream()
	if up.code == 0 || !strings.Contains(up.stderr, "urllib.request.urlopen(download_location)") || !strings.Contains(up.stderr, "URLError") {
		t.Errorf("upstream was expected to try to download zlib (and fail: the proxy refuses)\n%v", up)
	}
	if !bytes.Equal(c.orig[externalsSBOM], up.out[externalsSBOM]) {
		t.Errorf("upstream changed %s", externalsSBOM)
	}

	wantMissing := func(fs []finding) []finding {
		t.Helper()
		var rest []finding
		n := 0
		for _, f := range withoutDeadExcludes(t, fs) {
			if f.Rule != "checksum-missing" {
				rest = append(rest, f)
				continue
			}
			n++
			if f.Package != "zlib" || f.File != externalsSBOM || f.Severity != "error" || !f.Blocking || !strings.Contains(f.Message, newURL) {
				t.Errorf("checksum-missing finding %+v: want a blocking error on %s for zlib naming %s", f, externalsSBOM, newURL)
			}
		}
		if n != 1 {
			t.Errorf("%d checksum-missing findings, want 1 (zlib)", n)
		}
		return rest
	}

	// The document cannot be completed offline, so check reports what is
	// missing (not a stale diff) and regen writes nothing.
	if rest := wantMissing(c.json(1, "check").Findings); len(rest) > 0 {
		t.Errorf("check: findings besides the dead excludes and checksum-missing: %v", rest)
	}
	rep := c.json(1, "regen")
	if rest := wantMissing(rep.Findings); len(rest) > 0 {
		t.Errorf("regen: unexpected findings %v", rest)
	}
	if len(rep.Written) > 0 || !slices.Equal(rep.Current, []string{sourceSBOM}) {
		t.Errorf("regen: written %q, current %q; want nothing written and only %s current", rep.Written, rep.Current, sourceSBOM)
	}
	for _, sbom := range []string{sourceSBOM, externalsSBOM} {
		if !bytes.Equal(c.orig[sbom], c.read(sbom)) {
			t.Errorf("%s changed", sbom)
		}
	}
	c.assertSARIF(1, "checksum-missing", externalsSBOM, "zlib")
}

// TestExternalsOnline: with --online, checksums come from the download. The
// download URL template of a copy of the CPython config points at a local
// server.
func TestExternalsOnline(t *testing.T) {
	corpus(t, false)
	t.Parallel()

	var (
		mu       sync.Mutex
		requests []string
		tampered atomic.Bool
	)
	body := func(path string) []byte {
		b := []byte("tarball at " + path)
		if tampered.Load() && strings.Contains(path, "zlib") {
			b = append(b, " (re-tagged)"...)
		}
		return b
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.Path)
		mu.Unlock()
		w.Write(body(r.URL.Path))
	}))
	defer srv.Close()

	c := gitCopy(t)
	bumpZlib(c)
	c.config = externalsOnlyConfig(t, srv.URL+"/archive/refs/tags/{tag}.tar.gz")

	rep := c.json(0, "regen", "--online")
	if len(rep.Findings) > 0 || !slices.Equal(rep.Written, []string{externalsSBOM}) {
		t.Fatalf("regen --online: findings %v, written %q; want none and %s", rep.Findings, rep.Written, externalsSBOM)
	}
	d := c.doc(externalsSBOM)
	var wantPaths []string
	for _, p := range d.Packages {
		path := "/archive/refs/tags/" + p.Name + "-" + p.VersionInfo + ".tar.gz"
		wantPaths = append(wantPaths, path)
		want := []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: sha256hex(body(path))}}
		if p.DownloadLocation != srv.URL+path || !sameJSON(p.Checksums, want) {
			t.Errorf("package %s: downloadLocation %s, checksums %v; want %s and %v", p.Name, p.DownloadLocation, p.Checksums, srv.URL+path, want)
		}
	}
	if z := pkg(t, d, "zlib"); z.VersionInfo != "1.3.2" {
		t.Errorf("zlib version %s, want 1.3.2", z.VersionInfo)
	}
	mu.Lock()
	got := slices.Sorted(slices.Values(requests))
	requests = nil
	mu.Unlock()
	if slices.Sort(wantPaths); !slices.Equal(got, wantPaths) {
		t.Errorf("server saw %q, want one download per package %q", got, wantPaths)
	}

	if rep := c.json(0, "check"); len(rep.Findings) > 0 {
		t.Errorf("check --offline after regen --online: %v", rep.Findings)
	}

	// Upstream re-tags zlib: the recorded checksum no longer matches.
	tampered.Store(true)
	zlibPath := "/archive/refs/tags/zlib-1.3.2.tar.gz"
	rep = c.json(1, "check", "--online")
	if len(rep.Findings) != 1 {
		t.Fatalf("check --online after re-tagging: %v; want one download-checksum finding", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Rule != "download-checksum" || f.Package != "zlib" || f.File != externalsSBOM ||
		f.Expected != sha256hex([]byte("tarball at "+zlibPath)) || f.Actual != sha256hex(body(zlibPath)) {
		t.Errorf("finding %+v; want download-checksum for zlib, expected the recorded SHA256, actual the new one", f)
	}
}

// externalsOnlyConfig writes a copy of the CPython config that keeps only the
// externals SBOM (source packages would be verified against the real network)
// with its download URL template replaced.
func externalsOnlyConfig(t *testing.T, downloadURL string) string {
	t.Helper()
	b, err := os.ReadFile(shared.config)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	first := strings.Index(text, "[[sbom]]")
	ext := strings.LastIndex(text, "[[sbom]]")
	if first < 0 || ext == first || !strings.Contains(text[ext:], `kind = "externals"`) {
		t.Fatalf("%s: expected the externals SBOM last, after the source SBOM", shared.config)
	}
	rest := text[ext:]
	if i := strings.Index(rest, "\n[artifact]"); i >= 0 {
		rest = rest[:i] // the release artifacts' section is not needed here
	}
	re := regexp.MustCompile(`(?m)^download_url\s*=.*$`)
	if len(re.FindAllString(rest, -1)) != 1 {
		t.Fatalf("%s: expected one download_url in the externals SBOM", shared.config)
	}
	out := text[:first] + re.ReplaceAllLiteralString(rest, fmt.Sprintf("download_url = %q", downloadURL))
	path := filepath.Join(t.TempDir(), "sbomkeeper.toml")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNotAGitTree: the tarball tree as extracted has no .git. Upstream skips;
// sbomkeeper notes that ignore rules are not applied and, since the tarball has
// no ignored files, finds both documents current.
func TestNotAGitTree(t *testing.T) {
	corpus(t, true)
	t.Parallel()
	c := rawCopy(t)

	code, out, errOut := c.run(shared.python, "Tools/build/generate_sbom.py")
	if code != 0 || !strings.Contains(out, "Skipping SBOM generation due to not being a git repository") {
		t.Errorf("upstream outside git: exit %d\n%s%s", code, out, errOut)
	}

	for _, command := range []string{"check", "regen"} {
		rep := c.json(1, command)
		rest := withoutPins(t, rep.Findings)
		if len(rest) != 1 || rest[0].Rule != "not-git" || rest[0].Severity != "note" || rest[0].Blocking {
			t.Errorf("%s: findings besides pins %v; want exactly one not-git note", command, rest)
		}
		if len(only(rep.Findings, "stale")) > 0 || len(rep.Written) > 0 || !slices.Equal(rep.Current, []string{externalsSBOM}) || !slices.Equal(rep.Notes, []string{pinsStand}) {
			t.Errorf("%s: written %q, current %q, notes %q; want the externals current and the source SBOM's errors noted", command, rep.Written, rep.Current, rep.Notes)
		}
	}
	for _, p := range sbomPaths {
		if d := sbomDiff(shared.orig[p], c.read(p)); d != "" {
			t.Errorf("%s changed:\n%s", p, d)
		}
	}
}

// staleURI is where the stale finding of pkg points: the first file added to
// it, else the first changed, else (files only removed) the SBOM.
func staleURI(ws []staleWant, pkg string) string {
	var added, changed []string
	for _, w := range ws {
		if w.pkg != pkg {
			continue
		}
		switch w.what {
		case "added":
			added = append(added, w.files...)
		case "changed":
			changed = append(changed, w.files...)
		}
	}
	if tree := slices.Concat(slices.Sorted(slices.Values(added)), slices.Sorted(slices.Values(changed))); len(tree) > 0 {
		return tree[0]
	}
	return sourceSBOM
}

// TestLaterScriptExpatExclude: later revisions of generate_sbom.py exclude
// Modules/expat/refresh.sh from expat. On a tree whose SBOM such a revision
// made, the example config (which mirrors 3.13.5's script) finds expat stale
// and names the file; with the exclude changed as docs/cpython.md says, check
// passes.
func TestLaterScriptExpatExclude(t *testing.T) {
	corpus(t, true)
	c := correctedCopy(t)
	example, err := os.ReadFile(shared.config)
	if err != nil {
		t.Fatal(err)
	}
	const dead = "  \"Modules/_hacl/refresh.sh\",\n]"
	if strings.Count(string(example), dead) != 1 {
		t.Fatalf("the example config no longer has expat's dead exclude once")
	}
	adapted := filepath.Join(t.TempDir(), "sbomkeeper.toml")
	if err := os.WriteFile(adapted, []byte(strings.Replace(string(example), dead, "  \"Modules/expat/refresh.sh\",\n]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.config = adapted
	if r := c.sbomkeeper("regen"); r.code != 0 {
		t.Fatalf("regen with the adapted config: %v", r)
	}
	if hasFile(c.doc(sourceSBOM), "Modules/expat/refresh.sh") {
		t.Fatal("the adapted config still lists Modules/expat/refresh.sh")
	}

	c.config = shared.config
	rep := c.json(1, "check")
	var stale []string
	for _, f := range rep.Findings {
		if f.Rule == "stale" {
			stale = append(stale, f.Package+": "+f.Message)
		}
	}
	want := `expat: package "expat" has files out of date in Misc/sbom.spdx.json: 1 added (Modules/expat/refresh.sh)`
	if len(stale) != 1 || stale[0] != want {
		t.Errorf("the 3.13.5 config on the later tree: stale findings %q, want %q", stale, want)
	}

	c.config = adapted
	c.json(0, "check")
}

// pinsStand is the note for the released tree's source SBOM: unchanged by
// regen, but expat's pin errors are about it.
const pinsStand = sourceSBOM + " matches what the tree generates, but the errors above about it stand"
