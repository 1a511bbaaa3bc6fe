package artifact

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// TestVerifyRefusesSilentChanges: an SBOM with a repeated member is no SBOM
// to verify against: which of the two checksums would be the artifact's?
// (issue 12, item 12).
func TestVerifyRefusesSilentChanges(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.tgz")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sbom := `{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [{"SPDXID": "SPDXRef-PACKAGE-x", "name": "x",
 "checksums": [{"algorithm": "SHA256", "checksumValue": "aa", "checksumValue": "bb"}]}]}`
	_, err := Verify(context.Background(), file, "x.tgz.spdx.json", []byte(sbom), archive.Limits{}, nil)
	var te *jsonscan.Error
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "x.tgz.spdx.json: ") || !strings.Contains(err.Error(), `line 2, column 63 (/packages/0/checksums/0/checksumValue): member "checksumValue" appears again`) {
		t.Fatalf("err = %v", err)
	}
}
