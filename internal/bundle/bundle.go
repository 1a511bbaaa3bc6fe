package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/tree"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// Found is a bundle as discovered in the tree.
type Found struct {
	Config config.Bundle
	// Path of the artifact relative to the root; "" when it is absent
	// (debundled), and then Wheel is nil.
	Path  string
	Wheel *wheel.Wheel
}

// Present reports whether the artifact is in the tree.
func (f *Found) Present() bool { return f.Wheel != nil }

// Discover finds the bundle's artifact. No artifact is not an error: it means
// a redistributor removed it. Two where exactly one is declared, or other
// files beside it when others = "error", are errors naming the files.
func Discover(root string, b config.Bundle) (*Found, error) {
	entries, err := tree.Glob(root, b.Path)
	if err != nil {
		return nil, fmt.Errorf("bundle %q: expanding %q: %w", b.Name, b.Path, err)
	}
	var matched []string
	for _, e := range entries {
		if !e.IsDir && !strings.HasSuffix(e.Path, "/") {
			matched = append(matched, e.Path)
		}
	}
	if b.Others == config.OthersError {
		dir := path.Dir(b.Path)
		names, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("bundle %q: %w", b.Name, err)
		}
		var unexpected []string
		for _, n := range names {
			p := path.Join(dir, n.Name())
			if !slices.Contains(matched, p) {
				unexpected = append(unexpected, p)
			}
		}
		if len(unexpected) > 0 {
			return nil, fmt.Errorf("bundle %q: unexpected file beside %s: %s (remove it, or set others = \"ignore\")", b.Name, b.Path, strings.Join(unexpected, ", "))
		}
	}
	if len(matched) > 1 && b.ExactlyOne {
		return nil, fmt.Errorf("bundle %q: %d files match %s where exactly one is declared: %s", b.Name, len(matched), b.Path, strings.Join(matched, ", "))
	}
	if len(matched) > 1 {
		return nil, fmt.Errorf("bundle %q: %d files match %s; sbomkeeper describes one artifact per bundle: %s", b.Name, len(matched), b.Path, strings.Join(matched, ", "))
	}
	found := &Found{Config: b}
	if len(matched) == 0 {
		return found, nil
	}
	w, err := wheel.Open(filepath.Join(root, filepath.FromSlash(matched[0])), wheel.Options{Vendored: b.Vendored})
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %w", b.Name, err)
	}
	found.Path, found.Wheel = matched[0], w
	return found, nil
}

// Requests are the index look-ups the bundle needs: the artifact itself (by
// file name) and the first wheel of every vendored pin.
func (f *Found) Requests() []pypi.Request {
	if !f.Present() {
		return nil
	}
	reqs := []pypi.Request{{Project: f.Config.Name, Version: f.Wheel.Name.Version, Filename: f.Wheel.Filename}}
	for _, p := range f.Wheel.Vendored {
		reqs = append(reqs, pypi.Request{Project: p.Name, Version: p.Version})
	}
	return reqs
}

// Names are the SPDX package names the bundle contributes.
func (f *Found) Names() []string {
	if !f.Present() {
		return nil
	}
	names := []string{f.Config.Name}
	for _, p := range f.Wheel.Vendored {
		names = append(names, p.Name)
	}
	return names
}

// PURL returns a pypi Package URL for a vendored project in the configured
// style. The PURL spec's pypi form lower-cases the name and turns '_' into '-'
// (and nothing else: a '.' stays).
func PURL(style, name, version string) string {
	name = strings.ToLower(name)
	if style == config.PURLCanonical {
		name = strings.ReplaceAll(name, "_", "-")
	}
	return "pkg:pypi/" + name + "@" + version
}

// Debundle removes the bundle's package, every package it DEPENDS_ON, and the
// relationships that name any of them, as CPython does when the wheel is gone.
// It returns the removed names.
func Debundle(doc *spdx.Document, name string) []string {
	id := spdx.PackageID(name)
	remove := map[string]bool{id: true}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "DEPENDS_ON" && r.SPDXElementID == id {
			remove[r.RelatedSPDXElement] = true
		}
	}
	var removed []string
	doc.Packages = slices.DeleteFunc(doc.Packages, func(p spdx.Package) bool {
		if remove[p.SPDXID] {
			removed = append(removed, p.Name)
			return true
		}
		return false
	})
	doc.Relationships = slices.DeleteFunc(doc.Relationships, func(r spdx.Relationship) bool {
		return remove[r.RelatedSPDXElement] || remove[r.SPDXElementID]
	})
	return removed
}

