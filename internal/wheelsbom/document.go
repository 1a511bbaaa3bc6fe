package wheelsbom

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/license"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// DocumentOptions are what the SBOM of a wheel needs besides the wheel.
type DocumentOptions struct {
	Created  time.Time
	Creators []string // "Tool: sbomkeeper-v1.2.3"
	// Namespace is the document's namespace; "" derives one from the file
	// name and its SHA-256, so that the same wheel gives the same document.
	Namespace string
	Supplier  string // "" is NOASSERTION
	// Wheel says which vendored trees to read; the zero value reads the
	// <package>/_vendor/vendor.txt list if the wheel has one.
	Wheel wheel.Options
}

// Document is the SBOM of the wheel in r (size bytes, called filename, whose
// SHA-256 is sum): the wheel's package (name and version from METADATA,
// checked against the file name; License-Expression as the declared
// license; its pypi PURL), every member as a file with SHA-1 and SHA-256, and
// the projects it vendors, each a package the wheel DEPENDS_ON that CONTAINS
// its own files. The vendored projects come from the vendored trees the
// options name, or else from the SBOMs the wheel carries (PEP 770), whose
// files are checked against the wheel's: a disagreement is an error.
func Document(r io.ReaderAt, size int64, filename, sum string, opts DocumentOptions) (*spdx.Document, error) {
	wopts := opts.Wheel
	if wopts.Vendored == "" && len(wopts.Trees) == 0 {
		wopts.Vendored = "auto"
	}
	wopts.Files = true
	w, err := wheel.Read(r, size, filename, wopts)
	if err != nil {
		return nil, err
	}
	carried, err := Carry(r, size, filename)
	if err != nil {
		return nil, err
	}
	if len(carried.Problems) > 0 {
		return nil, fmt.Errorf("the SBOMs the wheel carries disagree with it: %s; embed SBOMs that describe this wheel", strings.Join(carried.Problems, "; "))
	}
	o, err := open(r, size, filename)
	if err != nil {
		return nil, err
	}
	supplier := opts.Supplier
	if supplier == "" {
		supplier = "NOASSERTION"
	}
	ns := opts.Namespace
	if ns == "" {
		ns = "https://spdx.org/spdxdocs/" + strings.TrimSuffix(filename, ".whl") + "-" + sum
	}
	doc := &spdx.Document{
		SPDXID: "SPDXRef-DOCUMENT", SPDXVersion: "SPDX-2.3", Name: filename, DataLicense: "CC0-1.0", DocumentNamespace: ns,
		CreationInfo: &spdx.CreationInfo{Created: opts.Created.UTC().Format("2006-01-02T15:04:05Z"), Creators: slices.Clone(opts.Creators)},
	}
	if len(doc.CreationInfo.Creators) == 0 {
		doc.CreationInfo.Creators = []string{"Tool: sbomkeeper"}
	}
	var ids spdx.IDs
	t := true
	declared := "NOASSERTION"
	if e := w.Metadata.LicenseExpression; e != "" && license.Check(e) == nil {
		declared = e
	}
	top := spdx.Package{
		SPDXID: ids.For("", spdx.PackageID(w.Metadata.Name)), Name: w.Metadata.Name, VersionInfo: w.Metadata.Version,
		PackageFileName: filename, Supplier: supplier, DownloadLocation: "NOASSERTION", FilesAnalyzed: &t,
		Checksums:        []spdx.Checksum{{Algorithm: "SHA256", ChecksumValue: sum}},
		LicenseConcluded: "NOASSERTION", LicenseDeclared: declared, PrimaryPackagePurpose: "LIBRARY",
		ExternalRefs: []spdx.ExternalRef{{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl",
			ReferenceLocator: "pkg:pypi/" + wheel.Normalize(w.Metadata.Name) + "@" + w.Metadata.Version}},
	}
	doc.Packages = append(doc.Packages, top)
	doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: "SPDXRef-DOCUMENT", RelatedSPDXElement: top.SPDXID, RelationshipType: "DESCRIBES"})

	owner := map[string]string{} // member → vendored package ID
	addVendored := func(name, version, purl string) string {
		id := ids.For("", spdx.PackageID(name))
		if purl == "" {
			purl = "pkg:pypi/" + wheel.Normalize(name) + "@" + version
		}
		f := false
		doc.Packages = append(doc.Packages, spdx.Package{
			SPDXID: id, Name: name, VersionInfo: version, Supplier: supplier, DownloadLocation: "NOASSERTION", FilesAnalyzed: &f,
			LicenseConcluded: "NOASSERTION", PrimaryPackagePurpose: "SOURCE",
			ExternalRefs: []spdx.ExternalRef{{ReferenceCategory: "PACKAGE-MANAGER", ReferenceType: "purl", ReferenceLocator: purl}},
		})
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: top.SPDXID, RelatedSPDXElement: id, RelationshipType: "DEPENDS_ON"})
		return id
	}
	if len(w.Trees) > 0 {
		for _, p := range w.Projects() {
			purl := ""
			if cp, ok := carried.Lookup(p.Name); ok && cp.Version == p.Version {
				purl = cp.PURL
			}
			id := addVendored(p.Name, p.Version, purl)
			for _, f := range p.Files {
				owner[f.Member] = id
			}
		}
	} else {
		for _, p := range carried.Projects {
			addVendored(p.Name, p.Version, p.PURL)
		}
	}

	var total uint64
	for _, f := range o.zr.File {
		total += f.UncompressedSize64
	}
	if total > maxInflated {
		return nil, fmt.Errorf("wheel members declare %d bytes; refusing to inflate more than %d", total, uint64(maxInflated))
	}
	for _, f := range o.zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
		}
		h1, h256 := sha1.New(), sha256.New()
		_, err = io.Copy(io.MultiWriter(h1, h256), rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("wheel member %s: %w", f.Name, err)
		}
		id := ids.For("SPDXRef-FILE-", f.Name)
		doc.Files = append(doc.Files, spdx.File{SPDXID: id, FileName: f.Name, Checksums: []spdx.Checksum{
			{Algorithm: "SHA1", ChecksumValue: hex.EncodeToString(h1.Sum(nil))}, {Algorithm: "SHA256", ChecksumValue: hex.EncodeToString(h256.Sum(nil))}}})
		pkg := top.SPDXID
		if v, ok := owner[f.Name]; ok {
			pkg = v
		}
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: pkg, RelatedSPDXElement: id, RelationshipType: "CONTAINS"})
	}
	byPkg := spdx.PackageFiles(doc)
	for i := range doc.Packages {
		p := &doc.Packages[i]
		files := byPkg[p.SPDXID]
		if len(files) == 0 {
			continue
		}
		p.FilesAnalyzed = &t
		var sums []string
		for _, fl := range files {
			s, _ := spdx.FileChecksum(fl, "SHA1")
			sums = append(sums, s)
		}
		p.PackageVerificationCode = &spdx.VerificationCode{Value: spdx.ComputeVerificationCode(sums)}
	}
	if err := spdx.CheckIntegrity(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// DocumentFile is Document of the wheel at file, hashed as it is read.
func DocumentFile(file string, opts DocumentOptions) (*spdx.Document, error) {
	f, err := safefile.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	doc, err := Document(f, st.Size(), filepath.Base(file), hex.EncodeToString(h.Sum(nil)), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return doc, nil
}
