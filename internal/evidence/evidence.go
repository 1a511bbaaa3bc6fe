package evidence

import (
	"fmt"
	"path"
	"strings"
)

// Kind names what a finding was read from.
type Kind string

// The kinds of evidence.
const (
	KindMacro         Kind = "c-macro"          // a C library's version macros
	KindSignature     Kind = "c-signature"      // text only one C library has
	KindScript        Kind = "update-script"    // a script that pins what it copies
	KindChromium      Kind = "readme-chromium"  // Chromium's README.chromium
	KindAndroid       Kind = "android-metadata" // Android's METADATA text proto
	KindModuleLicense Kind = "module-license"   // Android's MODULE_LICENSE_* marker
	KindCargo         Kind = "cargo-vendor"     // vendor/<crate>/.cargo-checksum.json + Cargo.toml
	KindGoVendor      Kind = "go-vendor"        // vendor/modules.txt
	KindPythonVendor  Kind = "python-vendor"    // _vendor/vendor.txt
	KindWheel         Kind = "wheel"            // a wheel in the tree
	KindLicense       Kind = "license-boundary" // a COPYING/LICENSE unlike the root's
	KindNote          Kind = "provenance-note"  // a README saying where the files came from
)

// Finding is one piece of evidence of vendored code.
type Finding struct {
	Kind Kind
	// File and Line say where the evidence is (relative to the root,
	// '/'-separated; Line is 1-based, 0 for the file as a whole).
	File string
	Line int
	// Dir is the directory the vendored code is in: the evidence's own
	// directory unless the evidence says otherwise (a script in tools/ that
	// copies into deps/zlib).
	Dir string
	// Files, when not nil, are exactly the files the evidence says were
	// copied (a script's copy list, a vendored module file); nil means the
	// directory.
	Files []string
	// Own are files of the evidence that are the project's own, not the
	// vendored code's: the update script, a provenance note, METADATA.
	Own []string

	Name    string
	Version string
	// Known is set when the name comes from the table of known libraries.
	Known bool
	// Identifiers, only where the evidence supports them.
	CPE, PURL string
	// DownloadLocation and SHA256 of the upstream release, when pinned.
	DownloadLocation, SHA256 string
	// License is what the evidence says of the license, for a person to
	// confirm: a hint, never a concluded license.
	License string
	// Pins are values in files that must keep agreeing with the package.
	Pins []Pin
	// Detail says in a few words what was read ("XML_MAJOR_VERSION ...").
	Detail string
	// Wheel is set for KindWheel.
	Wheel *WheelInfo
}

// Pin is a value kept in a file: the config's [[sbom.package.pin]].
type Pin struct {
	File     string
	Line     int
	Patterns []string // one: its group is the value; several: joined with "."
	Field    string   // "version" or "sha256"
}

// WheelInfo is what a wheel in the tree says.
type WheelInfo struct {
	Distribution string
	SHA256       string
	VendorList   string // the member listing vendored pins, "" when none
	Vendored     []Vendored
}

// Vendored is a project a wheel vendors.
type Vendored struct {
	Name, Version, From string
}

// Where is the finding's location as file:line (or file).
func (f Finding) Where() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int) int {
	return 1 + strings.Count(string(data[:off]), "\n")
}

func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// cpe23 is a CPE 2.3 formatted string for an application.
func cpe23(vendorProduct, version string) string {
	return "cpe:2.3:a:" + vendorProduct + ":" + version + ":*:*:*:*:*:*:*"
}
