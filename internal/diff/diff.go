package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Change is one changed value of a package.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Package is a package present in both documents that differs.
type Package struct {
	Name    string   `json:"name"`
	Changes []Change `json:"changes,omitempty"`
	// Files the package gained, lost or whose checksums changed, by name.
	FilesAdded   []string `json:"files_added,omitempty"`
	FilesRemoved []string `json:"files_removed,omitempty"`
	FilesChanged []string `json:"files_changed,omitempty"`
}

// Ref is a package by name and version.
type Ref struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// Result is what changed from the old document to the new one.
type Result struct {
	Added   []Ref     `json:"added"`
	Removed []Ref     `json:"removed"`
	Changed []Package `json:"changed"`
}

// Empty reports whether the documents describe the same packages and files.
func (r Result) Empty() bool { return len(r.Added)+len(r.Removed)+len(r.Changed) == 0 }

// Compare returns the changes from old to new. Packages are paired by
// identity (see match), not by SPDX ID; files by name within their package.
func Compare(old, new *spdx.Document) Result {
	r := Result{Added: []Ref{}, Removed: []Ref{}, Changed: []Package{}}
	oe, ne := entries(old), entries(new)
	pairs := match(oe, ne)
	for _, e := range ne {
		if !e.matched {
			r.Added = append(r.Added, Ref{e.p.Name, e.p.VersionInfo})
		}
	}
	for _, e := range oe {
		if !e.matched {
			r.Removed = append(r.Removed, Ref{e.p.Name, e.p.VersionInfo})
		}
	}
	names := map[string]int{}
	for _, e := range oe {
		names[e.p.Name]++
		names[e.p.Name+" "+e.p.VersionInfo]++
	}
	for _, pr := range pairs {
		o, n := pr[0].p, pr[1].p
		// The name, with the version and then the old SPDX ID where the
		// old document has several of the name.
		name := o.Name
		if names[o.Name] > 1 {
			name += " " + o.VersionInfo
		}
		if names[o.Name+" "+o.VersionInfo] > 1 {
			name += " (" + o.SPDXID + ")"
		}
		c := Package{Name: name, Changes: fieldChanges(o, n)}
		c.FilesAdded, c.FilesRemoved, c.FilesChanged = fileChanges(pr[0].files, pr[1].files)
		if len(c.Changes)+len(c.FilesAdded)+len(c.FilesRemoved)+len(c.FilesChanged) > 0 {
			r.Changed = append(r.Changed, c)
		}
	}
	byRef := func(a, b Ref) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Version, b.Version))
	}
	slices.SortFunc(r.Added, byRef)
	slices.SortFunc(r.Removed, byRef)
	slices.SortFunc(r.Changed, func(a, b Package) int { return strings.Compare(a.Name, b.Name) })
	return r
}

func fieldChanges(a, b *spdx.Package) []Change {
	var out []Change
	str := func(field, x, y string) {
		if x != y {
			out = append(out, Change{field, x, y})
		}
	}
	// NOASSERTION and an absent value say the same (SPDX 2.3.1 clause 4.3),
	// and formats differ in which they write: SPDX 3 and CycloneDX have no
	// NOASSERTION supplier, license or download location, only none.
	noAssertion := func(field, x, y string) {
		if x == "NOASSERTION" {
			x = ""
		}
		if y == "NOASSERTION" {
			y = ""
		}
		str(field, x, y)
	}
	str("version", a.VersionInfo, b.VersionInfo)
	noAssertion("licenseConcluded", a.LicenseConcluded, b.LicenseConcluded)
	noAssertion("licenseDeclared", a.LicenseDeclared, b.LicenseDeclared)
	noAssertion("downloadLocation", a.DownloadLocation, b.DownloadLocation)
	noAssertion("supplier", a.Supplier, b.Supplier)
	noAssertion("originator", a.Originator, b.Originator)
	checksums := func(p *spdx.Package) map[string]string {
		m := map[string]string{}
		for _, c := range p.Checksums {
			m[c.Algorithm] = c.ChecksumValue
		}
		return m
	}
	ca, cb := checksums(a), checksums(b)
	for _, alg := range union(mapKeys(ca), mapKeys(cb)) {
		str("checksum "+alg, ca[alg], cb[alg])
	}
	refs := func(p *spdx.Package) map[string]string {
		m := map[string]string{}
		for _, r := range p.ExternalRefs {
			m[r.ReferenceType] = strings.TrimSpace(m[r.ReferenceType] + " " + r.ReferenceLocator)
		}
		return m
	}
	ra, rb := refs(a), refs(b)
	for _, typ := range union(mapKeys(ra), mapKeys(rb)) {
		str(typ, ra[typ], rb[typ])
	}
	va, vb := "", ""
	if a.PackageVerificationCode != nil {
		va = a.PackageVerificationCode.Value
	}
	if b.PackageVerificationCode != nil {
		vb = b.PackageVerificationCode.Value
	}
	str("packageVerificationCode", va, vb)
	return out
}

func mapKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// filesByPackage maps package IDs to their files' names and checksums.
func filesByPackage(doc *spdx.Document) map[string]map[string]string {
	out := map[string]map[string]string{}
	for pkg, files := range spdx.PackageFiles(doc) {
		m := map[string]string{}
		for _, f := range files {
			sum, ok := spdx.FileChecksum(f, "SHA256")
			if !ok {
				sum, _ = spdx.FileChecksum(f, "SHA1")
			}
			m[f.FileName] = sum
		}
		out[pkg] = m
	}
	return out
}

func fileChanges(a, b map[string]string) (added, removed, changed []string) {
	for n, s := range b {
		if old, ok := a[n]; !ok {
			added = append(added, n)
		} else if old != s {
			changed = append(changed, n)
		}
	}
	for n := range a {
		if _, ok := b[n]; !ok {
			removed = append(removed, n)
		}
	}
	slices.Sort(added)
	slices.Sort(removed)
	slices.Sort(changed)
	return added, removed, changed
}

// Text renders the result for a terminal.
func Text(r Result) string {
	if r.Empty() {
		return "no changes\n"
	}
	var b strings.Builder
	for _, p := range r.Added {
		fmt.Fprintf(&b, "+ %s %s\n", p.Name, p.Version)
	}
	for _, p := range r.Removed {
		fmt.Fprintf(&b, "- %s %s\n", p.Name, p.Version)
	}
	for _, p := range r.Changed {
		fmt.Fprintf(&b, "~ %s\n", p.Name)
		for _, c := range p.Changes {
			fmt.Fprintf(&b, "    %s: %s → %s\n", c.Field, orNone(c.Old), orNone(c.New))
		}
		for _, f := range []struct {
			sign  string
			files []string
		}{{"+", p.FilesAdded}, {"-", p.FilesRemoved}, {"~", p.FilesChanged}} {
			for _, n := range f.files {
				fmt.Fprintf(&b, "    %s %s\n", f.sign, n)
			}
		}
	}
	return b.String()
}

// Markdown renders the result as a table for release notes.
func Markdown(r Result) string {
	if r.Empty() {
		return "No changes to the SBOM.\n"
	}
	var b strings.Builder
	b.WriteString("| package | change | old | new |\n| --- | --- | --- | --- |\n")
	for _, p := range r.Added {
		fmt.Fprintf(&b, "| %s | added | | %s |\n", md(p.Name), md(p.Version))
	}
	for _, p := range r.Removed {
		fmt.Fprintf(&b, "| %s | removed | %s | |\n", md(p.Name), md(p.Version))
	}
	for _, p := range r.Changed {
		for _, c := range p.Changes {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", md(p.Name), md(c.Field), md(c.Old), md(c.New))
		}
		if n := len(p.FilesAdded) + len(p.FilesRemoved) + len(p.FilesChanged); n > 0 {
			fmt.Fprintf(&b, "| %s | files | | %d added, %d removed, %d changed |\n", md(p.Name), len(p.FilesAdded), len(p.FilesRemoved), len(p.FilesChanged))
		}
	}
	return b.String()
}

func md(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
