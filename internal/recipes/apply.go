package recipes

import (
	"slices"

	"github.com/sbomkeeper/sbomkeeper/internal/externals"
	"github.com/sbomkeeper/sbomkeeper/internal/ident"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Names returns the recipes' names.
func Names(rs []Recipe) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}

// Apply sets each package's versionInfo, downloadLocation and checksum from
// its recipe (the script pins the checksum, so unlike externals nothing is
// left to download), and the version in its CPE 2.3 (field cpeField) and
// PURL references. Packages without a recipe are left alone: the
// package-set rule reports them.
func Apply(doc *spdx.Document, rs []Recipe, cpeField int) {
	for i := range doc.Packages {
		p := &doc.Packages[i]
		j := slices.IndexFunc(rs, func(r Recipe) bool { return r.Name == p.Name })
		if j < 0 {
			continue
		}
		r := rs[j]
		p.VersionInfo = r.Version
		p.DownloadLocation = r.URL
		p.Checksums = []spdx.Checksum{{Algorithm: r.Algorithm, ChecksumValue: r.Checksum}}
		for k := range p.ExternalRefs {
			ref := &p.ExternalRefs[k]
			switch ref.ReferenceType {
			case "cpe23Type":
				ref.ReferenceLocator = externals.SetCPEField(ref.ReferenceLocator, cpeField, r.Version)
			case "purl":
				ref.ReferenceLocator = ident.SetPURLVersion(ref.ReferenceLocator, r.Version)
			}
		}
	}
}
