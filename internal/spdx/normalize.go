package spdx

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Normalize sorts every list in v, innermost first, by the Python
// json.dumps(item, sort_keys=True) text of its items, as CPython's release tools
// do so that an artifact SBOM does not depend on archive or map order. v is a
// generic value from Decode; it is changed in place and returned.
func Normalize(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		keys := make([]string, len(v))
		for i, item := range v {
			n, err := Normalize(item)
			if err != nil {
				return nil, err
			}
			v[i] = n
			if keys[i], err = compactKey(n); err != nil {
				return nil, err
			}
		}
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		// Python's sort is stable and compares str by code point, as Go
		// compares UTF-8 bytes; the keys are ASCII anyway (ensure_ascii).
		sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
		sorted := make([]any, len(v))
		for i, j := range idx {
			sorted[i] = v[j]
		}
		copy(v, sorted)
	case map[string]any:
		for k, item := range v {
			n, err := Normalize(item)
			if err != nil {
				return nil, err
			}
			v[k] = n
		}
	}
	return v, nil
}

// MarshalNormalized writes doc with every list normalised (see Normalize).
func MarshalNormalized(doc *Document) ([]byte, error) {
	v, err := Normalize(toGeneric(doc))
	if err != nil {
		return nil, err
	}
	return Marshal(v)
}

// ComputeVerificationCode computes SPDX's packageVerificationCode: the SHA-1 of the
// ascending-sorted, concatenated lower-case SHA-1 hex digests of the files the
// package contains (of nothing, for a package without files).
func ComputeVerificationCode(fileSHA1s []string) string {
	sums := make([]string, len(fileSHA1s))
	for i, s := range fileSHA1s {
		sums[i] = strings.ToLower(s)
	}
	slices.Sort(sums)
	h := sha1.New()
	for _, s := range sums {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PackageFiles maps each package ID to the files it CONTAINS.
func PackageFiles(doc *Document) map[string][]*File {
	byID := map[string]*File{}
	for i := range doc.Files {
		byID[doc.Files[i].SPDXID] = &doc.Files[i]
	}
	out := map[string][]*File{}
	for _, r := range doc.Relationships {
		if r.RelationshipType == "CONTAINS" {
			if f := byID[r.RelatedSPDXElement]; f != nil {
				out[r.SPDXElementID] = append(out[r.SPDXElementID], f)
			}
		}
	}
	return out
}

// FileChecksum returns a file's checksum for algorithm.
func FileChecksum(f *File, algorithm string) (string, bool) {
	for _, c := range f.Checksums {
		if c.Algorithm == algorithm {
			return c.ChecksumValue, true
		}
	}
	return "", false
}

// CheckIntegrity verifies what CPython's release tools assert before writing:
// unique package and file IDs, no ID shared by a package and a file, and
// relationships that name existing elements (DOCUMENT DESCRIBES excepted).
func CheckIntegrity(doc *Document) error {
	ids := map[string]string{}
	var errs []string
	for _, p := range doc.Packages {
		if prev, dup := ids[p.SPDXID]; dup {
			errs = append(errs, fmt.Sprintf("%s is the ID of two %ss", p.SPDXID, prev))
		}
		ids[p.SPDXID] = "package"
	}
	for _, f := range doc.Files {
		if prev, dup := ids[f.SPDXID]; dup {
			errs = append(errs, fmt.Sprintf("%s is the ID of a file and a %s", f.SPDXID, prev))
		}
		ids[f.SPDXID] = "file"
	}
	for _, r := range doc.Relationships {
		if r.SPDXElementID == "SPDXRef-DOCUMENT" && r.RelationshipType == "DESCRIBES" {
			if _, ok := ids[r.RelatedSPDXElement]; !ok {
				errs = append(errs, fmt.Sprintf("the document DESCRIBES %s, which is not in it", r.RelatedSPDXElement))
			}
			continue
		}
		for _, id := range []string{r.SPDXElementID, r.RelatedSPDXElement} {
			if _, ok := ids[id]; !ok {
				errs = append(errs, fmt.Sprintf("relationship %s %s %s names %s, which is not in the document", r.SPDXElementID, r.RelationshipType, r.RelatedSPDXElement, id))
			}
		}
	}
	if len(errs) > 0 {
		if len(errs) > 10 {
			errs = append(errs[:10], fmt.Sprintf("and %d more", len(errs)-10))
		}
		return fmt.Errorf("the document is inconsistent: %s", strings.Join(errs, "; "))
	}
	return nil
}
