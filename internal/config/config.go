package config

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/mod/semver"
)

// DefaultFile is the config file's name at a project's root.
const DefaultFile = "sbomkeeper.toml"

// Kinds of SBOM document.
const (
	KindSource    = "source"    // files come from include globs over the tree
	KindExternals = "externals" // versions come from a build script
	KindRecipes   = "recipes"   // libraries a Python build script's recipe function builds
	KindGoMod     = "gomod"     // packages come from go.mod / go.sum
)

// License policies.
const (
	PolicyNoAssertion = "noassertion" // licenseConcluded must be NOASSERTION
	PolicyAllowed     = "allowed"     // licenseConcluded must be one of Allowed
	PolicyAny         = "any"         // no rule
)

// Pin fields: which package value a pin's capture must equal.
const (
	FieldVersion = "version"
	FieldSHA256  = "sha256"
)

// Config is a loaded, checked configuration.
type Config struct {
	// File is the path the config was read from, for messages.
	File string `toml:"-"`
	// DocsURL is printed after every finding, pointing at the project's own
	// instructions for updating its SBOM.
	DocsURL string `toml:"docs_url"`
	// License is the project-wide license policy; an SBOM may override it.
	License License `toml:"license"`
	// SBOMs are the documents to keep, in the order they are processed.
	SBOMs []SBOM `toml:"sbom"`
	// Artifact says what the SBOMs of release artifacts look like.
	Artifact *Artifact `toml:"artifact"`
}

// Artifact kinds: what an artifact holds and so how its SBOM is made.
const (
	// ArtifactSourceArchive is an archive of the source tree: every file is
	// hashed, vendored files are checked against the source SBOM inside it.
	ArtifactSourceArchive = "source-archive"
	// ArtifactBuilt is a build made elsewhere (an installer): the externals
	// SBOM and the source SBOM's packages, without files, from --source-dir.
	ArtifactBuilt = "built"
)

// Artifact configures `sbomkeeper artifact`. Templates may use {version} (from
// the kind's match), {version_base} (its leading digits and dots) and
// {artifact} (the file's name).
type Artifact struct {
	DocumentName       string   `toml:"document_name"`
	Namespace          string   `toml:"namespace"`
	Creators           []string `toml:"creators"`
	LicenseListVersion string   `toml:"license_list_version"`
	// Supplier is set on every package: whoever ships the artifact supplies
	// everything in it.
	Supplier string `toml:"supplier"`
	// SourceSBOM and ExternalsSBOM are paths in the source tree (and, for
	// source archives, in the archive under the kind's prefix).
	SourceSBOM    string          `toml:"source_sbom"`
	ExternalsSBOM string          `toml:"externals_sbom"`
	Package       ArtifactPackage `toml:"package"`
	Kinds         []ArtifactKind  `toml:"kind"`
	// Bundles found in artifacts; paths are relative to the tree's root.
	Bundles []Bundle `toml:"bundle"`
}

// ArtifactPackage is the top-level package an artifact SBOM describes.
type ArtifactPackage struct {
	SPDXID      string `toml:"spdxid"`
	Name        string `toml:"name"`
	License     string `toml:"license"`
	Originator  string `toml:"originator"`
	CPE         string `toml:"cpe"`
	PURL        string `toml:"purl"`
	DownloadURL string `toml:"download_url"`
	Purpose     string `toml:"purpose"`
}

// ArtifactKind matches artifact file names; the first kind that matches wins.
type ArtifactKind struct {
	Name string `toml:"name"`
	Type string `toml:"type"`
	// Match is a regular expression over the file name whose first group is the version.
	Match string `toml:"match"`
	// Prefix is the directory every member of a source archive is under.
	Prefix string `toml:"prefix"`
	// Bundles names the [[artifact.bundle]]s this kind of artifact ships.
	Bundles []string `toml:"bundles"`
	// Compiled makes SOURCE packages LIBRARY: the artifact holds them built.
	Compiled bool `toml:"compiled"`

	Regexp *regexp.Regexp `toml:"-"`
}

// License is a license policy.
type License struct {
	Policy  string   `toml:"policy"`
	Allowed []string `toml:"allowed"`
}

// SBOM is one document to keep.
type SBOM struct {
	Path      string     `toml:"path"` // relative to the root, '/'-separated
	Kind      string     `toml:"kind"`
	License   *License   `toml:"license"`
	Packages  []Package  `toml:"package"`
	Externals *Externals `toml:"externals"`
	Recipes   *Recipes   `toml:"recipes"`
	GoMod     *GoMod     `toml:"gomod"`
	// Bundles are packaged artifacts (a wheel) inside the tree whose package and
	// vendored projects are discovered rather than written by hand.
	Bundles []Bundle `toml:"bundle"`
	// Lock records what package indexes answered for the bundles, so later runs
	// need no network; relative to the root. Required when there are bundles.
	Lock string `toml:"lock"`
	// Also names other formats kept beside the document, each derived from it
	// and checked with it: "cyclonedx" (CycloneDX 1.6, PATH with .spdx.json
	// replaced by .cdx.json) and "spdx3" (SPDX 3.0.1 JSON-LD, .spdx3.json).
	Also []string `toml:"also"`

	line int
}

