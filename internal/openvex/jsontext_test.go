package openvex

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// TestReadRefusesSilentChanges: vex add reads a document to write it back,
// so a repeated member or a lone surrogate is refused, naming the place,
// rather than rewritten with the last value or U+FFFD (issue 12, item 12).
func TestReadRefusesSilentChanges(t *testing.T) {
	data, err := os.ReadFile("../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read("v.json", data); err != nil {
		t.Fatalf("the example: %v", err)
	}
	bad := strings.Replace(string(data), `"status": "not_affected",`, `"status": "affected", "status": "not_affected", "action_statement": "\ud800",`, 1)
	_, _, err = Read("v.json", []byte(bad))
	var te *jsonscan.Error
	if !errors.As(err, &te) || len(te.Issues) != 2 || te.Issues[0].Pointer != "/statements/0/status" || te.Issues[1].Pointer != "/statements/0/action_statement" || !strings.HasPrefix(err.Error(), "v.json: ") {
		t.Fatalf("err = %v", err)
	}
}
