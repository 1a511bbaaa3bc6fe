package artifact

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/bundle"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/tree"
)

// Resolver answers package index look-ups (from a lock, the index, or both).
type Resolver interface {
	Resolve(ctx context.Context, reqs []pypi.Request) ([]pypi.Entry, error)
}

// Options are what an artifact SBOM needs besides the artifact.
type Options struct {
	Config *config.Artifact
	// SourceDir is the source tree, for artifacts built elsewhere.
	SourceDir string
	Index     Resolver
	Now       time.Time
	// Tool is the creator entry naming this tool, e.g. "Tool: sbomkeeper-v1.0.0".
	Tool   string
	Limits archive.Limits
	// Budgets bound what is kept in memory of the archive's members.
	Budgets Budgets
	// Progress, when set, is told how many bytes of the archive have been read
	// and how many files hashed.
	Progress func(bytes int64, files int)
	// AllowVCS lists version-control metadata (.git/, .hg/, .svn/) found in a
	// source archive as files of the top-level package instead of refusing
	// the archive.
	AllowVCS bool
}

// vcsDirs are the directories version-control systems keep their metadata
// in; a release archive made from a working copy carries them by mistake.
var vcsDirs = []string{".git", ".hg", ".svn", ".bzr", "_darcs", "CVS"}

// vcsDir returns the version-control directory a member path is inside.
func vcsDir(rel string) (string, bool) {
	parts := strings.Split(rel, "/")
	for i, p := range parts[:len(parts)-1] {
		if slices.Contains(vcsDirs, p) {
			return strings.Join(parts[:i+1], "/"), true
		}
	}
	// A file such as .git in a worktree, or .gitmodules, is not metadata.
	return "", false
}

// Error is a problem with the artifact or its inputs. Err, when set, is the
// cause, so that errors.Is and errors.As see through (a budget that was hit,
// say).
type Error struct {
	Artifact string
	Msg      string
	Err      error
}

