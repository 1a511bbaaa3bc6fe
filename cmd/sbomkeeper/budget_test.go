package main

import (
	"bytes"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/membench"
)

// budgetDir writes the membench artifact config and an archive of members in
// a new directory and returns the archive's path.
func budgetDir(t *testing.T, config string, members iter.Seq[membench.Member]) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	art := filepath.Join(dir, "demo-1.0.tar.gz")
	if _, err := membench.WriteTarGz(art, members); err != nil {
		t.Fatal(err)
	}
	return art
}

func wheels(n int, size int64) iter.Seq[membench.Member] {
	ms := []membench.Member{{Name: "demo-1.0/sbom.spdx.json", Data: []byte(membench.TinySBOM)}}
	for i := range n {
		ms = append(ms, membench.Member{Name: fmt.Sprintf("demo-1.0/wheels/pip-%d.0-py3-none-any.whl", i), Size: size})
	}
	return membench.Members(ms...)
}

func bigSBOM(t *testing.T, packages int) iter.Seq[membench.Member] {
	var b bytes.Buffer
	if err := membench.WriteSPDX(&b, packages, 0); err != nil {
		t.Fatal(err)
	}
	return membench.Members(membench.Member{Name: "demo-1.0/sbom.spdx.json", Data: b.Bytes()}, membench.Member{Name: "demo-1.0/main.c", Data: []byte("int main;\n")})
}

// Issue 12 item 6: everything artifact keeps from an archive has a total
// budget, and the refusal names the budget and the flag that raises it.
func TestArtifactBudgets(t *testing.T) {
	for _, c := range []struct {
		name    string
		members iter.Seq[membench.Member]
		flags   []string
		want    []string
	}{
		{"wheels", wheels(3, 1<<20), []string{"--max-wheel-bytes", "2MiB"}, []string{"captured wheels", "2097152-byte budget", "--max-wheel-bytes"}},
		{"source SBOM", bigSBOM(t, 2000), []string{"--max-sbom-bytes", "1MiB"}, []string{"source SBOM demo-1.0/sbom.spdx.json", "1048576-byte budget", "--max-sbom-bytes"}},
		{"members", membench.ManyMembersWithSBOM("demo-1.0/", 50, []byte(membench.TinySBOM)), []string{"--max-members", "20"}, []string{"too many members: more than 20", "--max-members"}},
		{"names", membench.ManyMembersWithSBOM("demo-1.0/", 100, []byte(membench.TinySBOM)), []string{"--max-name-bytes", "1KiB"}, []string{"names too long in total: more than 1024 bytes", "--max-name-bytes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			art := budgetDir(t, membench.ArtifactConfig, c.members)
			args := append([]string{"artifact", "--quiet", "--offline", "--config", filepath.Join(filepath.Dir(art), "sbomkeeper.toml")}, c.flags...)
			code, stdout, stderr := runCLI(t, nil, append(args, art)...)
			if code != exitFindings {
				t.Fatalf("exit %d, want %d\n%s%s", code, exitFindings, stdout, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(art + ".spdx.json"); err == nil {
				t.Errorf("an SBOM was written for a refused archive")
			}
		})
	}
}

// The defaults refuse an in-archive SBOM of 20 MB (the attack was 240 MB in
// 879 KB of archive) before reading it. (A genuine release passing the
// defaults is test/cpython's TestArtifact.)
func TestArtifactDefaultSBOMBudget(t *testing.T) {
	art := budgetDir(t, membench.ArtifactConfigNoBundle, bigSBOM(t, 23000))
	code, stdout, stderr := runCLI(t, nil, "artifact", "--quiet", "--offline", "--config", filepath.Join(filepath.Dir(art), "sbomkeeper.toml"), art)
	if code != exitFindings || !strings.Contains(stderr, "16777216-byte budget") || !strings.Contains(stderr, "--max-sbom-bytes") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestVerifyBudgets(t *testing.T) {
	art := budgetDir(t, membench.ArtifactConfigNoBundle, membench.ManyMembersWithSBOM("demo-1.0/", 50, []byte(membench.TinySBOM)))
	cfg := filepath.Join(filepath.Dir(art), "sbomkeeper.toml")
	if code, stdout, stderr := runCLI(t, nil, "artifact", "--quiet", "--offline", "--config", cfg, art); code != exitOK {
		t.Fatalf("artifact: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runCLI(t, nil, "verify", "--quiet", art); code != exitOK {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		flags []string
		code  int
		want  string
	}{
		{[]string{"--max-members", "20"}, exitFindings, "--max-members"},
		{[]string{"--max-name-bytes", "1KiB"}, exitFindings, "--max-name-bytes"},
		{[]string{"--max-sbom-bytes", "1KiB"}, exitUsage, "--max-sbom-bytes"},
	} {
		code, stdout, stderr := runCLI(t, nil, append(append([]string{"verify", "--quiet"}, c.flags...), art)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("verify %v: exit %d, want %d naming %s\n%s%s", c.flags, code, c.code, c.want, stdout, stderr)
		}
	}
}

func TestByteSizeFlag(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "64MiB": 64 << 20, "16M": 16 << 20, "2GiB": 2 << 30, "500KiB": 500 << 10, "7B": 7} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "12XB", "MiB", "99999999999GiB", "1.5MiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) accepted: %d", in, b)
		}
	}
	if s := byteSize(64 << 20); s.String() != "64MiB" {
		t.Errorf("String() = %q", s.String())
	}
}

// Several wheels matching one bundle are refused, naming them, as in a tree;
// before, one was taken in map order, so two runs could differ.
func TestArtifactSeveralWheelsForOneBundle(t *testing.T) {
	art := budgetDir(t, membench.ArtifactConfig, wheels(3, 10))
	code, stdout, stderr := runCLI(t, nil, "artifact", "--quiet", "--offline", "--config", filepath.Join(filepath.Dir(art), "sbomkeeper.toml"), art)
	if code != exitFindings || !strings.Contains(stderr, `bundle "pip": 3 files match demo-1.0/wheels/pip-*.whl`) ||
		!strings.Contains(stderr, "wheels/pip-0.0-py3-none-any.whl, wheels/pip-1.0-py3-none-any.whl, wheels/pip-2.0-py3-none-any.whl") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}
