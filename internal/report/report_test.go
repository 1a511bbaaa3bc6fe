package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

var sample = []rules.Finding{
	{Rule: rules.RuleGitIgnore, Severity: rules.Note, Message: "not a git work tree"},
	{Rule: rules.RulePin, Severity: rules.Error, File: "Modules/expat/refresh.sh", Line: 16, SBOM: "Misc/sbom.spdx.json", Package: "expat",
		Message: "versionInfo differs", Expected: "2.7.1", Actual: "2.6.3", Fix: "update it"},
	{Rule: rules.RuleStale, Severity: rules.Error, File: "Misc/my sbom.json", Message: "stale", Fix: "sbomkeeper regen"},
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, Summary{Command: "check", DocsURL: "https://docs"}, sample); err != nil {
		t.Fatal(err)
	}
	want := `Misc/my sbom.json: error: stale [stale]
    fix: sbomkeeper regen
Modules/expat/refresh.sh:16: error: versionInfo differs [pin]
    expected: 2.7.1
    actual:   2.6.3
    fix: update it
note: not a git work tree [not-git]
See https://docs for how this project keeps its SBOM.
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	JSON(&b, Summary{Command: "check"}, sample)
	var out struct {
		OK       bool
		Findings []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.OK || len(out.Findings) != 3 || out.Findings[1]["line"] != float64(16) || out.Findings[1]["package"] != "expat" {
		t.Errorf("%s", b.String())
	}
}

func TestSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := SARIF(&b, sample, SARIFOptions{ToolVersion: "v1", DocsURL: "https://docs"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || len(run.Tool.Driver.Rules) != 3 || len(run.Results) != 3 {
		t.Fatalf("%s", b.String())
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", r.RuleIndex, r.RuleID)
		}
	}
	pin := run.Results[1]
	if pin.Level != "error" || pin.Locations[0].PhysicalLocation.ArtifactLocation.URI != "Modules/expat/refresh.sh" || pin.Locations[0].PhysicalLocation.Region.StartLine != 16 {
		t.Errorf("pin result: %+v", pin)
	}
	if uri := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "Misc/my%20sbom.json" {
		t.Errorf("uri not escaped: %q", uri)
	}
	if !strings.Contains(b.String(), `"level": "note"`) {
		t.Error("note level missing")
	}
}

// A tree cannot forge report lines or drive the terminal (issue 12, item 11).
func TestTextEscapesControlCharacters(t *testing.T) {
	var b strings.Builder
	fs := []rules.Finding{{Rule: "stale", Severity: rules.Error, File: "Modules/a\nPython-3.13.5.tgz matches x.spdx.json\x1b[2J.c", Message: "m\rn", Fix: "f\x9b"}}
	if err := Text(&b, Summary{Written: []string{"bad\x07.json"}}, fs); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\r\x1b\x07\u009b") || strings.Count(out, "\n") != 3 {
		t.Errorf("control characters reached the text report: %q", out)
	}
	if !strings.Contains(out, `Modules/a\nPython-3.13.5.tgz matches x.spdx.json\x1b[2J.c`) {
		t.Errorf("escaped name not shown: %q", out)
	}
	if got := Printable("Modules/expat/é.c"); got != "Modules/expat/é.c" {
		t.Errorf("non-ASCII letters must stay: %q", got)
	}
}

// A note that applies to twenty packages is read once, with a count; errors
// are never folded, since each is something to fix.
func TestTextGroupsRepeatedNotes(t *testing.T) {
	var fs []rules.Finding
	for i := range 20 {
		fs = append(fs, rules.Finding{Rule: "schema-2.3.1", Severity: rules.Note, File: "a.json",
			Message: fmt.Sprintf("/packages/%d/externalRefs/0/referenceCategory: PACKAGE_MANAGER", i)})
		fs = append(fs, rules.Finding{Rule: "ntia", Severity: rules.Error, File: "a.json",
			Message: fmt.Sprintf("/packages/%d: supplier missing", i)})
	}
	fs = append(fs, rules.Finding{Rule: "schema-2.3.1", Severity: rules.Note, File: "b.json", Message: "/packages/0/externalRefs/0/referenceCategory: PACKAGE_MANAGER"})
	var b bytes.Buffer
	if err := Text(&b, Summary{}, fs); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "supplier missing"); n != 20 {
		t.Errorf("%d errors printed, want all 20:\n%s", n, out)
	}
	if n := strings.Count(out, "PACKAGE_MANAGER"); n != 2 {
		t.Errorf("%d notes printed, want one per file:\n%s", n, out)
	}
	if !strings.Contains(out, "a.json: note: /packages/0/externalRefs/0/referenceCategory: PACKAGE_MANAGER [schema-2.3.1]\n    and 19 more like it") {
		t.Errorf("the folded note does not say how many it stands for:\n%s", out)
	}
}

// SARIF: SRCROOT is declared, an absolute path inside the root becomes
// relative, one outside it an absolute file URI without a base, and the
// message, expected value and fix are separate lines.
func TestSARIFLocations(t *testing.T) {
	root := t.TempDir()
	fs := []rules.Finding{
		{Rule: "stale", Severity: rules.Error, File: filepath.Join(root, "Misc", "sbom.spdx.json"), Message: "stale", Fix: "sbomkeeper regen"},
		{Rule: "exclude-unused", Severity: rules.Warning, File: "/elsewhere/sbomkeeper.toml", Message: "unused", Expected: "a", Actual: "b"},
	}
	var b bytes.Buffer
	if err := SARIF(&b, fs, SARIFOptions{Root: root}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Properties map[string]any `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if got := run.OriginalURIBaseIDs["SRCROOT"].URI; got != "file://"+filepath.ToSlash(root)+"/" {
		t.Errorf("SRCROOT = %q", got)
	}
	in, out := run.Results[0], run.Results[1]
	if l := in.Locations[0].PhysicalLocation.ArtifactLocation; l.URI != "Misc/sbom.spdx.json" || l.URIBaseID != "SRCROOT" {
		t.Errorf("inside the root: %+v", l)
	}
	if l := out.Locations[0].PhysicalLocation.ArtifactLocation; l.URI != "file:///elsewhere/sbomkeeper.toml" || l.URIBaseID != "" {
		t.Errorf("outside the root: %+v", l)
	}
	if in.Message.Text != "stale\nFix: sbomkeeper regen" || in.Properties["fix"] != "sbomkeeper regen" {
		t.Errorf("message and fix: %q %v", in.Message.Text, in.Properties)
	}
	if out.Message.Text != "unused\nExpected: a\nActual: b" {
		t.Errorf("expected/actual: %q", out.Message.Text)
	}
}
