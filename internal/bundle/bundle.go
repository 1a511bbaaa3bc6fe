package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/tree"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

// Found is a bundle as discovered in the tree.
type Found struct {
	Config config.Bundle
	// Path of the artifact relative to the root; "" when it is absent
	// (debundled), and then Wheel is nil.
	Path  string
	Wheel *wheel.Wheel
	// Vendored are the projects of every vendored tree, in order; AssignIDs
	// gives them their SPDX IDs. A wheel without a vendored tree in the
	// config that carries SBOMs (PEP 770) has the projects they name.
	Vendored []Vendored
	// Carried are the SBOMs the wheel carries, checked against it.
	Carried *wheelsbom.Carried
	// Problems are where the carried SBOMs disagree with the wheel or with
	// its vendored trees, each naming the SBOM and the file or project.
	Problems []string
}

// Vendored is one vendored project of a bundle.
type Vendored struct {
	wheel.Project
	Dir string // the tree inside the wheel, e.g. "pip/_vendor"
	// ID is the project's SPDX ID: SPDXRef-PACKAGE-<name>, or, when another
	// package of the document has that name, SPDXRef-PACKAGE-<tree>-<name>
	// (see AssignIDs).
	ID string
	// Source is where a declared version came from, as the config says.
	Source string
	// Unindexed projects are not looked up in the package index.
	Unindexed bool
	// PURL is the one an SBOM the wheel carries gives; "" means the
	// config's style (PURL).
	PURL string
}

// Present reports whether the artifact is in the tree.
func (f *Found) Present() bool { return f.Wheel != nil }

// Discover finds the bundle's artifact. No artifact is not an error: it means
// a redistributor removed it. Two where exactly one is declared, or other
// files beside it when others = "error", are errors naming the files.
// Files that siblings (the other bundles of the same document) select are not
// "other files": CPython 3.11 ships pip and setuptools side by side.
func Discover(root string, b config.Bundle, siblings ...config.Bundle) (*Found, error) {
	// The wheel and its directory are read through the root: a symbolic link
	// in the tree must not make the run read a wheel from outside it.
	r, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %w", b.Name, err)
	}
	defer r.Close()
	matched, err := match(root, b)
	if err != nil {
		return nil, err
	}
	if b.Others == config.OthersError {
		claimed := slices.Clone(matched)
		for _, sib := range siblings {
			m, err := match(root, sib)
			if err != nil {
				return nil, err
			}
			claimed = append(claimed, m...)
		}
		dir := path.Dir(b.Path)
		names, err := r.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("bundle %q: [[sbom.bundle]] path %q: %w", b.Name, b.Path, err)
		}
		var unexpected []string
		for _, n := range names {
			p := path.Join(dir, n.Name())
			if !slices.Contains(claimed, p) {
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
	f, err := r.Open(matched[0])
	if err != nil {
		return nil, fmt.Errorf("bundle %q: [[sbom.bundle]] path %q: %w", b.Name, b.Path, err)
	}
	defer f.Close()
	w, err := wheel.OpenFile(f, filepath.Join(root, filepath.FromSlash(matched[0])), Options(b))
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %w", b.Name, err)
	}
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %w", b.Name, err)
	}
	carried, err := wheelsbom.Carry(f, st.Size(), w.Filename)
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %s: %w", b.Name, matched[0], err)
	}
	found.Path, found.Wheel = matched[0], w
	found.Carried = carried
	found.Vendored, found.Problems = vendored(b, w, carried)
	return found, nil
}

// Err is the bundle's problems as one error naming each, or nil: a release
// SBOM is not written from a wheel whose own SBOMs contradict it.
func (f *Found) Err() error {
	if len(f.Problems) == 0 {
		return nil
	}
	return fmt.Errorf("bundle %q: %s: %s", f.Config.Name, f.Path, strings.Join(f.Problems, "; "))
}

// match returns the files b's path selects.
func match(root string, b config.Bundle) ([]string, error) {
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
	return matched, nil
}

// Options are the wheel reader's options for a bundle's config.
func Options(b config.Bundle) wheel.Options {
	opts := wheel.Options{Vendored: b.Vendored, Files: b.Files}
	for _, t := range b.Vendor {
		spec := wheel.TreeSpec{Dir: t.Dir, List: t.List, Names: t.Names}
		for _, p := range t.Projects {
			spec.Declared = append(spec.Declared, wheel.Declared{Name: p.Name, Version: p.Version, Modules: p.Modules})
		}
		opts.Trees = append(opts.Trees, spec)
	}
	return opts
}

