package keep

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Stale explains how a result's new document differs from the one on disk, one
// finding per package and one per changed document-level member, each ending in
// the command that fixes it. fix is that command as the user should type it.
func Stale(r Result, fix string) []rules.Finding {
	var out []rules.Finding
	if r.LockChanged() {
		msg := fmt.Sprintf("%s is out of date: the bundles of %s need other index answers than it records", r.Lock.Path, r.SBOM.Path)
		if r.Lock.Old == nil {
			msg = fmt.Sprintf("%s does not exist yet: it records the package index's answers for the bundles of %s", r.Lock.Path, r.SBOM.Path)
		}
		out = append(out, rules.Finding{Rule: rules.RuleStale, Severity: rules.Error, File: r.Lock.Path, SBOM: r.SBOM.Path, Message: msg, Fix: fix})
	}
	for _, d := range r.Derived {
		if !d.changed() {
			continue
		}
		msg := fmt.Sprintf("%s is out of date: it no longer matches %s", d.Path, r.SBOM.Path)
		if d.Old == nil {
			msg = fmt.Sprintf("%s does not exist yet: the config keeps it beside %s", d.Path, r.SBOM.Path)
		}
		out = append(out, rules.Finding{Rule: rules.RuleStale, Severity: rules.Error, File: d.Path, SBOM: r.SBOM.Path, Message: msg, Fix: fix})
	}
	if !r.Changed() {
		return out
	}
	return append(out, staleDocument(r, fix)...)
}

