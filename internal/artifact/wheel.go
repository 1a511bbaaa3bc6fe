package artifact

import (
	"slices"

	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheelsbom"
)

// wheelSBOM is the SBOM of a wheel no [[artifact.kind]] matches: the wheel
// describes itself (METADATA, RECORD, its vendored trees, the SBOMs it
// carries), so it needs no config. An [artifact] section, when there is one,
// gives the supplier and creators.
func wheelSBOM(file string, opts Options) ([]byte, error) {
	dopts := wheelsbom.DocumentOptions{Created: opts.Now}
	if a := opts.Config; a != nil {
		dopts.Supplier = a.Supplier
		dopts.Creators = slices.Clone(a.Creators)
	}
	if opts.Tool != "" {
		dopts.Creators = append(dopts.Creators, opts.Tool)
	}
	doc, err := wheelsbom.DocumentFile(file, dopts)
	if err != nil {
		return nil, err // DocumentFile names the file
	}
	return spdx.MarshalNormalized(doc)
}