// vendored flattens the wheel's trees, with the config's sources of declared
// versions. IDs are plain until AssignIDs says otherwise. When the config
// names no tree, the projects are those the SBOMs the wheel carries name; when
// it does, the carried SBOMs must name the same projects at the same versions
// (each difference is a problem) and give their PURLs.
func vendored(b config.Bundle, w *wheel.Wheel, carried *wheelsbom.Carried) ([]Vendored, []string) {
	out := fromTrees(b, w)
	problems := slices.Clone(carried.Problems)
	// Only Python projects are vendored projects: an SBOM that auditwheel
	// embeds names the shared libraries it grafted in (pkg:generic, pkg:deb),
	// which are not looked up in the package index nor held by a vendored tree.
	var projects []wheelsbom.Project
	for _, p := range carried.Projects {
		if p.PURL == "" || strings.HasPrefix(p.PURL, "pkg:pypi/") {
			projects = append(projects, p)
		}
	}
	if len(projects) == 0 {
		return out, problems
	}
	if len(w.Trees) == 0 {
		top := strings.ToLower(strings.ReplaceAll(w.Name.Distribution, "-", "_"))
		for _, p := range projects {
			out = append(out, Vendored{Project: wheel.Project{Name: p.Name, Version: p.Version, From: p.From}, Dir: top, ID: spdx.PackageID(p.Name), PURL: p.PURL})
		}
		return out, problems
	}
	for i := range out {
		v := &out[i]
		i := slices.IndexFunc(projects, func(p wheelsbom.Project) bool { return wheel.Normalize(p.Name) == wheel.Normalize(v.Name) })
		var cp wheelsbom.Project
		if i >= 0 {
			cp = projects[i]
		}
		switch {
		case i < 0:
			problems = append(problems, fmt.Sprintf("the wheel vendors %s %s (%s), which no SBOM it carries names", v.Name, v.Version, v.From))
		case cp.Version != v.Version:
			problems = append(problems, fmt.Sprintf("%s says %s %s, but the wheel vendors %s (%s)", cp.From, cp.Name, cp.Version, v.Version, v.From))
		default:
			v.PURL = cp.PURL
		}
	}
	for _, cp := range projects {
		if !slices.ContainsFunc(out, func(v Vendored) bool { return wheel.Normalize(v.Name) == wheel.Normalize(cp.Name) }) {
			problems = append(problems, fmt.Sprintf("%s names %s %s, which the wheel's vendored trees do not hold", cp.From, cp.Name, cp.Version))
		}
	}
	return out, problems
}

// fromTrees are the projects of the wheel's vendored trees.
func fromTrees(b config.Bundle, w *wheel.Wheel) []Vendored {
	var out []Vendored
	for _, t := range w.Trees {
		for _, p := range t.Projects {
			v := Vendored{Project: p, Dir: t.Dir, ID: spdx.PackageID(p.Name)}
			for _, ct := range b.Vendor {
				for _, cp := range ct.Projects {
					if ct.Dir == t.Dir && wheel.Normalize(cp.Name) == wheel.Normalize(p.Name) {
						v.Source, v.Unindexed = cp.Source, cp.Unindexed
					}
				}
			}
			out = append(out, v)
		}
	}
	return out
}

// AssignIDs gives every vendored project of the present bundles its SPDX ID.
// CPython's rule, SPDXRef-PACKAGE-<name>, holds wherever the name is the only
// one of its kind in the document; when it is not (pip vendors setuptools
// 44.0.0 beside the setuptools 65.5.0 wheel; packaging is vendored by pip and
// by both of setuptools' trees), every vendored project of that name is
// qualified by its tree's top-level package: SPDXRef-PACKAGE-pip-setuptools,
// SPDXRef-PACKAGE-pkg-resources-packaging. Packages a person declared and the
// bundles themselves keep their plain IDs. taken are the IDs of the document's
// other packages. Two packages that would still share an ID are an error
// naming both: never a merge.
func AssignIDs(taken []string, found []*Found) error {
	count := map[string]int{}
	for _, id := range taken {
		count[id]++
	}
	for _, f := range found {
		if f.Present() {
			count[spdx.PackageID(f.Config.Name)]++
		}
	}
	for _, f := range found {
		for _, v := range f.Vendored {
			count[spdx.PackageID(v.Name)]++
		}
	}
	owner := map[string]string{}
	for _, id := range taken {
		owner[id] = id
	}
	for _, f := range found {
		if f.Present() {
			owner[spdx.PackageID(f.Config.Name)] = "bundle " + f.Config.Name
		}
	}
	var clashes []string
	for _, f := range found {
		for i := range f.Vendored {
			v := &f.Vendored[i]
			v.ID = spdx.PackageID(v.Name)
			if count[v.ID] > 1 {
				top, _, _ := strings.Cut(v.Dir, "/")
				v.ID = spdx.PackageID(top + "-" + v.Name)
			}
			what := fmt.Sprintf("%s %s vendored in %s/ of %s", v.Name, v.Version, v.Dir, f.Path)
			if prev, dup := owner[v.ID]; dup {
				clashes = append(clashes, fmt.Sprintf("%s: %s and %s", v.ID, prev, what))
				continue
			}
			owner[v.ID] = what
		}
	}
	if len(clashes) > 0 {
		return fmt.Errorf("packages that would share an SPDX ID (sbomkeeper never merges two packages into one): %s; rename one of the declared packages, or vendor each project once per tree", strings.Join(clashes, "; "))
	}
	return nil
}

