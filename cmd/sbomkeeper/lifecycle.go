package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/edit"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

const addHelp = `Usage: sbomkeeper add NAME --include GLOB [--include GLOB...] --version V [flags]

Adds a vendored package: a [[sbom.package]] entry in sbomkeeper.toml (name,
include and exclude globs) and a package entry in the SBOM (versionInfo,
downloadLocation, licenseConcluded NOASSERTION for you to triage, CPE and PURL
when given), then regenerates the SBOM so that its files are listed. Every
other package and every comment of the config are kept.

  sbomkeeper add zlib --include 'Modules/zlib/**' --version 1.3.1 \
      --url https://zlib.net/zlib-1.3.1.tar.gz \
      --cpe 'cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*' --online

Give a CPE or PURL only when you know it is the library's (the NVD's CPE
dictionary, the ecosystem's package name): a guessed one is worse than none.
--online downloads --url and records its SHA256; offline, the checksum is
left for regen --online or for you.

Flags:
`

const updateHelp = `Usage: sbomkeeper update NAME --version V [--url URL] [flags]

Moves a vendored package to another release, as CPython's devguide tells
maintainers to do by hand: versionInfo; the version inside downloadLocation
(also with '_' for '.', as in expat's R_2_7_1 tags; --url replaces it
outright); the CPE's version field and the PURL's version. A SHA256 of the old
archive is cleared; it is filled from a sha256 pin in the config when the
pinned file already names the new release, or with --online by downloading the
new archive. Then the SBOM is regenerated: copy the new release's files into
the tree first, so that their checksums are the new ones.

  sbomkeeper update expat --version 2.7.2 --online

Packages of kind "externals" take their versions from the build script: edit
the script instead, then run regen.

Flags:
`

const removeHelp = `Usage: sbomkeeper remove NAME [flags]

Removes a vendored package: its [[sbom.package]] entry (with its pins) from
sbomkeeper.toml, and its package entry, the files only it contains and every
relationship naming them from the SBOM; then regenerates the SBOM. The
vendored files themselves are not deleted: that, and the build's references to
them, are left for you (the command says where they are).

Flags:
`

// lifecycleFlags are what add, update and remove share.
type lifecycleFlags struct {
	fset    *flags
	root    *string
	cfgPath *string
	sbom    *string
	online  *bool
	offline *bool
}

func newLifecycleFlags(name, help string, stderr io.Writer) lifecycleFlags {
	fset := newFlags(name)
	fset.SetOutput(stderr)
	lf := lifecycleFlags{
		fset:    fset,
		root:    fset.String("root", ".", "project root the config's paths are relative to"),
		cfgPath: fset.String("config", "", "config file (default: ROOT/sbomkeeper.toml)"),
		sbom:    fset.String("sbom", "", "`PATH` of the [[sbom]] to edit, when the config declares more than one source SBOM"),
		online:  fset.Bool("online", false, "allow downloads (to record the release archive's SHA256)"),
		offline: fset.Bool("offline", false, "never use the network, even with CI=true"),
	}
	fset.Usage = func() { fmt.Fprint(stderr, help); fset.PrintDefaults() }
	return lf
}

// target is the config and the source SBOM an edit applies to. The SBOM is
// read and written through the project root, so that a link in the tree
// cannot make an edit land outside it.
type target struct {
	root    *safefile.Root
	cfgFile string
	cfgData []byte
	cfg     *config.Config
	sbom    *config.SBOM
	docPath string
	docData []byte
	doc     *spdx.Document
}

func (lf lifecycleFlags) load(name string) (*target, error) {
	if *lf.cfgPath == "" {
		*lf.cfgPath = filepath.Join(*lf.root, config.DefaultFile)
	}
	t := &target{cfgFile: *lf.cfgPath}
	var err error
	if t.cfgData, err = safefile.Read(t.cfgFile, safefile.MaxConfig); err != nil {
		return nil, fmt.Errorf("reading the config: %w (sbomkeeper init writes one)", err)
	}
	if t.cfg, err = config.Parse(t.cfgFile, t.cfgData); err != nil {
		return nil, err
	}
	var sources []string
	for i := range t.cfg.SBOMs {
		s := &t.cfg.SBOMs[i]
		if *lf.sbom != "" && s.Path == *lf.sbom || *lf.sbom == "" && s.Kind == config.KindSource {
			t.sbom = s
			sources = append(sources, s.Path)
		}
	}
	switch {
	case len(sources) == 0 && *lf.sbom != "":
		return nil, fmt.Errorf("%s declares no [[sbom]] with path %q", t.cfgFile, *lf.sbom)
	case len(sources) == 0:
		return nil, fmt.Errorf("%s declares no [[sbom]] of kind %q, where vendored packages are kept", t.cfgFile, config.KindSource)
	case len(sources) > 1:
		return nil, fmt.Errorf("%s declares %d source SBOMs (%s): say which with --sbom PATH", t.cfgFile, len(sources), strings.Join(sources, ", "))
	}
	if t.sbom.Kind == config.KindExternals {
		return nil, fmt.Errorf("%s is of kind %q: its packages' versions come from %s; edit that, then run sbomkeeper regen", t.sbom.Path, config.KindExternals, t.sbom.Externals.File)
	}
	if t.sbom.Kind != config.KindSource {
		return nil, fmt.Errorf("%s is of kind %q, which sbomkeeper generates whole; %s edits source SBOMs", t.sbom.Path, t.sbom.Kind, name)
	}
	t.docPath = t.sbom.Path
	if t.root, err = safefile.OpenRoot(*lf.root); err != nil {
		return nil, fmt.Errorf("--root: %w", err)
	}
	if t.docData, err = t.root.Read(t.docPath, safefile.MaxSBOM); err != nil {
		t.root.Close()
		return nil, fmt.Errorf("reading the SBOM (path %q in %s): %w", t.sbom.Path, t.cfgFile, err)
	}
	if t.doc, err = spdx.Parse(t.docData); err != nil {
		return nil, fmt.Errorf("%s: %w", t.sbom.Path, err)
	}
	return t, nil
}

