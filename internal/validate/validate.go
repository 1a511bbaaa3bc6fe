package validate

import (
	"cmp"
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/license"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

//go:embed schemas/spdx-schema.v2.3.json
var schema23 []byte

//go:embed schemas/spdx-schema.support-2.3.1.json
var schema231 []byte

// Rule IDs of validation findings.
const (
	RuleSchema         = "schema"
	RuleSchema231      = "schema-2.3.1"
	RuleUniqueID       = "unique-id"
	RuleRelation       = "relationship-target"
	RuleLicenseExpr    = "license-expression"
	RuleChecksum       = "checksum-length"
	RulePURL           = "purl"
	RuleCPE            = "cpe"
	RuleVerifCode      = "verification-code"
	RuleContainedTwice = "contained-twice"
	RuleArtifact       = "described-artifact"
	RuleNamespace      = "namespace"
	RuleTimestamp      = "timestamp"
	RuleNTIA           = "ntia"
)

// Options tune validation.
type Options struct {
	// Fragment accepts documents without creation info, name, namespace and
	// data license, like CPython's Misc/*.spdx.json, which are parts of a
	// document rather than documents.
	Fragment bool
	// NTIA makes missing NTIA minimum elements errors instead of warnings.
	NTIA bool
	// Artifact, if set, is the file the documents are the SBOMs of: the
	// package a document DESCRIBES must have its name and SHA-256.
	Artifact *Artifact
}

// Artifact is a file as an SPDX package records it. The caller hashes the
// file, so that validation does no I/O.
type Artifact struct {
	Name   string // base name, compared with packageFileName
	SHA256 string // hex, compared with the package's SHA256 checksum
}

type compiled struct {
	v23, v231 *jsonschema.Schema
	// items23 and items231 are the schemas of the items of the top-level
	// arrays that may be checked one item at a time (see stream.go).
	items23, items231 map[string]*jsonschema.Schema
}

// schemas are compiled at first use, not at start-up. The two schemas
// share an $id, so each has a compiler of its own.
var schemas = sync.OnceValues(func() (compiled, error) {
	compile := func(data []byte) (*jsonschema.Schema, map[string]*jsonschema.Schema, error) {
		const uri = "http://spdx.org/rdf/terms/2.3"
		c := jsonschema.NewCompiler()
		if err := c.AddResource(uri, data); err != nil {
			return nil, nil, err
		}
		root, err := c.Compile(uri)
		if err != nil {
			return nil, nil, err
		}
		items := map[string]*jsonschema.Schema{}
		for _, member := range streamable(data) {
			if items[member], err = c.Compile(uri + "#/properties/" + member + "/items"); err != nil {
				return nil, nil, err
			}
		}
		return root, items, nil
	}
	var out compiled
	var err error
	if out.v23, out.items23, err = compile(schema23); err != nil {
		return out, err
	}
	out.v231, out.items231, err = compile(schema231)
	return out, err
})

// fragmentOnly are the members a fragment may leave out.
var fragmentOnly = []string{"creationInfo", "name", "documentNamespace", "dataLicense"}

// SPDX validates an SPDX 2.3 JSON document; name is used in findings. The
// error is for input that is not JSON at all.
func SPDX(name string, data []byte, opts Options) ([]rules.Finding, error) {
	if fs, _, ok, err := spdx2Streamed(name, data, opts); ok || err != nil {
		return fs, err
	}
	inst, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	return spdx2(name, data, inst, opts)
}

// spdx2 is SPDX for data already decoded into inst.
func spdx2(name string, data []byte, inst any, opts Options) ([]rules.Finding, error) {
	sch, err := schemas()
	if err != nil {
		return nil, fmt.Errorf("compiling the embedded SPDX schemas: %w", err)
	}
	return spdx2Checked(name, data, schemaErrors(sch.v231, inst, opts.Fragment), schemaErrors(sch.v23, inst, opts.Fragment), opts), nil
}

// spdx2Checked is SPDX once the schemas have spoken: errs231 and errs23 are
// what the 2.3.1 and 2.3 schemas said of data.
func spdx2Checked(name string, data []byte, errs231, errs23 []schemaError, opts Options) []rules.Finding {
	var out []rules.Finding
	add := func(sev rules.Severity, rule, path, id, msg string) {
		out = append(out, finding(name, sev, rule, path, id, msg))
	}
	at231 := make(map[string]bool, len(errs231))
	for _, e := range errs231 {
		add(rules.Error, RuleSchema, e.path, "", e.msg)
		at231[e.path] = true
	}
	for _, e := range errs23 {
		if !at231[e.path] {
			add(rules.Note, RuleSchema231, e.path, "", e.msg+" (the SPDX 2.3 schema rejects this; its 2.3.1 revision, which sbomkeeper follows, accepts it)")
		}
	}

	doc, err := spdx.Parse(data)
	if err != nil {
		add(rules.Error, RuleSchema, "/", "", err.Error())
		return out
	}
	if doc.SPDXVersion == "SPDX-2.2" {
		// 2.3 only adds to 2.2, so a 2.2 document is read by 2.3's rules.
		add(rules.Note, RuleSchema, "/spdxVersion", "", "an SPDX 2.2 document, read and checked as SPDX 2.3 (which extends 2.2)")
	}
	semantic(doc, opts, add)
	return out
}

// finding names the element by ID and JSON path, as every validation
// finding does.
func finding(name string, sev rules.Severity, rule, path, id, msg string) rules.Finding {
	where := path
	if id != "" {
		where = id + " (" + path + ")"
	}
	return rules.Finding{Rule: rule, Severity: sev, File: name, SBOM: name, Message: where + ": " + msg}
}

type schemaError struct{ path, msg string }

func schemaErrors(sch *jsonschema.Schema, inst any, fragment bool) []schemaError {
	return toSchemaErrors(sch.Validate(inst), fragment)
}

// toSchemaErrors keeps the errors that count (a fragment may lack the members
// only a whole document has) as schemaErrors.
func toSchemaErrors(errs []jsonschema.Error, fragment bool) []schemaError {
	var out []schemaError
	for _, e := range errs {
		if fragment && e.InstancePath == "" && slices.ContainsFunc(fragmentOnly, func(m string) bool {
			return e.Message == fmt.Sprintf("missing required member %q", m)
		}) {
			continue
		}
		path := e.InstancePath
		if path == "" {
			path = "/"
		}
		out = append(out, schemaError{path, e.Message})
	}
	// Validate sorts and removes duplicates already.
	return out
}

var (
	createdRe = lazyRegexp(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	hexLen    = map[string]int{"SHA1": 40, "SHA224": 56, "SHA256": 64, "SHA384": 96, "SHA512": 128, "SHA3-256": 64, "SHA3-384": 96, "SHA3-512": 128,
		"MD2": 32, "MD4": 32, "MD5": 32, "MD6": 0, "BLAKE2b-256": 64, "BLAKE2b-384": 96, "BLAKE2b-512": 128, "BLAKE3": 0, "ADLER32": 8}
	hexRe = lazyRegexp(`^[0-9a-fA-F]+$`)
)

// lazyRegexp compiles a pattern at first use: compiling them all at
// start-up cost every run of the binary ~0.15 ms.
func lazyRegexp(src string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })
}

