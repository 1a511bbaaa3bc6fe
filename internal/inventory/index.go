package inventory

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// Doc is one document as the store keeps it: its bytes and what is indexed.
type Doc struct {
	SHA256    string // of Content, lower-case hex: the document's key
	Source    string // the name it was added under (a file name)
	Name      string // the document's own name
	Namespace string
	Format    string // "SPDX 2.3", "CycloneDX 1.6", "SPDX 3.0.1"
	Created   string
	Content   []byte
	Packages  []PackageRow
	Files     []FileRow
}

// PackageRow is one package of a document.
type PackageRow struct {
	Seq      int // position in the document, 0-based
	SPDXID   string
	Name     string
	Version  string
	PURL     string // the first PURL ref, as written
	PURLType string // lower-case type of PURL, "" without one
	Idents   []Ident
	Checksum []Checksum
}

// Ident is an external identifier of a package.
type Ident struct {
	Kind  string // "purl", "cpe23Type", "cpe22Type", or the ref's type
	Value string
}

// Checksum is an algorithm and a lower-case hex value.
type Checksum struct {
	Algorithm string // as SPDX spells it: SHA256, SHA1, ...
	Value     string
}

// FileRow is one file of a document.
type FileRow struct {
	Seq      int
	SPDXID   string
	Name     string
	Package  string // name of the package that contains it, "" when none says so
	Checksum []Checksum
}

// Index returns the rows stored for a document read from content.
func Index(source, format string, content []byte, d *spdx.Document) Doc {
	sum := sha256.Sum256(content)
	doc := Doc{
		SHA256:    hex.EncodeToString(sum[:]),
		Source:    source,
		Name:      d.Name,
		Namespace: d.DocumentNamespace,
		Format:    format,
		Content:   content,
	}
	if d.CreationInfo != nil {
		doc.Created = d.CreationInfo.Created
	}
	owner := map[string]string{} // file SPDX ID -> package name
	pkgName := map[string]string{}
	for i, p := range d.Packages {
		pkgName[p.SPDXID] = p.Name
		row := PackageRow{Seq: i, SPDXID: p.SPDXID, Name: p.Name, Version: p.VersionInfo}
		for _, r := range p.ExternalRefs {
			kind := r.ReferenceType
			if strings.EqualFold(kind, "purl") {
				kind = "purl"
				if row.PURL == "" {
					row.PURL = r.ReferenceLocator
					row.PURLType = purlType(r.ReferenceLocator)
				}
			}
			row.Idents = append(row.Idents, Ident{Kind: kind, Value: r.ReferenceLocator})
		}
		row.Checksum = checksums(p.Checksums)
		doc.Packages = append(doc.Packages, row)
		for _, f := range p.HasFiles {
			owner[f] = p.Name
		}
	}
	for _, r := range d.Relationships {
		if r.RelationshipType == "CONTAINS" {
			if n, ok := pkgName[r.SPDXElementID]; ok {
				if _, set := owner[r.RelatedSPDXElement]; !set {
					owner[r.RelatedSPDXElement] = n
				}
			}
		}
	}
	for i, f := range d.Files {
		doc.Files = append(doc.Files, FileRow{
			Seq: i, SPDXID: f.SPDXID, Name: f.FileName, Package: owner[f.SPDXID],
			Checksum: checksums(f.Checksums),
		})
	}
	return doc
}

func checksums(cs []spdx.Checksum) []Checksum {
	var out []Checksum
	for _, c := range cs {
		out = append(out, Checksum{Algorithm: strings.ToUpper(c.Algorithm), Value: strings.ToLower(c.ChecksumValue)})
	}
	return out
}

// purlType is the lower-cased type of a PURL, "" when s is not one.
func purlType(s string) string {
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, "/")
	t, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return strings.ToLower(t)
}

// purlBase is a PURL without version, qualifiers and subpath, lower-cased
// type, for matching --purl pkg:pypi/requests against pkg:pypi/requests@2.31.0.
func purlBase(s string) string {
	s, _, _ = strings.Cut(s, "#")
	s, _, _ = strings.Cut(s, "?")
	if i := strings.LastIndex(s, "@"); i > strings.LastIndex(s, "/") {
		s = s[:i]
	}
	if rest, ok := strings.CutPrefix(s, "pkg:"); ok {
		t, p, _ := strings.Cut(strings.TrimLeft(rest, "/"), "/")
		return "pkg:" + strings.ToLower(t) + "/" + p
	}
	return s
}

// Read parses content (any format convert.Read reads: SPDX 2.3, CycloneDX,
// SPDX 3) and indexes it. Losses of the conversion do not matter here: the
// original bytes are what is kept, the index only needs packages and files.
func Read(source string, content []byte) (Doc, error) {
	d, f, _, err := convert.Read(source, content)
	if err != nil {
		return Doc{}, err
	}
	// "SPDX 2.3", "CycloneDX 1.6", "SPDX 3.0.1"
	format := f.Kind.String()
	if f.Version != "" {
		format, _, _ = strings.Cut(format, " ")
		format += " " + strings.TrimPrefix(f.Version, "SPDX-")
	}
	return Index(source, format, content, d), nil
}
