package keep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/bundle"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Aux is a file kept beside a document (a lock), regenerated with it.
type Aux struct {
	Path     string // relative to the root
	Old, New []byte // Old is nil when the file does not exist
}

// bundlesOut is what the bundles add to a source document's generation.
type bundlesOut struct {
	packages []config.Package    // the artifacts, as packages with one file each
	names    []string            // package names the bundles contribute
	leading  []spdx.Relationship // DEPENDS_ON, written before CONTAINS
	ids      []string            // the vendored projects' IDs
	found    []*bundle.Found     // the bundles applied
	lock     *Aux                // the lock file, nil when it cannot be known
}

const lockComment = `Written by sbomkeeper: what the package index answered for the bundles of %s.
Commit it. With it, regen and check need no network; sbomkeeper regen --refresh asks the index again.`

// discoverBundles finds each bundle's artifact in the tree; it does not need
// the document, so the files can be hashed while the document is read.
func discoverBundles(opts Options, s *config.SBOM) ([]*bundle.Found, []rules.Finding) {
	var found []*bundle.Found
	var findings []rules.Finding
	for i, b := range s.Bundles {
		siblings := slices.Delete(slices.Clone(s.Bundles), i, i+1)
		f, err := bundle.Discover(opts.Root, b, siblings...)
		if err != nil {
			findings = append(findings, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Error, Blocking: true, File: b.Path, SBOM: s.Path, Package: b.Name, Message: err.Error()})
			continue
		}
		found = append(found, f)
	}
	if rules.Blocked(findings) {
		return found, findings
	}
	var taken []string
	for _, p := range s.Packages {
		taken = append(taken, spdx.PackageID(p.Name))
	}
	if err := bundle.AssignIDs(taken, found); err != nil {
		findings = append(findings, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Error, Blocking: true, File: s.Path, SBOM: s.Path, Message: err.Error()})
	}
	for _, f := range found {
		findings = append(findings, vendoredNotes(s, f)...)
	}
	return found, findings
}

// vendoredNotes tell a person what the wheel did not say itself: versions
// declared in the config, and what a tree's names list and its files disagree on.
func vendoredNotes(s *config.SBOM, f *bundle.Found) []rules.Finding {
	if !f.Present() {
		return nil
	}
	var out []rules.Finding
	var declared []string
	for _, v := range f.Vendored {
		if v.Declared {
			declared = append(declared, fmt.Sprintf("%s %s (%s)", v.Name, v.Version, v.Source))
		}
	}
	if len(declared) > 0 {
		out = append(out, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Note, File: f.Path, SBOM: s.Path, Package: f.Config.Name,
			Message: fmt.Sprintf("%d versions of projects %s vendors are declared in the config, not read from the wheel: %s", len(declared), f.Config.Name, strings.Join(declared, "; ")),
			Fix:     "check each against its source when the wheel is updated"})
	}
	for _, t := range f.Wheel.Trees {
		for _, n := range t.Notes {
			out = append(out, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Warning, File: f.Path, SBOM: s.Path, Package: f.Config.Name, Message: n})
		}
	}
	// The SBOMs the wheel carries (PEP 770) are checked against it.
	for _, p := range f.Problems {
		out = append(out, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Error, File: f.Path, SBOM: s.Path, Package: f.Config.Name, Message: p,
			Fix: "the wheel's publisher must embed an SBOM that describes it (sbomkeeper wheel sboms " + f.Path + " lists them), or the config's vendored tree is stale"})
	}
	return out
}

// bundlePackages are the found artifacts as packages with one file each.
func bundlePackages(found []*bundle.Found) []config.Package {
	var out []config.Package
	for _, f := range found {
		if f.Present() {
			out = append(out, config.Package{Name: f.Config.Name, Include: []string{f.Path}})
		}
	}
	return out
}

