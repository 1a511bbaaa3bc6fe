package openvex

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// purl is a Package URL split into its parts and normalised as the PURL
// specification says for its type, so that two spellings of one package
// compare equal.
type purl struct {
	typ, namespace, name, version string
	qualifiers                    map[string]string
	subpath                       string
}

// Case rules of the PURL types (package-url/purl-spec types/*-definition.json,
// 16f3d0e3): the types whose namespace, name or version is case-insensitive,
// and so lowercased.
var (
	nsFolded      = []string{"alpm", "apk", "bitbucket", "brew", "composer", "deb", "github", "hex", "luarocks", "qpkg", "rpm", "vscode-extension", "yocto"}
	nameFolded    = []string{"alpm", "apk", "bitbucket", "bitnami", "brew", "chrome-extension", "composer", "deb", "github", "hex", "luarocks", "oci", "otp", "pub", "pypi", "vscode-extension"}
	versionFolded = []string{"huggingface", "oci", "pypi", "vscode-extension"}
)

// parsePURL parses s as pkg:type/namespace/name@version?qualifiers#subpath.
// ok is false for what is not a PURL.
func parsePURL(s string) (p purl, ok bool) {
	scheme, rest, found := strings.Cut(s, ":")
	if !found || !strings.EqualFold(scheme, "pkg") {
		return p, false
	}
	rest = strings.TrimLeft(rest, "/")
	if i := strings.LastIndexByte(rest, '#'); i >= 0 {
		var segs []string
		for _, seg := range strings.Split(rest[i+1:], "/") {
			if seg, err := url.PathUnescape(seg); err == nil && seg != "" && seg != "." && seg != ".." {
				segs = append(segs, seg)
			}
		}
		p.subpath = path.Join(segs...)
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '?'); i >= 0 {
		p.qualifiers = map[string]string{}
		for _, kv := range strings.Split(rest[i+1:], "&") {
			k, v, _ := strings.Cut(kv, "=")
			v, err := url.QueryUnescape(strings.ReplaceAll(v, "+", "%2B"))
			if err != nil {
				return p, false
			}
			if k != "" && v != "" {
				p.qualifiers[strings.ToLower(k)] = v
			}
		}
		rest = rest[:i]
	}
	rest = strings.TrimRight(rest, "/")
	if i := strings.LastIndexByte(rest, '@'); i >= 0 && !strings.Contains(rest[i:], "/") {
		v, err := url.PathUnescape(rest[i+1:])
		if err != nil {
			return p, false
		}
		p.version = v
		rest = rest[:i]
	}
	typ, rest, found := strings.Cut(rest, "/")
	if !found || typ == "" || rest == "" {
		return p, false
	}
	p.typ = strings.ToLower(typ)
	segs := strings.Split(rest, "/")
	for i, seg := range segs {
		seg, err := url.PathUnescape(seg)
		if err != nil {
			return p, false
		}
		segs[i] = seg
	}
	p.name = segs[len(segs)-1]
	p.namespace = strings.Join(slices.DeleteFunc(segs[:len(segs)-1], func(s string) bool { return s == "" }), "/")
	if p.name == "" {
		return p, false
	}
	if slices.Contains(nsFolded, p.typ) {
		p.namespace = strings.ToLower(p.namespace)
	}
	if slices.Contains(nameFolded, p.typ) {
		p.name = strings.ToLower(p.name)
	}
	if p.typ == "pypi" {
		// PEP 503, as the index compares names (jaraco.text is jaraco-text),
		// and as scan matches OSV records: one normal form for both.
		p.name = wheel.Normalize(p.name)
	}
	if slices.Contains(versionFolded, p.typ) {
		p.version = strings.ToLower(p.version)
	}
	return p, true
}

// covers reports whether the statement's PURL g names the product's PURL p:
// the same type, namespace, name and subpath; g without a version covers
// every version of p; each qualifier g has, p must have with the same value
// (p may have more). This is go-vex's PurlMatches, with the PURL
// specification's normalisation.
func (g purl) covers(p purl) bool {
	if g.typ != p.typ || g.namespace != p.namespace || g.name != p.name || g.subpath != p.subpath {
		return false
	}
	if g.version != "" && g.version != p.version {
		return false
	}
	for k, v := range g.qualifiers {
		if p.qualifiers[k] != v {
			return false
		}
	}
	return true
}

// SamePURL reports whether a and b are Package URLs of the same package,
// version, qualifiers and subpath once normalised as the PURL specification
// says for their type (pkg:pypi/Typing_Extensions@4.4.0 and
// pkg:pypi/typing-extensions@4.4.0 are the same).
func SamePURL(a, b string) bool {
	p, ok1 := parsePURL(a)
	q, ok2 := parsePURL(b)
	return ok1 && ok2 && p.covers(q) && q.covers(p)
}
