package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/openvex"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const vexHelp = `Usage: sbomkeeper vex add --sbom SBOM --package PKG... --vuln ID --status STATUS [flags] -o FILE.openvex.json

Writes an OpenVEX 0.2.0 statement about packages of an SBOM: that they are
not_affected by a vulnerability (and why), affected (and what to do about it),
fixed, or under_investigation. If FILE does not exist it is created; if it
does, the statement is added after the ones it has, which are kept as they
are, its version goes up by one and last_updated is set. Readers apply the
latest statement for each product and vulnerability, so a later statement
overrides an earlier one (sbomkeeper scan --vex FILE).

Each --package is found in --sbom (SPDX 2.3 or CycloneDX) by SPDX ID
(SPDXRef-...), PURL (pkg:..., compared as the PURL specification normalises
it) or name; a name that several packages have is an error that lists them.
The statement names each package by its PURL, as @id and identifiers.purl: a
package without a PURL cannot be named, add one to the SBOM first. For an SPDX 2.3 SBOM with a documentNamespace, the package's SPDX
element (NAMESPACE#SPDXID) is added as a subcomponent, so that a reader can
tell which of several packages with one PURL the statement was made about.

What each status needs, as the OpenVEX specification requires:
  not_affected          --justification LABEL, one of
                          component_not_present
                          vulnerable_code_not_present
                          vulnerable_code_not_in_execute_path
                          vulnerable_code_cannot_be_controlled_by_adversary
                          inline_mitigations_already_exist
                        (or only --impact TEXT, which tools cannot act on);
                        --impact TEXT says why, for people
  affected              --action TEXT: how to remediate or mitigate
  fixed                 nothing more
  under_investigation   nothing more

--vuln is the vulnerability's ID (CVE-..., GHSA-..., PYSEC-..., GO-...);
give every other ID it is known by with --alias, so that a scanner matching
any of them finds the statement.

The output is deterministic: timestamps are SOURCE_DATE_EPOCH (else the
current time), a new document's @id is
https://openvex.dev/docs/public/vex-<SHA-256 of its statements>, the JSON is
canonical, checked as validate would check it, and written atomically (temp
file, rename). Adding what the latest statements for the products already say
writes nothing.

Example: CPython 3.11.2's bundled pip vendors setuptools 44.0.0, but only its
pkg_resources, so PYSEC-2022-43012 (in setuptools.package_index) does not
apply:

  sbomkeeper vex add --sbom Misc/sbom.spdx.json \
    --package SPDXRef-PACKAGE-pip-setuptools \
    --vuln PYSEC-2022-43012 --alias CVE-2022-40897 --alias GHSA-r9hx-vwmv-q579 \
    --status not_affected --justification vulnerable_code_not_present \
    --impact "pip vendors pkg_resources only; setuptools.package_index is absent" \
    --author "Jane Doe <jane@example.org>" -o Misc/cpython.openvex.json

Check a document with 'sbomkeeper validate FILE.openvex.json'. See docs/vex.md.

Exit 0 written or unchanged, 1 not written (a package not in the SBOM or
without a PURL, an existing FILE that is not valid OpenVEX, a result that
would not be), 2 usage.

Flags:
`

// listFlag collects a repeated flag's values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func vexCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		// Like every command's -h: the text on stderr, exit 0 when asked for.
		fmt.Fprint(stderr, strings.TrimSuffix(vexHelp, "Flags:\n"))
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] != "add" {
		fmt.Fprintf(stderr, "sbomkeeper vex: unknown subcommand %q; the subcommand is add (see sbomkeeper vex -h)\n", args[0])
		return exitUsage
	}
	fset := newFlags("vex add")
	fset.SetOutput(stderr)
	sbomPath := fset.String("sbom", "", "the SBOM whose packages the statement is about")
	var pkgs, aliases listFlag
	fset.Var(&pkgs, "package", "a package of the SBOM, by SPDX ID, PURL or name (repeatable)")
	vuln := fset.String("vuln", "", "the vulnerability's ID")
	fset.Var(&aliases, "alias", "another ID of the vulnerability (repeatable)")
	status := fset.String("status", "", "not_affected, affected, fixed or under_investigation")
	justification := fset.String("justification", "", "why not_affected (a label, see above)")
	impact := fset.String("impact", "", "impact_statement: why not_affected, in words")
	action := fset.String("action", "", "action_statement: what to do, for affected")
	notes := fset.String("notes", "", "status_notes: how the status was determined")
	author := fset.String("author", "", "who makes the statements (needed to create FILE; an existing FILE keeps its author)")
	role := fset.String("role", "", "the author's role (new documents)")
	out := fset.String("o", "", "the OpenVEX document to create or extend")
	format := fset.String("format", "text", "findings about an existing FILE as text, json or sarif")
	fset.Usage = func() { fmt.Fprint(stderr, vexHelp); fset.PrintDefaults() }
	if err := fset.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %s (see sbomkeeper vex -h)\n", msg)
		return exitUsage
	}
	st := openvex.Statement{
		Vulnerability:   openvex.Vulnerability{Name: strings.TrimSpace(*vuln), Aliases: vexAliases(*vuln, aliases)},
		Status:          openvex.Status(*status),
		StatusNotes:     *notes,
		Justification:   openvex.Justification(*justification),
		ImpactStatement: *impact,
		ActionStatement: *action,
	}
	switch {
	case fset.NArg() > 0:
		return usage(fmt.Sprintf("unexpected argument %q", fset.Arg(0)))
	case *sbomPath == "" || len(pkgs) == 0 || st.Vulnerability.Name == "" || *status == "" || *out == "":
		return usage("--sbom, --package, --vuln, --status and -o are needed")
	case *out == "-":
		return usage("-o names the file to create or extend; standard output is not one")
	case !validFormat(*format):
		return usage("--format takes text, json or sarif")
	}
	if msg := statusUsage(st); msg != "" {
		return usage(msg)
	}
	now, err := buildTime(getenv)
	if err != nil {
		return usage(err.Error())
	}

	data, err := safefile.Read(*sbomPath, safefile.MaxSBOM)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
		return exitFindings
	}
	sbom, f, _, err := convert.Read(*sbomPath, data)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
		return exitFindings
	}
	namespace := ""
	if f.Kind == sbomformat.SPDX2 {
		namespace = sbom.DocumentNamespace
	}
	products, errs := vexProducts(*sbomPath, sbom, namespace, pkgs)
	for _, e := range errs {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %s\n", e)
	}
	if len(errs) > 0 {
		return exitFindings
	}
	st.Products = products

	var doc *openvex.Document
	existing, err := safefile.Read(*out, safefile.MaxSmall) // the bound scan --vex reads it with
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if *author == "" {
			return usage(*out + " does not exist yet: --author is needed to create it")
		}
		doc, err = openvex.New(openvex.Meta{Author: *author, Role: *role, Tooling: "sbomkeeper vex"}, now(), st)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
			return exitFindings
		}
	case err != nil:
		fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
		return exitFindings
	default:
		old, findings, err := openvex.Read(*out, existing)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper vex add: %v; not changed\n", err)
			return exitFindings
		}
		if rules.Failed(findings) {
			report.Render(stdout, *format, report.Summary{Command: "vex"}, findings, version())
			fmt.Fprintf(stderr, "sbomkeeper vex add: %s is not valid OpenVEX 0.2.0; not changed (fix it, then add the statement)\n", *out)
			return exitFindings
		}
		// Warnings and notes about the document as it was are reported
		// with those about the result, below, where they appear again.
		if (*author != "" && *author != old.Author) || (*role != "" && *role != old.Role) {
			fmt.Fprintf(stderr, "sbomkeeper vex add: note: %s keeps its author %q and role %q; --author and --role only name those of a new document\n", *out, old.Author, old.Role)
		}
		if said(old, st) {
			fmt.Fprintf(stderr, "sbomkeeper vex add: %s already says this about %s; unchanged\n", *out, productList(st))
			return exitOK
		}
		doc = openvex.Append(old, now(), st)
	}
	b, err := openvex.Marshal(doc)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
		return exitFindings
	}
	// What the SBOM says goes into the document as it is (a malformed PURL,
	// say): check the result, and write nothing invalid.
	findings := openvex.Check(*out, b)
	if len(findings) > 0 {
		report.Render(stdout, *format, report.Summary{Command: "vex"}, findings, version())
	}
	if rules.Failed(findings) {
		fmt.Fprintf(stderr, "sbomkeeper vex add: the document would not be valid OpenVEX 0.2.0; %s not written\n", *out)
		return exitFindings
	}
	if err := keep.WriteFile(*out, b); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper vex add: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stderr, "sbomkeeper vex add: %s version %d: %s %s for %s\n", *out, doc.Version, st.Vulnerability.Name, st.Status, productList(st))
	return exitOK
}

// vexAliases are the --alias values without blanks, repeats and the name.
func vexAliases(name string, aliases []string) []string {
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a != "" && !strings.EqualFold(a, strings.TrimSpace(name)) && !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, a) }) {
			out = append(out, a)
		}
	}
	return out
}

// statusUsage says what the flags lack for the status, or "".
func statusUsage(st openvex.Statement) string {
	if !slices.Contains(openvex.Statuses, st.Status) {
		return fmt.Sprintf("--status %q is not one of not_affected, affected, fixed, under_investigation", st.Status)
	}
	if st.Justification != "" && !slices.Contains(openvex.Justifications, st.Justification) {
		return fmt.Sprintf("--justification %q is not an OpenVEX label (component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist)", st.Justification)
	}
	switch {
	case st.Status == openvex.NotAffected && st.Justification == "" && st.ImpactStatement == "":
		return "--status not_affected needs --justification (and, for people, --impact)"
	case st.Status != openvex.NotAffected && st.Justification != "":
		return "--justification explains not_affected only"
	case st.Status == openvex.Affected && st.ActionStatement == "":
		return "--status affected needs --action: how to remediate or mitigate"
	}
	return ""
}

// vexProducts finds each --package in the SBOM and names it by PURL, one
// product per distinct PURL, with the SPDX elements as subcomponents when
// the SBOM has a namespace to make IRIs of them. Every package that cannot
// be found or named is an error, all reported at once.
func vexProducts(sbomPath string, sbom *spdx.Document, namespace string, wanted []string) ([]openvex.Product, []string) {
	var products []openvex.Product
	var errs []string
	index := map[string]int{} // PURL -> products index
	for _, w := range wanted {
		found := findPackages(sbom, w)
		switch {
		case len(found) == 0:
			errs = append(errs, fmt.Sprintf("%s has no package %q (by SPDX ID, PURL or name)", sbomPath, w))
			continue
		case len(found) > 1 && !strings.HasPrefix(w, "pkg:"):
			var alts []string
			for _, p := range found {
				alts = append(alts, fmt.Sprintf("%s (%s %s)", p.SPDXID, p.Name, p.VersionInfo))
			}
			errs = append(errs, fmt.Sprintf("%s has %d packages named %q: %s; name one by its SPDX ID", sbomPath, len(found), w, strings.Join(alts, ", ")))
			continue
		}
		for _, p := range found {
			purl := packagePURL(p)
			if purl == "" {
				errs = append(errs, fmt.Sprintf("%s: package %s (%s) has no PURL, so a statement cannot name it; add a purl externalRef to it", sbomPath, p.SPDXID, p.Name))
				continue
			}
			i, ok := index[purl]
			if !ok {
				i = len(products)
				index[purl] = i
				products = append(products, openvex.Product{Component: openvex.Component{ID: purl, Identifiers: &openvex.Identifiers{PURL: purl}}})
			}
			if namespace != "" {
				sub := openvex.Component{ID: namespace + "#" + p.SPDXID}
				if !slices.ContainsFunc(products[i].Subcomponents, func(c openvex.Component) bool { return c.ID == sub.ID }) {
					products[i].Subcomponents = append(products[i].Subcomponents, sub)
				}
			}
		}
	}
	return products, errs
}

// findPackages are the SBOM's packages with the SPDX ID, PURL or name w.
func findPackages(sbom *spdx.Document, w string) []*spdx.Package {
	var out []*spdx.Package
	for i := range sbom.Packages {
		p := &sbom.Packages[i]
		var hit bool
		switch {
		case strings.HasPrefix(w, "SPDXRef-"):
			hit = p.SPDXID == w
		case strings.HasPrefix(w, "pkg:"):
			for _, r := range p.ExternalRefs {
				hit = hit || r.ReferenceType == "purl" && openvex.SamePURL(r.ReferenceLocator, w)
			}
		default:
			hit = p.Name == w
		}
		if hit {
			out = append(out, p)
		}
	}
	return out
}

func packagePURL(p *spdx.Package) string {
	for _, r := range p.ExternalRefs {
		if r.ReferenceType == "purl" && r.ReferenceLocator != "" {
			return r.ReferenceLocator
		}
	}
	return ""
}

// said reports whether doc's latest statements for each of st's products
// already say what st says, so that adding st would change nothing.
func said(doc *openvex.Document, st openvex.Statement) bool {
	ix := openvex.NewIndex(doc)
	for _, p := range st.Products {
		old, ok := ix.Lookup(p.ID, st.Vulnerability.Name, st.Vulnerability.Aliases)
		if !ok || old.Status != st.Status || old.Justification != st.Justification || old.ImpactStatement != st.ImpactStatement ||
			old.ActionStatement != st.ActionStatement || old.StatusNotes != st.StatusNotes ||
			!slices.Equal(old.Vulnerability.Aliases, st.Vulnerability.Aliases) || old.Vulnerability.Name != st.Vulnerability.Name {
			return false
		}
	}
	return true
}

func productList(st openvex.Statement) string {
	var ids []string
	for _, p := range st.Products {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}
