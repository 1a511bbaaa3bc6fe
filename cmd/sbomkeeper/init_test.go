package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// initTree is a small project vendoring zlib, a library a refresh script
// pins, and a wheel that vendors one project.
func initTree(t *testing.T) string {
	t.Helper()
	var whl bytes.Buffer
	zw := zip.NewWriter(&whl)
	for name, data := range map[string]string{
		"tool/__init__.py":                  "",
		"tool-1.2.dist-info/METADATA":       "Metadata-Version: 2.1\nName: tool\nVersion: 1.2\n",
		"tool/_vendor/vendor.txt":           "idna==3.7\n",
		"tool/_vendor/idna/__init__.py":     "",
		"tool/_vendor/idna/package_data.py": "__version__ = '3.7'\n",
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(data))
	}
	zw.Close()
	root := t.TempDir()
	for p, data := range map[string]string{
		"LICENSE":                           "our license\n",
		"src/main.c":                        "int main(void) { return 0; }\n",
		"third_party/zlib/zlib.h":           "#define ZLIB_VERSION \"1.3.1\"\n",
		"third_party/zlib/LICENSE":          "zlib license\n",
		"third_party/zlib/deflate.c":        "/* deflate */\n",
		"lib/fast/refresh.sh":               "#!/bin/sh\n# https://github.com/example/fast\nexpected_fast_rev=0123456789abcdef0123456789abcdef01234567\n",
		"lib/fast/fast.c":                   "int fast;\n",
		"bundled/tool-1.2-py3-none-any.whl": whl.String(),
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestInitWritesConfigAndSkeleton(t *testing.T) {
	root := initTree(t)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	cfg, sbom := filepath.Join(root, "sbomkeeper.toml"), filepath.Join(root, "sbom.spdx.json")

	code, out, stderr := runCLI(t, env, "init", "--root", root, "--dry-run")
	if code != exitOK || !strings.Contains(out, "--- "+cfg) || !strings.Contains(out, "--- "+sbom) || !strings.Contains(out, `"spdxVersion": "SPDX-2.3"`) {
		t.Fatalf("--dry-run: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, f := range []string{cfg, sbom} {
		if _, err := os.Stat(f); err == nil {
			t.Fatalf("--dry-run wrote %s", f)
		}
	}

	code, out, stderr = runCLI(t, env, "init", "--root", root)
	if code != exitOK {
		t.Fatalf("init: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{
		"package zlib 1.3.1", "evidence: third_party/zlib/zlib.h:1 (c-macro: ZLIB_VERSION)",
		"triage: license: set licenseConcluded (now NOASSERTION) from the license text in third_party/zlib/LICENSE",
		"package fast 0123456789abcdef0123456789abcdef01234567", "evidence: lib/fast/refresh.sh:3",
		"bundle tool 1.2", "vendors idna 3.7",
		"wrote " + cfg, "wrote " + sbom,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("init's report lacks %q:\n%s", want, out)
		}
	}
	written, _ := os.ReadFile(sbom)

	// Never over existing files without --force.
	os.WriteFile(sbom, []byte("hand-written\n"), 0o644)
	code, _, stderr = runCLI(t, env, "init", "--root", root)
	if code != exitFindings || !strings.Contains(stderr, "already exists") || !strings.Contains(stderr, "--force") {
		t.Errorf("init over existing files: exit %d, %q", code, stderr)
	}
	if b, _ := os.ReadFile(sbom); string(b) != "hand-written\n" {
		t.Errorf("init without --force changed %s", sbom)
	}
	if code, out, stderr := runCLI(t, env, "init", "--root", root, "--force"); code != exitOK {
		t.Fatalf("init --force: exit %d\n%s\n%s", code, out, stderr)
	}
	if b, _ := os.ReadFile(sbom); !bytes.Equal(b, written) {
		t.Errorf("init --force wrote other bytes than the first init (not deterministic)")
	}

	// A person triages the licenses; then the SBOM is kept like any other.
	doc, err := spdx.Parse(written)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Packages) != 4 {
		t.Errorf("skeleton has %d packages, want zlib, fast, idna, tool: %+v", len(doc.Packages), doc.Packages)
	}
	for i := range doc.Packages {
		if doc.Packages[i].LicenseConcluded != "NOASSERTION" {
			t.Errorf("package %s: licenseConcluded %q before triage", doc.Packages[i].Name, doc.Packages[i].LicenseConcluded)
		}
		doc.Packages[i].LicenseConcluded = "MIT"
	}
	triaged, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(sbom, triaged, 0o644)
	if code, out, stderr := runCLI(t, env, "regen", "--root", root, "--offline"); code != exitOK {
		t.Fatalf("regen after init: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, out, stderr := runCLI(t, env, "check", "--root", root, "--offline"); code != exitOK || !strings.Contains(out, "up to date") {
		t.Fatalf("check after init and regen: exit %d\n%s\n%s", code, out, stderr)
	}
	after, _ := spdx.Parse(mustRead(t, sbom))
	for _, p := range after.Packages {
		if p.LicenseConcluded != "MIT" {
			t.Errorf("regen lost the triaged license of %s: %q", p.Name, p.LicenseConcluded)
		}
	}
}

func TestInitUsage(t *testing.T) {
	if code, _, stderr := runCLI(t, nil, "init", "--root", filepath.Join(t.TempDir(), "missing")); code != exitUsage || !strings.Contains(stderr, "not a directory") {
		t.Errorf("missing root: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "init", "--root", t.TempDir(), "--sbom", "../x.spdx.json"); code != exitUsage || !strings.Contains(stderr, "inside the root") {
		t.Errorf("--sbom outside the root: exit %d %q", code, stderr)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "main.c"), []byte("int main;\n"), 0o644)
	if code, _, stderr := runCLI(t, nil, "init", "--root", empty); code != exitFindings || !strings.Contains(stderr, "no vendored code found") {
		t.Errorf("nothing vendored: exit %d %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(empty, "sbomkeeper.toml")); err == nil {
		t.Errorf("init wrote a config for a tree with nothing vendored")
	}
	if code, _, stderr := runCLI(t, nil, "init", "-h"); code != exitOK || !strings.Contains(stderr, "--dry-run") {
		t.Errorf("init -h: exit %d %q", code, stderr)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
