package edit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/tomlstr"
)

// NewPackage is a [[sbom.package]] entry to add to a config.
type NewPackage struct {
	Name    string
	Include []string
	Exclude []string
}

var (
	header   = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$`)
	pathLine = regexp.MustCompile(`^\s*path\s*=\s*["']([^"']*)["']`)
	nameLine = regexp.MustCompile(`^\s*name\s*=\s*["']([^"']*)["']`)
)

// section is the lines [start, end) of one [[sbom]] table with everything
// nested in it.
type section struct{ start, end int }

// lines splits text into lines without their newlines; the text is joined
// again with "\n" and keeps a final newline when it had one.
func lines(data []byte) []string { return strings.Split(string(data), "\n") }

func tableOf(line string) (string, bool) {
	m := header.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// sbomSection finds the [[sbom]] whose path is sbomPath.
func sbomSection(ls []string, sbomPath string) (section, error) {
	var found []section
	for i := 0; i < len(ls); i++ {
		if t, ok := tableOf(ls[i]); !ok || t != "sbom" || !strings.HasPrefix(strings.TrimSpace(ls[i]), "[[") {
			continue
		}
		end := len(ls)
		path := ""
		for j := i + 1; j < len(ls); j++ {
			if t, ok := tableOf(ls[j]); ok {
				if t == "sbom" || !strings.HasPrefix(t, "sbom.") {
					end = j
					break
				}
				continue
			}
			if m := pathLine.FindStringSubmatch(ls[j]); m != nil && path == "" && !inSubtable(ls, i, j) {
				path = m[1]
			}
		}
		if path == sbomPath {
			found = append(found, section{i, attachComments(ls, i, end)})
		}
		i = end - 1
	}
	switch len(found) {
	case 0:
		return section{}, fmt.Errorf("the config has no [[sbom]] with path = %q", sbomPath)
	case 1:
		return found[0], nil
	}
	return section{}, fmt.Errorf("the config has %d [[sbom]] tables with path = %q", len(found), sbomPath)
}

// inSubtable says whether line j of the [[sbom]] starting at i is inside a
// nested table ([[sbom.package]] and the like) rather than the [[sbom]] itself.
func inSubtable(ls []string, i, j int) bool {
	for k := i + 1; k < j; k++ {
		if _, ok := tableOf(ls[k]); ok {
			return true
		}
	}
	return false
}

// attachComments moves end back over the comment lines and blank lines that
// lead up to the next table: a comment right above a header is about that
// header, so it stays with it.
func attachComments(ls []string, start, end int) int {
	if end >= len(ls) {
		// At the end of the file: keep trailing blank lines out of the
		// block too, so that an insertion lands after the last entry.
		for end > start+1 && strings.TrimSpace(ls[end-1]) == "" {
			end--
		}
		return end
	}
	e := end
	for e > start+1 {
		t := strings.TrimSpace(ls[e-1])
		if t == "" || strings.HasPrefix(t, "#") {
			e--
			continue
		}
		break
	}
	return e
}

// AddPackage returns data with a [[sbom.package]] for p appended to the
// [[sbom]] whose path is sbomPath.
func AddPackage(file string, data []byte, sbomPath string, p NewPackage) ([]byte, error) {
	if len(p.Include) == 0 {
		return nil, fmt.Errorf("package %q needs at least one --include glob", p.Name)
	}
	ls := lines(data)
	sec, err := sbomSection(ls, sbomPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	block := []string{"", "[[sbom.package]]", "name = " + tomlstr.Quote(p.Name), "include = " + quoteList(p.Include)}
	if len(p.Exclude) > 0 {
		block = append(block, "exclude = "+quoteList(p.Exclude))
	}
	out := slices.Concat(ls[:sec.end], block, ls[sec.end:])
	if sec.end < len(ls) && strings.TrimSpace(ls[sec.end]) != "" {
		out = slices.Insert(out, sec.end+len(block), "")
	}
	res := []byte(strings.Join(out, "\n"))
	c, err := config.Parse(file, res)
	if err != nil {
		return nil, fmt.Errorf("%s: adding package %q would give a config that does not load: %w", file, p.Name, err)
	}
	if !hasPackage(c, sbomPath, p.Name) {
		return nil, fmt.Errorf("%s: adding package %q: the edited config does not declare it (please report this)", file, p.Name)
	}
	return res, nil
}

// RemovePackage returns data without the [[sbom.package]] called name (and
// the pins and tables nested in it) of the [[sbom]] whose path is sbomPath.
func RemovePackage(file string, data []byte, sbomPath, name string) ([]byte, error) {
	ls := lines(data)
	sec, err := sbomSection(ls, sbomPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var blocks []section
	for i := sec.start; i < sec.end; i++ {
		if t, ok := tableOf(ls[i]); !ok || t != "sbom.package" {
			continue
		}
		end := sec.end
		pkgName := ""
		for j := i + 1; j < sec.end; j++ {
			if t, ok := tableOf(ls[j]); ok {
				if !strings.HasPrefix(t, "sbom.package.") {
					end = j
					break
				}
				continue
			}
			if m := nameLine.FindStringSubmatch(ls[j]); m != nil && pkgName == "" && !inSubtable(ls, i, j) {
				pkgName = m[1]
			}
		}
		if pkgName == name {
			blocks = append(blocks, section{i, attachComments(ls, i, end)})
		}
		i = end - 1
	}
	if len(blocks) != 1 {
		return nil, fmt.Errorf("%s: the [[sbom]] with path = %q has %d [[sbom.package]] tables named %q, want exactly one", file, sbomPath, len(blocks), name)
	}
	b := blocks[0]
	// Take the blank line before the block with it, so no gap of two remains.
	start := b.start
	if start > 0 && strings.TrimSpace(ls[start-1]) == "" {
		start--
	}
	out := slices.Concat(ls[:start], ls[b.end:])
	res := []byte(strings.Join(out, "\n"))
	c, err := config.Parse(file, res)
	if err != nil {
		return nil, fmt.Errorf("%s: removing package %q would give a config that does not load: %w", file, name, err)
	}
	if hasPackage(c, sbomPath, name) {
		return nil, fmt.Errorf("%s: removing package %q: the edited config still declares it (please report this)", file, name)
	}
	return res, nil
}

func hasPackage(c *config.Config, sbomPath, name string) bool {
	for _, s := range c.SBOMs {
		if s.Path != sbomPath {
			continue
		}
		for _, p := range s.Packages {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = tomlstr.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
