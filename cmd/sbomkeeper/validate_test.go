package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// artifactDoc is an SPDX 2.3 document that DESCRIBES the package of the file
// name with the given SHA-256.
func artifactDoc(name, sum string) string {
	return `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "name": "` + name + `",
 "documentNamespace": "https://example.org/` + name + `.spdx.json", "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
 "packages": [{"SPDXID": "SPDXRef-PACKAGE-app", "name": "app", "versionInfo": "1.0", "packageFileName": "` + name + `",
   "checksums": [{"algorithm": "SHA256", "checksumValue": "` + sum + `"}],
   "downloadLocation": "NOASSERTION", "supplier": "Organization: A", "filesAnalyzed": false,
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/app@1.0"}]}],
 "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-PACKAGE-app", "relationshipType": "DESCRIBES"}]}`
}

func TestValidateArtifact(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "app-1.0.tar.gz")
	content := []byte("the artifact's bytes\n")
	if err := os.WriteFile(art, content, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := fmt.Sprintf("%x", sha256.Sum256(content))
	doc := filepath.Join(dir, "app-1.0.tar.gz.spdx.json")
	if err := os.WriteFile(doc, []byte(artifactDoc("app-1.0.tar.gz", sum)), 0o644); err != nil {
		t.Fatal(err)
	}

	if code, out, stderr := runCLI(t, nil, "validate", "--profile", "ntia", "--artifact", art, doc); code != exitOK {
		t.Errorf("the document's own artifact: exit %d\n%s%s", code, out, stderr)
	}

	// Another file of the same name: the SBOM is not of it.
	other := filepath.Join(t.TempDir(), "app-1.0.tar.gz")
	if err := os.WriteFile(other, []byte("other bytes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	otherSum := fmt.Sprintf("%x", sha256.Sum256([]byte("other bytes\n")))
	code, out, _ := runCLI(t, nil, "validate", "--artifact", other, doc)
	want := "SPDXRef-PACKAGE-app (/packages/0): the document DESCRIBES this package, but it is not the artifact app-1.0.tar.gz (SHA256 " + otherSum + "): its SHA256 is " + sum
	if code != exitFindings || !strings.Contains(out, want) || !strings.Contains(out, "[described-artifact]") {
		t.Errorf("another artifact: exit %d, want a described-artifact error containing %q:\n%s", code, want, out)
	}

	if code, _, stderr := runCLI(t, nil, "validate", "--artifact", filepath.Join(dir, "gone.tar.gz"), doc); code != exitUsage || !strings.Contains(stderr, "gone.tar.gz") {
		t.Errorf("a missing artifact: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "validate", "--fragment", "--artifact", art, doc); code != exitUsage || !strings.Contains(stderr, "--artifact and --fragment") {
		t.Errorf("--artifact with --fragment: exit %d %q", code, stderr)
	}
}

// TestValidateReleaseArtifact: the installer stand-in in testdata is what
// its release-tools SBOM describes, and not what the free-threaded one's does.
func TestValidateReleaseArtifact(t *testing.T) {
	const dir = "../../testdata/release-tools/"
	exe := dir + "python-3.13.5-amd64.exe"
	if code, out, stderr := runCLI(t, nil, "validate", "--profile", "ntia", "--artifact", exe, exe+".spdx.json"); code != exitOK {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ := runCLI(t, nil, "validate", "--artifact", exe, dir+"python-3.13.5t-amd64.exe.spdx.json")
	if code != exitFindings || !strings.Contains(out, `the artifact python-3.13.5-amd64.exe (SHA256 d513d1d35bb4cecabaf95c53c1abd55985b3d29c098a91690127ef249dc9bd75): its packageFileName is "python-3.13.5t-amd64.exe"`) {
		t.Errorf("the other installer's SBOM: exit %d\n%s", code, out)
	}
}

// sbomkeeper's own SBOM passes the NTIA profile in all three forms it keeps
// (issue 11, item 8): its main module has the version sbomkeeper.toml
// declares.
func TestOwnSBOMPassesNTIAInEveryFormat(t *testing.T) {
	code, out, stderr := runCLI(t, nil, "validate", "--profile", "ntia", "../../sbom.spdx.json", "../../sbom.cdx.json", "../../sbom.spdx3.json")
	if code != exitOK {
		t.Errorf("validate --profile ntia: %d\n%s%s", code, out, stderr)
	}
}

// validate ends each document's report with its verdict, also when there
// is nothing but notes, and does not claim NTIA for a fragment, where it is
// not checked.
func TestValidateVerdict(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "app.spdx.json")
	if err := os.WriteFile(good, []byte(artifactDoc("app-1.0.tar.gz", strings.Repeat("0", 64))), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, nil, "validate", "--profile", "ntia", good, empty)
	if code != exitFindings {
		t.Errorf("exit %d, want %d for the empty document", code, exitFindings)
	}
	for _, want := range []string{
		good + ": valid SPDX 2.3, with the NTIA minimum elements (0 errors, 0 warnings, 0 notes)\n",
		empty + ": not valid SBOM (1 error, 0 warnings, 0 notes)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing verdict %q in\n%s", want, out)
		}
	}
	_, out, _ = runCLI(t, nil, "validate", "--fragment", "--profile", "ntia", good)
	if !strings.Contains(out, "the NTIA minimum elements are not checked in a fragment") {
		t.Errorf("a fragment's verdict claims NTIA:\n%s", out)
	}
}