// MissingEntryError is a vendored project with no human-written package entry.
type MissingEntryError struct {
	Bundle, Project, Version, VendorTxt string
	Line                                int
}

func (e *MissingEntryError) Error() string {
	return fmt.Sprintf("%s vendors %s %s (%s line %d) but the SBOM has no package entry for it", e.Bundle, e.Project, e.Version, e.VendorTxt, e.Line)
}

// Snippet is the entry to add: licenseConcluded is for a person to triage.
func (e *MissingEntryError) Snippet() string {
	return fmt.Sprintf(`{"SPDXID": %q, "name": %q, "licenseConcluded": "NOASSERTION"}`, spdx.PackageID(e.Project), e.Project)
}

// Apply writes what is known of the bundle into doc: the vendored projects'
// entries are updated in place (a person wrote them and triaged their
// licenses), the bundle's own package is rebuilt and moved to the end, as
// CPython's script does. answers maps each request to the index's answer; a
// missing answer (offline, nothing locked) leaves the download location and
// checksum as they were, which is only right when the version did not change:
// otherwise Apply returns an error saying the index is needed.
// The DEPENDS_ON relationships, sorted by ID, are returned for the caller to
// put first, where CPython puts them.
func Apply(doc *spdx.Document, f *Found, answers map[pypi.Request]pypi.Entry) ([]spdx.Relationship, error) {
	b := f.Config
	var ids []string
	for _, pin := range f.Wheel.Vendored {
		id := spdx.PackageID(pin.Name)
		i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.SPDXID == id })
		if i < 0 {
			return nil, &MissingEntryError{b.Name, pin.Name, pin.Version, f.Wheel.VendorTxt, pin.Line}
		}
		p := &doc.Packages[i]
		ans, ok := answers[pypi.Request{Project: pin.Name, Version: pin.Version}]
		if !ok && p.VersionInfo != pin.Version {
			return nil, fmt.Errorf("%s now vendors %s %s (was %q); its download URL and SHA256 must come from the index: run with --online", b.Name, pin.Name, pin.Version, p.VersionInfo)
		}
		p.SPDXID, p.Name, p.VersionInfo = id, pin.Name, pin.Version
		if ok {
			p.DownloadLocation = ans.URL
			p.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: ans.SHA256}}
		}
		// The references are derived, so they are replaced whole, as CPython does.
		p.ExternalRefs = vendoredRefs(b, pin)
		p.PrimaryPackagePurpose = "SOURCE"
		ids = append(ids, id)
	}
	bundleID := spdx.PackageID(b.Name)
	rels := dependsOn(bundleID, ids)

	version := f.Wheel.Name.Version
	var pkg spdx.Package
	if i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == b.Name }); i >= 0 {
		pkg = doc.Packages[i]
		doc.Packages = slices.Delete(doc.Packages, i, i+1)
	}
	ans, ok := answers[pypi.Request{Project: b.Name, Version: version, Filename: f.Wheel.Filename}]
	switch {
	case ok:
		pkg.DownloadLocation = ans.URL
	case pkg.VersionInfo != version:
		return nil, fmt.Errorf("%s is now %s (was %q); its download URL must come from the index: run with --online", b.Name, version, pkg.VersionInfo)
	}
	pkg.SPDXID, pkg.Name, pkg.VersionInfo = bundleID, b.Name, version
	if b.Originator != "" {
		pkg.Originator = b.Originator
	}
	if pkg.LicenseConcluded == "" {
		pkg.LicenseConcluded = "NOASSERTION"
	}
	pkg.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: f.Wheel.SHA256}}
	pkg.ExternalRefs = bundleRefs(b, version)
	pkg.PrimaryPackagePurpose = "SOURCE"
	doc.Packages = append(doc.Packages, pkg)
	return rels, nil
}

// bundleRefs are the bundle's own CPE (when configured) and PURL.
func bundleRefs(b config.Bundle, version string) []spdx.ExternalRef {
	var refs []spdx.ExternalRef
	if b.CPE != "" {
		refs = append(refs, spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: expand(b.CPE, version)})
	}
	return append(refs, spdx.ExternalRef{ReferenceCategory: b.ReferenceCategory, ReferenceType: "purl", ReferenceLocator: expand(b.PURL, version)})
}

