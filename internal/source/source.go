package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/tree"
)

// Input is what Generate needs besides the document.
type Input struct {
	Root string
	SBOM *config.SBOM
	// Git says whether git's ignore rules apply: nil detects a git work tree,
	// false never applies them, true requires them.
	Git *bool
	// Workers bounds parallel hashing; 0 means one per CPU.
	Workers int
	// ConfigFile names the config in findings about it.
	ConfigFile string
	// Leading relationships are written before the generated CONTAINS ones
	// (a bundle's DEPENDS_ON, where CPython writes them).
	Leading []spdx.Relationship
}

// selected is one file a package's globs chose.
type selected struct {
	pkg  string
	path string
}

// Generate replaces doc's files and CONTAINS relationships with those the
// config's globs select in the tree. It returns findings; when one is blocking
// doc must not be written.
func Generate(ctx context.Context, in Input, doc *spdx.Document) []rules.Finding {
	sel, findings := Select(ctx, in)
	if rules.Blocked(findings) {
		return findings
	}
	sel.Apply(doc, in.Leading)
	return findings
}

// Selection is what the globs selected in the tree, hashed: everything Generate
// needs that does not depend on the document, so that callers can read a large
// document while the files are hashed.
type Selection struct {
	files []selected
	sums  []digest.Sum
	index map[string]int // path → position in sums
}

// Select expands the config's globs, applies git's ignore rules and hashes
// the selected files. When a finding is blocking the selection is nil.
func Select(ctx context.Context, in Input) (*Selection, []rules.Finding) {
	var findings []rules.Finding
	blocking := func(rule, file, pkg, msg, fix string) {
		findings = append(findings, rules.Finding{Rule: rule, Severity: rules.Error, Blocking: true,
			File: file, SBOM: in.SBOM.Path, Package: pkg, Message: msg, Fix: fix})
	}

	pkgs := slices.Clone(in.SBOM.Packages)
	slices.SortFunc(pkgs, func(a, b config.Package) int { return strings.Compare(a.Name, b.Name) })

	// Expand every glob first so git answers for all of them in one process: a
	// git start-up per glob is most of CPython's run time.
	type expansion struct {
		pkg     config.Package
		include string
		entries []tree.Entry
	}
	var expansions []expansion
	for _, p := range pkgs {
		includes := slices.Clone(p.Include)
		slices.Sort(includes)
		for _, include := range includes {
			entries, err := tree.Glob(in.Root, include)
			if err != nil {
				blocking(rules.RuleTree, in.SBOM.Path, p.Name, fmt.Sprintf("expanding include %q of package %q: %v", include, p.Name, err), "")
				continue
			}
			expansions = append(expansions, expansion{p, include, entries})
		}
	}
	// Hash every candidate while git lists the files it keeps: the two take
	// about as long, and most candidates are kept.
	type listing struct {
		files map[string]bool
		err   error
	}
	listCh := make(chan listing, 1)
	if in.Git == nil || *in.Git {
		var dirs []string
		for _, x := range expansions {
			dirs = append(dirs, tree.LiteralDir(x.include))
		}
		slices.Sort(dirs)
		dirs = slices.Compact(dirs)
		if slices.Contains(dirs, "") {
			dirs = nil // a glob starting with a wildcard: the whole tree
		}
		go func() {
			files, err := tree.Listed(ctx, in.Root, dirs)
			listCh <- listing{files, err}
		}()
	} else {
		listCh <- listing{err: tree.ErrNotGit}
	}
	var candidates []string
	index := map[string]int{}
	for _, x := range expansions {
		for _, e := range x.entries {
			rel := strings.TrimSuffix(e.Path, "/")
			if e.IsDir || strings.HasSuffix(e.Path, "/") || slices.Contains(x.pkg.Exclude, rel) {
				continue
			}
			if _, seen := index[rel]; !seen {
				index[rel] = len(candidates)
				candidates = append(candidates, rel)
			}
		}
	}
	sums, hashErrs := digest.HashAll(ctx, in.Root, candidates, in.Workers)
	listed := <-listCh
	switch {
	case errors.Is(listed.err, tree.ErrNotGit) && in.Git != nil:
		// Told not to use git: nothing to say.
	case errors.Is(listed.err, tree.ErrNotGit):
		findings = append(findings, rules.Finding{Rule: rules.RuleGitIgnore, Severity: rules.Note, SBOM: in.SBOM.Path,
			Message: "the root is not a git work tree: .gitignore rules are not applied and every file the globs select is listed",
			Fix:     "run inside a git checkout to apply ignore rules"})
	case listed.err != nil:
		blocking(rules.RuleTree, in.SBOM.Path, "", fmt.Sprintf("applying git ignore rules: %v", listed.err), "make sure git works in "+in.Root)
		return nil, findings
	default:
		for k := range expansions {
			kept := expansions[k].entries[:0:0]
			for _, e := range expansions[k].entries {
				// Directories (Python's "dir/" entries) are dropped below anyway.
				if e.IsDir || strings.HasSuffix(e.Path, "/") || listed.files[e.Path] {
					kept = append(kept, e)
				}
			}
			expansions[k].entries = kept
		}
	}

	var files []selected
	owner := map[string]string{}
	usedExcludes := map[string]bool{}
	for _, x := range expansions {
		p, include := x.pkg, x.include
		n := 0
		for _, e := range x.entries {
			rel := strings.TrimSuffix(e.Path, "/")
			switch {
			case e.IsDir, strings.HasSuffix(e.Path, "/"):
				// A trailing slash is the directory a "**" matched, or, for a
				// directory that has vanished, what Python's glob still returns.
				continue
			case slices.Contains(p.Exclude, rel):
				usedExcludes[p.Name+"\x00"+rel] = true
				continue
			case !spdx.ValidUTF8(rel):
				blocking(rules.RuleTree, in.SBOM.Path, p.Name, fmt.Sprintf("file name %q of package %q is not valid UTF-8, which SPDX JSON cannot hold", rel, p.Name),
					"rename the file, or exclude it in the config")
				continue
			}
			if e.Symlink {
				st, err := statIn(in.Root, rel)
				var esc *safefile.EscapeError
				switch {
				case errors.As(err, &esc):
					// Hashing it would read whatever the link points to.
					blocking(rules.RuleTree, rel, p.Name, fmt.Sprintf("include %q of package %q selects %v", include, p.Name, err),
						"exclude the link in the config, or replace it with what it points to")
					continue
				case err != nil:
					// Python's is_file() is false for a dangling link, so CPython skips it; so do we, aloud.
					findings = append(findings, rules.Finding{Rule: rules.RuleTree, Severity: rules.Warning, File: rel, SBOM: in.SBOM.Path, Package: p.Name,
						Message: fmt.Sprintf("%s is a dangling symbolic link; it is not listed", rel), Fix: "remove the link or exclude it"})
					continue
				case st.IsDir():
					blocking(rules.RuleTree, rel, p.Name, fmt.Sprintf("%s is a symbolic link to a directory; sbomkeeper does not follow it (CPython's script fails on it)", rel),
						"exclude the link in the config, or replace it with the files it points to")
					continue
				}
			}
			n++
			if other, dup := owner[rel]; dup {
				if other != p.Name {
					blocking(rules.RuleTree, rel, p.Name, fmt.Sprintf("%s is selected by packages %q and %q; a file belongs to one package", rel, other, p.Name),
						"narrow one package's include globs or add the file to its exclude list")
				}
				continue
			}
			owner[rel] = p.Name
			files = append(files, selected{pkg: p.Name, path: rel})
		}
		if n == 0 {
			// CPython only fails when the glob matches no path at all; a directory
			// left empty by debundling passed silently there. A package with no file
			// is stale data either way.
			blocking(rules.RuleEmptyInclude, in.SBOM.Path, p.Name, fmt.Sprintf("include %q of package %q selects no file", include, p.Name),
				fmt.Sprintf("restore the vendored files, fix the glob, or remove package %q from the config and the SBOM", p.Name))
		}
	}
	for _, p := range pkgs {
		for _, ex := range p.Exclude {
			if !usedExcludes[p.Name+"\x00"+ex] {
				// An exclude that excludes nothing is a typo or a leftover, and the
				// file it meant may now be listed under the wrong package.
				findings = append(findings, rules.Finding{Rule: rules.RuleExcludeUnused, Severity: rules.Warning, File: in.ConfigFile, Line: p.Line(), SBOM: in.SBOM.Path, Package: p.Name,
					Message: fmt.Sprintf("exclude %q of package %q matches no file its include globs select", ex, p.Name),
					Fix:     "correct the path or remove it from the package's exclude list in the config"})
			}
		}
	}
	if rules.Blocked(findings) {
		return nil, findings
	}

	for _, f := range files {
		if err := hashErrs[index[f.path]]; err != nil {
			blocking(rules.RuleTree, f.path, f.pkg, fmt.Sprintf("hashing %s: %v", f.path, err), "make the file readable, or exclude it in the config")
		}
	}
	if rules.Blocked(findings) {
		return nil, findings
	}
	return &Selection{files: files, sums: sums, index: index}, findings
}

