package scan

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

// fakeVEX answers from a table keyed by product PURL and any one ID.
type fakeVEX map[[2]string][3]string

func (f fakeVEX) Lookup(product, vuln string, aliases []string) (string, string, string, bool) {
	for _, id := range append([]string{vuln}, aliases...) {
		if d, ok := f[[2]string{product, id}]; ok {
			return d[0], d[1], d[2], true
		}
	}
	return "", "", "", false
}

// A small SBOM: one vulnerability (TEST-RANGE) in two packages, one of
// which VEX says is not affected; another (TEST-LAST) that VEX says is
// under investigation; a third (TEST-VERSIONS, by its alias-free ID) fixed.
func vexDoc() *spdx.Document {
	return &spdx.Document{SPDXID: "SPDXRef-DOCUMENT", Name: "vex-test", SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0",
		DocumentNamespace: "https://example.com/vex-test",
		CreationInfo:      &spdx.CreationInfo{Created: "2024-01-01T00:00:00Z", Creators: []string{"Tool: test"}},
		Packages: []spdx.Package{
			pkg("urllib3", "urllib3", "1.26.12", "pkg:pypi/urllib3@1.26.12"),
			pkg("vendored-urllib3", "urllib3", "1.26.10", "pkg:pypi/urllib3@1.26.10"),
			pkg("idna", "idna", "3.4", "pkg:pypi/idna@3.4"),
			pkg("certifi", "certifi", "2022.09.24", "pkg:pypi/certifi@2022.09.24"),
			pkg("expat", "expat", "2.5.0", "cpe:2.3:a:libexpat_project:libexpat:2.5.0:*:*:*:*:*:*:*"),
		}}
}

var vex = fakeVEX{
	{"pkg:pypi/urllib3@1.26.10", "TEST-RANGE"}:       {"not_affected", "vulnerable_code_not_present", "the vendored copy lacks the module"},
	{"pkg:pypi/idna@3.4", "TEST-LAST"}:               {"under_investigation", "", ""},
	{"pkg:pypi/certifi@2022.09.24", "TEST-VERSIONS"}: {"fixed", "", ""},
}

func TestVEXApplied(t *testing.T) {
	r := Scan("vex.spdx.json", vexDoc(), testDB(t), vex)
	state := map[string]string{}
	for _, f := range r.Findings {
		for _, h := range f.Hits {
			s := "open"
			if h.Suppressed {
				s = "suppressed"
			}
			if h.VEX != nil {
				s += " " + h.VEX.Status
			}
			state[f.ID+" "+h.Package.SPDXID] = s
		}
	}
	want := map[string]string{
		"TEST-RANGE SPDXRef-urllib3":          "open",
		"TEST-RANGE SPDXRef-vendored-urllib3": "suppressed not_affected",
		"TEST-LAST SPDXRef-idna":              "open under_investigation",
		"TEST-VERSIONS SPDXRef-certifi":       "suppressed fixed",
	}
	if len(state) != len(want) {
		t.Errorf("hits %v, want %v", state, want)
	}
	for k, w := range want {
		if state[k] != w {
			t.Errorf("%s: %q, want %q", k, state[k], w)
		}
	}
	if !r.Affected() {
		t.Error("Affected() = false with urllib3 1.26.12 open")
	}
	if v, h, s := r.Counts(); v != 2 || h != 2 || s != 2 {
		t.Errorf("counts %d %d %d, want 2 2 2", v, h, s)
	}

	// Everything suppressed: not affected any more.
	all := fakeVEX{}
	for k, v := range vex {
		all[k] = v
	}
	all[[2]string{"pkg:pypi/urllib3@1.26.12", "TEST-RANGE"}] = [3]string{"fixed", "", ""}
	all[[2]string{"pkg:pypi/idna@3.4", "TEST-LAST"}] = [3]string{"not_affected", "component_not_present", ""}
	if r := Scan("x", vexDoc(), testDB(t), all); r.Affected() {
		t.Error("Affected() = true with every hit suppressed")
	}

	var text bytes.Buffer
	if err := Text(&text, Data{Records: 15, Withdrawn: 1}, []Result{r}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Suppressed by VEX (2):",
		"TEST-RANGE urllib3 1.26.10 (SPDXRef-vendored-urllib3): not_affected (vulnerable_code_not_present): the vendored copy lacks the module",
		"Not checked (1)",
		"expat 2.5.0 (SPDXRef-expat): only a CPE",
		"vex.spdx.json: 2 vulnerabilities affecting 2 packages; 2 suppressed by VEX; 1 not checked",
	} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, text.String())
		}
	}
}

// The CycloneDX rendering validates against the official 1.6 schema (and
// sbomkeeper's semantic checks), keeps each vulnerability with its aliases,
// names the components, and carries VEX outcomes in analysis.
func TestCycloneDXVulnerabilities(t *testing.T) {
	doc := vexDoc()
	r := Scan("vex.spdx.json", doc, testDB(t), vex)
	bom, _, err := convert.Write(doc, "cyclonedx", convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := AddVulnerabilities(bom, r)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := validate.CycloneDX("scan.cdx.json", out, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Severity == rules.Error { // NTIA gaps of the test SBOM are warnings
			t.Errorf("validate: %s: %s %s", f.Rule, f.Message, f.Actual)
		}
	}
	// The schema is really applied: a state CycloneDX does not have fails.
	bad := bytes.Replace(out, []byte(`"state": "not_affected"`), []byte(`"state": "not_affected_at_all"`), 1)
	if fs, err := validate.CycloneDX("bad.cdx.json", bad, validate.Options{}); err != nil || !slices.ContainsFunc(fs, func(f rules.Finding) bool { return f.Severity == rules.Error }) {
		t.Errorf("a bad analysis state passed validation (%v)", err)
	}
	var got struct {
		Components []struct {
			BOMRef string `json:"bom-ref"`
		}
		Vulnerabilities []cdxVulnerability
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, c := range got.Components {
		refs[c.BOMRef] = true
	}
	var summary []string
	for _, v := range got.Vulnerabilities {
		var aff []string
		for _, a := range v.Affects {
			if !refs[a.Ref] {
				t.Errorf("%s: affects %s, which is no component", v.ID, a.Ref)
			}
			aff = append(aff, a.Ref+"="+a.Versions[0].Status)
		}
		s := v.BOMRef + " " + v.ID + " " + strings.Join(aff, ",")
		if v.Analysis != nil {
			s += " " + v.Analysis.State + "/" + v.Analysis.Justification
		}
		summary = append(summary, s)
	}
	want := []string{
		"vulnerability-TEST-LAST TEST-LAST SPDXRef-idna=affected in_triage/",
		"vulnerability-TEST-RANGE TEST-RANGE SPDXRef-vendored-urllib3=unaffected not_affected/code_not_present",
		"vulnerability-TEST-RANGE-2 TEST-RANGE SPDXRef-urllib3=affected",
		"vulnerability-TEST-VERSIONS TEST-VERSIONS SPDXRef-certifi=unaffected resolved/",
	}
	if !slices.Equal(summary, want) {
		t.Errorf("vulnerabilities:\n%s\nwant:\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
}
