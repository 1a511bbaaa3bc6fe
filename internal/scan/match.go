package scan

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/version"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// DB is OSV records indexed by ecosystem and package name. Build it once
// with NewDB and scan any number of SBOMs with it; it is not safe for
// concurrent use (versions are parsed on first use and kept).
type DB struct {
	byName     map[nameKey][]*entry
	ecosystems map[string]bool // ecosystems some record is about
	Records    int             // records indexed
	Withdrawn  int             // withdrawn records, ignored
}

type nameKey struct{ eco, name string }

// entry is one affected[] member of one record.
type entry struct {
	rec    *osv.Record
	index  int // position in rec.Affected
	aff    *osv.Affected
	parsed map[string]version.Version // versions list, parsed on first use
}

// NewDB indexes records. Withdrawn records are counted and left out.
func NewDB(recs []osv.Record) *DB {
	db := &DB{byName: map[nameKey][]*entry{}, ecosystems: map[string]bool{}}
	for i := range recs {
		r := &recs[i]
		if r.Withdrawn != "" {
			db.Withdrawn++
			continue
		}
		db.Records++
		for j := range r.Affected {
			a := &r.Affected[j]
			eco := baseEcosystem(a.Package.Ecosystem)
			db.ecosystems[eco] = true
			k := nameKey{eco, normalName(eco, a.Package.Name)}
			db.byName[k] = append(db.byName[k], &entry{rec: r, index: j, aff: a})
		}
	}
	return db
}

func baseEcosystem(eco string) string {
	base, _, _ := strings.Cut(eco, ":")
	return base
}

// normalName is a package name as its ecosystem compares names: PyPI by
// PEP 503 (case and runs of -_. ignored), npm and crates.io without case;
// Go module paths exactly.
func normalName(eco, name string) string {
	switch eco {
	case "PyPI":
		return wheel.Normalize(name)
	case "npm", "crates.io":
		return strings.ToLower(name)
	}
	return name
}

// Package is an SBOM package as the scan sees it.
type Package struct {
	SPDXID  string `json:"spdxid"`
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
}

// Hit is one package a vulnerability affects.
type Hit struct {
	Package Package `json:"package"`
	// Records are the IDs of the records that matched this package: a
	// vulnerability's records may be about different packages (PyPA has
	// one record per project for a CVE shared by two).
	Records []string `json:"records"`
	Fixed   []string `json:"fixed,omitempty"` // fixed versions above the package's, from the ranges
	// VEX is the decision about this package and vulnerability, nil when
	// no statement applies.
	VEX *Decision `json:"vex,omitempty"`
	// Suppressed is true when VEX says not_affected or fixed.
	Suppressed bool `json:"suppressed"`
}

// Finding is one vulnerability: every record that names it, and every
// package it affects.
type Finding struct {
	ID      string   `json:"id"`      // the first record ID in sort order
	Aliases []string `json:"aliases"` // every other ID and alias, sorted
	Summary string   `json:"summary,omitempty"`
	// Sources are the record files, sorted.
	Sources []string `json:"sources"`
	Hits    []Hit    `json:"packages"`
}

// IDs is ID then Aliases.
func (f Finding) IDs() []string { return append([]string{f.ID}, f.Aliases...) }

// NotChecked is a package the data cannot say anything about.
type NotChecked struct {
	Package Package `json:"package"`
	Reason  string  `json:"reason"`
}

// Problem is a range of a record that could not be evaluated for a package
// (it names a version the ecosystem's ordering cannot read). The record's
// other ranges and versions list are still used; the problem is reported so
// that what was not evaluated is said.
type Problem struct {
	Package Package `json:"package"`
	Record  string  `json:"record"`
	Source  string  `json:"source"`
	Message string  `json:"message"`
}

// Result is one SBOM's scan.
type Result struct {
	SBOM       string       `json:"sbom"`
	Packages   int          `json:"packages"`
	Checked    int          `json:"checked"`
	Findings   []Finding    `json:"vulnerabilities"`
	NotChecked []NotChecked `json:"not_checked"`
	Problems   []Problem    `json:"problems,omitempty"`
}

