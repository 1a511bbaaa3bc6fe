package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
)

// TestPinMessages holds the single-pattern findings to the bytes they have
// always had: users' scripts and suppressions may match them.
func TestPinMessages(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "refresh.sh"), []byte("#!/bin/sh\nexpected_rev=abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := goodPackage()
	pin := func(pattern string) config.Pin {
		return config.Pin{File: "refresh.sh", Pattern: pattern, Field: config.FieldVersion, Regexp: regexp.MustCompile(pattern)}
	}
	tests := []struct {
		name string
		pin  config.Pin
		want Finding
	}{
		{"mismatch", pin(`expected_rev=(\w+)`), Finding{Rule: RulePin, Severity: Error, File: "refresh.sh", Line: 2, SBOM: "s.json", Package: "zlib",
			Message:  `versionInfo of package "zlib" in s.json does not match the value pinned in refresh.sh:2`,
			Expected: "abc", Actual: "1.3.1",
			Fix: `update package "zlib" in s.json (versionInfo, downloadLocation, checksums, externalRefs) to the pinned release, or correct refresh.sh`}},
		{"vanished", pin(`gone=(\w+)`), Finding{Rule: RulePin, Severity: Error, File: "refresh.sh", SBOM: "s.json", Package: "zlib",
			Message:  `refresh.sh does not contain the version pin of package "zlib"`,
			Expected: `a match for gone=(\w+)`,
			Fix:      "restore the pin in refresh.sh or correct the pattern in the config"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := Pin(root, "s.json", &p, tc.pin)
			if len(fs) != 1 || fs[0] != tc.want {
				t.Errorf("got  %+v\nwant %+v", fs, tc.want)
			}
		})
	}
	fs := Pin(root, "s.json", &p, config.Pin{File: "missing.sh", Field: config.FieldVersion, Regexp: regexp.MustCompile(`(x)`)})
	if len(fs) != 1 || !strings.HasPrefix(fs[0].Message, `cannot read missing.sh, which pins the version of package "zlib": `) ||
		fs[0].Fix != "restore missing.sh or remove the pin from the config" {
		t.Errorf("missing file: %+v", fs)
	}
}

// expatH is the version part of CPython 3.11.2's Modules/expat/expat.h.
const expatH = `/*
                          __  __            _
                       ___\ \/ /_ __   __ _| |_
                      / _ \\  /| '_ \ / _` + "`" + ` | __|
                     |  __//  \| |_) | (_| | |_
                      \___/_/\_\ .__/ \__,_|\__|
                               |_| XML parser
*/

#ifndef Expat_INCLUDED
#define Expat_INCLUDED 1

/* Expat follows the semantic versioning convention.
   See http://semver.org.
*/
#define XML_MAJOR_VERSION 2
#define XML_MINOR_VERSION 5
#define XML_MICRO_VERSION 0

#endif /* not Expat_INCLUDED */
`

var expatParts = []string{`#define XML_MAJOR_VERSION (\d+)`, `#define XML_MINOR_VERSION (\d+)`, `#define XML_MICRO_VERSION (\d+)`}

func partsPin(join *string, patterns ...string) config.Pin {
	pin := config.Pin{File: "Modules/expat/expat.h", Patterns: patterns, Join: join, Field: config.FieldVersion}
	for _, p := range patterns {
		pin.Regexps = append(pin.Regexps, regexp.MustCompile(p))
	}
	return pin
}

