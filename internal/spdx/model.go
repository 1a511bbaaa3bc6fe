package spdx

// Document is an SPDX 2.3 document. Slices that are nil are left out when written;
// an empty non-nil slice is written as [] (CPython's source SBOM always has "files"
// and "relationships", its externals SBOM has neither).
type Document struct {
	SPDXVersion       string
	DataLicense       string
	SPDXID            string
	Name              string
	DocumentNamespace string
	CreationInfo      *CreationInfo
	DocumentDescribes []string
	Packages          []Package
	Files             []File
	Relationships     []Relationship
	// Extra holds members the model does not know, and known ones whose value did
	// not fit their field, as generic JSON values (see Decode).
	Extra map[string]any
}

func (d *Document) members() []member {
	return []member{
		{"spdxVersion", &d.SPDXVersion},
		{"dataLicense", &d.DataLicense},
		{"SPDXID", &d.SPDXID},
		{"name", &d.Name},
		{"documentNamespace", &d.DocumentNamespace},
		{"creationInfo", &d.CreationInfo},
		{"documentDescribes", &d.DocumentDescribes},
		{"packages", &d.Packages},
		{"files", &d.Files},
		{"relationships", &d.Relationships},
	}
}

// CreationInfo is the document's creationInfo.
type CreationInfo struct {
	Created            string
	Creators           []string
	LicenseListVersion string
	Comment            string
	Extra              map[string]any
}

func (c *CreationInfo) members() []member {
	return []member{
		{"created", &c.Created},
		{"creators", &c.Creators},
		{"licenseListVersion", &c.LicenseListVersion},
		{"comment", &c.Comment},
	}
}

// Package is an SPDX package.
type Package struct {
	SPDXID                  string
	Name                    string
	VersionInfo             string
	PackageFileName         string
	Supplier                string
	Originator              string
	DownloadLocation        string
	FilesAnalyzed           *bool
	PackageVerificationCode *VerificationCode
	Checksums               []Checksum
	Homepage                string
	SourceInfo              string
	LicenseConcluded        string
	LicenseDeclared         string
	LicenseInfoFromFiles    []string
	CopyrightText           string
	Summary                 string
	Description             string
	Comment                 string
	ExternalRefs            []ExternalRef
	PrimaryPackagePurpose   string
	ReleaseDate             string
	BuiltDate               string
	ValidUntilDate          string
	HasFiles                []string
	AttributionTexts        []string
	Extra                   map[string]any
}

func (p *Package) members() []member {
	return []member{
		{"SPDXID", &p.SPDXID},
		{"name", &p.Name},
		{"versionInfo", &p.VersionInfo},
		{"packageFileName", &p.PackageFileName},
		{"supplier", &p.Supplier},
		{"originator", &p.Originator},
		{"downloadLocation", &p.DownloadLocation},
		{"filesAnalyzed", &p.FilesAnalyzed},
		{"packageVerificationCode", &p.PackageVerificationCode},
		{"checksums", &p.Checksums},
		{"homepage", &p.Homepage},
		{"sourceInfo", &p.SourceInfo},
		{"licenseConcluded", &p.LicenseConcluded},
		{"licenseDeclared", &p.LicenseDeclared},
		{"licenseInfoFromFiles", &p.LicenseInfoFromFiles},
		{"copyrightText", &p.CopyrightText},
		{"summary", &p.Summary},
		{"description", &p.Description},
		{"comment", &p.Comment},
		{"externalRefs", &p.ExternalRefs},
		{"primaryPackagePurpose", &p.PrimaryPackagePurpose},
		{"releaseDate", &p.ReleaseDate},
		{"builtDate", &p.BuiltDate},
		{"validUntilDate", &p.ValidUntilDate},
		{"hasFiles", &p.HasFiles},
		{"attributionTexts", &p.AttributionTexts},
	}
}

// Has reports whether the package has the member called name, modelled or not.
// Required-field rules need this: a modelled field left at its zero value and a
// member that is absent look the same otherwise.
func (p *Package) Has(name string) bool {
	if _, ok := p.Extra[name]; ok {
		return true
	}
	if m, ok := find(p.members(), name); ok {
		v := m.ptr
		return !isZeroPtr(v)
	}
	return false
}

// SHA256 returns the package's SHA256 checksum value and whether it has one.
func (p *Package) SHA256() (string, bool) {
	for _, c := range p.Checksums {
		if c.Algorithm == "SHA256" {
			return c.ChecksumValue, true
		}
	}
	return "", false
}

// VerificationCode is a package's packageVerificationCode.
type VerificationCode struct {
	Value         string
	ExcludedFiles []string
	Extra         map[string]any
}

func (v *VerificationCode) members() []member {
	return []member{
		{"packageVerificationCodeValue", &v.Value},
		{"packageVerificationCodeExcludedFiles", &v.ExcludedFiles},
	}
}

// Checksum is one algorithm and value pair.
type Checksum struct {
	Algorithm     string
	ChecksumValue string
	Extra         map[string]any
}

func (c *Checksum) members() []member {
	return []member{
		{"algorithm", &c.Algorithm},
		{"checksumValue", &c.ChecksumValue},
	}
}

// ExternalRef is a package's external reference (CPE, PURL, ...).
type ExternalRef struct {
	ReferenceCategory string
	ReferenceType     string
	ReferenceLocator  string
	Comment           string
	Extra             map[string]any
}

func (e *ExternalRef) members() []member {
	return []member{
		{"referenceCategory", &e.ReferenceCategory},
		{"referenceType", &e.ReferenceType},
		{"referenceLocator", &e.ReferenceLocator},
		{"comment", &e.Comment},
	}
}

// File is an SPDX file.
type File struct {
	SPDXID             string
	FileName           string
	Checksums          []Checksum
	FileTypes          []string
	LicenseConcluded   string
	LicenseInfoInFiles []string
	CopyrightText      string
	Comment            string
	NoticeText         string
	FileContributors   []string
	AttributionTexts   []string
	Extra              map[string]any
}

func (f *File) members() []member {
	return []member{
		{"SPDXID", &f.SPDXID},
		{"fileName", &f.FileName},
		{"checksums", &f.Checksums},
		{"fileTypes", &f.FileTypes},
		{"licenseConcluded", &f.LicenseConcluded},
		{"licenseInfoInFiles", &f.LicenseInfoInFiles},
		{"copyrightText", &f.CopyrightText},
		{"comment", &f.Comment},
		{"noticeText", &f.NoticeText},
		{"fileContributors", &f.FileContributors},
		{"attributionTexts", &f.AttributionTexts},
	}
}

// Relationship is one SPDX relationship.
type Relationship struct {
	SPDXElementID      string
	RelatedSPDXElement string
	RelationshipType   string
	Comment            string
	Extra              map[string]any
}

func (r *Relationship) members() []member {
	return []member{
		{"spdxElementId", &r.SPDXElementID},
		{"relatedSpdxElement", &r.RelatedSPDXElement},
		{"relationshipType", &r.RelationshipType},
		{"comment", &r.Comment},
	}
}