// Affected reports whether any hit remains after VEX.
func (r Result) Affected() bool {
	for _, f := range r.Findings {
		for _, h := range f.Hits {
			if !h.Suppressed {
				return true
			}
		}
	}
	return false
}

// Counts returns how many vulnerabilities and how many distinct packages
// remain affected after VEX, and how many package matches VEX suppressed.
func (r Result) Counts() (vulns, packages, suppressed int) {
	affected := map[string]bool{}
	for _, f := range r.Findings {
		open := false
		for _, h := range f.Hits {
			if h.Suppressed {
				suppressed++
			} else {
				affected[h.Package.SPDXID] = true
				open = true
			}
		}
		if open {
			vulns++
		}
	}
	return vulns, len(affected), suppressed
}

// purl is the part of a package URL matching needs.
type purl struct{ typ, namespace, name, version string }

// parsePURL reads pkg:type/namespace/name@version?qualifiers#subpath, with
// the percent-decoding the PURL spec gives each part.
func parsePURL(s string) (purl, error) {
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return purl{}, fmt.Errorf("%q is not a PURL: it does not start with pkg:", s)
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, _, _ = strings.Cut(rest, "?")
	rest = strings.TrimLeft(rest, "/")
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" || path == "" {
		return purl{}, fmt.Errorf("%q is not a PURL: want pkg:TYPE/NAME", s)
	}
	var p purl
	p.typ = strings.ToLower(typ)
	// The version's "@" is the last one with no "/" after it: an npm scope
	// written unencoded (pkg:npm/@scope/name) is not a version.
	if i := strings.LastIndex(path, "@"); i >= 0 && !strings.Contains(path[i:], "/") {
		v, err := url.PathUnescape(path[i+1:])
		if err != nil {
			return purl{}, fmt.Errorf("PURL %q: version: %v", s, err)
		}
		p.version, path = v, path[:i]
	}
	path = strings.Trim(path, "/")
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		d, err := url.PathUnescape(seg)
		if err != nil {
			return purl{}, fmt.Errorf("PURL %q: %v", s, err)
		}
		segs[i] = d
	}
	p.name = segs[len(segs)-1]
	p.namespace = strings.Join(segs[:len(segs)-1], "/")
	if p.name == "" {
		return purl{}, fmt.Errorf("%q is not a PURL: the name is empty", s)
	}
	return p, nil
}

// osvName is the package's name as OSV records write it.
func (p purl) osvName() string {
	if p.namespace == "" {
		return p.name
	}
	return p.namespace + "/" + p.name // Go module paths, npm @scope/name
}

// Scan matches every package of doc against db and applies vex (nil for
// none). name is the SBOM's name in the result.
func Scan(name string, doc *spdx.Document, db *DB, vex Suppressor) Result {
	res := Result{SBOM: name, Packages: len(doc.Packages), Findings: []Finding{}, NotChecked: []NotChecked{}}
	type match struct {
		pkg   Package
		e     *entry
		fixed []string
	}
	var matches []match
	for _, sp := range doc.Packages {
		pkg, p, eco, why := identify(sp)
		if why == "" && !db.ecosystems[eco] {
			why = fmt.Sprintf("no OSV data about the %s ecosystem was loaded; add a source with --osv", eco)
		}
		var o version.Ordering
		var v version.Version
		if why == "" {
			o, _ = version.ForEcosystem(eco)
			var err error
			if v, err = o.Parse(pkg.Version); err != nil {
				why = err.Error()
			}
		}
		if why != "" {
			res.NotChecked = append(res.NotChecked, NotChecked{Package: pkg, Reason: why})
			continue
		}
		res.Checked++
		for _, e := range db.byName[nameKey{eco, normalName(eco, p.osvName())}] {
			hit, fixed, err := e.affects(o, v)
			if err != nil {
				res.Problems = append(res.Problems, Problem{Package: pkg, Record: e.rec.ID, Source: e.rec.Source, Message: err.Error()})
			}
			if hit {
				matches = append(matches, match{pkg, e, fixed})
			}
		}
	}

	// One vulnerability per connected set of IDs.
	uf := unionFind{}
	for _, m := range matches {
		for _, a := range m.e.rec.Aliases {
			uf.union(m.e.rec.ID, a)
		}
		uf.find(m.e.rec.ID)
	}
	byRoot := map[string]*Finding{}
	var roots []string
	for _, m := range matches {
		root := uf.find(m.e.rec.ID)
		f := byRoot[root]
		if f == nil {
			f = &Finding{}
			byRoot[root] = f
			roots = append(roots, root)
		}
		f.addRecord(m.e.rec)
		f.addHit(Hit{Package: m.pkg, Records: []string{m.e.rec.ID}, Fixed: m.fixed})
	}
	for _, root := range roots {
		f := byRoot[root]
		f.finish()
		for i := range f.Hits {
			f.Hits[i].VEX = decide(vex, f.Hits[i].Package, f.ID, f.Aliases)
			f.Hits[i].Suppressed = f.Hits[i].VEX != nil && f.Hits[i].VEX.Suppresses()
		}
		res.Findings = append(res.Findings, *f)
	}
	slices.SortFunc(res.Findings, func(a, b Finding) int { return strings.Compare(a.ID, b.ID) })
	return res
}

