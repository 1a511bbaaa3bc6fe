package externals

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Entry is one library the build script fetches.
type Entry struct {
	Name    string
	Version string
	Tag     string // name-version, as the script writes it
	Line    int    // 1-based line of the script
}

// Parse finds the entries of a build script. With named groups "name" and
// "version" in re they are taken as they are; otherwise group 1 holds
// "name-version", split at the last '-'. The same name with two different
// versions is an error: which one the build uses depends on the script's logic,
// which a pattern cannot know.
func Parse(script []byte, re *regexp.Regexp) ([]Entry, error) {
	nameIdx, versionIdx := re.SubexpIndex("name"), re.SubexpIndex("version")
	var out []Entry
	for _, m := range re.FindAllSubmatchIndex(script, -1) {
		group := func(i int) string {
			if i < 0 || 2*i+1 >= len(m) || m[2*i] < 0 {
				return ""
			}
			return string(script[m[2*i]:m[2*i+1]])
		}
		var e Entry
		if nameIdx >= 0 && versionIdx >= 0 {
			e.Name, e.Version = group(nameIdx), group(versionIdx)
			e.Tag = e.Name + "-" + e.Version
		} else {
			e.Tag = group(1)
			i := strings.LastIndexByte(e.Tag, '-')
			if i < 0 {
				e.Name = e.Tag
			} else {
				e.Name, e.Version = e.Tag[:i], e.Tag[i+1:]
			}
		}
		e.Line = 1 + strings.Count(string(script[:m[0]]), "\n")
		if e.Name == "" || e.Version == "" {
			return nil, fmt.Errorf("line %d: %q is not name-version", e.Line, e.Tag)
		}
		if j := slices.IndexFunc(out, func(x Entry) bool { return x.Name == e.Name }); j >= 0 {
			if out[j].Version != e.Version {
				return nil, fmt.Errorf("line %d: %s is listed as %s here and as %s on line %d", e.Line, e.Name, e.Version, out[j].Version, out[j].Line)
			}
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// Names returns the entries' names.
func Names(entries []Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
	}
	return out
}

// Apply sets each package's versionInfo, the version field of its CPE 2.3
// references and its downloadLocation from the entries; a package whose
// download URL changed loses its checksums, which must then be computed again.
// Packages without an entry are left alone (the package-set rule reports them).
// It returns the names of packages whose checksums were dropped.
func Apply(doc *spdx.Document, entries []Entry, cfg *config.Externals) []string {
	var dropped []string
	for i := range doc.Packages {
		p := &doc.Packages[i]
		j := slices.IndexFunc(entries, func(e Entry) bool { return e.Name == p.Name })
		if j < 0 {
			continue
		}
		e := entries[j]
		p.VersionInfo = e.Version
		for k := range p.ExternalRefs {
			ref := &p.ExternalRefs[k]
			if ref.ReferenceType == "cpe23Type" {
				ref.ReferenceLocator = SetCPEField(ref.ReferenceLocator, cfg.CPEVersionField, e.Version)
			}
		}
		url := Expand(cfg.DownloadURL, e)
		if url != p.DownloadLocation {
			p.DownloadLocation = url
			if p.Checksums != nil {
				dropped = append(dropped, p.Name)
			}
			p.Checksums = nil
		}
	}
	return dropped
}

// Expand fills a download URL template.
func Expand(template string, e Entry) string {
	return strings.NewReplacer("{name}", e.Name, "{version}", e.Version, "{tag}", e.Tag).Replace(template)
}

// SetCPEField replaces the field-th (1-based) ':'-separated field of a CPE with
// value. Like CPython's substitution, it changes nothing unless the CPE starts
// with "cpe", the fields before it are non-empty and another field follows it.
func SetCPEField(cpe string, field int, value string) string {
	parts := strings.Split(cpe, ":")
	if field < 2 || len(parts) <= field || parts[0] != "cpe" {
		return cpe
	}
	for _, p := range parts[1:field] {
		if p == "" {
			return cpe
		}
	}
	parts[field-1] = value
	return strings.Join(parts, ":")
}
