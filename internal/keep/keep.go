package keep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/externals"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/recipes"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/source"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Downloader computes the SHA-256 of a download.
type Downloader interface {
	SHA256(ctx context.Context, url string) (string, error)
}

// Options control a run.
type Options struct {
	Root   string
	Config *config.Config
	// Online allows downloads: packages without checksums get them, and recorded
	// checksums are verified against the upstream download.
	Online     bool
	Downloader Downloader
	// Now stamps creationInfo.created of generated documents that changed; SOURCE_DATE_EPOCH
	// is honoured by the CLI through it.
	Now func() time.Time
	// Workers bounds parallel hashing; 0 means one per CPU.
	Workers int
	// Git says whether git ignore rules apply; nil means detect.
	Git *bool
	// Index answers bundle look-ups when Online or Refresh.
	Index *pypi.Client
	// Refresh ignores the lock and asks the index again.
	Refresh bool
	// CI makes an unverifiable bundle an error instead of a warning.
	CI bool
	// IndexBudget bounds all index look-ups of a run together (each request
	// has its own timeout too); 0 means no bound beyond ctx.
	IndexBudget time.Duration
	// AddVendored adds an entry (license NOASSERTION) for each vendored
	// project that has none, instead of reporting them missing.
	AddVendored bool
	// CleanTempsOlderThan lets regen remove temporary files an interrupted
	// write left (see leftovers) once they are this old; 0 only reports them.
	CleanTempsOlderThan time.Duration

	// fs is Root opened by Run: every path the config names is read
	// through it, so that none leads outside the root.
	fs *safefile.Root

	// Regen is the regen command that matches the user's invocation (its
	// --root, --config and index flags), for fix lines; "" means
	// "sbomkeeper regen".
	Regen string
}

// regen is the command a fix line tells the user to run: theirs, with the
// flags the fix needs added, so that the command works as printed.
func (o Options) regen(flags ...string) string {
	cmd := o.Regen
	if cmd == "" {
		cmd = "sbomkeeper regen"
	}
	for _, f := range flags {
		if !slices.Contains(strings.Fields(cmd), f) {
			cmd += " " + f
		}
	}
	return cmd
}

// Result is one document's outcome.
type Result struct {
	SBOM     config.SBOM
	Old      []byte // on disk; nil when the file does not exist
	New      []byte // regenerated; nil when it could not be generated
	Findings []rules.Finding
	// Lock is the bundles' lock file, when the document has bundles and the
	// lock could be determined.
	Lock *Aux
	// Derived are the document's other formats (the config's also list).
	Derived []*Aux
	// doc is the document New was marshalled from, so that Stale need not
	// parse New again.
	doc *spdx.Document
}

// Writable reports whether regen may write the document and the files kept
// beside it: it could be generated and no finding about it is an error. A pin
// that disagrees or a download whose checksum differs leaves the document as
// it was, as CPython's script does, so that a half-right document never lands.
func (r Result) Writable() bool { return r.New != nil && !rules.Failed(r.Findings) }

// Changed reports whether the document would be rewritten.
func (r Result) Changed() bool { return r.New != nil && !bytes.Equal(r.Old, r.New) }

// LockChanged reports whether the lock would be rewritten.
func (r Result) LockChanged() bool { return r.New != nil && r.Lock.changed() }

// Run regenerates every document in memory. The error is for failures that are
// not about the project's data (a cancelled context); everything else is a finding.
func Run(ctx context.Context, opts Options) ([]Result, []rules.Finding, error) {
	var general []rules.Finding
	if opts.Now == nil {
		opts.Now = time.Now
	}
	root, err := safefile.OpenRoot(opts.Root)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the root: %w", err)
	}
	defer root.Close()
	opts.fs = root
	var results []Result
	for _, s := range opts.Config.SBOMs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		r := runOne(ctx, opts, s)
		r.Findings = append(r.Findings, leftovers(root, s, opts.CleanTempsOlderThan, time.Now())...)
		results = append(results, r)
	}
	return results, general, nil
}

