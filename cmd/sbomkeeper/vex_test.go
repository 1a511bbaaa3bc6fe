package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/openvex"
)

const (
	cpython311SBOM = "../../examples/cpython-3.11/Misc/sbom.spdx.json"
	cpython311VEX  = "../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json"
)

// cpython311VEXArgs is the command that wrote examples/cpython-3.11's OpenVEX
// document (docs/vex.md shows it), run with SOURCE_DATE_EPOCH=1796256000,
// 2026-12-03T00:00:00Z; -o is added by the caller.
var cpython311VEXArgs = []string{"vex", "add", "--sbom", cpython311SBOM,
	"--package", "SPDXRef-PACKAGE-pip-setuptools",
	"--vuln", "PYSEC-2022-43012", "--alias", "CVE-2022-40897", "--alias", "GHSA-r9hx-vwmv-q579",
	"--status", "not_affected", "--justification", "vulnerable_code_not_present",
	"--impact", "pip 22.3.1 vendors only pkg_resources from setuptools 44.0.0 (pip/_vendor/pkg_resources); setuptools.package_index, where the ReDoS is, is not in the pip wheel.",
	"--author", "The sbomkeeper authors (an example, not published by CPython)",
}

var epoch = map[string]string{"SOURCE_DATE_EPOCH": "1796256000"}

// TestVexCPythonExample: regenerating the example with the command gives
// the committed bytes, and validate accepts them.
func TestVexCPythonExample(t *testing.T) {
	want, err := os.ReadFile(cpython311VEX)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cpython-3.11.2.openvex.json")
	if code, _, stderr := runCLI(t, epoch, append(cpython311VEXArgs, "-o", out)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("regenerated %s differs:\n%s", cpython311VEX, got)
	}
	if code, stdout, _ := runCLI(t, nil, "validate", cpython311VEX); code != exitOK {
		t.Errorf("validate: exit %d\n%s", code, stdout)
	}
	// Saying it again changes nothing, not even the version.
	if code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "1800000000"}, append(cpython311VEXArgs, "-o", out)...); code != exitOK || !strings.Contains(stderr, "unchanged") {
		t.Errorf("again: exit %d %s", code, stderr)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, want) {
		t.Error("adding the same statement again changed the file")
	}
}

