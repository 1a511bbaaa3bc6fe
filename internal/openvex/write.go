package openvex

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// PublicNamespace is the shared IRI namespace OpenVEX offers documents
// without one of their own (OpenVEX specification, "Public IRI Namespaces").
const PublicNamespace = "https://openvex.dev/docs/public/"

// Marshal writes doc canonically: the members in the specification's order
// (the order of the struct fields), empty optional members left out, map keys
// sorted, two-space indent, no HTML escaping, one final newline. The same
// document gives the same bytes.
func Marshal(doc *Document) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("writing the OpenVEX document: %w", err)
	}
	return b.Bytes(), nil
}

// ContentID is the @id New gives a document: the public namespace and
// "vex-" and the SHA-256 of the statements' compact canonical JSON. Equal
// statements give equal IDs; any change to them gives another.
func ContentID(stmts []Statement) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(stmts); err != nil {
		return "", fmt.Errorf("hashing the OpenVEX statements: %w", err)
	}
	sum := sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return PublicNamespace + "vex-" + hex.EncodeToString(sum[:]), nil
}

// Meta is what a new document says about itself.
type Meta struct {
	Author  string // required: the individual or organisation making the statements
	Role    string
	Tooling string
}

// New makes version 1 of a document with the statements, issued at now.
// Statements without a timestamp get now, so that adding statements later
// never changes when these were made. The @id is ContentID of the statements.
func New(meta Meta, now time.Time, stmts ...Statement) (*Document, error) {
	if meta.Author == "" {
		return nil, fmt.Errorf("an OpenVEX document needs an author (the individual or organisation making the statements)")
	}
	if len(stmts) == 0 {
		return nil, fmt.Errorf("an OpenVEX document needs at least one statement")
	}
	ts := FormatTime(now)
	doc := &Document{
		Context:    Context,
		Author:     meta.Author,
		Role:       meta.Role,
		Timestamp:  ts,
		Version:    1,
		Tooling:    meta.Tooling,
		Statements: stamped(slices.Clone(stmts), ts),
	}
	id, err := ContentID(doc.Statements)
	if err != nil {
		return nil, err
	}
	doc.ID = id
	return doc, nil
}

// Append returns a copy of doc with the statements added after its own, the
// version incremented and last_updated set to now. The @id and the issue
// timestamp stay: it is the same document, in a new version. A statement of
// doc that inherited the document's timestamp gets it written out, as the
// specification asks when statements are added ("Updating Statements with
// Inherited Data"); new statements without a timestamp get now.
func Append(doc *Document, now time.Time, stmts ...Statement) *Document {
	out := *doc
	out.Statements = append(stamped(slices.Clone(doc.Statements), doc.Timestamp), stamped(slices.Clone(stmts), FormatTime(now))...)
	out.Version = doc.Version + 1
	out.LastUpdated = FormatTime(now)
	return &out
}

func stamped(stmts []Statement, ts string) []Statement {
	for i := range stmts {
		if stmts[i].Timestamp == "" {
			stmts[i].Timestamp = ts
		}
	}
	return stmts
}
