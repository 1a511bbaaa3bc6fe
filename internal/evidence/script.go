package evidence

import (
	"path"
	"regexp"
	"strings"
)

// Tree answers what exists in the tree (paths relative to the root,
// '/'-separated).
type Tree interface {
	IsFile(p string) bool
	IsDir(p string) bool
	// Under lists the files below dir, sorted.
	Under(dir string) []string
}

// IsScriptName reports whether a file's name is that of an update script:
// refresh.sh, update-zlib.bash, fetch_macholib, ...
func IsScriptName(name string) bool {
	lower := strings.ToLower(name)
	ext := path.Ext(lower)
	stem := strings.TrimSuffix(lower, ext)
	shell := ext == "" || ext == ".sh" || ext == ".bash" || ext == ".bat" || ext == ".cmd"
	if !shell {
		return false
	}
	for _, p := range []string{"refresh", "update", "fetch", "vendor", "import", "sync-", "sync_", "bump"} {
		if strings.HasPrefix(stem, p) {
			return true
		}
	}
	return false
}

var (
	assignRe   = regexp.MustCompile(`(?m)^[ \t]*(?:(?:readonly|export|local|declare(?:[ \t]+-\w+)?|set)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"\n$` + "`" + `]*"|'[^'\n]*'|[^\s;#"'$(` + "`" + `][^\s;#"'` + "`" + `]*)`)
	arrayRe    = regexp.MustCompile(`(?m)^[ \t]*[A-Za-z_][A-Za-z0-9_]*=\(([^)]*)\)`)
	urlRe      = regexp.MustCompile(`(?:https?|svn|git)://[^\s"'<>()|;` + "`" + `]+`)
	githubRe   = regexp.MustCompile(`^https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)`)
	varRe      = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)
	redirectRe = regexp.MustCompile(`(?m)(?:^|[^0-9&>])>[ \t]*["']?([A-Za-z0-9_][A-Za-z0-9_./-]*)`)
	hex64Re    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	hex40Re    = regexp.MustCompile(`^[0-9a-f]{40}$`)
	pinVarRe   = regexp.MustCompile(`(?i)^(?:expected_)?(.*?)_?(version|rev|revision|commit|tag|sha256)$`)
)

type assignment struct {
	name, value string
	line        int
	prefix      string // the line's text before the value (after indentation), quote included
}

