package cpython_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// ownConfig gives the checkout a copy of the example config to edit, so that
// add and remove never touch the repository's.
func ownConfig(t *testing.T, c *checkout) string {
	t.Helper()
	data, err := os.ReadFile(shared.config)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sbomkeeper.toml")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c.config = p
	return p
}

// TestUpdateExpatAsByHand: after expat's refresh.sh moved to 2.7.2 (as its
// refresh does), `update expat --version 2.7.2` and the regen it runs give
// exactly what a maintainer following the devguide writes by hand: version,
// download URL, SHA256 (here from the refresh script's pin) and CPE of expat,
// and the new checksums of the files that changed; nothing else.
func TestUpdateExpatAsByHand(t *testing.T) {
	corpus(t, true)
	c := correctedCopy(t)
	const sum = "aa5e7bfc2bf4f0cc3b2d64cd1e4f72e44d4e5b0e4f39e1a0c0b7d2f9b1c7e001"
	refresh := strings.NewReplacer(`R_2_7_1`, `R_2_7_2`, `"2.7.1"`, `"2.7.2"`,
		"0cce2e6e69b327fc607b8ff264f4b66bdf71ead55a87ffd5f3143f535f15cfa2", sum).Replace(string(c.read("Modules/expat/refresh.sh")))
	c.write("Modules/expat/refresh.sh", []byte(refresh))

	r := c.sbomkeeper("update", "expat", "--version", "2.7.2")
	if r.code != 0 || !strings.Contains(r.stdout, "SHA256 from the pin in Modules/expat/refresh.sh:17") {
		t.Fatalf("update: %v", r)
	}

	// The same by hand, on the document as it was.
	want, err := spdx.Parse(c.orig[sourceSBOM])
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Packages {
		p := &want.Packages[i]
		if p.Name != "expat" {
			continue
		}
		p.VersionInfo = "2.7.2"
		p.DownloadLocation = "https://github.com/libexpat/libexpat/releases/download/R_2_7_2/expat-2.7.2.tar.gz"
		p.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: sum}}
		p.ExternalRefs[0].ReferenceLocator = "cpe:2.3:a:libexpat_project:libexpat:2.7.2:*:*:*:*:*:*:*"
	}
	got := c.doc(sourceSBOM)
	if !slices.EqualFunc(got.Packages, want.Packages, samePackage) {
		for i := range got.Packages {
			if !samePackage(got.Packages[i], want.Packages[i]) {
				t.Errorf("package %s:\n got  %+v\n want %+v", got.Packages[i].Name, got.Packages[i], want.Packages[i])
			}
		}
	}
	// The one vendored file the refresh changed (3.13.5's config lists
	// refresh.sh as expat's) has its new checksum; every other file is as it was.
	var changed []string
	for i, f := range got.Files {
		if checksum(f, "SHA256") != checksum(want.Files[i], "SHA256") || f.FileName != want.Files[i].FileName {
			changed = append(changed, f.FileName)
		}
	}
	if len(got.Files) != len(want.Files) || !slices.Equal(changed, []string{"Modules/expat/refresh.sh"}) {
		t.Errorf("files changed: %v (%d files, want %d)", changed, len(got.Files), len(want.Files))
	}
	if r := c.sbomkeeper("check"); r.code != 0 {
		t.Errorf("check after update: %v", r)
	}
}

func samePackage(a, b spdx.Package) bool {
	x, _ := spdx.Marshal(a)
	y, _ := spdx.Marshal(b)
	return string(x) == string(y)
}

// TestRemoveAndAddLibb2: remove libb2 leaves a valid SBOM and config without
// it (and says what is left); add brings its files back.
func TestRemoveAndAddLibb2(t *testing.T) {
	corpus(t, true)
	c := correctedCopy(t)
	cfg := ownConfig(t, c)

	r := c.sbomkeeper("remove", "libb2")
	if r.code != 0 || !strings.Contains(r.stdout, "delete the vendored files (Modules/_blake2/impl/**)") {
		t.Fatalf("remove: %v", r)
	}
	d := c.doc(sourceSBOM)
	if slices.ContainsFunc(d.Packages, func(p spdx.Package) bool { return p.Name == "libb2" }) ||
		slices.ContainsFunc(d.Files, func(f spdx.File) bool { return strings.HasPrefix(f.FileName, "Modules/_blake2/impl/") }) ||
		slices.ContainsFunc(d.Relationships, func(r spdx.Relationship) bool { return strings.Contains(r.SPDXElementID+r.RelatedSPDXElement, "libb2") }) {
		t.Error("libb2 or its files are still in the SBOM")
	}
	if data, _ := os.ReadFile(cfg); strings.Contains(string(data), `name = "libb2"`) {
		t.Error("libb2 is still in the config")
	}
	if r := c.sbomkeeper("check"); r.code != 0 {
		t.Errorf("check after remove: %v", r)
	}
	if code, out, stderr := c.run(shared.binary, "validate", "--fragment", c.path(sourceSBOM)); code != 0 {
		t.Errorf("validate after remove: %d\n%s%s", code, out, stderr)
	}

	r = c.sbomkeeper("add", "libb2", "--include", "Modules/_blake2/impl/**", "--version", "0.98.1",
		"--url", "https://github.com/BLAKE2/libb2/releases/download/v0.98.1/libb2-0.98.1.tar.gz")
	// Offline, the new package's archive has no SHA256 yet: regen says so
	// and writes nothing more; the entry and config are in place.
	if !strings.Contains(r.stdout, `added package "libb2"`) || !strings.Contains(r.stdout, "triage the license") || !strings.Contains(r.stdout, "sbomkeeper regen --online") {
		t.Fatalf("add: %v", r)
	}
	orig, _ := spdx.Parse(c.orig[sourceSBOM])
	d = c.doc(sourceSBOM)
	p := d.Packages[slices.IndexFunc(d.Packages, func(p spdx.Package) bool { return p.Name == "libb2" })]
	if p.VersionInfo != "0.98.1" || p.LicenseConcluded != "NOASSERTION" {
		t.Errorf("added entry: %+v", p)
	}
	// Give it the checksum it had, as a person would: then regen lists its
	// files again, the same as before.
	for _, o := range orig.Packages {
		if o.Name == "libb2" {
			p.Checksums = o.Checksums
		}
	}
	for i := range d.Packages {
		if d.Packages[i].Name == "libb2" {
			d.Packages[i] = p
		}
	}
	data, _ := spdx.Marshal(d)
	c.write(sourceSBOM, data)
	if r := c.sbomkeeper("regen"); r.code != 0 {
		t.Fatalf("regen after add: %v", r)
	}
	names := func(d *spdx.Document) []string {
		var out []string
		for _, f := range d.Files {
			out = append(out, f.FileName)
		}
		return out
	}
	if got, want := names(c.doc(sourceSBOM)), names(orig); !slices.Equal(got, want) {
		t.Errorf("files after add: %d, want %d", len(got), len(want))
	}
}
