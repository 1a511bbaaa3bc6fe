package cpython_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// The release tools' output for 3.13.5: testdata/release-tools/README.md says
// how it was made (python/release-tools sbom.py @a25ec43b, loopback index).
const releaseTools = "../../testdata/release-tools"

// artifactConfig is the CPython example config with the PURL names CPython
// writes (typing_extensions), so the comparison is exact.
func artifactConfig(t *testing.T, purlNames string) string {
	t.Helper()
	cfg, err := os.ReadFile(shared.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte(`purl_names = "canonical"`), []byte(`purl_names = "`+purlNames+`"`), 1)
	p := filepath.Join(t.TempDir(), "sbomkeeper.toml")
	if err := os.WriteFile(p, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runTool runs the sbomkeeper binary with args in dir and returns its exit code and output.
func runTool(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(shared.binary, args...)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(dir), "SOURCE_DATE_EPOCH=1763856000")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	t.Fatalf("running sbomkeeper: %v", err)
	return 0, ""
}

// comparable is a release SBOM without what legitimately differs between two
// tools and two runs: creationInfo.created and the creators' Tool entry.
func comparable(t *testing.T, data []byte) map[string]any {
	t.Helper()
	v, err := spdx.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	ci := m["creationInfo"].(map[string]any)
	delete(ci, "created")
	var creators []any
	for _, c := range ci["creators"].([]any) {
		if !strings.HasPrefix(c.(string), "Tool: ") {
			creators = append(creators, c)
		}
	}
	ci["creators"] = creators
	return m
}

// fieldDiff says which top-level members and which list items differ.
func fieldDiff(t *testing.T, want, got map[string]any) string {
	t.Helper()
	var out []string
	for k := range want {
		if _, ok := got[k]; !ok {
			out = append(out, "missing member "+k)
		}
	}
	for k, g := range got {
		w, ok := want[k]
		if !ok {
			out = append(out, "extra member "+k)
			continue
		}
		wb, _ := json.Marshal(w)
		gb, _ := json.Marshal(g)
		if bytes.Equal(wb, gb) {
			continue
		}
		wl, wok := w.([]any)
		gl, gok := g.([]any)
		if !wok || !gok {
			out = append(out, k+": "+clip(string(wb))+" ≠ "+clip(string(gb)))
			continue
		}
		keys := func(l []any) map[string]bool {
			s := map[string]bool{}
			for _, x := range l {
				b, _ := json.Marshal(x)
				s[string(b)] = true
			}
			return s
		}
		ws, gs := keys(wl), keys(gl)
		var onlyW, onlyG []string
		for x := range ws {
			if !gs[x] {
				onlyW = append(onlyW, x)
			}
		}
		for x := range gs {
			if !ws[x] {
				onlyG = append(onlyG, x)
			}
		}
		slices.Sort(onlyW)
		slices.Sort(onlyG)
		out = append(out, k+": "+strings.Join(firstN(onlyW, 3), " | ")+"  ≠ ours:  "+strings.Join(firstN(onlyG, 3), " | "))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

// TestArtifactMatchesReleaseTools: the real tarball, a .tgz recompressed from
// it, a Windows installer and an embeddable zip (stand-ins given the source
// tree): the same JSON as sbom.py, field by field, but for created and the tool.
func TestArtifactMatchesReleaseTools(t *testing.T) {
	corpus(t, false)
	tarball := os.Getenv("SBOMKEEPER_CPYTHON_TARBALL")
	if tarball == "" {
		tarball = filepath.Join(filepath.Dir(shared.tarball), "Python-3.13.5.tar.xz")
	}
	if _, err := os.Stat(tarball); err != nil {
		t.Skipf("the release tarball is not here: %v", err)
	}
	srv := indexServer(t, nil)
	cfg := artifactConfig(t, "lowercase")
	dir := t.TempDir()
	art := map[string]string{}
	copyTo := func(src, name string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		art[name] = filepath.Join(dir, name)
		os.WriteFile(art[name], data, 0o644)
	}
	copyTo(tarball, "Python-3.13.5.tar.xz")
	for _, n := range []string{"python-3.13.5-amd64.exe", "python-3.13.5-embed-amd64.zip", "python-3.13.5t-amd64.exe"} {
		copyTo(filepath.Join(releaseTools, n), n)
	}
	// The .tgz as the README recreates it: xz -dc | gzip -n -9.
	if _, err := exec.LookPath("xz"); err == nil {
		tgz := filepath.Join(dir, "Python-3.13.5.tgz")
		cmd := exec.Command("sh", "-c", `xz -dc "$1" | gzip -n -9 > "$2"`, "sh", art["Python-3.13.5.tar.xz"], tgz)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("making the .tgz: %v %s", err, out)
		}
		art["Python-3.13.5.tgz"] = tgz
	}
	for name, path := range art {
		t.Run(name, func(t *testing.T) {
			code, out := runTool(t, dir, "artifact", "--config", cfg, "--quiet", "--online", "--index-url", srv.URL, "--source-dir", shared.tarball, path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, out)
			}
			got, err := os.ReadFile(path + ".spdx.json")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(releaseTools, name+".spdx.json"))
			if err != nil {
				t.Fatal(err)
			}
			if d := fieldDiff(t, comparable(t, want), comparable(t, got)); d != "" {
				t.Errorf("differs from release-tools' sbom.py:\n%s", d)
			}
			// Byte for byte, once created and the tool are the same.
			v, _ := spdx.Decode(want)
			ci := v.(map[string]any)["creationInfo"].(map[string]any)
			ci["created"] = "2025-11-23T00:00:00Z"
			ci["creators"] = []any{"Person: Python Release Managers", "Tool: sbomkeeper-devel"}
			wantBytes, _ := spdx.Marshal(v)
			if !bytes.Equal(wantBytes, got) {
				t.Errorf("not byte-identical to sbom.py's output with created and the tool replaced: %s", firstByteDiff(wantBytes, got))
			}
		})
	}
	if len(art) != 5 {
		t.Errorf("%d artifacts compared, want 5 (is xz installed?)", len(art))
	}
}