func runOne(ctx context.Context, opts Options, s config.SBOM) Result {
	r := Result{SBOM: s}
	old, err := opts.fs.Read(s.Path, safefile.MaxSBOM)
	switch {
	case err == nil:
		r.Old = old
	case errors.Is(err, fs.ErrNotExist) && s.Kind == config.KindGoMod:
		// A gomod document is generated whole; the first regen creates it.
	case errors.Is(err, fs.ErrNotExist):
		r.Findings = append(r.Findings, blocking(s, rules.RuleParse, fmt.Sprintf("%s does not exist", s.Path),
			"create it with one entry per vendored package (see docs/config.md), then run sbomkeeper regen"))
		return r
	default:
		r.Findings = append(r.Findings, readFailure(s, rules.RuleParse, "[[sbom]] path", s.Path, err))
		return r
	}
	parse := func() (*spdx.Document, bool) {
		if r.Old == nil {
			return nil, true
		}
		doc, err := spdx.Parse(r.Old)
		var text *jsonscan.Error
		if errors.As(err, &text) {
			// One finding per place; regen must not rewrite, which would
			// drop the lost values or write U+FFFD for what is there.
			r.Findings = append(r.Findings, textFindings(s, text)...)
			return nil, false
		}
		if err != nil {
			r.Findings = append(r.Findings, blocking(s, rules.RuleParse, fmt.Sprintf("%s is not a readable SPDX JSON document: %v", s.Path, err),
				"fix the JSON by hand (git diff shows what changed), then run sbomkeeper regen"))
			return nil, false
		}
		return doc, true
	}
	policy := opts.Config.Policy(&s)
	var doc *spdx.Document
	switch s.Kind {
	case config.KindSource:
		var fs []rules.Finding
		doc, r.Lock, fs = keepSource(ctx, opts, &s, parse, policy)
		r.Findings = append(r.Findings, fs...)
	case config.KindExternals:
		var ok bool
		if doc, ok = parse(); ok {
			r.Findings = append(r.Findings, keepExternals(ctx, opts, &s, doc, policy)...)
		}
	case config.KindRecipes:
		var ok bool
		if doc, ok = parse(); ok {
			r.Findings = append(r.Findings, keepRecipes(ctx, opts, &s, doc, policy)...)
		}
	case config.KindGoMod:
		var ok bool
		if doc, ok = parse(); ok {
			var fs []rules.Finding
			doc, fs = keepGoMod(opts, &s, doc, r.Old)
			r.Findings = append(r.Findings, fs...)
		}
	}
	if rules.Blocked(r.Findings) {
		return r
	}
	out, err := spdx.Marshal(doc)
	if err != nil {
		r.Findings = append(r.Findings, blocking(s, rules.RuleParse, fmt.Sprintf("writing %s: %v", s.Path, err), ""))
		return r
	}
	if s.Kind != config.KindSource && s.Kind != config.KindExternals && s.Kind != config.KindRecipes && r.Old == nil {
		out = append(out, '\n')
	} else if r.Old != nil && bytes.HasSuffix(r.Old, []byte("\n")) && !bytes.HasSuffix(out, []byte("\n")) {
		// Keep a trailing newline an editor added; CPython's script writes none.
		out = append(out, '\n')
	}
	r.New, r.doc = out, doc
	derive(opts, s, doc, &r)
	return r
}

// readFailure is the blocking finding for a file the config names under key
// that cannot be read. A path that leads outside the root says which key
// named it, the path and where the link on it points.
func readFailure(s config.SBOM, rule, key, rel string, err error) rules.Finding {
	if isEscape(err) {
		f := blocking(s, rule, fmt.Sprintf("%s %q is not read: %v", key, rel, err),
			fmt.Sprintf("make %s name a file inside the root, or replace the link with the directory or file it points to", key))
		f.File = rel
		return f
	}
	f := blocking(s, rule, fmt.Sprintf("reading %s: %v", rel, err), "")
	f.File = rel
	return f
}

func isEscape(err error) bool {
	var esc *safefile.EscapeError
	return errors.As(err, &esc)
}

// textFindings are the blocking findings of a document whose JSON text a
// reader would silently change (jsonscan), one per place.
func textFindings(s config.SBOM, e *jsonscan.Error) []rules.Finding {
	const fix = "fix the JSON by hand (git diff shows what changed), then run sbomkeeper regen"
	var out []rules.Finding
	for _, is := range e.Issues {
		f := blocking(s, rules.RuleParse, is.String(), fix)
		f.Line = is.At.Line
		out = append(out, f)
	}
	if e.Omitted > 0 {
		out = append(out, blocking(s, rules.RuleParse, fmt.Sprintf("and %d more places like these, not listed", e.Omitted), fix))
	}
	return out
}

func blocking(s config.SBOM, rule, msg, fix string) rules.Finding {
	return rules.Finding{Rule: rule, Severity: rules.Error, Blocking: true, File: s.Path, SBOM: s.Path, Message: msg, Fix: fix}
}

