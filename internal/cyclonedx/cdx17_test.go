package cyclonedx

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readCDX17(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join("testdata", "cdx17", name))
}

// TestCheckCDX17: the hand-written 1.7 BOMs have no issue but NTIA ones;
// 1.7's new members (Streebog hashes, license IDs of SPDX list 3.28,
// expressionDetails, isExternal and versionRange, citations) are accepted.
func TestCheckCDX17(t *testing.T) {
	for _, name := range []string{"syft-1.7.cdx.json", "cdxgen-1.7.cdx.json", "new-fields-1.7.cdx.json"} {
		for _, is := range Check(readCDX17(t, name)) {
			if is.Rule != RuleNTIA {
				t.Errorf("%s: %v", name, is)
			}
		}
	}
}

// TestCheckLicenseListByVersion: a license ID only 1.7's list has is fine
// in a 1.7 BOM and an issue, naming 1.6, in a 1.6 one.
func TestCheckLicenseListByVersion(t *testing.T) {
	bom := strings.Replace(goodBOM, `{"id": "MIT"}`, `{"id": "FSL-1.1-MIT"}`, 1)
	var got []string
	for _, is := range Check([]byte(bom)) {
		got = append(got, is.Rule+" "+is.Path+": "+is.Message)
	}
	want := []string{`license /components/0/licenses/0/license/id: "FSL-1.1-MIT" is not an SPDX license ID CycloneDX 1.6 knows; use an expression or a name`}
	if !slices.Equal(got, want) {
		t.Errorf("1.6: %q, want %q", got, want)
	}
	bom17 := strings.Replace(bom, `"specVersion": "1.6"`, `"specVersion": "1.7"`, 1)
	if issues := Check([]byte(bom17)); len(issues) != 0 {
		t.Errorf("1.7: %v", issues)
	}
	bad := strings.Replace(bom17, `"FSL-1.1-MIT"`, `"Not-A-License"`, 1)
	if issues := Check([]byte(bad)); len(issues) != 1 || !strings.Contains(issues[0].Message, "CycloneDX 1.7 knows") {
		t.Errorf("1.7, unknown ID: %v", issues)
	}
}

// TestToSPDXCDX17: 1.7 BOMs are read; packages, files, dependencies come
// across and every member SPDX cannot hold, 1.7's new ones included, is a
// loss with its pointer.
func TestToSPDXCDX17(t *testing.T) {
	for _, tc := range []struct {
		name     string
		packages []string // name@version, document order
		files    []string
		deps     int // DEPENDS_ON relationships
		losses   []string
	}{
		{
			name:     "syft-1.7.cdx.json",
			packages: []string{"/srv/app@sha256:353a6ea3e0c77c0602d8fc8c26243be69d1f951bcb9a4ee9337457307c8d7300", "requests@2.32.3", "urllib3@2.2.3"},
			files:    []string{"/srv/app/.venv/lib/python3.12/site-packages/requests/__init__.py"},
			deps:     2,
			losses: []string{
				`/components/0/properties/0 (pkg:pypi/requests@2.32.3?package-id=ef30c0af2f8936e4): the property "syft:package:foundBy" has no SPDX equivalent`,
				`/components/0/properties/1 (pkg:pypi/requests@2.32.3?package-id=ef30c0af2f8936e4): the property "syft:package:language" has no SPDX equivalent`,
				`/components/0/properties/2 (pkg:pypi/requests@2.32.3?package-id=ef30c0af2f8936e4): the property "syft:package:type" has no SPDX equivalent`,
				`/components/0/properties/3 (pkg:pypi/requests@2.32.3?package-id=ef30c0af2f8936e4): the property "syft:package:metadataType" has no SPDX equivalent`,
				`/components/0/properties/4 (pkg:pypi/requests@2.32.3?package-id=ef30c0af2f8936e4): the property "syft:location:0:path" has no SPDX equivalent`,
				`/components/1/properties/0 (pkg:pypi/urllib3@2.2.3?package-id=f36aba8d84dc55d2): the property "syft:package:foundBy" has no SPDX equivalent`,
				`/components/1/properties/1 (pkg:pypi/urllib3@2.2.3?package-id=f36aba8d84dc55d2): the property "syft:package:language" has no SPDX equivalent`,
				`/components/1/properties/2 (pkg:pypi/urllib3@2.2.3?package-id=f36aba8d84dc55d2): the property "syft:package:type" has no SPDX equivalent`,
				`/metadata/tools/components/0/author: "author" has no SPDX 2.3 equivalent`,
			},
		},
		{
			name:     "new-fields-1.7.cdx.json",
			packages: []string{"service@2.0.0", "fastlib@1.1.0", "tlsbits@"},
			deps:     2,
			losses: []string{
				`/citations: "citations" has no SPDX 2.3 equivalent`,
				`/components/0/externalReferences/0/properties (pkg:pypi/fastlib@1.1.0): "properties" has no SPDX 2.3 equivalent`,
				`/components/0/hashes/1 (pkg:pypi/fastlib@1.1.0): SPDX has no "Streebog-256" checksum algorithm`,
				`/components/1/isExternal (pkg:pypi/tlsbits): "isExternal" has no SPDX 2.3 equivalent`,
				`/components/1/licenses/0/expressionDetails (pkg:pypi/tlsbits): "expressionDetails" has no SPDX 2.3 equivalent`,
				`/components/1/versionRange (pkg:pypi/tlsbits): "versionRange" has no SPDX 2.3 equivalent`,
				`/metadata/component/isExternal (pkg:pypi/service@2.0.0): "isExternal" has no SPDX 2.3 equivalent`,
				`/metadata/distributionConstraints: "distributionConstraints" has no SPDX 2.3 equivalent`,
				`/metadata/tools/components/0/bom-ref: this bom-ref has no SPDX equivalent`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, losses, err := ToSPDX(readCDX17(t, tc.name))
			if err != nil {
				t.Fatal(err)
			}
			var pkgs, files []string
			for _, p := range doc.Packages {
				pkgs = append(pkgs, p.Name+"@"+p.VersionInfo)
			}
			for _, f := range doc.Files {
				files = append(files, f.FileName)
			}
			deps := 0
			for _, r := range doc.Relationships {
				if r.RelationshipType == "DEPENDS_ON" {
					deps++
				}
			}
			if !slices.Equal(pkgs, tc.packages) || !slices.Equal(files, tc.files) || deps != tc.deps {
				t.Errorf("packages %q files %q DEPENDS_ON %d; want %q %q %d", pkgs, files, deps, tc.packages, tc.files, tc.deps)
			}
			if got := lossStrings(losses); !slices.Equal(got, tc.losses) {
				t.Errorf("losses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.losses, "\n"))
			}
		})
	}
}

// TestToSPDXCDX18: versions after 1.7 are still refused by name.
func TestToSPDXCDX18(t *testing.T) {
	bom := strings.Replace(string(readCDX17(t, "syft-1.7.cdx.json")), `"specVersion": "1.7"`, `"specVersion": "1.8"`, 1)
	_, _, err := ToSPDX([]byte(bom))
	if err == nil || !strings.Contains(err.Error(), `/specVersion: CycloneDX "1.8" is not supported; ToSPDX reads 1.5, 1.6 and 1.7`) {
		t.Errorf("err = %v", err)
	}
}
