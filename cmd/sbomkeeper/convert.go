package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

const convertHelp = `Usage: sbomkeeper convert [flags] DOC

Converts an SBOM between SPDX 2.3 JSON, CycloneDX JSON and SPDX 3.0.1
JSON-LD. The input's format is read from its content (SPDX 2.3, CycloneDX
1.5, 1.6 or 1.7, or SPDX 3.0.1: whatever validate reads; SPDX 2.2 is read as
2.3, which extends it, and other SPDX 2 versions are refused). By default
SPDX 2.3 becomes CycloneDX, and CycloneDX and SPDX 3 become SPDX 2.3.

CycloneDX is written as 1.6, also when the input was 1.7: Dependency-Track
and many other readers do not take 1.7 yet. CycloneDX 1.7 (the default of
syft 1.57 and cdxgen 12.8) is read; what 1.7 added that SPDX cannot hold is
listed as a loss like any other member.

In the CycloneDX written, the described package is metadata.component and
every other package and file is a top-level component, where syft,
osv-scanner and cdxgen look; CONTAINS is kept in properties. CycloneDX with
components nested (under metadata.component too) is read as well.

Everything the target format cannot carry is listed on stderr, one line per
member with its JSON path in the input; nothing is dropped silently. With
--strict such a loss makes the exit code 1. The mapping is in docs/cyclonedx.md
and docs/spdx3.md.

SPDX 2.3 and SPDX 3 need a creation time: a document without one (CPython's
Misc/sbom.spdx.json fragment, osv-scanner's CycloneDX, which has no
metadata.timestamp) takes SOURCE_DATE_EPOCH, else the current time. Any
other member the output format requires that the input lacks (name,
documentNamespace, dataLicense, creators) gets a stated default too. Each
default is listed on stderr like a loss, so the output validates and nothing
is made up silently.

Examples:
  sbomkeeper convert Python-3.13.5.tar.xz.spdx.json -o Python-3.13.5.tar.xz.cdx.json
  sbomkeeper convert --to spdx bom.cdx.json -o bom.spdx.json
  sbomkeeper convert --to spdx3 Misc/sbom.spdx.json

Exit 0 converted, 1 converted with losses under --strict or failed, 2 usage.

Flags:
`

func convertCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fset := newFlags("convert")
	fset.SetOutput(stderr)
	to := fset.String("to", "", "target format: cyclonedx, spdx or spdx3 (default: cyclonedx for SPDX 2.3, else spdx)")
	out := fset.String("o", "-", "output file; - is standard output")
	strict := fset.Bool("strict", false, "exit 1 when anything cannot be carried across")
	fset.Usage = func() { fmt.Fprint(stderr, convertHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "sbomkeeper convert: name one document (see sbomkeeper convert -h)")
		return exitUsage
	}
	in := fset.Arg(0)
	data, err := os.ReadFile(in)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper convert: %v\n", err)
		return exitUsage
	}
	doc, from, readLosses, err := convert.Read(in, data)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper convert: %v\n", err)
		return exitFindings
	}
	if from.Kind == sbomformat.SPDX2 && from.Version == "SPDX-2.2" {
		fmt.Fprintf(stderr, "sbomkeeper convert: %s: note: an SPDX 2.2 document, read as SPDX 2.3 (which extends 2.2)\n", in)
	}
	target := *to
	if target == "" {
		target = convert.CycloneDX
		if from.Kind == sbomformat.CycloneDX || from.Kind == sbomformat.SPDX3 {
			target = convert.SPDX
		}
	}
	formats, err := convert.ParseFormats(target)
	if err != nil || len(formats) != 1 {
		fmt.Fprintf(stderr, "sbomkeeper convert: --to takes one of spdx, cyclonedx, spdx3\n")
		return exitUsage
	}
	now, err := buildTime(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper convert: %v\n", err)
		return exitUsage
	}
	createdFrom := "the time of conversion"
	if getenv("SOURCE_DATE_EPOCH") != "" {
		createdFrom = "SOURCE_DATE_EPOCH"
	}
	b, writeLosses, err := convert.Write(doc, formats[0], convert.Options{Created: now(), CreatedFrom: createdFrom, Tool: "Tool: sbomkeeper-" + version()})
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper convert: %s: %v\n", in, err)
		return exitFindings
	}
	losses := append(readLosses, writeLosses...)
	for _, l := range losses {
		fmt.Fprintf(stderr, "sbomkeeper convert: %s: not carried to %s: %s\n", in, formats[0], l)
	}
	if *out == "-" {
		if _, err := stdout.Write(b); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper convert: %v\n", err)
			return exitFindings
		}
	} else if err := keep.WriteFile(*out, b); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper convert: %v\n", err)
		return exitFindings
	}
	if len(losses) > 0 {
		fmt.Fprintf(stderr, "sbomkeeper convert: %d member(s) of %s not carried to %s\n", len(losses), in, formats[0])
		if *strict {
			return exitFindings
		}
	}
	return exitOK
}
