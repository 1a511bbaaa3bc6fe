package report

import (
	"encoding/json"
	"io"
	"net/url"
	"slices"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// ruleHelp describes each rule once, in the SARIF driver's rule list.
var ruleHelp = map[string]string{
	rules.RulePackageSet:      "The SBOM's packages and the declared packages must be the same set.",
	rules.RuleRequiredFields:  "Every package must have the fields the project requires.",
	rules.RuleSPDXID:          "A package's SPDXID must be SPDXRef-PACKAGE-<name>, encoded, and no two packages may share one.",
	rules.RuleVersionInDL:     "A package's version must appear in its downloadLocation.",
	rules.RuleVersionInRefs:   "A package's version must appear in every external reference locator.",
	rules.RuleLicensePolicy:   "licenseConcluded must follow the project's license policy.",
	rules.RulePin:             "A version or checksum pinned in another file must equal the SBOM's.",
	rules.RuleChecksumMissing: "Every package needs the SHA256 of its upstream download.",
	rules.RuleDownload:        "The upstream download must be reachable and match the recorded SHA256.",
	rules.RuleStale:           "The checked-in SBOM must equal what regeneration produces.",
	rules.RuleEmptyInclude:    "Every include glob must select at least one file.",
	rules.RuleTree:            "Vendored files must be readable, owned by one package, and describable.",
	rules.RuleParse:           "The SBOM must exist and be SPDX 2.3 JSON.",
	rules.RuleExternals:       "The build script must list each external library as name-version.",
	rules.RuleGoSum:           "go.mod, go.sum and vendor/modules.txt must agree.",
	rules.RuleGitIgnore:       "Ignore rules are applied only inside a git work tree.",
	rules.RuleExcludeUnused:   "Every exclude path must name a file the package's includes select.",
	rules.RuleBundle:          "A bundled artifact must be a readable wheel, unique, match the index, and have an SBOM entry for everything it vendors.",
	rules.RuleIndex:           "Bundles are verified against the package index or the lock file.",
	rules.RuleWrite:           "Regenerated documents are written whole, inside the root, and only over what was read; temporary files of interrupted writes are reported.",
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// SARIF renders findings as a SARIF 2.1.0 log with one run. File paths are
// relative to the project root (uriBaseId SRCROOT), as code scanning expects.
func SARIF(w io.Writer, fs []rules.Finding, toolVersion, docsURL string) error {
	var ids []string
	for _, f := range fs {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "sbomkeeper", Version: toolVersion, InformationURI: docsURL}}, Results: []sarifResult{}}
	for _, id := range ids {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, ShortDescription: sarifMessage{ruleHelp[id]}, HelpURI: docsURL})
	}
	if run.Tool.Driver.Rules == nil {
		run.Tool.Driver.Rules = []sarifRule{}
	}
	for _, f := range sorted(fs) {
		text := f.Message
		if f.Expected != "" || f.Actual != "" {
			text += " Expected: " + f.Expected + ". Actual: " + f.Actual + "."
		}
		if f.Fix != "" {
			text += " Fix: " + f.Fix
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: slices.Index(ids, f.Rule), Level: level(f.Severity), Message: sarifMessage{text}}
		if f.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: f.File}).String(), URIBaseID: "SRCROOT"}}}
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
			}
			res.Locations = []sarifLocation{loc}
		}
		if f.Package != "" {
			res.Properties = map[string]any{"package": f.Package}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

func level(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}
