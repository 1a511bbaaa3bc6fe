// Command sbomkeeper keeps a project's SPDX SBOMs of vendored code true: regen
// rewrites them from the tree, check is the CI gate that says what is stale and
// how to fix it. See README.md and docs/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/download"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/pypi"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// Exit codes, the contract CI scripts rely on.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

const usage = `sbomkeeper keeps the SPDX SBOMs of the code a project vendors true.

Usage:
  sbomkeeper <command> [flags]

Commands:
  regen     regenerate every SBOM the config declares, in place
  check     the CI gate: regenerate in memory, compare, run every rule; change nothing
  add       add a vendored package to the config and the SBOM, then regen
  update    move a vendored package to another release (version, URL, CPE, PURL), then regen
  remove    remove a vendored package from the config and the SBOM, then regen
  artifact  write the SBOM of release artifacts (source archives, installers)
  verify    check an artifact against its SBOM, or against a signed attestation (--attestation)
  attest    sign an in-toto attestation of an artifact's SBOM (DSSE; attest keygen, attest verify)
  diff      what changed between two SBOMs (text, JSON, Markdown)
  validate  schema, semantic and NTIA checks of SPDX 2.3, CycloneDX and SPDX 3 documents, and of OpenVEX
  convert   between SPDX 2.3, CycloneDX (reads 1.5-1.7, writes 1.6) and SPDX 3.0.1, listing what cannot be carried
  init      find vendored code by evidence; write sbomkeeper.toml and the SBOM skeleton
  vex       write OpenVEX statements about an SBOM's packages (vex add)
  scan      match an SBOM's packages against OSV vulnerability data on disk (never the network), VEX applied
  wheel     SBOMs inside wheels (PEP 770): embed, list and check them; a wheel's own SBOM
  inventory keep many SBOMs in one store (SQLite or PostgreSQL) and query across them: add, query, diff, list
  version   print the version

Run 'sbomkeeper <command> -h' for a command's flags.

Exit codes: 0 ok, 1 findings (stale SBOM, failed rule), 2 usage or config error.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "regen", "check":
		return keepCmd(ctx, args[0], args[1:], stdout, stderr, getenv)
	case "add":
		return addCmd(ctx, args[1:], stdout, stderr, getenv)
	case "update":
		return updateCmd(ctx, args[1:], stdout, stderr, getenv)
	case "remove":
		return removeCmd(ctx, args[1:], stdout, stderr, getenv)
	case "artifact":
		return artifactCmd(ctx, args[1:], stdout, stderr, getenv)
	case "verify":
		return verifyCmd(ctx, args[1:], stdout, stderr)
	case "attest":
		return attestCmd(args[1:], stdout, stderr)
	case "diff":
		return diffCmd(args[1:], stdout, stderr)
	case "validate":
		return validateCmd(args[1:], stdout, stderr)
	case "convert":
		return convertCmd(args[1:], stdout, stderr, getenv)
	case "init":
		return initCmd(ctx, args[1:], stdout, stderr, getenv)
	case "vex":
		return vexCmd(args[1:], stdout, stderr, getenv)
	case "scan":
		return scanCmd(ctx, args[1:], stdout, stderr)
	case "wheel":
		return wheelCmd(args[1:], stdout, stderr, getenv)
	case "inventory":
		return inventoryCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "sbomkeeper", version())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "sbomkeeper: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

const keepHelp = `Usage: sbomkeeper %[1]s [flags]

%[2]s

The config (default: sbomkeeper.toml in --root) declares each SBOM and its kind:
  source     files of vendored packages, selected by include globs, hashed
  externals  versions read from a build script (such as PCbuild/get_externals.bat)
  gomod      the Go modules of go.mod/go.sum
An [[sbom]] with also = ["cyclonedx", "spdx3"] also keeps NAME.cdx.json
(CycloneDX 1.6) and NAME.spdx3.json (SPDX 3.0.1) beside it, derived from it.
--format sets the form of the report (text, json, sarif), not of the SBOMs.
Every path the config names is read and written inside --root only: a symbolic
link that leads out of it is an error naming the link. See docs/config.md.

Network: off unless --online is given or CI=true is set (then packages without a
SHA256 get one, recorded SHA256s are verified against the download, and bundles
missing from the lock file are looked up in the package index). --offline wins
over CI=true. Offline outside CI, bundles the lock does not cover are reported
unverified and regeneration goes on; in CI that is an error.

