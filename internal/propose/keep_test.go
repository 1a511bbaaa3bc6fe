package propose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/evidence"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// TestSyntheticTreeKeptAfterInit: what init writes for every evidence kind
// is a config and SBOM regen keeps without an error, offline, with each
// package's files as proposed.
func TestSyntheticTreeKeptAfterInit(t *testing.T) {
	root := syntheticTree(t)
	res, err := evidence.Scan(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	p := Propose(res)
	cfgFile := filepath.Join(root, "sbomkeeper.toml")
	when := time.Unix(1700000000, 0)
	cfgData, sbomData, err := Files(root, cfgFile, p, Options{SBOM: "sbom.spdx.json", Lock: "sbom.lock.toml", Name: "synthetic SBOM", Tool: "sbomkeeper-test", Created: when})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfgFile, cfgData, 0o644)
	os.WriteFile(filepath.Join(root, "sbom.spdx.json"), sbomData, 0o644)
	cfg, err := config.Load(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	results, findings, err := keep.Run(context.Background(), keep.Options{Root: root, Config: cfg, Now: func() time.Time { return when }})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		findings = append(findings, r.Findings...)
	}
	for _, f := range findings {
		if f.Severity == rules.Error {
			t.Errorf("regen after init: %s: %s (fix: %s)", f.Rule, f.Message, f.Fix)
		}
	}
	if len(results) != 1 || results[0].New == nil {
		t.Fatalf("no document generated")
	}
	doc, err := spdx.Parse(results[0].New)
	if err != nil {
		t.Fatal(err)
	}
	got := filesByPackage(doc)
	for _, pkg := range p.Packages {
		if strings.Join(got[pkg.Name], " ") != strings.Join(pkg.Files, " ") {
			t.Errorf("%s: regen selects %q, init proposed %q", pkg.Name, got[pkg.Name], pkg.Files)
		}
	}
	if w := got["demo"]; len(w) != 1 || w[0] != "ensure/_bundled/demo-2.0-py3-none-any.whl" {
		t.Errorf("the bundle's file: %q", w)
	}
}

func filesByPackage(d *spdx.Document) map[string][]string {
	names := map[string]string{}
	for _, p := range d.Packages {
		names[p.SPDXID] = p.Name
	}
	files := map[string]string{}
	for _, f := range d.Files {
		files[f.SPDXID] = f.FileName
	}
	out := map[string][]string{}
	for _, r := range d.Relationships {
		if r.RelationshipType == "CONTAINS" {
			out[names[r.SPDXElementID]] = append(out[names[r.SPDXElementID]], files[r.RelatedSPDXElement])
		}
	}
	return out
}