// Requests are the index look-ups the bundle needs: the artifact itself (by
// file name) and the first wheel of every vendored pin.
func (f *Found) Requests() []pypi.Request {
	if !f.Present() {
		return nil
	}
	reqs := []pypi.Request{{Project: f.Config.IndexProject(), Version: f.Wheel.Name.Version, Filename: f.Wheel.Filename}}
	for _, v := range f.Vendored {
		if v.Unindexed {
			continue
		}
		r := pypi.Request{Project: v.Name, Version: v.Version}
		if !slices.Contains(reqs, r) {
			reqs = append(reqs, r)
		}
	}
	return reqs
}

// Names are the SPDX package names the bundle contributes.
func (f *Found) Names() []string {
	if !f.Present() {
		return nil
	}
	names := []string{f.Config.Name}
	for _, v := range f.Vendored {
		names = append(names, v.Name)
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

// Missing is a vendored project with no human-written package entry.
type Missing struct {
	ID, Project, Version string
	From                 string // where the project was found: "pip/_vendor/vendor.txt:12"
}

// MissingEntriesError lists every vendored project of a bundle that has no
// human-written entry, so that one run says all there is to add.
type MissingEntriesError struct {
	Bundle  string
	Missing []Missing
}

func (e *MissingEntriesError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = fmt.Sprintf("%s %s (%s)", m.Project, m.Version, m.From)
	}
	what := "projects that have"
	if len(e.Missing) == 1 {
		what = "project that has"
	}
	return fmt.Sprintf("%s vendors %d %s no package entry in the SBOM: %s", e.Bundle, len(e.Missing), what, strings.Join(parts, ", "))
}

// Snippet is the JSON to add to the SBOM's packages: licenseConcluded is for
// a person to triage; regen fills in everything else.
func (e *MissingEntriesError) Snippet() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = fmt.Sprintf(`{"SPDXID": %q, "name": %q, "licenseConcluded": "NOASSERTION"}`, m.ID, m.Project)
	}
	return strings.Join(parts, ", ")
}

// ApplyOptions tune Apply.
//
// An entry is renamed when the collisions of names changed: updating the
// setuptools wheel so that it no longer vendors typing_extensions turns pip's
// SPDXRef-PACKAGE-pip-typing-extensions back into SPDXRef-PACKAGE-typing-extensions.
type ApplyOptions struct {
	// Add creates an entry for a vendored project that has none.
	Add bool
	// Taken are the IDs the document's packages are meant to have (declared
	// packages, bundles, every vendored project): an entry under another ID
	// with a vendored project's name is that project's, renamed when a
	// collision of names came or went.
	Taken map[string]bool
}

// renameEntry finds the entry a person wrote for v under the other form of
// its ID (plain or qualified, see AssignIDs), moves it to v.ID with every
// field it has, and points relationships at the new ID. It returns the
// entry's index, or -1.
func renameEntry(doc *spdx.Document, v Vendored, taken map[string]bool) int {
	i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == v.Name && !taken[p.SPDXID] })
	if i < 0 || taken == nil {
		return -1
	}
	old := doc.Packages[i].SPDXID
	doc.Packages[i].SPDXID = v.ID
	for j := range doc.Relationships {
		r := &doc.Relationships[j]
		if r.SPDXElementID == old {
			r.SPDXElementID = v.ID
		}
		if r.RelatedSPDXElement == old {
			r.RelatedSPDXElement = v.ID
		}
	}
	return i
}