Flags:
`

func keepCmd(ctx context.Context, name string, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fset := newFlags(name)
	fset.SetOutput(stderr)
	root := fset.String("root", ".", "project root the config's paths are relative to")
	cfgPath := fset.String("config", "", "config file (default: ROOT/sbomkeeper.toml)")
	online := fset.Bool("online", false, "allow downloads to fill and verify package checksums")
	offline := fset.Bool("offline", false, "never use the network, even with CI=true")
	format := fset.String("format", "text", "findings as text, json or sarif")
	workers := fset.Int("workers", 0, "files hashed in parallel (0: one per CPU)")
	timeout := fset.Duration("timeout", 2*time.Minute, "time limit for each download or index request")
	indexURL := fset.String("index-url", pypi.DefaultIndex, "base URL of the Python package index's JSON API, for bundles")
	refresh := fset.Bool("refresh", false, "ask the package index again instead of using the bundles' lock file")
	indexRedirects := fset.Bool("index-redirects", false, "follow the package index's redirects to other hosts (refused by default)")
	indexBudget := fset.Duration("index-budget", 5*time.Minute, "time limit for all package index look-ups of a run together")
	var addVendored *bool
	if name == "regen" {
		addVendored = fset.Bool("add-vendored", false, "add a package entry (licenseConcluded NOASSERTION, for a person to triage) for each vendored project a bundle brings that the SBOM lacks")
	} else {
		addVendored = new(bool)
	}
	what := "Regenerates every SBOM the config declares and writes the ones that changed.\nA document that cannot be generated is left as it is. Temporary files an interrupted\nregen left beside them (.NAME.<n>.tmp, last written over 10 minutes ago) are removed."
	if name == "check" {
		what = "Regenerates every SBOM in memory and compares it with the file on disk; writes nothing.\nReports each stale package, each file added, removed or changed, and every failed rule."
	}
	fset.Usage = func() {
		fmt.Fprintf(stderr, keepHelp, name, what)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "sbomkeeper %s: unexpected argument %q\n", name, fset.Arg(0))
		return exitUsage
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "sbomkeeper %s: --format %q: want text, json or sarif\n", name, *format)
		return exitUsage
	}
	if fi, err := os.Stat(*root); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "sbomkeeper %s: --root %s: not a directory; give the project's root, where %s is\n", name, quote(*root), config.DefaultFile)
		return exitUsage
	}
	if *cfgPath == "" {
		*cfgPath = filepath.Join(*root, config.DefaultFile)
	}
	cfg, err := loadConfig(*root, *cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper %s: %v\n", name, err)
		return exitUsage
	}
	now, err := buildTime(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper %s: %v\n", name, err)
		return exitUsage
	}
	if *refresh && *offline {
		fmt.Fprintf(stderr, "sbomkeeper %s: --refresh asks the package index, which --offline forbids\n", name)
		return exitUsage
	}
	useNet := (*online || isCI(getenv)) && !*offline
	client := &download.Client{HTTP: download.NewHTTPClient(*timeout)}
	opts := keep.Options{
		Regen: regenCommand(fset.FlagSet, *root, *cfgPath),
		Root:  *root, Config: cfg, Online: useNet, Workers: *workers, Now: now,
		Downloader: client, Refresh: *refresh, CI: isCI(getenv), AddVendored: *addVendored,
		Index:       &pypi.Client{BaseURL: *indexURL, HTTP: &download.Client{HTTP: download.NewIndexClient(*timeout, *indexRedirects)}},
		IndexBudget: *indexBudget,
	}
	if name == "regen" {
		opts.CleanTempsOlderThan = staleTempAge
	}
	results, findings, err := keep.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper %s: %v\n", name, err)
		return exitFindings
	}
	fix := regenCommand(fset.FlagSet, *root, *cfgPath)
	summary := report.Summary{Command: name, DocsURL: cfg.DocsURL, Root: *root}
	if indexAsked(fset.FlagSet) && !*refresh && hasBundles(cfg) {
		summary.Notes = append(summary.Notes, "note: --index-url is asked only for bundles the lock file does not answer, and only with --online or in CI; add --refresh to ask it for every bundle")
	}
	for _, r := range results {
		findings = append(findings, r.Findings...)
		if name == "check" {
			findings = append(findings, keep.Stale(r, fix)...)
		}
		switch {
		case !r.Changed() && r.New != nil && rules.Failed(r.Findings):
			// "up to date" beside errors about the same file reads as a pass.
			summary.Notes = append(summary.Notes, fmt.Sprintf("%s matches what the tree generates, but the errors above about it stand", r.SBOM.Path))
		case !r.Changed() && r.New != nil:
			summary.Current = append(summary.Current, r.SBOM.Path)
		case name == "regen" && !r.Writable() && (r.New == nil || r.Changed()):
			summary.Held = append(summary.Held, r.SBOM.Path)
		}
	}
	if name == "regen" {
		written, err := keep.Write(*root, results)
		summary.Written = written
		if err != nil {
			findings = append(findings, writeFailure(err))
		}
	}
	out := stdout
	if err := report.Render(out, *format, summary, findings, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper %s: %v\n", name, err)
		return exitFindings
	}
	if rules.Failed(findings) {
		return exitFindings
	}
	return exitOK
}

// indexAsked says whether the user set --index-url.
func indexAsked(fset *flag.FlagSet) bool {
	set := false
	fset.Visit(func(f *flag.Flag) { set = set || f.Name == "index-url" })
	return set
}

func hasBundles(cfg *config.Config) bool {
	for _, s := range cfg.SBOMs {
		if len(s.Bundles) > 0 {
			return true
		}
	}
	return false
}

// writeFailure is the finding for a file regen could not write (no space,
// no permission, a link out of the root): a [write] finding naming the file,
// never [parse], which is about reading the document.
func writeFailure(err error) rules.Finding {
	f := rules.Finding{Rule: rules.RuleWrite, Severity: rules.Error, Message: err.Error(),
		Fix: "make the file and its directory writable (and the disk not full), then run sbomkeeper regen again"}
	var we *keep.WriteError
	if errors.As(err, &we) {
		f.File = we.Path
	}
	var esc *safefile.EscapeError
	if errors.As(err, &esc) {
		f.Fix = "replace the symbolic link with the directory or file it points to, inside the root"
	}
	return f
}

// staleTempAge is how old a temporary file left beside a kept document must
// be for regen to remove it: writing one takes seconds, so a file this old
// has no regen left writing it.
const staleTempAge = 10 * time.Minute

// loadConfig reads the config. One inside the root (the default
// ROOT/sbomkeeper.toml, or a --config under ROOT) is read through the root, so
// that a symbolic link in the tree cannot make sbomkeeper take its config from
// elsewhere; a --config a person names outside the root is read as named.
func loadConfig(root, file string) (*config.Config, error) {
	rel, err := filepath.Rel(root, file)
	if err != nil || filepath.IsAbs(file) != filepath.IsAbs(root) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return config.Load(file)
	}
	r, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	defer r.Close()
	data, err := r.Read(rel, safefile.MaxConfig)
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", file, err)
	}
	return config.Parse(file, data)
}

func validFormat(f string) bool {
	for _, x := range report.Formats {
		if f == x {
			return true
		}
	}
	return false
}

func isCI(getenv func(string) string) bool {
	v := strings.ToLower(getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// buildTime honours SOURCE_DATE_EPOCH so generated documents are reproducible.
func buildTime(getenv func(string) string) (func() time.Time, error) {
	s := getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now, nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a whole number of seconds", s)
	}
	t := time.Unix(sec, 0).UTC()
	return func() time.Time { return t }, nil
}

// regenCommand is the regen command matching the check or regen the user
// ran: the flags that say where the project is and how to reach the index
// are kept, so that a fix line printed with it works as printed.
func regenCommand(fset *flag.FlagSet, root, cfgPath string) string {
	cmd := "sbomkeeper regen"
	if root != "." {
		cmd += " --root " + quote(root)
	}
	if cfgPath != filepath.Join(root, config.DefaultFile) {
		cmd += " --config " + quote(cfgPath)
	}
	fset.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "online", "refresh", "index-redirects", "add-vendored":
			if f.Value.String() == "true" {
				cmd += " --" + f.Name
			}
		case "index-url", "index-budget", "timeout":
			cmd += " --" + f.Name + " " + quote(f.Value.String())
		}
	})
	return cmd
}

func quote(s string) string {
	if strings.ContainsAny(s, " \t'\"$\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
