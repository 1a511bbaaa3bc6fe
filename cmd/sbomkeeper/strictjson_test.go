package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadersRefuseSilentChanges: convert, diff and regen refuse a document a
// JSON reader would silently change, naming each place, and regen leaves the
// file as it was; validate reports each place as a finding (issue 12, item 12).
func TestReadersRefuseSilentChanges(t *testing.T) {
	dir := t.TempDir()
	spdxDoc := "{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\", \"name\": \"x\",\n" +
		" \"packages\": [{\"SPDXID\": \"SPDXRef-PACKAGE-a\", \"name\": \"a\", \"versionInfo\": \"1\", \"versionInfo\": \"2\", \"comment\": \"\\udfff \xff\"}]}"
	cdxDoc := `{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "a", "name": "b"}]}`
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sp, cp := write("a.spdx.json", spdxDoc), write("b.cdx.json", cdxDoc)
	places := []string{
		`line 2, column 80 (/packages/0/versionInfo): member "versionInfo" appears again`,
		`line 2, column 112 (/packages/0/comment): \udfff in the string value`,
		`line 2, column 119 (/packages/0/comment): byte 0xff`,
	}
	for _, args := range [][]string{{"convert", sp}, {"diff", sp, sp}} {
		code, out, stderr := runCLI(t, nil, args...)
		if code == exitOK || out != "" {
			t.Errorf("%v: exit %d, out %q", args, code, out)
		}
		for _, p := range places {
			if !strings.Contains(stderr, p) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, p, stderr)
			}
		}
	}
	code, _, stderr := runCLI(t, nil, "convert", cp)
	if code != exitFindings || !strings.Contains(stderr, `line 1, column 98 (/components/0/name): member "name" appears again`) {
		t.Errorf("convert CycloneDX: %d %s", code, stderr)
	}
	code, out, _ := runCLI(t, nil, "validate", sp, cp)
	if code != exitFindings || strings.Count(out, "json-text") < 4 {
		t.Errorf("validate: %d\n%s", code, out)
	}
	for _, p := range append(places, "/components/0/name") {
		if !strings.Contains(out, p) {
			t.Errorf("validate lacks %q:\n%s", p, out)
		}
	}

	// regen: the hand-edited document stays as it is.
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "Misc"), 0o755)
	os.WriteFile(filepath.Join(root, "sbomkeeper.toml"), []byte("[[sbom]]\npath = \"Misc/sbom.spdx.json\"\nkind = \"source\"\n[[sbom.package]]\nname = \"a\"\ninclude = [\"Modules/a/**\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "Modules", "a"), 0o755)
	os.WriteFile(filepath.Join(root, "Modules", "a", "a.c"), []byte("int a;\n"), 0o644)
	sbom := filepath.Join(root, "Misc", "sbom.spdx.json")
	os.WriteFile(sbom, []byte(spdxDoc), 0o644)
	code, out, stderr = runCLI(t, nil, "regen", "--root", root)
	if code != exitFindings {
		t.Errorf("regen: exit %d\n%s%s", code, out, stderr)
	}
	for _, p := range places {
		if !strings.Contains(out+stderr, p) {
			t.Errorf("regen does not say %q:\n%s%s", p, out, stderr)
		}
	}
	if b, _ := os.ReadFile(sbom); string(b) != spdxDoc {
		t.Errorf("regen rewrote the document:\n%s", b)
	}
}

// TestConvertRefusesUnknownSPDXVersions: SPDX-2.2 is read with a note, other
// versions are refused (issue 12 audit).
func TestConvertRefusesUnknownSPDXVersions(t *testing.T) {
	dir := t.TempDir()
	for v, want := range map[string]string{
		"SPDX-2.2": "note: an SPDX 2.2 document, read as SPDX 2.3",
		"SPDX-1.2": `spdxVersion "SPDX-1.2": sbomkeeper reads SPDX 2 documents of version "SPDX-2.3"`,
		"SPDX-9.9": `spdxVersion "SPDX-9.9": sbomkeeper reads SPDX 2 documents of version "SPDX-2.3"`,
	} {
		p := filepath.Join(dir, v+".spdx.json")
		os.WriteFile(p, []byte(`{"spdxVersion": "`+v+`", "SPDXID": "SPDXRef-DOCUMENT", "name": "x"}`), 0o644)
		code, _, stderr := runCLI(t, nil, "convert", p)
		wantCode := exitFindings
		if v == "SPDX-2.2" {
			wantCode = exitOK
		}
		if code != wantCode || !strings.Contains(stderr, want) {
			t.Errorf("%s: %d %s", v, code, stderr)
		}
	}
}
