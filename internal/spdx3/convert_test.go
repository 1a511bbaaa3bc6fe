package spdx3

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fragmentOpts are what a fragment without creationInfo needs.
var fragmentOpts = Options{
	Created:  time.Date(2025, 6, 11, 0, 0, 0, 0, time.UTC),
	Creators: []string{"Organization: Python Software Foundation"},
}

func parseFile(t testing.TB, path string) *spdx.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spdx.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func convertFile(t testing.TB, path string, opts Options) []byte {
	t.Helper()
	out, _, err := FromSPDX2(parseFile(t, path), opts)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// conforming converts doc twice (the bytes must agree) and fails the test
// unless the result passes the JSON schema and Check.
func conforming(t *testing.T, name string, doc *spdx.Document, opts Options) ([]byte, []Loss) {
	t.Helper()
	out, losses, err := FromSPDX2(doc, opts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	again, losses2, err := FromSPDX2(doc, opts)
	if err != nil || !bytes.Equal(out, again) || !slices.Equal(losses, losses2) {
		t.Fatalf("%s: a second conversion differs (err %v)", name, err)
	}
	schemaValid(t, name, out)
	for _, is := range Check(out) {
		t.Errorf("%s: %v", name, is)
	}
	return out, losses
}

// graph is a converted document read back for assertions.
type graph struct {
	nodes []map[string]any
	byID  map[string]map[string]any
}

func readGraph(t *testing.T, data []byte) graph {
	t.Helper()
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	g := graph{nodes: doc.Graph, byID: map[string]map[string]any{}}
	for _, n := range doc.Graph {
		if id, ok := n["spdxId"].(string); ok {
			g.byID[id] = n
		}
	}
	return g
}

func (g graph) ofType(typ string) []map[string]any {
	var out []map[string]any
	for _, n := range g.nodes {
		if n["type"] == typ {
			out = append(out, n)
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// facts lists what a package or file says, in one comparable form, so that the
// same list can be made from the SPDX 2.3 input and the SPDX 3 output.
func facts23(doc *spdx.Document) map[string][]string {
	out := map[string][]string{}
	add := func(id, f string) { out[id] = append(out[id], f) }
	for _, p := range doc.Packages {
		add(p.SPDXID, "name "+p.Name)
		if p.VersionInfo != "" {
			add(p.SPDXID, "version "+p.VersionInfo)
		}
		if p.DownloadLocation != "" && p.DownloadLocation != "NOASSERTION" && p.DownloadLocation != "NONE" {
			add(p.SPDXID, "download "+p.DownloadLocation)
		}
		if a, ok := parseActor(p.Supplier); ok {
			add(p.SPDXID, "supplier "+a.kind+" "+a.name)
		}
		if a, ok := parseActor(p.Originator); ok {
			add(p.SPDXID, "originator "+a.kind+" "+a.name)
		}
		for _, c := range p.Checksums {
			add(p.SPDXID, "hash "+checksumAlgorithms[c.Algorithm]+" "+c.ChecksumValue)
		}
		if p.PackageVerificationCode != nil {
			add(p.SPDXID, "pvc "+p.PackageVerificationCode.Value)
		}
		for _, r := range p.ExternalRefs {
			switch r.ReferenceType {
			case "purl":
				add(p.SPDXID, "purl "+r.ReferenceLocator)
			case "cpe23Type":
				add(p.SPDXID, "cpe23 "+r.ReferenceLocator)
			}
		}
		if p.LicenseConcluded != "" {
			add(p.SPDXID, "concluded "+p.LicenseConcluded)
		}
		if p.LicenseDeclared != "" {
			add(p.SPDXID, "declared "+p.LicenseDeclared)
		}
		if p.PrimaryPackagePurpose != "" {
			add(p.SPDXID, "purpose "+purposes[p.PrimaryPackagePurpose])
		}
	}
	for _, f := range doc.Files {
		add(f.SPDXID, "name "+f.FileName)
		for _, c := range f.Checksums {
			add(f.SPDXID, "hash "+checksumAlgorithms[c.Algorithm]+" "+c.ChecksumValue)
		}
		if f.LicenseConcluded != "" {
			add(f.SPDXID, "concluded "+f.LicenseConcluded)
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

func facts3(g graph, ns string) map[string][]string {
	out := map[string][]string{}
	license := func(ref string) string {
		switch ref {
		case NoAssertionLicense:
			return "NOASSERTION"
		case NoneLicense:
			return "NONE"
		}
		return g.byID[ref]["simplelicensing_licenseExpression"].(string)
	}
	idOf := func(iri string) string { return strings.TrimPrefix(iri, ns+"#") }
	for _, n := range g.nodes {
		typ := n["type"]
		if typ != "software_Package" && typ != "software_File" {
			continue
		}
		iri := n["spdxId"].(string)
		id := idOf(iri)
		if strings.HasPrefix(id, "packageFileName-") {
			continue // its facts belong to its package
		}
		add := func(f string) { out[id] = append(out[id], f) }
		add("name " + n["name"].(string))
		if v, ok := n["software_packageVersion"].(string); ok {
			add("version " + v)
		}
		if v, ok := n["software_downloadLocation"].(string); ok {
			add("download " + v)
		}
		if v, ok := n["suppliedBy"].(string); ok {
			a := g.byID[v]
			add("supplier " + a["type"].(string) + " " + a["name"].(string))
		}
		if v, ok := n["originatedBy"]; ok {
			for _, r := range strs(v) {
				a := g.byID[r]
				add("originator " + a["type"].(string) + " " + a["name"].(string))
			}
		}
		if v, ok := n["software_primaryPurpose"].(string); ok && typ == "software_Package" {
			add("purpose " + v)
		}
		integrity := func(n map[string]any) {
			vu, _ := n["verifiedUsing"].([]any)
			for _, x := range vu {
				h := x.(map[string]any)
				if h["type"] == "PackageVerificationCode" {
					add("pvc " + h["hashValue"].(string))
				} else {
					add("hash " + h["algorithm"].(string) + " " + h["hashValue"].(string))
				}
			}
		}
		integrity(n)
		if d, ok := g.byID[ns+"#packageFileName-"+id]; ok {
			integrity(d)
		}
		eis, _ := n["externalIdentifier"].([]any)
		for _, x := range eis {
			e := x.(map[string]any)
			switch e["externalIdentifierType"] {
			case "packageUrl":
				add("purl " + e["identifier"].(string))
			case "cpe23":
				add("cpe23 " + e["identifier"].(string))
			}
		}
		for _, r := range g.ofType("Relationship") {
			if r["from"] != iri {
				continue
			}
			switch r["relationshipType"] {
			case "hasConcludedLicense":
				add("concluded " + license(strs(r["to"])[0]))
			case "hasDeclaredLicense":
				if typ == "software_Package" {
					add("declared " + license(strs(r["to"])[0]))
				}
			}
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

// relationships23 lists the SPDX 2.3 relationships as the 3.0.1 triples they
// must become, and relationships3 the triples a graph has.
func relationships23(doc *spdx.Document, ns string) []string {
	iri := func(id string) string {
		switch id {
		case "NONE":
			return NoneElement
		case "NOASSERTION":
			return NoAssertionElement
		}
		return ns + "#" + id
	}
	var out []string
	for _, r := range doc.Relationships {
		m := relationshipMap[r.RelationshipType]
		from, to := iri(r.SPDXElementID), iri(r.RelatedSPDXElement)
		if m.swap {
			from, to = to, from
		}
		out = append(out, from+" "+m.typ+" "+to)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func relationships3(g graph, skip ...string) []string {
	var out []string
	for _, typ := range []string{"Relationship", "LifecycleScopedRelationship"} {
		for _, r := range g.ofType(typ) {
			if slices.Contains(skip, r["relationshipType"].(string)) {
				continue
			}
			for _, to := range strs(r["to"]) {
				out = append(out, r["from"].(string)+" "+r["relationshipType"].(string)+" "+to)
			}
		}
	}
	slices.Sort(out)
	return out
}

// counts of what must be carried across exactly.
type counts struct {
	Packages, Files, Versions, Purls, PackageURLs, CPEs, Hashes, VerificationCodes, Relationships int
}

func counts23(doc *spdx.Document) counts {
	var c counts
	c.Packages, c.Files, c.Relationships = len(doc.Packages), len(doc.Files), len(doc.Relationships)
	for _, p := range doc.Packages {
		if p.VersionInfo != "" {
			c.Versions++
		}
		c.Hashes += len(p.Checksums)
		if p.PackageVerificationCode != nil {
			c.VerificationCodes++
		}
		purls := 0
		for _, r := range p.ExternalRefs {
			switch r.ReferenceType {
			case "purl":
				purls++
			case "cpe23Type":
				c.CPEs++
			}
		}
		c.Purls += purls
		if purls == 1 {
			c.PackageURLs++
		}
	}
	for _, f := range doc.Files {
		c.Hashes += len(f.Checksums)
	}
	return c
}

func counts3(g graph, ns string) counts {
	var c counts
	for _, n := range g.nodes {
		switch n["type"] {
		case "software_Package":
			c.Packages++
			if _, ok := n["software_packageVersion"]; ok {
				c.Versions++
			}
			if _, ok := n["software_packageUrl"]; ok {
				c.PackageURLs++
			}
			eis, _ := n["externalIdentifier"].([]any)
			for _, x := range eis {
				switch x.(map[string]any)["externalIdentifierType"] {
				case "packageUrl":
					c.Purls++
				case "cpe23":
					c.CPEs++
				}
			}
		case "software_File":
			if !strings.HasPrefix(n["spdxId"].(string), ns+"#packageFileName-") {
				c.Files++
			}
		case "Relationship", "LifecycleScopedRelationship":
			switch n["relationshipType"] {
			case "hasConcludedLicense", "hasDeclaredLicense", "hasDistributionArtifact":
			default:
				c.Relationships++
			}
		}
		vu, _ := n["verifiedUsing"].([]any)
		for _, x := range vu {
			if x.(map[string]any)["type"] == "Hash" {
				c.Hashes++
			} else {
				c.VerificationCodes++
			}
		}
	}
	return c
}

func namespaceOf(g graph) string {
	doc := g.ofType("SpdxDocument")[0]
	ns, _, _ := strings.Cut(doc["spdxId"].(string), "#")
	return ns
}

// carried asserts that every package, file, version, PURL, CPE, hash and
// relationship of doc is in out, exactly.
func carried(t *testing.T, name string, doc *spdx.Document, out []byte) graph {
	t.Helper()
	g := readGraph(t, out)
	ns := namespaceOf(g)
	if d := diff(counts23(doc), counts3(g, ns)); d != "" {
		t.Errorf("%s: counts differ (-2.3 +3.0.1):\n%s", name, d)
	}
	if d := diff(facts23(doc), facts3(g, ns)); d != "" {
		t.Errorf("%s: facts differ (-2.3 +3.0.1):\n%s", name, d)
	}
	skip := []string{"hasConcludedLicense", "hasDeclaredLicense", "hasDistributionArtifact"}
	if d := diff(relationships23(doc, ns), relationships3(g, skip...)); d != "" {
		t.Errorf("%s: relationships differ (-2.3 +3.0.1):\n%s", name, d)
	}
	return g
}

func TestCPythonArtifactSBOMs(t *testing.T) {
	files, err := filepath.Glob("../../testdata/release-tools/*.spdx.json")
	if err != nil || len(files) != 5 {
		t.Fatalf("want the five CPython 3.13.5 artifact SBOMs, got %v (%v)", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := parseFile(t, f)
			out, losses := conforming(t, f, doc, Options{})
			g := carried(t, f, doc, out)
			// The only thing not carried: "filesAnalyzed": true on the
			// packages that list no file (pip's vendored projects in the
			// source tarballs), which 3.0 cannot say (it removed the property).
			withFiles := map[string]bool{}
			for _, r := range doc.Relationships {
				if r.RelationshipType == "CONTAINS" && strings.HasPrefix(r.RelatedSPDXElement, "SPDXRef-FILE-") {
					withFiles[r.SPDXElementID] = true
				}
			}
			var want []Loss
			for i, p := range doc.Packages {
				if p.FilesAnalyzed != nil && *p.FilesAnalyzed && !withFiles[p.SPDXID] {
					want = append(want, Loss{fmt.Sprintf("/packages/%d/filesAnalyzed", i), p.SPDXID, "filesAnalyzed is true, yet the package lists no file; SPDX 3 has no filesAnalyzed (removed in 3.0, Annex A.1) and shows only the files"})
				}
			}
			if d := diff(want, losses); d != "" {
				t.Errorf("losses (-want +got):\n%s", d)
			}
			if strings.HasPrefix(filepath.Base(f), "Python-") && (len(want) == 0 || len(want) >= 27) {
				t.Errorf("%d filesAnalyzed losses, want one per package without files", len(want))
			}
			// The document describes the CPython package, as the 2.3 one does.
			sd := g.ofType("SpdxDocument")[0]
			if got := strs(sd["rootElement"]); !slices.Equal(got, []string{doc.DocumentNamespace + "#SPDXRef-PACKAGE-cpython"}) {
				t.Errorf("rootElement %v", got)
			}
			// The artifact itself is the package's distribution artifact, with its hash.
			dist := g.byID[doc.DocumentNamespace+"#packageFileName-SPDXRef-PACKAGE-cpython"]
			if dist == nil || dist["name"] != strings.TrimSuffix(filepath.Base(f), ".spdx.json") {
				t.Errorf("distribution file %v", dist)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct{ in, golden string }{
		{"../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json", "python-3.13.5-embed-amd64.zip.spdx3.json"},
		{"testdata/spdx-2.3/SPDXJSONExample-v2.3.spdx.json", "SPDXJSONExample-v2.3.spdx3.json"},
	} {
		out := convertFile(t, tc.in, Options{})
		path := filepath.Join("testdata", "golden", tc.golden)
		if *update {
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, want) {
			t.Errorf("%s changed; if that is intended, run go test -run TestGolden -update and review the diff", path)
		}
	}
}

func TestSPDXExample(t *testing.T) {
	doc := parseFile(t, "testdata/spdx-2.3/SPDXJSONExample-v2.3.spdx.json")
	out, losses := conforming(t, "SPDX 2.3 example", doc, Options{})
	var got []string
	for _, l := range losses {
		got = append(got, l.String())
	}
	want := []string{
		"/annotations/0: annotations are not carried (SPDX 3 Annotation elements are not written)",
		"/annotations/1: annotations are not carried (SPDX 3 Annotation elements are not written)",
		"/annotations/2: annotations are not carried (SPDX 3 Annotation elements are not written)",
		"/snippets/0 (SPDXRef-Snippet): snippets are not carried (software_Snippet is not written)",
		"/packages/0/licenseInfoFromFiles (SPDXRef-Package): licenseInfoFromFiles has no SPDX 3 counterpart (removed in 3.0, Annex A.1: the files' declared licenses say it)",
		"/packages/0/annotations (SPDXRef-Package): annotations are not carried (SPDX 3 Annotation elements are not written)",
		"/files/0/fileContributors (SPDXRef-DoapSource): fileContributors has no SPDX 3.0.1 counterpart",
		"/files/1/noticeText (SPDXRef-CommonsLangSrc): noticeText has no SPDX 3.0.1 counterpart",
		"/files/1/fileContributors (SPDXRef-CommonsLangSrc): fileContributors has no SPDX 3.0.1 counterpart",
		"/files/2/fileContributors (SPDXRef-JenaLib): fileContributors has no SPDX 3.0.1 counterpart",
		"/files/4/noticeText (SPDXRef-File): noticeText has no SPDX 3.0.1 counterpart",
		"/files/4/fileContributors (SPDXRef-File): fileContributors has no SPDX 3.0.1 counterpart",
		"/files/4/annotations (SPDXRef-File): annotations are not carried (SPDX 3 Annotation elements are not written)",
		"/relationships/3 (SPDXRef-CommonsLangSrc): SPDXRef-CommonsLangSrc GENERATED_FROM NOASSERTION not carried: as generates it would start at NOASSERTION, and completeness is about `to`",
	}
	if d := diff(want, got); d != "" {
		t.Errorf("losses (-want +got):\n%s", d)
	}

	g := readGraph(t, out)
	ns := "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301"
	// documentDescribes: both roots, and a describes relationship each.
	sd := g.ofType("SpdxDocument")[0]
	if got := strs(sd["rootElement"]); !slices.Equal(got, []string{ns + "#SPDXRef-File", ns + "#SPDXRef-Package"}) {
		t.Errorf("rootElement %v", got)
	}
	rels := relationships3(g)
	for _, want := range []string{
		ns + "#SPDXRef-DOCUMENT describes " + ns + "#SPDXRef-File",
		ns + "#SPDXRef-DOCUMENT describes " + ns + "#SPDXRef-Package",
		// COPY_OF an element of another document: swapped, and imported.
		"http://spdx.org/spdxdocs/spdx-tools-v1.2-3F2504E0-4F89-41D3-9A0C-0305E82C3301#SPDXRef-ToolsElement copiedTo " + ns + "#SPDXRef-DOCUMENT",
		// GENERATED_FROM swaps into generates.
		ns + "#SPDXRef-fromDoap-0 generates " + ns + "#SPDXRef-File",
		// SPECIFICATION_FOR: every to is a specification for from.
		ns + "#SPDXRef-fromDoap-0 hasSpecification " + ns + "#SPDXRef-Specification",
		ns + "#SPDXRef-Package hasDynamicLink " + ns + "#SPDXRef-Saxon",
		// hasFiles becomes contains.
		ns + "#SPDXRef-Package contains " + ns + "#SPDXRef-JenaLib",
		// licenseInfoInFiles is what the file declares.
		ns + "#SPDXRef-File hasDeclaredLicense expandedlicensing_NoAssertionLicense",
	} {
		if !slices.Contains(rels, want) && !strings.HasSuffix(want, "NoAssertionLicense") {
			t.Errorf("missing relationship %s", want)
		}
	}
	imports := fmt.Sprint(sd["import"])
	for _, want := range []string{"spdx-tools-v1.2-3F2504E0-4F89-41D3-9A0C-0305E82C3301#SPDXRef-DOCUMENT", "d6a770ba38583ed4bb4525bd96e50461655d2759", "#SPDXRef-ToolsElement"} {
		if !strings.Contains(imports, want) {
			t.Errorf("import lacks %s: %s", want, imports)
		}
	}
	// Custom licenses: a text element each, which expressions map to.
	texts := g.ofType("simplelicensing_SimpleLicensingText")
	if len(texts) != 5 {
		t.Errorf("%d SimpleLicensingText elements, want 5", len(texts))
	}
	for _, le := range g.ofType("simplelicensing_LicenseExpression") {
		expr := le["simplelicensing_licenseExpression"].(string)
		if le["simplelicensing_licenseListVersion"] != "3.17.0" {
			t.Errorf("%s: licenseListVersion %v, want 3.17.0", expr, le["simplelicensing_licenseListVersion"])
		}
		if strings.Contains(expr, "LicenseRef-3") && !strings.Contains(fmt.Sprint(le["simplelicensing_customIdToUri"]), ns+"#LicenseRef-3") {
			t.Errorf("%s: LicenseRef-3 not mapped: %v", expr, le["simplelicensing_customIdToUri"])
		}
	}
	// A tool and two people/organizations made it.
	ci := g.nodes[0]
	if len(strs(ci["createdBy"])) != 2 || len(strs(ci["createdUsing"])) != 1 {
		t.Errorf("creationInfo %v", ci)
	}
	// fileTypes: SOURCE is a purpose, DOCUMENTATION too.
	if f := g.byID[ns+"#SPDXRef-Specification"]; f["software_primaryPurpose"] != "documentation" || f["software_fileKind"] != "file" {
		t.Errorf("SPDXRef-Specification %v", f)
	}
	// licenseComments is the comment of the concluded license relationship.
	found := false
	for _, r := range g.ofType("Relationship") {
		if r["from"] == ns+"#SPDXRef-Saxon" && r["relationshipType"] == "hasConcludedLicense" {
			found = r["comment"] == "Other versions available for a commercial license"
		}
	}
	if !found {
		t.Error("licenseComments of SPDXRef-Saxon not on its hasConcludedLicense relationship")
	}
}

func TestCPythonFragment(t *testing.T) {
	doc := parseFile(t, "testdata/cpython-3.13.5/Misc-sbom.spdx.json")
	out, losses := conforming(t, "Misc/sbom.spdx.json", doc, fragmentOpts)
	if len(losses) != 0 {
		t.Errorf("losses: %v", losses)
	}
	g := carried(t, "Misc/sbom.spdx.json", doc, out)
	canonical, err := spdx.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if ns := namespaceOf(g); ns != "https://spdx.org/spdxdocs/sbomkeeper/"+fmt.Sprintf("%x", sha256.Sum256(canonical)) {
		t.Errorf("derived namespace %s", ns)
	}
	ci := g.nodes[0]
	if ci["created"] != "2025-06-11T00:00:00Z" {
		t.Errorf("created %v", ci["created"])
	}
	// No DESCRIBES: the packages nothing else relates to are the roots.
	roots := strs(g.ofType("SpdxDocument")[0]["rootElement"])
	if len(roots) != len(doc.Packages) {
		t.Errorf("rootElement %v, want the %d packages", roots, len(doc.Packages))
	}

	// An explicit namespace wins over the derived one; SOURCE_DATE_EPOCH stands
	// in for Options.Created.
	opts := Options{Namespace: "https://www.python.org/sbom/3.13.5", Creators: fragmentOpts.Creators,
		Getenv: func(k string) string { return map[string]string{"SOURCE_DATE_EPOCH": "1749600000"}[k] }}
	out, _ = conforming(t, "Misc/sbom.spdx.json with options", doc, opts)
	g = readGraph(t, out)
	if namespaceOf(g) != opts.Namespace || g.nodes[0]["created"] != "2025-06-11T00:00:00Z" {
		t.Errorf("namespace %s, created %v", namespaceOf(g), g.nodes[0]["created"])
	}
}

// With SBOMKEEPER_CPYTHON_TREE set (CI sets it), the fragments in the tree
// convert too: Misc/sbom.spdx.json and Misc/externals.spdx.json.
func TestCPythonTree(t *testing.T) {
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE is not set")
	}
	for _, name := range []string{"Misc/sbom.spdx.json", "Misc/externals.spdx.json"} {
		doc := parseFile(t, filepath.Join(tree, name))
		out, losses := conforming(t, name, doc, fragmentOpts)
		carried(t, name, doc, out)
		if len(losses) != 0 {
			t.Errorf("%s: losses %v", name, losses)
		}
	}
}

// Every SPDX 2.3 document in the repository converts to a conforming graph.
func TestRepositoryDocuments(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/*/*.spdx.json")
	files = append(files, "../../sbom.spdx.json")
	for _, f := range files {
		if strings.Contains(f, "release-tools") {
			continue // TestCPythonArtifactSBOMs
		}
		doc := parseFile(t, f)
		out, _ := conforming(t, f, doc, fragmentOpts)
		carried(t, f, doc, out)
	}
}

func TestErrors(t *testing.T) {
	doc := func(edit func(d *spdx.Document)) *spdx.Document {
		d := parseFile(t, "../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json")
		edit(d)
		return d
	}
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		name string
		doc  *spdx.Document
		opts Options
		want string
	}{
		{"no created", doc(func(d *spdx.Document) { d.CreationInfo.Created = "" }), Options{Getenv: noEnv}, "set SOURCE_DATE_EPOCH or Options.Created"},
		{"bad created", doc(func(d *spdx.Document) { d.CreationInfo.Created = "yesterday" }), Options{}, `creationInfo.created "yesterday"`},
		{"bad SOURCE_DATE_EPOCH", doc(func(d *spdx.Document) { d.CreationInfo.Created = "" }), Options{Getenv: func(string) string { return "soon" }}, `SOURCE_DATE_EPOCH="soon"`},
		{"no creators", doc(func(d *spdx.Document) { d.CreationInfo.Creators = nil }), Options{}, "pass Options.Creators"},
		{"bad option creator", doc(func(d *spdx.Document) { d.CreationInfo.Creators = nil }), Options{Creators: []string{"Bob"}}, `Options.Creators: "Bob"`},
		{"namespace with #", doc(func(d *spdx.Document) { d.DocumentNamespace = "https://example.org/a#b" }), Options{}, "without '#'"},
		{"relative namespace", doc(func(d *spdx.Document) { d.DocumentNamespace = "sbom" }), Options{}, "absolute IRI"},
		{"data license", doc(func(d *spdx.Document) { d.DataLicense = "MIT" }), Options{}, `dataLicense "MIT"`},
		{"bad document ID", doc(func(d *spdx.Document) { d.SPDXID = "DOC" }), Options{}, `SPDXID "DOC"`},
		{"nothing to describe", &spdx.Document{CreationInfo: &spdx.CreationInfo{Created: "2024-01-01T00:00:00Z", Creators: []string{"Tool: x"}}}, Options{}, "rootElement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := FromSPDX2(tc.doc, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// Edge cases of the mapping, each on the smallest document that shows it.
func TestMappingEdges(t *testing.T) {
	base := `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"t",
"documentNamespace":"https://example.org/t","creationInfo":{"created":"2024-05-06T07:08:09Z","creators":["Tool: t-1"]},
"packages":[%s],"files":[%s],"relationships":[%s]}`
	for _, tc := range []struct {
		name                 string
		packages, files, rel string
		losses               []string
		has                  []string // substrings of the output
		hasNot               []string
	}{
		{
			name:     "tool-only creators become a SoftwareAgent",
			packages: `{"SPDXID":"SPDXRef-a","name":"a"}`,
			has:      []string{`"type": "SoftwareAgent"`, `"createdUsing": [`},
		},
		{
			name:     "NONE download location is a loss, NOASSERTION is silence",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NONE","homepage":"NOASSERTION"}`,
			losses:   []string{"/packages/0/downloadLocation (SPDXRef-a): NONE (there is none) cannot be said in SPDX 3.0.1; the property is left out"},
			hasNot:   []string{"software_downloadLocation", "software_homePage"},
		},
		{
			name:     "unknown checksum algorithm and short value",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","checksums":[{"algorithm":"SHA999","checksumValue":"00"},{"algorithm":"SHA1","checksumValue":"abc"}]}`,
			losses: []string{
				`/packages/0/checksums/0 (SPDXRef-a): checksum algorithm "SHA999" is not one of SPDX 2.3's`,
				`/packages/0/checksums/1 (SPDXRef-a): SHA1 checksum "abc" is not 40 hex digits`,
			},
		},
		{
			name:     "two purls: identifiers, no packageUrl",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:pypi/a@1"},{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:github/x/a@1"}]}`,
			has:      []string{`"identifier": "pkg:pypi/a@1"`, `"identifier": "pkg:github/x/a@1"`},
			hasNot:   []string{"software_packageUrl"},
		},
		{
			name:     "gitoid is a content identifier, advisory an external ref",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","externalRefs":[{"referenceCategory":"PERSISTENT-ID","referenceType":"gitoid","referenceLocator":"gitoid:blob:sha1:261eeb9e9f8b2b4b0d119366dda99c6fd7d35c64"},{"referenceCategory":"SECURITY","referenceType":"advisory","referenceLocator":"https://example.org/adv"}]}`,
			has:      []string{`"software_contentIdentifierType": "gitoid"`, `"externalRefType": "securityAdvisory"`},
		},
		{
			// Issue 11, item 6: OTHER references were dropped as having "no
			// SPDX 3.0.1 counterpart"; 3.0.1 has vcs, documentation,
			// releaseNotes, ... and other.
			name: "OTHER external references: 3.0.1 names, CycloneDX spellings, other",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","externalRefs":[
{"referenceCategory":"OTHER","referenceType":"vcs","referenceLocator":"https://github.com/a/a.git"},
{"referenceCategory":"OTHER","referenceType":"documentation","referenceLocator":"https://a.example/docs","comment":"the manual"},
{"referenceCategory":"OTHER","referenceType":"release-notes","referenceLocator":"https://a.example/news"},
{"referenceCategory":"OTHER","referenceType":"issue-tracker","referenceLocator":"https://a.example/bugs"},
{"referenceCategory":"OTHER","referenceType":"LocationRef-acmeforge","referenceLocator":"acmecorp/acmenator/4.1.3-alpha","comment":"forge"}]}`,
			has: []string{
				`"externalRefType": "vcs",
          "locator": [
            "https://github.com/a/a.git"`,
				`"externalRefType": "documentation",
          "locator": [
            "https://a.example/docs"
          ],
          "comment": "the manual"`,
				`"externalRefType": "releaseNotes"`,
				`"externalRefType": "issueTracker"`,
				`"externalRefType": "other",
          "locator": [
            "acmecorp/acmenator/4.1.3-alpha"
          ],
          "comment": "SPDX 2.3 referenceType: LocationRef-acmeforge\nforge"`,
			},
		},
		{
			name:     "unknown types of the other categories are losses",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","externalRefs":[{"referenceCategory":"SECURITY","referenceType":"vcs","referenceLocator":"x"}]}`,
			losses:   []string{"/packages/0/externalRefs/0 (SPDXRef-a): external reference SECURITY vcs has no SPDX 3.0.1 counterpart: 3.0.1 has no such type in this category"},
		},
		{
			name:     "scoped dependency, swapped",
			packages: `{"SPDXID":"SPDXRef-a","name":"a"},{"SPDXID":"SPDXRef-b","name":"b"}`,
			rel:      `{"spdxElementId":"SPDXRef-b","relationshipType":"BUILD_DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-a"}`,
			has:      []string{`"type": "LifecycleScopedRelationship"`, `"from": "https://example.org/t#SPDXRef-a"`, `"scope": "build"`},
		},
		{
			name:     "NONE target: complete",
			packages: `{"SPDXID":"SPDXRef-a","name":"a"}`,
			rel:      `{"spdxElementId":"SPDXRef-a","relationshipType":"DEPENDS_ON","relatedSpdxElement":"NONE"}`,
			has:      []string{`"NoneElement"`, `"completeness": "complete"`},
		},
		{
			name:     "unknown relationship type and dangling reference",
			packages: `{"SPDXID":"SPDXRef-a","name":"a"}`,
			rel:      `{"spdxElementId":"SPDXRef-a","relationshipType":"LIKES","relatedSpdxElement":"SPDXRef-a"},{"spdxElementId":"SPDXRef-a","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-gone"}`,
			losses: []string{
				`/relationships/0 (SPDXRef-a): relationship type "LIKES" has no SPDX 3.0.1 counterpart`,
				`/relationships/1 (SPDXRef-a): SPDXRef-a CONTAINS SPDXRef-gone not carried: SPDXRef-gone is not an element carried from this document`,
			},
		},
		{
			name:     "duplicate and malformed IDs",
			packages: `{"SPDXID":"SPDXRef-a","name":"a"},{"SPDXID":"SPDXRef-a","name":"a2"},{"SPDXID":"a b","name":"c"},{"SPDXID":"SPDXRef-n"}`,
			losses: []string{
				"/packages/1 (SPDXRef-a): package not carried: SPDXID SPDXRef-a is used twice",
				`/packages/2 (a b): package not carried: SPDXID "a b" is not SPDXRef- and letters, digits, '.' or '-'`,
				"/packages/3 (SPDXRef-n): package not carried: it has no name, which SPDX 3.0.1 requires",
			},
		},
		{
			name:   "file types: purpose, media type, and what has neither",
			files:  `{"SPDXID":"SPDXRef-f","fileName":"./a.png","fileTypes":["SOURCE","ARCHIVE","BINARY","TEXT","IMAGE"],"checksums":[{"algorithm":"SHA1","checksumValue":"da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}`,
			has:    []string{`"software_primaryPurpose": "source"`, `"software_additionalPurpose": [`, `"contentType": "application/octet-stream"`},
			losses: []string{"/files/0/fileTypes/3 (SPDXRef-f): fileType TEXT not carried: contentType application/octet-stream is already set and holds one media type", `/files/0/fileTypes/4 (SPDXRef-f): fileType "IMAGE" has no SPDX 3.0.1 purpose or IANA media type`},
		},
		{
			name:     "unknown members are losses",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","x-vendor":1,"versionInfo":5}`,
			losses: []string{
				`/packages/0/versionInfo (SPDXRef-a): member "versionInfo" is not carried: it has no SPDX 3.0.1 mapping here, or its value is not of the SPDX 2.3 type`,
				`/packages/0/x-vendor (SPDXRef-a): member "x-vendor" is not carried: it has no SPDX 3.0.1 mapping here, or its value is not of the SPDX 2.3 type`,
			},
		},
		{
			name:     "times",
			packages: `{"SPDXID":"SPDXRef-a","name":"a","releaseDate":"2024-01-02T03:04:05Z","builtDate":"2024-01-02"}`,
			has:      []string{`"releaseTime": "2024-01-02T03:04:05Z"`},
			losses:   []string{`/packages/0/builtDate (SPDXRef-a): "2024-01-02" is not YYYY-MM-DDThh:mm:ssZ`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := spdx.Parse([]byte(fmt.Sprintf(base, tc.packages, tc.files, tc.rel)))
			if err != nil {
				t.Fatal(err)
			}
			out, losses := conforming(t, tc.name, doc, Options{})
			var got []string
			for _, l := range losses {
				got = append(got, l.String())
			}
			if d := diff(tc.losses, got); d != "" {
				t.Errorf("losses (-want +got):\n%s", d)
			}
			for _, s := range tc.has {
				if !bytes.Contains(out, []byte(s)) {
					t.Errorf("output lacks %s", s)
				}
			}
			for _, s := range tc.hasNot {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("output has %s", s)
				}
			}
		})
	}
}

func TestCreatedNormalised(t *testing.T) {
	doc := parseFile(t, "../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json")
	doc.CreationInfo.Created = "2024-01-02T03:04:05.678+01:00"
	out, losses := conforming(t, "offset", doc, Options{})
	if !bytes.Contains(out, []byte(`"created": "2024-01-02T02:04:05Z"`)) {
		t.Error("created not normalised to UTC")
	}
	if len(losses) != 1 || losses[0].Path != "/creationInfo/created" {
		t.Errorf("losses %v", losses)
	}
}

// diff describes how got differs from want, line by line of their JSON forms:
// "-" lines only want has, "+" lines only got has; "" when they are equal.
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) || (isEmpty(want) && isEmpty(got)) {
		return ""
	}
	lines := func(v any) []string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return strings.Split(string(b), "\n")
	}
	w, g := lines(want), lines(got)
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("-" + l + "\n")
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+" + l + "\n")
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order or count)\n"
	}
	return b.String()
}

func isEmpty(v any) bool {
	r := reflect.ValueOf(v)
	return !r.IsValid() || (r.Kind() == reflect.Slice || r.Kind() == reflect.Map) && r.Len() == 0
}
