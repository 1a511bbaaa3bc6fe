package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

func TestUsageAndHelp(t *testing.T) {
	if code, _, stderr := runCLI(t, nil); code != exitUsage || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no args: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "frobnicate"); code != exitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "check", "-h"); code != exitOK || !strings.Contains(stderr, "-format") || !strings.Contains(stderr, "CI=true") {
		t.Errorf("check -h: %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, nil, "version"); code != exitOK || !strings.HasPrefix(out, "sbomkeeper ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, nil, "check", "--root", dir)
	if code != exitUsage || !strings.Contains(stderr, "sbomkeeper.toml") {
		t.Errorf("missing config: %d %q", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte("[[sbom]]\npath = \"x.json\"\nkind = \"nope\"\n"), 0o644)
	code, _, stderr = runCLI(t, nil, "regen", "--root", dir)
	if code != exitUsage || !strings.Contains(stderr, "sbomkeeper.toml:1:") {
		t.Errorf("bad config: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "check", "--root", dir, "--format", "xml"); code != exitUsage || !strings.Contains(stderr, "--format") {
		t.Errorf("bad format: %d %q", code, stderr)
	}
	if code, _, _ := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "soon"}, "check", "--root", "../.."); code != exitUsage {
		t.Errorf("bad SOURCE_DATE_EPOCH: %d", code)
	}
}

// TestOwnSBOMIsCurrent is the main job the README gives: this repository's own
// SBOM must match its go.mod.
func TestOwnSBOMIsCurrent(t *testing.T) {
	code, out, stderr := runCLI(t, map[string]string{"CI": "true"}, "check", "--root", "../..")
	if code != exitOK {
		t.Fatalf("check of sbomkeeper's own SBOM: exit %d\n%s%s", code, out, stderr)
	}
}

func TestCheckThenRegenOnGoModule(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte("[[sbom]]\npath = \"sbom.spdx.json\"\nkind = \"gomod\"\n"), 0o644)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	code, out, _ := runCLI(t, env, "check", "--root", dir)
	if code != exitFindings || !strings.Contains(out, "sbom.spdx.json does not exist yet") || !strings.Contains(out, "fix: sbomkeeper regen --root "+dir) {
		t.Errorf("check before regen: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, env, "regen", "--root", dir); code != exitOK || !strings.Contains(out, "wrote sbom.spdx.json") {
		t.Errorf("regen: %d %q", code, out)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "sbom.spdx.json"))
	if !bytes.Contains(first, []byte(`"created": "2023-11-14T22:13:20Z"`)) {
		t.Errorf("SOURCE_DATE_EPOCH not honoured:\n%s", first)
	}
	if code, out, _ := runCLI(t, env, "check", "--root", dir, "--format", "json"); code != exitOK || !strings.Contains(out, `"ok": true`) {
		t.Errorf("check after regen: %d %q", code, out)
	}
}

