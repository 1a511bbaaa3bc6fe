package diff

import (
	"net/url"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// entry is a package with what identifies it across documents and formats.
// SPDX IDs do not: the same package has different IDs (or bom-refs) in an
// SPDX document and its CycloneDX rendering, or as two tools write it.
type entry struct {
	p       *spdx.Package
	purl    string            // purlKey of its first PURL, or ""
	cpe     string            // cpeKey of its first CPE, or ""
	files   map[string]string // file name -> checksum
	matched bool
}

func entries(doc *spdx.Document) []*entry {
	files := filesByPackage(doc)
	out := make([]*entry, len(doc.Packages))
	for i := range doc.Packages {
		p := &doc.Packages[i]
		e := &entry{p: p, files: files[p.SPDXID]}
		for _, r := range p.ExternalRefs {
			switch r.ReferenceType {
			case "purl":
				if e.purl == "" {
					e.purl = purlKey(r.ReferenceLocator)
				}
			case "cpe23Type", "cpe22Type":
				if e.cpe == "" {
					e.cpe = cpeKey(r.ReferenceLocator)
				}
			}
		}
		out[i] = e
	}
	return out
}

// match pairs the packages of old and new. Identity is the PURL when both
// have one, else the CPE when both have one, else the name. The version is
// not part of it, so that a version bump is a change of the package rather
// than a removal and an addition.
//
// Several packages of one identity in one document (two vendored copies of
// packaging 21.3) are not merged: among them a package is paired first with
// one of the same version and the same files (names and checksums), then the
// same version and file names, then the same version, and what is left is
// paired in document order.
func match(old, new []*entry) [][2]*entry {
	both := func(a, b string) bool { return a != "" && b != "" }
	levels := []struct {
		key func(*entry) string
		may func(a, b *entry) bool
	}{
		{func(e *entry) string { return e.purl }, func(a, b *entry) bool { return true }},
		{func(e *entry) string { return e.cpe }, func(a, b *entry) bool { return !both(a.purl, b.purl) }},
		{func(e *entry) string { return e.p.Name }, func(a, b *entry) bool { return !both(a.purl, b.purl) && !both(a.cpe, b.cpe) }},
	}
	sameVersion := func(a, b *entry) bool { return a.p.VersionInfo == b.p.VersionInfo }
	prefs := []func(a, b *entry) bool{
		func(a, b *entry) bool { return sameVersion(a, b) && sameFiles(a.files, b.files, true) },
		func(a, b *entry) bool { return sameVersion(a, b) && sameFiles(a.files, b.files, false) },
		sameVersion,
		func(a, b *entry) bool { return true },
	}
	var pairs [][2]*entry
	for _, l := range levels {
		byKey := map[string][]*entry{}
		for _, n := range new {
			if k := l.key(n); k != "" && !n.matched {
				byKey[k] = append(byKey[k], n)
			}
		}
		for _, pref := range prefs {
			for _, o := range old {
				k := l.key(o)
				if o.matched || k == "" {
					continue
				}
				for _, n := range byKey[k] {
					if !n.matched && l.may(o, n) && pref(o, n) {
						o.matched, n.matched = true, true
						pairs = append(pairs, [2]*entry{o, n})
						break
					}
				}
			}
		}
	}
	return pairs
}

// sameFiles compares two packages' files by name, and by checksum too if sums.
func sameFiles(a, b map[string]string, sums bool) bool {
	if len(a) != len(b) {
		return false
	}
	for n, s := range a {
		t, ok := b[n]
		if !ok || (sums && s != t) {
			return false
		}
	}
	return true
}

// caseInsensitive are the PURL types whose namespace and name are matched
// without case: those the PURL spec's type definitions declare case-insensitive,
// and golang. Go module paths are case-sensitive and sbomkeeper now writes them
// as Go does (pkg:golang/github.com/BurntSushi/toml), but older documents and
// the spec's old text lower-cased them (purl-spec#308): pairing both spellings
// as one package, with the PURL reported as changed, shows what really differs.
var caseInsensitive = map[string]bool{
	"alpm": true, "apk": true, "bitbucket": true, "bitnami": true, "composer": true,
	"deb": true, "github": true, "golang": true, "hex": true, "luarocks": true,
	"npm": true, "oci": true, "otp": true, "pub": true, "pypi": true,
}

// purlKey is a PURL without version, qualifiers and subpath, normalised by
// the spec's rules: the type lower-cased, the namespace and name too for the
// types above, and _ read as - in pypi names. "" if s is no PURL.
func purlKey(s string) string {
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, "/")
	rest, _, _ = strings.Cut(rest, "#")
	rest, _, _ = strings.Cut(rest, "?")
	if i := strings.LastIndex(rest, "@"); i > strings.LastIndex(rest, "/") {
		rest = rest[:i]
	}
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" || path == "" {
		return ""
	}
	typ = strings.ToLower(typ)
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if caseInsensitive[typ] {
		path = strings.ToLower(path)
	}
	if typ == "pypi" {
		path = strings.ReplaceAll(path, "_", "-")
	}
	return typ + "/" + path
}

// cpeKey is a CPE's part, vendor and product, lower-cased (CPE matching is
// case-insensitive), without version and the rest. "" if s is no CPE.
func cpeKey(s string) string {
	var fields []string
	switch {
	case strings.HasPrefix(s, "cpe:2.3:"):
		fields = strings.Split(strings.TrimPrefix(s, "cpe:2.3:"), ":")
	case strings.HasPrefix(s, "cpe:/"):
		fields = strings.Split(strings.TrimPrefix(s, "cpe:/"), ":")
	}
	if len(fields) < 3 {
		return ""
	}
	return strings.ToLower(strings.Join(fields[:3], ":"))
}