// TestVexExtend: a second statement is added after the first, which is kept
// as it was; the version goes up, the @id stays, and the later statement is
// the one that applies.
func TestVexExtend(t *testing.T) {
	out := filepath.Join(t.TempDir(), "v.openvex.json")
	if code, _, stderr := runCLI(t, epoch, append(cpython311VEXArgs, "-o", out)...); code != exitOK {
		t.Fatal(stderr)
	}
	first, _ := os.ReadFile(out)
	later := map[string]string{"SOURCE_DATE_EPOCH": "1796342400"} // a day later
	args := []string{"vex", "add", "--sbom", cpython311SBOM, "--package", "pkg:pypi/setuptools@65.5.0", "--package", "SPDXRef-PACKAGE-pip-setuptools",
		"--vuln", "CVE-2022-40897", "--status", "affected", "--action", "Update setuptools to 65.5.1 or later", "-o", out}
	if code, _, stderr := runCLI(t, later, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	doc, fs, err := openvex.Read(out, data)
	if err != nil || len(fs) != 0 {
		t.Fatalf("%v %v\n%s", err, fs, data)
	}
	old, _, _ := openvex.Read(out, first)
	if doc.ID != old.ID || doc.Version != 2 || doc.LastUpdated != "2026-12-04T00:00:00Z" || doc.Timestamp != old.Timestamp ||
		len(doc.Statements) != 2 || len(doc.Statements[1].Products) != 2 {
		t.Fatalf("%s", data)
	}
	if !statementEqual(doc.Statements[0], old.Statements[0]) {
		t.Errorf("the first statement changed:\n%+v\n%+v", doc.Statements[0], old.Statements[0])
	}
	ix := openvex.NewIndex(doc)
	for _, purl := range []string{"pkg:pypi/setuptools@44.0.0", "pkg:pypi/setuptools@65.5.0"} {
		if s, ok := ix.Lookup(purl, "PYSEC-2022-43012", []string{"CVE-2022-40897"}); !ok || s.Status != openvex.Affected {
			t.Errorf("%s: %+v", purl, s)
		}
	}
}

func statementEqual(a, b openvex.Statement) bool {
	x, _ := openvex.Marshal(&openvex.Document{Statements: []openvex.Statement{a}})
	y, _ := openvex.Marshal(&openvex.Document{Statements: []openvex.Statement{b}})
	return bytes.Equal(x, y)
}

// TestVexErrors: what cannot be written is not, and says why.
func TestVexErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "v.openvex.json")
	base := func(extra ...string) []string {
		return append([]string{"vex", "add", "--sbom", cpython311SBOM, "--vuln", "CVE-1", "--author", "A", "-o", out}, extra...)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{base("--package", "nope", "--package", "SPDXRef-PACKAGE-expat", "--status", "fixed"), exitFindings, `has no package "nope"`},
		{base("--package", "SPDXRef-PACKAGE-expat", "--status", "fixed"), exitFindings, "package SPDXRef-PACKAGE-expat (expat) has no PURL"},
		{base("--package", "setuptools", "--status", "fixed"), exitFindings, `2 packages named "setuptools": SPDXRef-PACKAGE-pip-setuptools (setuptools 44.0.0), SPDXRef-PACKAGE-setuptools (setuptools 65.5.0)`},
		{base("--package", "pip", "--status", "not_affected"), exitUsage, "--status not_affected needs --justification"},
		{base("--package", "pip", "--status", "not_affected", "--justification", "unreachable"), exitUsage, `--justification "unreachable" is not an OpenVEX label`},
		{base("--package", "pip", "--status", "affected"), exitUsage, "--status affected needs --action"},
		{base("--package", "pip", "--status", "fixed", "--justification", "component_not_present"), exitUsage, "--justification explains not_affected only"},
		{base("--package", "pip", "--status", "gone"), exitUsage, `--status "gone" is not one of`},
		{[]string{"vex", "add", "--sbom", cpython311SBOM, "--package", "pip", "--vuln", "CVE-1", "--status", "fixed", "-o", out}, exitUsage, "--author is needed to create it"},
		{[]string{"vex", "add", "--package", "pip"}, exitUsage, "--sbom, --package, --vuln, --status and -o are needed"},
		{[]string{"vex", "remove"}, exitUsage, `unknown subcommand "remove"`},
		{base("--package", "pip"), exitUsage, "--status and -o are needed"},
		{[]string{"vex", "add", "--sbom", cpython311SBOM, "--package", "pip", "--vuln", "CVE-1", "--status", "fixed", "-o", "-"}, exitUsage, "standard output is not one"},
		// The SBOM is read as scan reads one: a regular file, under safefile.MaxSBOM.
		{[]string{"vex", "add", "--sbom", dir, "--package", "pip", "--vuln", "CVE-1", "--status", "fixed", "--author", "A", "-o", out}, exitFindings, "not a regular file"},
	} {
		code, _, stderr := runCLI(t, epoch, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", tc.args[2:], code, tc.code, tc.want, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: wrote %s", tc.args, out)
		}
	}
	// Both missing packages are named in one run.
	if _, _, stderr := runCLI(t, epoch, base("--package", "nope", "--package", "SPDXRef-PACKAGE-expat", "--status", "fixed")...); !strings.Contains(stderr, "has no PURL") {
		t.Errorf("only the first problem reported:\n%s", stderr)
	}

	// An existing document that is not valid OpenVEX is not extended.
	bad := []byte(`{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/v", "author": "A", "timestamp": "2023-01-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "CVE-0"}, "products": [{"@id": "pkg:pypi/pip@22.3.1"}], "status": "not_affected", "note": "kept by hand"}]}`)
	os.WriteFile(out, bad, 0o644)
	code, stdout, stderr := runCLI(t, epoch, base("--package", "pip", "--status", "fixed")...)
	if code != exitFindings || !strings.Contains(stderr, "is not valid OpenVEX 0.2.0; not changed") || !strings.Contains(stdout, `member "note" is not allowed here`) || !strings.Contains(stdout, "openvex-justification") {
		t.Errorf("invalid existing file: exit %d\n%s%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, bad) {
		t.Error("the invalid file was changed")
	}
	if code, stdout, _ := runCLI(t, nil, "validate", out); code != exitFindings || !strings.Contains(stdout, "openvex-justification") {
		t.Errorf("validate of the invalid file: exit %d\n%s", code, stdout)
	}

	if code, _, stderr := runCLI(t, nil, "vex", "-h"); code != exitOK || !strings.Contains(stderr, "vulnerable_code_not_present") || !strings.Contains(stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("vex -h: %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "vex"); code != exitUsage || !strings.Contains(stderr, "Usage: sbomkeeper vex add") {
		t.Errorf("vex: %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "vex", "add", "-h"); code != exitOK || !strings.Contains(stderr, "-justification") {
		t.Errorf("vex add -h: %d\n%s", code, stderr)
	}
}

// TestVexSubcomponent: with an SBOM that has a namespace, the package's SPDX
// element is named as a subcomponent IRI.
func TestVexSubcomponent(t *testing.T) {
	dir := t.TempDir()
	sbom := filepath.Join(dir, "app.spdx.json")
	os.WriteFile(sbom, []byte(artifactDoc("app-1.0.tar.gz", strings.Repeat("0", 64))), 0o644)
	out := filepath.Join(dir, "app.openvex.json")
	if code, _, stderr := runCLI(t, epoch, "vex", "add", "--sbom", sbom, "--package", "app", "--vuln", "CVE-1", "--status", "under_investigation", "--author", "A", "-o", out); code != exitOK {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(out)
	doc, fs, err := openvex.Read(out, data)
	if err != nil || len(fs) != 0 {
		t.Fatalf("%v %v", err, fs)
	}
	p := doc.Statements[0].Products[0]
	if p.ID != "pkg:generic/app@1.0" || len(p.Subcomponents) != 1 || p.Subcomponents[0].ID != "https://example.org/app-1.0.tar.gz.spdx.json#SPDXRef-PACKAGE-app" {
		t.Errorf("%s", data)
	}
}

// TestVexSharedPURL: a PURL that three packages of the SBOM have (CPython
// 3.11.2 ships packaging 21.3 in pip, in setuptools and in its
// pkg_resources) is one product, with each package's SPDX element as a
// subcomponent when the SBOM has a namespace.
func TestVexSharedPURL(t *testing.T) {
	data, err := os.ReadFile(cpython311SBOM)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sbom := filepath.Join(dir, "sbom.spdx.json")
	withNS := strings.Replace(string(data), `"SPDXID": "SPDXRef-DOCUMENT",`, `"SPDXID": "SPDXRef-DOCUMENT", "documentNamespace": "https://example.org/cpython-3.11.2",`, 1)
	os.WriteFile(sbom, []byte(withNS), 0o644)
	out := filepath.Join(dir, "v.openvex.json")
	if code, _, stderr := runCLI(t, epoch, "vex", "add", "--sbom", sbom, "--package", "pkg:pypi/packaging@21.3", "--vuln", "CVE-1", "--status", "under_investigation", "--author", "A", "-o", out); code != exitOK {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(out)
	doc, fs, err := openvex.Read(out, b)
	if err != nil || len(fs) != 0 || len(doc.Statements[0].Products) != 1 {
		t.Fatalf("%v %v\n%s", err, fs, b)
	}
	var subs []string
	for _, s := range doc.Statements[0].Products[0].Subcomponents {
		subs = append(subs, s.ID)
	}
	want := []string{"https://example.org/cpython-3.11.2#SPDXRef-PACKAGE-pip-packaging", "https://example.org/cpython-3.11.2#SPDXRef-PACKAGE-setuptools-packaging", "https://example.org/cpython-3.11.2#SPDXRef-PACKAGE-pkg-resources-packaging"}
	if strings.Join(subs, " ") != strings.Join(want, " ") {
		t.Errorf("subcomponents %v, want %v", subs, want)
	}
}

// TestVexCycloneDX: packages of a CycloneDX SBOM are found by PURL or name;
// there are no SPDX elements to name.
func TestVexCycloneDX(t *testing.T) {
	out := filepath.Join(t.TempDir(), "v.openvex.json")
	if code, _, stderr := runCLI(t, epoch, "vex", "add", "--sbom", "../../sbom.cdx.json", "--package", "github.com/BurntSushi/toml",
		"--vuln", "GO-2099-0001", "--status", "fixed", "--author", "A", "-o", out); code != exitOK {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(out)
	doc, fs, err := openvex.Read(out, b)
	if err != nil || len(fs) != 0 {
		t.Fatalf("%v %v", err, fs)
	}
	if p := doc.Statements[0].Products[0]; !strings.HasPrefix(p.ID, "pkg:golang/github.com/BurntSushi/toml@") || len(p.Subcomponents) != 0 {
		t.Errorf("%s", b)
	}
}

// TestVexInvalidResult: a PURL the SBOM has that is not one would make an
// invalid document, which is not written.
func TestVexInvalidResult(t *testing.T) {
	dir := t.TempDir()
	sbom := filepath.Join(dir, "app.spdx.json")
	os.WriteFile(sbom, []byte(strings.Replace(artifactDoc("app-1.0.tar.gz", strings.Repeat("0", 64)), "pkg:generic/app@1.0", "pkg:generic", 1)), 0o644)
	out := filepath.Join(dir, "app.openvex.json")
	code, stdout, stderr := runCLI(t, epoch, "vex", "add", "--sbom", sbom, "--package", "SPDXRef-PACKAGE-app", "--vuln", "CVE-1", "--status", "fixed", "--author", "A", "-o", out)
	if code != exitFindings || !strings.Contains(stdout, `"pkg:generic" is not a Package URL`) || !strings.Contains(stderr, "not written") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("written")
	}
	// A PURL spelled otherwise than the SBOM spells it finds the package.
	if code, _, stderr := runCLI(t, epoch, "vex", "add", "--sbom", cpython311SBOM, "--package", "pkg:pypi/Typing_Extensions@4.4.0", "--vuln", "CVE-1", "--status", "fixed", "--author", "A", "-o", out); code != exitOK {
		t.Errorf("exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `"pkg:pypi/typing-extensions@4.4.0"`) {
		t.Errorf("%s", b)
	}
}

// TestVexWarnings: a statement that contradicts another made at the same
// instant is written (it is the later one, which applies) and the warning
// is shown.
func TestVexWarnings(t *testing.T) {
	out := filepath.Join(t.TempDir(), "v.openvex.json")
	if code, _, stderr := runCLI(t, epoch, append(cpython311VEXArgs, "-o", out)...); code != exitOK {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI(t, epoch, "vex", "add", "--sbom", cpython311SBOM, "--package", "SPDXRef-PACKAGE-pip-setuptools",
		"--vuln", "CVE-2022-40897", "--status", "under_investigation", "-o", out)
	if code != exitOK || !strings.Contains(stdout, "openvex-conflict") || !strings.Contains(stderr, "version 2") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
