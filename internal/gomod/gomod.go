package gomod

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// Module is one module of the build.
type Module struct {
	Path     string
	Version  string // empty for the main module and local replacements
	Indirect bool
	// Replaced is the replacement when go.mod replaces the module: a module
	// path@version, or a local directory.
	Replaced string
	Local    bool // replaced by a local directory
}

// Build is what the module files say.
type Build struct {
	Main     Module
	Requires []Module // sorted by path
}

// Problem is an inconsistency between the module files.
type Problem struct {
	File    string
	Line    int
	Message string
	Fix     string
}

// Read parses go.mod (named file, for messages), go.sum and vendor/modules.txt;
// sum and vendored may be nil when the files do not exist.
func Read(file string, gomod, sum, vendored []byte) (*Build, []Problem, error) {
	f, err := modfile.Parse(file, gomod, nil)
	if err != nil {
		return nil, nil, err
	}
	if f.Module == nil {
		return nil, nil, fmt.Errorf("%s: no module directive", file)
	}
	b := &Build{Main: Module{Path: f.Module.Mod.Path}}
	replaced := map[string]module.Version{}
	for _, r := range f.Replace {
		key := r.Old.Path
		if r.Old.Version != "" {
			key += "@" + r.Old.Version
		}
		replaced[key] = r.New
	}
	for _, r := range f.Require {
		m := Module{Path: r.Mod.Path, Version: r.Mod.Version, Indirect: r.Indirect}
		rep, ok := replaced[r.Mod.Path+"@"+r.Mod.Version]
		if !ok {
			rep, ok = replaced[r.Mod.Path]
		}
		if ok {
			if rep.Version == "" {
				m.Replaced, m.Local = rep.Path, true
			} else {
				m.Replaced = rep.Path + "@" + rep.Version
			}
		}
		b.Requires = append(b.Requires, m)
	}
	slices.SortFunc(b.Requires, func(x, y Module) int { return strings.Compare(x.Path, y.Path) })

	var problems []Problem
	sums := parseSum(sum)
	for _, r := range f.Require {
		m := b.Requires[slices.IndexFunc(b.Requires, func(x Module) bool { return x.Path == r.Mod.Path })]
		if m.Local {
			continue
		}
		path, version := m.Path, m.Version
		if m.Replaced != "" {
			path, version, _ = strings.Cut(m.Replaced, "@")
		}
		if !sums[path+" "+version] && !sums[path+" "+version+"/go.mod"] {
			problems = append(problems, Problem{File: "go.sum", Line: 0,
				Message: fmt.Sprintf("go.sum has no checksum for %s %s, required in %s line %d", path, version, file, r.Syntax.Start.Line),
				Fix:     "run go mod tidy"})
		}
	}
	if vendored != nil {
		problems = append(problems, checkVendor(b, vendored)...)
	}
	return b, problems, nil
}

func parseSum(sum []byte) map[string]bool {
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(sum))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 {
			out[fields[0]+" "+fields[1]] = true
		}
	}
	return out
}

// checkVendor compares vendor/modules.txt with go.mod: a vendored build compiles
// what modules.txt lists, so the SBOM is only true when the two agree.
func checkVendor(b *Build, vendored []byte) []Problem {
	listed := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(vendored))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, "# "))
		if len(fields) >= 2 && fields[0] != "" {
			listed[fields[0]] = fields[1]
		}
	}
	var out []Problem
	for _, m := range b.Requires {
		if v, ok := listed[m.Path]; !ok || (v != m.Version && !m.Local && m.Replaced == "") {
			out = append(out, Problem{File: "vendor/modules.txt",
				Message: fmt.Sprintf("vendor/modules.txt does not list %s %s as go.mod requires", m.Path, m.Version),
				Fix:     "run go mod vendor"})
		}
	}
	return out
}

// PURL returns the pkg:golang Package URL of a module, keeping the module
// path's case. Go module paths are case-sensitive (the module proxy escapes
// capitals so that github.com/BurntSushi/toml and github.com/burntsushi/toml
// stay apart); the golang type's definition now marks namespace and name
// case-sensitive, and syft, cdxgen, osv-scanner, packageurl-go and deps.dev all
// keep the case. Its old "must be lowercased" text (purl-spec#308) would make two
// modules one.
func PURL(path, version string) string {
	p := "pkg:golang/" + path
	if version != "" {
		p += "@" + version
	}
	return p
}
