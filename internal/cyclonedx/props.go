package cyclonedx

// PropertyPrefix starts the name of every CycloneDX property in which FromSPDX
// keeps an SPDX value that CycloneDX has no member for, so that ToSPDX can
// restore it. docs/cyclonedx.md lists them.
const PropertyPrefix = "sbomkeeper:spdx:"

// Document-level properties, in metadata.properties.
const (
	propSPDXVersion       = PropertyPrefix + "spdxVersion" // also marks a BOM made from SPDX
	propSPDXID            = PropertyPrefix + "SPDXID"
	propDocName           = PropertyPrefix + "name"
	propNamespace         = PropertyPrefix + "documentNamespace"
	propDataLicense       = PropertyPrefix + "dataLicense"
	propLicenseListVer    = PropertyPrefix + "licenseListVersion"
	propCreatorComment    = PropertyPrefix + "creatorComment"
	propCreated           = PropertyPrefix + "created"
	propCreator           = PropertyPrefix + "creator"
	propDocumentDescribes = PropertyPrefix + "documentDescribes"
	propDescribesRel      = PropertyPrefix + "describesRelationship"
	propEmptyList         = PropertyPrefix + "emptyList" // a document list present but empty, by name
)

// Element-level properties, in a component's properties.
const (
	propPurpose          = PropertyPrefix + "primaryPackagePurpose"
	propSupplier         = PropertyPrefix + "supplier"
	propOriginator       = PropertyPrefix + "originator"
	propDownload         = PropertyPrefix + "downloadLocation"
	propHomepage         = PropertyPrefix + "homepage"
	propFilesAnalyzed    = PropertyPrefix + "filesAnalyzed"
	propVerifCode        = PropertyPrefix + "packageVerificationCode"
	propVerifExcluded    = PropertyPrefix + "packageVerificationCodeExcludedFile"
	propPackageFileName  = PropertyPrefix + "packageFileName"
	propSourceInfo       = PropertyPrefix + "sourceInfo"
	propLicenseConcluded = PropertyPrefix + "licenseConcluded"
	propLicenseDeclared  = PropertyPrefix + "licenseDeclared"
	propLicenseFromFiles = PropertyPrefix + "licenseInfoFromFiles"
	propLicenseInFile    = PropertyPrefix + "licenseInfoInFile"
	propCopyright        = PropertyPrefix + "copyrightText"
	propSummary          = PropertyPrefix + "summary"
	propComment          = PropertyPrefix + "comment"
	propExternalRef      = PropertyPrefix + "externalRef"
	propReleaseDate      = PropertyPrefix + "releaseDate"
	propBuiltDate        = PropertyPrefix + "builtDate"
	propValidUntilDate   = PropertyPrefix + "validUntilDate"
	propAttributionText  = PropertyPrefix + "attributionText"
	propHasFiles         = PropertyPrefix + "hasFiles"
	propContainedVia     = PropertyPrefix + "containedVia"
	propDependencyOf     = PropertyPrefix + "dependencyOf"
	propFileType         = PropertyPrefix + "fileType"
	propNoticeText       = PropertyPrefix + "noticeText"
	propFileContributor  = PropertyPrefix + "fileContributor"
)

// propRelationship is a relationship the CycloneDX structure does not hold:
// "TYPE TARGET" on the source element's component, "SOURCE TYPE TARGET" in
// metadata.properties when the source is not a component.
const propRelationship = PropertyPrefix + "relationship"

// propPURLCategory keeps the SPDX 2.3 spelling PACKAGE-MANAGER of the
// purl reference's category; without it the BOM's purl came from
// PACKAGE_MANAGER (the 2.3.1 spelling CPython writes).
const propPURLCategory = PropertyPrefix + "purlCategory"

// propRelationshipComment is the comment of a relationship whose source is a
// component: "TYPE TARGET COMMENT" on that component. CycloneDX has no place
// for a comment on a dependency edge.
const propRelationshipComment = PropertyPrefix + "relationshipComment"
