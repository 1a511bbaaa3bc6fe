package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sbomkeeper/sbomkeeper/internal/diff"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const diffHelp = `Usage: sbomkeeper diff [flags] OLD NEW

Compares two SPDX JSON documents: packages added, removed and changed (version,
checksums, licenses, CPE/PURL, supplier, verification code), and the files each
package gained, lost or changed. --format markdown gives a table for release notes.
Exit 0 when the documents describe the same packages and files, 1 when they differ.

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
		data, err := os.ReadFile(p)
		if err == nil {
			docs[i], err = spdx.Parse(data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper diff: %s: %v\n", p, err)
			return exitUsage
		}
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