func (e *Error) Error() string { return e.Artifact + ": " + e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// Generate returns the SBOM of the artifact at file.
func Generate(ctx context.Context, file string, opts Options) ([]byte, error) {
	a := opts.Config
	name := filepath.Base(file)
	fail := func(format string, args ...any) error {
		return &Error{Artifact: file, Msg: fmt.Sprintf(format, args...)}
	}
	kind, version, ok := matchKind(a, name)
	if !ok && strings.HasSuffix(name, ".whl") {
		return wheelSBOM(file, opts) // wheel.go: a wheel needs no [[artifact.kind]]
	}
	if !ok {
		var pats []string
		for _, k := range a.Kinds {
			pats = append(pats, k.Name+": "+k.Match)
		}
		return nil, fail("the file name matches no [[artifact.kind]] (%s)", strings.Join(pats, "; "))
	}
	vars := map[string]string{"{version}": version, "{version_base}": versionBase(version), "{artifact}": name}

	var doc *spdx.Document
	var err error
	switch kind.Type {
	case config.ArtifactSourceArchive:
		doc, err = sourceArchive(ctx, file, kind, vars, opts)
	case config.ArtifactBuilt:
		doc, err = built(ctx, file, kind, vars, opts)
	case config.ArtifactMacOSInstaller:
		doc, err = macosInstaller(ctx, file, kind, vars, opts)
	}
	if err != nil {
		var ae *Error
		if errors.As(err, &ae) {
			return nil, err
		}
		// Archive errors name the archive already.
		return nil, &Error{Artifact: file, Msg: strings.TrimPrefix(err.Error(), file+": "), Err: err}
	}
	if err := spdx.CheckIntegrity(doc); err != nil {
		return nil, fail("%v", err)
	}
	return spdx.MarshalNormalized(doc)
}

func matchKind(a *config.Artifact, name string) (*config.ArtifactKind, string, bool) {
	if a == nil {
		return nil, "", false
	}
	for i := range a.Kinds {
		if m := a.Kinds[i].Regexp.FindStringSubmatch(name); m != nil {
			return &a.Kinds[i], m[1], true
		}
	}
	return nil, "", false
}

var baseRe = regexp.MustCompile(`^[0-9.]+`)

func versionBase(v string) string { return baseRe.FindString(v) }

func expand(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

// member is a regular file of a source archive, hashed as it is (release
// artifacts are hashed byte for byte, unlike the tree's CRLF rule).
type member struct {
	name       string // without the prefix
	sha1, s256 string
}

func sourceArchive(ctx context.Context, file string, kind *config.ArtifactKind, vars map[string]string, opts Options) (*spdx.Document, error) {
	a := opts.Config
	prefix := expand(kind.Prefix, vars)
	var members []member
	captured := map[string][]byte{}
	budgets := opts.Budgets.withDefaults()
	// What the whole archive may still make us keep, per budget.
	left := map[string]int64{BudgetWheels: budgets.WheelBytes, BudgetSBOM: budgets.SBOMBytes}
	limits := map[string]int64{BudgetWheels: budgets.WheelBytes, BudgetSBOM: budgets.SBOMBytes}
	// want says which budget a member is kept under, or "" for none.
	want := func(rel string) string {
		if rel == a.SourceSBOM {
			return BudgetSBOM
		}
		for _, b := range a.Bundles {
			if slices.Contains(kind.Bundles, b.Name) && globMatch(b.Path, rel) {
				return BudgetWheels
			}
		}
		return ""
	}
	var read int64
	vcs := map[string]int{}
	// One copy buffer for the walk: io.Copy would allocate 32 KiB per member,
	// 32 GB of garbage for a million empty ones.
	copyBuf := make([]byte, 64<<10)
	visit := func(e archive.Entry, r io.Reader) error {
		if e.Kind != archive.Regular {
			return nil // directories; links only reach here when the limits allow them, and are not files
		}
		rel, ok := strings.CutPrefix(e.Name, prefix)
		if !ok || rel == "" {
			return fmt.Errorf("member %s is not under %s, where every file of this kind of artifact must be: check the [[artifact.kind]] prefix", e.Name, prefix)
		}
		if d, ok := vcsDir(rel); ok {
			vcs[d]++
		}
		h1, h256 := sha1.New(), sha256.New()
		w := io.MultiWriter(h1, h256)
		var buf *bytes.Buffer
		if budget := want(rel); budget != "" {
			// The declared size is exact (the walk enforces it), so a member
			// the budget cannot hold is refused before it is read, and the
			// buffer is allocated once instead of doubling its way up.
			if e.Size > left[budget] {
				return &BudgetError{Budget: budget, Limit: limits[budget], Member: e.Name, Size: e.Size}
			}
			left[budget] -= e.Size
			buf = bytes.NewBuffer(make([]byte, 0, e.Size))
			w = io.MultiWriter(h1, h256, &capped{buf: buf, limit: int(e.Size), name: e.Name})
		}
		n, err := io.CopyBuffer(w, r, copyBuf)
		if err != nil {
			return fmt.Errorf("member %s: %w", e.Name, err)
		}
		read += n
		members = append(members, member{rel, hex.EncodeToString(h1.Sum(nil)), hex.EncodeToString(h256.Sum(nil))})
		if buf != nil {
			captured[rel] = buf.Bytes()
		}
		if opts.Progress != nil {
			opts.Progress(read, len(members))
		}
		return nil
	}
	artifactSHA256, err := walkHashing(ctx, file, opts.Limits, visit)
	if err != nil {
		return nil, err
	}
	if len(vcs) > 0 && !opts.AllowVCS {
		dirs := slices.Sorted(maps.Keys(vcs))
		var parts []string
		for _, d := range dirs {
			parts = append(parts, fmt.Sprintf("%s%s/ (%d files)", prefix, d, vcs[d]))
		}
		return nil, fmt.Errorf("the archive contains version-control metadata: %s; it was probably made from a working copy, and its SBOM would list that metadata as the project's files: make the archive with git archive (or without %s), or give --allow-vcs to list them anyway",
			strings.Join(parts, ", "), strings.Join(dirs, ", "))
	}

	sbomBytes, ok := captured[a.SourceSBOM]
	if !ok {
		return nil, fmt.Errorf("the archive does not contain the source SBOM %s%s: build the archive from a tree that has it, or correct [artifact] source_sbom", prefix, a.SourceSBOM)
	}
	doc, err := spdx.Parse(sbomBytes)
	if err != nil {
		return nil, fmt.Errorf("%s%s: %w", prefix, a.SourceSBOM, err)
	}
	var ids spdx.IDs
	for _, p := range doc.Packages {
		ids.Reserve(p.SPDXID, p.Name)
	}
	for _, fl := range doc.Files {
		ids.Reserve(fl.SPDXID, fl.FileName)
	}
	top := topPackage(doc, file, vars, opts, artifactSHA256)
	if err := addBundles(ctx, doc, kind, opts, &ids, top.SPDXID, func(b config.Bundle) (*bundle.Found, error) {
		// Sorted, not map order: the same archive must give the same
		// answer, and several matches are refused as they are in a tree.
		var matched []string
		for rel := range captured {
			if rel != a.SourceSBOM && globMatch(b.Path, rel) {
				matched = append(matched, rel)
			}
		}
		sort.Strings(matched)
		switch len(matched) {
		case 0:
			return nil, fmt.Errorf("the archive has no file matching %s%s for bundle %q", prefix, b.Path, b.Name)
		case 1:
			return bundle.FromWheel(b, matched[0], captured[matched[0]])
		}
		return nil, fmt.Errorf("bundle %q: %d files match %s%s; sbomkeeper describes one artifact per bundle: %s", b.Name, len(matched), prefix, b.Path, strings.Join(matched, ", "))
	}, func(f *bundle.Found) (bool, error) { return carriedBundle(doc, f) }); err != nil {
		return nil, err
	}

	known := map[string]string{}
	for i := range doc.Files {
		if _, nested := bundle.IsMember(doc.Files[i].FileName); nested {
			continue // a member of a wheel: checked through the wheel's own entry
		}
		sum, ok := spdx.FileChecksum(&doc.Files[i], "SHA256")
		if !ok {
			return nil, fmt.Errorf("file %s of the source SBOM has no SHA256 checksum", doc.Files[i].FileName)
		}
		known[doc.Files[i].FileName] = sum
	}
	var changed []string
	for _, m := range members {
		if want, ok := known[m.name]; ok {
			delete(known, m.name)
			if !strings.EqualFold(want, m.s256) {
				changed = append(changed, fmt.Sprintf("%s (SBOM %s, archive %s)", m.name, want, m.s256))
			}
			continue
		}
		id := ids.For("SPDXRef-FILE-", m.name)
		doc.Files = append(doc.Files, spdx.File{SPDXID: id, FileName: m.name, Checksums: []spdx.Checksum{
			{Algorithm: "SHA1", ChecksumValue: m.sha1}, {Algorithm: "SHA256", ChecksumValue: m.s256}}})
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: top.SPDXID, RelatedSPDXElement: id, RelationshipType: "CONTAINS"})
	}
	if len(changed) > 0 {
		return nil, fmt.Errorf("vendored files differ from the source SBOM: %s; run sbomkeeper check on the tree the archive was made from, regen, and make the archive again", strings.Join(changed, "; "))
	}
	if len(known) > 0 {
		missing := make([]string, 0, len(known))
		for n := range known {
			missing = append(missing, n)
		}
		sort.Strings(missing)
		return nil, fmt.Errorf("files of the source SBOM are missing from the archive: %s; make the archive from the whole tree, or run sbomkeeper regen if they were removed on purpose", strings.Join(missing, ", "))
	}
	describe(doc, top.SPDXID)
	t := true
	byPkg := spdx.PackageFiles(doc)
	for i := range doc.Packages {
		p := &doc.Packages[i]
		p.Supplier = a.Supplier
		p.FilesAnalyzed = &t
		var sums []string
		for _, fl := range byPkg[p.SPDXID] {
			s, ok := spdx.FileChecksum(fl, "SHA1")
			if !ok {
				return nil, fmt.Errorf("file %s has no SHA1 checksum, which packageVerificationCode needs", fl.FileName)
			}
			sums = append(sums, s)
		}
		p.PackageVerificationCode = &spdx.VerificationCode{Value: spdx.ComputeVerificationCode(sums)}
	}
	return doc, nil
}

