package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

const wheelHelp = `Usage: sbomkeeper wheel <command> [flags] WHEEL ...

SBOMs inside Python wheels (PEP 770: NAME-VERSION.dist-info/sboms/). See docs/wheels.md.

Commands:
  embed WHEEL SBOM... [-o OUT]   put SBOMs into the wheel's .dist-info/sboms/ and RECORD;
                                 every other member is kept byte for byte (default: WHEEL
                                 is replaced, atomically)
  sboms WHEEL [--extract DIR]    list the SBOMs a wheel carries, check the files they list
                                 against the wheel's; --extract writes them to DIR
  sbom WHEEL [-o OUT]            write the wheel's own SBOM (WHEEL.spdx.json; no config
                                 needed; artifact does the same for a .whl no kind matches)
  verify WHEEL                   check RECORD against every member, as an installer does

Exit codes: 0 ok, 1 the wheel is refused or disagrees with its SBOMs, 2 usage.
`

func wheelCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, wheelHelp)
		return exitUsage
	}
	switch args[0] {
	case "embed":
		return wheelEmbedCmd(args[1:], stdout, stderr)
	case "sboms":
		return wheelSBOMsCmd(args[1:], stdout, stderr)
	case "sbom":
		return wheelSBOMCmd(args[1:], stdout, stderr, getenv)
	case "verify":
		return wheelVerifyCmd(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, wheelHelp)
		return exitOK
	}
	fmt.Fprintf(stderr, "sbomkeeper wheel: unknown command %q\n\n%s", args[0], wheelHelp)
	return exitUsage
}

// parseWheelFlags parses a wheel subcommand's flags; done is set when the
// caller should return code.
func parseWheelFlags(fset *flags, args []string, stderr io.Writer) (code int, done bool) {
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, wheelHelp, "\nFlags of ", fset.Name(), ":\n"); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	return 0, false
}

// openWheel opens a wheel as untrusted input: a regular file, read by offset.
func openWheel(file string) (*os.File, int64, error) {
	f, err := safefile.Open(file)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

func wheelEmbedCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("wheel embed")
	out := fset.String("o", "", "write the new wheel to `OUT` (default: replace WHEEL)")
	if code, done := parseWheelFlags(fset, args, stderr); done {
		return code
	}
	if fset.NArg() < 2 {
		fmt.Fprintln(stderr, "sbomkeeper wheel embed: name a wheel and at least one SBOM")
		return exitUsage
	}
	file := fset.Arg(0)
	var sboms []wheelsbom.SBOM
	for _, p := range fset.Args()[1:] {
		data, err := safefile.Read(p, safefile.MaxSBOM)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper wheel embed: %v\n", err)
			return exitUsage
		}
		sboms = append(sboms, wheelsbom.SBOM{Name: filepath.Base(p), Data: data})
	}
	target := *out
	if target == "" {
		target = file
	}
	src, size, err := openWheel(file)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel embed: %v\n", err)
		return exitFindings
	}
	defer src.Close()
	err = writeAtomic(target, func(w io.Writer) error {
		return wheelsbom.Embed(w, src, size, filepath.Base(file), sboms)
	}, func(tmp *os.File) error {
		// What was written must verify as the input did, before it takes
		// the wheel's place.
		st, err := tmp.Stat()
		if err != nil {
			return err
		}
		_, err = wheelsbom.Verify(tmp, st.Size(), filepath.Base(file))
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel embed: %s: %v\n", file, err)
		return exitFindings
	}
	for _, s := range sboms {
		fmt.Fprintf(stdout, "embedded %s\n", s.Name)
	}
	fmt.Fprintf(stdout, "wrote %s\n", target)
	return exitOK
}

