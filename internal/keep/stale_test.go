package keep

import (
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// A CPE added before the purl is reported as a new CPE, not as a purl that
// changed into a CPE.
func TestChangedFieldsPairsReferencesByType(t *testing.T) {
	purl := spdx.ExternalRef{ReferenceCategory: "PACKAGE_MANAGER", ReferenceType: "purl", ReferenceLocator: "pkg:generic/zlib@1.3.1"}
	cpe := spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"}
	a := spdx.Package{Name: "zlib", ExternalRefs: []spdx.ExternalRef{purl}}
	b := spdx.Package{Name: "zlib", ExternalRefs: []spdx.ExternalRef{cpe, purl}}
	got := strings.Join(changedFields(a, b), "; ")
	want := `cpe23Type "" → "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
