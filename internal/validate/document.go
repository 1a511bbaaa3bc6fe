package validate

import (
	"fmt"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

// Document validates an SBOM in any format sbomkeeper reads, telling the
// format from the content: SPDX 2.3, CycloneDX 1.5/1.6 or SPDX 3.0.1.
func Document(name string, data []byte, opts Options) ([]rules.Finding, sbomformat.Format, error) {
	f, err := sbomformat.Detect(name, data)
	if err != nil {
		return nil, f, err
	}
	var fs []rules.Finding
	switch f.Kind {
	case sbomformat.SPDX2:
		fs, err = SPDX(name, data, opts)
	case sbomformat.CycloneDX:
		fs, err = CycloneDX(name, data, opts)
	case sbomformat.SPDX3:
		if f.Version != "3.0.1" {
			return nil, f, fmt.Errorf("%s: SPDX %s: sbomkeeper validates SPDX 3.0.1", name, f.Version)
		}
		fs, err = SPDX3(name, data, opts)
	}
	return fs, f, err
}
