package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/evidence"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/propose"
)

const initHelp = `Usage: sbomkeeper init [--root DIR] [--sbom PATH] [--dry-run] [--force]

Finds the code a project vendors by evidence in its files, and writes
sbomkeeper.toml and the skeleton of the SBOM it keeps (kind "source").

Evidence: the version macros of C libraries (expat, zlib, sqlite, mpdecimal,
pcre, pcre2, libffi, bzip2, xz, zstd, libuv, curl, libarchive, nghttp2,
openssl, jsoncpp) and text only one library has (double-conversion, libb2),
whatever the files are called; update scripts that pin what they copy
(refresh.sh, update-*.bash with readonly tag=/repo=); README.chromium, Android
METADATA and MODULE_LICENSE_*, vendor/*/.cargo-checksum.json with Cargo.toml,
Go vendor/modules.txt, Python _vendor/vendor.txt and wheels; directories with
their own COPYING or LICENSE; READMEs saying where a directory's files came
from. Evidence in test data (tests/, test_*/) is ignored and listed.

Each package names the evidence it came from (file:line) and what a person
must still triage, the license first; files in a vendored directory that no
package takes are listed. CPEs and PURLs are written only where the evidence
supports them. Nothing is written over an existing file without --force;
--dry-run prints both files instead. Then triage and run sbomkeeper regen.
See docs/init.md.

Flags:
`

func initCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fset := newFlags("init")
	fset.SetOutput(stderr)
	root := fset.String("root", ".", "the project's root")
	cfgPath := fset.String("config", "", "the config to write (default: ROOT/sbomkeeper.toml)")
	sbomPath := fset.String("sbom", "sbom.spdx.json", "the SBOM to write, relative to the root")
	lockPath := fset.String("lock", "", "the bundles' lock file, relative to the root (default: the SBOM's name with .lock.toml)")
	name := fset.String("name", "", "the SBOM document's name (default: the root directory's name + \" SBOM\")")
	dryRun := fset.Bool("dry-run", false, "print the config and the SBOM instead of writing them")
	force := fset.Bool("force", false, "write over an existing config or SBOM")
	fset.Usage = func() {
		fmt.Fprint(stderr, initHelp)
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "sbomkeeper init: unexpected argument %q\n", fset.Arg(0))
		return exitUsage
	}
	if st, err := os.Stat(*root); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "sbomkeeper init: --root %s is not a directory\n", *root)
		return exitUsage
	}
	rel := path.Clean(filepath.ToSlash(*sbomPath))
	if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") || !strings.HasSuffix(rel, ".json") {
		fmt.Fprintf(stderr, "sbomkeeper init: --sbom %q: want a path inside the root ending in .json, such as sbom.spdx.json\n", *sbomPath)
		return exitUsage
	}
	if *lockPath == "" {
		*lockPath = strings.TrimSuffix(strings.TrimSuffix(rel, ".json"), ".spdx") + ".lock.toml"
	}
	if *cfgPath == "" {
		*cfgPath = filepath.Join(*root, config.DefaultFile)
	}
	sbomFile := filepath.Join(*root, filepath.FromSlash(rel))
	if !*dryRun && !*force {
		var exist []string
		for _, f := range []string{*cfgPath, sbomFile} {
			if _, err := os.Lstat(f); err == nil {
				exist = append(exist, f)
			}
		}
		if len(exist) > 0 {
			fmt.Fprintf(stderr, "sbomkeeper init: %s already exists; init writes nothing over it (--dry-run shows what it would write, --force writes over it)\n", strings.Join(exist, " and "))
			return exitFindings
		}
	}
	now, err := buildTime(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
		return exitUsage
	}
	if *name == "" {
		abs, err := filepath.Abs(*root)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
			return exitUsage
		}
		*name = filepath.Base(abs) + " SBOM"
	}

	res, err := evidence.Scan(ctx, *root)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
		return exitFindings
	}
	prop := propose.Propose(res)
	fmt.Fprint(stdout, propose.Report(prop))
	if len(prop.Packages) == 0 && len(prop.Bundles) == 0 {
		fmt.Fprintln(stderr, "sbomkeeper init: no vendored code found; nothing written")
		return exitFindings
	}
	opts := propose.Options{SBOM: rel, Lock: *lockPath, Name: *name, Tool: "sbomkeeper-" + version(), Created: now()}
	cfgData, sbomData, err := propose.Files(*root, *cfgPath, prop, opts)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
		return exitFindings
	}
	if *dryRun {
		fmt.Fprintf(stdout, "\n--- %s\n%s\n--- %s\n%s", *cfgPath, cfgData, sbomFile, sbomData)
		return exitOK
	}
	if err := os.MkdirAll(filepath.Dir(sbomFile), 0o755); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
		return exitFindings
	}
	for _, w := range []struct {
		file string
		data []byte
	}{{*cfgPath, cfgData}, {sbomFile, sbomData}} {
		if err := keep.WriteFile(w.file, w.data); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper init: %v\n", err)
			return exitFindings
		}
		fmt.Fprintf(stdout, "wrote %s\n", w.file)
	}
	fmt.Fprintf(stdout, "next: triage what each package lists (the license first), then run sbomkeeper regen%s\n", rootFlag(*root, *cfgPath))
	return exitOK
}

func rootFlag(root, cfgPath string) string {
	s := ""
	if root != "." {
		s += " --root " + quote(root)
	}
	if cfgPath != filepath.Join(root, config.DefaultFile) {
		s += " --config " + quote(cfgPath)
	}
	return s
}
