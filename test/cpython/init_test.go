package cpython_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// upstreamFileDefects are the files CPython 3.13.5's Misc/sbom.spdx.json
// lists only because of the two dead excludes of generate_sbom.py
// (deadExcludes): expat's exclude of its refresh.sh names
// Modules/_hacl/refresh.sh instead, and hacl-star's misspells
// python_hacl_namespaces.h. init excludes what upstream meant to: the refresh
// script is CPython's own, and refresh.sh neither copies nor writes the
// namespace header.
var upstreamFileDefects = map[string][]string{
	"expat":     {"Modules/expat/refresh.sh"},
	"hacl-star": {"Modules/_hacl/python_hacl_namespaces.h"},
}

// TestInitProposesCPythonsPackages runs init on a git copy of the 3.13.5 tree
// without Misc/sbom.spdx.json: it must propose the packages CPython declares
// by hand, at the versions the tree says, with the files CPython lists; after
// the license triage it asks for, regen and check pass.
func TestInitProposesCPythonsPackages(t *testing.T) {
	corpus(t, false)
	c := gitCopy(t)
	c.git("rm", "-q", sourceSBOM)
	c.git("commit", "-q", "--no-verify", "-m", "no SBOM yet")

	code, out, errOut := c.run(shared.binary, "init", "--root", c.root, "--sbom", sourceSBOM)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, clip(out), errOut)
	}
	hacl := regexp.MustCompile(`expected_hacl_star_rev=([0-9a-f]{40})`).FindStringSubmatch(string(c.read("Modules/_hacl/refresh.sh")))
	if hacl == nil {
		t.Fatal("Modules/_hacl/refresh.sh pins no revision")
	}
	for _, want := range []string{
		"package expat 2.7.1:", "evidence: Modules/expat/expat.h:1069 (c-macro: XML_MAJOR_VERSION, XML_MINOR_VERSION, XML_MICRO_VERSION)",
		"package mpdecimal 2.5.1:", "evidence: Modules/_decimal/libmpdec/mpdecimal.h:86 (c-macro: MPD_VERSION)",
		"package hacl-star " + hacl[1] + ":", "evidence: Modules/_hacl/refresh.sh:25 (update-script: pins expected_hacl_star_rev)",
		"package libb2 (version unknown):", "package macholib 1.0:", "evidence: Lib/ctypes/macholib/README.ctypes:6",
		"bundle pip 25.1.1: Lib/ensurepip/_bundled/pip-25.1.1-py3-none-any.whl, 20 vendored projects",
		"triage: license: set licenseConcluded (now NOASSERTION) from the license text in Modules/expat/COPYING",
		"Modules/expat/expat_config.h: in Modules/expat/ (expat), but not among the files Modules/expat/refresh.sh copies",
		"Tools/msi/bundle/bootstrap/: its own license",
		"ignored as test data (3)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("init's report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("report:\n%s", clip(out))
	}
	skeleton := c.doc(sourceSBOM)
	versions := map[string]string{}
	for _, p := range skeleton.Packages {
		versions[p.Name] = p.VersionInfo
	}
	for name, v := range map[string]string{"expat": "2.7.1", "mpdecimal": "2.5.1", "hacl-star": hacl[1], "libb2": "NOASSERTION",
		"macholib": "1.0", "pip": "25.1.1", "urllib3": "1.26.20", "typing_extensions": "4.13.2"} {
		if versions[name] != v {
			t.Errorf("skeleton: %s at %q, want %q", name, versions[name], v)
		}
	}
	if len(skeleton.Packages) != 5+1+20 {
		t.Errorf("skeleton has %d packages, want 5 + pip + its 20 vendored projects", len(skeleton.Packages))
	}

	// The triage a person does: licenses, as CPython's SBOM leaves them
	// to people (any SPDX expression the project concludes).
	for i := range skeleton.Packages {
		skeleton.Packages[i].LicenseConcluded = "MIT"
	}
	triaged, err := spdx.Marshal(skeleton)
	if err != nil {
		t.Fatal(err)
	}
	c.write(sourceSBOM, triaged)

	code, out, errOut = c.run(shared.binary, "regen", "--root", c.root, "--offline")
	if code != 0 {
		t.Fatalf("regen after init: exit %d\n%s\n%s", code, clip(out), errOut)
	}
	code, out, errOut = c.run(shared.binary, "check", "--root", c.root, "--offline")
	if code != 0 || !strings.Contains(out, sourceSBOM+" is up to date") {
		t.Fatalf("check after init and regen: exit %d\n%s\n%s", code, clip(out), errOut)
	}

	// The same files per package as CPython's own SBOM.
	orig, err := spdx.Parse(shared.orig[sourceSBOM])
	if err != nil {
		t.Fatal(err)
	}
	got := c.doc(sourceSBOM)
	want, have := filesByPackage(orig), filesByPackage(got)
	for name, files := range want {
		files = slices.DeleteFunc(files, func(f string) bool { return slices.Contains(upstreamFileDefects[name], f) })
		if !slices.Equal(have[name], files) {
			t.Errorf("package %s: files differ from CPython's SBOM (less its dead excludes)\n got  %q\n want %q", name, have[name], files)
		}
	}
	if pip := have["pip"]; !slices.Equal(pip, []string{"Lib/ensurepip/_bundled/pip-25.1.1-py3-none-any.whl"}) {
		t.Errorf("pip's files: %q", pip)
	}
	deps := 0
	for _, r := range got.Relationships {
		if r.RelationshipType == "DEPENDS_ON" && r.SPDXElementID == "SPDXRef-PACKAGE-pip" {
			deps++
		}
	}
	if deps != 20 {
		t.Errorf("pip DEPENDS_ON %d packages, want its 20 vendored projects", deps)
	}
}

// filesByPackage maps each package name to the sorted file names it CONTAINS.
func filesByPackage(d *spdx.Document) map[string][]string {
	names := map[string]string{}
	for _, p := range d.Packages {
		names[p.SPDXID] = p.Name
	}
	files := map[string]string{}
	for _, f := range d.Files {
		files[f.SPDXID] = f.FileName
	}
	out := map[string][]string{}
	for _, r := range d.Relationships {
		if r.RelationshipType == "CONTAINS" {
			out[names[r.SPDXElementID]] = append(out[names[r.SPDXElementID]], files[r.RelatedSPDXElement])
		}
	}
	for _, fs := range out {
		slices.Sort(fs)
	}
	return out
}