func TestPinParts(t *testing.T) {
	empty := ""
	tests := []struct {
		name    string
		header  string // expat.h's text
		version string // the package's versionInfo
		pin     config.Pin
		want    []Finding
	}{
		{name: "expat 2.5.0", header: expatH, version: "2.5.0", pin: partsPin(nil, expatParts...)},
		{name: "drifted micro version", header: strings.Replace(expatH, "MICRO_VERSION 0", "MICRO_VERSION 1", 1), version: "2.5.0",
			pin: partsPin(nil, expatParts...),
			want: []Finding{{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", Line: 16, SBOM: "s.json", Package: "expat",
				Message:  `versionInfo of package "expat" in s.json does not match the value pinned in Modules/expat/expat.h:16`,
				Expected: "2.5.1", Actual: "2.5.0",
				Fix: `update package "expat" in s.json (versionInfo, downloadLocation, checksums, externalRefs) to the pinned release, or correct Modules/expat/expat.h`}}},
		{name: "vanished part", header: strings.Replace(expatH, "#define XML_MICRO_VERSION 0\n", "", 1), version: "2.5.0",
			pin: partsPin(nil, expatParts...),
			want: []Finding{{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", SBOM: "s.json", Package: "expat",
				Message:  `Modules/expat/expat.h does not contain part 3 of 3 of the version pin of package "expat": nothing matches the pattern #define XML_MICRO_VERSION (\d+)`,
				Expected: `a match for #define XML_MICRO_VERSION (\d+)`,
				Fix:      "restore the part in Modules/expat/expat.h or correct patterns entry 3 in the config"}}},
		{name: "two vanished parts", header: strings.ReplaceAll(expatH, "#define XML_M", "#define EXPAT_M"), version: "2.5.0",
			pin: partsPin(nil, `#define XML_MAJOR_VERSION (\d+)`, `#define EXPAT_MINOR_VERSION (\d+)`, `#define XML_MICRO_VERSION (\d+)`),
			want: []Finding{
				{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", SBOM: "s.json", Package: "expat",
					Message:  `Modules/expat/expat.h does not contain part 1 of 3 of the version pin of package "expat": nothing matches the pattern #define XML_MAJOR_VERSION (\d+)`,
					Expected: `a match for #define XML_MAJOR_VERSION (\d+)`,
					Fix:      "restore the part in Modules/expat/expat.h or correct patterns entry 1 in the config"},
				{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", SBOM: "s.json", Package: "expat",
					Message:  `Modules/expat/expat.h does not contain part 3 of 3 of the version pin of package "expat": nothing matches the pattern #define XML_MICRO_VERSION (\d+)`,
					Expected: `a match for #define XML_MICRO_VERSION (\d+)`,
					Fix:      "restore the part in Modules/expat/expat.h or correct patterns entry 3 in the config"}}},
		{name: "optional group that did not take part", header: expatH, version: "2.5.0",
			pin: partsPin(nil, `#define XML_MAJOR_VERSION (\d+)`, `#define XML_MINOR_VERSION (\d+)`, `#define XML_MICRO_VERSION (x)?`),
			want: []Finding{{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", SBOM: "s.json", Package: "expat",
				Message:  `Modules/expat/expat.h does not contain part 3 of 3 of the version pin of package "expat": nothing matches the pattern #define XML_MICRO_VERSION (x)?`,
				Expected: `a match for #define XML_MICRO_VERSION (x)?`,
				Fix:      "restore the part in Modules/expat/expat.h or correct patterns entry 3 in the config"}}},
		{name: "parts joined in patterns order", header: expatH, version: "0-5-2",
			pin: partsPin(ptr("-"), expatParts[2], expatParts[1], expatParts[0])},
		{name: "mismatch at the first part's line", header: expatH, version: "2.5.0",
			pin: partsPin(&empty, expatParts[2], expatParts[0]),
			want: []Finding{{Rule: RulePin, Severity: Error, File: "Modules/expat/expat.h", Line: 18, SBOM: "s.json", Package: "expat",
				Message:  `versionInfo of package "expat" in s.json does not match the value pinned in Modules/expat/expat.h:18`,
				Expected: "02", Actual: "2.5.0",
				Fix: `update package "expat" in s.json (versionInfo, downloadLocation, checksums, externalRefs) to the pinned release, or correct Modules/expat/expat.h`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(filepath.Join(root, "Modules", "expat"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "Modules", "expat", "expat.h"), []byte(tc.header), 0o644); err != nil {
				t.Fatal(err)
			}
			p := goodPackage()
			p.Name, p.VersionInfo = "expat", tc.version
			got := Pin(root, "s.json", &p, tc.pin)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("finding %d:\ngot  %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func ptr(s string) *string { return &s }

// TestPinValue checks a pin against a value no package holds, as a bundle's
// pin is checked against its wheel's version.
func TestPinValue(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "Lib", "ensurepip"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "Lib", "ensurepip", "__init__.py"), []byte("import os\n\n\n__all__ = [\"version\", \"bootstrap\"]\n_PIP_VERSION = \"22.3.1\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pattern := `_PIP_VERSION = "([^"]+)"`
	pin := config.Pin{File: "Lib/ensurepip/__init__.py", Pattern: pattern, Field: config.FieldVersion, Regexp: regexp.MustCompile(pattern)}
	if fs := PinValue(root, "Misc/sbom.spdx.json", "pip", "versionInfo", "22.3.1", pin); fs != nil {
		t.Errorf("matching: %+v", fs)
	}
	fs := PinValue(root, "Misc/sbom.spdx.json", "pip", "versionInfo", "23.0", pin)
	if len(fs) != 1 || fs[0].Line != 5 || fs[0].Expected != "22.3.1" || fs[0].Actual != "23.0" || fs[0].Package != "pip" ||
		fs[0].Message != `versionInfo of package "pip" in Misc/sbom.spdx.json does not match the value pinned in Lib/ensurepip/__init__.py:5` {
		t.Errorf("mismatch: %+v", fs)
	}
}