// keepSource hashes the tree's files while parse reads the document: for a
// large tree the two take comparable time, and neither needs the other.
func keepSource(ctx context.Context, opts Options, s *config.SBOM, parse func() (*spdx.Document, bool), policy config.License) (*spdx.Document, *Aux, []rules.Finding) {
	found, findings := discoverBundles(opts, s)
	if rules.Blocked(findings) {
		return nil, nil, findings
	}
	withBundles := *s
	withBundles.Packages = append(slices.Clone(s.Packages), bundlePackages(found)...)
	type selection struct {
		sel      *source.Selection
		findings []rules.Finding
	}
	selCh := make(chan selection, 1)
	go func() {
		sel, fs := source.Select(ctx, source.Input{Root: opts.Root, SBOM: &withBundles, Git: opts.Git, Workers: opts.Workers, ConfigFile: opts.Config.File})
		selCh <- selection{sel, fs}
	}()
	sel := func() selection { return <-selCh }

	doc, ok := parse()
	if !ok {
		sel() // let the hashing finish before returning
		return nil, nil, nil
	}
	bundles, fs := keepBundles(ctx, opts, s, doc, found)
	findings = append(findings, fs...)
	if rules.Blocked(findings) {
		sel()
		return nil, nil, findings
	}
	var names []string
	for _, p := range s.Packages {
		names = append(names, p.Name)
	}
	names = append(names, bundles.names...)
	findings = append(findings, rules.PackageSet(s.Path, opts.Config.File, packageNames(doc), names)...)
	if rules.Blocked(findings) {
		sel()
		return nil, nil, findings
	}
	findings = append(findings, checkPackages(ctx, opts, s, doc, policy, nil, rules.PackageOptions{IDs: bundles.ids})...)
	for _, cp := range s.Packages {
		id := spdx.PackageID(cp.Name)
		i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.SPDXID == id })
		if i < 0 {
			i = slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.Name == cp.Name })
		}
		if i < 0 {
			continue // the package-set rule has said it is missing
		}
		for _, pin := range cp.Pins {
			findings = append(findings, rules.Pin(opts.Root, s.Path, &doc.Packages[i], pin)...)
		}
	}
	selected := sel()
	findings = append(findings, selected.findings...)
	if rules.Blocked(findings) {
		return nil, nil, findings
	}
	old := map[string]spdx.File{}
	for _, f := range doc.Files {
		old[f.SPDXID] = f
	}
	selected.sel.Apply(doc, bundles.leading)
	// Vendored projects' files inside their wheels, for bundles that list them.
	var ids spdx.IDs
	for _, f := range doc.Files {
		ids.Reserve(f.SPDXID, f.FileName)
	}
	for _, f := range bundles.found {
		files, rels := f.Files(old, &ids)
		doc.Files = append(doc.Files, files...)
		doc.Relationships = append(doc.Relationships, rels...)
	}
	return doc, bundles.lock, findings
}

func keepExternals(ctx context.Context, opts Options, s *config.SBOM, doc *spdx.Document, policy config.License) []rules.Finding {
	e := s.Externals
	script, err := opts.fs.Read(e.File, safefile.MaxSmall)
	if err != nil {
		f := readFailure(*s, rules.RuleExternals, "[sbom.externals] file", e.File, err)
		if !isEscape(err) {
			f.Message = fmt.Sprintf("reading %s, which lists the externals of %s: %v", e.File, s.Path, err)
		}
		return []rules.Finding{f}
	}
	entries, err := externals.Parse(script, e.Regexp)
	if err != nil {
		return []rules.Finding{{Rule: rules.RuleExternals, Severity: rules.Error, Blocking: true, File: e.File, SBOM: s.Path,
			Message: fmt.Sprintf("%s: %v", e.File, err), Fix: "list each library once as name-version"}}
	}
	if len(entries) == 0 {
		return []rules.Finding{{Rule: rules.RuleExternals, Severity: rules.Error, Blocking: true, File: e.File, SBOM: s.Path,
			Message: fmt.Sprintf("%s has no line matching the externals pattern %q", e.File, e.Pattern),
			Fix:     "correct [sbom.externals] pattern in the config"}}
	}
	findings := rules.PackageSet(s.Path, e.File, packageNames(doc), externals.Names(entries))
	if rules.Blocked(findings) {
		return findings
	}
	before := map[string]string{}
	for _, p := range doc.Packages {
		before[p.Name] = p.DownloadLocation
	}
	moved := map[string]string{}
	for _, name := range externals.Apply(doc, entries, e) {
		moved[name] = before[name]
	}
	return append(findings, checkPackages(ctx, opts, s, doc, policy, moved)...)
}

