package spdx3

import "strings"

// The SPDX 3.0.1 names this package writes and checks. Every value here was
// checked against the official JSON schema (testdata/spdx-3.0.1) and the
// model (spdx/spdx-3-model tag 3.0.1, model/*/Vocabularies and Individuals);
// the JSON-LD context (spdx-context.jsonld) maps the compact names below to
// the IRIs in the comments.

const (
	// Context is the JSON-LD context every SPDX 3.0.1 document names.
	Context = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
	// SpecVersion is CreationInfo.specVersion.
	SpecVersion = "3.0.1"
)

// Individuals (named instances the spec defines), by their compact JSON-LD
// names, which the schema lists as the only non-IRI strings a reference may be.
const (
	// https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement
	NoAssertionElement = "NoAssertionElement"
	// https://spdx.org/rdf/3.0.1/terms/Core/NoneElement
	NoneElement = "NoneElement"
	// https://spdx.org/rdf/3.0.1/terms/Core/SpdxOrganization
	SpdxOrganization = "SpdxOrganization"
	// https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense
	// (ExpandedLicensing, not SimpleLicensing, although SimpleLicensing's
	// AnyLicenseInfo is its class's parent).
	NoAssertionLicense = "expandedlicensing_NoAssertionLicense"
	// https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense
	NoneLicense = "expandedlicensing_NoneLicense"
)

const termsBase = "https://spdx.org/rdf/3.0.1/terms/"

// individuals maps each individual, compact and full IRI, to its class.
var individuals = map[string]string{
	NoAssertionElement:                    "IndividualElement",
	NoneElement:                           "IndividualElement",
	SpdxOrganization:                      "Organization",
	NoAssertionLicense:                    "expandedlicensing_IndividualLicensingInfo",
	NoneLicense:                           "expandedlicensing_IndividualLicensingInfo",
	termsBase + "Core/NoAssertionElement": "IndividualElement",
	termsBase + "Core/NoneElement":        "IndividualElement",
	termsBase + "Core/SpdxOrganization":   "Organization",
	termsBase + "ExpandedLicensing/NoAssertionLicense": "expandedlicensing_IndividualLicensingInfo",
	termsBase + "ExpandedLicensing/NoneLicense":        "expandedlicensing_IndividualLicensingInfo",
}

func isNoneElement(ref string) bool {
	return ref == NoneElement || ref == termsBase+"Core/NoneElement"
}

// elementTypes are the concrete Element classes (the schema's Element_derived).
var elementTypes = set(
	"ai_AIPackage", "build_Build", "Agent", "Annotation", "Bom", "Bundle",
	"IndividualElement", "LifecycleScopedRelationship", "Organization", "Person",
	"Relationship", "SoftwareAgent", "SpdxDocument", "Tool", "dataset_DatasetPackage",
	"expandedlicensing_ConjunctiveLicenseSet", "expandedlicensing_CustomLicense",
	"expandedlicensing_CustomLicenseAddition", "expandedlicensing_DisjunctiveLicenseSet",
	"expandedlicensing_IndividualLicensingInfo", "expandedlicensing_ListedLicense",
	"expandedlicensing_ListedLicenseException", "expandedlicensing_OrLaterOperator",
	"expandedlicensing_WithAdditionOperator",
	"security_CvssV2VulnAssessmentRelationship", "security_CvssV3VulnAssessmentRelationship",
	"security_CvssV4VulnAssessmentRelationship", "security_EpssVulnAssessmentRelationship",
	"security_ExploitCatalogVulnAssessmentRelationship", "security_SsvcVulnAssessmentRelationship",
	"security_VexAffectedVulnAssessmentRelationship", "security_VexFixedVulnAssessmentRelationship",
	"security_VexNotAffectedVulnAssessmentRelationship",
	"security_VexUnderInvestigationVulnAssessmentRelationship", "security_Vulnerability",
	"simplelicensing_LicenseExpression", "simplelicensing_SimpleLicensingText",
	"software_File", "software_Package", "software_Sbom", "software_Snippet",
)