// adder records a finding about the element id at the JSON path.
type adder func(sev rules.Severity, rule, path, id, msg string)

func semantic(doc *spdx.Document, opts Options, add adder) {
	ids := map[string]string{"SPDXRef-DOCUMENT": "/SPDXID"}
	seen := func(id, path string) {
		if prev, dup := ids[id]; dup && id != "" {
			add(rules.Error, RuleUniqueID, path, id, "the ID is also used at "+prev)
			return
		}
		ids[id] = path
	}
	for i, p := range doc.Packages {
		seen(p.SPDXID, fmt.Sprintf("/packages/%d", i))
	}
	for i, f := range doc.Files {
		seen(f.SPDXID, fmt.Sprintf("/files/%d", i))
	}
	if s, ok := doc.Extra["snippets"].([]any); ok {
		for i, x := range s {
			if m, ok := x.(map[string]any); ok {
				id, _ := m["SPDXID"].(string)
				seen(id, fmt.Sprintf("/snippets/%d", i))
			}
		}
	}
	exists := func(id string) bool {
		_, ok := ids[id]
		return ok || strings.HasPrefix(id, "DocumentRef-") || id == "NONE" || id == "NOASSERTION"
	}
	for i, r := range doc.Relationships {
		path := fmt.Sprintf("/relationships/%d", i)
		for _, id := range []string{r.SPDXElementID, r.RelatedSPDXElement} {
			if !exists(id) {
				add(rules.Error, RuleRelation, path, "", fmt.Sprintf("%s %s %s names %s, which is not in the document", r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement, id))
			}
		}
	}
	for i, id := range doc.DocumentDescribes {
		if !exists(id) {
			add(rules.Error, RuleRelation, fmt.Sprintf("/documentDescribes/%d", i), "", id+" is not in the document")
		}
	}

	license := func(path, id, field, expr string) {
		if expr == "" {
			return
		}
		if err := license.Check(expr); err != nil {
			add(rules.Error, RuleLicenseExpr, path+"/"+field, id, fmt.Sprintf("%q is not a valid SPDX license expression: %v", expr, err))
		}
	}
	checksums := func(path, id string, cs []spdx.Checksum) {
		for j, c := range cs {
			want, known := hexLen[c.Algorithm]
			switch {
			case !hexRe().MatchString(c.ChecksumValue):
				add(rules.Error, RuleChecksum, fmt.Sprintf("%s/checksums/%d", path, j), id, fmt.Sprintf("%s value %q is not hexadecimal", c.Algorithm, c.ChecksumValue))
			case known && want > 0 && len(c.ChecksumValue) != want:
				add(rules.Error, RuleChecksum, fmt.Sprintf("%s/checksums/%d", path, j), id, fmt.Sprintf("a %s value has %d hex digits, not %d", c.Algorithm, want, len(c.ChecksumValue)))
			}
		}
	}

	byPkg, owners := packageFiles(doc)
	related := map[string]bool{}
	for _, r := range doc.Relationships {
		related[r.SPDXElementID], related[r.RelatedSPDXElement] = true, true
	}
	for i, p := range doc.Packages {
		path := fmt.Sprintf("/packages/%d", i)
		license(path, p.SPDXID, "licenseConcluded", p.LicenseConcluded)
		license(path, p.SPDXID, "licenseDeclared", p.LicenseDeclared)
		checksums(path, p.SPDXID, p.Checksums)
		var hasID bool
		for j, r := range p.ExternalRefs {
			rp := fmt.Sprintf("%s/externalRefs/%d", path, j)
			switch r.ReferenceType {
			case "purl":
				hasID = true
				if !ident.PURL(r.ReferenceLocator) {
					add(rules.Error, RulePURL, rp, p.SPDXID, fmt.Sprintf("%q is not a Package URL (pkg:type/namespace/name@version)", r.ReferenceLocator))
				}
			case "cpe23Type":
				hasID = true
				if !ident.CPE23(r.ReferenceLocator) {
					add(rules.Error, RuleCPE, rp, p.SPDXID, fmt.Sprintf("%q is not a CPE 2.3 formatted string", r.ReferenceLocator))
				}
			case "swid":
				hasID = true
			}
		}
		var sums []string
		for _, f := range byPkg[p.SPDXID] {
			if s, ok := spdx.FileChecksum(f, "SHA1"); ok {
				sums = append(sums, s)
			}
		}
		want := spdx.ComputeVerificationCode(sums)
		switch analyzed := p.FilesAnalyzed == nil || *p.FilesAnalyzed; {
		case p.PackageVerificationCode != nil:
			if !strings.EqualFold(p.PackageVerificationCode.Value, want) && len(p.PackageVerificationCode.ExcludedFiles) == 0 {
				add(rules.Error, RuleVerifCode, path+"/packageVerificationCode", p.SPDXID,
					fmt.Sprintf("the verification code is %s, but the %d files the package contains give %s", p.PackageVerificationCode.Value, len(sums), want))
			}
		case analyzed && len(byPkg[p.SPDXID]) > 0 && !opts.Fragment:
			// A fragment is exempt: CPython's Misc/sbom.spdx.json leaves
			// filesAnalyzed and the code to the release tools, which add both.
			how := "true"
			if p.FilesAnalyzed == nil {
				how = "absent (which means true)"
			}
			add(rules.Error, RuleVerifCode, path, p.SPDXID,
				fmt.Sprintf("the package contains %d files and filesAnalyzed is %s, so SPDX 2.3 requires a packageVerificationCode: add {\"packageVerificationCodeValue\": %q}, the code its files give, or set filesAnalyzed to false and move the files out of it",
					len(byPkg[p.SPDXID]), how, want))
		}
		// NTIA minimum elements, per package.
		sev := rules.Warning
		if opts.NTIA {
			sev = rules.Error
		}
		var missing []string
		if p.Supplier == "" || p.Supplier == "NOASSERTION" {
			missing = append(missing, "supplier")
		}
		if p.VersionInfo == "" {
			missing = append(missing, "version")
		}
		if !hasID {
			missing = append(missing, "a unique identifier (PURL, CPE or SWID)")
		}
		if !related[p.SPDXID] {
			missing = append(missing, "a dependency relationship")
		}
		if len(missing) > 0 && !opts.Fragment {
			add(sev, RuleNTIA, path, p.SPDXID, "NTIA minimum elements missing: "+strings.Join(missing, ", "))
		}
	}
	for i, f := range doc.Files {
		path := fmt.Sprintf("/files/%d", i)
		license(path, f.SPDXID, "licenseConcluded", f.LicenseConcluded)
		for j, l := range f.LicenseInfoInFiles {
			license(path, f.SPDXID, fmt.Sprintf("licenseInfoInFiles/%d", j), l)
		}
		checksums(path, f.SPDXID, f.Checksums)
		if cs := owners[f.SPDXID]; len(cs) > 1 {
			add(rules.Error, RuleContainedTwice, path, f.SPDXID, containedTwice(cs))
		}
	}

	if opts.Fragment {
		return
	}
	describedArtifact(doc, opts.Artifact, add)
	if ns := doc.DocumentNamespace; ns != "" {
		u, err := url.Parse(ns)
		if err != nil || !u.IsAbs() || u.Fragment != "" || strings.Contains(ns, "#") {
			add(rules.Error, RuleNamespace, "/documentNamespace", "", fmt.Sprintf("%q is not an absolute URI without a '#' part", ns))
		}
	}
	ntiaSev := rules.Warning
	if opts.NTIA {
		ntiaSev = rules.Error
	}
	if ci := doc.CreationInfo; ci != nil {
		if !createdRe().MatchString(ci.Created) {
			add(rules.Error, RuleTimestamp, "/creationInfo/created", "", fmt.Sprintf("%q is not YYYY-MM-DDThh:mm:ssZ", ci.Created))
		} else if t, err := time.Parse(time.RFC3339, ci.Created); err != nil {
			add(rules.Error, RuleTimestamp, "/creationInfo/created", "", fmt.Sprintf("%q is not a real time: %v", ci.Created, err))
		} else if t.After(time.Now().Add(24 * time.Hour)) {
			add(rules.Warning, RuleTimestamp, "/creationInfo/created", "", fmt.Sprintf("%q is in the future", ci.Created))
		}
		if len(ci.Creators) == 0 {
			add(ntiaSev, RuleNTIA, "/creationInfo/creators", "", "NTIA minimum elements missing: the SBOM's author")
		}
	}
}

