package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/sbomkeeper/sbomkeeper/internal/report"
)

// Formats the renderers accept.
var Formats = []string{"text", "json", "sarif", "cyclonedx"}

// Data says what OSV data the scan used, for the reports.
type Data struct {
	Sources   []string `json:"sources"`   // the --osv paths, as given
	Records   int      `json:"records"`   // records used
	Withdrawn int      `json:"withdrawn"` // withdrawn records, ignored
}

// DataOf describes db loaded from sources.
func DataOf(db *DB, sources []string) Data {
	return Data{Sources: sources, Records: db.Records, Withdrawn: db.Withdrawn}
}

// Text renders results as tables for a person: the vulnerabilities that
// remain, what VEX suppressed and why, what could not be checked, and a
// last line with the counts. Every string from an SBOM or a record goes
// through report.Printable.
func Text(w io.Writer, d Data, rs []Result) error {
	var b strings.Builder
	p := report.Printable
	for i, r := range rs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %d packages, %d checked against %d OSV records (%d withdrawn, ignored), %d not checked\n",
			p(r.SBOM), r.Packages, r.Checked, d.Records, d.Withdrawn, len(r.NotChecked))
		var open, suppressed []string
		for _, f := range r.Findings {
			for _, h := range f.Hits {
				row := fmt.Sprintf("%s\t%s\t%s\t%s\t%s", p(f.ID), p(h.Package.Name), p(h.Package.Version), p(orDash(strings.Join(h.Fixed, ", "))), p(orDash(strings.Join(f.Aliases, " "))))
				if h.Suppressed {
					suppressed = append(suppressed, fmt.Sprintf("  %s %s %s (%s): %s", p(f.ID), p(h.Package.Name), p(h.Package.Version), p(h.Package.SPDXID), p(h.VEX.String())))
					continue
				}
				if h.VEX != nil {
					row += "\t" + p(h.VEX.String())
				}
				open = append(open, row)
			}
		}
		if len(open) > 0 {
			b.WriteString("\n")
			tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VULNERABILITY\tPACKAGE\tVERSION\tFIXED IN\tALIASES\tVEX")
			for _, row := range open {
				fmt.Fprintln(tw, row)
			}
			tw.Flush()
		}
		if len(suppressed) > 0 {
			fmt.Fprintf(&b, "\nSuppressed by VEX (%d):\n%s\n", len(suppressed), strings.Join(suppressed, "\n"))
		}
		if len(r.NotChecked) > 0 {
			fmt.Fprintf(&b, "\nNot checked (%d): the OSV data cannot cover these packages, and no finding about them does not mean they are safe:\n", len(r.NotChecked))
			for _, n := range r.NotChecked {
				fmt.Fprintf(&b, "  %s %s (%s): %s\n", p(n.Package.Name), p(orDash(n.Package.Version)), p(n.Package.SPDXID), p(n.Reason))
			}
		}
		if len(r.Problems) > 0 {
			fmt.Fprintf(&b, "\nRecords not fully evaluated (%d):\n", len(r.Problems))
			for _, pr := range r.Problems {
				fmt.Fprintf(&b, "  %s for %s %s (%s): %s\n", p(pr.Record), p(pr.Package.Name), p(pr.Package.Version), p(pr.Source), p(pr.Message))
			}
		}
		vulns, pkgs, supp := r.Counts()
		fmt.Fprintf(&b, "\n%s: %d %s affecting %d %s; %d suppressed by VEX; %d not checked\n",
			p(r.SBOM), vulns, plural(vulns, "vulnerability", "vulnerabilities"), pkgs, plural(pkgs, "package", "packages"), supp, len(r.NotChecked))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// String is the decision for a person: "not_affected (vulnerable_code_not_present): impact".
func (d Decision) String() string {
	s := d.Status
	if d.Justification != "" {
		s += " (" + d.Justification + ")"
	}
	if d.Impact != "" {
		s += ": " + d.Impact
	}
	return s
}

