package rules

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
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
	RuleRecipes         = "recipes-script"
	RuleGoSum           = "go-sum"
	RuleGitIgnore       = "not-git"
	RuleBundle          = "bundle"
	RuleExcludeUnused   = "exclude-unused"
	RuleIndex           = "package-index"
	RuleWrite           = "write"
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

// PackageOptions tune PackageIDs.
type PackageOptions struct {
	// IDs are SPDX IDs given on purpose that are not SPDXRef-PACKAGE-<name>:
	// vendored projects qualified because their name is not unique
	// (bundle.AssignIDs).
	IDs []string
}

// PackageIDs checks the SPDX IDs of a kept SBOM's packages as a set, which is
// how they can go wrong: each must be unique, and must be
// SPDXRef-PACKAGE-<name> encoded (spdx.PackageID), or one of opts' IDs. Two
// names that encode alike ("a b" and "a+b") cannot both have that ID; the
// later one may then carry the suffixed form spdx.IDs gives it. Two packages
// with one ID are one finding naming both, not a malformed ID.
func PackageIDs(sbomPath string, pkgs []spdx.Package, opts ...PackageOptions) []Finding {
	var given []string
	for _, o := range opts {
		given = append(given, o.IDs...)
	}
	// What spdx.IDs hands out in document order, and which base IDs more
	// than one name encodes to.
	var ids spdx.IDs
	want := make([]string, len(pkgs))
	names := map[string][]string{} // base ID -> distinct names encoding to it
	for i, p := range pkgs {
		want[i] = ids.For("SPDXRef-PACKAGE-", p.Name)
		base := spdx.PackageID(p.Name)
		if !slices.Contains(names[base], p.Name) {
			names[base] = append(names[base], p.Name)
		}
	}
	holders := map[string][]int{} // SPDXID -> packages that have it
	var order []string
	for i, p := range pkgs {
		if !p.Has("SPDXID") {
			continue
		}
		if holders[p.SPDXID] == nil {
			order = append(order, p.SPDXID)
		}
		holders[p.SPDXID] = append(holders[p.SPDXID], i)
	}
	var out []Finding
	for _, id := range order {
		held := holders[id]
		if len(held) < 2 {
			continue
		}
		var quoted, fixes []string
		for k, i := range held {
			quoted = append(quoted, fmt.Sprintf("%q", pkgs[i].Name))
			if k > 0 {
				fix := want[i]
				if fix == id {
					// Two entries of one name: a copy, not a collision.
					fixes = append(fixes, fmt.Sprintf("remove the second entry of package %q", pkgs[i].Name))
					continue
				}
				fixes = append(fixes, fmt.Sprintf("set \"SPDXID\": %q on package %q", fix, pkgs[i].Name))
			}
		}
		out = append(out, Finding{Rule: RuleSPDXID, Severity: Error, File: sbomPath, SBOM: sbomPath, Package: pkgs[held[1]].Name,
			Message: fmt.Sprintf("packages %s have the same SPDXID %q; an SPDX ID names one element", joinAnd(quoted), id),
			Fix:     strings.Join(fixes, "; ")})
	}
	for i, p := range pkgs {
		if !p.Has("SPDXID") || len(holders[p.SPDXID]) > 1 {
			continue
		}
		base := spdx.PackageID(p.Name)
		if p.SPDXID == base || slices.Contains(given, p.SPDXID) {
			continue
		}
		if len(names[base]) > 1 && p.SPDXID == suffixedID(p.Name) {
			continue // the later of two names that encode alike
		}
		out = append(out, Finding{Rule: RuleSPDXID, Severity: Error, File: sbomPath, SBOM: sbomPath, Package: p.Name,
			Message:  fmt.Sprintf("package %q has a malformed SPDXID", p.Name),
			Expected: want[i], Actual: p.SPDXID, Fix: fmt.Sprintf("set \"SPDXID\": %q", want[i])})
	}
	return out
}

// suffixedID is the ID spdx.IDs gives name when an earlier name took its
// encoded ID.
func suffixedID(name string) string {
	var ids spdx.IDs
	ids.Reserve(spdx.PackageID(name), "\x00"+name) // taken by another value
	return ids.For("SPDXRef-PACKAGE-", name)
}