// vendoredRefs is a vendored project's one reference, its PURL: derived, so
// replaced whole, as CPython does.
func vendoredRefs(b config.Bundle, pin wheel.Pin) []spdx.ExternalRef {
	return []spdx.ExternalRef{{ReferenceCategory: b.ReferenceCategory, ReferenceType: "purl", ReferenceLocator: PURL(b.PURLNames, pin.Name, pin.Version)}}
}

// dependsOn is the bundle's DEPENDS_ON relationships, sorted by ID.
func dependsOn(id string, deps []string) []spdx.Relationship {
	deps = slices.Clone(deps)
	slices.Sort(deps)
	deps = slices.Compact(deps)
	rels := make([]spdx.Relationship, 0, len(deps))
	for _, dep := range deps {
		rels = append(rels, spdx.Relationship{SPDXElementID: id, RelatedSPDXElement: dep, RelationshipType: "DEPENDS_ON"})
	}
	return rels
}

func expand(template, version string) string {
	return strings.ReplaceAll(template, "{version}", version)
}

// Fresh writes the bundle into an artifact's document the way CPython's release
// tools do: any entries for it (from the source SBOM) are removed, each vendored
// project gets a new entry whose license is left to people (NOASSERTION), and
// the bundle's package is added. Every answer must be known. It returns the
// bundle's DEPENDS_ON relationships, sorted by ID.
func Fresh(doc *spdx.Document, f *Found, answers map[pypi.Request]pypi.Entry, ids *spdx.IDs) ([]spdx.Relationship, error) {
	b := f.Config
	Debundle(doc, b.Name)
	var depIDs []string
	for _, pin := range f.Wheel.Vendored {
		ans, ok := answers[pypi.Request{Project: pin.Name, Version: pin.Version}]
		if !ok {
			return nil, fmt.Errorf("no package index answer for %s %s, which %s vendors", pin.Name, pin.Version, b.Name)
		}
		id := ids.For("SPDXRef-PACKAGE-", pin.Name)
		depIDs = append(depIDs, id)
		doc.Packages = append(doc.Packages, spdx.Package{
			SPDXID: id, Name: pin.Name, VersionInfo: pin.Version, DownloadLocation: ans.URL,
			Checksums:             []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: ans.SHA256}},
			ExternalRefs:          vendoredRefs(b, pin),
			PrimaryPackagePurpose: "SOURCE", LicenseConcluded: "NOASSERTION",
		})
	}
	version := f.Wheel.Name.Version
	ans, ok := answers[pypi.Request{Project: b.Name, Version: version, Filename: f.Wheel.Filename}]
	if !ok {
		return nil, fmt.Errorf("no package index answer for %s", f.Wheel.Filename)
	}
	if !strings.EqualFold(ans.SHA256, f.Wheel.SHA256) {
		return nil, &DigestError{File: f.Path, Index: ans.SHA256, Actual: f.Wheel.SHA256}
	}
	id := ids.For("SPDXRef-PACKAGE-", b.Name)
	pkg := spdx.Package{
		SPDXID: id, Name: b.Name, VersionInfo: version, Originator: b.Originator, LicenseConcluded: "NOASSERTION",
		DownloadLocation: ans.URL, Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: f.Wheel.SHA256}},
		PrimaryPackagePurpose: "SOURCE", ExternalRefs: bundleRefs(b, version),
	}
	doc.Packages = append(doc.Packages, pkg)
	return dependsOn(id, depIDs), nil
}

// DigestError is an artifact whose SHA256 differs from the package index's.
type DigestError struct {
	File, Index, Actual string
}

func (e *DigestError) Error() string {
	return fmt.Sprintf("the SHA256 of %s (%s) differs from the package index's (%s)", e.File, e.Actual, e.Index)
}

// FromWheel is a Found for a wheel read from memory (inside an artifact).
func FromWheel(b config.Bundle, name string, data []byte) (*Found, error) {
	w, err := wheel.Read(bytes.NewReader(data), int64(len(data)), path.Base(name), wheel.Options{Vendored: b.Vendored})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	w.SHA256 = hex.EncodeToString(sum[:])
	return &Found{Config: b, Path: name, Wheel: w}, nil
}