// classes maps an abstract class to its concrete subclasses (the schema's
// *_derived definitions).
var classes = map[string]map[string]bool{
	"Element": elementTypes,
	"Agent":   set("Organization", "Person", "SoftwareAgent", "Agent"),
	"Tool":    set("Tool"),
	"AnyLicenseInfo": set("expandedlicensing_ConjunctiveLicenseSet", "expandedlicensing_CustomLicense",
		"expandedlicensing_DisjunctiveLicenseSet", "expandedlicensing_IndividualLicensingInfo",
		"expandedlicensing_ListedLicense", "expandedlicensing_OrLaterOperator",
		"expandedlicensing_WithAdditionOperator", "simplelicensing_LicenseExpression"),
	"SoftwareArtifact": set("ai_AIPackage", "dataset_DatasetPackage", "software_File",
		"software_Package", "software_Snippet"),
	"Relationship": set("LifecycleScopedRelationship", "Relationship",
		"security_CvssV2VulnAssessmentRelationship", "security_CvssV3VulnAssessmentRelationship",
		"security_CvssV4VulnAssessmentRelationship", "security_EpssVulnAssessmentRelationship",
		"security_ExploitCatalogVulnAssessmentRelationship", "security_SsvcVulnAssessmentRelationship",
		"security_VexAffectedVulnAssessmentRelationship", "security_VexFixedVulnAssessmentRelationship",
		"security_VexNotAffectedVulnAssessmentRelationship",
		"security_VexUnderInvestigationVulnAssessmentRelationship"),
	"CreationInfo": set("CreationInfo"),
}

// relationshipTypes is the RelationshipType vocabulary.
var relationshipTypes = set(
	"affects", "amendedBy", "ancestorOf", "availableFrom", "configures", "contains",
	"coordinatedBy", "copiedTo", "delegatedTo", "dependsOn", "descendantOf", "describes",
	"doesNotAffect", "expandsTo", "exploitCreatedBy", "fixedBy", "fixedIn", "foundBy",
	"generates", "hasAddedFile", "hasAssessmentFor", "hasAssociatedVulnerability",
	"hasConcludedLicense", "hasDataFile", "hasDeclaredLicense", "hasDeletedFile",
	"hasDependencyManifest", "hasDistributionArtifact", "hasDocumentation", "hasDynamicLink",
	"hasEvidence", "hasExample", "hasHost", "hasInput", "hasMetadata", "hasOptionalComponent",
	"hasOptionalDependency", "hasOutput", "hasPrerequisite", "hasProvidedDependency",
	"hasRequirement", "hasSpecification", "hasStaticLink", "hasTest", "hasTestCase",
	"hasVariant", "invokedBy", "modifiedBy", "other", "packagedBy", "patchedBy",
	"publishedBy", "reportedBy", "republishedBy", "serializedInArtifact", "testedOn",
	"trainedOn", "underInvestigationFor", "usesTool",
)

// hashHexLen is the length in hex digits of each HashAlgorithm's value; 0
// means the length varies (md6, blake3 have variable output) and only "hex,
// even, not empty" is checked. Algorithms without a fixed text form
// (crystalsDilithium, crystalsKyber, falcon, other) are absent: their values
// are not checked, and FromSPDX2 never writes them.
var hashHexLen = map[string]int{
	"adler32": 8, "md2": 32, "md4": 32, "md5": 32, "md6": 0, "sha1": 40,
	"sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128,
	"sha3_224": 56, "sha3_256": 64, "sha3_384": 96, "sha3_512": 128,
	"blake2b256": 64, "blake2b384": 96, "blake2b512": 128, "blake3": 0,
}

var hashAlgorithms = set("adler32", "blake2b256", "blake2b384", "blake2b512", "blake3",
	"crystalsDilithium", "crystalsKyber", "falcon", "md2", "md4", "md5", "md6", "other",
	"sha1", "sha224", "sha256", "sha384", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "sha512")

// checksumAlgorithms maps SPDX 2.3 checksum algorithms (clause 7.10, 8.4) to
// HashAlgorithm entries; every 2.3 algorithm has one.
var checksumAlgorithms = map[string]string{
	"SHA1": "sha1", "SHA224": "sha224", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512",
	"SHA3-256": "sha3_256", "SHA3-384": "sha3_384", "SHA3-512": "sha3_512",
	"BLAKE2b-256": "blake2b256", "BLAKE2b-384": "blake2b384", "BLAKE2b-512": "blake2b512",
	"BLAKE3": "blake3", "MD2": "md2", "MD4": "md4", "MD5": "md5", "MD6": "md6", "ADLER32": "adler32",
}

// purposes maps SPDX 2.3 primaryPackagePurpose (clause 7.24; 2.3.1 spells
// OPERATING-SYSTEM with a hyphen) to SoftwarePurpose.
var purposes = map[string]string{
	"APPLICATION": "application", "FRAMEWORK": "framework", "LIBRARY": "library",
	"CONTAINER": "container", "OPERATING-SYSTEM": "operatingSystem", "OPERATING_SYSTEM": "operatingSystem",
	"DEVICE": "device", "FIRMWARE": "firmware", "SOURCE": "source", "ARCHIVE": "archive",
	"FILE": "file", "INSTALL": "install", "OTHER": "other",
}

