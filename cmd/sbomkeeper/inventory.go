package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/inventory"
	"github.com/sbomkeeper/sbomkeeper/internal/osv"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/scan"
)

const inventoryHelp = `Usage: sbomkeeper inventory <add|query|diff|list|scan> [flags] ...

Keeps many SBOMs in one store and answers questions across them.

  inventory add [--db DB] DOC...
      store SPDX 2.3, CycloneDX 1.5-1.7 and SPDX 3.0.1 documents whole, keyed
      by their SHA-256 (the same bytes twice change nothing), indexing their
      packages, versions, PURLs, CPEs, files and checksums
  inventory query [--db DB] --package NAME|--purl PURL [--version RANGE]
      the stored documents and packages of that name (without case) or PURL
      (its version, qualifiers and subpath ignored) whose version is in
      RANGE: bounds such as '<2.6.3' or '>=2.0,<2.6.3' (<, <=, >, >=, =, !=),
      ordered as the package's PURL type says (PEP 440 for pypi, SemVer for
      golang, npm and cargo) and dotted-numerically otherwise (2.6.10 >
      2.6.9, 1.1.1t > 1.1.1, 2.0rc1 < 2.0). Packages whose version cannot be
      ordered are listed as not compared, never dropped.
  inventory query [--db DB] --sha256 HEX
      the stored documents with a file (or package) of that SHA-256
  inventory diff [--db DB] DOC_A DOC_B
      what changed from stored document A to B, as 'sbomkeeper diff' says it;
      name a document by its SHA-256 (or 8+ leading hex digits), the file
      name it was added as, or its document name
  inventory list [--db DB]
      the stored documents
  inventory scan [--db DB] --osv PATH... [--vex FILE]... [--cache DIR]
      'sbomkeeper scan' over every stored document: OSV data on disk, never
      the network, OpenVEX applied; --format text, json or sarif

--db is the path of an SQLite file (created when missing; default
sbomkeeper-inventory.db) or a postgres://USER@HOST:PORT/DB URL. --format is
text, json or csv (scan: text, json or sarif). See docs/inventory.md.

Exit codes: 0 ok (a query that matches nothing is ok too), 1 diff found
changes or scan found an affected package, 2 usage error, OSV or VEX data
that cannot be read, a document that cannot be read or stored, or a
database error.
`

func inventoryCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stderr
		if len(args) > 0 {
			w = stdout
		}
		fmt.Fprint(w, inventoryHelp)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	fset := newFlags("inventory " + sub)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, inventoryHelp, "\nFlags:\n"); fset.PrintDefaults() }
	db := fset.String("db", "sbomkeeper-inventory.db", "SQLite file or postgres:// URL of the store")
	format := fset.String("format", "text", "text, json or csv")
	var pkg, purl, rng, sha *string
	var osvPaths, vexPaths multi
	var cacheDir *string
	if sub == "scan" {
		fset.Var(&osvPaths, "osv", "OSV data: a directory of JSON/YAML records, a zip of JSON records, or a record (repeatable)")
		fset.Var(&vexPaths, "vex", "OpenVEX document to apply (repeatable)")
		cacheDir = fset.String("cache", "", "keep the checked records of each --osv source in this directory (see scan -h)")
	}
	if sub == "query" {
		pkg = fset.String("package", "", "package name (compared without case)")
		purl = fset.String("purl", "", "package URL (version, qualifiers and subpath ignored)")
		rng = fset.String("version", "", "version range, such as '<2.6.3' or '>=2.0,<2.6.3'")
		sha = fset.String("sha256", "", "SHA-256 of a file: which documents contain it")
	}
	switch sub {
	case "add", "query", "diff", "list", "scan":
	default:
		fmt.Fprintf(stderr, "sbomkeeper inventory: unknown subcommand %q: want add, query, diff, list or scan\n", sub)
		return exitUsage
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	formats := inventory.Formats
	if sub == "scan" {
		formats = []string{"text", "json", "sarif"}
	}
	if !slices.Contains(formats, *format) {
		fmt.Fprintf(stderr, "sbomkeeper inventory %s: --format %q: want %s\n", sub, *format, strings.Join(formats, ", "))
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "sbomkeeper inventory %s: %v\n", sub, err)
		return exitUsage
	}
	// Check the arguments before opening (and so creating) a store.
	var query inventory.PackageQuery
	switch sub {
	case "add":
		if fset.NArg() == 0 {
			return fail(errors.New("name the SBOM documents to add"))
		}
	case "diff":
		if fset.NArg() != 2 {
			return fail(errors.New("name the two stored documents to compare: DOC_A DOC_B"))
		}
	case "scan":
		if len(osvPaths) == 0 {
			return fail(errors.New("give the OSV data with --osv PATH; scan never downloads it (see docs/scan.md)"))
		}
		fallthrough
	case "list":
		if fset.NArg() != 0 {
			return fail(fmt.Errorf("unexpected argument %q", fset.Arg(0)))
		}
	case "query":
		if fset.NArg() != 0 {
			return fail(fmt.Errorf("unexpected argument %q: give the package with --package or --purl", fset.Arg(0)))
		}
		n := 0
		for _, s := range []string{*pkg, *purl, *sha} {
			if s != "" {
				n++
			}
		}
		if n != 1 {
			return fail(errors.New("give exactly one of --package NAME, --purl PURL or --sha256 HEX"))
		}
		if *sha != "" && *rng != "" {
			return fail(errors.New("--version goes with --package or --purl, not --sha256"))
		}
		r, err := inventory.ParseRange(*rng)
		if err != nil {
			return fail(fmt.Errorf("--version: %w", err))
		}
		query = inventory.PackageQuery{Name: *pkg, PURL: *purl, Range: r}
	}
	s, err := inventory.Open(ctx, *db)
	if err != nil {
		return fail(err)
	}
	defer s.Close()
	switch sub {
	case "add":
		return inventoryAdd(ctx, s, fset.Args(), *format, stdout, stderr)
	case "list":
		docs, err := s.List(ctx)
		if err != nil {
			return fail(err)
		}
		if err := inventory.WriteList(stdout, *format, docs); err != nil {
			return fail(err)
		}
	case "query":
		if *sha != "" {
			r, err := s.SHA256(ctx, *sha)
			if err != nil {
				return fail(err)
			}
			if err := inventory.WriteFiles(stdout, *format, r); err != nil {
				return fail(err)
			}
			return exitOK
		}
		r, err := s.Packages(ctx, query)
		if err != nil {
			return fail(err)
		}
		if err := inventory.WritePackages(stdout, *format, r); err != nil {
			return fail(err)
		}
	case "scan":
		return inventoryScan(ctx, s, osvPaths, vexPaths, *cacheDir, *format, stdout, stderr)
	case "diff":
		r, err := s.Diff(ctx, fset.Arg(0), fset.Arg(1))
		if err != nil {
			return fail(err)
		}
		if err := inventory.WriteDiff(stdout, *format, r); err != nil {
			return fail(err)
		}
		if !r.Result.Empty() {
			return exitFindings
		}
	}
	return exitOK
}