// AlsoFormats are the formats [[sbom]] also may name.
var AlsoFormats = []string{"cyclonedx", "spdx3"}

// Bundle ecosystems.
const EcosystemPyPI = "pypi"

// What to do with other files beside a bundle.
const (
	OthersError  = "error"
	OthersIgnore = "ignore"
)

// PURL name styles for vendored projects.
const (
	PURLCanonical = "canonical" // the PURL spec's pypi form: lower case, '_' → '-'
	PURLLowercase = "lowercase" // lower case only, as CPython 3.12 wrote them
)

// Bundle declares a packaged artifact (a wheel) shipped in the tree.
type Bundle struct {
	// Name is the SPDX package name of the bundled project, e.g. "pip".
	Name string `toml:"name"`
	// Project is the project's name at the package index; "" means Name.
	Project string `toml:"project"`
	// Path is a glob selecting the artifact, e.g. "Lib/ensurepip/_bundled/pip-*.whl".
	Path      string `toml:"path"`
	Ecosystem string `toml:"ecosystem"`
	// ExactlyOne makes two matching artifacts an error (none means debundled).
	ExactlyOne bool `toml:"exactly_one"`
	// Others says what to do with other files in the artifact's directory.
	Others string `toml:"others"`
	// Vendored is the member listing what the artifact vendors ("name==version"
	// lines), "auto" for <top-level package>/_vendor/vendor.txt, or "" for none.
	Vendored string `toml:"vendored"`
	// Vendor are the artifact's directories of vendored projects, for
	// wheels with several, or with no list of pins.
	Vendor []VendorTree `toml:"vendor"`
	// Files lists each vendored project's files inside the wheel as files
	// of its package (member path, SHA1, SHA256).
	Files bool `toml:"files"`
	// Originator, CPE and PURL of the bundle's package; {version} is replaced.
	Originator string `toml:"originator"`
	CPE        string `toml:"cpe"`
	PURL       string `toml:"purl"`
	// PURLNames is how vendored projects' names are spelled in their PURLs.
	PURLNames string `toml:"purl_names"`
	// ReferenceCategory of the PURL references; CPython writes PACKAGE_MANAGER.
	ReferenceCategory string `toml:"reference_category"`
	// Pins are values kept in other files that must equal the wheel's version,
	// as CPython's Lib/ensurepip/__init__.py keeps _PIP_VERSION. Field is
	// always FieldVersion. Only an [[sbom.bundle]] may have them.
	Pins []Pin `toml:"pin"`

	line int
}

// VendorTree is one directory of vendored projects inside a bundle.
type VendorTree struct {
	// Dir is the directory inside the wheel, e.g. "setuptools/_vendor".
	Dir string `toml:"dir"`
	// List is the member pinning its projects ("name==version" lines), or ""
	// when the wheel carries none and they are discovered from Dir.
	List string `toml:"list"`
	// Names is a member whose names = (...) tuple names the vendored modules
	// (setuptools/extern/__init__.py), checked against Dir. Optional.
	Names string `toml:"names"`
	// Projects declare what the wheel cannot tell.
	Projects []VendoredProject `toml:"project"`
}

// VendoredProject declares a vendored project's name, modules or version.
type VendoredProject struct {
	Name string `toml:"name"`
	// Modules are paths relative to the tree's Dir ("jaraco/text",
	// "jaraco/context.py"); default: the module the name implies.
	Modules []string `toml:"modules"`
	// Version is used when the files do not say it; Source says where the pin
	// came from (required with Version), for the people who check it.
	Version string `toml:"version"`
	Source  string `toml:"source"`
	// Unindexed says the package index is not asked about the project: its
	// entry's downloadLocation and checksums are what a person wrote (for a
	// release whose files cannot be verified, downloadLocation NOASSERTION).
	Unindexed bool `toml:"unindexed"`
}

// IndexProject is the bundle's name at the package index.
func (b Bundle) IndexProject() string {
	if b.Project != "" {
		return b.Project
	}
	return b.Name
}

// Line is where the bundle's table starts in the config file.
func (b Bundle) Line() int { return b.line }

// Line is where the SBOM's table starts in the config file.
func (s SBOM) Line() int { return s.line }

// Package maps a package of a source SBOM to its files and pins.
type Package struct {
	Name    string   `toml:"name"`
	Include []string `toml:"include"`
	Exclude []string `toml:"exclude"`
	Pins    []Pin    `toml:"pin"`

	line int
}

