package cyclonedx

import (
	"bytes"
	"encoding/json"
)

// The CycloneDX 1.6 subset FromSPDX writes. Field order is output order; every
// optional member is omitted when empty, so the bytes depend on the content
// only.

const (
	specVersion = "1.6"
	schemaURL   = "http://cyclonedx.org/schema/bom-1.6.schema.json"
)

type bom struct {
	Schema       string       `json:"$schema"`
	BOMFormat    string       `json:"bomFormat"`
	SpecVersion  string       `json:"specVersion"`
	SerialNumber string       `json:"serialNumber,omitempty"`
	Version      int          `json:"version"`
	Metadata     *metadata    `json:"metadata,omitempty"`
	Components   []*component `json:"components,omitempty"`
	Dependencies []dependency `json:"dependencies,omitempty"`
}

type metadata struct {
	Timestamp    string          `json:"timestamp,omitempty"`
	Tools        *tools          `json:"tools,omitempty"`
	Manufacturer *entity         `json:"manufacturer,omitempty"`
	Authors      []contact       `json:"authors,omitempty"`
	Component    *component      `json:"component,omitempty"`
	Licenses     []licenseChoice `json:"licenses,omitempty"`
	Properties   []property      `json:"properties,omitempty"`
}

type tools struct {
	Components []*component `json:"components"`
}

type component struct {
	Type               string          `json:"type"`
	BOMRef             string          `json:"bom-ref,omitempty"`
	Supplier           *entity         `json:"supplier,omitempty"`
	Manufacturer       *entity         `json:"manufacturer,omitempty"`
	Authors            []contact       `json:"authors,omitempty"`
	Name               string          `json:"name"`
	Version            string          `json:"version,omitempty"`
	Description        string          `json:"description,omitempty"`
	Hashes             []hash          `json:"hashes,omitempty"`
	Licenses           []licenseChoice `json:"licenses,omitempty"`
	Copyright          string          `json:"copyright,omitempty"`
	CPE                string          `json:"cpe,omitempty"`
	PURL               string          `json:"purl,omitempty"`
	ExternalReferences []extRef        `json:"externalReferences,omitempty"`
	Components         []*component    `json:"components,omitempty"`
	Properties         []property      `json:"properties,omitempty"`
}

// entity is an organizationalEntity.
type entity struct {
	Name    string    `json:"name,omitempty"`
	Contact []contact `json:"contact,omitempty"`
}

// contact is an organizationalContact.
type contact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

type hash struct {
	Alg     string `json:"alg"`
	Content string `json:"content"`
}

// licenseChoice is one item of a licenses array: a license, or an
// expression (then the array's only item).
type licenseChoice struct {
	License         *license `json:"license,omitempty"`
	Expression      string   `json:"expression,omitempty"`
	Acknowledgement string   `json:"acknowledgement,omitempty"`
}

type license struct {
	ID              string `json:"id,omitempty"`
	Name            string `json:"name,omitempty"`
	Acknowledgement string `json:"acknowledgement,omitempty"`
}

type extRef struct {
	URL  string `json:"url"`
	Type string `json:"type"`
}

type dependency struct {
	Ref       string   `json:"ref"`
	DependsOn []string `json:"dependsOn,omitempty"`
}

type property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func encode(b *bom, compact bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if !compact {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
