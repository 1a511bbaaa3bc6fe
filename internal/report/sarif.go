package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

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
	rules.RuleRecipes:         "The build script's recipe function must be readable without running it, for the configuration the config names.",
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
	Tool sarifTool `json:"tool"`
	// OriginalURIBaseIDs says where SRCROOT is, so that a viewer can open a
	// relative uri without guessing the checkout.
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
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

// SARIFOptions are the run's facts besides its findings.
type SARIFOptions struct {
	ToolVersion string
	DocsURL     string
	// Root is the directory relative file paths are relative to (the project
	// root); "" leaves SRCROOT undeclared.
	Root string
}

// SARIF renders findings as a SARIF 2.1.0 log with one run. Paths inside the
// project root are relative to it (uriBaseId SRCROOT, declared in
// originalUriBaseIds), as code scanning expects; others are absolute file
// URIs without a base.
func SARIF(w io.Writer, fs []rules.Finding, o SARIFOptions) error {
	toolVersion, docsURL := o.ToolVersion, o.DocsURL
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
	root := ""
	if o.Root != "" {
		if abs, err := filepath.Abs(o.Root); err == nil {
			root = abs
			run.OriginalURIBaseIDs = map[string]sarifArtifact{"SRCROOT": {URI: fileURI(abs, true)}}
		}
	}
	for _, f := range sorted(fs) {
		// One line each, so that viewers do not run the message into the fix.
		lines := []string{f.Message}
		if f.Expected != "" || f.Actual != "" {
			lines = append(lines, "Expected: "+f.Expected, "Actual: "+f.Actual)
		}
		if f.Fix != "" {
			lines = append(lines, "Fix: "+f.Fix)
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: slices.Index(ids, f.Rule), Level: level(f.Severity), Message: sarifMessage{strings.Join(lines, "\n")}}
		if f.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifactLocation(f.File, root)}}
			if f.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
			}
			res.Locations = []sarifLocation{loc}
		}
		if f.Package != "" || f.Fix != "" {
			res.Properties = map[string]any{}
			if f.Package != "" {
				res.Properties["package"] = f.Package
			}
			if f.Fix != "" {
				res.Properties["fix"] = f.Fix
			}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// artifactLocation is a file's SARIF location: relative to SRCROOT when it
// is inside root, an absolute file URI otherwise (an absolute uri with a
// uriBaseId is invalid SARIF).
func artifactLocation(file, root string) sarifArtifact {
	native := filepath.FromSlash(file)
	if !filepath.IsAbs(native) {
		return sarifArtifact{URI: (&url.URL{Path: file}).String(), URIBaseID: "SRCROOT"}
	}
	if root != "" {
		if rel, err := filepath.Rel(root, native); err == nil && filepath.IsLocal(rel) {
			return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: "SRCROOT"}
		}
	}
	return sarifArtifact{URI: fileURI(native, false)}
}

// fileURI is file:///abs/path, with a trailing slash for a directory.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
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
