package sbomformat

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Kind is an SBOM format.
type Kind int

// The formats sbomkeeper reads.
const (
	Unknown Kind = iota
	SPDX2
	CycloneDX
	SPDX3
	// OpenVEX is not an SBOM but statements about one's packages; validate
	// reads it too.
	OpenVEX
)

func (k Kind) String() string {
	switch k {
	case SPDX2:
		return "SPDX 2"
	case CycloneDX:
		return "CycloneDX"
	case SPDX3:
		return "SPDX 3"
	case OpenVEX:
		return "OpenVEX"
	}
	return "unknown"
}

// Format is what Detect found: the kind and the version the document claims
// ("SPDX-2.3", "1.6", "3.0.1"; empty when it claims none).
type Format struct {
	Kind    Kind
	Version string
}

// probe holds the few top-level members that tell the formats apart; the
// decoder skips everything else without building it.
type probe struct {
	SPDXVersion any             `json:"spdxVersion"`
	BOMFormat   any             `json:"bomFormat"`
	SpecVersion any             `json:"specVersion"`
	Context     json.RawMessage `json:"@context"`
}

// Detect reads the document's top-level members. name is used in errors only.
func Detect(name string, data []byte) (Format, error) {
	if kind := topLevel(data); kind != "" {
		return Format{}, fmt.Errorf("%s: the top-level JSON value is %s; an SBOM is a JSON object", name, kind)
	}
	var p probe
	if err := json.Unmarshal(data, &p); err != nil {
		return Format{}, fmt.Errorf("%s: not a JSON object: %w", name, err)
	}
	return classify(name, p.BOMFormat, p.SpecVersion, p.SPDXVersion, string(p.Context))
}

// topLevel names the kind of a top-level JSON value that is not an object
// ("an array"), from its first byte; "" for an object or what is no JSON.
func topLevel(data []byte) string {
	s := strings.TrimLeft(string(data), " \t\r\n")
	if s == "" {
		return ""
	}
	switch c := s[0]; {
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	case strings.HasPrefix(s, "true") || strings.HasPrefix(s, "false"):
		return "a boolean"
	case strings.HasPrefix(s, "null"):
		return "null"
	}
	return ""
}

// Of tells the format of a document already decoded into generic JSON values
// (a map[string]any at the top), for callers that need the decoded form anyway.
func Of(name string, v any) (Format, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Format{}, fmt.Errorf("%s: the top-level JSON value is not an object", name)
	}
	var context string
	if c, ok := m["@context"]; ok {
		b, _ := json.Marshal(c)
		context = string(b)
	}
	return classify(name, m["bomFormat"], m["specVersion"], m["spdxVersion"], context)
}

func classify(name string, bomFormat, specVersion, spdxVersion any, context string) (Format, error) {
	str := func(v any) string { s, _ := v.(string); return s }
	switch {
	case str(bomFormat) == "CycloneDX":
		return Format{CycloneDX, str(specVersion)}, nil
	case spdxVersion != nil:
		return Format{SPDX2, str(spdxVersion)}, nil
	case strings.Contains(context, "spdx.org/rdf/3"):
		i := strings.Index(context, "spdx.org/rdf/")
		v, _, _ := strings.Cut(context[i+len("spdx.org/rdf/"):], "/")
		return Format{SPDX3, v}, nil
	case strings.Contains(context, "openvex.dev/ns"):
		// https://openvex.dev/ns/v0.2.0; without a version the
		// specification means v0.0.1.
		_, v, _ := strings.Cut(context, "openvex.dev/ns")
		v = strings.TrimPrefix(strings.TrimPrefix(v, "/"), "v")
		v, _, _ = strings.Cut(v, `"`)
		v, _, _ = strings.Cut(v, "/")
		if v == "" {
			v = "0.0.1"
		}
		return Format{OpenVEX, v}, nil
	}
	return Format{}, fmt.Errorf(`%s: not an SBOM sbomkeeper knows: no "spdxVersion" (SPDX 2), no "bomFormat": "CycloneDX", no SPDX 3 or OpenVEX "@context"`, name)
}
