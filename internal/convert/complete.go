package convert

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// complete returns doc with every document-level member SPDX 2.3 requires
// (spdxVersion, dataLicense, SPDXID, name, documentNamespace,
// creationInfo.created and creators) that doc lacks filled in with a stated
// default, and one Loss for each default, so that what convert writes as
// SPDX 2.3 validates and the user sees what was made up. doc itself is not
// changed: callers write the same model in several formats.
//
// The defaults: SPDX-2.3, CC0-1.0, SPDXRef-DOCUMENT, the name of the one
// package the document describes (else "SBOM"), a namespace
// https://spdx.org/spdxdocs/sbomkeeper/<SHA-256 of the canonical input
// model>, opts.Created and opts.Tool. Without opts.Created a document that
// has no creation time is an error.
func complete(doc *spdx.Document, opts Options) (*spdx.Document, []Loss, error) {
	out := *doc
	var losses []Loss
	add := func(path, format string, args ...any) {
		losses = append(losses, Loss{Path: path, What: fmt.Sprintf(format, args...)})
	}
	if out.SPDXVersion == "" {
		out.SPDXVersion = "SPDX-2.3"
		add("/spdxVersion", "the input has no spdxVersion; written as SPDX-2.3")
	}
	if out.DataLicense == "" {
		out.DataLicense = "CC0-1.0"
		add("/dataLicense", "the input has no dataLicense; written as CC0-1.0, the only one SPDX 2.3 allows")
	}
	if out.SPDXID == "" {
		out.SPDXID = "SPDXRef-DOCUMENT"
		add("/SPDXID", "the input has no SPDXID; written as SPDXRef-DOCUMENT")
	}
	if out.Name == "" {
		out.Name = defaultName(doc)
		add("/name", "the input has no document name; written as %q (the package it describes, else \"SBOM\")", out.Name)
	}
	if out.DocumentNamespace == "" {
		canonical, err := spdx.Marshal(doc)
		if err != nil {
			return nil, nil, fmt.Errorf("deriving a documentNamespace: %w", err)
		}
		sum := sha256.Sum256(canonical)
		out.DocumentNamespace = "https://spdx.org/spdxdocs/sbomkeeper/" + hex.EncodeToString(sum[:])
		add("/documentNamespace", "the input has no documentNamespace; written as %s (from the SHA-256 of its content, so the same input gets the same namespace)", out.DocumentNamespace)
	}
	ci := spdx.CreationInfo{}
	if doc.CreationInfo != nil {
		ci = *doc.CreationInfo
	}
	if ci.Created == "" {
		if opts.Created.IsZero() {
			return nil, nil, errors.New("the document has no creation time (creationInfo.created, CycloneDX metadata.timestamp) and none was given; set SOURCE_DATE_EPOCH")
		}
		t := opts.Created.UTC()
		if t.Year() < 0 || t.Year() > 9999 {
			return nil, nil, fmt.Errorf("the creation time %v is outside years 0000-9999", opts.Created)
		}
		ci.Created = t.Format("2006-01-02T15:04:05Z")
		from := opts.CreatedFrom
		if from == "" {
			from = "the time given to convert"
		}
		add("/creationInfo/created", "the input has no creation time; SPDX 2.3 requires one: written as %s (%s)", ci.Created, from)
	}
	if len(ci.Creators) == 0 {
		if opts.Tool == "" {
			return nil, nil, errors.New("the document names no creator (creationInfo.creators, CycloneDX metadata.authors, manufacturer or tools) and no tool was given")
		}
		ci.Creators = []string{opts.Tool}
		add("/creationInfo/creators", "the input names no creator; SPDX 2.3 requires one: written as %q", opts.Tool)
	}
	ci.Creators = slices.Clone(ci.Creators)
	out.CreationInfo = &ci
	return &out, losses, nil
}

// defaultName is the name of the one package the document describes, or
// "SBOM".
func defaultName(doc *spdx.Document) string {
	var described []string
	described = append(described, doc.DocumentDescribes...)
	for _, r := range doc.Relationships {
		if r.RelationshipType == "DESCRIBES" && (r.SPDXElementID == doc.SPDXID || r.SPDXElementID == "SPDXRef-DOCUMENT") {
			described = append(described, r.RelatedSPDXElement)
		}
	}
	slices.Sort(described)
	described = slices.Compact(described)
	if len(described) == 1 {
		for _, p := range doc.Packages {
			if p.SPDXID == described[0] && p.Name != "" {
				return p.Name
			}
		}
	}
	return "SBOM"
}