// Line is where the package's table starts in the config file.
func (p Package) Line() int { return p.line }

// Pin is a value kept in another file that must agree with the SBOM. The file
// holds it whole (Pattern) or in parts (Patterns, joined with Join), as
// expat.h keeps 2.5.0 in XML_MAJOR_VERSION, XML_MINOR_VERSION and
// XML_MICRO_VERSION.
type Pin struct {
	File string `toml:"file"`
	// Pattern's first capture group is the value.
	Pattern string `toml:"pattern"`
	// Patterns' capture groups, one each, are the value's parts in order.
	Patterns []string `toml:"patterns"`
	// Join goes between the parts; nil means ".". A pointer, so that
	// join = "" (parts written side by side) is not taken for unset.
	Join  *string `toml:"join"`
	Field string  `toml:"field"`

	Regexp  *regexp.Regexp   `toml:"-"` // Pattern compiled
	Regexps []*regexp.Regexp `toml:"-"` // Patterns compiled, in order
	line    int
}

// Separator is what goes between the parts of a pin kept in Patterns.
func (p Pin) Separator() string {
	if p.Join == nil {
		return "."
	}
	return *p.Join
}

// Line is where the pin's table starts in the config file.
func (p Pin) Line() int { return p.line }

// Externals says how an externals SBOM's versions are read from a build script.
type Externals struct {
	File string `toml:"file"`
	// Pattern finds entries in File: either named groups "name" and "version", or
	// one group holding "name-version" split at the last '-'.
	Pattern string `toml:"pattern"`
	// DownloadURL is a template with {name}, {version} and {tag} (name-version).
	DownloadURL string `toml:"download_url"`
	// CPEVersionField is the 1-based ':'-separated field of a cpe23Type locator that
	// holds the version ("cpe" is field 1, so CPE 2.3's version is field 6).
	CPEVersionField int `toml:"cpe_version_field"`

	Regexp *regexp.Regexp `toml:"-"`
}

// Recipes says which function of a Python build script lists the libraries a
// build makes (CPython's Mac/BuildScript/build-installer.py and its
// library_recipes()), and for which configuration.
type Recipes struct {
	File     string `toml:"file"`
	Function string `toml:"function"`
	// Conditions settle the tests the function makes, by their source text
	// without spaces ("internalTk()", "PYTHON_3"): the configuration the
	// document describes.
	Conditions map[string]bool `toml:"conditions"`
	// CPEVersionField is as for externals: CPE 2.3's version is field 6.
	CPEVersionField int `toml:"cpe_version_field"`
	// Comment is written into each package's comment, saying which
	// configuration the versions are for; optional.
	Configuration string `toml:"configuration"`
}

// GoMod says where a gomod SBOM's module lives and what the document is called.
type GoMod struct {
	Dir       string `toml:"dir"`       // directory holding go.mod, relative to the root
	Name      string `toml:"name"`      // document name; default: the module path
	Namespace string `toml:"namespace"` // documentNamespace; default derived from the module path
	Creator   string `toml:"creator"`   // an extra creator, e.g. "Organization: Example"
	// Version is the main module's version (a Go semantic version such as
	// "v1.2.0"), for its versionInfo and PURL. go.mod has none, and one read
	// from git (a pseudo-version of HEAD) would change on every commit and so
	// could never be checked in; a declared one changes when a release does.
	Version string `toml:"version"`
}

// Error is a config error at a place in the file.
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors are several config errors, one per line of the message.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Load reads and checks the config at file.
func Load(file string) (*Config, error) {
	data, err := safefile.Read(file, safefile.MaxConfig)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(file, data)
}

// Parse decodes and checks config text; file names it in errors.
func Parse(file string, data []byte) (*Config, error) {
	var c Config
	if line, depth := nesting(data); depth > maxNesting {
		return nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("arrays and inline tables nest %d deep here; a config needs at most a few levels, and sbomkeeper refuses more than %d", depth, maxNesting)}
	}
	// Decoded once generically first, so that every unknown key and every
	// value of the wrong type is reported, each with its line.
	var generic map[string]any
	if _, err := toml.Decode(string(data), &generic); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Error{File: file, Line: perr.Position.Line, Msg: perr.Message}
		}
		return nil, &Error{File: file, Msg: err.Error()}
	}
	if errs := shapeErrors(file, data, generic); len(errs) > 0 {
		return nil, Errors(errs)
	}
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, &Error{File: file, Msg: err.Error()}
	}
	c.File = file
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		// shapeErrors knows every key of the struct; this is a safety net.
		key := undecoded[0].String()
		return nil, &Error{File: file, Line: findKeyLine(data, undecoded[0][len(undecoded[0])-1]), Msg: fmt.Sprintf("unknown key %q (see docs/config.md for the keys sbomkeeper reads)", key)}
	}
	locate(&c, data)
	if err := c.check(data); err != nil {
		return nil, err
	}
	return &c, nil
}