// TestArtifactCanonicalPURLs: with the example config as it is, the only
// difference from sbom.py is typing_extensions's PURL spelling.
func TestArtifactCanonicalPURLs(t *testing.T) {
	corpus(t, false)
	srv := indexServer(t, nil)
	dir := t.TempDir()
	exe := filepath.Join(dir, "python-3.13.5-amd64.exe")
	data, _ := os.ReadFile(filepath.Join(releaseTools, "python-3.13.5-amd64.exe"))
	os.WriteFile(exe, data, 0o644)
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--online", "--index-url", srv.URL, "--source-dir", shared.tarball, exe); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	got, _ := os.ReadFile(exe + ".spdx.json")
	want, _ := os.ReadFile(filepath.Join(releaseTools, "python-3.13.5-amd64.exe.spdx.json"))
	want = bytes.Replace(want, []byte("pkg:pypi/typing_extensions@4.13.2"), []byte("pkg:pypi/typing-extensions@4.13.2"), 1)
	if d := fieldDiff(t, comparable(t, want), comparable(t, got)); d != "" {
		t.Errorf("differs beyond typing_extensions's PURL:\n%s", d)
	}
}

// rewriteTgz copies a .tgz member by member, letting edit change, drop (nil)
// or add members.
func rewriteTgz(t *testing.T, src, dst string, edit func(name string, data []byte) []byte, add map[string][]byte) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out, _ := os.Create(dst)
	defer out.Close()
	zw := gzip.NewWriter(out)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		if h.Typeflag == tar.TypeReg {
			if data = edit(h.Name, data); data == nil {
				continue
			}
			h.Size = int64(len(data))
		}
		tw.WriteHeader(h)
		tw.Write(data)
	}
	for name, data := range add {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write(data)
	}
	tw.Close()
	zw.Close()
}