func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Package runs the checks every package of a kept SBOM must pass, as CPython's
// check_sbom_packages does, but reporting every failure instead of the first.
// SPDX IDs are checked by PackageIDs, over all packages at once.
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
	// NOASSERTION says the version is not known: there is nothing to find.
	if v := p.VersionInfo; v != "" && v != "NOASSERTION" {
		if p.Has("downloadLocation") && !NoArchive(p.DownloadLocation) && !containsVersion(p.DownloadLocation, v) {
			add(RuleVersionInDL, fmt.Sprintf("version %q of package %q is not in its downloadLocation", v, p.Name),
				"a URL containing "+v, p.DownloadLocation, "point downloadLocation at the download of version "+v)
		}
		for _, ref := range p.ExternalRefs {
			// Only identifiers carry the version; a hand-added OTHER reference
			// (a web page, an advisory) need not.
			if ref.ReferenceType != "purl" && ref.ReferenceType != "cpe23Type" && ref.ReferenceType != "cpe22Type" {
				continue
			}
			if !containsVersion(ref.ReferenceLocator, v) {
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
	var field, value string
	switch pin.Field {
	case config.FieldVersion:
		field, value = "versionInfo", p.VersionInfo
	case config.FieldSHA256:
		field = "SHA256 checksum"
		value, _ = p.SHA256()
	}
	return PinValue(root, sbomPath, p.Name, field, value, pin)
}

// PinValue checks a pin against value, what the SBOM at sbomPath says for
// package pkgName; field names that value in messages ("versionInfo"). It is
// Pin for values that are not read from an *spdx.Package, such as a bundled
// wheel's version. root is the project root the pin's file is relative to.
//
// A pin kept in parts (config.Pin.Patterns) is their captures joined with the
// pin's separator; each part that no longer matches is its own finding, and a
// mismatch is reported at the line of the first part.
func PinValue(root, sbomPath, pkgName, field, value string, pin config.Pin) []Finding {
	pinned, line, findings := Pinned(root, sbomPath, pkgName, pin)
	if findings != nil || value == pinned {
		return findings
	}
	return []Finding{{Rule: RulePin, Severity: Error, File: pin.File, Line: line, SBOM: sbomPath, Package: pkgName,
		Message: fmt.Sprintf("%s of package %q in %s does not match the value pinned in %s:%d",
			field, pkgName, sbomPath, pin.File, line),
		Expected: pinned, Actual: value,
		Fix: fmt.Sprintf("update package %q in %s (versionInfo, downloadLocation, checksums, externalRefs) to the pinned release, or correct %s",
			pkgName, sbomPath, pin.File)}}
}

// Pinned reads the value pin holds and the line it is on, or the findings
// that say why it cannot be read.
func Pinned(root, sbomPath, pkgName string, pin config.Pin) (string, int, []Finding) {
	data, findings := readPinFile(root, sbomPath, pkgName, pin)
	if findings != nil {
		return "", 0, findings
	}
	if len(pin.Regexps) > 0 {
		return pinnedParts(data, sbomPath, pkgName, pin)
	}
	return pinnedWhole(data, sbomPath, pkgName, pin)
}

// pinnedWhole finds a pin kept whole: the first capture group of its pattern.
func pinnedWhole(data []byte, sbomPath, pkgName string, pin config.Pin) (string, int, []Finding) {
	m := pin.Regexp.FindSubmatchIndex(data)
	if m == nil || m[2] < 0 {
		return "", 0, []Finding{{Rule: RulePin, Severity: Error, File: pin.File, SBOM: sbomPath, Package: pkgName,
			Message:  fmt.Sprintf("%s does not contain the %s pin of package %q", pin.File, pin.Field, pkgName),
			Expected: "a match for " + pin.Pattern,
			Fix:      "restore the pin in " + pin.File + " or correct the pattern in the config"}}
	}
	return string(data[m[2]:m[3]]), lineAt(data, m[2]), nil
}

// pinnedParts finds a pin kept in parts and joins them. It looks for every
// part even after one is missing, so that one run names all that are gone.
func pinnedParts(data []byte, sbomPath, pkgName string, pin config.Pin) (string, int, []Finding) {
	parts := make([]string, len(pin.Regexps))
	line := 0
	var findings []Finding
	for i, re := range pin.Regexps {
		m := re.FindSubmatchIndex(data)
		if m == nil || m[2] < 0 {
			findings = append(findings, Finding{Rule: RulePin, Severity: Error, File: pin.File, SBOM: sbomPath, Package: pkgName,
				Message: fmt.Sprintf("%s does not contain part %d of %d of the %s pin of package %q: nothing matches the pattern %s",
					pin.File, i+1, len(pin.Regexps), pin.Field, pkgName, re),
				Expected: "a match for " + re.String(),
				Fix:      fmt.Sprintf("restore the part in %s or correct patterns entry %d in the config", pin.File, i+1)})
			continue
		}
		parts[i] = string(data[m[2]:m[3]])
		if i == 0 {
			line = lineAt(data, m[2])
		}
	}
	if findings != nil {
		return "", 0, findings
	}
	return strings.Join(parts, pin.Separator()), line, nil
}

// lineAt is the 1-based line of data holding offset.
func lineAt(data []byte, offset int) int {
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// MaxPinFile bounds what a pin check reads. Pins live in headers and scripts;
// a pin file replaced by something huge must not take the run's memory.
const MaxPinFile = 16 << 20

// readPinFile reads the file holding pin, or returns the finding that says why
// it cannot. Only regular files inside the root are read: opening a named pipe
// or a device would hang the run or never end, and a symbolic link out of the
// root would make the check read whatever it points to.
func readPinFile(root, sbomPath, pkgName string, pin config.Pin) ([]byte, []Finding) {
	fail := func(msg, fix string) []Finding {
		return []Finding{{Rule: RulePin, Severity: Error, File: pin.File, SBOM: sbomPath, Package: pkgName, Message: msg, Fix: fix}}
	}
	r, err := safefile.OpenRoot(root)
	if err == nil {
		defer r.Close()
		var data []byte
		if data, err = r.Read(pin.File, MaxPinFile); err == nil {
			return data, nil
		}
	}
	var esc *safefile.EscapeError
	var nr *safefile.NotRegularError
	var tl *safefile.TooLargeError
	switch {
	case errors.As(err, &esc):
		return nil, fail(fmt.Sprintf("pin file %q, which pins the %s of package %q, is not read: %v", pin.File, pin.Field, pkgName, err),
			"replace "+esc.Path+" with the regular file inside the root that holds the pin, or remove the pin from the config")
	case errors.As(err, &nr):
		return nil, fail(fmt.Sprintf("%s, which pins the %s of package %q, is %s, not a regular file; it is not read",
			pin.File, pin.Field, pkgName, safefile.Kind(nr.Mode)),
			"replace "+pin.File+" with the regular file that holds the pin, or remove the pin from the config")
	case errors.As(err, &tl):
		return nil, fail(fmt.Sprintf("%s, which pins the %s of package %q, is larger than %d MiB, the most a pin file is read",
			pin.File, pin.Field, pkgName, MaxPinFile>>20),
			"point the pin at the file that holds the value, or remove the pin from the config")
	}
	return nil, fail(fmt.Sprintf("cannot read %s, which pins the %s of package %q: %v", pin.File, pin.Field, pkgName, err),
		"restore "+pin.File+" or remove the pin from the config")
}

// fileKind names a non-regular file's type for a message.
// NoArchive reports whether a download location names no release archive:
// NOASSERTION or NONE (code copied from a repository that never released it,
// such as CPython 3.11's Modules/_ctypes/libffi_osx) or a VCS locator
// (git+https://…@<commit>), whose commit already identifies the bytes. Such a
// package needs no SHA256 of a download.
func NoArchive(loc string) bool {
	if loc == "NOASSERTION" || loc == "NONE" {
		return true
	}
	for _, vcs := range []string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(loc, vcs) {
			return true
		}
	}
	return false
}

// containsVersion reports whether s holds version v as written, or in the
// normal form of PEP 440 and most release tags, without leading zeros: pip's
// vendor.txt pins certifi 2022.09.24, whose file on the index is
// certifi-2022.9.24-py3-none-any.whl.
func containsVersion(s, v string) bool {
	return strings.Contains(s, v) || strings.Contains(s, withoutLeadingZeros(v))
}

func withoutLeadingZeros(v string) string {
	parts := strings.Split(v, ".")
	for i, p := range parts {
		if len(p) > 1 && strings.Trim(p, "0123456789") == "" {
			if t := strings.TrimLeft(p, "0"); t != "" {
				parts[i] = t
			} else {
				parts[i] = "0"
			}
		}
	}
	return strings.Join(parts, ".")
}