// claim is one statement of the document that a package holds a file.
type claim struct {
	pkg  string // the package's SPDX ID
	path string // the JSON path of the statement
}

// packageFiles maps each package's SPDX ID to the files it holds, and each
// file's SPDX ID to the claims of the packages that hold it, one per package
// (its first), in package order. spdx.PackageFiles sees only CONTAINS, which
// is all CPython's tools write; SPDX 2.3 says the same with CONTAINED_BY and
// hasFiles, and a file held that way counts too.
func packageFiles(doc *spdx.Document) (map[string][]*spdx.File, map[string][]claim) {
	pkgAt := map[string]int{}
	for i, p := range doc.Packages {
		if _, dup := pkgAt[p.SPDXID]; !dup {
			pkgAt[p.SPDXID] = i
		}
	}
	fileAt := map[string]int{}
	for i, f := range doc.Files {
		if _, dup := fileAt[f.SPDXID]; !dup {
			fileAt[f.SPDXID] = i
		}
	}
	owners := map[string][]claim{}
	hold := func(pkg, file, path string) {
		_, isPkg := pkgAt[pkg]
		_, isFile := fileAt[file]
		if !isPkg || !isFile || slices.ContainsFunc(owners[file], func(c claim) bool { return c.pkg == pkg }) {
			return
		}
		owners[file] = append(owners[file], claim{pkg, path})
	}
	for i, r := range doc.Relationships {
		switch r.RelationshipType {
		case "CONTAINS":
			hold(r.SPDXElementID, r.RelatedSPDXElement, fmt.Sprintf("/relationships/%d", i))
		case "CONTAINED_BY":
			hold(r.RelatedSPDXElement, r.SPDXElementID, fmt.Sprintf("/relationships/%d", i))
		}
	}
	for i, p := range doc.Packages {
		for j, id := range p.HasFiles {
			hold(p.SPDXID, id, fmt.Sprintf("/packages/%d/hasFiles/%d", i, j))
		}
	}
	byPkg := map[string][]*spdx.File{}
	for i := range doc.Files {
		f := &doc.Files[i]
		if fileAt[f.SPDXID] != i {
			continue // a second file with the ID; unique-id reports it
		}
		cs := owners[f.SPDXID]
		slices.SortStableFunc(cs, func(a, b claim) int { return cmp.Compare(pkgAt[a.pkg], pkgAt[b.pkg]) })
		for _, c := range cs {
			byPkg[c.pkg] = append(byPkg[c.pkg], f)
		}
	}
	return byPkg, owners
}

