package validate

import (
	"fmt"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/openvex"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

// Document validates an SBOM in any format sbomkeeper reads, telling the
// format from the content: SPDX 2.3, CycloneDX 1.5, 1.6 or 1.7, or SPDX 3.0.1;
// and OpenVEX 0.2.0 documents (openvex.Check).
func Document(name string, data []byte, opts Options) ([]rules.Finding, sbomformat.Format, error) {
	if fs, f, ok, err := spdx2Streamed(name, data, opts); ok || err != nil {
		return fs, f, err
	}
	inst, err := decode(name, data)
	if err != nil {
		return nil, sbomformat.Format{}, err
	}
	f, err := sbomformat.Of(name, inst)
	if err != nil {
		return nil, f, err
	}
	var fs []rules.Finding
	switch f.Kind {
	case sbomformat.SPDX2:
		fs, err = spdx2(name, data, inst, opts)
	case sbomformat.CycloneDX:
		fs, err = cycloneDX(name, data, inst, opts)
	case sbomformat.SPDX3:
		if f.Version != "3.0.1" {
			return nil, f, fmt.Errorf("%s: SPDX %s: sbomkeeper validates SPDX 3.0.1", name, f.Version)
		}
		fs, err = spdx3Doc(name, data, inst, opts)
	case sbomformat.OpenVEX:
		// Check names a @context other than 0.2.0's as an error itself.
		fs = openvex.Check(name, data)
	}
	if err == nil && opts.Artifact != nil && f.Kind != sbomformat.SPDX2 {
		fs = append(fs, finding(name, rules.Note, RuleArtifact, "/", "", fmt.Sprintf("the artifact %s is checked against SPDX 2.3 documents only, not %s", opts.Artifact.Name, f.Kind)))
	}
	return fs, f, err
}

// decode reads data into generic JSON values once, for the schema, the format
// detection and the semantic rules.
func decode(name string, data []byte) (any, error) {
	inst, err := jsonschema.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not JSON: %w", name, err)
	}
	return inst, nil
}