// JSON renders results for machines: {"command": "scan", "affected", "osv",
// "sboms": [Result...]}.
func JSON(w io.Writer, d Data, rs []Result) error {
	affected := false
	for _, r := range rs {
		affected = affected || r.Affected()
	}
	out := struct {
		Command  string   `json:"command"`
		Affected bool     `json:"affected"`
		OSV      Data     `json:"osv"`
		SBOMs    []Result `json:"sboms"`
	}{"scan", affected, d, rs}
	return encode(w, out)
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// SARIF renders one result per vulnerable package, with the SARIF log
// shape internal/report writes for check (driver sbomkeeper, uriBaseId
// SRCROOT). The rules are the vulnerabilities. A match VEX suppressed is
// kept, with a SARIF suppression saying why, as code scanning expects.
func SARIF(w io.Writer, rs []Result, toolVersion, docsURL string) error {
	type msg struct {
		Text string `json:"text"`
	}
	type rule struct {
		ID               string         `json:"id"`
		ShortDescription msg            `json:"shortDescription"`
		HelpURI          string         `json:"helpUri,omitempty"`
		Properties       map[string]any `json:"properties,omitempty"`
	}
	type suppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification,omitempty"`
	}
	type location struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId,omitempty"`
			} `json:"artifactLocation"`
		} `json:"physicalLocation"`
	}
	type result struct {
		RuleID       string         `json:"ruleId"`
		RuleIndex    int            `json:"ruleIndex"`
		Level        string         `json:"level"`
		Message      msg            `json:"message"`
		Locations    []location     `json:"locations,omitempty"`
		Suppressions []suppression  `json:"suppressions,omitempty"`
		Properties   map[string]any `json:"properties,omitempty"`
	}
	rules := []rule{}
	index := map[string]int{}
	results := []result{}
	for _, r := range rs {
		for _, f := range r.Findings {
			if _, ok := index[f.ID]; !ok {
				index[f.ID] = len(rules)
				desc := f.Summary
				if desc == "" {
					desc = strings.Join(f.IDs(), ", ")
				}
				rules = append(rules, rule{ID: f.ID, ShortDescription: msg{desc}, HelpURI: advisoryURL(f.ID), Properties: map[string]any{"aliases": f.Aliases}})
			}
			for _, h := range f.Hits {
				text := fmt.Sprintf("%s %s (%s) is affected by %s", h.Package.Name, h.Package.Version, h.Package.SPDXID, strings.Join(f.IDs(), ", "))
				if f.Summary != "" {
					text += ": " + f.Summary
				}
				if len(h.Fixed) > 0 {
					text += ". Fixed in " + strings.Join(h.Fixed, ", ") + "."
				}
				res := result{RuleID: f.ID, RuleIndex: index[f.ID], Level: "error", Message: msg{text},
					Properties: map[string]any{"package": h.Package.Name, "version": h.Package.Version, "spdxid": h.Package.SPDXID, "purl": h.Package.PURL}}
				var loc location
				loc.PhysicalLocation.ArtifactLocation.URI = (&url.URL{Path: r.SBOM}).String()
				loc.PhysicalLocation.ArtifactLocation.URIBaseID = "SRCROOT"
				res.Locations = []location{loc}
				if h.VEX != nil {
					res.Properties["vex"] = h.VEX
				}
				if h.Suppressed {
					res.Suppressions = []suppression{{Kind: "external", Status: "accepted", Justification: "VEX: " + h.VEX.String()}}
				}
				results = append(results, res)
			}
		}
	}
	run := map[string]any{
		"tool":    map[string]any{"driver": map[string]any{"name": "sbomkeeper", "version": toolVersion, "informationUri": docsURL, "rules": rules}},
		"results": results,
	}
	return encode(w, map[string]any{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": []any{run}})
}

// advisoryURL is where a person reads an ID: NVD for CVEs, GitHub for
// GHSAs, osv.dev for the rest. Only printed, never fetched.
func advisoryURL(id string) string {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return "https://nvd.nist.gov/vuln/detail/" + id
	case strings.HasPrefix(id, "GHSA-"):
		return "https://github.com/advisories/" + id
	}
	return "https://osv.dev/vulnerability/" + url.PathEscape(id)
}

func sourceName(id string) string {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return "NVD"
	case strings.HasPrefix(id, "GHSA-"):
		return "GitHub"
	}
	return "OSV"
}

// cdxVulnerability is a CycloneDX 1.6 vulnerabilities[] member.
type cdxVulnerability struct {
	BOMRef      string         `json:"bom-ref"`
	ID          string         `json:"id"`
	Source      cdxSource      `json:"source"`
	References  []cdxReference `json:"references,omitempty"`
	Description string         `json:"description,omitempty"`
	Affects     []cdxAffect    `json:"affects"`
	Analysis    *cdxAnalysis   `json:"analysis,omitempty"`
}

type cdxSource struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type cdxReference struct {
	ID     string    `json:"id"`
	Source cdxSource `json:"source"`
}