// containedTwice says which packages claim one file. A file is in one package:
// two owners make its verification codes, licenses and "what ships this file"
// answers disagree.
func containedTwice(cs []claim) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.pkg+" ("+c.path+")")
	}
	list := strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	return fmt.Sprintf("the file is contained by %d packages, %s: keep it in the one package that ships it and remove the other CONTAINS, CONTAINED_BY or hasFiles entries", len(cs), list)
}

// describedArtifact checks that the package a document DESCRIBES is the
// artifact the document is the SBOM of, known from art or, without it, from
// a namespace named after the artifact (CPython's release SBOMs end in
// /Python-3.13.5.tgz.spdx.json). An SBOM that describes a bundled wheel
// instead of its tarball passes every other rule.
func describedArtifact(doc *spdx.Document, art *Artifact, add adder) {
	at := map[string]int{}
	for i, p := range doc.Packages {
		if _, dup := at[p.SPDXID]; !dup {
			at[p.SPDXID] = i
		}
	}
	isDescribed := map[int]bool{}
	var described []int
	describe := func(id string) {
		if i, ok := at[id]; ok && !isDescribed[i] {
			isDescribed[i] = true
			described = append(described, i)
		}
	}
	for _, id := range doc.DocumentDescribes {
		describe(id)
	}
	for _, r := range doc.Relationships {
		switch {
		case r.RelationshipType == "DESCRIBES" && r.SPDXElementID == "SPDXRef-DOCUMENT":
			describe(r.RelatedSPDXElement)
		case r.RelationshipType == "DESCRIBED_BY" && r.RelatedSPDXElement == "SPDXRef-DOCUMENT":
			describe(r.SPDXElementID)
		}
	}
	if len(described) == 0 {
		return
	}
	slices.Sort(described)
	if art != nil {
		describesFile(doc, described, isDescribed, art, add)
	} else {
		describesNamespace(doc, described, isDescribed, add)
	}
}

