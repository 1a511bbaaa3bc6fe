package artifact

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/bundle"
	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// RuleVerify is the rule of every verification finding.
const RuleVerify = "verify"

// Verify checks an artifact against its SBOM: the artifact's own SHA256 against
// the package the SBOM describes, and, when the SBOM lists files, every file of
// the archive against them. It returns one finding per difference; the error is
// for an SBOM or archive that cannot be read at all.
func Verify(ctx context.Context, file, sbomFile string, sbom []byte, lim archive.Limits, progress func(int64, int)) ([]rules.Finding, error) {
	doc, err := spdx.Parse(sbom)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sbomFile, err)
	}
	var findings []rules.Finding
	add := func(sev rules.Severity, where, msg, expected, actual string) {
		findings = append(findings, rules.Finding{Rule: RuleVerify, Severity: sev, File: where, SBOM: sbomFile,
			Message: msg, Expected: expected, Actual: actual,
			Fix: "do not trust this artifact: get it again from its publisher, or the SBOM that belongs to it"})
	}

	top, err := described(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sbomFile, err)
	}
	checkArtifact := func(actual string) {
		if want, ok := top.SHA256(); !ok {
			add(rules.Error, filepath.Base(file), fmt.Sprintf("the SBOM's package %s has no SHA256 checksum of the artifact", top.SPDXID), "a SHA256", "none")
		} else if !strings.EqualFold(want, actual) {
			add(rules.Error, filepath.Base(file), fmt.Sprintf("the SHA256 of %s is not the one the SBOM records for package %s", filepath.Base(file), top.Name), want, actual)
		}
		if top.PackageFileName != "" && top.PackageFileName != filepath.Base(file) {
			add(rules.Warning, filepath.Base(file), fmt.Sprintf("the SBOM describes %s, not %s", top.PackageFileName, filepath.Base(file)), top.PackageFileName, filepath.Base(file))
		}
	}
	if len(doc.Files) == 0 {
		// An installer: only its own checksum can be checked.
		actual, err := digest.FileSHA256(file)
		if err != nil {
			return nil, err
		}
		checkArtifact(actual)
		return findings, nil
	}

	type sums struct{ sha1, sha256 string }
	got := map[string]sums{}
	var order []string
	var read int64
	copyBuf := make([]byte, 64<<10) // one for the walk, not 32 KiB per member
	visit := func(e archive.Entry, r io.Reader) error {
		if e.Kind != archive.Regular {
			return nil
		}
		h1, h256 := sha1.New(), sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(h1, h256), r, copyBuf)
		if err != nil {
			return fmt.Errorf("member %s: %w", e.Name, err)
		}
		read += n
		got[e.Name] = sums{hex.EncodeToString(h1.Sum(nil)), hex.EncodeToString(h256.Sum(nil))}
		order = append(order, e.Name)
		if progress != nil {
			progress(read, len(order))
		}
		return nil
	}
	actual, err := walkHashing(ctx, file, lim, visit)
	if err != nil {
		return nil, err
	}
	checkArtifact(actual)
	prefix := commonPrefix(order, doc)
	listed := map[string]bool{}
	names := make(map[string]bool, len(doc.Files))
	for _, f := range doc.Files {
		names[f.FileName] = true
	}
	for i := range doc.Files {
		fl := &doc.Files[i]
		listed[fl.FileName] = true
		if container, nested := bundle.IsMember(fl.FileName); nested {
			// A member of a wheel: the wheel's own entry is checked below.
			if !names[container] {
				add(rules.Error, fl.FileName, fmt.Sprintf("%s is listed inside %s, which the SBOM does not list", fl.FileName, container), "present", "absent")
			}
			continue
		}
		s, ok := got[prefix+fl.FileName]
		if !ok {
			add(rules.Error, fl.FileName, fmt.Sprintf("%s is listed in the SBOM but not in the artifact", fl.FileName), "present", "absent")
			continue
		}
		for _, alg := range []string{"SHA256", "SHA1"} {
			want, ok := spdx.FileChecksum(fl, alg)
			have := s.sha256
			if alg == "SHA1" {
				have = s.sha1
			}
			if ok && !strings.EqualFold(want, have) {
				add(rules.Error, fl.FileName, fmt.Sprintf("%s differs from the SBOM (%s)", fl.FileName, alg), want, have)
				break
			}
		}
	}
	var extra []string
	for _, n := range order {
		if rel, ok := strings.CutPrefix(n, prefix); ok && !listed[rel] {
			extra = append(extra, rel)
		} else if !ok {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		add(rules.Error, n, fmt.Sprintf("%s is in the artifact but not listed in the SBOM", n), "absent", "present")
	}
	return findings, nil
}

func described(doc *spdx.Document) (*spdx.Package, error) {
	for _, r := range doc.Relationships {
		if r.SPDXElementID == "SPDXRef-DOCUMENT" && r.RelationshipType == "DESCRIBES" {
			for i := range doc.Packages {
				if doc.Packages[i].SPDXID == r.RelatedSPDXElement {
					return &doc.Packages[i], nil
				}
			}
		}
	}
	return nil, fmt.Errorf("no package is DESCRIBED by the document, so there is nothing to check the artifact against")
}

// commonPrefix is the top directory every member sits in ("Python-3.13.5/"),
// when stripping it is what makes the SBOM's file names match.
func commonPrefix(names []string, doc *spdx.Document) string {
	if len(names) == 0 {
		return ""
	}
	first, _, ok := strings.Cut(names[0], "/")
	if !ok {
		return ""
	}
	p := first + "/"
	for _, n := range names {
		if !strings.HasPrefix(n, p) {
			return ""
		}
	}
	for _, f := range doc.Files {
		if strings.HasPrefix(f.FileName, p) {
			return "" // the SBOM names members with the directory
		}
	}
	return p
}