// walkHashing walks the archive at file and returns the SHA-256 of the whole
// file. Tar formats are streamed once, the file hashed as it is decompressed;
// a zip is read by offset, so it is hashed in a pass of its own.
func walkHashing(ctx context.Context, file string, lim archive.Limits, visit func(archive.Entry, io.Reader) error) (string, error) {
	if isInstallerPackage(file) {
		return walkPackage(ctx, file, lim, visit)
	}
	format, err := archive.DetectFormat(file)
	if err != nil {
		return "", err
	}
	if format == archive.Zip {
		sum, err := digest.FileSHA256(file)
		if err != nil {
			return "", err
		}
		return sum, archive.Walk(ctx, file, lim, visit)
	}
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	whole := sha256.New()
	if err := archive.WalkReader(ctx, file, format, io.TeeReader(f, whole), lim, visit); err != nil {
		return "", err
	}
	// Hash whatever follows the archive's end too: the checksum is the file's.
	if _, err := io.Copy(whole, f); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return hex.EncodeToString(whole.Sum(nil)), nil
}

// capped keeps at most limit bytes (the member's declared size, which the
// budget has already admitted) and fails past it.
type capped struct {
	buf   *bytes.Buffer
	limit int
	name  string
}

func (c *capped) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.limit {
		return 0, fmt.Errorf("member %s has more than the %d bytes it declares", c.name, c.limit)
	}
	return c.buf.Write(p)
}