type cdxAffect struct {
	Ref      string       `json:"ref"`
	Versions []cdxVersion `json:"versions,omitempty"`
}

type cdxVersion struct {
	Version string `json:"version"`
	Status  string `json:"status"`
}

type cdxAnalysis struct {
	State         string `json:"state"`
	Justification string `json:"justification,omitempty"`
	Detail        string `json:"detail,omitempty"`
}

// cdxState maps OpenVEX statuses to CycloneDX analysis states.
var cdxState = map[string]string{
	StatusNotAffected:        "not_affected",
	StatusFixed:              "resolved",
	StatusAffected:           "exploitable",
	StatusUnderInvestigation: "in_triage",
}

// cdxJustification maps the OpenVEX justifications that have a CycloneDX
// equivalent; the others are said in analysis.detail only.
var cdxJustification = map[string]string{
	"component_not_present":               "code_not_present",
	"vulnerable_code_not_present":         "code_not_present",
	"vulnerable_code_not_in_execute_path": "code_not_reachable",
	"inline_mitigations_already_exist":    "protected_by_mitigating_control",
}

func analysisOf(d *Decision) *cdxAnalysis {
	if d == nil {
		return nil
	}
	a := &cdxAnalysis{State: cdxState[d.Status], Justification: cdxJustification[d.Justification], Detail: "VEX: " + d.String()}
	if a.State == "" {
		a.State = "in_triage" // a status sbomkeeper does not know is not a resolution
	}
	return a
}

// Vulnerabilities returns the CycloneDX 1.6 vulnerabilities of a result:
// each vulnerability once with its aliases as references and the packages
// it affects as affects[].ref (their SPDX IDs, which convert makes the
// components' bom-refs). analysis is one per entry in CycloneDX, so a
// vulnerability whose packages have different VEX outcomes (setuptools
// affected, pip's vendored copy not_affected) is one entry per outcome,
// each with the same id and its own bom-ref.
func Vulnerabilities(r Result) []cdxVulnerability {
	out := []cdxVulnerability{}
	for _, f := range r.Findings {
		var groups []string
		byOutcome := map[string]*cdxVulnerability{}
		for _, h := range f.Hits {
			key := ""
			if h.VEX != nil {
				key = h.VEX.String()
			}
			v := byOutcome[key]
			if v == nil {
				v = &cdxVulnerability{ID: f.ID, Source: cdxSource{Name: sourceName(f.ID), URL: advisoryURL(f.ID)}, Description: f.Summary, Analysis: analysisOf(h.VEX)}
				for _, a := range f.Aliases {
					v.References = append(v.References, cdxReference{ID: a, Source: cdxSource{Name: sourceName(a), URL: advisoryURL(a)}})
				}
				byOutcome[key] = v
				groups = append(groups, key)
			}
			status := "affected"
			if h.Suppressed {
				status = "unaffected"
			}
			v.Affects = append(v.Affects, cdxAffect{Ref: h.Package.SPDXID, Versions: []cdxVersion{{Version: h.Package.Version, Status: status}}})
		}
		for i, key := range groups {
			v := byOutcome[key]
			v.BOMRef = "vulnerability-" + f.ID
			if i > 0 {
				v.BOMRef += fmt.Sprintf("-%d", i+1)
			}
			out = append(out, *v)
		}
	}
	return out
}

// AddVulnerabilities returns the CycloneDX BOM bom (as convert.Write makes
// it) with r's vulnerabilities added as its last member.
func AddVulnerabilities(bom []byte, r Result) ([]byte, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(bom, &probe); err != nil {
		return nil, fmt.Errorf("the CycloneDX BOM: %w", err)
	}
	if _, ok := probe["vulnerabilities"]; ok {
		return nil, fmt.Errorf("the CycloneDX BOM already has vulnerabilities")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Vulnerabilities(r)); err != nil {
		return nil, err
	}
	vs := bytes.TrimSpace(buf.Bytes())
	body := bytes.TrimRight(bom, " \t\r\n")
	if !bytes.HasSuffix(body, []byte("}")) {
		return nil, fmt.Errorf("the CycloneDX BOM does not end with }")
	}
	body = body[:len(body)-1]
	sep := []byte(",")
	if bytes.HasSuffix(bytes.TrimRight(body, " \t\r\n"), []byte("{")) {
		sep = nil
	}
	joined := append(append(append(append([]byte{}, body...), sep...), `"vulnerabilities":`...), vs...)
	joined = append(joined, '}')
	var out bytes.Buffer
	if err := json.Indent(&out, joined, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
