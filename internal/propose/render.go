package propose

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/sbomkeeper/sbomkeeper/internal/tomlstr"
	"slices"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/bundle"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Files renders both files init writes: the config (checked by loading it
// as regen will) and the skeleton SBOM. It reads the proposed wheels again,
// through internal/bundle, so that their vendored projects get the IDs regen
// gives them. cfgFile names the config in errors.
func Files(root, cfgFile string, p *Proposal, o Options) (cfgData, sbomData []byte, err error) {
	cfgData = Config(p, o)
	cfg, err := config.Parse(cfgFile, cfgData)
	if err != nil {
		// A proposal the config reader refuses is a defect of init.
		return nil, nil, fmt.Errorf("the proposed config does not load (a defect of init, please report it): %w\n%s", err, cfgData)
	}
	var found []*bundle.Found
	s := cfg.SBOMs[0]
	for i, b := range s.Bundles {
		siblings := append(slices.Clone(s.Bundles[:i]), s.Bundles[i+1:]...)
		f, err := bundle.Discover(root, b, siblings...)
		if err != nil {
			return nil, nil, err
		}
		found = append(found, f)
	}
	var taken []string
	for _, pkg := range p.Packages {
		taken = append(taken, spdx.PackageID(pkg.Name))
	}
	if err := bundle.AssignIDs(taken, found); err != nil {
		return nil, nil, err
	}
	sbomData, err = spdx.Marshal(Skeleton(p, found, o))
	if err != nil {
		return nil, nil, err
	}
	return cfgData, sbomData, nil
}

// Options name what the rendered files are called and hold.
type Options struct {
	SBOM    string // the document's path relative to the root, e.g. "sbom.spdx.json"
	Lock    string // the bundles' lock file, e.g. "sbom.lock.toml"
	Name    string // the document's name
	Tool    string // "sbomkeeper-<version>", for creationInfo
	Created time.Time
}

// Config renders the proposal as sbomkeeper.toml (docs/config.md): one
// [[sbom]] of kind "source" with a [[sbom.package]] per package (its
// evidence and triage as comments) and a [[sbom.bundle]] per wheel.
func Config(p *Proposal, o Options) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# sbomkeeper.toml, proposed by `sbomkeeper init` from evidence in the tree.\n")
	w("# Review it: each package says where it was found and what a person must\n")
	w("# still decide. Then run `sbomkeeper regen`; `sbomkeeper check` in CI.\n")
	w("# Fields are documented in docs/config.md. No [license] policy is set: add one\n")
	w("# (policy = \"noassertion\" or \"allowed\") once the licenses are triaged.\n\n")
	w("[[sbom]]\npath = %s\nkind = \"source\"\n", tomlstrPattern(o.SBOM))
	if len(p.Bundles) > 0 {
		w("lock = %s\n", tomlstrPattern(o.Lock))
	}
	for _, pkg := range p.Packages {
		w("\n")
		version := pkg.Version
		if version == "" {
			version = "(version unknown)"
		}
		w("# %s %s, found by:\n", pkg.Name, version)
		for _, f := range pkg.Evidence {
			w("#   %s (%s: %s)\n", f.Where(), f.Kind, oneLine(f.Detail))
		}
		w("# To triage:\n")
		for _, t := range pkg.Triage {
			w("#   - %s\n", oneLine(t))
		}
		w("[[sbom.package]]\nname = %s\ninclude = %s\n", tomlstrPattern(pkg.Name), tomlArray(pkg.Include))
		if len(pkg.Exclude) > 0 {
			w("exclude = %s\n", tomlArray(pkg.Exclude))
		}
		for _, pin := range pkg.Pins {
			w("\n[[sbom.package.pin]]\nfile = %s\n", tomlstrPattern(pin.File))
			if len(pin.Patterns) == 1 {
				w("pattern = %s\n", tomlstrPattern(pin.Patterns[0]))
			} else {
				w("patterns = %s\n", tomlArray(pin.Patterns))
			}
			w("field = %s\n", tomlstrPattern(pin.Field))
		}
	}
	for _, bd := range p.Bundles {
		w("\n# %s %s, the wheel %s (%d vendored projects)\n# To triage:\n", bd.Name, bd.Version, bd.File, len(bd.Evidence.Wheel.Vendored))
		for _, t := range bd.Triage {
			w("#   - %s\n", oneLine(t))
		}
		w("[[sbom.bundle]]\nname = %s\npath = %s\necosystem = \"pypi\"\nexactly_one = true\n", tomlstrPattern(bd.Name), tomlstrPattern(bd.Path))
		if bd.Vendored != "" {
			w("vendored = %s\n", tomlstrPattern(bd.Vendored))
		}
		if bd.Others {
			w("others = \"ignore\"\n")
		}
		if bd.CPE != "" {
			w("cpe = %s\n", tomlstrPattern(bd.CPE))
		}
		w("purl = %s\n", tomlstrPattern("pkg:pypi/"+strings.ToLower(strings.ReplaceAll(bd.Name, "_", "-"))+"@{version}"))
	}
	return []byte(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func tomlArray(items []string) string {
	if len(items) <= 1 {
		q := make([]string, len(items))
		for i, s := range items {
			q[i] = tomlstrPattern(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for _, s := range items {
		b.WriteString("  " + tomlstrPattern(s) + ",\n")
	}
	b.WriteString("]")
	return b.String()
}

// Skeleton is the SBOM the config keeps, before its first regen: an entry
// per package (licenseConcluded NOASSERTION, for a person to triage) and per
// bundle and vendored project (found as internal/bundle discovers them, IDs
// assigned), no files yet.
func Skeleton(p *Proposal, found []*bundle.Found, o Options) *spdx.Document {
	doc := &spdx.Document{
		SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT", Name: o.Name,
		CreationInfo: &spdx.CreationInfo{Created: o.Created.UTC().Format(time.RFC3339), Creators: []string{"Tool: " + o.Tool}},
		Files:        []spdx.File{}, Relationships: []spdx.Relationship{},
	}
	for _, pkg := range p.Packages {
		e := spdx.Package{SPDXID: spdx.PackageID(pkg.Name), Name: pkg.Name, VersionInfo: orNoAssertion(pkg.Version),
			DownloadLocation: orNoAssertion(pkg.DownloadLocation), LicenseConcluded: "NOASSERTION",
			ExternalRefs: []spdx.ExternalRef{}, PrimaryPackagePurpose: "SOURCE"}
		if pkg.SHA256 != "" {
			e.Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: pkg.SHA256}}
		}
		if pkg.CPE != "" {
			e.ExternalRefs = append(e.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: pkg.CPE})
		}
		if pkg.PURL != "" {
			e.ExternalRefs = append(e.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl", ReferenceLocator: pkg.PURL})
		}
		doc.Packages = append(doc.Packages, e)
	}
	for _, f := range found {
		if !f.Present() {
			continue
		}
		for _, v := range f.Vendored {
			doc.Packages = append(doc.Packages, spdx.Package{SPDXID: v.ID, Name: v.Name, VersionInfo: v.Version,
				DownloadLocation: "NOASSERTION", LicenseConcluded: "NOASSERTION", ExternalRefs: []spdx.ExternalRef{}, PrimaryPackagePurpose: "SOURCE"})
		}
		doc.Packages = append(doc.Packages, spdx.Package{SPDXID: spdx.PackageID(f.Config.Name), Name: f.Config.Name, VersionInfo: f.Wheel.Name.Version,
			DownloadLocation: "NOASSERTION", LicenseConcluded: "NOASSERTION", ExternalRefs: []spdx.ExternalRef{}, PrimaryPackagePurpose: "SOURCE",
			Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: f.Wheel.SHA256}}})
	}
	// The namespace must be unique to the document, and the same for the
	// same packages: a hash of what it lists.
	h := sha256.New()
	for _, e := range doc.Packages {
		fmt.Fprintf(h, "%s\x00%s\x00", e.Name, e.VersionInfo)
	}
	doc.DocumentNamespace = "https://spdx.org/spdxdocs/" + slug(o.Name) + "-" + hex.EncodeToString(h.Sum(nil))[:16]
	return doc
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func orNoAssertion(s string) string {
	if s == "" {
		return "NOASSERTION"
	}
	return s
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "sbom"
	}
	return out
}