// describesFile checks the described packages against the artifact in hand:
// one of them must have its file name and SHA-256.
func describesFile(doc *spdx.Document, described []int, isDescribed map[int]bool, art *Artifact, add adder) {
	matches := func(p *spdx.Package) (name, sum bool) {
		s, ok := checksum(p.Checksums, "SHA256")
		return p.PackageFileName == art.Name, ok && strings.EqualFold(s, art.SHA256)
	}
	if slices.ContainsFunc(described, func(i int) bool {
		name, sum := matches(&doc.Packages[i])
		return name && sum
	}) {
		return
	}
	var carriers, owners []string
	for i, p := range doc.Packages {
		if isDescribed[i] {
			continue
		}
		switch name, sum := matches(&p); {
		case name && sum:
			carriers = append(carriers, p.SPDXID+" carries it")
			owners = append(owners, p.SPDXID)
		case name:
			carriers = append(carriers, p.SPDXID+" carries its file name")
		case sum:
			carriers = append(carriers, p.SPDXID+" carries its SHA256")
		}
	}
	var fix string
	switch {
	case len(owners) == 1:
		fix = "DESCRIBE " + owners[0] + " instead"
	case len(carriers) == 0:
		fix = "no package of the document carries it: DESCRIBE the artifact's package, or validate against the artifact this SBOM is for"
	default:
		fix = "DESCRIBE the package that is the artifact, with its packageFileName and SHA256 checksum"
	}
	for _, i := range described {
		p := &doc.Packages[i]
		var why []string
		switch p.PackageFileName {
		case art.Name:
		case "":
			why = append(why, "it has no packageFileName")
		default:
			why = append(why, fmt.Sprintf("its packageFileName is %q", p.PackageFileName))
		}
		switch s, ok := checksum(p.Checksums, "SHA256"); {
		case !ok:
			why = append(why, "it has no SHA256 checksum")
		case !strings.EqualFold(s, art.SHA256):
			why = append(why, "its SHA256 is "+s)
		}
		msg := fmt.Sprintf("the document DESCRIBES this package, but it is not the artifact %s (SHA256 %s): %s", art.Name, art.SHA256, strings.Join(why, " and "))
		parts := append(append([]string{msg}, carriers...), fix)
		add(rules.Error, RuleArtifact, fmt.Sprintf("/packages/%d", i), p.SPDXID, strings.Join(parts, "; "))
	}
}

