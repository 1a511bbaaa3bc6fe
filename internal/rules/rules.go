package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Rule IDs. They are stable: SARIF consumers and users' suppressions key on them.
const (
	RulePackageSet      = "package-set"
	RuleRequiredFields  = "required-fields"
	RuleSPDXID          = "spdxid"
	RuleVersionInDL     = "version-in-download"
	RuleVersionInRefs   = "version-in-refs"
	RuleLicensePolicy   = "license-policy"
	RulePin             = "pin"
	RuleChecksumMissing = "checksum-missing"
	RuleDownload        = "download-checksum"
	RuleStale           = "stale"
	RuleEmptyInclude    = "include-empty"
	RuleTree            = "tree"
	RuleParse           = "parse"
	RuleExternals       = "externals-script"
	RuleGoSum           = "go-sum"
	RuleGitIgnore       = "not-git"
	RuleBundle          = "bundle"
	RuleExcludeUnused   = "exclude-unused"
	RuleIndex           = "package-index"
)

// RequiredPackageFields are the members CPython's tools need on every package.
var RequiredPackageFields = []string{
	"SPDXID", "checksums", "downloadLocation", "externalRefs",
	"licenseConcluded", "name", "primaryPackagePurpose", "versionInfo",
}

// PackageSet compares the package names in an SBOM with those the config (or a
// build script) declares: both sides must name the same set.
func PackageSet(sbomPath, declaredIn string, inSBOM, declared []string) []Finding {
	onlySBOM := difference(inSBOM, declared)
	onlyDeclared := difference(declared, inSBOM)
	if len(onlySBOM) == 0 && len(onlyDeclared) == 0 {
		return nil
	}
	var parts []string
	if len(onlySBOM) > 0 {
		parts = append(parts, fmt.Sprintf("only in %s: %s", sbomPath, strings.Join(onlySBOM, ", ")))
	}
	if len(onlyDeclared) > 0 {
		parts = append(parts, fmt.Sprintf("only in %s: %s", declaredIn, strings.Join(onlyDeclared, ", ")))
	}
	return []Finding{{
		Rule: RulePackageSet, Severity: Error, Blocking: true, File: sbomPath, SBOM: sbomPath,
		Message: fmt.Sprintf("the packages in %s and %s differ (%s)", sbomPath, declaredIn, strings.Join(parts, "; ")),
		Fix:     fmt.Sprintf("add the missing package entries to %s, or declare or remove them in %s", sbomPath, declaredIn),
	}}
}

func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// Package runs the checks every package of a kept SBOM must pass, as CPython's
// check_sbom_packages does, but reporting every failure instead of the first.
func Package(sbomPath string, p *spdx.Package, policy config.License) []Finding {
	var out []Finding
	add := func(rule, msg, expected, actual, fix string) {
		out = append(out, Finding{Rule: rule, Severity: Error, File: sbomPath, SBOM: sbomPath, Package: p.Name,
			Message: msg, Expected: expected, Actual: actual, Fix: fix})
	}
	var missing []string
	for _, f := range RequiredPackageFields {
		if f == "checksums" {
			continue // a package without checksums is the checksum rule's business
		}
		if !p.Has(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		add(RuleRequiredFields, fmt.Sprintf("package %q is missing required fields: %s", p.Name, strings.Join(missing, ", ")),
			"", "", fmt.Sprintf("add %s to package %q in %s", strings.Join(missing, ", "), p.Name, sbomPath))
	}
	if want := spdx.PackageID(p.Name); p.SPDXID != want && p.Has("SPDXID") {
		add(RuleSPDXID, fmt.Sprintf("package %q has a malformed SPDXID", p.Name), want, p.SPDXID,
			fmt.Sprintf("set \"SPDXID\": %q", want))
	}
	if v := p.VersionInfo; v != "" {
		if p.Has("downloadLocation") && !strings.Contains(p.DownloadLocation, v) {
			add(RuleVersionInDL, fmt.Sprintf("version %q of package %q is not in its downloadLocation", v, p.Name),
				"a URL containing "+v, p.DownloadLocation, "point downloadLocation at the download of version "+v)
		}
		for _, ref := range p.ExternalRefs {
			if !strings.Contains(ref.ReferenceLocator, v) {
				add(RuleVersionInRefs, fmt.Sprintf("version %q of package %q is not in its %s reference", v, p.Name, ref.ReferenceType),
					"a locator containing "+v, ref.ReferenceLocator, "update the "+ref.ReferenceType+" locator to version "+v)
			}
		}
	}
	if p.Has("licenseConcluded") {
		out = append(out, License(sbomPath, p, policy)...)
	}
	return out
}

// License applies the license policy to a package's licenseConcluded.
func License(sbomPath string, p *spdx.Package, policy config.License) []Finding {
	lic := p.LicenseConcluded
	var want string
	switch policy.Policy {
	case config.PolicyNoAssertion:
		if lic == "NOASSERTION" {
			return nil
		}
		want = "NOASSERTION"
	case config.PolicyAllowed:
		if slices.Contains(policy.Allowed, lic) {
			return nil
		}
		want = "one of " + strings.Join(policy.Allowed, ", ")
	default:
		return nil
	}
	return []Finding{{Rule: RuleLicensePolicy, Severity: Error, File: sbomPath, SBOM: sbomPath, Package: p.Name,
		Message:  fmt.Sprintf("licenseConcluded of package %q is outside the project's license policy", p.Name),
		Expected: want, Actual: lic,
		Fix: "set licenseConcluded to " + want + ", or change [license] in the config after review"}}
}

// Pin checks a value kept in another file against the package. root is the
// project root the pin's file is relative to.
func Pin(root, sbomPath string, p *spdx.Package, pin config.Pin) []Finding {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(pin.File)))
	if err != nil {
		return []Finding{{Rule: RulePin, Severity: Error, File: pin.File, SBOM: sbomPath, Package: p.Name,
			Message: fmt.Sprintf("cannot read %s, which pins the %s of package %q: %v", pin.File, pin.Field, p.Name, err),
			Fix:     "restore " + pin.File + " or remove the pin from the config"}}
	}
	m := pin.Regexp.FindSubmatchIndex(data)
	if m == nil || m[2] < 0 {
		return []Finding{{Rule: RulePin, Severity: Error, File: pin.File, SBOM: sbomPath, Package: p.Name,
			Message:  fmt.Sprintf("%s does not contain the %s pin of package %q", pin.File, pin.Field, p.Name),
			Expected: "a match for " + pin.Pattern,
			Fix:      "restore the pin in " + pin.File + " or correct the pattern in the config"}}
	}
	pinned := string(data[m[2]:m[3]])
	line := 1 + strings.Count(string(data[:m[2]]), "\n")
	var actual, field string
	switch pin.Field {
	case config.FieldVersion:
		actual, field = p.VersionInfo, "versionInfo"
	case config.FieldSHA256:
		actual, _ = p.SHA256()
		field = "SHA256 checksum"
	}
	if actual == pinned {
		return nil
	}
	return []Finding{{Rule: RulePin, Severity: Error, File: pin.File, Line: line, SBOM: sbomPath, Package: p.Name,
		Message: fmt.Sprintf("%s of package %q in %s does not match the value pinned in %s:%d",
			field, p.Name, sbomPath, pin.File, line),
		Expected: pinned, Actual: actual,
		Fix: fmt.Sprintf("update package %q in %s (versionInfo, downloadLocation, checksums, externalRefs) to the pinned release, or correct %s",
			p.Name, sbomPath, pin.File)}}
}
