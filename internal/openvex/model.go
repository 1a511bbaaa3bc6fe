package openvex

import "time"

// Context is the @context of OpenVEX 0.2.0 documents, the only version read.
const Context = "https://openvex.dev/ns/v0.2.0"

// Status is a statement's impact status.
type Status string

// The status labels of OpenVEX 0.2.0.
const (
	NotAffected        Status = "not_affected"
	Affected           Status = "affected"
	Fixed              Status = "fixed"
	UnderInvestigation Status = "under_investigation"
)

// Statuses are the valid statuses, in the specification's order.
var Statuses = []Status{NotAffected, Affected, Fixed, UnderInvestigation}

// Justification is the machine-readable reason for a not_affected status.
type Justification string

// The justification labels of OpenVEX 0.2.0 (CISA's status justifications).
const (
	ComponentNotPresent                         Justification = "component_not_present"
	VulnerableCodeNotPresent                    Justification = "vulnerable_code_not_present"
	VulnerableCodeNotInExecutePath              Justification = "vulnerable_code_not_in_execute_path"
	VulnerableCodeCannotBeControlledByAdversary Justification = "vulnerable_code_cannot_be_controlled_by_adversary"
	InlineMitigationsAlreadyExist               Justification = "inline_mitigations_already_exist"
)

// Justifications are the valid justifications, in the specification's order.
var Justifications = []Justification{
	ComponentNotPresent, VulnerableCodeNotPresent, VulnerableCodeNotInExecutePath,
	VulnerableCodeCannotBeControlledByAdversary, InlineMitigationsAlreadyExist,
}

// Document is an OpenVEX document. The struct order is the member order
// Marshal writes. Timestamps are kept as written (they are compared as
// RFC 3339 times, see Time), so that reading and writing a document does not
// rewrite them.
type Document struct {
	Context     string      `json:"@context"`
	ID          string      `json:"@id"`
	Author      string      `json:"author"`
	Role        string      `json:"role,omitempty"`
	Timestamp   string      `json:"timestamp"`
	LastUpdated string      `json:"last_updated,omitempty"`
	Version     int         `json:"version"`
	Tooling     string      `json:"tooling,omitempty"`
	Statements  []Statement `json:"statements"`

	// Source is the file the document was read from (Parse's name); not
	// written.
	Source string `json:"-"`
}

// Statement is an assertion about the products' status for a vulnerability.
type Statement struct {
	ID                       string        `json:"@id,omitempty"`
	Version                  int           `json:"version,omitempty"`
	Vulnerability            Vulnerability `json:"vulnerability"`
	Timestamp                string        `json:"timestamp,omitempty"`
	LastUpdated              string        `json:"last_updated,omitempty"`
	Products                 []Product     `json:"products,omitempty"`
	Status                   Status        `json:"status"`
	Supplier                 string        `json:"supplier,omitempty"`
	StatusNotes              string        `json:"status_notes,omitempty"`
	Justification            Justification `json:"justification,omitempty"`
	ImpactStatement          string        `json:"impact_statement,omitempty"`
	ActionStatement          string        `json:"action_statement,omitempty"`
	ActionStatementTimestamp string        `json:"action_statement_timestamp,omitempty"`

	// DocumentID and Source name the document the statement came from (its
	// @id and file); an Index fills them in. Not written.
	DocumentID string `json:"-"`
	Source     string `json:"-"`
}

// Vulnerability names a vulnerability and the other IDs it is known by.
type Vulnerability struct {
	ID          string   `json:"@id,omitempty"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
}

// Component is what products and subcomponents share: an IRI, software
// identifiers and hashes, any of which identifies the software.
type Component struct {
	ID          string            `json:"@id,omitempty"`
	Identifiers *Identifiers      `json:"identifiers,omitempty"`
	Hashes      map[string]string `json:"hashes,omitempty"`
}

// Product is the software a statement is about, with the subcomponents in
// which the vulnerability would originate.
type Product struct {
	Component
	Subcomponents []Component `json:"subcomponents,omitempty"`
}

// Identifiers are a component's software identifiers.
type Identifiers struct {
	PURL  string `json:"purl,omitempty"`
	CPE22 string `json:"cpe22,omitempty"`
	CPE23 string `json:"cpe23,omitempty"`
}

// Time parses an OpenVEX timestamp (RFC 3339, fractional seconds allowed).
func Time(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}

// FormatTime writes t as OpenVEX timestamps are written by this package: UTC,
// whole seconds, e.g. 2026-12-03T00:00:00Z.
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}
