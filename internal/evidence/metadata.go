package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/sbomkeeper/sbomkeeper/internal/gomod"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// Chromium reads a README.chromium: "Name:", "Short Name:", "Version:",
// "Revision:", "URL:", "License:", "CPEPrefix:" lines.
func Chromium(file string, data []byte) []Finding {
	fields := map[string]string{}
	lines := map[string]int{}
	for i, raw := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(raw, ":")
		if !ok || strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t") {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if _, seen := fields[k]; !seen {
			fields[k], lines[k] = strings.TrimSpace(v), i+1
		}
	}
	name := fields["short name"]
	if name == "" {
		name = fields["name"]
	}
	if name == "" {
		return nil
	}
	f := Finding{Kind: KindChromium, File: file, Line: lines["version"], Dir: dirOf(file), Own: []string{file},
		Name: name, License: fields["license"], Detail: "README.chromium"}
	if lf := fields["license file"]; lf != "" && f.License != "" {
		f.License += " (License File: " + lf + ")"
	}
	f.Version = fields["version"]
	if f.Version == "" || f.Version == "0" || strings.EqualFold(f.Version, "N/A") || strings.EqualFold(f.Version, "unknown") {
		f.Version, f.Line = fields["revision"], lines["revision"]
	}
	if f.Version == "" || strings.EqualFold(f.Version, "N/A") || strings.EqualFold(f.Version, "unknown") {
		f.Version, f.Line = "", lines["name"]
	}
	if f.Version != "" {
		f.CPE = cpeFromPrefix(fields["cpeprefix"], f.Version)
		u := fields["url"]
		if strings.HasPrefix(u, "https://") && isArchiveURL(u) && strings.Contains(u, f.Version) {
			f.DownloadLocation = u
		}
	}
	return []Finding{f}
}

// cpeFromPrefix turns a CPE prefix as Chromium and Android write it
// ("cpe:/a:vendor:product" or "cpe:2.3:a:vendor:product", with or without
// a version) into a CPE 2.3 of version. "" when the prefix is not one.
func cpeFromPrefix(prefix, version string) string {
	var parts []string
	switch {
	case strings.HasPrefix(prefix, "cpe:/a:"):
		parts = strings.Split(strings.TrimPrefix(prefix, "cpe:/a:"), ":")
	case strings.HasPrefix(prefix, "cpe:2.3:a:"):
		parts = strings.Split(strings.TrimPrefix(prefix, "cpe:2.3:a:"), ":")
	default:
		return ""
	}
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" || strings.ContainsAny(parts[0]+parts[1], " \t*") {
		return ""
	}
	v := version
	if len(parts) >= 3 && parts[2] != "" && parts[2] != "*" {
		v = parts[2]
	}
	if v != version && strings.TrimPrefix(version, "v") != v {
		return "" // the prefix names another version than the file
	}
	return cpe23(parts[0]+":"+parts[1], v)
}

// Android reads an Android METADATA file (text proto): name, the
// third_party block's version, its GIT or ARCHIVE url, license_type and a
// security tag "NVD-CPE2.3:cpe:/a:...". A METADATA of another format (a
// wheel's, say) is not Android's and gives nothing.
func Android(file string, data []byte) []Finding {
	root, err := parseTextProto(data)
	if err != nil {
		return nil
	}
	tp := root.child("third_party")
	name := root.value("name")
	if tp == nil || name == nil {
		return nil
	}
	f := Finding{Kind: KindAndroid, File: file, Line: name.line, Dir: dirOf(file), Own: []string{file}, Name: name.text, Detail: "Android METADATA"}
	if v := tp.value("version"); v != nil {
		f.Version, f.Line = v.text, v.line
	}
	if l := tp.value("license_type"); l != nil {
		f.License = l.text
	}
	version := strings.TrimPrefix(f.Version, "v")
	if version != "" && version != f.Version && len(version) > 0 && version[0] >= '0' && version[0] <= '9' {
		f.Version = version
	}
	var git string
	for _, u := range tp.children("url") {
		typ, val := u.value("type"), u.value("value")
		if typ == nil || val == nil {
			continue
		}
		switch typ.text {
		case "ARCHIVE":
			if f.Version != "" && strings.HasPrefix(val.text, "https://") && strings.Contains(val.text, f.Version) {
				f.DownloadLocation = val.text
			}
		case "GIT":
			git = val.text
		}
	}
	if sec := tp.child("security"); sec != nil && f.Version != "" {
		for _, tag := range sec.values("tag") {
			if p, ok := strings.CutPrefix(tag.text, "NVD-CPE2.3:"); ok {
				f.CPE = cpeFromPrefix(p, f.Version)
			}
		}
	}
	if f.DownloadLocation == "" && git != "" && strings.HasPrefix(git, "https://") {
		if raw := tp.value("version"); raw != nil && raw.text != "" {
			f.DownloadLocation = "git+" + strings.TrimSuffix(git, "/") + "@" + raw.text
		}
	}
	return []Finding{f}
}