// describesNamespace checks the described packages without the artifact: a
// package whose packageFileName the namespace is named after must be one of
// them, and a described package that names its file must carry a checksum
// for it.
func describesNamespace(doc *spdx.Document, described []int, isDescribed map[int]bool, add adder) {
	if name := namespaceArtifact(doc.DocumentNamespace); name != "" {
		var owners []string
		owned := false
		for i, p := range doc.Packages {
			if p.PackageFileName == name {
				owners = append(owners, p.SPDXID)
				owned = owned || isDescribed[i]
			}
		}
		if len(owners) > 0 && !owned {
			fix := "DESCRIBE " + owners[0] + " instead"
			if len(owners) > 1 {
				fix = "DESCRIBE the one of them that is the artifact"
			}
			for _, i := range described {
				add(rules.Error, RuleArtifact, fmt.Sprintf("/packages/%d", i), doc.Packages[i].SPDXID,
					fmt.Sprintf("the document DESCRIBES this package, but its namespace says it is the SBOM of %s, which is the packageFileName of %s: %s", name, strings.Join(owners, " and "), fix))
			}
		}
	}
	for _, i := range described {
		if p := &doc.Packages[i]; p.PackageFileName != "" && len(p.Checksums) == 0 {
			add(rules.Error, RuleArtifact, fmt.Sprintf("/packages/%d", i), p.SPDXID,
				fmt.Sprintf("the document DESCRIBES this package, the file %s, but it has no checksum to check the file against: add its SHA256", p.PackageFileName))
		}
	}
}

// namespaceArtifact is the artifact a namespace is named after,
// "Python-3.13.5.tgz" for .../Python-3.13.5.tgz.spdx.json, or "".
func namespaceArtifact(ns string) string {
	u, err := url.Parse(ns)
	if err != nil {
		return ""
	}
	base := u.Path[strings.LastIndex(u.Path, "/")+1:]
	name, ok := strings.CutSuffix(base, ".spdx.json")
	if !ok {
		return ""
	}
	return name
}

// checksum returns the value of a checksum for algorithm.
func checksum(cs []spdx.Checksum, algorithm string) (string, bool) {
	for _, c := range cs {
		if c.Algorithm == algorithm {
			return c.ChecksumValue, true
		}
	}
	return "", false
}
