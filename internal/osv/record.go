package osv

import (
	"fmt"
	"strings"
)

// Record is one OSV vulnerability record: the members matching and reports
// need. Other members are ignored, not refused.
type Record struct {
	SchemaVersion string      `json:"schema_version,omitempty" yaml:"schema_version"`
	ID            string      `json:"id" yaml:"id"`
	Modified      string      `json:"modified" yaml:"modified"`
	Published     string      `json:"published,omitempty" yaml:"published"`
	Withdrawn     string      `json:"withdrawn,omitempty" yaml:"withdrawn"`
	Aliases       []string    `json:"aliases,omitempty" yaml:"aliases"`
	Related       []string    `json:"related,omitempty" yaml:"related"`
	Summary       string      `json:"summary,omitempty" yaml:"summary"`
	Details       string      `json:"details,omitempty" yaml:"details"`
	Severity      []Severity  `json:"severity,omitempty" yaml:"severity"`
	Affected      []Affected  `json:"affected,omitempty" yaml:"affected"`
	References    []Reference `json:"references,omitempty" yaml:"references"`

	// Source is the file the record came from ("dir/GO-2024-1.json", or
	// "all.zip!GO-2024-1.json" for a zip member). Not part of the record.
	Source string `json:"-" yaml:"-"`
}

// Severity is a scored severity (CVSS vector and the like).
type Severity struct {
	Type  string `json:"type" yaml:"type"`
	Score string `json:"score" yaml:"score"`
}

// Reference is a link the record gives.
type Reference struct {
	Type string `json:"type" yaml:"type"`
	URL  string `json:"url" yaml:"url"`
}

// Affected is one package the record says is affected, by ranges, by a list
// of versions, or both.
type Affected struct {
	Package  Package  `json:"package" yaml:"package"`
	Ranges   []Range  `json:"ranges,omitempty" yaml:"ranges"`
	Versions []string `json:"versions,omitempty" yaml:"versions"`
}

// Package names a package in an ecosystem.
type Package struct {
	Ecosystem string `json:"ecosystem" yaml:"ecosystem"`
	Name      string `json:"name" yaml:"name"`
	PURL      string `json:"purl,omitempty" yaml:"purl"`
}

// Range types.
const (
	RangeSemVer    = "SEMVER"
	RangeEcosystem = "ECOSYSTEM"
	RangeGit       = "GIT"
)

// Range is a list of events in one ordering: SEMVER, ECOSYSTEM (the
// package's ecosystem's own ordering) or GIT (commits, which sbomkeeper does
// not match: SBOM packages carry versions).
type Range struct {
	Type   string  `json:"type" yaml:"type"`
	Repo   string  `json:"repo,omitempty" yaml:"repo"`
	Events []Event `json:"events" yaml:"events"`
}

// Event is one of introduced, fixed, last_affected or limit; exactly one is
// set. Introduced "0" means "since the first version".
type Event struct {
	Introduced   string `json:"introduced,omitempty" yaml:"introduced"`
	Fixed        string `json:"fixed,omitempty" yaml:"fixed"`
	LastAffected string `json:"last_affected,omitempty" yaml:"last_affected"`
	Limit        string `json:"limit,omitempty" yaml:"limit"`
}

// Kind is which member the event sets ("introduced", ...), and Version its
// value; Kind is "" when none or several are set (Check refuses that).
func (e Event) Kind() (kind, version string) {
	n := 0
	for _, kv := range [...][2]string{{"introduced", e.Introduced}, {"fixed", e.Fixed}, {"last_affected", e.LastAffected}, {"limit", e.Limit}} {
		if kv[1] != "" {
			kind, version = kv[0], kv[1]
			n++
		}
	}
	if n != 1 {
		return "", ""
	}
	return kind, version
}

// FieldError is a record that breaks a rule of the OSV schema: the file, the
// record, the field as a JSON path, and what is wrong with it.
type FieldError struct {
	File  string
	ID    string
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	id := ""
	if e.ID != "" {
		id = " (" + e.ID + ")"
	}
	return fmt.Sprintf("%s%s: %s: %s; the record is not used", e.File, id, e.Field, e.Msg)
}

// Check returns every way r breaks the rules matching relies on: the OSV
// schema's required members, ranges whose events are not exactly one of
// introduced/fixed/last_affected/limit, ranges without a start. A record with
// any problem must not be matched: half a range would silently narrow what it
// says is affected. Versions are not parsed here: a version the ecosystem's
// ordering cannot read (PyPA has "2019-09-12" as a fixed version) makes the
// matcher report the packages of that name as not checked against the
// record, which is better than refusing the whole record for every package.
func Check(r *Record) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{File: r.Source, ID: r.ID, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(r.ID) == "" {
		bad("id", "missing; every OSV record has an id")
	}
	if r.Modified == "" {
		bad("modified", "missing; every OSV record says when it was modified")
	}
	for i, a := range r.Affected {
		at := fmt.Sprintf("affected[%d]", i)
		if a.Package.Ecosystem == "" {
			bad(at+".package.ecosystem", "missing; say which ecosystem the package is in (PyPI, Go, crates.io, npm, ...)")
		}
		if a.Package.Name == "" {
			bad(at+".package.name", "missing; name the affected package")
		}
		for j, rg := range a.Ranges {
			rat := fmt.Sprintf("%s.ranges[%d]", at, j)
			switch rg.Type {
			case RangeSemVer, RangeEcosystem:
			case RangeGit:
				if rg.Repo == "" {
					bad(rat+".repo", "missing; a GIT range names its repository")
				}
			default:
				bad(rat+".type", "%q: want SEMVER, ECOSYSTEM or GIT", rg.Type)
			}
			if len(rg.Events) == 0 {
				bad(rat+".events", "empty; a range has at least an introduced event")
			}
			introduced := false
			for k, ev := range rg.Events {
				eat := fmt.Sprintf("%s.events[%d]", rat, k)
				kind, _ := ev.Kind()
				if kind == "" {
					bad(eat, "want exactly one of introduced, fixed, last_affected or limit, with a version")
					continue
				}
				introduced = introduced || kind == "introduced"
			}
			if len(rg.Events) > 0 && !introduced {
				bad(rat+".events", "no introduced event; the range has no start")
			}
		}
	}
	return errs
}