// locate records where each [[sbom]], [[sbom.package]], [[sbom.package.pin]],
// [[sbom.bundle]] and [[sbom.bundle.pin]] table starts, so errors found after
// decoding can still name a line: the TOML decoder does not keep positions.
func locate(c *Config, data []byte) {
	header := regexp.MustCompile(`^\s*\[\[\s*(sbom|sbom\.package|sbom\.package\.pin|sbom\.bundle|sbom\.bundle\.pin)\s*\]\]`)
	s, p, n, b, q := -1, -1, -1, -1, -1
	for i, line := range bytes.Split(data, []byte("\n")) {
		m := header.FindSubmatch(line)
		if m == nil {
			continue
		}
		switch string(m[1]) {
		case "sbom.bundle":
			b, q = b+1, -1
			if s >= 0 && s < len(c.SBOMs) && b < len(c.SBOMs[s].Bundles) {
				c.SBOMs[s].Bundles[b].line = i + 1
			}
		case "sbom.bundle.pin":
			q++
			if s >= 0 && s < len(c.SBOMs) && b >= 0 && b < len(c.SBOMs[s].Bundles) && q < len(c.SBOMs[s].Bundles[b].Pins) {
				c.SBOMs[s].Bundles[b].Pins[q].line = i + 1
			}
		case "sbom":
			s, p, n, b, q = s+1, -1, -1, -1, -1
			if s < len(c.SBOMs) {
				c.SBOMs[s].line = i + 1
			}
		case "sbom.package":
			p, n = p+1, -1
			if s >= 0 && s < len(c.SBOMs) && p < len(c.SBOMs[s].Packages) {
				c.SBOMs[s].Packages[p].line = i + 1
			}
		case "sbom.package.pin":
			n++
			if s >= 0 && s < len(c.SBOMs) && p >= 0 && p < len(c.SBOMs[s].Packages) && n < len(c.SBOMs[s].Packages[p].Pins) {
				c.SBOMs[s].Packages[p].Pins[n].line = i + 1
			}
		}
	}
}

func findKeyLine(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, line := range bytes.Split(data, []byte("\n")) {
		if re.Match(line) {
			return i + 1
		}
	}
	return 0
}

