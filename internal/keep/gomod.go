package keep

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/gomod"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// keepGoMod builds the module's document. Packages and the generated
// relationships are rebuilt from the module files; fields a human added to a
// package (a triaged licenseConcluded, a supplier) and document-level fields are
// kept. created and the namespace change only when the packages do, so an
// up-to-date document regenerates to the same bytes.
func keepGoMod(opts Options, s *config.SBOM, doc *spdx.Document, old []byte) (*spdx.Document, []rules.Finding) {
	rel := func(name string) string { return filepath.ToSlash(filepath.Join(s.GoMod.Dir, name)) }
	fail := func(file, msg, fix string) (*spdx.Document, []rules.Finding) {
		return nil, []rules.Finding{{Rule: rules.RuleGoSum, Severity: rules.Error, Blocking: true, File: file, SBOM: s.Path, Message: msg, Fix: fix}}
	}
	modData, err := opts.fs.Read(rel("go.mod"), safefile.MaxSmall)
	if isEscape(err) {
		return fail(rel("go.mod"), fmt.Sprintf("[sbom.gomod] dir %q is not read: %v", s.GoMod.Dir, err), "point [sbom.gomod] dir at a directory inside the root")
	}
	if err != nil {
		return fail(rel("go.mod"), fmt.Sprintf("reading go.mod for %s: %v", s.Path, err), "point [sbom.gomod] dir at the directory holding go.mod")
	}
	sum, err := readOptional(opts.fs, rel("go.sum"))
	if err != nil {
		return fail(rel("go.sum"), err.Error(), "")
	}
	vendored, err := readOptional(opts.fs, rel("vendor/modules.txt"))
	if err != nil {
		return fail(rel("vendor/modules.txt"), err.Error(), "")
	}
	build, problems, err := gomod.Read(rel("go.mod"), modData, sum, vendored)
	if err != nil {
		return fail(rel("go.mod"), err.Error(), "fix go.mod (go mod tidy)")
	}
	var findings []rules.Finding
	for _, p := range problems {
		findings = append(findings, rules.Finding{Rule: rules.RuleGoSum, Severity: rules.Error, File: rel(p.File), Line: p.Line, SBOM: s.Path, Message: p.Message, Fix: p.Fix})
	}

	if doc == nil {
		doc = &spdx.Document{SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT"}
	}
	previous := map[string]spdx.Package{}
	for _, p := range doc.Packages {
		previous[p.SPDXID] = p
	}
	// go.mod gives the main module no version; the config may declare one.
	build.Main.Version = s.GoMod.Version
	mainID := spdx.PackageID(build.Main.Path)
	pkgs := []spdx.Package{modulePackage(previous[mainID], build.Main, "APPLICATION")}
	rels := []spdx.Relationship{{SPDXElementID: "SPDXRef-DOCUMENT", RelatedSPDXElement: mainID, RelationshipType: "DESCRIBES"}}
	for _, m := range build.Requires {
		id := spdx.PackageID(m.Path)
		pkgs = append(pkgs, modulePackage(previous[id], m, "LIBRARY"))
		r := spdx.Relationship{SPDXElementID: mainID, RelatedSPDXElement: id, RelationshipType: "DEPENDS_ON"}
		if m.Indirect {
			r.Comment = "indirect"
		}
		rels = append(rels, r)
	}
	for _, r := range doc.Relationships {
		generated := r.RelationshipType == "DESCRIBES" && r.SPDXElementID == "SPDXRef-DOCUMENT" ||
			r.RelationshipType == "DEPENDS_ON" && r.SPDXElementID == mainID
		if !generated {
			rels = append(rels, r)
		}
	}
	before, _ := spdx.Marshal(struct {
		P []spdx.Package
		R []spdx.Relationship
	}{doc.Packages, doc.Relationships})
	doc.Packages, doc.Relationships = pkgs, rels
	after, _ := spdx.Marshal(struct {
		P []spdx.Package
		R []spdx.Relationship
	}{doc.Packages, doc.Relationships})
	if doc.Name == "" {
		doc.Name = build.Main.Path
		if s.GoMod.Name != "" {
			doc.Name = s.GoMod.Name
		}
	}
	if old == nil || string(before) != string(after) {
		sum := sha256.Sum256(after)
		doc.DocumentNamespace = fmt.Sprintf("https://spdx.org/spdxdocs/%s-%s", build.Main.Path, hex.EncodeToString(sum[:8]))
		if s.GoMod.Namespace != "" {
			doc.DocumentNamespace = s.GoMod.Namespace
		}
		if doc.CreationInfo == nil {
			doc.CreationInfo = &spdx.CreationInfo{}
		}
		doc.CreationInfo.Created = opts.Now().UTC().Format(time.RFC3339)
		creators := []string{"Tool: sbomkeeper"}
		if s.GoMod.Creator != "" {
			creators = append(creators, s.GoMod.Creator)
		}
		for _, c := range doc.CreationInfo.Creators {
			if !slices.Contains(creators, c) {
				creators = append(creators, c)
			}
		}
		doc.CreationInfo.Creators = creators
	}
	return doc, findings
}

// modulePackage updates a previous package entry (or a new one) for module m.
func modulePackage(p spdx.Package, m gomod.Module, purpose string) spdx.Package {
	p.SPDXID = spdx.PackageID(m.Path)
	p.Name = m.Path
	version := m.Version
	purlPath := m.Path
	if m.Replaced != "" && !m.Local {
		purlPath, version, _ = cut(m.Replaced)
	}
	p.VersionInfo = version
	if p.DownloadLocation == "" {
		p.DownloadLocation = "NOASSERTION"
	}
	if p.FilesAnalyzed == nil {
		f := false
		p.FilesAnalyzed = &f
	}
	if p.LicenseConcluded == "" {
		p.LicenseConcluded = "NOASSERTION"
	}
	if p.PrimaryPackagePurpose == "" {
		p.PrimaryPackagePurpose = purpose
	}
	ref := spdx.ExternalRef{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl", ReferenceLocator: gomod.PURL(purlPath, version)}
	refs := []spdx.ExternalRef{ref}
	for _, r := range p.ExternalRefs {
		if r.ReferenceType != "purl" {
			refs = append(refs, r)
		}
	}
	p.ExternalRefs = refs
	if m.Local {
		p.Comment = "replaced by the local directory " + m.Replaced
	} else if m.Replaced != "" {
		p.Comment = "replaced by " + m.Replaced
	}
	return p
}

func cut(pathAtVersion string) (string, string, bool) {
	for i := len(pathAtVersion) - 1; i >= 0; i-- {
		if pathAtVersion[i] == '@' {
			return pathAtVersion[:i], pathAtVersion[i+1:], true
		}
	}
	return pathAtVersion, "", false
}

func readOptional(root *safefile.Root, rel string) ([]byte, error) {
	data, err := root.Read(rel, safefile.MaxSmall)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}