// keepRecipes applies what a build script's recipe function builds, read
// without running it, to the document's packages.
func keepRecipes(ctx context.Context, opts Options, s *config.SBOM, doc *spdx.Document, policy config.License) []rules.Finding {
	rc := s.Recipes
	script, err := opts.fs.Read(rc.File, safefile.MaxSmall)
	if err != nil {
		f := readFailure(*s, rules.RuleRecipes, "[sbom.recipes] file", rc.File, err)
		if !isEscape(err) {
			f.Message = fmt.Sprintf("reading %s, whose %s() lists the libraries of %s: %v", rc.File, rc.Function, s.Path, err)
		}
		return []rules.Finding{f}
	}
	rs, err := recipes.Parse(script, rc.Function, rc.Conditions)
	if err != nil {
		var out []rules.Finding
		for _, msg := range strings.Split(err.Error(), "\n") {
			out = append(out, rules.Finding{Rule: rules.RuleRecipes, Severity: rules.Error, Blocking: true, File: rc.File, SBOM: s.Path,
				Message: fmt.Sprintf("%s: %s", rc.File, msg),
				Fix:     "set the conditions under [sbom.recipes.conditions], or report the construct if the script uses one sbomkeeper should read"})
		}
		return out
	}
	if len(rs) == 0 {
		return []rules.Finding{{Rule: rules.RuleRecipes, Severity: rules.Error, Blocking: true, File: rc.File, SBOM: s.Path,
			Message: fmt.Sprintf("%s() in %s builds no library for this configuration", rc.Function, rc.File),
			Fix:     "check [sbom.recipes] function and conditions"}}
	}
	findings := rules.PackageSet(s.Path, rc.File, packageNames(doc), recipes.Names(rs))
	if rules.Blocked(findings) {
		return findings
	}
	recipes.Apply(doc, rs, rc.CPEVersionField)
	return append(findings, checkPackages(ctx, opts, s, doc, policy, nil)...)
}

func packageNames(doc *spdx.Document) []string {
	var out []string
	for _, p := range doc.Packages {
		out = append(out, p.Name)
	}
	return out
}

// checkPackages runs the package rules and fills or verifies download
// checksums. moved maps the packages whose download URL the build script just
// changed (so their recorded checksum was dropped) to their old URL.
func checkPackages(ctx context.Context, opts Options, s *config.SBOM, doc *spdx.Document, policy config.License, moved map[string]string, po ...rules.PackageOptions) []rules.Finding {
	findings := rules.PackageIDs(s.Path, doc.Packages, po...)
	for i := range doc.Packages {
		p := &doc.Packages[i]
		old, ok := moved[p.Name]
		findings = append(findings, checksum(ctx, opts, s, p, old, ok)...)
		for _, f := range rules.Package(s.Path, p, policy) {
			if s.Kind == config.KindRecipes && f.Rule == rules.RuleVersionInDL {
				// The URL is the one the build script downloads and
				// verifies (SQLite spells 3.49.1 as 3490100): a fact, not
				// an edit to correct.
				f.Severity, f.Blocking, f.Fix = rules.Note, false, ""
				f.Message += ", as the build script downloads it"
			}
			findings = append(findings, f)
		}
	}
	return findings
}

