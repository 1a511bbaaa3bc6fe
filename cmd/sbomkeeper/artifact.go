package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/artifact"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/download"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const artifactHelp = `Usage: sbomkeeper artifact [flags] FILE...

Writes the SBOM of each release artifact to FILE.spdx.json (or -o OUT for one
artifact and one format), as the config's [artifact] section describes (see
docs/config.md). --format cyclonedx writes FILE.cdx.json (CycloneDX 1.6)
instead, --format spdx3 FILE.spdx3.json (SPDX 3.0.1 JSON-LD); a list such as
--format spdx,cyclonedx writes each. sbomkeeper verify reads the SPDX 2.3 one.

  source archives (.tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .zip, .whl) are read
  once as a stream; every file is hashed, the vendored files are checked against
  the source SBOM inside the archive, the others belong to the top-level package.
  Archives are untrusted: '..' and absolute member names, links, duplicate
  members, absurd sizes and decompression bombs are refused. So is an archive
  made from a working copy, with .git/ (or .hg/, .svn/) inside: make it with
  git archive, or give --allow-vcs to list that metadata as files. What an
  archive can make sbomkeeper keep in memory is budgeted over the whole
  archive: members (--max-members, default 100,000) and the bytes of their
  names (--max-name-bytes, 32MiB), the source SBOM inside it
  (--max-sbom-bytes, 16MiB) and the bundled wheels together
  (--max-wheel-bytes, 64MiB). An archive over a budget is refused with the
  budget named; CPython 3.13.5 (4,800 members, a 72 KB SBOM, a 1.8 MB wheel)
  is far inside each.

  artifacts built elsewhere (installers) need the source tree: --source-dir.
  macOS installer packages (.pkg, kind type "macos-installer") are read too: the
  XAR and every component's Payload (cpio, gzip'd or pbzx), each file they
  install hashed, as untrusted as archives are (real installers hold symbolic
  links: give --allow-links to skip them).

  a wheel (.whl) that no [[artifact.kind]] matches gets the wheel's own SBOM
  (its package from METADATA, every member hashed, its vendored projects), the
  same as sbomkeeper wheel sbom; it needs no config (docs/wheels.md).

Bundles (a bundled wheel) are answered from a lock file (--lock, the format
regen writes; docs/config.md). Network: off unless --online is given or CI=true
is set (--offline wins); then what the lock does not answer is asked of the
package index (--index-url). --write-lock FILE records every answer used, so
that the next run needs no network:

  sbomkeeper artifact --online --write-lock Misc/artifact.lock.toml Python-3.13.5.tgz
  sbomkeeper artifact --lock Misc/artifact.lock.toml Python-3.13.5.tgz

Flags:
`

func artifactCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fset := newFlags("artifact")
	fset.SetOutput(stderr)
	cfgPath := fset.String("config", config.DefaultFile, "config file with an [artifact] section")
	sourceDir := fset.String("source-dir", "", "source tree, for artifacts built elsewhere")
	out := fset.String("o", "", "output file (only with one artifact and one format; default FILE.spdx.json)")
	formatList := fset.String("format", convert.SPDX, "SBOM formats to write, comma-separated: spdx, cyclonedx, spdx3")
	indexURL := fset.String("index-url", pypi.DefaultIndex, "base URL of the Python package index's JSON API")
	lockFile := fset.String("lock", "", "lock `FILE` with the package index's answers (regen and --write-lock write one)")
	writeLock := fset.String("write-lock", "", "write the package index answers used to lock `FILE` (sorted, to commit)")
	online := fset.Bool("online", false, "ask the package index for what the lock does not answer")
	offline := fset.Bool("offline", false, "never use the network, even with CI=true")
	timeout := fset.Duration("timeout", 2*time.Minute, "time limit for each index request")
	quiet := fset.Bool("quiet", false, "no progress on the terminal")
	allowLinks := fset.Bool("allow-links", false, "skip symbolic links in archives instead of refusing them")
	allowVCS := fset.Bool("allow-vcs", false, "list version-control metadata (.git/, .hg/, .svn/) in a source archive as files instead of refusing the archive")
	budgets := addBudgetFlags(fset, artifact.DefaultSBOMBytes, "source SBOM inside an archive")
	wheelBytes := byteSize(artifact.DefaultWheelBytes)
	fset.Var(&wheelBytes, "max-wheel-bytes", "the bundled wheels kept from an archive may add up to `SIZE` at most")
	fset.Usage = func() { fmt.Fprint(stderr, artifactHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	files := fset.Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "sbomkeeper artifact: name at least one artifact")
		return exitUsage
	}
	limits, err := budgets.limits(*allowLinks)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper artifact: %v\n", err)
		return exitUsage
	}
	formats, err := convert.ParseFormats(*formatList)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper artifact: --format: %v\n", err)
		return exitUsage
	}
	if *out != "" && (len(files) > 1 || len(formats) > 1) {
		fmt.Fprintln(stderr, "sbomkeeper artifact: -o needs exactly one artifact and one format")
		return exitUsage
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil && onlyWheels(files) && errors.Is(err, fs.ErrNotExist) {
		cfg, err = &config.Config{}, nil // a wheel's SBOM needs no config (wheel.go)
	}
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper artifact: %v\n", err)
		return exitUsage
	}
	if cfg.Artifact == nil && !onlyWheels(files) {
		fmt.Fprintf(stderr, "sbomkeeper artifact: %s has no [artifact] section (see docs/config.md)\n", *cfgPath)
		return exitUsage
	}
	nowFn, err := buildTime(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper artifact: %v\n", err)
		return exitUsage
	}
	useNet := (*online || isCI(getenv)) && !*offline
	if indexAsked(fset.FlagSet) && !useNet {
		fmt.Fprintln(stderr, "sbomkeeper artifact: --index-url is asked only with --online (or CI=true); the network is off by default")
		return exitUsage
	}
	resolver := &lockedIndex{online: *online, offline: *offline}
	if *lockFile != "" {
		data, err := safefile.Read(*lockFile, safefile.MaxSmall)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "sbomkeeper artifact: --lock %s: no such file; write one with sbomkeeper artifact --online --write-lock %s ..., or give regen's lock\n", *lockFile, *lockFile)
			return exitUsage
		}
		if err == nil {
			resolver.lock, err = pypi.ParseLock(*lockFile, data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper artifact: --lock: %v\n", err)
			return exitUsage
		}
	}
	if useNet {
		resolver.index = &pypi.Client{BaseURL: *indexURL, HTTP: &download.Client{HTTP: download.NewIndexClient(*timeout, false)}}
	}
	code := exitOK
	for _, file := range files {
		opts := artifact.Options{
			Config: cfg.Artifact, SourceDir: *sourceDir, Index: resolver, Now: nowFn(),
			Tool: "Tool: sbomkeeper-" + version(), Limits: limits,
			Budgets:  artifact.Budgets{WheelBytes: int64(wheelBytes), SBOMBytes: int64(budgets.sbomBytes)},
			Progress: progress(stderr, *quiet, filepath.Base(file)), AllowVCS: *allowVCS,
		}
		data, err := artifact.Generate(ctx, file, opts)
		endProgress(stderr, *quiet)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper artifact: %v\n", budgetHint(err))
			code = exitFindings
			continue
		}
		if !writeFormats(stdout, stderr, file, *out, data, formats, convert.Options{Created: opts.Now, Tool: opts.Tool}) {
			code = exitFindings
		}
	}
	if *writeLock != "" && code == exitOK {
		l := &pypi.Lock{Entries: resolver.used}
		comment := "Written by sbomkeeper artifact: what the package index answered for the bundles of\n" + strings.Join(files, ", ") + ". Give it to artifact with --lock; the format is regen's (docs/config.md)."
		if err := keep.WriteFile(*writeLock, l.Marshal(comment)); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper artifact: --write-lock: %v\n", err)
			return exitFindings
		}
		fmt.Fprintf(stdout, "wrote %s (%d index answers)\n", *writeLock, len(resolver.used))
	}
	return code
}

// writeFormats writes the SPDX 2.3 document data of file in each format, to
// out or beside file. Conversions report what they cannot carry; sbomkeeper's
// own artifact SBOMs should lose nothing, so a loss is printed as a warning.
func writeFormats(stdout, stderr io.Writer, file, out string, data []byte, formats []string, opts convert.Options) bool {
	var doc *spdx.Document
	ok := true
	for _, f := range formats {
		b := data
		if f != convert.SPDX {
			if doc == nil {
				var err error
				if doc, err = spdx.Parse(data); err != nil {
					fmt.Fprintf(stderr, "sbomkeeper artifact: %s: %v\n", file, err)
					return false
				}
			}
			var losses []convert.Loss
			var err error
			if b, losses, err = convert.Write(doc, f, opts); err != nil {
				fmt.Fprintf(stderr, "sbomkeeper artifact: %s: %s: %v\n", file, f, err)
				ok = false
				continue
			}
			for _, l := range losses {
				fmt.Fprintf(stderr, "sbomkeeper artifact: warning: %s: not carried to %s: %s\n", file, f, l)
			}
		}
		target := out
		if target == "" {
			target = file + convert.Suffix(f)
		}
		if err := keep.WriteFile(target, b); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper artifact: %v\n", err)
			ok = false
			continue
		}
		fmt.Fprintf(stdout, "wrote %s\n", target)
	}
	return ok
}

// lockedIndex answers from the lock first and asks the index (nil when the
// network is off) for the rest; used collects every answer, for --write-lock.
type lockedIndex struct {
	lock            *pypi.Lock
	index           *pypi.Client
	online, offline bool
	used            []pypi.Entry
}

