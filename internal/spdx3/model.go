package spdx3

// The JSON-LD objects FromSPDX2 writes. Field order is the order members are
// written in: type, identifier, creationInfo, then the rest; empty optional
// members are left out.

type document struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

type creationInfo struct {
	Type         string   `json:"type"`
	ID           string   `json:"@id"`
	SpecVersion  string   `json:"specVersion"`
	Created      string   `json:"created"`
	CreatedBy    []string `json:"createdBy"`
	CreatedUsing []string `json:"createdUsing,omitempty"`
	Comment      string   `json:"comment,omitempty"`
}

// element holds the properties every Element may have.
type element struct {
	Type               string               `json:"type"`
	SpdxID             string               `json:"spdxId"`
	CreationInfo       string               `json:"creationInfo"`
	Name               string               `json:"name,omitempty"`
	Summary            string               `json:"summary,omitempty"`
	Description        string               `json:"description,omitempty"`
	Comment            string               `json:"comment,omitempty"`
	VerifiedUsing      []any                `json:"verifiedUsing,omitempty"`
	ExternalIdentifier []externalIdentifier `json:"externalIdentifier,omitempty"`
	ExternalRef        []externalRef        `json:"externalRef,omitempty"`
}

type agent struct {
	element
}

type spdxDocument struct {
	element
	DataLicense        string         `json:"dataLicense"`
	ProfileConformance []string       `json:"profileConformance,omitempty"`
	NamespaceMap       []namespaceMap `json:"namespaceMap,omitempty"`
	Import             []externalMap  `json:"import,omitempty"`
	RootElement        []string       `json:"rootElement"`
	Element            []string       `json:"element"`
}

// artifact holds the properties of Artifact and software_SoftwareArtifact.
type artifact struct {
	element
	SuppliedBy        string              `json:"suppliedBy,omitempty"`
	OriginatedBy      []string            `json:"originatedBy,omitempty"`
	ReleaseTime       string              `json:"releaseTime,omitempty"`
	BuiltTime         string              `json:"builtTime,omitempty"`
	ValidUntilTime    string              `json:"validUntilTime,omitempty"`
	PrimaryPurpose    string              `json:"software_primaryPurpose,omitempty"`
	AdditionalPurpose []string            `json:"software_additionalPurpose,omitempty"`
	ContentIdentifier []contentIdentifier `json:"software_contentIdentifier,omitempty"`
	CopyrightText     string              `json:"software_copyrightText,omitempty"`
	AttributionText   []string            `json:"software_attributionText,omitempty"`
}

type softwarePackage struct {
	artifact
	PackageVersion   string `json:"software_packageVersion,omitempty"`
	DownloadLocation string `json:"software_downloadLocation,omitempty"`
	HomePage         string `json:"software_homePage,omitempty"`
	PackageURL       string `json:"software_packageUrl,omitempty"`
	SourceInfo       string `json:"software_sourceInfo,omitempty"`
}

type softwareFile struct {
	artifact
	FileKind    string `json:"software_fileKind,omitempty"`
	ContentType string `json:"contentType,omitempty"`
}

type licenseExpression struct {
	element
	Expression         string            `json:"simplelicensing_licenseExpression"`
	LicenseListVersion string            `json:"simplelicensing_licenseListVersion,omitempty"`
	CustomIDToURI      []dictionaryEntry `json:"simplelicensing_customIdToUri,omitempty"`
}

type licensingText struct {
	element
	LicenseText string `json:"simplelicensing_licenseText"`
}

type relationship struct {
	element
	From             string   `json:"from"`
	RelationshipType string   `json:"relationshipType"`
	To               []string `json:"to"`
	Completeness     string   `json:"completeness,omitempty"`
	Scope            string   `json:"scope,omitempty"`
}

type hash struct {
	Type      string `json:"type"`
	Algorithm string `json:"algorithm"`
	HashValue string `json:"hashValue"`
}

type verificationCode struct {
	Type          string   `json:"type"`
	Algorithm     string   `json:"algorithm"`
	HashValue     string   `json:"hashValue"`
	ExcludedFiles []string `json:"packageVerificationCodeExcludedFile,omitempty"`
}

type externalIdentifier struct {
	Type       string `json:"type"`
	IDType     string `json:"externalIdentifierType"`
	Identifier string `json:"identifier"`
	Comment    string `json:"comment,omitempty"`
}

type externalRef struct {
	Type    string   `json:"type"`
	RefType string   `json:"externalRefType"`
	Locator []string `json:"locator"`
	Comment string   `json:"comment,omitempty"`
}

type contentIdentifier struct {
	Type    string `json:"type"`
	IDType  string `json:"software_contentIdentifierType"`
	Value   string `json:"software_contentIdentifierValue"`
	Comment string `json:"comment,omitempty"`
}

type namespaceMap struct {
	Type      string `json:"type"`
	Prefix    string `json:"prefix"`
	Namespace string `json:"namespace"`
}

type externalMap struct {
	Type           string `json:"type"`
	ExternalSpdxID string `json:"externalSpdxId"`
	VerifiedUsing  []any  `json:"verifiedUsing,omitempty"`
}

type dictionaryEntry struct {
	Type  string `json:"type"`
	Key   string `json:"key"`
	Value string `json:"value"`
}