func globMatch(pattern, name string) bool {
	pp, np := strings.Split(pattern, "/"), strings.Split(name, "/")
	if len(pp) != len(np) {
		return false
	}
	for i := range pp {
		if !tree.Match(pp[i], np[i]) {
			return false
		}
	}
	return true
}

// topPackage adds the package the artifact SBOM describes, after making it
// DEPENDS_ON every package already in the document, and sets the document's
// own fields.
func topPackage(doc *spdx.Document, file string, vars map[string]string, opts Options, sha string) *spdx.Package {
	a := opts.Config
	pc := a.Package
	doc.SPDXID = "SPDXRef-DOCUMENT"
	doc.SPDXVersion = "SPDX-2.3"
	doc.Name = a.DocumentName
	doc.DataLicense = "CC0-1.0"
	doc.DocumentNamespace = expand(a.Namespace, vars)
	creators := slices.Clone(a.Creators)
	if opts.Tool != "" {
		creators = append(creators, opts.Tool)
	}
	doc.CreationInfo = &spdx.CreationInfo{Created: opts.Now.UTC().Format("2006-01-02T15:04:05Z"), Creators: creators, LicenseListVersion: a.LicenseListVersion}
	p := spdx.Package{
		SPDXID: pc.SPDXID, Name: pc.Name, VersionInfo: vars["{version}"], LicenseConcluded: pc.License,
		Originator: pc.Originator, Supplier: a.Supplier, PackageFileName: filepath.Base(file),
		PrimaryPackagePurpose: pc.Purpose, DownloadLocation: expand(pc.DownloadURL, vars),
		Checksums: []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: sha}},
	}
	if pc.CPE != "" {
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "SECURITY", ReferenceType: "cpe23Type", ReferenceLocator: expand(pc.CPE, vars)})
	}
	if pc.PURL != "" {
		p.ExternalRefs = append(p.ExternalRefs, spdx.ExternalRef{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl", ReferenceLocator: expand(pc.PURL, vars)})
	}
	if doc.Relationships == nil {
		doc.Relationships = []spdx.Relationship{}
	}
	for _, other := range doc.Packages {
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: p.SPDXID, RelatedSPDXElement: other.SPDXID, RelationshipType: "DEPENDS_ON"})
	}
	doc.Packages = append(doc.Packages, p)
	return &doc.Packages[len(doc.Packages)-1]
}