// TestVerify: verify passes on an artifact and its SBOM and names the file
// when a member of a copy is changed, added or removed.
func TestVerify(t *testing.T) {
	corpus(t, false)
	srv := indexServer(t, nil)
	dir := t.TempDir()
	tgz := filepath.Join(dir, "Python-3.13.5.tgz")
	cmd := exec.Command("sh", "-c", `tar -C "$1" -czf "$2" Python-3.13.5`, "sh", filepath.Dir(shared.tarball), tgz)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("making a .tgz: %v %s", err, out)
	}
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--online", "--index-url", srv.URL, tgz); code != 0 {
		t.Fatalf("artifact: exit %d: %s", code, out)
	}
	if code, out := runTool(t, dir, "verify", tgz); code != 0 || !strings.Contains(out, "matches") {
		t.Fatalf("verify on the artifact itself: exit %d: %s", code, out)
	}
	cases := []struct {
		name  string
		edit  func(string, []byte) []byte
		add   map[string][]byte
		wants []string
	}{
		{"changed", func(n string, d []byte) []byte {
			if n == "Python-3.13.5/Modules/expat/xmlparse.c" {
				return append(d, "/* changed */\n"...)
			}
			return d
		}, nil, []string{"Modules/expat/xmlparse.c differs from the SBOM (SHA256)"}},
		{"added", func(_ string, d []byte) []byte { return d }, map[string][]byte{"Python-3.13.5/Lib/evil.py": []byte("import os\n")},
			[]string{"Lib/evil.py is in the artifact but not listed in the SBOM"}},
		{"removed", func(n string, d []byte) []byte {
			if n == "Python-3.13.5/Lib/ctypes/macholib/dyld.py" {
				return nil
			}
			return d
		}, nil, []string{"Lib/ctypes/macholib/dyld.py is listed in the SBOM but not in the artifact"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			copyPath := filepath.Join(t.TempDir(), "Python-3.13.5.tgz")
			rewriteTgz(t, tgz, copyPath, tc.edit, tc.add)
			code, out := runTool(t, dir, "verify", "--sbom", tgz+".spdx.json", copyPath)
			if code != 1 {
				t.Fatalf("exit %d, want 1: %s", code, out)
			}
			for _, w := range append(tc.wants, "the SHA256 of Python-3.13.5.tgz is not the one the SBOM records") {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, clip(out))
				}
			}
		})
	}
}

// TestArtifactRefusesHostileArchives: a source archive with a member escaping
// its directory gives an error and no SBOM.
func TestArtifactRefusesHostileArchives(t *testing.T) {
	corpus(t, false)
	dir := t.TempDir()
	tgz := filepath.Join(dir, "Python-3.13.5.tgz")
	f, _ := os.Create(tgz)
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, n := range []string{"Python-3.13.5/Misc/sbom.spdx.json", "Python-3.13.5/../../etc/cron.d/x"} {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: 2, Typeflag: tar.TypeReg})
		tw.Write([]byte("{}"))
	}
	tw.Close()
	zw.Close()
	f.Close()
	code, out := runTool(t, dir, "artifact", "--config", shared.config, "--offline", tgz)
	if code != 1 || !strings.Contains(out, "../../etc/cron.d/x") {
		t.Errorf("exit %d: %s", code, out)
	}
	if _, err := os.Stat(tgz + ".spdx.json"); err == nil {
		t.Error("an SBOM was written")
	}
}

// TestArtifactLock: artifact is offline by default and says what to give
// when it needs the index; --write-lock records the answers, and --lock
// then reproduces the same SBOM without the network.
func TestArtifactLock(t *testing.T) {
	corpus(t, false)
	srv := indexServer(t, nil)
	dir := t.TempDir()
	tgz := filepath.Join(dir, "Python-3.13.5.tgz")
	cmd := exec.Command("sh", "-c", `tar -C "$1" -czf "$2" Python-3.13.5`, "sh", filepath.Dir(shared.tarball), tgz)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("making a .tgz: %v %s", err, out)
	}
	code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", tgz)
	if code != 1 || !strings.Contains(out, "the network is off: give --lock FILE") || !strings.Contains(out, "--online") || strings.Contains(out, "lookup") {
		t.Fatalf("offline without a lock: exit %d: %s", code, out)
	}
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--index-url", srv.URL, tgz); code != 2 || !strings.Contains(out, "--index-url is asked only with --online") {
		t.Errorf("--index-url without --online: exit %d: %s", code, out)
	}
	lock := filepath.Join(dir, "artifact.lock.toml")
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--lock", lock, tgz); code != 2 || !strings.Contains(out, "--write-lock") {
		t.Errorf("--lock naming a missing file: exit %d: %s", code, out)
	}
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--online", "--index-url", srv.URL, "--write-lock", lock, tgz); code != 0 || !strings.Contains(out, "wrote "+lock+" (21 index answers)") {
		t.Fatalf("--write-lock: exit %d: %s", code, out)
	}
	if l, _ := os.ReadFile(lock); !bytes.Contains(l, []byte("project = \"pip\"\nversion = \"25.1.1\"")) {
		t.Errorf("the lock lacks the bundled pip:\n%s", l)
	}
	online, _ := os.ReadFile(tgz + ".spdx.json")
	if code, out := runTool(t, dir, "artifact", "--config", shared.config, "--quiet", "--lock", lock, tgz); code != 0 {
		t.Fatalf("with the lock, offline: exit %d: %s", code, out)
	}
	offline, _ := os.ReadFile(tgz + ".spdx.json")
	if !bytes.Equal(online, offline) || len(online) == 0 {
		t.Error("the SBOM made from the lock differs from the one made online")
	}
}