// identify reads the package's PURL and version, or says why it cannot be
// matched.
func identify(sp spdx.Package) (pkg Package, p purl, eco, why string) {
	pkg = Package{SPDXID: sp.SPDXID, Name: sp.Name}
	if v := sp.VersionInfo; v != "NOASSERTION" && v != "NONE" {
		pkg.Version = v
	}
	hasCPE := false
	var unread []string
	for _, r := range sp.ExternalRefs {
		switch r.ReferenceType {
		case "purl":
			q, err := parsePURL(r.ReferenceLocator)
			if err != nil {
				unread = append(unread, err.Error())
				continue
			}
			if pkg.PURL == "" || (eco == "" && version.PURLEcosystem(q.typ) != "") {
				pkg.PURL, p, eco = r.ReferenceLocator, q, version.PURLEcosystem(q.typ)
			}
		case "cpe23Type", "cpe22Type":
			hasCPE = true
		}
	}
	switch {
	case pkg.PURL == "" && len(unread) > 0:
		return pkg, p, "", strings.Join(unread, "; ")
	case pkg.PURL == "" && hasCPE:
		return pkg, p, "", "only a CPE: OSV records name packages by ecosystem and name (a PURL), not by CPE"
	case pkg.PURL == "":
		return pkg, p, "", "no PURL: OSV records name packages by ecosystem and name"
	case eco == "":
		return pkg, p, "", fmt.Sprintf("PURL type %q has no OSV ecosystem sbomkeeper matches (pypi, golang, cargo, npm)", p.typ)
	}
	if p.version != "" {
		pkg.Version = p.version
	}
	if pkg.Version == "" {
		return pkg, p, eco, "no version: neither the PURL nor versionInfo gives one"
	}
	return pkg, p, eco, ""
}

// affects reports whether v (of ordering o) is affected by the entry, with
// the fixed versions above v. An error says a range could not be evaluated
// (a version it names does not parse); the versions list and the other
// ranges are still used.
func (e *entry) affects(o version.Ordering, v version.Version) (bool, []string, error) {
	hit := false
	if e.parsed == nil {
		e.parsed = map[string]version.Version{}
		for _, s := range e.aff.Versions {
			if pv, err := o.Parse(s); err == nil {
				e.parsed[s] = pv
			}
		}
	}
	for _, s := range e.aff.Versions {
		if s == v.String() || (e.parsed[s] != nil && e.parsed[s].Compare(v) == 0) {
			hit = true
			break
		}
	}
	var fixed []string
	var errs []string
	for j, rg := range e.aff.Ranges {
		if rg.Type == osv.RangeGit {
			continue
		}
		in, fx, err := inRange(o, rg, v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("affected[%d].ranges[%d]: %v", e.index, j, err))
			continue
		}
		if in {
			hit = true
			fixed = append(fixed, fx...)
		}
	}
	slices.Sort(fixed)
	fixed = slices.Compact(fixed)
	var err error
	if len(errs) > 0 {
		err = fmt.Errorf("%s; that range is not used", strings.Join(errs, "; "))
	}
	return hit, fixed, err
}

