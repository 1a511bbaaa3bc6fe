package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// localVEX is a minimal OpenVEX 0.2.0 reader behind scan.Suppressor, until
// internal/openvex's Index (schema checks, the spec's status rules) is wired
// in its place. It reads the members scan needs and refuses a statement
// without a status or a product; it does not validate documents.
type localVEX struct {
	statements []vexStatement
}

type vexStatement struct {
	ids           []string // vulnerability name and aliases
	products      []string // product @id and identifiers.purl
	status        string
	justification string
	impact        string
	when          time.Time
	order         int
}

type vexDoc struct {
	Context    string `json:"@context"`
	Timestamp  string `json:"timestamp"`
	Statements []struct {
		Vulnerability struct {
			Name    string   `json:"name"`
			Aliases []string `json:"aliases"`
		} `json:"vulnerability"`
		Products []struct {
			ID          string            `json:"@id"`
			Identifiers map[string]string `json:"identifiers"`
		} `json:"products"`
		Status          string `json:"status"`
		Justification   string `json:"justification"`
		ImpactStatement string `json:"impact_statement"`
		Timestamp       string `json:"timestamp"`
	} `json:"statements"`
}

func loadVEX(paths []string) (*localVEX, []error) {
	v := &localVEX{}
	var errs []error
	for _, p := range paths {
		data, err := safefile.Read(p, safefile.MaxSmall)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var d vexDoc
		if err := json.Unmarshal(data, &d); err != nil {
			errs = append(errs, fmt.Errorf("%s: not an OpenVEX document: %w", p, err))
			continue
		}
		if !strings.HasPrefix(d.Context, "https://openvex.dev/ns") {
			errs = append(errs, fmt.Errorf("%s: @context %q: not an OpenVEX document (want https://openvex.dev/ns/v0.2.0)", p, d.Context))
			continue
		}
		if len(d.Statements) == 0 {
			errs = append(errs, fmt.Errorf("%s: statements: none", p))
			continue
		}
		for i, s := range d.Statements {
			at := fmt.Sprintf("%s: statements[%d]", p, i)
			st := vexStatement{status: s.Status, justification: s.Justification, impact: s.ImpactStatement, order: len(v.statements)}
			if s.Vulnerability.Name != "" {
				st.ids = append(st.ids, s.Vulnerability.Name)
			}
			st.ids = append(st.ids, s.Vulnerability.Aliases...)
			for _, pr := range s.Products {
				if pr.ID != "" {
					st.products = append(st.products, pr.ID)
				}
				if u := pr.Identifiers["purl"]; u != "" {
					st.products = append(st.products, u)
				}
			}
			ts := s.Timestamp
			if ts == "" {
				ts = d.Timestamp
			}
			when, err := time.Parse(time.RFC3339, ts)
			switch {
			case st.status == "":
				errs = append(errs, fmt.Errorf("%s.status: missing", at))
			case len(st.ids) == 0:
				errs = append(errs, fmt.Errorf("%s.vulnerability.name: missing", at))
			case len(st.products) == 0:
				errs = append(errs, fmt.Errorf("%s.products: none; name the packages by PURL", at))
			case err != nil:
				errs = append(errs, fmt.Errorf("%s.timestamp: %q is not an RFC 3339 time (nor is the document's)", at, ts))
			default:
				st.when = when
				v.statements = append(v.statements, st)
			}
		}
	}
	return v, errs
}

// Lookup returns the latest statement (by timestamp, then by order read)
// about product and any of the vulnerability's IDs. A statement's product
// without a version covers every version of that PURL.
func (v *localVEX) Lookup(product, vuln string, aliases []string) (string, string, string, bool) {
	ids := append([]string{vuln}, aliases...)
	var best *vexStatement
	for i := range v.statements {
		s := &v.statements[i]
		if !anyEqual(s.ids, ids) || !productCovers(s.products, product) {
			continue
		}
		if best == nil || s.when.After(best.when) || (s.when.Equal(best.when) && s.order > best.order) {
			best = s
		}
	}
	if best == nil {
		return "", "", "", false
	}
	return best.status, best.justification, best.impact, true
}

func anyEqual(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func productCovers(products []string, purl string) bool {
	base, _, _ := strings.Cut(purl, "?")
	noVersion := base
	if i := strings.LastIndex(base, "@"); i >= 0 {
		noVersion = base[:i]
	}
	for _, p := range products {
		if p == purl || p == base || p == noVersion {
			return true
		}
	}
	return false
}