// Apply writes what is known of the bundle into doc: the vendored projects'
// entries are updated in place (a person wrote them and triaged their
// licenses), the bundle's own package is rebuilt and moved to the end, as
// CPython's script does. answers maps each request to the index's answer; a
// missing answer (offline, nothing locked) leaves the download location and
// checksum as they were, which is only right when the version did not change:
// otherwise Apply says the index is needed. With add, a vendored project
// without an entry gets one (license NOASSERTION, for a person to triage) and
// is reported in added; without it, all of them are one *MissingEntriesError.
// Every problem of the bundle is returned, not the first.
// The DEPENDS_ON relationships, sorted by ID, are returned for the caller to
// put first, where CPython puts them.
func Apply(doc *spdx.Document, f *Found, answers map[pypi.Request]pypi.Entry, opts ApplyOptions) (rels []spdx.Relationship, changed Changes, errs []error) {
	b := f.Config
	var ids []string
	missing := &MissingEntriesError{Bundle: b.Name}
	for _, v := range f.Vendored {
		i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.SPDXID == v.ID })
		if i < 0 {
			i = renameEntry(doc, v, opts.Taken)
			if i >= 0 {
				changed.Renamed = append(changed.Renamed, fmt.Sprintf("%s %s, now %s", v.Name, v.Version, v.ID))
			}
		}
		if i < 0 && opts.Add {
			entry := spdx.Package{SPDXID: v.ID, Name: v.Name, LicenseConcluded: "NOASSERTION"}
			if v.Unindexed {
				entry.DownloadLocation = "NOASSERTION"
			}
			doc.Packages = append(doc.Packages, entry)
			i = len(doc.Packages) - 1
			changed.Added = append(changed.Added, fmt.Sprintf("%s %s (%s)", v.Name, v.Version, v.ID))
		}
		if i < 0 {
			missing.Missing = append(missing.Missing, Missing{ID: v.ID, Project: v.Name, Version: v.Version, From: v.From})
			continue
		}
		p := &doc.Packages[i]
		ans, ok := answers[pypi.Request{Project: v.Name, Version: v.Version}]
		if v.Unindexed {
			ok = false // what a person wrote stands
		} else if !ok && p.VersionInfo != v.Version {
			errs = append(errs, fmt.Errorf("%s now vendors %s %s (was %q); its download URL and SHA256 must come from the index: run with --online", b.Name, v.Name, v.Version, p.VersionInfo))
			continue
		}
		p.Name, p.VersionInfo = v.Name, v.Version
		if ok {
			p.DownloadLocation = ans.URL
			p.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: ans.SHA256}}
		}
		// The references are derived, so they are replaced whole, as CPython does.
		p.ExternalRefs = vendoredRefs(b, v)
		p.PrimaryPackagePurpose = "SOURCE"
		ids = append(ids, v.ID)
	}
	if len(missing.Missing) > 0 {
		errs = append(errs, missing)
	}
	bundleID := spdx.PackageID(b.Name)
	rels = dependsOn(bundleID, ids)

	version := f.Wheel.Name.Version
	var pkg spdx.Package
	if i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.SPDXID == bundleID }); i >= 0 {
		pkg = doc.Packages[i]
		doc.Packages = slices.Delete(doc.Packages, i, i+1)
	}
	ans, ok := answers[pypi.Request{Project: b.IndexProject(), Version: version, Filename: f.Wheel.Filename}]
	switch {
	case ok:
		pkg.DownloadLocation = ans.URL
	case pkg.VersionInfo != version:
		errs = append(errs, fmt.Errorf("%s is now %s (was %q); its download URL must come from the index: run with --online", b.Name, version, pkg.VersionInfo))
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
	return rels, changed, errs
}