// inRange evaluates one range as the OSV schema says: events sorted by
// version (introduced "0" first, ties in the record's order), affected from
// an introduced up to a fixed (exclusive) or a last_affected (inclusive),
// and never at or above every limit.
func inRange(o version.Ordering, rg osv.Range, v version.Version) (bool, []string, error) {
	type ev struct {
		kind string
		raw  string
		v    version.Version // nil for introduced "0"
	}
	evs := make([]ev, 0, len(rg.Events))
	for _, e := range rg.Events {
		kind, raw := e.Kind()
		x := ev{kind: kind, raw: raw}
		if !(kind == "introduced" && raw == "0") {
			pv, err := o.Parse(raw)
			if err != nil {
				return false, nil, fmt.Errorf("%s %v", kind, err)
			}
			x.v = pv
		}
		evs = append(evs, x)
	}
	slices.SortStableFunc(evs, func(a, b ev) int {
		switch {
		case a.v == nil && b.v == nil:
			return 0
		case a.v == nil:
			return -1
		case b.v == nil:
			return 1
		}
		return a.v.Compare(b.v)
	})
	affected := false
	var limits []version.Version
	for _, e := range evs {
		switch e.kind {
		case "introduced":
			if e.v == nil || v.Compare(e.v) >= 0 {
				affected = true
			}
		case "fixed":
			if v.Compare(e.v) >= 0 {
				affected = false
			}
		case "last_affected":
			if v.Compare(e.v) > 0 {
				affected = false
			}
		case "limit":
			limits = append(limits, e.v)
		}
	}
	if len(limits) > 0 && !slices.ContainsFunc(limits, func(l version.Version) bool { return v.Compare(l) < 0 }) {
		affected = false
	}
	if !affected {
		return false, nil, nil
	}
	var fixed []string
	for _, e := range evs {
		if e.kind == "fixed" && e.v.Compare(v) > 0 {
			fixed = append(fixed, e.raw)
			break // the first fix above v ends this affected stretch
		}
	}
	return true, fixed, nil
}

func (f *Finding) addRecord(r *osv.Record) {
	if !slices.Contains(f.Sources, r.Source) {
		f.Sources = append(f.Sources, r.Source)
	}
	f.Aliases = append(f.Aliases, r.ID)
	f.Aliases = append(f.Aliases, r.Aliases...)
	if f.ID == "" || r.ID < f.ID {
		f.ID = r.ID
		if r.Summary != "" {
			f.Summary = r.Summary
		}
	}
	if f.Summary == "" {
		f.Summary = r.Summary
	}
}

func (f *Finding) addHit(h Hit) {
	for i, old := range f.Hits {
		if old.Package == h.Package {
			f.Hits[i].Fixed = append(f.Hits[i].Fixed, h.Fixed...)
			f.Hits[i].Records = append(f.Hits[i].Records, h.Records...)
			return
		}
	}
	f.Hits = append(f.Hits, h)
}

// finish sorts and dedupes, so output does not depend on record order.
func (f *Finding) finish() {
	slices.Sort(f.Aliases)
	f.Aliases = slices.DeleteFunc(slices.Compact(f.Aliases), func(a string) bool { return a == f.ID })
	if f.Aliases == nil {
		f.Aliases = []string{}
	}
	slices.Sort(f.Sources)
	for i := range f.Hits {
		slices.Sort(f.Hits[i].Fixed)
		f.Hits[i].Fixed = slices.Compact(f.Hits[i].Fixed)
		slices.Sort(f.Hits[i].Records)
		f.Hits[i].Records = slices.Compact(f.Hits[i].Records)
	}
	slices.SortFunc(f.Hits, func(a, b Hit) int {
		return cmp.Or(strings.Compare(a.Package.Name, b.Package.Name), strings.Compare(a.Package.Version, b.Package.Version), strings.Compare(a.Package.SPDXID, b.Package.SPDXID))
	})
}

type unionFind map[string]string

func (u unionFind) find(x string) string {
	p, ok := u[x]
	if !ok {
		u[x] = x
		return x
	}
	if p == x {
		return x
	}
	r := u.find(p)
	u[x] = r
	return r
}

func (u unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[max(ra, rb)] = min(ra, rb)
	}
}