// writeAtomic writes path through a temporary file beside it, checks it, and
// renames it into place: a failure at any step leaves path as it was. The
// mode of an existing path is kept.
func writeAtomic(path string, write func(io.Writer) error, check func(*os.File) error) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = check(tmp); err != nil {
		return fmt.Errorf("the wheel written does not verify, so it was not kept: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func wheelSBOMsCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("wheel sboms")
	extract := fset.String("extract", "", "write each SBOM to `DIR` under its name")
	if code, done := parseWheelFlags(fset, args, stderr); done {
		return code
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "sbomkeeper wheel sboms: name one wheel")
		return exitUsage
	}
	file := fset.Arg(0)
	src, size, err := openWheel(file)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel sboms: %v\n", err)
		return exitFindings
	}
	defer src.Close()
	c, err := wheelsbom.Carry(src, size, filepath.Base(file))
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel sboms: %s: %v\n", file, err)
		return exitFindings
	}
	if len(c.SBOMs) == 0 {
		fmt.Fprintf(stdout, "%s carries no SBOM (no .dist-info/sboms/)\n", file)
	}
	code := exitOK
	for _, e := range c.SBOMs {
		sum := sha256.Sum256(e.Data)
		format := "unknown format"
		if f, err := sbomformat.Detect(e.Member, e.Data); err == nil {
			format = f.Kind.String() + " " + f.Version
		}
		fmt.Fprintf(stdout, "%s\t%d bytes\tsha256:%s\t%s\n", e.Member, len(e.Data), hex.EncodeToString(sum[:]), format)
		if *extract == "" {
			continue
		}
		dest := filepath.Join(*extract, filepath.FromSlash(e.Name()))
		if filepath.Base(dest) != e.Name() {
			fmt.Fprintf(stderr, "sbomkeeper wheel sboms: %s is in a directory under sboms/; not extracted\n", e.Member)
			code = exitFindings
			continue
		}
		if err := keep.WriteFile(dest, e.Data); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper wheel sboms: %v\n", err)
			code = exitFindings
			continue
		}
		fmt.Fprintf(stdout, "wrote %s\n", dest)
	}
	for _, p := range c.Projects {
		fmt.Fprintf(stdout, "vendored: %s %s %s (%s)\n", p.Name, p.Version, p.PURL, p.From)
	}
	for _, p := range c.Problems {
		fmt.Fprintf(stderr, "sbomkeeper wheel sboms: %s: %s\n", file, p)
		code = exitFindings
	}
	return code
}

func wheelSBOMCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fset := newFlags("wheel sbom")
	out := fset.String("o", "", "output file (only with one format; default WHEEL.spdx.json)")
	formatList := fset.String("format", convert.SPDX, "SBOM formats to write, comma-separated: spdx, cyclonedx, spdx3")
	namespace := fset.String("namespace", "", "the document's namespace (default: derived from the file name and its SHA-256)")
	supplier := fset.String("supplier", "", "the packages' supplier, e.g. \"Organization: PyPA\" (default NOASSERTION)")
	if code, done := parseWheelFlags(fset, args, stderr); done {
		return code
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "sbomkeeper wheel sbom: name one wheel")
		return exitUsage
	}
	formats, err := convert.ParseFormats(*formatList)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel sbom: --format: %v\n", err)
		return exitUsage
	}
	if *out != "" && len(formats) > 1 {
		fmt.Fprintln(stderr, "sbomkeeper wheel sbom: -o needs exactly one format; leave out -o to write one file per format beside WHEEL")
		return exitUsage
	}
	nowFn, err := buildTime(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel sbom: %v\n", err)
		return exitUsage
	}
	file := fset.Arg(0)
	tool := "Tool: sbomkeeper-" + version()
	opts := wheelsbom.DocumentOptions{Created: nowFn(), Creators: []string{tool}, Namespace: *namespace, Supplier: *supplier}
	doc, err := wheelsbom.DocumentFile(file, opts)
	if err == nil {
		var data []byte
		if data, err = spdx.MarshalNormalized(doc); err == nil {
			if !writeFormats(stdout, stderr, file, *out, data, formats, convert.Options{Created: opts.Created, Tool: tool}) {
				return exitFindings
			}
			return exitOK
		}
	}
	fmt.Fprintf(stderr, "sbomkeeper wheel sbom: %v\n", err)
	return exitFindings
}

func wheelVerifyCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("wheel verify")
	if code, done := parseWheelFlags(fset, args, stderr); done {
		return code
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(stderr, "sbomkeeper wheel verify: name one wheel")
		return exitUsage
	}
	file := fset.Arg(0)
	src, size, err := openWheel(file)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel verify: %v\n", err)
		return exitFindings
	}
	defer src.Close()
	entries, err := wheelsbom.Verify(src, size, filepath.Base(file))
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper wheel verify: %s: %v\n", file, err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "%s: RECORD verifies (%d entries)\n", file, len(entries))
	return exitOK
}

// onlyWheels reports whether every file is a wheel, whose SBOM artifact can
// write without a config.
func onlyWheels(files []string) bool {
	for _, f := range files {
		if !strings.HasSuffix(f, ".whl") {
			return false
		}
	}
	return len(files) > 0
}