// addBundles discovers the kind's bundles with find, asks the resolver about
// them, and adds them with the top package DEPENDS_ON each.
// carried says whether the source SBOM already lists a bundle (see
// carriedBundle); such a bundle keeps the source SBOM's entries, on which the top
// package already DEPENDS_ON.
func addBundles(ctx context.Context, doc *spdx.Document, kind *config.ArtifactKind, opts Options, ids *spdx.IDs, topID string, find func(config.Bundle) (*bundle.Found, error), carried func(*bundle.Found) (bool, error)) error {
	var found []*bundle.Found
	for _, b := range opts.Config.Bundles {
		if !slices.Contains(kind.Bundles, b.Name) {
			continue
		}
		f, err := find(b)
		if err != nil {
			return err
		}
		kept, err := carried(f)
		if err != nil {
			return err
		}
		if kept {
			// The source SBOM already lists the bundle and what it vendors, with
			// licenses people triaged: its entries stay, checked against the wheel.
			continue
		}
		found = append(found, f)
	}
	if len(found) == 0 {
		return nil
	}
	var taken []string
	for _, p := range doc.Packages {
		taken = append(taken, p.SPDXID)
	}
	for _, f := range found {
		// A fresh bundle replaces any entries the source SBOM had for it.
		for _, id := range debundledIDs(doc, f.Config.Name) {
			taken = slices.DeleteFunc(taken, func(t string) bool { return t == id })
		}
	}
	if err := bundle.AssignIDs(taken, found); err != nil {
		return err
	}
	for _, f := range found {
		b := f.Config
		if opts.Index == nil {
			return fmt.Errorf("bundle %q needs the package index: run without --offline, or give --lock", b.Name)
		}
		entries, err := opts.Index.Resolve(ctx, f.Requests())
		if err != nil {
			return fmt.Errorf("bundle %q: %w", b.Name, err)
		}
		answers := map[pypi.Request]pypi.Entry{}
		for _, e := range entries {
			answers[e.Request()] = e
		}
		id, rels, err := bundle.Fresh(doc, f, answers, ids)
		if err != nil {
			return err
		}
		doc.Relationships = append(doc.Relationships, rels...)
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: topID, RelatedSPDXElement: id, RelationshipType: "DEPENDS_ON"})
	}
	return nil
}

// carriedBundle reports whether the source SBOM already describes the
// bundle's wheel: a package with the bundle's ID. Its version and SHA256 must
// then be the wheel's, and it must DEPENDS_ON every project the wheel
// vendors; anything else is a stale source SBOM, an error that says so.
func carriedBundle(doc *spdx.Document, f *bundle.Found) (bool, error) {
	id := spdx.PackageID(f.Config.Name)
	i := slices.IndexFunc(doc.Packages, func(p spdx.Package) bool { return p.SPDXID == id })
	if i < 0 {
		return false, nil
	}
	p := &doc.Packages[i]
	sum, _ := p.SHA256()
	if p.VersionInfo != f.Wheel.Name.Version || !strings.EqualFold(sum, f.Wheel.SHA256) {
		return false, fmt.Errorf("the source SBOM lists %s %s (SHA256 %s) but the archive's %s is %s (SHA256 %s): run sbomkeeper regen on the tree the archive was made from, and make the archive again",
			f.Config.Name, p.VersionInfo, sum, f.Path, f.Wheel.Name.Version, f.Wheel.SHA256)
	}
	deps := map[string]bool{}
	for _, r := range doc.Relationships {
		if r.SPDXElementID == id && r.RelationshipType == "DEPENDS_ON" {
			deps[r.RelatedSPDXElement] = true
		}
	}
	names := map[string]string{}
	for _, q := range doc.Packages {
		if deps[q.SPDXID] {
			names[q.Name+"\x00"+q.VersionInfo] = q.SPDXID
		}
	}
	var missing []string
	for _, v := range f.Vendored {
		if _, ok := names[v.Name+"\x00"+v.Version]; !ok {
			missing = append(missing, v.Name+" "+v.Version)
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("the source SBOM lists %s but not all it vendors (%s): run sbomkeeper regen on the tree the archive was made from", f.Config.Name, strings.Join(missing, ", "))
	}
	return true, nil
}

// debundledIDs are the IDs Debundle would remove for a bundle.
func debundledIDs(doc *spdx.Document, name string) []string {
	id := spdx.PackageID(name)
	out := []string{id}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "DEPENDS_ON" && r.SPDXElementID == id {
			out = append(out, r.RelatedSPDXElement)
		}
	}
	return out
}

