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
)

func (k Kind) String() string {
	switch k {
	case SPDX2:
		return "SPDX 2"
	case CycloneDX:
		return "CycloneDX"
	case SPDX3:
		return "SPDX 3"
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
	Graph       json.RawMessage `json:"@graph"`
}

// Detect reads the document's top-level members. name is used in errors only.
func Detect(name string, data []byte) (Format, error) {
	var p probe
	if err := json.Unmarshal(data, &p); err != nil {
		return Format{}, fmt.Errorf("%s: not a JSON object: %w", name, err)
	}
	str := func(v any) string { s, _ := v.(string); return s }
	switch {
	case str(p.BOMFormat) == "CycloneDX":
		return Format{CycloneDX, str(p.SpecVersion)}, nil
	case p.SPDXVersion != nil:
		return Format{SPDX2, str(p.SPDXVersion)}, nil
	case len(p.Context) > 0 && strings.Contains(string(p.Context), "spdx.org/rdf/3"):
		v := ""
		if i := strings.Index(string(p.Context), "spdx.org/rdf/"); i >= 0 {
			v, _, _ = strings.Cut(string(p.Context)[i+len("spdx.org/rdf/"):], "/")
		}
		return Format{SPDX3, v}, nil
	}
	return Format{}, fmt.Errorf(`%s: not an SBOM sbomkeeper knows: no "spdxVersion" (SPDX 2), no "bomFormat": "CycloneDX", no SPDX 3 "@context"`, name)
}
