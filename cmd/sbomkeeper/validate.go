package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/validate"
)

const validateHelp = `Usage: sbomkeeper validate [flags] DOC...

Checks SBOMs, telling the format from the content:

  SPDX 2.3 JSON: the official JSON schema (the SPDX 2.3.1 revision, which also
  accepts spellings such as PACKAGE_MANAGER; what only the 2.3 schema rejects
  is reported as a note), unique IDs, relationships that name existing
  elements, license expressions against the SPDX license list 3.25.0, checksum
  lengths, PURL and CPE 2.3 syntax, verification codes, namespace and
  timestamp forms, and the NTIA minimum elements per package (warnings; errors
  with --profile ntia).

  CycloneDX 1.5 and 1.6 JSON: the official schema of the declared version
  (formats asserted), unique bom-refs, dependencies naming existing
  components, hash lengths, PURL, CPE, license expressions, serial number and
  timestamp forms, and the NTIA minimum elements per component.

  SPDX 3.0.1 JSON-LD: the official JSON schema, then the model rules it
  cannot express: unique IRIs, references that resolve to the right class,
  relationship shapes, hash lengths, creation info, one SpdxDocument.

Each finding names the element (SPDX ID, bom-ref or spdxId) and its JSON path.

--fragment accepts parts of documents without creation info, name, namespace
and data license, such as CPython's Misc/sbom.spdx.json.

Exit 0 when no document has an error, 1 otherwise, 2 on usage errors.

Flags:
`

func validateCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("validate")
	fset.SetOutput(stderr)
	format := fset.String("format", "text", "findings as text, json or sarif")
	fragment := fset.Bool("fragment", false, "the documents are fragments (no creation info by design)")
	profile := fset.String("profile", "", `"ntia" makes missing NTIA minimum elements errors`)
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
	var all []rules.Finding
	for _, p := range fset.Args() {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper validate: %v\n", err)
			return exitUsage
		}
		fs, _, err := validate.Document(p, data, validate.Options{Fragment: *fragment, NTIA: *profile == "ntia"})
		if err != nil {
			all = append(all, rules.Finding{Rule: validate.RuleSchema, Severity: rules.Error, File: p, Message: err.Error()})
			continue
		}
		all = append(all, fs...)
	}
	summary := report.Summary{Command: "validate"}
	if err := report.Render(stdout, *format, summary, all, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper validate: %v\n", err)
		return exitFindings
	}
	if rules.Failed(all) {
		return exitFindings
	}
	return exitOK
}