func (l *lockedIndex) Resolve(ctx context.Context, reqs []pypi.Request) ([]pypi.Entry, error) {
	out, missing := l.lock.Split(reqs)
	if len(missing) > 0 {
		if l.index == nil {
			var names []string
			for _, r := range missing {
				names = append(names, r.Project+" "+r.Version)
			}
			how := "give --lock FILE with them (sbomkeeper artifact --online --write-lock FILE writes one), or --online to ask the package index (--index-url for a mirror)"
			if l.offline {
				how = "give --lock FILE with them, or drop --offline"
			}
			return nil, fmt.Errorf("%d package index answers are needed (%s) and the network is off: %s", len(missing), strings.Join(names, ", "), how)
		}
		more, err := l.index.Resolve(ctx, missing)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	for _, e := range out {
		if !slices.Contains(l.used, e) {
			l.used = append(l.used, e)
		}
	}
	return out, nil
}

const verifyHelp = `Usage: sbomkeeper verify [flags] FILE

Checks a release artifact against its SBOM (default: FILE.spdx.json): the
artifact's own SHA256, and for archives and macOS installer packages (.pkg)
every file the SBOM lists (SHA256 and SHA1), files in the artifact the SBOM
does not list, and files it lists that the artifact lacks. Exit 0 only when everything matches; 1 on any difference.

With --attestation FILE.intoto.jsonl --key KEY.pub.pem it checks a signed
attestation instead (sbomkeeper attest wrote it): the signature, that FILE is
its subject (name and SHA-256), and the attested SBOM; with --sbom SBOM (no
default then) that file must also be the attested document. See sbomkeeper
attest verify -h and docs/attest.md.

The archive is read with artifact's protections and budgets: --max-members
(default 100,000) and --max-name-bytes (32MiB) bound what is kept per member;
--max-sbom-bytes (128MiB) bounds the SBOM read, which lists every file.

Flags:
`

func verifyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlags("verify")
	fset.SetOutput(stderr)
	sbomPath := fset.String("sbom", "", "the SBOM (default: FILE.spdx.json)")
	format := fset.String("format", "text", "findings as text, json or sarif")
	quiet := fset.Bool("quiet", false, "no progress on the terminal")
	allowLinks := fset.Bool("allow-links", false, "skip symbolic links in archives instead of refusing them, as artifact --allow-links does")
	attestation := fset.String("attestation", "", "check the signed attestation `FILE` (.intoto.jsonl) instead; needs --key")
	var keys keyFiles
	fset.Var(&keys, "key", "public key `FILE` (PKIX PEM) for --attestation; more than one: a signature by any counts")
	budgets := addBudgetFlags(fset, artifact.DefaultVerifySBOMBytes, "SBOM")
	fset.Usage = func() { fmt.Fprint(stderr, verifyHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() != 1 || !validFormat(*format) {
		fmt.Fprintln(stderr, "sbomkeeper verify: name one artifact (and --format text, json or sarif)")
		return exitUsage
	}
	file := fset.Arg(0)
	if *attestation != "" || len(keys) > 0 {
		if *attestation == "" || len(keys) == 0 {
			fmt.Fprintln(stderr, "sbomkeeper verify: --attestation and --key go together")
			return exitUsage
		}
		return verifyAttestation(file, *attestation, keys, *sbomPath, *format, int64(budgets.sbomBytes), stdout, stderr)
	}
	if *sbomPath == "" {
		*sbomPath = file + ".spdx.json"
	}
	limits, err := budgets.limits(*allowLinks)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: %v\n", err)
		return exitUsage
	}
	sbom, err := safefile.Read(*sbomPath, int64(budgets.sbomBytes))
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: %v\n", budgetHint(err))
		return exitUsage
	}
	findings, err := artifact.Verify(ctx, file, *sbomPath, sbom, limits, progress(stderr, *quiet, filepath.Base(file)))
	endProgress(stderr, *quiet)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: %v\n", budgetHint(err))
		return exitFindings
	}
	summary := report.Summary{Command: "verify", Root: "."}
	if !rules.Failed(findings) {
		summary.Notes = []string{file + " matches " + *sbomPath}
	}
	if err := report.Render(stdout, *format, summary, findings, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: %v\n", err)
		return exitFindings
	}
	if rules.Failed(findings) {
		return exitFindings
	}
	return exitOK
}

// terminal returns w as a terminal to draw progress on, or nil: progress goes
// to a terminal only, never into a log or a pipe, and never with --quiet.
func terminal(w io.Writer, quiet bool) *os.File {
	f, ok := w.(*os.File)
	if quiet || !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return f
}

// progress reports bytes and files per second, at most five times a second.
func progress(w io.Writer, quiet bool, label string) func(int64, int) {
	f := terminal(w, quiet)
	if f == nil {
		return nil
	}
	start, last := time.Now(), time.Time{}
	return func(n int64, files int) {
		now := time.Now()
		if now.Sub(last) < 200*time.Millisecond {
			return
		}
		last = now
		secs := now.Sub(start).Seconds()
		fmt.Fprintf(f, "\r%s: %.0f MB, %d files (%.0f MB/s, %.0f files/s)   ", label, float64(n)/1e6, files, float64(n)/1e6/secs, float64(files)/secs)
	}
}

// endProgress clears the progress line.
func endProgress(w io.Writer, quiet bool) {
	if f := terminal(w, quiet); f != nil {
		fmt.Fprint(f, "\r\033[K")
	}
}