// fileTypePurposes and fileTypeContent split SPDX 2.3 fileTypes (clause 8.3)
// into SoftwarePurpose and media types, as the table in Annex A.1 of the SPDX
// 3.0 specification ("File Type") suggests. AUDIO, IMAGE and VIDEO are left
// out: that table proposes "audio/*" etc., which are media ranges, not the
// IANA media types contentType holds; they are reported as losses.
var fileTypePurposes = map[string]string{
	"SOURCE": "source", "ARCHIVE": "archive", "APPLICATION": "application",
	"DOCUMENTATION": "documentation", "OTHER": "other",
}

var fileTypeContent = map[string]string{
	"BINARY": "application/octet-stream", "TEXT": "text/plain", "SPDX": "text/spdx",
}

// relMap is how an SPDX 2.3 relationship type becomes a 3.0.1 one. swap means
// the 2.3 element (spdxElementId) becomes `to` and the related element `from`;
// scope makes it a LifecycleScopedRelationship.
type relMap struct {
	typ   string
	swap  bool
	scope string
}

// relationshipMap follows the relationship table of SPDX 3.0 Annex A.1
// ("Relationship"; spdx.github.io/using/diffs-from-previous-editions) where
// that table agrees with the definitions of both specifications: 2.3 clause 11
// reads "SPDXRef-A <type> SPDXRef-B", 3.0.1 RelationshipType reads "from <type>
// each to". Where the table marks no swap (or "removed") but the definitions
// need one, the definitions win; those rows say "def". Annex typos
// (decendentOf, hasPrequisite, hasVarient) are the vocabulary's spellings here.
var relationshipMap = map[string]relMap{
	"DESCRIBES":                   {"describes", false, ""},
	"DESCRIBED_BY":                {"describes", true, ""}, // def (annex: removed): A is described by B
	"CONTAINS":                    {"contains", false, ""},
	"CONTAINED_BY":                {"contains", true, ""},
	"DEPENDS_ON":                  {"dependsOn", false, ""},
	"DEPENDENCY_OF":               {"dependsOn", true, ""},             // def (annex: removed): A is a dependency of B
	"DEPENDENCY_MANIFEST_OF":      {"hasDependencyManifest", true, ""}, // def: A is the manifest of B
	"BUILD_DEPENDENCY_OF":         {"dependsOn", true, "build"},        // def: A is a build dependency of B
	"DEV_DEPENDENCY_OF":           {"dependsOn", true, "development"},  // def
	"OPTIONAL_DEPENDENCY_OF":      {"hasOptionalDependency", true, ""}, // def
	"PROVIDED_DEPENDENCY_OF":      {"hasProvidedDependency", true, ""}, // def
	"TEST_DEPENDENCY_OF":          {"dependsOn", true, "test"},         // def
	"RUNTIME_DEPENDENCY_OF":       {"dependsOn", true, "runtime"},      // def
	"EXAMPLE_OF":                  {"hasExample", true, ""},            // def: every to is an example for from
	"GENERATES":                   {"generates", false, ""},
	"GENERATED_FROM":              {"generates", true, ""},
	"ANCESTOR_OF":                 {"ancestorOf", false, ""},
	"DESCENDANT_OF":               {"descendantOf", false, ""},
	"VARIANT_OF":                  {"hasVariant", true, ""}, // def: every to is a variant of from
	"DISTRIBUTION_ARTIFACT":       {"hasDistributionArtifact", false, ""},
	"PATCH_FOR":                   {"patchedBy", true, ""},      // def (annex: removed): every to is a patch for from
	"PATCH_APPLIED":               {"patchedBy", true, ""},      // def (not in the annex)
	"COPY_OF":                     {"copiedTo", true, ""},       // def: A is a copy of B, so B was copied to A
	"FILE_ADDED":                  {"hasAddedFile", true, ""},   // def: A was added to B
	"FILE_DELETED":                {"hasDeletedFile", true, ""}, // def: A was deleted from B
	"FILE_MODIFIED":               {"modifiedBy", true, ""},     // def: A was modified from B
	"EXPANDED_FROM_ARCHIVE":       {"expandsTo", true, ""},      // def: B is the archive
	"DYNAMIC_LINK":                {"hasDynamicLink", false, ""},
	"STATIC_LINK":                 {"hasStaticLink", false, ""},
	"DATA_FILE_OF":                {"hasDataFile", true, ""},          // def
	"TEST_CASE_OF":                {"hasTestCase", true, ""},          // def
	"BUILD_TOOL_OF":               {"usesTool", true, "build"},        // def: B uses A as a tool
	"DEV_TOOL_OF":                 {"usesTool", true, "development"},  // def
	"TEST_OF":                     {"hasTest", true, ""},              // def
	"TEST_TOOL_OF":                {"usesTool", true, "test"},         // def
	"DOCUMENTATION_OF":            {"hasDocumentation", true, ""},     // def
	"OPTIONAL_COMPONENT_OF":       {"hasOptionalComponent", true, ""}, // def
	"METAFILE_OF":                 {"hasMetadata", true, ""},          // def
	"PACKAGE_OF":                  {"contains", true, ""},             // def: 2.3's own example reads "a distribution contains gawk"; packagedBy (annex) states the reverse
	"AMENDS":                      {"amendedBy", true, ""},
	"PREREQUISITE_FOR":            {"hasPrerequisite", true, ""}, // def (annex: removed)
	"HAS_PREREQUISITE":            {"hasPrerequisite", false, ""},
	"REQUIREMENT_DESCRIPTION_FOR": {"hasRequirement", true, ""},   // def: every to is a requirement of from
	"SPECIFICATION_FOR":           {"hasSpecification", true, ""}, // def: every to is a specification for from
	"OTHER":                       {"other", false, ""},
}

