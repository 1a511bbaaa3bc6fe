package keep

import (
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// TestPackageIDCollisionIsNamed (issue 12, item 15): check reports two
// packages with one SPDX ID as a collision naming both, not as a malformed ID.
func TestPackageIDCollisionIsNamed(t *testing.T) {
	root := t.TempDir()
	cfg := sourceConfig + `
[[sbom.package]]
name = "libz"
include = ["vendor/libz/**"]
`
	doc := strings.Replace(sourceDoc, `"packages": [`, `"packages": [{"SPDXID": "SPDXRef-PACKAGE-zlib", "name": "libz",
 "versionInfo": "1.3.1", "downloadLocation": "https://zlib.net/zlib-1.3.1.tar.gz",
 "checksums": [{"algorithm": "SHA256", "checksumValue": "aa"}], "externalRefs": [],
 "licenseConcluded": "NOASSERTION", "primaryPackagePurpose": "SOURCE"}, `, 1)
	write(t, root, "sbom.json", doc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	write(t, root, "vendor/libz/libz.h", "b")
	res := run(t, Options{Root: root, Config: load(t, root, cfg)})
	var msgs []string
	for _, f := range res[0].Findings {
		if f.Rule == rules.RuleSPDXID {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], `packages "libz" and "zlib" have the same SPDXID "SPDXRef-PACKAGE-zlib"`) {
		t.Errorf("findings %+v", res[0].Findings)
	}
}
