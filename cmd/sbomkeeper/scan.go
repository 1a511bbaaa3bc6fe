package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/scan"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const scanHelp = `Usage: sbomkeeper scan --osv PATH [--osv PATH]... [--vex FILE]... [flags] SBOM...

Matches every package of each SBOM (SPDX 2.3 or CycloneDX 1.5-1.7 JSON)
against OSV vulnerability records on disk, and applies OpenVEX statements.

Offline, always: scan never uses the network and has no mode that does.
Get the data yourself (docs/scan.md), for example a clone of
github.com/pypa/advisory-database (give its vulns/ directory), of
github.com/golang/vulndb (data/osv/), of rustsec/advisory-db (branch osv),
or OSV's per-ecosystem all.zip exports. --osv takes a directory tree of
JSON or YAML records (hidden directories are skipped), a zip of JSON
records, or one record; give it once per source. A record that breaks the
OSV schema is refused with its file and field, and the scan stops (exit 2):
a half-read database would report less than it holds.

Packages are matched by the PURL in their external references: pypi
(PEP 440 versions, normalised: 2022.09.24 is 2022.9.24), golang, cargo and
npm (SemVer). Both versions lists and SEMVER/ECOSYSTEM ranges are used;
withdrawn records are ignored; records naming each other (id or aliases)
are one vulnerability. A package the data cannot cover (only a CPE, a PURL
type without an OSV ecosystem, no version, an ecosystem no record is about)
is listed as not checked, with the count: no finding does not mean safe.

Loading reads and checks every record on each run; --cache DIR keeps the
checked records of each source there (a source whose files' names, sizes
or modification times changed is read again), which makes loading the
whole PyPA and Go databases several times faster.

--vex applies OpenVEX documents: for each package and vulnerability the
latest statement about the package's PURL and any of the vulnerability's
IDs decides. not_affected and fixed suppress the match (listed with the
justification), affected and under_investigation keep it.

--format cyclonedx writes the SBOM as CycloneDX 1.6 with a vulnerabilities
list (Dependency-Track imports it), VEX outcomes in analysis; it takes one
SBOM. sarif is for code scanning, json for scripts.

Exit 0 when no package is affected after VEX, 1 when some package is, 2 on
usage errors, unreadable SBOMs, OSV data or VEX documents.

Flags:
`

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func scanCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlags("scan")
	fset.SetOutput(stderr)
	var osvPaths, vexPaths multi
	fset.Var(&osvPaths, "osv", "OSV data: a directory of JSON/YAML records, a zip of JSON records, or a record (repeatable)")
	fset.Var(&vexPaths, "vex", "OpenVEX document to apply (repeatable)")
	format := fset.String("format", "text", "text, json, sarif or cyclonedx")
	cacheDir := fset.String("cache", "", "keep the checked records of each --osv directory or zip in this directory, reused while the source's files are unchanged")
	fset.Usage = func() { fmt.Fprint(stderr, scanHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "sbomkeeper scan: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case fset.NArg() == 0:
		return fail("name the SBOM files to scan (see sbomkeeper scan -h)")
	case len(osvPaths) == 0:
		return fail("give the OSV data with --osv PATH; scan never downloads it (see docs/scan.md)")
	case !slices.Contains(scan.Formats, *format):
		return fail("--format %q: want one of %s", *format, strings.Join(scan.Formats, ", "))
	case *format == "cyclonedx" && fset.NArg() != 1:
		return fail("--format cyclonedx writes one BOM: name one SBOM")
	}

	type input struct {
		name string
		doc  *spdx.Document
	}
	var inputs []input
	bad := false
	for _, p := range fset.Args() {
		doc, losses, err := readSBOMFile(p)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper scan: %v\n", err)
			bad = true
			continue
		}
		for _, l := range losses { // a member not read may name a package not scanned
			fmt.Fprintf(stderr, "sbomkeeper scan: %s: not read, so not scanned: %s\n", p, report.Printable(l.String()))
		}
		inputs = append(inputs, input{p, doc})
	}
	recs, errs := osv.LoadCached(ctx, osvPaths, *cacheDir)
	for _, err := range errs {
		fmt.Fprintf(stderr, "sbomkeeper scan: %s\n", report.Printable(err.Error()))
	}
	var vex scan.Suppressor
	if len(vexPaths) > 0 {
		v, verrs := loadVEX(vexPaths)
		for _, err := range verrs {
			fmt.Fprintf(stderr, "sbomkeeper scan: %s\n", report.Printable(err.Error()))
		}
		bad = bad || len(verrs) > 0
		vex = v
	}
	if bad || len(errs) > 0 {
		if len(errs) > 0 {
			fmt.Fprintf(stderr, "sbomkeeper scan: %d problems in the OSV data; nothing was scanned (fix or remove those records)\n", len(errs))
		}
		return exitUsage
	}
	db := scan.NewDB(recs)
	data := scan.DataOf(db, osvPaths)
	var results []scan.Result
	affected := false
	for _, in := range inputs {
		r := scan.Scan(in.name, in.doc, db, vex)
		affected = affected || r.Affected()
		results = append(results, r)
	}
	var err error
	switch *format {
	case "text":
		err = scan.Text(stdout, data, results)
	case "json":
		err = scan.JSON(stdout, data, results)
	case "sarif":
		err = scan.SARIF(stdout, results, version(), "https://github.com/sbomkeeper/sbomkeeper/blob/main/docs/scan.md")
	case "cyclonedx":
		var bom []byte
		var losses []convert.Loss
		bom, losses, err = convert.Write(inputs[0].doc, "cyclonedx", convert.Options{Tool: "Tool: sbomkeeper-" + version()})
		for _, l := range losses {
			fmt.Fprintf(stderr, "not carried into CycloneDX: %s\n", report.Printable(l.String()))
		}
		if err == nil {
			bom, err = scan.AddVulnerabilities(bom, results[0])
		}
		if err == nil {
			_, err = stdout.Write(bom)
		}
	}
	if err != nil {
		return fail("%v", err)
	}
	if affected {
		return exitFindings
	}
	return exitOK
}

// readSBOMFile reads any SBOM convert reads, bounded like every SBOM read.
// The losses are what the SPDX 2.3 model could not hold.
func readSBOMFile(path string) (*spdx.Document, []convert.Loss, error) {
	data, err := safefile.Read(path, safefile.MaxSBOM)
	if err != nil {
		return nil, nil, err
	}
	doc, _, losses, err := convert.Read(path, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w\n  scan reads SPDX 2.3 JSON, CycloneDX 1.5-1.7 JSON and SPDX 3.0.1 JSON-LD; name the SBOM file itself", err)
	}
	return doc, losses, nil
}