func (c *Config) errAt(line int, format string, args ...any) error {
	return &Error{File: c.File, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (c *Config) check(data []byte) error {
	if len(c.SBOMs) == 0 {
		return c.errAt(0, "no [[sbom]] tables: declare at least one document to keep")
	}
	if err := c.checkLicense(c.License, 0, "[license]"); err != nil {
		return err
	}
	if c.Artifact != nil {
		if err := c.checkArtifact(data); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i := range c.SBOMs {
		s := &c.SBOMs[i]
		if err := checkRelPath(s.Path); err != nil {
			return c.errAt(s.line, "[[sbom]] path %q: %v", s.Path, err)
		}
		if seen[s.Path] {
			return c.errAt(s.line, "[[sbom]] path %q is declared twice", s.Path)
		}
		seen[s.Path] = true
		if err := c.checkAlso(s); err != nil {
			return err
		}
		if s.License != nil {
			if err := c.checkLicense(*s.License, s.line, "[sbom.license]"); err != nil {
				return err
			}
		}
		var err error
		switch s.Kind {
		case KindSource:
			err = c.checkSource(s)
		case KindExternals:
			err = c.checkExternals(s, data)
		case KindRecipes:
			err = c.checkRecipes(s)
		case KindGoMod:
			err = c.checkGoMod(s)
		default:
			err = c.errAt(s.line, "[[sbom]] %q: kind %q is not one of %q, %q, %q, %q", s.Path, s.Kind, KindSource, KindExternals, KindRecipes, KindGoMod)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) checkLicense(l License, line int, where string) error {
	switch l.Policy {
	case "", PolicyAny, PolicyNoAssertion:
		if len(l.Allowed) > 0 && l.Policy != "" {
			return c.errAt(line, "%s: allowed is only read with policy = %q", where, PolicyAllowed)
		}
	case PolicyAllowed:
		if len(l.Allowed) == 0 {
			return c.errAt(line, "%s: policy = %q needs a non-empty allowed list", where, PolicyAllowed)
		}
	default:
		return c.errAt(line, "%s: policy %q is not one of %q, %q, %q", where, l.Policy, PolicyNoAssertion, PolicyAllowed, PolicyAny)
	}
	return nil
}

func (c *Config) checkSource(s *SBOM) error {
	if s.Externals != nil || s.GoMod != nil {
		return c.errAt(s.line, "[[sbom]] %q: a source SBOM takes [[sbom.package]] tables, not [sbom.externals] or [sbom.gomod]", s.Path)
	}
	if len(s.Packages) == 0 && len(s.Bundles) == 0 {
		return c.errAt(s.line, "[[sbom]] %q: a source SBOM needs at least one [[sbom.package]] or [[sbom.bundle]]", s.Path)
	}
	if err := c.checkBundles(s); err != nil {
		return err
	}
	names := map[string]bool{}
	for i := range s.Packages {
		p := &s.Packages[i]
		if p.Name == "" {
			return c.errAt(p.line, "[[sbom.package]] needs a name")
		}
		if names[p.Name] {
			return c.errAt(p.line, "package %q is declared twice in %q", p.Name, s.Path)
		}
		names[p.Name] = true
		if len(p.Include) == 0 {
			return c.errAt(p.line, "package %q: include needs at least one glob, such as \"Modules/%s/**\"", p.Name, p.Name)
		}
		for _, g := range append(slices.Clone(p.Include), p.Exclude...) {
			if err := checkRelPath(strings.TrimSuffix(g, "/")); err != nil {
				return c.errAt(p.line, "package %q: %q: %v", p.Name, g, err)
			}
		}
		for j := range p.Pins {
			if err := c.checkPin(fmt.Sprintf("package %q", p.Name), p.line, &p.Pins[j], []string{FieldVersion, FieldSHA256}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Config) checkArtifact(data []byte) error {
	a := c.Artifact
	line := findTableLine(data, "artifact")
	if len(a.Kinds) == 0 {
		return c.errAt(line, "[artifact] needs at least one [[artifact.kind]]")
	}
	if a.Package.Name == "" || a.Package.DownloadURL == "" {
		return c.errAt(line, "[artifact.package] needs name and download_url")
	}
	if a.Package.SPDXID == "" {
		a.Package.SPDXID = "SPDXRef-PACKAGE-" + a.Package.Name
	}
	if a.Package.Purpose == "" {
		a.Package.Purpose = "SOURCE"
	}
	if a.DocumentName == "" {
		a.DocumentName = a.Package.Name + " SBOM"
	}
	if a.Namespace == "" {
		a.Namespace = a.Package.DownloadURL + ".spdx.json"
	}
	if a.SourceSBOM == "" {
		return c.errAt(line, "[artifact] needs source_sbom, the source SBOM's path in the tree")
	}
	bundles := map[string]bool{}
	for i := range a.Bundles {
		b := &a.Bundles[i]
		if err := c.checkBundle(b, map[string]bool{}); err != nil {
			return err
		}
		// The type is shared with [[sbom.bundle]], but nothing checks pins of
		// an artifact's bundles: accepting them would disable them silently.
		if len(b.Pins) > 0 {
			return c.errAt(findArrayTableLine(data, "artifact.bundle.pin"), "[[artifact.bundle]] %q: pins are only checked in [[sbom.bundle]]; move [[artifact.bundle.pin]] to the source SBOM's bundle", b.Name)
		}
		bundles[b.Name] = true
	}
	for i := range a.Kinds {
		k := &a.Kinds[i]
		if k.Type != ArtifactSourceArchive && k.Type != ArtifactBuilt {
			return c.errAt(line, "[[artifact.kind]] %q: type %q is not %q or %q", k.Name, k.Type, ArtifactSourceArchive, ArtifactBuilt)
		}
		re, err := regexp.Compile(k.Match)
		if err != nil || re.NumSubexp() < 1 {
			return c.errAt(line, "[[artifact.kind]] %q: match %q must be a Go regular expression whose first group is the version", k.Name, k.Match)
		}
		k.Regexp = re
		for _, b := range k.Bundles {
			if !bundles[b] {
				return c.errAt(line, "[[artifact.kind]] %q names bundle %q, which no [[artifact.bundle]] declares", k.Name, b)
			}
		}
		if k.Type == ArtifactBuilt && a.ExternalsSBOM == "" {
			return c.errAt(line, "[[artifact.kind]] %q is built elsewhere and needs [artifact] externals_sbom", k.Name)
		}
	}
	return nil
}

func findTableLine(data []byte, table string) int {
	re := regexp.MustCompile(`^\s*\[\s*` + regexp.QuoteMeta(table) + `\s*\]`)
	for i, line := range bytes.Split(data, []byte("\n")) {
		if re.Match(line) {
			return i + 1
		}
	}
	return 0
}

// findArrayTableLine is the line of the first [[table]] header, 0 if none.
func findArrayTableLine(data []byte, table string) int {
	re := regexp.MustCompile(`^\s*\[\[\s*` + regexp.QuoteMeta(table) + `\s*\]\]`)
	for i, line := range bytes.Split(data, []byte("\n")) {
		if re.Match(line) {
			return i + 1
		}
	}
	return 0
}

func (c *Config) checkAlso(s *SBOM) error {
	seen := map[string]bool{}
	for _, f := range s.Also {
		if !slices.Contains(AlsoFormats, f) {
			return c.errAt(s.line, "[[sbom]] %q: also = %q: unknown format; use %q", s.Path, f, AlsoFormats)
		}
		if seen[f] {
			return c.errAt(s.line, "[[sbom]] %q: also names %q twice", s.Path, f)
		}
		seen[f] = true
	}
	if len(s.Also) > 0 && !strings.HasSuffix(s.Path, ".spdx.json") {
		return c.errAt(s.line, "[[sbom]] %q: also needs a path ending in .spdx.json, so that the derived documents' names follow from it", s.Path)
	}
	return nil
}

func (c *Config) checkBundles(s *SBOM) error {
	if len(s.Bundles) == 0 {
		if s.Lock != "" {
			return c.errAt(s.line, "[[sbom]] %q: lock is only used with [[sbom.bundle]]", s.Path)
		}
		return nil
	}
	if s.Lock == "" {
		return c.errAt(s.line, "[[sbom]] %q: bundles need a lock file for offline runs, e.g. lock = %q", s.Path, strings.TrimSuffix(s.Path, ".spdx.json")+".lock.toml")
	}
	if err := checkRelPath(s.Lock); err != nil {
		return c.errAt(s.line, "[[sbom]] %q: lock %q: %v", s.Path, s.Lock, err)
	}
	names := map[string]bool{}
	for _, p := range s.Packages {
		names[p.Name] = true
	}
	for i := range s.Bundles {
		b := &s.Bundles[i]
		if err := c.checkBundle(b, names); err != nil {
			return err
		}
		// A bundle's package is made from its wheel, so the wheel's version
		// is the one value a pin can be checked against.
		for j := range b.Pins {
			if err := c.checkPin(fmt.Sprintf("bundle %q", b.Name), b.line, &b.Pins[j], []string{FieldVersion}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Config) checkBundle(b *Bundle, names map[string]bool) error {
	switch {
	case b.Name == "":
		return c.errAt(b.line, "[[sbom.bundle]] needs a name, the SPDX package name of the bundled project")
	case names[b.Name]:
		return c.errAt(b.line, "bundle %q is also declared as a [[sbom.package]] or another bundle", b.Name)
	case b.Ecosystem != EcosystemPyPI:
		return c.errAt(b.line, "bundle %q: ecosystem %q is not supported; use %q", b.Name, b.Ecosystem, EcosystemPyPI)
	}
	names[b.Name] = true
	if err := checkRelPath(b.Path); err != nil {
		return c.errAt(b.line, "bundle %q: path %q: %v", b.Name, b.Path, err)
	}
	if !strings.HasSuffix(b.Path, ".whl") {
		return c.errAt(b.line, "bundle %q: path %q must select wheels (*.whl)", b.Name, b.Path)
	}
	if b.Others == "" {
		b.Others = OthersError
	}
	if b.Others != OthersError && b.Others != OthersIgnore {
		return c.errAt(b.line, "bundle %q: others %q is not %q or %q", b.Name, b.Others, OthersError, OthersIgnore)
	}
	if b.PURLNames == "" {
		b.PURLNames = PURLCanonical
	}
	if b.PURLNames != PURLCanonical && b.PURLNames != PURLLowercase {
		return c.errAt(b.line, "bundle %q: purl_names %q is not %q or %q", b.Name, b.PURLNames, PURLCanonical, PURLLowercase)
	}
	if b.ReferenceCategory == "" {
		b.ReferenceCategory = "PACKAGE-MANAGER"
	}
	if b.ReferenceCategory != "PACKAGE-MANAGER" && b.ReferenceCategory != "PACKAGE_MANAGER" {
		return c.errAt(b.line, "bundle %q: reference_category %q is not PACKAGE-MANAGER (SPDX 2.3) or PACKAGE_MANAGER (2.3.1)", b.Name, b.ReferenceCategory)
	}
	if b.PURL == "" {
		b.PURL = "pkg:pypi/" + b.IndexProject() + "@{version}"
	}
	if b.Files && len(b.Vendor) == 0 && b.Vendored == "" {
		return c.errAt(b.line, "bundle %q: files = true lists vendored projects' files, but the bundle declares no vendored tree (vendored or [[sbom.bundle.vendor]])", b.Name)
	}
	dirs := map[string]bool{}
	if b.Vendored != "" && b.Vendored != "auto" {
		dirs[path.Dir(b.Vendored)] = true
	}
	for _, t := range b.Vendor {
		if err := checkRelPath(t.Dir); err != nil {
			return c.errAt(b.line, "bundle %q: vendor dir %q: %v", b.Name, t.Dir, err)
		}
		if dirs[t.Dir] {
			return c.errAt(b.line, "bundle %q: vendor dir %q is declared twice", b.Name, t.Dir)
		}
		dirs[t.Dir] = true
		for _, m := range []string{t.List, t.Names} {
			if m == "" {
				continue
			}
			if err := checkRelPath(m); err != nil {
				return c.errAt(b.line, "bundle %q: vendor member %q: %v", b.Name, m, err)
			}
		}
		seen := map[string]bool{}
		for _, p := range t.Projects {
			switch {
			case p.Name == "":
				return c.errAt(b.line, "bundle %q: a [[sbom.bundle.vendor.project]] of %s needs a name", b.Name, t.Dir)
			case seen[p.Name]:
				return c.errAt(b.line, "bundle %q: vendored project %q of %s is declared twice", b.Name, p.Name, t.Dir)
			case p.Version != "" && p.Source == "":
				return c.errAt(b.line, "bundle %q: vendored project %q declares version %s without a source; say where the pin comes from (source = \"...\")", b.Name, p.Name, p.Version)
			case p.Version != "" && t.List != "":
				return c.errAt(b.line, "bundle %q: vendored project %q: %s pins its version; a declared version is only for trees without a list", b.Name, p.Name, t.List)
			}
			seen[p.Name] = true
			for _, m := range p.Modules {
				if err := checkRelPath(m); err != nil {
					return c.errAt(b.line, "bundle %q: vendored project %q: module %q: %v", b.Name, p.Name, m, err)
				}
			}
		}
	}
	return nil
}

// checkPin checks a pin of a package or bundle and compiles its patterns.
// owner names the package or bundle in errors (`package "expat"`), ownerLine is
// its table's line, for a pin whose own line is unknown, and fields are the
// values a pin of it may name.
func (c *Config) checkPin(owner string, ownerLine int, pin *Pin, fields []string) error {
	line := pin.line
	if line == 0 {
		line = ownerLine
	}
	if err := checkRelPath(pin.File); err != nil {
		return c.errAt(line, "%s pin: file %q: %v", owner, pin.File, err)
	}
	if !slices.Contains(fields, pin.Field) {
		return c.errAt(line, "%s pin: field %q is not %s", owner, pin.Field, orList(fields))
	}
	switch {
	case pin.Pattern != "" && pin.Patterns != nil:
		return c.errAt(line, "%s pin: set pattern or patterns, not both: pattern for a value kept whole, patterns for one kept in parts", owner)
	case pin.Patterns != nil:
		return c.checkPinParts(owner, line, pin)
	case pin.Pattern == "":
		return c.errAt(line, "%s pin: needs pattern (its capture group is the value) or patterns (each capture group is a part, joined with join)", owner)
	case pin.Join != nil:
		return c.errAt(line, "%s pin: join is only read with patterns; remove it or split pattern into patterns", owner)
	}
	re, err := regexp.Compile(pin.Pattern)
	if err != nil {
		return c.errAt(line, "%s pin: pattern %q is not a Go regular expression: %v", owner, pin.Pattern, err)
	}
	if re.NumSubexp() < 1 {
		return c.errAt(line, "%s pin: pattern %q needs a capture group around the pinned value", owner, pin.Pattern)
	}
	pin.Regexp = re
	return nil
}

// checkPinParts checks a pin kept in parts. Each pattern must have exactly one
// capture group: with more, which one is the part would be a guess.
func (c *Config) checkPinParts(owner string, line int, pin *Pin) error {
	if len(pin.Patterns) == 0 {
		return c.errAt(line, "%s pin: patterns is empty; list one pattern for each part of the value, or use pattern", owner)
	}
	pin.Regexps = make([]*regexp.Regexp, len(pin.Patterns))
	for i, p := range pin.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return c.errAt(line, "%s pin: patterns entry %d, %q, is not a Go regular expression: %v", owner, i+1, p, err)
		}
		switch n := re.NumSubexp(); {
		case n == 0:
			return c.errAt(line, "%s pin: patterns entry %d, %q, needs a capture group around its part of the value", owner, i+1, p)
		case n > 1:
			return c.errAt(line, "%s pin: patterns entry %d, %q, has %d capture groups; keep the one around its part of the value and make the others (?:...)", owner, i+1, p, n)
		}
		pin.Regexps[i] = re
	}
	return nil
}

// orList quotes values for a message: "a", "a" or "b", "a", "b" or "c".
func orList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func (c *Config) checkRecipes(s *SBOM) error {
	r := s.Recipes
	if r == nil {
		return c.errAt(s.line, "[[sbom]] %q: a recipes SBOM needs an [sbom.recipes] table (file, function, conditions)", s.Path)
	}
	if len(s.Packages) > 0 || s.GoMod != nil || s.Externals != nil || len(s.Bundles) > 0 {
		return c.errAt(s.line, "[[sbom]] %q: a recipes SBOM takes [sbom.recipes] only", s.Path)
	}
	if err := checkRelPath(r.File); err != nil {
		return c.errAt(s.line, "[sbom.recipes] file %q: %v", r.File, err)
	}
	if r.Function == "" {
		return c.errAt(s.line, "[sbom.recipes] needs function, the name of the function that returns the recipes (CPython: \"library_recipes\")")
	}
	if r.CPEVersionField == 0 {
		r.CPEVersionField = 6
	}
	if r.CPEVersionField < 2 {
		return c.errAt(s.line, "[sbom.recipes] cpe_version_field must be 2 or more")
	}
	return nil
}

func (c *Config) checkExternals(s *SBOM, data []byte) error {
	e := s.Externals
	if e == nil {
		return c.errAt(s.line, "[[sbom]] %q: an externals SBOM needs an [sbom.externals] table", s.Path)
	}
	if len(s.Packages) > 0 || s.GoMod != nil {
		return c.errAt(s.line, "[[sbom]] %q: an externals SBOM takes [sbom.externals] only", s.Path)
	}
	line := findKeyLine(data, "pattern")
	if err := checkRelPath(e.File); err != nil {
		return c.errAt(s.line, "[sbom.externals] file %q: %v", e.File, err)
	}
	re, err := regexp.Compile(e.Pattern)
	if err != nil {
		return c.errAt(line, "[sbom.externals] pattern %q is not a Go regular expression: %v", e.Pattern, err)
	}
	named := slices.Contains(re.SubexpNames(), "name") && slices.Contains(re.SubexpNames(), "version")
	if !named && re.NumSubexp() < 1 {
		return c.errAt(line, "[sbom.externals] pattern needs groups (?P<name>...) and (?P<version>...), or one group capturing name-version")
	}
	e.Regexp = re
	if e.DownloadURL == "" {
		return c.errAt(s.line, "[sbom.externals] needs download_url, a template such as \"https://example.org/{name}-{version}.tar.gz\"")
	}
	if e.CPEVersionField == 0 {
		e.CPEVersionField = 6
	}
	if e.CPEVersionField < 2 {
		return c.errAt(s.line, "[sbom.externals] cpe_version_field must be 2 or more (CPE 2.3 keeps the version in field 6)")
	}
	return nil
}

func (c *Config) checkGoMod(s *SBOM) error {
	if len(s.Packages) > 0 || s.Externals != nil {
		return c.errAt(s.line, "[[sbom]] %q: a gomod SBOM takes an optional [sbom.gomod] table only", s.Path)
	}
	if s.GoMod == nil {
		s.GoMod = &GoMod{}
	}
	if s.GoMod.Dir == "" {
		s.GoMod.Dir = "."
	}
	if err := checkRelPath(s.GoMod.Dir); err != nil {
		return c.errAt(s.line, "[sbom.gomod] dir %q: %v", s.GoMod.Dir, err)
	}
	// semver.IsValid also takes the shorthands v1 and v1.2, which no module
	// version is: Canonical spells them out.
	if v := s.GoMod.Version; v != "" && (!semver.IsValid(v) || semver.Canonical(v) != strings.SplitN(v, "+", 2)[0]) {
		return c.errAt(s.line, "[sbom.gomod] version %q: want a Go module version such as \"v1.2.0\" (v, then a semantic version)", s.GoMod.Version)
	}
	return nil
}

// checkRelPath accepts '/'-separated paths inside the root.
func checkRelPath(p string) error {
	switch {
	case p == "":
		return errors.New("is empty")
	case strings.Contains(p, `\`):
		return errors.New("must use '/' separators")
	case path.IsAbs(p):
		return errors.New("must be relative to the project root")
	case p != "." && (path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".."):
		return errors.New("must be a clean path inside the project root")
	}
	return nil
}

// Policy returns the license policy in force for s.
func (c *Config) Policy(s *SBOM) License {
	l := c.License
	if s.License != nil {
		l = *s.License
	}
	if l.Policy == "" {
		l.Policy = PolicyAny
	}
	return l
}

// maxNesting bounds how deep arrays and inline tables may nest. The TOML
// decoder's time and memory grow with the square of the depth, and no real
// config goes past three.
const maxNesting = 32

// nesting returns the deepest nesting of [ and { outside strings and comments,
// and the line where it is first reached. It is a bound, not a parser: table
// headers ([[sbom]]) count too, which only adds one or two levels.
func nesting(data []byte) (line, deepest int) {
	depth, ln := 0, 1
	var quote byte
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			ln++
			if quote == '"' || quote == '\'' {
				quote = 0 // basic strings end at the line; multi-line ones are rare in configs
			}
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case c == '[' || c == '{':
			if depth++; depth > deepest {
				deepest, line = depth, ln
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return line, deepest
}