// ModuleLicense reads Android's MODULE_LICENSE_<KIND> marker: the directory's
// license kind, by file name.
func ModuleLicense(file string) []Finding {
	kind, ok := strings.CutPrefix(path.Base(file), "MODULE_LICENSE_")
	if !ok || kind == "" {
		return nil
	}
	return []Finding{{Kind: KindModuleLicense, File: file, Dir: dirOf(file), Own: []string{file}, License: kind, Detail: "Android MODULE_LICENSE_" + kind}}
}

// Cargo reads a crate `cargo vendor` copied: its .cargo-checksum.json (the
// crate's SHA256 as "package") and its Cargo.toml ([package] name and
// version).
func Cargo(checksumFile string, checksum, cargoToml []byte) ([]Finding, error) {
	var sum struct {
		Package *string `json:"package"`
	}
	if err := json.Unmarshal(checksum, &sum); err != nil {
		return nil, fmt.Errorf("%s: not cargo's checksum file: %w", checksumFile, err)
	}
	var manifest struct {
		Package struct {
			Name    string `toml:"name"`
			Version any    `toml:"version"`
		} `toml:"package"`
	}
	dir := dirOf(checksumFile)
	tomlFile := path.Join(dir, "Cargo.toml")
	md, err := toml.Decode(string(cargoToml), &manifest)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tomlFile, err)
	}
	version, _ := manifest.Package.Version.(string)
	if manifest.Package.Name == "" || version == "" {
		return nil, fmt.Errorf("%s: [package] has no name or no version string", tomlFile)
	}
	line := 0
	if md.IsDefined("package", "version") {
		line = lineOfKey(cargoToml, "version")
	}
	f := Finding{Kind: KindCargo, File: tomlFile, Line: line, Dir: dir, Own: []string{checksumFile}, Name: manifest.Package.Name, Version: version,
		PURL: "pkg:cargo/" + manifest.Package.Name + "@" + version, Detail: "cargo vendor"}
	if sum.Package != nil && hex64Re.MatchString(*sum.Package) {
		f.SHA256 = *sum.Package // of the .crate file; its URL depends on the registry
	}
	return []Finding{f}, nil
}

func lineOfKey(data []byte, key string) int {
	re := regexp.MustCompile(`(?m)^[ \t]*` + regexp.QuoteMeta(key) + `[ \t]*=`)
	if m := re.FindIndex(data); m != nil {
		return lineAt(data, m[0])
	}
	return 0
}