func staleDocument(r Result, fix string) []rules.Finding {
	path := r.SBOM.Path
	mk := func(pkg, msg string) rules.Finding {
		return rules.Finding{Rule: rules.RuleStale, Severity: rules.Error, File: path, SBOM: path, Package: pkg, Message: msg, Fix: fix}
	}
	if r.Old == nil {
		return []rules.Finding{mk("", fmt.Sprintf("%s does not exist yet", path))}
	}
	oldDoc, err1 := spdx.Parse(r.Old)
	newDoc, err2 := r.doc, error(nil)
	if newDoc == nil {
		newDoc, err2 = spdx.Parse(r.New)
	}
	if err1 != nil || err2 != nil {
		return []rules.Finding{mk("", fmt.Sprintf("%s is out of date", path))}
	}
	var out []rules.Finding
	owners := func(d *spdx.Document) map[string]string {
		m := map[string]string{}
		byID := map[string]string{}
		for _, p := range d.Packages {
			byID[p.SPDXID] = p.Name
		}
		for _, rel := range d.Relationships {
			if rel.RelationshipType == "CONTAINS" {
				m[rel.RelatedSPDXElement] = byID[rel.SPDXElementID]
			}
		}
		return m
	}
	oldOwner, newOwner := owners(oldDoc), owners(newDoc)
	type change struct{ added, removed, changed []string }
	perPkg := map[string]*change{}
	get := func(pkg string) *change {
		if perPkg[pkg] == nil {
			perPkg[pkg] = &change{}
		}
		return perPkg[pkg]
	}
	oldFiles := map[string]spdx.File{}
	for _, f := range oldDoc.Files {
		oldFiles[f.SPDXID] = f
	}
	newFiles := map[string]bool{}
	for _, f := range newDoc.Files {
		newFiles[f.SPDXID] = true
		of, ok := oldFiles[f.SPDXID]
		switch {
		case !ok:
			get(newOwner[f.SPDXID]).added = append(get(newOwner[f.SPDXID]).added, f.FileName)
		case !sameChecksums(of.Checksums, f.Checksums) || of.FileName != f.FileName:
			get(newOwner[f.SPDXID]).changed = append(get(newOwner[f.SPDXID]).changed, f.FileName)
		case oldOwner[f.SPDXID] != newOwner[f.SPDXID]:
			get(newOwner[f.SPDXID]).added = append(get(newOwner[f.SPDXID]).added, f.FileName)
			get(oldOwner[f.SPDXID]).removed = append(get(oldOwner[f.SPDXID]).removed, f.FileName)
		}
	}
	for _, f := range oldDoc.Files {
		if !newFiles[f.SPDXID] {
			get(oldOwner[f.SPDXID]).removed = append(get(oldOwner[f.SPDXID]).removed, f.FileName)
		}
	}
	// Packages are matched by SPDX ID: two vendored copies of one project
	// share a name (packaging in pip and in setuptools) but never an ID.
	oldPkgs := map[string]spdx.Package{}
	names := map[string]int{}
	for _, p := range oldDoc.Packages {
		oldPkgs[p.SPDXID] = p
	}
	for _, p := range newDoc.Packages {
		names[p.Name]++
	}
	for _, p := range newDoc.Packages {
		label := fmt.Sprintf("package %q", p.Name)
		if names[p.Name] > 1 {
			label = fmt.Sprintf("package %q (%s)", p.Name, p.SPDXID)
		}
		op, ok := oldPkgs[p.SPDXID]
		if !ok {
			out = append(out, mk(p.Name, fmt.Sprintf("%s is missing from %s", label, path)))
			continue
		}
		if fields := changedFields(op, p); len(fields) > 0 {
			f := mk(p.Name, fmt.Sprintf("%s is out of date in %s: %s", label, path, strings.Join(fields, "; ")))
			if src := fieldSource(r.SBOM); src != "" {
				f.File = src
			}
			out = append(out, f)
		}
	}
	pkgNames := make([]string, 0, len(perPkg))
	for n := range perPkg {
		pkgNames = append(pkgNames, n)
	}
	slices.Sort(pkgNames)
	for _, n := range pkgNames {
		c := perPkg[n]
		var parts []string
		for _, x := range []struct {
			what  string
			files []string
		}{{"added", c.added}, {"removed", c.removed}, {"changed", c.changed}} {
			if len(x.files) > 0 {
				slices.Sort(x.files)
				parts = append(parts, fmt.Sprintf("%d %s (%s)", len(x.files), x.what, strings.Join(x.files, ", ")))
			}
		}
		label := fmt.Sprintf("package %q", n)
		if n == "" {
			label = "files of no package"
		}
		f := mk(n, fmt.Sprintf("%s has files out of date in %s: %s", label, path, strings.Join(parts, "; ")))
		// Point at a file that changed in the tree, where a reviewer looks,
		// rather than at the SBOM; a package whose files were only removed
		// has nothing left to point at.
		if tree := slices.Concat(c.added, c.changed); len(tree) > 0 {
			f.File = tree[0]
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		out = append(out, mk("", fmt.Sprintf("%s is out of date (relationships, document fields or formatting differ)", path)))
	}
	return out
}

// fieldSource is the file a kind reads package fields from, which is what changed
// when such a field is stale; "" when the fields come from the SBOM itself.
func fieldSource(s config.SBOM) string {
	switch {
	case s.Externals != nil:
		return s.Externals.File
	case s.Recipes != nil:
		return s.Recipes.File
	case s.Kind == "gomod":
		dir := "."
		if s.GoMod != nil && s.GoMod.Dir != "" {
			dir = s.GoMod.Dir
		}
		return path.Join(dir, "go.mod")
	}
	return ""
}

func sameChecksums(a, b []spdx.Checksum) bool {
	return slices.EqualFunc(a, b, func(x, y spdx.Checksum) bool {
		return x.Algorithm == y.Algorithm && x.ChecksumValue == y.ChecksumValue
	})
}

// changedFields names the package members that differ, old → new.
func changedFields(a, b spdx.Package) []string {
	var out []string
	str := func(name, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s %q → %q", name, x, y))
		}
	}
	str("versionInfo", a.VersionInfo, b.VersionInfo)
	str("downloadLocation", a.DownloadLocation, b.DownloadLocation)
	if !sameChecksums(a.Checksums, b.Checksums) {
		x, _ := a.SHA256()
		y, _ := b.SHA256()
		str("SHA256", x, y)
	}
	// References are paired by type, not by position: when a reference is
	// added before another, position pairing labels a CPE change as a purl.
	byType := func(refs []spdx.ExternalRef) (map[string][]string, []string) {
		m := map[string][]string{}
		var order []string
		for _, r := range refs {
			if _, ok := m[r.ReferenceType]; !ok {
				order = append(order, r.ReferenceType)
			}
			m[r.ReferenceType] = append(m[r.ReferenceType], r.ReferenceLocator)
		}
		return m, order
	}
	ra, order := byType(a.ExternalRefs)
	rb, orderB := byType(b.ExternalRefs)
	for _, t := range orderB {
		if _, ok := ra[t]; !ok {
			order = append(order, t)
		}
	}
	for _, t := range order {
		str(t, strings.Join(ra[t], " "), strings.Join(rb[t], " "))
	}
	if len(out) == 0 {
		ja, _ := spdx.Marshal(a)
		jb, _ := spdx.Marshal(b)
		if string(ja) != string(jb) {
			out = append(out, "other fields differ")
		}
	}
	return out
}