// Script reads an update script: the repository or URL it copies from, the
// version, revision or tag it pins, the SHA256 it checks, the files it copies
// (its arrays of paths that exist beside it) and where it copies them to.
// It returns nothing for a script that names no upstream.
func Script(file string, data []byte, t Tree) []Finding {
	if isBinary(data) {
		return nil
	}
	vars := map[string]assignment{}
	var order []assignment
	for _, m := range assignRe.FindAllSubmatchIndex(data, -1) {
		name := string(data[m[2]:m[3]])
		raw := string(data[m[4]:m[5]])
		value := strings.Trim(raw, `"'`)
		lineStart := strings.LastIndexByte(string(data[:m[0]]), '\n') + 1
		a := assignment{name: name, value: value, line: lineAt(data, m[4]),
			prefix: strings.TrimLeft(string(data[lineStart:m[4]]), " \t")}
		if strings.HasPrefix(raw, `"`) || strings.HasPrefix(raw, `'`) {
			a.prefix += raw[:1]
		}
		if _, seen := vars[name]; !seen {
			vars[name] = a
			order = append(order, a)
		}
	}
	resolve := func(s string) string {
		for range 3 {
			s = varRe.ReplaceAllStringFunc(s, func(ref string) string {
				n := strings.Trim(ref, "${}")
				if a, ok := vars[n]; ok {
					return a.value
				}
				return ref
			})
		}
		return s
	}
	var urls []string
	for _, u := range urlRe.FindAllString(string(data), -1) {
		urls = append(urls, strings.TrimRight(resolve(u), ".,"))
	}
	for _, a := range order {
		if strings.EqualFold(a.name, "repo") || strings.EqualFold(a.name, "repository") || strings.EqualFold(a.name, "upstream") {
			v := resolve(a.value)
			if !strings.Contains(v, "://") && strings.Count(v, "/") == 1 {
				v = "https://github.com/" + v // owner/name, as update scripts write GitHub repositories
			}
			urls = append([]string{v}, urls...)
		}
	}
	if len(urls) == 0 {
		return nil
	}
	f := Finding{Kind: KindScript, File: file, Dir: dirOf(file)}

	// What it pins.
	var version, tag, rev *assignment
	for i := range order {
		a := &order[i]
		m := pinVarRe.FindStringSubmatch(a.name)
		if m == nil || strings.Contains(a.value, "$") || a.value == "" {
			continue
		}
		switch strings.ToLower(m[2]) {
		case "version":
			if version == nil {
				version = a
			}
		case "tag":
			if tag == nil {
				tag = a
			}
		case "rev", "revision", "commit":
			if rev == nil && (hex40Re.MatchString(a.value) || len(a.value) >= 7) {
				rev = a
			}
		case "sha256":
			if f.SHA256 == "" && hex64Re.MatchString(a.value) {
				f.SHA256 = a.value
				f.Pins = append(f.Pins, Pin{File: file, Line: a.line, Patterns: []string{regexp.QuoteMeta(a.prefix) + `([0-9a-f]{64})`}, Field: "sha256"})
			}
		}
		if f.Name == "" && m[1] != "" && !strings.EqualFold(m[1], "expected") {
			f.Name = strings.ReplaceAll(strings.ToLower(m[1]), "_", "-")
		}
	}
	var pinned *assignment
	strip := ""
	switch {
	case version != nil:
		pinned, f.Version = version, version.value
	case rev != nil:
		pinned, f.Version = rev, rev.value
	case tag != nil:
		pinned, f.Version = tag, tag.value
		if len(tag.value) > 1 && (tag.value[0] == 'v' || tag.value[0] == 'V') && tag.value[1] >= '0' && tag.value[1] <= '9' {
			strip, f.Version = tag.value[:1], tag.value[1:]
		}
	}
	if pinned != nil {
		f.Line = pinned.line
		f.Pins = append([]Pin{{File: file, Line: pinned.line, Patterns: []string{regexp.QuoteMeta(pinned.prefix+strip) + `([^"'\s]+)`}, Field: "version"}}, f.Pins...)
		f.Detail = "pins " + pinned.name
	} else {
		f.Detail = "copies from " + urls[0]
	}

	// Where from: the first GitHub repository, or the first URL.
	var repo string
	for _, u := range urls {
		if m := githubRe.FindStringSubmatch(u); m != nil {
			repo = "https://github.com/" + m[1] + "/" + strings.TrimSuffix(m[2], ".git")
			// A repository named in the URL beats a variable's name.
			f.Name = strings.TrimSuffix(m[2], ".git")
			break
		}
	}
	if f.Name == "" {
		u := strings.TrimRight(urls[0], "/")
		f.Name = u[strings.LastIndex(u, "/")+1:]
	}
	// The release it downloads, when the URL resolves to an archive of the version.
	for _, u := range urls {
		if f.Version != "" && !strings.Contains(u, "$") && isArchiveURL(u) && strings.Contains(u, f.Version) {
			f.DownloadLocation = u
			break
		}
	}
	if f.DownloadLocation == "" && repo != "" && pinned != nil && (pinned == rev || pinned == tag) {
		f.DownloadLocation = "git+" + repo + "@" + pinned.value
	}
	if f.DownloadLocation == "" {
		f.SHA256 = "" // a checksum of what, then?
		f.Pins = onlyVersionPins(f.Pins)
	}

	// What it copies: paths in its arrays that exist beside it (or whose
	// name is that of exactly one file below it: copied into another
	// directory), and files it writes itself.
	scriptDir := dirOf(file)
	byName := map[string][]string{}
	for _, u := range t.Under(scriptDir) {
		byName[path.Base(u)] = append(byName[path.Base(u)], u)
	}
	addCopied := func(tok string) {
		tok = strings.Trim(tok, `"'`)
		if tok == "" || strings.ContainsAny(tok, "$*?[") {
			return
		}
		p := path.Join(scriptDir, tok)
		if !t.IsFile(p) {
			if same := byName[path.Base(tok)]; len(same) == 1 {
				p = same[0]
			} else {
				return
			}
		}
		if !contains(f.Files, p) {
			f.Files = append(f.Files, p)
		}
	}
	for _, m := range arrayRe.FindAllSubmatch(data, -1) {
		for _, tok := range strings.Fields(string(m[1])) {
			addCopied(tok)
		}
	}
	if f.Files != nil {
		for _, m := range redirectRe.FindAllSubmatch(data, -1) {
			if p := path.Join(scriptDir, string(m[1])); t.IsFile(p) && !contains(f.Files, p) {
				f.Files = append(f.Files, p)
			}
		}
	}
	// Where to: a directory of the tree the script names, else its own.
	for _, tok := range strings.FieldsFunc(string(data), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '"' || r == '\'' || r == '=' || r == ';' || r == '(' || r == ')'
	}) {
		tok = strings.TrimPrefix(varRe.ReplaceAllString(tok, ""), "/")
		tok = strings.TrimSuffix(tok, "/")
		if !strings.Contains(tok, "/") || strings.Contains(tok, "://") || strings.HasPrefix(tok, ".") {
			continue
		}
		if t.IsDir(tok) && !strings.HasPrefix(scriptDir+"/", tok+"/") {
			f.Dir = tok
			f.Files = nil // the copy list was relative to the script
			break
		}
	}
	if f.Dir == scriptDir {
		f.Own = append(f.Own, file)
	}
	return []Finding{f}
}

func onlyVersionPins(pins []Pin) []Pin {
	var out []Pin
	for _, p := range pins {
		if p.Field == "version" {
			out = append(out, p)
		}
	}
	return out
}

func isArchiveURL(u string) bool {
	for _, ext := range []string{".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".tar.zst", ".zip", ".whl"} {
		if strings.HasSuffix(u, ext) {
			return true
		}
	}
	return false
}