// keepBundles gets the index's answers for the found bundles from the lock or
// the index, and writes the bundles into doc.
func keepBundles(ctx context.Context, opts Options, s *config.SBOM, doc *spdx.Document, found []*bundle.Found) (bundlesOut, []rules.Finding) {
	var out bundlesOut
	var findings []rules.Finding
	fail := func(rule, file, pkg, msg, fix string) {
		findings = append(findings, rules.Finding{Rule: rule, Severity: rules.Error, Blocking: true, File: file, SBOM: s.Path, Package: pkg, Message: msg, Fix: fix})
	}
	if len(s.Bundles) == 0 {
		return out, nil
	}

	oldLock, err := opts.fs.Read(s.Lock, safefile.MaxSmall)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		f := readFailure(*s, rules.RuleBundle, "[[sbom]] lock", s.Lock, err)
		if !isEscape(err) {
			f.Message = fmt.Sprintf("reading the lock: %v", err)
		}
		findings = append(findings, f)
		return out, findings
	}
	var lock *pypi.Lock
	if oldLock != nil && !opts.Refresh {
		if lock, err = pypi.ParseLock(s.Lock, oldLock); err != nil {
			fail(rules.RuleBundle, s.Lock, "", err.Error(), "fix the file, or delete it and run "+opts.regen("--online"))
			return out, findings
		}
	}

	var reqs []pypi.Request
	for _, f := range found {
		for _, r := range f.Requests() {
			// Two bundles can vendor one release (packaging 21.3 in pip and setuptools).
			if !slices.Contains(reqs, r) {
				reqs = append(reqs, r)
			}
		}
	}
	answers := map[pypi.Request]pypi.Entry{}
	locked, missing := lock.Split(reqs)
	for _, e := range locked {
		answers[e.Request()] = e
	}
	unverified := false
	switch {
	case len(missing) == 0:
	case opts.Online || opts.Refresh:
		rctx := ctx
		if opts.IndexBudget > 0 {
			var cancel context.CancelFunc
			rctx, cancel = context.WithTimeout(ctx, opts.IndexBudget)
			defer cancel()
		}
		entries, err := opts.Index.Resolve(rctx, missing)
		if rctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("the look-ups took longer than %v (--index-budget): %w", opts.IndexBudget, err)
		}
		if err != nil {
			fail(rules.RuleIndex, s.Lock, "", fmt.Sprintf("asking the package index %s: %v", opts.Index.BaseURL, err),
				fmt.Sprintf("check --index-url (%s) and the network, then run %s; or run offline with a lock file that has these entries", opts.Index.BaseURL, opts.regen()))
			return out, findings
		}
		for _, e := range entries {
			answers[e.Request()] = e
		}
	case opts.CI:
		fail(rules.RuleIndex, s.Lock, "", fmt.Sprintf("%d index answers are not in %s (%s) and this CI run is offline, so the bundles cannot be verified", len(missing), s.Lock, describe(missing)),
			"run "+opts.regen("--online")+" where the index is reachable and commit "+s.Lock)
		return out, findings
	default:
		unverified = true
		findings = append(findings, rules.Finding{Rule: rules.RuleIndex, Severity: rules.Warning, File: s.Lock, SBOM: s.Path,
			Message: fmt.Sprintf("bundles not verified against the package index: %s not in %s and the network is not used (offline run outside CI)", describe(missing), s.Lock),
			Fix:     "run " + opts.regen("--online") + " and commit " + s.Lock})
	}

	taken := map[string]bool{}
	for _, p := range s.Packages {
		taken[spdx.PackageID(p.Name)] = true
	}
	for _, f := range found {
		if f.Present() {
			taken[spdx.PackageID(f.Config.Name)] = true
		}
		for _, v := range f.Vendored {
			taken[v.ID] = true
		}
	}
	for _, f := range found {
		b := f.Config
		if !f.Present() {
			removed := bundle.Debundle(doc, b.Name)
			if len(removed) > 0 {
				findings = append(findings, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Note, File: b.Path, SBOM: s.Path, Package: b.Name,
					Message: fmt.Sprintf("no file matches %s: %s is debundled, so %s leave the SBOM", b.Path, b.Name, strings.Join(removed, ", "))})
			}
			continue
		}
		if e, ok := answers[f.Requests()[0]]; ok && !strings.EqualFold(e.SHA256, f.Wheel.SHA256) {
			fail(rules.RuleBundle, f.Path, b.Name, fmt.Sprintf("the SHA256 of %s differs from the package index's for %s", f.Path, e.Filename),
				"replace the file with the one the index publishes, or find out why it differs")
			findings[len(findings)-1].Expected, findings[len(findings)-1].Actual = e.SHA256, f.Wheel.SHA256
			continue
		}
		// The bundle's DEPENDS_ON relationships are regenerated below.
		id := spdx.PackageID(b.Name)
		doc.Relationships = slices.DeleteFunc(doc.Relationships, func(r spdx.Relationship) bool {
			return r.RelationshipType == "DEPENDS_ON" && r.SPDXElementID == id
		})
		rels, changed, errs := bundle.Apply(doc, f, answers, bundle.ApplyOptions{Add: opts.AddVendored, Taken: taken})
		if added := changed.Added; len(added) > 0 {
			findings = append(findings, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Note, File: s.Path, SBOM: s.Path, Package: b.Name,
				Message: fmt.Sprintf("added %d package entries for projects %s vendors: %s", len(added), b.Name, strings.Join(added, ", ")),
				Fix:     "triage their licenses (licenseConcluded is NOASSERTION) and review the entries before committing " + s.Path})
		}
		if renamed := changed.Renamed; len(renamed) > 0 {
			findings = append(findings, rules.Finding{Rule: rules.RuleBundle, Severity: rules.Note, File: s.Path, SBOM: s.Path, Package: b.Name,
				Message: fmt.Sprintf("renamed %d package entries of projects %s vendors, because which names collide changed (docs/config.md, SPDX IDs): %s", len(renamed), b.Name, strings.Join(renamed, ", "))})
		}
		for _, err := range errs {
			fix := "run " + opts.regen("--online")
			var me *bundle.MissingEntriesError
			if errors.As(err, &me) {
				fix = fmt.Sprintf("run %s to add them all (licenseConcluded NOASSERTION, for you to triage), or add to \"packages\" in %s: %s", opts.regen("--add-vendored"), s.Path, me.Snippet())
			}
			fail(rules.RuleBundle, s.Path, b.Name, err.Error(), fix)
		}
		if len(errs) > 0 {
			continue
		}
		// A pin of a bundle (ensurepip's _PIP_VERSION) must equal the wheel's version.
		version := f.Wheel.Name.Version
		for _, pin := range b.Pins {
			for _, pf := range rules.PinValue(opts.Root, s.Path, b.Name, "versionInfo", version, pin) {
				if pf.Actual == version {
					pf.Fix = fmt.Sprintf("bundle the wheel of %s %s, or correct %s", b.Name, pf.Expected, pin.File)
				}
				findings = append(findings, pf)
			}
		}
		out.leading = append(out.leading, rels...)
		for _, v := range f.Vendored {
			out.ids = append(out.ids, v.ID)
		}
		out.found = append(out.found, f)
		out.names = append(out.names, f.Names()...)
	}
	if rules.Blocked(findings) {
		return out, findings
	}
	bundlesLast(doc, found)

	if !unverified {
		l := &pypi.Lock{}
		for _, r := range reqs {
			l.Entries = append(l.Entries, answers[r])
		}
		newLock := l.Marshal(fmt.Sprintf(lockComment, s.Path))
		if oldLock == nil && len(l.Entries) == 0 {
			newLock = nil // debundled and never locked: no file to keep
		}
		out.lock = &Aux{Path: s.Lock, Old: oldLock, New: newLock}
	}
	return out, findings
}

func describe(reqs []pypi.Request) string {
	var parts []string
	for _, r := range reqs {
		parts = append(parts, r.Project+" "+r.Version)
	}
	if len(parts) > 5 {
		parts = append(parts[:5], fmt.Sprintf("and %d more", len(parts)-5))
	}
	return strings.Join(parts, ", ")
}

// changedAux reports whether an auxiliary file would be rewritten.
func (a *Aux) changed() bool { return a != nil && a.New != nil && !bytes.Equal(a.Old, a.New) }

// bundlesLast puts the bundles' own packages after every other package, in the
// config's order, as CPython's script puts its one bundle last. Apply moves each
// bundle to the end in turn; without this, entries it adds would land between
// two bundles and the next run would order them otherwise.
func bundlesLast(doc *spdx.Document, found []*bundle.Found) {
	rank := map[string]int{}
	for i, f := range found {
		if f.Present() {
			rank[spdx.PackageID(f.Config.Name)] = i + 1
		}
	}
	slices.SortStableFunc(doc.Packages, func(a, b spdx.Package) int { return rank[a.SPDXID] - rank[b.SPDXID] })
}