func describe(doc *spdx.Document, id string) {
	doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: "SPDXRef-DOCUMENT", RelatedSPDXElement: id, RelationshipType: "DESCRIBES"})
}

// built makes the SBOM of an artifact built elsewhere from the source tree's
// externals and source SBOMs (no files: they are compiled into the artifact).
func built(ctx context.Context, file string, kind *config.ArtifactKind, vars map[string]string, opts Options) (*spdx.Document, error) {
	a := opts.Config
	if opts.SourceDir == "" {
		return nil, fmt.Errorf("artifacts of kind %q are built elsewhere: give the source tree with --source-dir", kind.Name)
	}
	// The source tree is read as regen reads it: regular files only, bounded,
	// and never through a symbolic link out of the tree.
	root, err := safefile.OpenRoot(opts.SourceDir)
	if err != nil {
		return nil, fmt.Errorf("--source-dir: %w", err)
	}
	defer root.Close()
	read := func(rel string) (*spdx.Document, error) {
		data, err := root.Read(rel, safefile.MaxSBOM)
		if err != nil {
			return nil, err
		}
		d, err := spdx.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		return d, nil
	}
	deps := a.ExternalsSBOM
	if kind.Type == config.ArtifactMacOSInstaller {
		deps = a.MacOSSBOM // the libraries the macOS build compiles in
	}
	doc, err := read(deps)
	if err != nil {
		return nil, err
	}
	src, err := read(a.SourceSBOM)
	if err != nil {
		return nil, err
	}
	doc.Relationships, doc.Files = []spdx.Relationship{}, []spdx.File{}
	var ids spdx.IDs
	for _, p := range doc.Packages {
		ids.Reserve(p.SPDXID, p.Name)
	}
	renamed := map[string]string{}
	for _, p := range src.Packages {
		// The same library can be in both documents (mpdecimal): the version keeps them apart.
		// Two vendored copies of one release (packaging 21.3 in pip and in
		// setuptools) have different IDs in the source SBOM: keep them apart.
		id := ids.For("", p.SPDXID+"-"+p.VersionInfo)
		renamed[p.SPDXID], p.SPDXID = id, id
		doc.Packages = append(doc.Packages, p)
	}
	sum, err := digest.FileSHA256(file)
	if err != nil {
		return nil, err
	}
	top := topPackage(doc, file, vars, opts, sum)
	topID := top.SPDXID
	if err := addBundles(ctx, doc, kind, opts, &ids, topID, func(b config.Bundle) (*bundle.Found, error) {
		found, err := bundle.Discover(opts.SourceDir, b)
		if err != nil {
			return nil, err
		}
		if !found.Present() {
			return nil, fmt.Errorf("the source tree has no file matching %s for bundle %q", b.Path, b.Name)
		}
		return found, found.Err()
	}, func(f *bundle.Found) (bool, error) {
		kept, err := carriedBundle(src, f)
		if kept {
			// What the bundle vendors, under the IDs of this document.
			bundleID := spdx.PackageID(f.Config.Name)
			for _, r := range src.Relationships {
				if r.SPDXElementID == bundleID && r.RelationshipType == "DEPENDS_ON" {
					doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: renamed[bundleID], RelatedSPDXElement: renamed[r.RelatedSPDXElement], RelationshipType: "DEPENDS_ON"})
				}
			}
		}
		return kept, err
	}); err != nil {
		return nil, err
	}
	describe(doc, topID)
	for i := range doc.Packages {
		p := &doc.Packages[i]
		p.Supplier = a.Supplier
		if kind.Compiled && p.PrimaryPackagePurpose == "SOURCE" {
			p.PrimaryPackagePurpose = "LIBRARY"
		}
	}
	return doc, nil
}