// GoVendor reads a Go vendor/modules.txt: one package per "# module version"
// line (a replacement by another module at a version stands for it), its
// files under vendor/<module>.
func GoVendor(file string, data []byte, t Tree) []Finding {
	dir := dirOf(file)
	var out []Finding
	for i, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(line, "# ")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		mod, version := "", ""
		switch {
		case len(fields) == 2:
			mod, version = fields[0], fields[1]
		case len(fields) == 5 && fields[2] == "=>":
			mod, version = fields[0], fields[4] // the code is the replacement's
			if !strings.HasPrefix(fields[3], ".") {
				mod = fields[3]
			}
		case len(fields) == 3 && fields[1] == "=>" || len(fields) == 4 && fields[2] == "=>":
			continue // replaced by a local directory: not vendored code
		default:
			continue
		}
		modDir := path.Join(dir, fields[0])
		if !t.IsDir(modDir) {
			continue // only its go.mod matters (no packages used)
		}
		out = append(out, Finding{Kind: KindGoVendor, File: file, Line: i + 1, Dir: modDir, Name: mod, Version: version,
			PURL: gomod.PURL(mod, version), Detail: "Go vendor/modules.txt"})
	}
	return out
}

// PythonVendor reads a vendor.txt of exact pins in a _vendor directory: each
// project's package directory or module file beside it.
func PythonVendor(file string, data []byte, t Tree) ([]Finding, error) {
	pins, err := wheel.ParseVendorTxt(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	dir := dirOf(file)
	var out []Finding
	for _, p := range pins {
		mod := strings.NewReplacer("-", "_", ".", "_").Replace(strings.ToLower(p.Name))
		f := Finding{Kind: KindPythonVendor, File: file, Line: p.Line, Name: p.Name, Version: p.Version,
			PURL: "pkg:pypi/" + strings.ReplaceAll(wheel.Normalize(p.Name), "_", "-") + "@" + p.Version, Detail: "vendor.txt pin"}
		switch d := path.Join(dir, mod); {
		case t.IsDir(d):
			f.Dir = d
		case t.IsFile(d + ".py"):
			f.Dir, f.Files = dir, []string{d + ".py"}
		default:
			continue // pinned but not in the tree: nothing to attribute
		}
		out = append(out, f)
	}
	return out, nil
}

var (
	noteRe        = regexp.MustCompile(`(?i)\b(?:files|code|sources?|contents?)\s+(?:in|of)\s+this\s+directory\s+(?:comes?|came|are|were|is|was)\s+(?:taken\s+|copied\s+|imported\s+)?from\b`)
	noteVersionRe = regexp.MustCompile(`(?i)\bversion\s+v?(\d+(?:\.\d+)+)\b`)
)

// Note reads a README that says the directory's files come from elsewhere
// (macholib's README.ctypes): the note is the project's own, the version it
// names is evidence.
func Note(file string, data []byte) []Finding {
	m := noteRe.FindIndex(data)
	if m == nil || isBinary(data) {
		return nil
	}
	f := Finding{Kind: KindNote, File: file, Line: lineAt(data, m[0]), Dir: dirOf(file), Own: []string{file}, Detail: "provenance note"}
	if v := noteVersionRe.FindSubmatchIndex(data); v != nil {
		f.Version, f.Line = string(data[v[2]:v[3]]), lineAt(data, v[0])
	}
	return []Finding{f}
}

// IsLicenseName reports whether a file's name is a license file's: COPYING,
// LICENSE, LICENCE or COPYRIGHT in capitals, with an optional suffix
// (LICENSE.txt, LICENSE-MIT). Lower-case license.rst is documentation.
func IsLicenseName(name string) bool {
	stem := name
	if i := strings.IndexAny(name, ".-_"); i >= 0 {
		stem = name[:i]
	}
	return stem == "COPYING" || stem == "LICENSE" || stem == "LICENCE" || stem == "COPYRIGHT"
}

// License reads a license file: a boundary when its text is not the root's.
func License(file string, data []byte, rootLicenses [][]byte) []Finding {
	norm := normalizeSpace(data)
	for _, r := range rootLicenses {
		if bytes.Equal(norm, normalizeSpace(r)) {
			return nil
		}
	}
	return []Finding{{Kind: KindLicense, File: file, Dir: dirOf(file), Detail: "own license file"}}
}

func normalizeSpace(b []byte) []byte {
	return bytes.Join(bytes.Fields(b), []byte(" "))
}