// checksum fills or verifies p's SHA256. movedFrom is its download URL
// before the build script changed it (moved), which is why it has none now.
func checksum(ctx context.Context, opts Options, s *config.SBOM, p *spdx.Package, movedFrom string, moved bool) []rules.Finding {
	if s.Kind == config.KindRecipes {
		// The script pins each archive's checksum (MD5 for some): it is
		// recorded as the script has it, and the build verifies it.
		return nil
	}
	recorded, has := p.SHA256()
	if has && !opts.Online {
		return nil
	}
	f := rules.Finding{Severity: rules.Error, File: s.Path, SBOM: s.Path, Package: p.Name}
	if rules.NoArchive(p.DownloadLocation) && !has {
		// Nothing to download and hash: say so instead of demanding a checksum.
		f.Rule, f.Severity = rules.RuleChecksumMissing, rules.Note
		f.Message = fmt.Sprintf("package %q has no release archive (downloadLocation %s), so no SHA256 of one is required", p.Name, p.DownloadLocation)
		return []rules.Finding{f}
	}
	if !opts.Online {
		// Blocking: a document without the checksum would lose a required field.
		f.Rule, f.Blocking = rules.RuleChecksumMissing, true
		// Nothing is written while this finding stands, so by hand means the
		// version and URL too, not just the checksum.
		byHand := fmt.Sprintf(`set its versionInfo to %q, downloadLocation to %s and checksums to [{"algorithm": "SHA256", "checksumValue": "<sha256sum of that file>"}] in %s by hand`,
			p.VersionInfo, p.DownloadLocation, s.Path)
		switch {
		case moved:
			f.Message = fmt.Sprintf("package %q moved to version %s: its download URL changed from %s to %s, so the SHA256 recorded for the old archive no longer applies, and the new one needs the network",
				p.Name, orNone(p.VersionInfo), orNone(movedFrom), p.DownloadLocation)
			f.Fix = fmt.Sprintf("run %s to download %s and record its SHA256, or download it yourself and %s", opts.regen("--online"), p.DownloadLocation, byHand)
		case p.DownloadLocation == "":
			f.Message = fmt.Sprintf("package %q has no SHA256 checksum and no downloadLocation to compute it from", p.Name)
			f.Fix = fmt.Sprintf("set its downloadLocation in %s to the URL of the release archive it was copied from, then run %s; or set it to NOASSERTION if there is none", s.Path, opts.regen("--online"))
		default:
			f.Message = fmt.Sprintf("package %q has no SHA256 checksum; computing it needs the network (a download of %s)", p.Name, p.DownloadLocation)
			f.Fix = fmt.Sprintf("run %s, or download %s yourself and %s", opts.regen("--online"), p.DownloadLocation, byHand)
		}
		return []rules.Finding{f}
	}
	if p.DownloadLocation == "" || rules.NoArchive(p.DownloadLocation) {
		return nil
	}
	got, err := opts.Downloader.SHA256(ctx, p.DownloadLocation)
	if err != nil {
		f.Rule = rules.RuleDownload
		f.Message = fmt.Sprintf("cannot download package %q to check its SHA256: %v", p.Name, err)
		f.Fix = "check downloadLocation, or run offline (without --online and CI=true) to skip this check"
		return []rules.Finding{f}
	}
	if !has {
		p.Checksums = append(p.Checksums, spdx.Checksum{Algorithm: "SHA256", ChecksumValue: got})
		return nil
	}
	if !strings.EqualFold(got, recorded) {
		f.Rule = rules.RuleDownload
		f.Message = fmt.Sprintf("the SHA256 of package %q's download differs from the one recorded in %s", p.Name, s.Path)
		f.Expected, f.Actual = recorded, got
		f.Fix = "find out why upstream's file changed; if the new file is trusted, record its SHA256 by hand"
		return []rules.Finding{f}
	}
	return nil
}

// leftovers reports the temporary files an interrupted write left beside the
// document, its lock and its derived forms: exactly the names safefile.Root's
// WriteFile gives them (.NAME.<n>.tmp, safefile.IsTempOf), so that no file of
// the project's own is taken for one. They are never read, but a person should
// know they are there. With clean > 0 (regen) those last modified more than
// clean ago are removed: a write in progress, by a regen running beside this
// one, lasts seconds, so a temporary file that old has no writer left, and a
// younger one is only reported. now is the wall clock, not Options.Now, which
// SOURCE_DATE_EPOCH may have fixed in the past.
func leftovers(root *safefile.Root, s config.SBOM, clean time.Duration, now time.Time) []rules.Finding {
	paths := []string{s.Path}
	if s.Lock != "" {
		paths = append(paths, s.Lock)
	}
	for _, f := range s.Also {
		paths = append(paths, derivedPath(s.Path, f))
	}
	var out []rules.Finding
	for _, p := range paths {
		dir, base := path.Split(p)
		dir = strings.TrimSuffix(dir, "/")
		// A directory that is missing or leads outside the root holds no
		// leftover of ours; reading the document says what is wrong with it.
		entries, _ := root.ReadDir(dir)
		for _, e := range entries {
			if !safefile.IsTempOf(e.Name(), base) {
				continue
			}
			rel := path.Join(dir, e.Name())
			f := rules.Finding{Rule: rules.RuleWrite, Severity: rules.Warning, File: rel, SBOM: s.Path,
				Message: fmt.Sprintf("%s is a temporary file left by an interrupted write of %s", rel, p),
				Fix:     "remove it: rm " + rel}
			info, err := e.Info()
			switch {
			case clean <= 0 || err != nil || !info.Mode().IsRegular():
			case now.Sub(info.ModTime()) <= clean:
				f.Message += fmt.Sprintf("; it is younger than %v, so it may belong to a regen running now, and is left", clean)
			default:
				if err := root.Remove(rel); err != nil {
					f.Message += fmt.Sprintf("; removing it failed: %v", err)
					break
				}
				f.Severity = rules.Note
				f.Message = fmt.Sprintf("removed %s, a temporary file an interrupted write of %s left (last written %s)", rel, p, info.ModTime().UTC().Format(time.RFC3339))
				f.Fix = ""
			}
			out = append(out, f)
		}
	}
	return out
}

// orNone keeps an empty field visible in a message.
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