// inventoryAdd stores every document it can and reports every one it
// cannot, then fails if any failed.
func inventoryAdd(ctx context.Context, s *inventory.Store, paths []string, format string, stdout, stderr io.Writer) int {
	var results []inventory.AddResult
	failed := 0
	for _, p := range paths {
		data, err := safefile.Read(p, safefile.MaxSBOM)
		if err == nil {
			var doc inventory.Doc
			doc, err = inventory.Read(p, data)
			if err == nil {
				var r inventory.AddResult
				if r, err = s.Add(ctx, doc); err == nil {
					results = append(results, r)
				}
			}
		}
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "sbomkeeper inventory add: %v\n", err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	if err := inventory.WriteAdded(stdout, format, results); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper inventory add: %v\n", err)
		return exitUsage
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "sbomkeeper inventory add: %d of %d document(s) not stored\n", failed, len(paths))
		return exitUsage
	}
	return exitOK
}

// inventoryScan scans every stored document as scan scans files: the OSV
// data and VEX documents are read and checked first, and any problem in
// them stops the run before anything is scanned.
func inventoryScan(ctx context.Context, s *inventory.Store, osvPaths, vexPaths []string, cacheDir, format string, stdout, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "sbomkeeper inventory scan: "+format+"\n", a...)
		return exitUsage
	}
	recs, errs := osv.LoadCached(ctx, osvPaths, cacheDir)
	for _, err := range errs {
		fmt.Fprintf(stderr, "sbomkeeper inventory scan: %s\n", report.Printable(err.Error()))
	}
	var vex scan.Suppressor
	bad := false
	if len(vexPaths) > 0 {
		v, verrs := loadVEX(vexPaths)
		for _, err := range verrs {
			fmt.Fprintf(stderr, "sbomkeeper inventory scan: %s\n", report.Printable(err.Error()))
		}
		bad = len(verrs) > 0
		vex = v
	}
	if bad || len(errs) > 0 {
		return fail("the OSV data or VEX documents have the problems above; nothing was scanned (fix or remove them)")
	}
	docs, err := s.List(ctx)
	if err != nil {
		return fail("%v", err)
	}
	db := scan.NewDB(recs)
	var results []scan.Result
	affected, unread := false, 0
	for _, d := range docs {
		doc, err := s.Document(ctx, d.DocRef)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper inventory scan: %v\n", err)
			unread++
			continue
		}
		r := scan.Scan(d.Source+" ("+d.SHA256[:12]+")", doc, db, vex)
		affected = affected || r.Affected()
		results = append(results, r)
	}
	data := scan.DataOf(db, osvPaths)
	switch format {
	case "text":
		err = scan.Text(stdout, data, results)
	case "json":
		err = scan.JSON(stdout, data, results)
	case "sarif":
		err = scan.SARIF(stdout, results, version(), "https://github.com/sbomkeeper/sbomkeeper/blob/main/docs/inventory.md")
	}
	if err != nil {
		return fail("%v", err)
	}
	if unread > 0 {
		return fail("%d stored document(s) could not be read and were not scanned", unread)
	}
	if affected {
		return exitFindings
	}
	return exitOK
}
