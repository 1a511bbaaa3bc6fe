package wheelsbom

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/wheel"
)

// Carried is what a wheel's embedded SBOMs say, checked against the wheel.
type Carried struct {
	SBOMs []Embedded
	// Projects are the packages the SBOMs name besides the wheel's own: the
	// projects it vendors, each once (the first SBOM that names it wins).
	Projects []Project
	// Problems are where an SBOM and the wheel disagree, each naming the
	// SBOM and the file or package: a file the wheel lacks, a checksum that
	// differs, a version of the wheel itself that is not the wheel's, an SBOM
	// that cannot be read.
	Problems []string
}

// Project is a package an embedded SBOM names.
type Project struct {
	Name, Version string
	PURL          string // the package's purl reference, "" when it has none
	From          string // the SBOM member that names it
}

// Carry reads the SBOMs a wheel carries (PEP 770) and checks every file they
// list against the wheel's members. A wheel without SBOMs gives an empty
// Carried. Only a wheel that cannot be read is an error.
func Carry(r io.ReaderAt, size int64, filename string) (*Carried, error) {
	o, err := open(r, size, filename)
	if err != nil {
		return nil, err
	}
	sboms, err := o.sboms()
	if err != nil {
		return nil, err
	}
	c := &Carried{SBOMs: sboms}
	seen := map[string]bool{}
	hashes := map[string]map[string]string{} // member → algorithm → hex
	for _, e := range sboms {
		doc, _, _, err := convert.Read(e.Member, e.Data)
		if err != nil {
			c.Problems = append(c.Problems, fmt.Sprintf("embedded SBOM %s cannot be read: %v", e.Member, err))
			continue
		}
		for _, p := range doc.Packages {
			if wheel.Normalize(p.Name) == wheel.Normalize(o.w.Name.Distribution) {
				if p.VersionInfo != "" && p.VersionInfo != o.w.Name.Version {
					c.Problems = append(c.Problems, fmt.Sprintf("embedded SBOM %s describes %s %s, but the wheel is %s", e.Member, p.Name, p.VersionInfo, o.w.Name.Version))
				}
				continue
			}
			key := wheel.Normalize(p.Name)
			if seen[key] || p.Name == "" {
				continue
			}
			seen[key] = true
			c.Projects = append(c.Projects, Project{Name: p.Name, Version: p.VersionInfo, PURL: purlOf(p), From: e.Member})
		}
		for _, fl := range doc.Files {
			name := strings.TrimPrefix(fl.FileName, "./")
			f := o.byName[name]
			if f == nil || strings.HasSuffix(name, "/") {
				c.Problems = append(c.Problems, fmt.Sprintf("embedded SBOM %s lists %s, which the wheel lacks", e.Member, fl.FileName))
				continue
			}
			if o.unhashed(name) || strings.HasPrefix(name, o.w.DistInfo+"/sboms/") || len(fl.Checksums) == 0 {
				// An SBOM inside the wheel cannot know the RECORD that lists it,
				// nor the SBOMs embedded after it was written; and a file with no
				// checksum has nothing to compare. Neither is read.
				continue
			}
			if hashes[name] == nil {
				sums, err := memberSums(o, name)
				if err != nil {
					c.Problems = append(c.Problems, fmt.Sprintf("embedded SBOM %s lists %s: %v", e.Member, name, err))
					continue
				}
				hashes[name] = sums
			}
			for _, cs := range fl.Checksums {
				got, ok := hashes[name][cs.Algorithm]
				if ok && !strings.EqualFold(got, cs.ChecksumValue) {
					c.Problems = append(c.Problems, fmt.Sprintf("embedded SBOM %s gives %s the %s %s, but the wheel's member has %s", e.Member, name, cs.Algorithm, cs.ChecksumValue, got))
				}
			}
		}
	}
	return c, nil
}

func purlOf(p spdx.Package) string {
	for _, r := range p.ExternalRefs {
		if r.ReferenceType == "purl" {
			return r.ReferenceLocator
		}
	}
	return ""
}

// memberSums hashes a member with every algorithm an SBOM may give that we
// can compute, keyed by SPDX's algorithm names.
func memberSums(o *opened, name string) (map[string]string, error) {
	f := o.byName[name]
	if f.UncompressedSize64 > maxInflated {
		return nil, fmt.Errorf("member claims %d bytes; refusing more than %d", f.UncompressedSize64, uint64(maxInflated))
	}
	algos := []string{"MD5", "SHA1", "SHA256", "SHA384", "SHA512"}
	hs := []hash.Hash{md5.New(), sha1.New(), sha256.New(), sha512.New384(), sha512.New()}
	ws := make([]io.Writer, len(hs))
	for i, h := range hs {
		ws[i] = h
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if _, err := io.Copy(io.MultiWriter(ws...), rc); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, h := range hs {
		out[algos[i]] = hex.EncodeToString(h.Sum(nil))
	}
	return out, nil
}

// Lookup returns the project an SBOM names by that normalised name.
func (c *Carried) Lookup(name string) (Project, bool) {
	i := slices.IndexFunc(c.Projects, func(p Project) bool { return wheel.Normalize(p.Name) == wheel.Normalize(name) })
	if i < 0 {
		return Project{}, false
	}
	return c.Projects[i], true
}
