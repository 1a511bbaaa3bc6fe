package openvex

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestSchemaIsOfficial: the embedded schema is the file SOURCES.md names,
// byte for byte, and compiles.
func TestSchemaIsOfficial(t *testing.T) {
	sum := sha256.Sum256(Schema())
	if got := hex.EncodeToString(sum[:]); got != "9373597734ed1d3ea5161a8b46d3866c4a8cfe76fd632fdd16aef01fb34b3238" {
		t.Errorf("schema/openvex_json_schema.json has sha256 %s, not the official file's", got)
	}
	if _, err := compiled(); err != nil {
		t.Fatal(err)
	}
}
