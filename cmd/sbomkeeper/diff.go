package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/diff"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const diffHelp = `Usage: sbomkeeper diff [flags] OLD NEW

Compares two SBOMs: packages added, removed and changed (version, checksums,
licenses, CPE/PURL, supplier, verification code), and the files each package
gained, lost or changed. --format markdown gives a table for release notes.

Each document may be SPDX 2.3 JSON (2.2 is read as 2.3, with a note),
CycloneDX 1.5/1.6/1.7 JSON or SPDX 3.0.1 JSON-LD, told from the content as validate does, so an SPDX SBOM can be
compared with its CycloneDX or SPDX 3 rendering. Any JSON that is not an SBOM
of these formats is refused. A supplier, license or download location of
NOASSERTION equals an absent one (SPDX 3 and CycloneDX cannot say
NOASSERTION).

Packages are paired by identity, not by SPDX ID or bom-ref (which differ
between formats and tools): the PURL when both have one, else the CPE, else
the name; a version bump is a change of the package. PURLs follow the PURL
spec's case rules: the type always, and for pypi, npm, golang, github and the
other types the spec makes case-insensitive the namespace and name, ignore
case (pypi also reads _ as -); maven, cargo and the rest are case-sensitive.
A PURL spelled differently shows as a changed purl. Several packages of one
identity in a document (two vendored copies of one release) stay apart,
paired by version and files, else in order. Files are compared by name and
checksum within their package.

Exit 0 when the documents describe the same packages and files, 1 when they
differ, 2 when a document cannot be read or on usage errors.

Flags:
`

func diffCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("diff")
	fset.SetOutput(stderr)
	format := fset.String("format", "text", "text, json or markdown")
	fset.Usage = func() { fmt.Fprint(stderr, diffHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() != 2 {
		fmt.Fprintln(stderr, "sbomkeeper diff: name the OLD and the NEW document")
		return exitUsage
	}
	var docs [2]*spdx.Document
	for i, p := range fset.Args() {
		doc, err := readSBOM(p)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper diff: %v\n", err)
			return exitUsage
		}
		if doc.SPDXVersion == "SPDX-2.2" {
			fmt.Fprintf(stderr, "sbomkeeper diff: note: %s is an SPDX 2.2 document, read as SPDX 2.3 (which extends 2.2), as validate reads it\n", p)
		}
		docs[i] = doc
	}
	r := diff.Compare(docs[0], docs[1])
	switch *format {
	case "text":
		io.WriteString(stdout, diff.Text(r))
	case "markdown":
		io.WriteString(stdout, diff.Markdown(r))
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r)
	default:
		fmt.Fprintf(stderr, "sbomkeeper diff: --format %q: want text, json or markdown\n", *format)
		return exitUsage
	}
	if r.Empty() {
		return exitOK
	}
	return exitFindings
}

// diffReads is what every read error ends with: what diff expected.
const diffReads = "diff compares SBOMs in SPDX 2.3 JSON, CycloneDX 1.5-1.7 JSON or SPDX 3.0.1 JSON-LD (the format is told from the content); name the SBOM files themselves"

// readSBOM reads an SBOM in any format convert reads into the SPDX 2.3
// model. A JSON file that is no SBOM, or an SPDX 2 document of another
// version, is an error rather than an empty document: diffing it would
// report every package as added or removed.
func readSBOM(path string) (*spdx.Document, error) {
	data, err := safefile.Read(path, safefile.MaxSBOM)
	if err != nil {
		return nil, err
	}
	doc, f, _, err := convert.Read(path, data)
	if err != nil {
		return nil, fmt.Errorf("%w\n  %s", err, diffReads)
	}
	if f.Kind == sbomformat.SPDX2 && f.Version != "SPDX-2.3" && f.Version != "SPDX-2.2" {
		return nil, fmt.Errorf("%s: spdxVersion %q: want \"SPDX-2.3\" (or \"SPDX-2.2\", read as 2.3)\n  %s", path, f.Version, diffReads)
	}
	return doc, nil
}
