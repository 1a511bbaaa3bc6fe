package membench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ArtifactConfig is an sbomkeeper.toml for archives named demo-VERSION.tar.gz
// whose members sit under demo-VERSION/, with the source SBOM at
// sbom.spdx.json and a bundle "pip" captured from wheels/pip-*.whl.
const ArtifactConfig = `[[sbom]]
path = "sbom.spdx.json"
kind = "source"

[[sbom.package]]
name = "demo"
include = ["src/**"]

[artifact]
document_name = "Demo SBOM"
namespace = "https://example.org/{version_base}/{artifact}.spdx.json"
creators = ["Organization: Demo"]
license_list_version = "3.25"
supplier = "Organization: Demo"
source_sbom = "sbom.spdx.json"

[artifact.package]
spdxid = "SPDXRef-PACKAGE-demo-release"
name = "Demo"
license = "MIT"
download_url = "https://example.org/{version_base}/{artifact}"

[[artifact.kind]]
name = "source"
type = "source-archive"
match = '^demo-([0-9.]+)\.tar\.gz$'
prefix = "demo-{version}/"
bundles = ["pip"]

[[artifact.bundle]]
name = "pip"
path = "wheels/pip-*.whl"
ecosystem = "pypi"
`

// TinySBOM is a source SBOM with one package and no files, for archives
// whose point is elsewhere.
const TinySBOM = `{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-PACKAGE-demo", "name": "demo", "versionInfo": "1", "downloadLocation": "NOASSERTION", "licenseConcluded": "MIT", "externalRefs": [], "primaryPackagePurpose": "SOURCE"}], "files": [], "relationships": []}`

// SourceTree writes, in dir, the config and source SBOM of ArtifactConfig and
// files small C files under src/ (250 to a directory) for regen and check to
// hash and list. It returns the bytes of the files.
func SourceTree(dir string, files int) (int64, error) {
	if err := os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte(ArtifactConfig), 0o644); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, "sbom.spdx.json"), []byte(TinySBOM), 0o644); err != nil {
		return 0, err
	}
	var total int64
	for i := range files {
		d := filepath.Join(dir, "src", fmt.Sprintf("d%04d", i/250))
		if i%250 == 0 {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return 0, err
			}
		}
		body := fmt.Appendf(nil, "/* file %d */\nint f%d(void) { return %d; }\n", i, i, i)
		if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%07d.c", i)), body, 0o644); err != nil {
			return 0, err
		}
		total += int64(len(body))
	}
	return total, nil
}

// ArtifactConfigNoBundle is ArtifactConfig without the bundle, for archives
// that carry no wheel.
var ArtifactConfigNoBundle = strings.Replace(strings.Split(ArtifactConfig, "[[artifact.bundle]]")[0], `bundles = ["pip"]`, "", 1)
