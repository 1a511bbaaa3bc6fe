package rules

import "slices"

// Severity orders findings; only errors fail a command.
type Severity int

// Severities, least severe first.
const (
	Note Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	}
	return "error"
}

// Finding is one result of one rule. It is a value: rendering is elsewhere.
type Finding struct {
	Rule     string   // the rule's ID, e.g. "pin-mismatch"
	Severity Severity //
	// Blocking findings mean the document could not be generated, so nothing is
	// written for it.
	Blocking bool
	File     string // the file the finding is about, relative to the root
	Line     int    // 1-based line in File, 0 when unknown
	SBOM     string // the SBOM document concerned, relative to the root
	Package  string // the SPDX package name concerned, if any
	Message  string // one sentence, complete without the fields below
	Expected string // what the rule wanted, when it compares values
	Actual   string // what it found
	Fix      string // the command or edit that fixes it
}

// Failed reports whether any finding is an error.
func Failed(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// Blocked reports whether any finding prevents writing its document.
func Blocked(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Blocking })
}
