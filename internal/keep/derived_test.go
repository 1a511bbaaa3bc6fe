package keep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

// TestDerivedFormats: a source document with also = ["cyclonedx", "spdx3"]
// keeps sbom.cdx.json and sbom.spdx3.json beside it. They are written with
// it, check names them when they are missing or stale, and their time stamp
// only moves when the SPDX document changes, so that check stays clean.
func TestDerivedFormats(t *testing.T) {
	root := t.TempDir()
	cfg := strings.Replace(sourceConfig, `path = "sbom.json"`, "path = \"sbom.spdx.json\"\nalso = [\"cyclonedx\", \"spdx3\"]", 1)
	write(t, root, "sbom.spdx.json", sourceDoc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	opts := Options{Root: root, Config: load(t, root, cfg), Now: func() time.Time { return first }}
	res := run(t, opts)
	if len(res[0].Derived) != 2 {
		t.Fatalf("derived: %+v", res[0].Derived)
	}
	stale := Stale(res[0], "sbomkeeper regen")
	var msgs []string
	for _, f := range stale {
		msgs = append(msgs, f.File+": "+f.Message)
	}
	for _, want := range []string{"sbom.cdx.json: sbom.cdx.json does not exist yet", "sbom.spdx3.json: sbom.spdx3.json does not exist yet"} {
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("check does not say %q:\n%s", want, strings.Join(msgs, "\n"))
		}
	}
	written, err := Write(root, res)
	if err != nil || strings.Join(written, " ") != "sbom.spdx.json sbom.cdx.json sbom.spdx3.json" {
		t.Fatalf("written %v, %v", written, err)
	}
	for _, p := range []string{"sbom.cdx.json", "sbom.spdx3.json"} {
		data := mustRead(t, root, p)
		fs, _, err := validate.Document(p, data, validate.Options{})
		if err != nil || rules.Failed(fs) {
			t.Errorf("%s does not validate: %v %+v", p, err, fs)
		}
	}
	if !strings.Contains(string(mustRead(t, root, "sbom.spdx3.json")), `"created": "2026-01-02T03:04:05Z"`) {
		t.Error("the SPDX 3 document of a fragment does not take its time from Now")
	}

	// Later, nothing changed: the derived documents are current although
	// the clock moved on.
	opts.Now = func() time.Time { return first.Add(48 * time.Hour) }
	again := run(t, opts)
	if s := Stale(again[0], "fix"); s != nil {
		t.Errorf("unchanged tree, yet stale: %+v", s)
	}

	// A hand edit to a derived document is reported and repaired.
	write(t, root, "sbom.cdx.json", "{}")
	again = run(t, opts)
	if s := Stale(again[0], "fix"); len(s) != 1 || s[0].File != "sbom.cdx.json" || !strings.Contains(s[0].Message, "no longer matches sbom.spdx.json") {
		t.Errorf("edited derived document: %+v", s)
	}

	// A vendored file changes: all three documents change, the derived ones
	// with the new time.
	write(t, root, "vendor/zlib/zlib.h", "b")
	again = run(t, opts)
	if written, err := Write(root, again); err != nil || len(written) != 3 {
		t.Fatalf("written %v, %v", written, err)
	}
	if !strings.Contains(string(mustRead(t, root, "sbom.spdx3.json")), `"created": "2026-01-04T03:04:05Z"`) {
		t.Error("the SPDX 3 document kept its old time although its content changed")
	}
	if _, err := os.Stat(filepath.Join(root, "sbom.cdx.json")); err != nil {
		t.Fatal(err)
	}
}
