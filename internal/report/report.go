package report

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// Formats the renderers accept.
var Formats = []string{"text", "json", "sarif"}

// Summary is what a command did besides its findings.
type Summary struct {
	Command string   // "check" or "regen"
	Written []string // documents written
	Current []string // documents already up to date
	// Held are documents that changed but were not written because a finding
	// about them is an error.
	Held    []string
	Notes   []string // lines printed as they are, after the findings
	DocsURL string   // printed once after findings
	// Root is the directory the findings' relative paths are relative to
	// (SARIF's SRCROOT).
	Root string
}

// Render writes findings in format to w.
func Render(w io.Writer, format string, s Summary, fs []rules.Finding, toolVersion string) error {
	switch format {
	case "text":
		return Text(w, s, fs)
	case "json":
		return JSON(w, s, fs)
	case "sarif":
		return SARIF(w, fs, SARIFOptions{ToolVersion: toolVersion, DocsURL: s.DocsURL, Root: s.Root})
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

// Text is the human rendering: one block per finding, most severe first.
func Text(w io.Writer, s Summary, fs []rules.Finding) error {
	var b strings.Builder
	for _, g := range groupNotes(sorted(fs)) {
		f := g.first
		f.File, f.Message, f.Expected, f.Actual, f.Fix = Printable(f.File), Printable(f.Message), Printable(f.Expected), Printable(f.Actual), Printable(f.Fix)
		loc := f.File
		if f.Line > 0 {
			loc = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		if loc != "" {
			loc += ": "
		}
		fmt.Fprintf(&b, "%s%s: %s [%s]\n", loc, f.Severity, f.Message, f.Rule)
		if f.Expected != "" || f.Actual != "" {
			fmt.Fprintf(&b, "    expected: %s\n    actual:   %s\n", f.Expected, f.Actual)
		}
		if f.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", f.Fix)
		}
		if g.more > 0 {
			fmt.Fprintf(&b, "    and %d more like it (--format json lists each)\n", g.more)
		}
	}
	for _, p := range s.Written {
		fmt.Fprintf(&b, "wrote %s\n", Printable(p))
	}
	for _, p := range s.Held {
		fmt.Fprintf(&b, "not written: %s (fix the errors above, then run regen again)\n", p)
	}
	for _, p := range s.Current {
		fmt.Fprintf(&b, "%s is up to date\n", p)
	}
	for _, n := range s.Notes {
		fmt.Fprintln(&b, n)
	}
	if rules.Failed(fs) && s.DocsURL != "" {
		fmt.Fprintf(&b, "See %s for how this project keeps its SBOM.\n", s.DocsURL)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// group is a finding printed once for itself and more others of its kind.
type group struct {
	first rules.Finding
	more  int
}

// digits finds the numbers in a message: array indexes in JSON paths, and
// counts, which are what repeated notes differ in.
var digits = regexp.MustCompile(`[0-9]+`)

// groupNotes folds notes that differ only in their numbers (the same note
// about /packages/3 and /packages/4) into the first of them, so that a note
// that applies to every package is read once. Errors and warnings are each
// kept: each is something to fix.
func groupNotes(fs []rules.Finding) []group {
	var out []group
	at := map[string]int{}
	for _, f := range fs {
		if f.Severity != rules.Note {
			out = append(out, group{first: f})
			continue
		}
		key := strings.Join([]string{f.File, f.Rule, digits.ReplaceAllString(f.Message, "#"), digits.ReplaceAllString(f.Expected, "#"), digits.ReplaceAllString(f.Actual, "#"), f.Fix}, "\x00")
		if i, ok := at[key]; ok {
			out[i].more++
			continue
		}
		at[key] = len(out)
		out = append(out, group{first: f})
	}
	return out
}

// sorted orders findings by severity (errors first), then file, line and rule,
// so output is deterministic.
func sorted(fs []rules.Finding) []rules.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b rules.Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Blocking bool   `json:"blocking,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	SBOM     string `json:"sbom,omitempty"`
	Package  string `json:"package,omitempty"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	Fix      string `json:"fix,omitempty"`
}

// JSON is the machine rendering: {"command", "ok", "findings", "written", "current", "not_written"}.
func JSON(w io.Writer, s Summary, fs []rules.Finding) error {
	out := struct {
		Command  string        `json:"command"`
		OK       bool          `json:"ok"`
		Findings []jsonFinding `json:"findings"`
		Written  []string      `json:"written,omitempty"`
		Current  []string      `json:"current,omitempty"`
		Held     []string      `json:"not_written,omitempty"`
		Notes    []string      `json:"notes,omitempty"`
		DocsURL  string        `json:"docs_url,omitempty"`
	}{Command: s.Command, OK: !rules.Failed(fs), Findings: []jsonFinding{}, Written: s.Written, Current: s.Current, Held: s.Held, Notes: s.Notes, DocsURL: s.DocsURL}
	for _, f := range sorted(fs) {
		out.Findings = append(out.Findings, jsonFinding{f.Rule, f.Severity.String(), f.Blocking, f.File, f.Line, f.SBOM, f.Package, f.Message, f.Expected, f.Actual, f.Fix})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Printable escapes what a terminal would act on (control characters, ESC,
// C1 codes, invalid UTF-8) the way Go quotes strings, so that a file name or an
// SBOM field from an untrusted tree cannot forge a line of the report or clear
// the screen. Everything else, including non-ASCII letters, is kept.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError }) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