// save writes the edited SBOM and config, the SBOM first; if the config
// cannot be written, the SBOM is put back, so the two never disagree.
func (t *target) save(newCfg []byte) error {
	out, err := spdx.Marshal(t.doc)
	if err != nil {
		return fmt.Errorf("writing %s: %w", t.sbom.Path, err)
	}
	if bytes.HasSuffix(t.docData, []byte("\n")) {
		out = append(out, '\n')
	}
	defer t.root.Close()
	if err := t.root.WriteFile(t.docPath, out); err != nil {
		return fmt.Errorf("writing %s: %w", t.sbom.Path, err)
	}
	if newCfg != nil {
		if err := keep.WriteFile(t.cfgFile, newCfg); err != nil {
			if rerr := t.root.WriteFile(t.docPath, t.docData); rerr != nil {
				return fmt.Errorf("%w; and putting %s back failed too: %v", err, t.sbom.Path, rerr)
			}
			return fmt.Errorf("%w (%s is unchanged)", err, t.sbom.Path)
		}
	}
	return nil
}

// regen runs regen with the user's flags after an edit, so that the SBOM's
// files and relationships follow the config.
func (lf lifecycleFlags) regen(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) int {
	args := []string{"--root", *lf.root, "--config", *lf.cfgPath}
	if *lf.online {
		args = append(args, "--online")
	}
	if *lf.offline {
		args = append(args, "--offline")
	}
	fmt.Fprintln(stdout, "regenerating:")
	return keepCmd(ctx, "regen", args, stdout, stderr, getenv)
}

func parseLifecycle(lf lifecycleFlags, args []string, stderr io.Writer) (string, int, bool) {
	if err := lf.fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", exitOK, false
		}
		return "", exitUsage, false
	}
	if lf.fset.NArg() != 1 {
		fmt.Fprintf(stderr, "sbomkeeper %s: name exactly one package (see -h)\n", lf.fset.Name())
		return "", exitUsage, false
	}
	if *lf.online && *lf.offline {
		fmt.Fprintf(stderr, "sbomkeeper %s: --online and --offline contradict each other\n", lf.fset.Name())
		return "", exitUsage, false
	}
	return lf.fset.Arg(0), 0, true
}

func addCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	lf := newLifecycleFlags("add", addHelp, stderr)
	var include, exclude multi
	lf.fset.Var(&include, "include", "`GLOB` of the package's files (repeatable; Python glob syntax, ** for any depth)")
	lf.fset.Var(&exclude, "exclude", "`PATH` the includes select that is not the package's (repeatable)")
	version := lf.fset.String("version", "", "the release the files were copied from")
	url := lf.fset.String("url", "", "download `URL` of that release's archive")
	cpe := lf.fset.String("cpe", "", "CPE 2.3 of the library, when known")
	purl := lf.fset.String("purl", "", "package URL of the library, when known")
	name, code, ok := parseLifecycle(lf, args, stderr)
	if !ok {
		return code
	}
	t, err := lf.load("add")
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper add: %v\n", err)
		return exitUsage
	}
	if err := edit.Add(t.doc, edit.Spec{Name: name, Version: *version, URL: *url, CPE: *cpe, PURL: *purl}); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper add: %v\n", err)
		return exitUsage
	}
	newCfg, err := edit.AddPackage(t.cfgFile, t.cfgData, t.sbom.Path, edit.NewPackage{Name: name, Include: include, Exclude: exclude})
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper add: %v\n", err)
		return exitUsage
	}
	if err := t.save(newCfg); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper add: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "added package %q to %s and %s\n", name, t.cfgFile, t.sbom.Path)
	code = lf.regen(ctx, stdout, stderr, getenv)
	left := []string{fmt.Sprintf("triage the license: licenseConcluded of %q is NOASSERTION", name)}
	if *url == "" {
		left = append(left, "downloadLocation is NOASSERTION: set it to the release archive's URL if there is one (sbomkeeper update "+name+" --version "+*version+" --url URL)")
	} else if !*lf.online {
		left = append(left, "record the SHA256 of "+*url+": sbomkeeper regen --online")
	}
	if *cpe == "" && *purl == "" {
		left = append(left, "no CPE or PURL: scanners cannot match this package to advisories; add one if the library has one")
	}
	printLeft(stdout, left)
	return code
}

func updateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	lf := newLifecycleFlags("update", updateHelp, stderr)
	version := lf.fset.String("version", "", "the release to move to")
	url := lf.fset.String("url", "", "download `URL` of that release's archive (default: the old one with the version replaced)")
	name, code, ok := parseLifecycle(lf, args, stderr)
	if !ok {
		return code
	}
	t, err := lf.load("update")
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper update: %v\n", err)
		return exitUsage
	}
	u, err := edit.Update(t.doc, name, *version, *url)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper update: %v\n", err)
		return exitUsage
	}
	var left []string
	if u.ChecksumCleared {
		if sum, where, ok := pinnedSHA256(*lf.root, t.sbom, name, *version); ok {
			t.doc.Packages[indexOf(t.doc, name)].Checksums = []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: sum}}
			u.Fields = append(u.Fields, "SHA256 from the pin in "+where)
		} else if !*lf.online {
			left = append(left, fmt.Sprintf("the SHA256 of %s: sbomkeeper regen --online downloads and records it", u.URL))
		}
	}
	for _, p := range packageConfig(t.sbom, name).Pins {
		if p.Field == "version" {
			if v, line, fs := rules.Pinned(*lf.root, t.sbom.Path, name, p); fs == nil && v != *version {
				left = append(left, fmt.Sprintf("%s:%d pins %s %s: update it (and the vendored files) to %s", p.File, line, name, v, *version))
			}
		}
	}
	if err := t.save(nil); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper update: %v\n", err)
		return exitFindings
	}
	if len(u.Fields) == 0 {
		fmt.Fprintf(stdout, "package %q is already at %s\n", name, *version)
	} else {
		fmt.Fprintf(stdout, "updated package %q in %s: %s\n", name, t.sbom.Path, strings.Join(u.Fields, "; "))
	}
	code = lf.regen(ctx, stdout, stderr, getenv)
	left = append(left, "read the new release's changes for the license and the security fixes it brings")
	printLeft(stdout, left)
	return code
}

func removeCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	lf := newLifecycleFlags("remove", removeHelp, stderr)
	name, code, ok := parseLifecycle(lf, args, stderr)
	if !ok {
		return code
	}
	t, err := lf.load("remove")
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper remove: %v\n", err)
		return exitUsage
	}
	includes := packageConfig(t.sbom, name).Include
	r, err := edit.Remove(t.doc, name)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper remove: %v\n", err)
		return exitUsage
	}
	newCfg, err := edit.RemovePackage(t.cfgFile, t.cfgData, t.sbom.Path, name)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper remove: %v\n", err)
		return exitUsage
	}
	if err := t.save(newCfg); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper remove: %v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "removed package %q from %s (with %d files and %d relationships) and from %s\n", name, t.sbom.Path, r.Files, r.Relationships, t.cfgFile)
	code = lf.regen(ctx, stdout, stderr, getenv)
	var left []string
	if len(includes) > 0 {
		left = append(left, fmt.Sprintf("delete the vendored files (%s) if nothing uses them, and the build's references to them", strings.Join(includes, ", ")))
	}
	printLeft(stdout, left)
	return code
}

func printLeft(w io.Writer, left []string) {
	if len(left) == 0 {
		return
	}
	fmt.Fprintln(w, "left for you:")
	for _, l := range left {
		fmt.Fprintf(w, "  - %s\n", l)
	}
}

func indexOf(doc *spdx.Document, name string) int {
	for i, p := range doc.Packages {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func packageConfig(s *config.SBOM, name string) config.Package {
	for _, p := range s.Packages {
		if p.Name == name {
			return p
		}
	}
	return config.Package{}
}

// pinnedSHA256 is the SHA256 a sha256 pin of the package holds, and where,
// when a version pin beside it names version: only then is it the new
// archive's (a refresh script not yet run still pins the old one).
func pinnedSHA256(root string, s *config.SBOM, name, version string) (string, string, bool) {
	pins := packageConfig(s, name).Pins
	versioned := false
	for _, p := range pins {
		if p.Field == "version" {
			v, _, fs := rules.Pinned(root, s.Path, name, p)
			if fs != nil || v != version {
				return "", "", false
			}
			versioned = true
		}
	}
	if !versioned {
		return "", "", false
	}
	for _, p := range pins {
		if p.Field != "sha256" {
			continue
		}
		if v, line, fs := rules.Pinned(root, s.Path, name, p); fs == nil && len(v) == 64 {
			return v, fmt.Sprintf("%s:%d", p.File, line), true
		}
	}
	return "", "", false
}
