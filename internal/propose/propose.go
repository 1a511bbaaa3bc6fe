package propose

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/evidence"
)

// Package is one proposed [[sbom.package]] and its SBOM entry.
type Package struct {
	Name    string
	Version string // "" when no evidence says it
	Dir     string
	Include []string
	Exclude []string
	// Files are what Include and Exclude select, sorted.
	Files []string

	CPE, PURL        string
	DownloadLocation string
	SHA256           string
	Pins             []evidence.Pin
	// Evidence is every finding the package came from.
	Evidence []evidence.Finding
	// Triage is what a person must still decide, most important first.
	Triage []string
}

// Bundle is a proposed [[sbom.bundle]]: a wheel in the tree.
type Bundle struct {
	Name     string
	Version  string
	Path     string // glob selecting the wheel
	File     string // the wheel
	Vendored string // the wheel's vendored list member, "" for none
	CPE      string // template with {version}, only for known projects
	Others   bool   // other files beside the wheel: others = "ignore"
	Evidence evidence.Finding
	Triage   []string
}

// Unattributed is a file or directory no package takes, and why.
type Unattributed struct {
	Path string
	Why  string
}

// Proposal is what init proposes.
type Proposal struct {
	Packages     []Package
	Bundles      []Bundle
	Unattributed []Unattributed
	// Ignored is evidence in test data, not proposed.
	Ignored  []evidence.Finding
	Problems []evidence.Problem
	// TooLarge are files whose contents were not read (over the size limit).
	TooLarge []string
}

// knownWheels are CPEs of projects commonly bundled as wheels (NVD's
// vendor:product).
var knownWheels = map[string]string{
	"pip":        "pypa:pip",
	"setuptools": "python:setuptools",
}

type group struct {
	dir        string
	findings   []evidence.Finding
	signatures map[int]int // index of a signature finding -> how many more files have it
}

