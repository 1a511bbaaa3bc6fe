package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

const validateHelp = `Usage: sbomkeeper validate [flags] DOC...

Checks SBOMs (and OpenVEX), telling the format from the content. In every
format the JSON text comes first (json-text): a member name repeated in one
object (a reader keeps the last value and loses the earlier), bytes that are
not UTF-8 and lone UTF-16 surrogate escapes such as \ud800 (a reader makes
them U+FFFD) are errors naming the line, column and JSON pointer; the other
rules then see the document as such a reader does. regen, check, convert,
diff, verify and vex add refuse such a document outright.

  SPDX 2.3 JSON: the official JSON schema (the SPDX 2.3.1 revision, which also
  accepts spellings such as PACKAGE_MANAGER; what only the 2.3 schema rejects
  is reported as a note), unique IDs, relationships that name existing
  elements, license expressions against the SPDX license list 3.25.0 and the
  IDs 3.28.0 added (CycloneDX 1.7's list: FSL-1.1-MIT and others), checksum
  lengths, PURL and CPE 2.3 syntax, verification codes (present when a package
  with filesAnalyzed true or absent contains files, and right), no file
  contained by two packages (contained-twice), namespace and timestamp forms,
  and the NTIA minimum elements per package (warnings; errors with --profile
  ntia). A relationship stated twice (same element, type and related
  element) is a warning (duplicate-relationship).

  described-artifact: the package the document DESCRIBES must be the artifact.
  With --artifact FILE, it must have FILE's base name as packageFileName and
  FILE's SHA-256 as a SHA256 checksum. Without it, when the namespace ends in
  NAME.spdx.json (as CPython's release SBOMs do) and a package has the
  packageFileName NAME, that package must be the described one; and a
  described package with a packageFileName must have a checksum.

  CycloneDX 1.5, 1.6 and 1.7 JSON: the official schema of the declared
  version (formats asserted; 1.7.1 for 1.7), unique bom-refs, dependencies
  naming existing components, hash lengths, PURL, CPE, license IDs (against
  the declared version's list) and expressions, serial number and timestamp
  forms, and the NTIA minimum elements per component. sbomkeeper itself
  writes CycloneDX 1.6 (convert, artifact --format, the also list), because
  Dependency-Track and many readers do not take 1.7 yet.

  SPDX 3.0.1 JSON-LD: the official JSON schema, then the model rules it
  cannot express: unique IRIs, references that resolve to the right class,
  relationship shapes, hash lengths, creation info, one SpdxDocument, and
  the NTIA minimum elements per package, as for the other formats.

  OpenVEX 0.2.0 (told by its @context, https://openvex.dev/ns/v0.2.0): the
  official schema, then what it cannot check (its draft 2020-12 does not
  assert formats): RFC 3339 timestamps, absolute IRIs, PURL and CPE syntax,
  hash lengths, a product in every statement, and what each status needs:
  not_affected a justification or an impact_statement, affected an
  action_statement. See docs/vex.md; sbomkeeper vex add writes such documents.

Each finding names the element (SPDX ID, bom-ref or spdxId) and its JSON path.

--fragment accepts parts of documents without creation info, name, namespace
and data license, such as CPython's Misc/sbom.spdx.json. In a fragment a
missing verification code is not an error, and described-artifact is not
checked.

--artifact FILE checks every DOC against FILE (SPDX 2.3 documents only;
others get a note), e.g. validate --artifact Python-3.13.5.tgz
Python-3.13.5.tgz.spdx.json.

Exit 0 when no document has an error, 1 otherwise, 2 on usage errors.

Flags:
`

func validateCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("validate")
	fset.SetOutput(stderr)
	format := fset.String("format", "text", "findings as text, json or sarif")
	fragment := fset.Bool("fragment", false, "the documents are fragments (no creation info by design)")
	profile := fset.String("profile", "", `"ntia" makes missing NTIA minimum elements errors`)
	artifactPath := fset.String("artifact", "", "the `FILE` the documents are the SBOMs of: the package they DESCRIBE must have its name and SHA-256")
	fset.Usage = func() { fmt.Fprint(stderr, validateHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() == 0 || !validFormat(*format) || (*profile != "" && *profile != "ntia") {
		fmt.Fprintln(stderr, "sbomkeeper validate: name at least one document (--format text, json or sarif; --profile ntia)")
		return exitUsage
	}
	if *artifactPath != "" && *fragment {
		fmt.Fprintln(stderr, "sbomkeeper validate: --artifact and --fragment do not go together: a fragment is not checked for what it DESCRIBES")
		return exitUsage
	}
	opts := validate.Options{Fragment: *fragment, NTIA: *profile == "ntia"}
	if *artifactPath != "" {
		sum, err := digest.FileSHA256(*artifactPath)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper validate: the artifact: %v\n", err)
			return exitUsage
		}
		opts.Artifact = &validate.Artifact{Name: filepath.Base(*artifactPath), SHA256: sum}
	}
	var all []rules.Finding
	var verdicts []string
	for _, p := range fset.Args() {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper validate: %v\n", err)
			return exitUsage
		}
		fs, f, err := validate.Document(p, data, opts)
		if err != nil {
			fs = []rules.Finding{{Rule: validate.RuleSchema, Severity: rules.Error, File: p, Message: err.Error()}}
		}
		all = append(all, fs...)
		verdicts = append(verdicts, verdict(p, f, fs, opts))
	}
	summary := report.Summary{Command: "validate", Notes: verdicts, Root: "."}
	if err := report.Render(stdout, *format, summary, all, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper validate: %v\n", err)
		return exitFindings
	}
	if rules.Failed(all) {
		return exitFindings
	}
	return exitOK
}

// verdict is the line that ends a document's report, so that a run with only
// notes still says whether the document passed, and what it was checked as.
func verdict(name string, f sbomformat.Format, fs []rules.Finding, opts validate.Options) string {
	var n [3]int
	for _, x := range fs {
		n[x.Severity]++
	}
	counts := plural(n[rules.Error], "error") + ", " + plural(n[rules.Warning], "warning") + ", " + plural(n[rules.Note], "note")
	if n[rules.Error] > 0 {
		return fmt.Sprintf("%s: not valid %s (%s)", report.Printable(name), formatName(f), counts)
	}
	profile := ""
	switch {
	case opts.NTIA && opts.Fragment:
		profile = " fragment; the NTIA minimum elements are not checked in a fragment"
	case opts.NTIA:
		profile = ", with the NTIA minimum elements"
	case opts.Fragment:
		profile = " fragment"
	}
	return fmt.Sprintf("%s: valid %s%s (%s)", report.Printable(name), formatName(f), profile, counts)
}

// formatName is how people write the format: "SPDX 2.3", "CycloneDX 1.6".
func formatName(f sbomformat.Format) string {
	v := strings.TrimPrefix(f.Version, "SPDX-")
	switch f.Kind {
	case sbomformat.Unknown:
		return "SBOM"
	case sbomformat.SPDX2, sbomformat.SPDX3:
		if v != "" {
			return "SPDX " + v
		}
	}
	return strings.TrimSpace(f.Kind.String() + " " + v)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