func TestArtifactAndVerifyUsage(t *testing.T) {
	if code, _, stderr := runCLI(t, nil, "artifact"); code != exitUsage || !strings.Contains(stderr, "name at least one artifact") {
		t.Errorf("artifact without files: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "artifact", "--config", "../../sbomkeeper.toml", "x.tgz"); code != exitUsage || !strings.Contains(stderr, "no [artifact] section") {
		t.Errorf("config without [artifact]: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "artifact", "-o", "out.json", "a.tgz", "b.tgz"); code != exitUsage || !strings.Contains(stderr, "-o needs exactly one") {
		t.Errorf("-o with two: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "verify", "missing.tgz"); code != exitUsage || !strings.Contains(stderr, "missing.tgz.spdx.json") {
		t.Errorf("verify without SBOM: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "artifact", "-h"); code != exitOK || !strings.Contains(stderr, "decompression bombs") {
		t.Errorf("artifact -h: %d %q", code, stderr)
	}
	// Not a terminal: no progress, whatever --quiet says.
	var buf bytes.Buffer
	if progress(&buf, false, "x") != nil {
		t.Error("progress on a non-terminal")
	}
}

func TestDiff(t *testing.T) {
	a, b := "../../testdata/release-tools/Python-3.13.5.tar.xz.spdx.json", "../../testdata/release-tools/Python-3.13.5.tgz.spdx.json"
	if code, out, _ := runCLI(t, nil, "diff", a, a); code != exitOK || out != "no changes\n" {
		t.Errorf("same document: %d %q", code, out)
	}
	code, out, _ := runCLI(t, nil, "diff", "--format", "markdown", a, b)
	if code != exitFindings || !strings.Contains(out, "| CPython | downloadLocation | https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz |") {
		t.Errorf("two artifacts: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, nil, "diff", a); code != exitUsage || !strings.Contains(stderr, "OLD and the NEW") {
		t.Errorf("one document: %d %q", code, stderr)
	}
}

// A missing root is a usage error that names the flag, not a "create it".
func TestMissingRootIsUsage(t *testing.T) {
	code, _, stderr := runCLI(t, nil, "check", "--root", filepath.Join(t.TempDir(), "nonexistent"))
	if code != exitUsage || !strings.Contains(stderr, "--root") || !strings.Contains(stderr, "not a directory") {
		t.Errorf("check --root nonexistent: %d %q", code, stderr)
	}
}

// Fix lines carry the flags that made the user's command work (--root,
// --config, the index flags), so that the printed command works too.
func TestRegenCommandKeepsFlags(t *testing.T) {
	fset := newFlags("check")
	fset.String("root", ".", "")
	fset.String("config", "", "")
	fset.Bool("online", false, "")
	fset.String("index-url", "", "")
	fset.String("format", "text", "")
	if err := fset.Parse([]string{"--root", "my proj", "--index-url", "http://127.0.0.1:8080/pypi", "--format", "json", "--online"}); err != nil {
		t.Fatal(err)
	}
	got := regenCommand(fset.FlagSet, "my proj", filepath.Join("my proj", "sbomkeeper.toml"))
	want := "sbomkeeper regen --root 'my proj' --index-url http://127.0.0.1:8080/pypi --online"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// "is up to date" is not printed beside errors about the same document.
func TestUpToDateNotBesideErrors(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "vendor", "zlib"), 0o755)
	os.WriteFile(filepath.Join(dir, "vendor", "zlib", "zlib.h"), []byte("#define ZLIB_VERSION \"1.3.1\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte(`[license]
policy = "noassertion"
[[sbom]]
path = "sbom.json"
kind = "source"
[[sbom.package]]
name = "zlib"
include = ["vendor/zlib/**"]
`), 0o644)
	doc := `{"SPDXID": "SPDXRef-DOCUMENT", "files": [], "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib",
 "versionInfo": "1.3.1", "downloadLocation": "NOASSERTION", "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/zlib@1.3.1"}],
 "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE"}], "relationships": [], "spdxVersion": "SPDX-2.3"}`
	os.WriteFile(filepath.Join(dir, "sbom.json"), []byte(doc), 0o644)
	if code, out, _ := runCLI(t, nil, "regen", "--root", dir); code != exitOK {
		t.Fatalf("regen: %d\n%s", code, out)
	}
	// A hand edit that regen keeps but a rule rejects: the PURL's version.
	b, _ := os.ReadFile(filepath.Join(dir, "sbom.json"))
	os.WriteFile(filepath.Join(dir, "sbom.json"), bytes.Replace(b, []byte("pkg:generic/zlib@1.3.1"), []byte("pkg:generic/zlib@1.3.9"), 1), 0o644)
	code, out, _ := runCLI(t, nil, "check", "--root", dir)
	if code != exitFindings || strings.Contains(out, "is up to date") || !strings.Contains(out, "sbom.json matches what the tree generates, but the errors above about it stand") {
		t.Errorf("check: %d\n%s", code, out)
	}
}

// --index-url without --refresh is not silently ignored: a note says when
// the index is asked.
func TestIndexURLWithoutRefreshNotes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte(`[[sbom]]
path = "sbom.json"
kind = "source"
lock = "sbom.lock.toml"
[[sbom.bundle]]
name = "pip"
path = "wheels/pip-*.whl"
ecosystem = "pypi"
`), 0o644)
	const note = "--index-url is asked only for bundles the lock file does not answer"
	if _, out, _ := runCLI(t, nil, "check", "--root", dir, "--index-url", "http://127.0.0.1:1/"); !strings.Contains(out, note) {
		t.Errorf("no note:\n%s", out)
	}
	if _, out, _ := runCLI(t, nil, "check", "--root", dir, "--refresh", "--index-url", "http://127.0.0.1:1/"); strings.Contains(out, note) {
		t.Errorf("note with --refresh:\n%s", out)
	}
}