// Propose groups the findings of a scan by the directory they are about
// and makes each group with a name a package.
func Propose(res *evidence.Result) *Proposal {
	p := &Proposal{Ignored: res.Ignored, Problems: res.Problems, TooLarge: res.TooLarge}
	var groups []*group
	byKey := map[string]*group{}
	for _, f := range res.Findings {
		if f.Kind == evidence.KindWheel {
			continue
		}
		key := f.Dir
		if f.Kind == evidence.KindPythonVendor && f.Files != nil {
			key += "\x00" + f.Name // module files share their _vendor directory
		}
		g := byKey[key]
		if g == nil {
			g = &group{dir: f.Dir, signatures: map[int]int{}}
			byKey[key] = g
			groups = append(groups, g)
		}
		// One signature names the library; the same text in every file of
		// it is counted, not listed.
		if f.Kind == evidence.KindSignature {
			if i := slices.IndexFunc(g.findings, func(o evidence.Finding) bool { return o.Kind == f.Kind && o.Name == f.Name }); i >= 0 {
				g.signatures[i]++
				continue
			}
		}
		g.findings = append(g.findings, f)
	}
	for _, g := range groups {
		for i, n := range g.signatures {
			g.findings[i].Detail += fmt.Sprintf(" (and in %d more files)", n)
		}
	}

	wheelFiles := map[string]bool{}
	for _, f := range res.Findings {
		if f.Kind == evidence.KindWheel {
			wheelFiles[f.File] = true
		}
	}
	for _, f := range res.Findings {
		if f.Kind == evidence.KindWheel {
			p.Bundles = append(p.Bundles, proposeBundle(f, res.Files, wheelFiles))
		}
	}

	groups = liftToLicenses(groups)

	// Which groups become packages.
	var pkgs []*Package
	for _, g := range groups {
		pkg, why := identify(g)
		if pkg == nil {
			if why != "" {
				p.Unattributed = append(p.Unattributed, Unattributed{Path: g.dir + "/", Why: why})
			}
			continue
		}
		pkgs = append(pkgs, pkg)
	}
	assignFiles(pkgs, res.Files, wheelFiles, p)
	for _, pkg := range pkgs {
		if len(pkg.Files) == 0 {
			p.Unattributed = append(p.Unattributed, Unattributed{Path: pkg.Dir + "/", Why: fmt.Sprintf("evidence of %s (%s) but no file to attribute to it", pkg.Name, pkg.Evidence[0].Where())})
			continue
		}
		pkg.Triage = triage(pkg)
		p.Packages = append(p.Packages, *pkg)
	}
	slices.SortFunc(p.Packages, func(a, b Package) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(p.Unattributed, func(a, b Unattributed) int { return strings.Compare(a.Path, b.Path) })
	dedupeNames(p)
	return p
}

// liftToLicenses merges a directory that has only its own license file into
// the one group of named evidence below it: third_party/foo/LICENSE and
// third_party/foo/upstream/foo.h are one package, third_party/foo. A license
// above several groups is not any one's.
func liftToLicenses(groups []*group) []*group {
	licenseOnly := func(g *group) bool {
		return !slices.ContainsFunc(g.findings, func(f evidence.Finding) bool {
			return f.Kind != evidence.KindLicense && f.Kind != evidence.KindModuleLicense
		})
	}
	merged := map[*group]bool{}
	for _, l := range groups {
		if l.dir == "" || !licenseOnly(l) {
			continue
		}
		var below []*group
		for _, g := range groups {
			if g != l && !licenseOnly(g) && strings.HasPrefix(g.dir, l.dir+"/") {
				below = append(below, g)
			}
		}
		if len(below) != 1 {
			continue
		}
		g := below[0]
		g.dir = l.dir
		g.findings = append(g.findings, l.findings...)
		merged[l] = true
	}
	return slices.DeleteFunc(groups, func(g *group) bool { return merged[g] })
}

// rank orders evidence for the name and version: a known library's own
// macros first, then ecosystems' metadata, scripts, and notes last.
func rank(k evidence.Kind) int {
	switch k {
	case evidence.KindMacro:
		return 0
	case evidence.KindSignature:
		return 1
	case evidence.KindChromium, evidence.KindAndroid, evidence.KindCargo, evidence.KindGoVendor, evidence.KindPythonVendor:
		return 2
	case evidence.KindScript:
		return 3
	case evidence.KindNote:
		return 4
	}
	return 5
}

// identify makes a package of a group, or says why not.
func identify(g *group) (*Package, string) {
	fs := slices.Clone(g.findings)
	slices.SortStableFunc(fs, func(a, b evidence.Finding) int { return rank(a.Kind) - rank(b.Kind) })
	var named *evidence.Finding
	for i := range fs {
		if fs[i].Name != "" {
			named = &fs[i]
			break
		}
	}
	if named == nil {
		hasNote := slices.ContainsFunc(fs, func(f evidence.Finding) bool { return f.Kind == evidence.KindNote })
		if !hasNote {
			var files []string
			for _, f := range fs {
				files = append(files, f.Where())
			}
			return nil, fmt.Sprintf("its own license (%s) but no evidence of what it is: declare a package if it is vendored code", strings.Join(files, ", "))
		}
	}
	if g.dir == "" {
		return nil, "" // the project itself
	}
	pkg := &Package{Dir: g.dir, Evidence: g.findings}
	if named != nil {
		pkg.Name = named.Name
	} else {
		pkg.Name = path.Base(g.dir) // a provenance note names no project
	}
	for _, f := range fs {
		if f.Version != "" {
			pkg.Version = f.Version
			break
		}
	}
	for _, f := range fs {
		if f.Version != pkg.Version && f.Version != "" {
			continue
		}
		if pkg.CPE == "" && f.CPE != "" {
			pkg.CPE = f.CPE
		}
		if pkg.PURL == "" && f.PURL != "" {
			pkg.PURL = f.PURL
		}
		if pkg.DownloadLocation == "" && f.DownloadLocation != "" {
			pkg.DownloadLocation = f.DownloadLocation
			if f.SHA256 != "" && f.Kind != evidence.KindCargo {
				pkg.SHA256 = f.SHA256
			}
		}
		for _, pin := range f.Pins {
			if pin.Field == "sha256" && pkg.SHA256 == "" {
				continue
			}
			pkg.Pins = append(pkg.Pins, pin)
		}
	}
	return pkg, ""
}

// assignFiles gives each package the files under its directory that no
// package deeper down takes, less the evidence's own files and, where a
// script lists what it copies, the files it does not list (license files
// stay: upstream's notice). It then chooses the globs.
func assignFiles(pkgs []*Package, files []string, wheels map[string]bool, p *Proposal) {
	claimedExact := map[string]string{} // file -> package, for explicit file lists
	for _, pkg := range pkgs {
		for _, f := range pkg.Evidence {
			if f.Kind == evidence.KindPythonVendor && f.Files != nil {
				for _, file := range f.Files {
					claimedExact[file] = pkg.Name
				}
			}
		}
	}
	for _, pkg := range pkgs {
		own := map[string]bool{}
		var copyList map[string]bool
		var lister string
		exact := false
		for _, f := range pkg.Evidence {
			for _, o := range f.Own {
				own[o] = true
			}
			if f.Files != nil {
				if f.Kind == evidence.KindPythonVendor {
					exact = true
				}
				if copyList == nil {
					copyList = map[string]bool{}
				}
				for _, file := range f.Files {
					copyList[file] = true
				}
				if lister == "" {
					lister = f.File
				}
			}
		}
		var under, keep []string // under: what **/globs can select; keep: the package's
		for _, file := range files {
			if !strings.HasPrefix(file, pkg.Dir+"/") || wheels[file] {
				continue
			}
			if owner, ok := claimedExact[file]; ok && owner != pkg.Name {
				continue
			}
			if deeper(pkgs, pkg, file) {
				continue
			}
			rel := strings.TrimPrefix(file, pkg.Dir+"/")
			hidden := strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.")
			if exact {
				if copyList[file] {
					keep = append(keep, file)
				}
				continue
			}
			if hidden {
				if !own[file] {
					p.Unattributed = append(p.Unattributed, Unattributed{Path: file, Why: fmt.Sprintf("in %s/ (%s), but a hidden file, which include globs do not select", pkg.Dir, pkg.Name)})
				}
				continue
			}
			under = append(under, file)
			switch {
			case own[file]:
			case copyList != nil && !copyList[file] && !evidence.IsLicenseName(path.Base(file)):
				p.Unattributed = append(p.Unattributed, Unattributed{Path: file, Why: fmt.Sprintf("in %s/ (%s), but not among the files %s copies", pkg.Dir, pkg.Name, lister)})
			default:
				keep = append(keep, file)
			}
		}
		pkg.Files = keep
		if exact {
			pkg.Include = slices.Clone(keep)
			for i := range pkg.Include {
				pkg.Include[i] = globEscape(pkg.Include[i])
			}
			continue
		}
		pkg.Include, pkg.Exclude = globs(pkg.Dir, under, keep)
	}
}

// deeper reports whether file belongs to a package whose directory is below
// pkg's.
func deeper(pkgs []*Package, pkg *Package, file string) bool {
	for _, o := range pkgs {
		if o != pkg && strings.HasPrefix(o.Dir, pkg.Dir+"/") && strings.HasPrefix(file, o.Dir+"/") {
			return true
		}
	}
	return false
}

// globs chooses the shorter of two ways to select keep among under (every
// file below dir that "**" selects): "dir/**" less exact excludes, or a cover
// of directory globs and single files.
func globs(dir string, under, keep []string) (include, exclude []string) {
	in := map[string]bool{}
	for _, k := range keep {
		in[k] = true
	}
	for _, u := range under {
		if !in[u] {
			exclude = append(exclude, u)
		}
	}
	whole := []string{globEscape(dir) + "/**"}
	c := cover(dir, under, in)
	if len(c) < 1+len(exclude) {
		return c, nil
	}
	return whole, exclude
}

// cover is the globs selecting exactly the files of under that are in keep:
// "d/**" for a directory all of whose files are kept, single files otherwise.
func cover(dir string, under []string, keep map[string]bool) []string {
	all, none := true, true
	for _, u := range under {
		if keep[u] {
			none = false
		} else {
			all = false
		}
	}
	switch {
	case none:
		return nil
	case all:
		return []string{globEscape(dir) + "/**"}
	}
	var out []string
	subs := map[string][]string{}
	var order []string
	for _, u := range under {
		rel := strings.TrimPrefix(u, dir+"/")
		if first, _, ok := strings.Cut(rel, "/"); ok {
			sub := dir + "/" + first
			if _, seen := subs[sub]; !seen {
				order = append(order, sub)
			}
			subs[sub] = append(subs[sub], u)
		} else if keep[u] {
			out = append(out, globEscape(u))
		}
	}
	for _, sub := range order {
		out = append(out, cover(sub, subs[sub], keep)...)
	}
	slices.Sort(out)
	return out
}

// globEscape makes a path a glob that matches only itself.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r == '*' || r == '?' || r == '[' {
			b.WriteString("[" + string(r) + "]")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func proposeBundle(f evidence.Finding, files []string, wheels map[string]bool) Bundle {
	name := f.Wheel.Distribution
	b := Bundle{Name: name, Version: f.Version, File: f.File, Evidence: f, Vendored: f.Wheel.VendorList}
	dir := path.Dir(f.File)
	b.Path = globEscape(dir) + "/" + globEscape(name) + "-*.whl"
	if vp, ok := knownWheels[strings.ToLower(name)]; ok {
		b.CPE = "cpe:2.3:a:" + vp + ":{version}:*:*:*:*:*:*:*"
	}
	for _, file := range files {
		if path.Dir(file) == dir && !wheels[file] {
			b.Others = true
		}
	}
	if n := len(f.Wheel.Vendored); n > 0 {
		b.Triage = append(b.Triage, fmt.Sprintf("license: set licenseConcluded of %s and of each of the %d projects it vendors (now NOASSERTION); the wheel's METADATA and each project's license file say what they declare", name, n))
	} else {
		b.Triage = append(b.Triage, fmt.Sprintf("license: set licenseConcluded of %s (now NOASSERTION); its METADATA says what it declares", name))
		b.Triage = append(b.Triage, fmt.Sprintf("vendored projects: the wheel has no */_vendor/vendor.txt; if %s vendors projects without one (as setuptools does in setuptools/_vendor), declare each tree with [[sbom.bundle.vendor]] (docs/config.md)", name))
	}
	b.Triage = append(b.Triage, "download locations and checksums: run `sbomkeeper regen --online` once to fill them from the package index, and commit the lock file it writes")
	return b
}

// triage is what a person must still decide about a package.
func triage(p *Package) []string {
	var licenses, hints []string
	for _, file := range p.Files {
		if evidence.IsLicenseName(path.Base(file)) {
			licenses = append(licenses, file)
		}
	}
	for _, f := range p.Evidence {
		if f.License != "" {
			hints = append(hints, fmt.Sprintf("%s says %q", f.Where(), f.License))
		}
		if f.Kind == evidence.KindLicense && !slices.Contains(licenses, f.File) {
			licenses = append(licenses, f.File)
		}
	}
	lic := "license: set licenseConcluded (now NOASSERTION) from "
	switch {
	case len(licenses) > 0:
		lic += "the license text in " + strings.Join(licenses, ", ")
	default:
		lic += "the files' headers (no license file in " + p.Dir + "/)"
	}
	if len(hints) > 0 {
		lic += "; " + strings.Join(hints, "; ")
	}
	out := []string{lic}
	var versions []string
	for _, f := range p.Evidence {
		if f.Version != "" && f.Version != p.Version {
			versions = append(versions, fmt.Sprintf("%s at %s", f.Version, f.Where()))
		}
	}
	if len(versions) > 0 {
		out = append(out, fmt.Sprintf("version: the evidence disagrees: %s at %s, but %s; set versionInfo to the version really copied", p.Version, versionWhere(p), strings.Join(versions, ", ")))
	}
	if p.Version == "" {
		out = append(out, "version: no file says it; set versionInfo (NOASSERTION until then)")
	}
	if slices.IndexFunc(p.Evidence, func(f evidence.Finding) bool { return f.Name != "" }) < 0 {
		out = append(out, fmt.Sprintf("name: no file names the project; %q is the directory's name", p.Name))
	}
	if p.DownloadLocation == "" {
		out = append(out, "downloadLocation: NOASSERTION; set the URL of the upstream release and add its SHA256 checksum")
	}
	if slices.ContainsFunc(p.Evidence, func(f evidence.Finding) bool { return f.Kind == evidence.KindGoVendor }) {
		out = append(out, "Go modules: an [[sbom]] of kind \"gomod\" keeps every module of go.mod with its checksums (docs/config.md); keep this package only if the vendored files must be listed")
	}
	if p.CPE == "" && p.PURL == "" {
		known := ""
		for _, f := range p.Evidence {
			if f.Known && p.Version == "" {
				known = " (a CPE needs the version)"
			}
		}
		out = append(out, "identifiers: no CPE or PURL the evidence supports"+known+"; add the project's if it has one, so that scanners can match vulnerabilities")
	}
	return out
}

func versionWhere(p *Package) string {
	for _, f := range p.Evidence {
		if f.Version == p.Version {
			return f.Where()
		}
	}
	return "?"
}

// dedupeNames keeps package names unique: the SBOM's IDs come from them. A
// second package of one name gets its directory's name appended.
func dedupeNames(p *Proposal) {
	seen := map[string]int{}
	for _, b := range p.Bundles {
		seen[b.Name]++
	}
	for i := range p.Packages {
		pkg := &p.Packages[i]
		if seen[pkg.Name] > 0 {
			pkg.Triage = append(pkg.Triage, fmt.Sprintf("name: another package is also called %q; this one (in %s/) was renamed", pkg.Name, pkg.Dir))
			pkg.Name = pkg.Name + "-" + strings.ReplaceAll(pkg.Dir, "/", "-")
		}
		seen[pkg.Name]++
	}
}
