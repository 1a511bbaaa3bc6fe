package edit

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Spec is a package to add.
type Spec struct {
	Name    string
	Version string
	// URL is the release archive the files were copied from; "" means none
	// known (NOASSERTION).
	URL string
	// CPE (2.3) and PURL, when the evidence supports them; either may be "".
	CPE, PURL string
	// License is licenseConcluded; "" means NOASSERTION, for a person to
	// triage.
	License string
}

// Add appends a package entry for s to doc, with the fields CPython's
// devguide asks for. The files and relationships come from regen.
func Add(doc *spdx.Document, s Spec) error {
	var errs []error
	if s.Name == "" {
		errs = append(errs, errors.New("a package needs a name"))
	}
	if s.Version == "" {
		errs = append(errs, errors.New("--version is required: the version of the release the files were copied from"))
	}
	id := spdx.PackageID(s.Name)
	for _, p := range doc.Packages {
		if p.Name == s.Name {
			errs = append(errs, fmt.Errorf("package %q is already in the SBOM: use sbomkeeper update %s", s.Name, s.Name))
		} else if p.SPDXID == id {
			errs = append(errs, fmt.Errorf("package %q would have the SPDX ID %s, which package %q has", s.Name, id, p.Name))
		}
	}
	if s.CPE != "" && !ident.CPE23(s.CPE) {
		errs = append(errs, fmt.Errorf("--cpe %s is not a CPE 2.3 formatted string (cpe:2.3:part:vendor:product:version:...)", s.CPE))
	}
	if s.PURL != "" && !ident.PURL(s.PURL) {
		errs = append(errs, fmt.Errorf("--purl %s is not a package URL (pkg:type/namespace/name@version)", s.PURL))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	p := spdx.Package{
		SPDXID:                id,
		Name:                  s.Name,
		VersionInfo:           s.Version,
		DownloadLocation:      cmpOr(s.URL, "NOASSERTION"),
		LicenseConcluded:      cmpOr(s.License, "NOASSERTION"),
		PrimaryPackagePurpose: "SOURCE",
		ExternalRefs:          []spdx.ExternalRef{},
	}
	if s.CPE != "" {
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: s.CPE})
	}
	if s.PURL != "" {
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "PACKAGE_MANAGER", ReferenceType: "purl", ReferenceLocator: s.PURL})
	}
	doc.Packages = append(doc.Packages, p)
	return nil
}

// Updated says what Update changed, for the report.
type Updated struct {
	Name                 string
	OldVersion           string
	Fields               []string // "versionInfo 2.7.1 → 2.7.2", ...
	ChecksumCleared      bool     // the URL changed, so the recorded SHA256 no longer applies
	URL                  string   // the new downloadLocation
	VersionNotInLocation bool     // a reference or the URL did not hold the old version
}

// Update moves package name to version: versionInfo, the version embedded in
// downloadLocation (as written, and with '_' for '.', as in expat's R_2_7_1
// tags), in the CPE's version field and in the PURL. url replaces the
// download location outright. A checksum of an archive the package no longer
// names is cleared.
func Update(doc *spdx.Document, name, version, url string) (Updated, error) {
	i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == name })
	if i < 0 {
		return Updated{}, fmt.Errorf("no package %q in the SBOM (it has %s)", name, strings.Join(names(doc), ", "))
	}
	if version == "" {
		return Updated{}, errors.New("--version is required")
	}
	p := &doc.Packages[i]
	old := p.VersionInfo
	u := Updated{Name: name, OldVersion: old}
	field := func(what, from, to string) {
		if from != to {
			u.Fields = append(u.Fields, fmt.Sprintf("%s %s → %s", what, orNone(from), to))
		}
	}
	field("versionInfo", p.VersionInfo, version)
	p.VersionInfo = version

	loc := p.DownloadLocation
	switch {
	case url != "":
		loc = url
	case old == "" || loc == "" || loc == "NOASSERTION" || loc == "NONE":
		// Nothing to substitute in.
	case strings.Contains(loc, old):
		loc = strings.ReplaceAll(loc, old, version)
		if us := strings.ReplaceAll(old, ".", "_"); us != old {
			loc = strings.ReplaceAll(loc, us, strings.ReplaceAll(version, ".", "_"))
		}
	default:
		return Updated{}, fmt.Errorf("package %q: its downloadLocation %s does not contain its version %s, so the new one cannot be derived: give --url", name, loc, old)
	}
	field("downloadLocation", p.DownloadLocation, loc)
	if loc != p.DownloadLocation && len(p.Checksums) > 0 {
		p.Checksums = nil
		u.ChecksumCleared = true
	}
	p.DownloadLocation = loc
	u.URL = loc

	for k := range p.ExternalRefs {
		r := &p.ExternalRefs[k]
		var next string
		switch r.ReferenceType {
		case "cpe23Type":
			next = setField(r.ReferenceLocator, 5, version)
		case "cpe22Type":
			next = setField(r.ReferenceLocator, 4, version)
		case "purl":
			next = ident.SetPURLVersion(r.ReferenceLocator, version)
		default:
			if old != "" && strings.Contains(r.ReferenceLocator, old) {
				next = strings.ReplaceAll(r.ReferenceLocator, old, version)
			} else {
				continue
			}
		}
		field(r.ReferenceType, r.ReferenceLocator, next)
		r.ReferenceLocator = next
	}
	return u, nil
}

// Removed says what Remove took out.
type Removed struct {
	Files         int
	Relationships int
}

// Remove deletes package name, the files only it contains, and every
// relationship that names either.
func Remove(doc *spdx.Document, name string) (Removed, error) {
	i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == name })
	if i < 0 {
		return Removed{}, fmt.Errorf("no package %q in the SBOM (it has %s)", name, strings.Join(names(doc), ", "))
	}
	id := doc.Packages[i].SPDXID
	containers := map[string]int{}
	mine := map[string]bool{}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "CONTAINS" {
			containers[r.RelatedSPDXElement]++
			if r.SPDXElementID == id {
				mine[r.RelatedSPDXElement] = true
			}
		}
	}
	gone := map[string]bool{id: true}
	for f := range mine {
		// A file another package also contains stays; it is theirs too.
		if containers[f] == 1 {
			gone[f] = true
		}
	}
	var out Removed
	doc.Packages = slices.Delete(doc.Packages, i, i+1)
	doc.Files = slices.DeleteFunc(doc.Files, func(f spdx.File) bool {
		if gone[f.SPDXID] {
			out.Files++
			return true
		}
		return false
	})
	doc.Relationships = slices.DeleteFunc(doc.Relationships, func(r spdx.Relationship) bool {
		if gone[r.SPDXElementID] || gone[r.RelatedSPDXElement] {
			out.Relationships++
			return true
		}
		return false
	})
	doc.DocumentDescribes = slices.DeleteFunc(doc.DocumentDescribes, func(s string) bool { return gone[s] })
	return out, nil
}

// setField replaces the n-th (0-based) ':'-separated field of a CPE.
func setField(cpe string, n int, value string) string {
	parts := strings.Split(cpe, ":")
	if len(parts) <= n {
		return cpe
	}
	parts[n] = value
	return strings.Join(parts, ":")
}

func names(doc *spdx.Document) []string {
	var out []string
	for _, p := range doc.Packages {
		out = append(out, p.Name)
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