// externalRefMap says where an SPDX 2.3 external reference goes, keyed by
// category (hyphens as underscores) and referenceType, following Annex A.1
// ("External Identifiers", "Package URL"): identifiers become
// ExternalIdentifier, gitoid and swh become ContentIdentifier, the rest stay
// ExternalRef; "url" becomes securityOther.
type refTarget struct {
	kind string // "id", "content" or "ref"
	typ  string
}

var externalRefMap = map[[2]string]refTarget{
	{"SECURITY", "cpe22Type"}:            {"id", "cpe22"},
	{"SECURITY", "cpe23Type"}:            {"id", "cpe23"},
	{"SECURITY", "advisory"}:             {"ref", "securityAdvisory"},
	{"SECURITY", "fix"}:                  {"ref", "securityFix"},
	{"SECURITY", "url"}:                  {"ref", "securityOther"},
	{"SECURITY", "swid"}:                 {"id", "swid"},
	{"PACKAGE_MANAGER", "purl"}:          {"id", "packageUrl"},
	{"PACKAGE_MANAGER", "maven-central"}: {"ref", "mavenCentral"},
	{"PACKAGE_MANAGER", "npm"}:           {"ref", "npm"},
	{"PACKAGE_MANAGER", "nuget"}:         {"ref", "nuget"},
	{"PACKAGE_MANAGER", "bower"}:         {"ref", "bower"},
	{"PERSISTENT_ID", "swh"}:             {"content", "swhid"},
	{"PERSISTENT_ID", "gitoid"}:          {"content", "gitoid"},
}

// externalRefTypes is the ExternalRefType vocabulary of 3.0.1.
var externalRefTypes = set(
	"altDownloadLocation", "altWebPage", "binaryArtifact", "bower", "buildMeta", "buildSystem",
	"certificationReport", "chat", "componentAnalysisReport", "cwe", "documentation",
	"dynamicAnalysisReport", "eolNotice", "exportControlAssessment", "funding", "issueTracker",
	"license", "mailingList", "mavenCentral", "metrics", "npm", "nuget", "other",
	"privacyAssessment", "productMetadata", "purchaseOrder", "qualityAssessmentReport",
	"releaseHistory", "releaseNotes", "riskAssessment", "runtimeAnalysisReport",
	"secureSoftwareAttestation", "securityAdversaryModel", "securityAdvisory", "securityFix",
	"securityOther", "securityPenTestReport", "securityPolicy", "securityThreatModel",
	"socialMedia", "sourceArtifact", "staticAnalysisReport", "support", "vcs",
	"vulnerabilityDisclosureReport", "vulnerabilityExploitabilityAssessment",
)

// otherRefPrefix starts the comment of an ExternalRef "other" that stands for
// an SPDX 2.3 OTHER reference whose type has no 3.0.1 name: the comment keeps
// the 2.3 referenceType (and, after a newline, the 2.3 comment), so that
// ToSPDX2 gives the reference back as it was.
const otherRefPrefix = "SPDX 2.3 referenceType: "

// otherRefType is the ExternalRefType for an SPDX 2.3 reference of category
// OTHER, whose referenceType is free text (2.3 Annex F.4): the type itself
// when it is one of 3.0.1's names, or CycloneDX's kebab-case spelling of one
// (issue-tracker, release-notes, build-system: CycloneDX BOMs read by ToSPDX
// bring those), else "".
func otherRefType(t string) string {
	if externalRefTypes[t] {
		return t
	}
	if !strings.Contains(t, "-") {
		return ""
	}
	var b strings.Builder
	for i, part := range strings.Split(t, "-") {
		if part == "" {
			return ""
		}
		if i > 0 {
			part = strings.ToUpper(part[:1]) + part[1:]
		}
		b.WriteString(part)
	}
	if camel := b.String(); externalRefTypes[camel] {
		return camel
	}
	return ""
}

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