// Changes are the entries Apply added or renamed, for the person to review.
type Changes struct {
	Added, Renamed []string
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
// replaced whole, as CPython does. An SBOM the wheel carries has the last word
// on it.
func vendoredRefs(b config.Bundle, v Vendored) []spdx.ExternalRef {
	purl := v.PURL
	if purl == "" {
		purl = PURL(b.PURLNames, v.Name, v.Version)
	}
	return []spdx.ExternalRef{{ReferenceCategory: b.ReferenceCategory, ReferenceType: "purl", ReferenceLocator: purl}}
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
// the bundle's package is added. Every answer must be known. The vendored
// projects' IDs are those AssignIDs gave them, made unique against the
// document's by ids. It returns the bundle's package ID and its DEPENDS_ON
// relationships, sorted by ID.
func Fresh(doc *spdx.Document, f *Found, answers map[pypi.Request]pypi.Entry, ids *spdx.IDs) (string, []spdx.Relationship, error) {
	b := f.Config
	Debundle(doc, b.Name)
	var depIDs, unanswered []string
	for _, v := range f.Vendored {
		ans, ok := answers[pypi.Request{Project: v.Name, Version: v.Version}]
		checksums := []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: ans.SHA256}}
		switch {
		case v.Unindexed:
			ans.URL, checksums = "NOASSERTION", nil
		case !ok:
			unanswered = append(unanswered, v.Name+" "+v.Version)
			continue
		}
		id := ids.For("", v.ID)
		depIDs = append(depIDs, id)
		doc.Packages = append(doc.Packages, spdx.Package{
			SPDXID: id, Name: v.Name, VersionInfo: v.Version, DownloadLocation: ans.URL,
			Checksums:             checksums,
			ExternalRefs:          vendoredRefs(b, v),
			PrimaryPackagePurpose: "SOURCE", LicenseConcluded: "NOASSERTION",
		})
	}
	if len(unanswered) > 0 {
		return "", nil, fmt.Errorf("no package index answer for %s, which %s vendors", strings.Join(unanswered, ", "), b.Name)
	}
	version := f.Wheel.Name.Version
	ans, ok := answers[pypi.Request{Project: b.IndexProject(), Version: version, Filename: f.Wheel.Filename}]
	if !ok {
		return "", nil, fmt.Errorf("no package index answer for %s", f.Wheel.Filename)
	}
	if !strings.EqualFold(ans.SHA256, f.Wheel.SHA256) {
		return "", nil, &DigestError{File: f.Path, Index: ans.SHA256, Actual: f.Wheel.SHA256}
	}
	id := ids.For("", spdx.PackageID(b.Name))
	pkg := spdx.Package{
		SPDXID: id, Name: b.Name, VersionInfo: version, Originator: b.Originator, LicenseConcluded: "NOASSERTION",
		DownloadLocation: ans.URL, Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: f.Wheel.SHA256}},
		PrimaryPackagePurpose: "SOURCE", ExternalRefs: bundleRefs(b, version),
	}
	doc.Packages = append(doc.Packages, pkg)
	return id, dependsOn(id, depIDs), nil
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
	w, err := wheel.Read(bytes.NewReader(data), int64(len(data)), path.Base(name), Options(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	w.SHA256 = hex.EncodeToString(sum[:])
	carried, err := wheelsbom.Carry(bytes.NewReader(data), int64(len(data)), w.Filename)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f := &Found{Config: b, Path: name, Wheel: w}
	f.Carried = carried
	f.Vendored, f.Problems = vendored(b, w, carried)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// MemberSep joins a wheel's path and a member's in the name of a file listed
// inside it: Lib/ensurepip/_bundled/pip-22.3.1-py3-none-any.whl!/pip/_vendor/six.py,
// as Java names a jar's entries. A member is checked through the wheel that holds
// it: the wheel's own SHA256 is in the document.
const MemberSep = "!/"

// IsMember reports whether a file name names a member of a file listed in the
// document, and returns that file's name.
func IsMember(name string) (container string, ok bool) {
	container, _, ok = strings.Cut(name, MemberSep)
	return container, ok
}

// Files are the vendored projects' members as SPDX files, with each project
// CONTAINS its own, when the bundle lists them (files = true). old keeps what a
// person added to a file entry; ids makes the file IDs unique in the document.
func (f *Found) Files(old map[string]spdx.File, ids *spdx.IDs) ([]spdx.File, []spdx.Relationship) {
	if !f.Present() || !f.Config.Files {
		return nil, nil
	}
	var files []spdx.File
	var rels []spdx.Relationship
	for _, v := range f.Vendored {
		for _, m := range v.Files {
			name := f.Path + MemberSep + m.Member
			id := ids.For("SPDXRef-FILE-", name)
			entry := old[id]
			entry.SPDXID, entry.FileName = id, name
			entry.Checksums = []spdx.Checksum{{Algorithm: "SHA1", ChecksumValue: m.SHA1}, {Algorithm: "SHA256", ChecksumValue: m.SHA256}}
			files = append(files, entry)
			rels = append(rels, spdx.Relationship{SPDXElementID: v.ID, RelatedSPDXElement: id, RelationshipType: "CONTAINS"})
		}
	}
	return files, rels
}