// Apply replaces doc's files and CONTAINS relationships with the selection;
// leading relationships (a bundle's DEPENDS_ON, where CPython writes them) go
// first, relationships a person wrote last.
func (sel *Selection) Apply(doc *spdx.Document, leading []spdx.Relationship) {
	files, sums, index := sel.files, sel.sums, sel.index
	old := map[string]spdx.File{}
	for _, f := range doc.Files {
		old[f.SPDXID] = f
	}
	// Two paths can encode to one ID ("a b.c", "a+b.c"); CPython's script then
	// writes duplicate IDs, which SPDX forbids. The later one gets a suffix, as
	// CPython's release tools do.
	var ids spdx.IDs
	newFiles := make([]spdx.File, 0, len(files))
	rels := make([]spdx.Relationship, 0, len(leading)+len(files))
	rels = append(rels, leading...)
	for _, f := range files {
		id := ids.For("SPDXRef-FILE-", f.path)
		// Keep what a human added to a file entry (a comment, a license); CPython's
		// script drops it.
		entry := old[id]
		entry.SPDXID = id
		entry.FileName = f.path
		sum := sums[index[f.path]]
		entry.Checksums = []spdx.Checksum{
			{Algorithm: "SHA1", ChecksumValue: sum.SHA1},
			{Algorithm: "SHA256", ChecksumValue: sum.SHA256},
		}
		newFiles = append(newFiles, entry)
		rels = append(rels, spdx.Relationship{
			SPDXElementID: spdx.PackageID(f.pkg), RelatedSPDXElement: id, RelationshipType: "CONTAINS",
		})
	}
	rels = append(rels, handWritten(doc.Relationships)...)
	doc.Files = newFiles
	doc.Relationships = rels
}

// handWritten returns the relationships a human added: everything but a
// package CONTAINS a file, which Generate owns.
func handWritten(rels []spdx.Relationship) []spdx.Relationship {
	var out []spdx.Relationship
	for _, r := range rels {
		if r.RelationshipType == "CONTAINS" && strings.HasPrefix(r.RelatedSPDXElement, "SPDXRef-FILE-") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// statIn is os.Stat of rel inside root, refusing a link that leads out of it.
func statIn(root, rel string) (os.FileInfo, error) {
	r, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Stat(rel)
}
