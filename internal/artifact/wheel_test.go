package artifact

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

func makeWheel(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl")
	f, _ := os.Create(path)
	zw := zip.NewWriter(f)
	var record string
	for _, m := range [][2]string{{"demo/__init__.py", ""}, {"demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n\n"}} {
		w, _ := zw.Create(m[0])
		w.Write([]byte(m[1]))
		record += fmt.Sprintf("%s,%s,%d\n", m[0], wheelsbom.RecordDigest([]byte(m[1])), len(m[1]))
	}
	w, _ := zw.Create("demo-1.0.dist-info/RECORD")
	w.Write([]byte(record + "demo-1.0.dist-info/RECORD,,\n"))
	zw.Close()
	f.Close()
	return path
}

// TestWheelNeedsNoKind: a wheel no [[artifact.kind]] matches, with or without
// an [artifact] section, gets the wheel's own SBOM; the section's supplier is
// used when there is one.
func TestWheelNeedsNoKind(t *testing.T) {
	path := makeWheel(t)
	withConfig := options(t)
	for _, opts := range []Options{{Now: time.Unix(0, 0), Tool: "Tool: test"}, withConfig} {
		data, err := Generate(context.Background(), path, opts)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := spdx.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		top := doc.Packages[0]
		if top.Name != "demo" || top.PackageFileName != "demo-1.0-py3-none-any.whl" || len(doc.Files) != 3 {
			t.Fatalf("%+v, %d files", top, len(doc.Files))
		}
		if opts.Config != nil && top.Supplier != opts.Config.Supplier {
			t.Errorf("supplier %q", top.Supplier)
		}
		if !strings.Contains(strings.Join(doc.CreationInfo.Creators, ","), "Tool: test") {
			t.Errorf("creators %q", doc.CreationInfo.Creators)
		}
	}
	// Anything else no kind matches is still an error naming the kinds.
	if _, err := Generate(context.Background(), filepath.Join(t.TempDir(), "x.rpm"), withConfig); err == nil || !strings.Contains(err.Error(), "matches no [[artifact.kind]]") {
		t.Fatalf("%v", err)
	}
}