// Report is the proposal in words, for the terminal.
func Report(p *Proposal) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("proposed: %s, %s\n", count(len(p.Packages), "package"), count(len(p.Bundles), "bundle"))
	for _, pkg := range p.Packages {
		v := pkg.Version
		if v == "" {
			v = "(version unknown)"
		}
		w("\npackage %s %s: %d files in %s/\n", pkg.Name, v, len(pkg.Files), pkg.Dir)
		w("  include: %s\n", strings.Join(pkg.Include, ", "))
		if len(pkg.Exclude) > 0 {
			w("  exclude: %s\n", strings.Join(pkg.Exclude, ", "))
		}
		for _, id := range []string{pkg.CPE, pkg.PURL, pkg.DownloadLocation} {
			if id != "" {
				w("  %s\n", id)
			}
		}
		for _, f := range pkg.Evidence {
			w("  evidence: %s (%s: %s)\n", f.Where(), f.Kind, oneLine(f.Detail))
		}
		for _, t := range pkg.Triage {
			w("  triage: %s\n", t)
		}
	}
	for _, bd := range p.Bundles {
		w("\nbundle %s %s: %s, %d vendored projects\n", bd.Name, bd.Version, bd.File, len(bd.Evidence.Wheel.Vendored))
		for _, v := range bd.Evidence.Wheel.Vendored {
			w("  vendors %s %s (%s)\n", v.Name, v.Version, v.From)
		}
		for _, t := range bd.Triage {
			w("  triage: %s\n", t)
		}
	}
	if len(p.Unattributed) > 0 {
		w("\nnot attributed to any package (%d):\n", len(p.Unattributed))
		for _, u := range p.Unattributed {
			w("  %s: %s\n", u.Path, u.Why)
		}
	}
	if len(p.Ignored) > 0 {
		files := make([]string, 0, len(p.Ignored))
		for _, f := range p.Ignored {
			if !slices.Contains(files, f.File) {
				files = append(files, f.File)
			}
		}
		w("\nignored as test data (%d): %s\n", len(files), strings.Join(files, ", "))
	}
	if len(p.TooLarge) > 0 {
		w("\nnot read for evidence, over 16 MiB (%d): %s\n", len(p.TooLarge), strings.Join(p.TooLarge, ", "))
	}
	if len(p.Problems) > 0 {
		w("\ncould not read (%d):\n", len(p.Problems))
		for _, pr := range p.Problems {
			w("  %s: %v\n", pr.File, pr.Err)
		}
	}
	return b.String()
}

// tomlstrPattern writes a literal string when it can (patterns and globs read
// best without escapes), else a basic one.
func tomlstrPattern(s string) string {
	if l, ok := tomlstr.Literal(s); ok {
		return l
	}
	return tomlstr.Basic(s)
}
