package artifact

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/xar"
)

// isInstallerPackage tells a macOS installer package by its name, as
// archive.DetectFormat tells archives.
func isInstallerPackage(file string) bool {
	return strings.HasSuffix(strings.ToLower(file), ".pkg")
}

// walkPackage walks the Payloads of a macOS installer package and returns
// the SHA-256 of the whole file. A XAR is read by offset, so the file is
// hashed in a pass of its own.
func walkPackage(ctx context.Context, file string, lim archive.Limits, visit func(archive.Entry, io.Reader) error) (string, error) {
	sum, err := digest.FileSHA256(file)
	if err != nil {
		return "", err
	}
	return sum, xar.Walk(ctx, file, lim, visit)
}

// macosInstaller makes the SBOM of a macOS installer package: what built
// gives an installer (the macOS libraries' SBOM, the source SBOM's packages,
// the file's checksum), and every regular file the component packages'
// Payloads install, hashed and CONTAINed by the top-level package, named
// "<component>.pkg/<path in the Payload>".
func macosInstaller(ctx context.Context, file string, kind *config.ArtifactKind, vars map[string]string, opts Options) (*spdx.Document, error) {
	doc, err := built(ctx, file, kind, vars, opts)
	if err != nil {
		return nil, err
	}
	var members []member
	var read int64
	// One copy buffer for the walk, as sourceArchive has: io.Copy would
	// allocate 32 KiB per member.
	copyBuf := make([]byte, 64<<10)
	visit := func(e archive.Entry, r io.Reader) error {
		if e.Kind != archive.Regular {
			return nil // directories; links only reach here when the limits allow them, and are not files
		}
		h1, h256 := sha1.New(), sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(h1, h256), r, copyBuf)
		if err != nil {
			return fmt.Errorf("member %s: %w", e.Name, err)
		}
		read += n
		members = append(members, member{e.Name, hex.EncodeToString(h1.Sum(nil)), hex.EncodeToString(h256.Sum(nil))})
		if opts.Progress != nil {
			opts.Progress(read, len(members))
		}
		return nil
	}
	sum, err := walkPackage(ctx, file, opts.Limits, visit)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, fmt.Errorf("the installer package has no Payload with files in it: is it a macOS installer (a product archive with component packages)?")
	}
	topID := opts.Config.Package.SPDXID
	var top *spdx.Package
	var ids spdx.IDs
	for i := range doc.Packages {
		ids.Reserve(doc.Packages[i].SPDXID, doc.Packages[i].Name)
		if doc.Packages[i].SPDXID == topID {
			top = &doc.Packages[i]
		}
	}
	if top == nil {
		return nil, fmt.Errorf("no package %s in the SBOM built for the installer", topID)
	}
	if got, _ := top.SHA256(); got != sum {
		return nil, fmt.Errorf("the installer package changed while it was read (SHA256 %s, then %s)", got, sum)
	}
	sums := make([]string, 0, len(members))
	for _, m := range members {
		id := ids.For("SPDXRef-FILE-", m.name)
		doc.Files = append(doc.Files, spdx.File{SPDXID: id, FileName: m.name, Checksums: []spdx.Checksum{
			{Algorithm: "SHA1", ChecksumValue: m.sha1}, {Algorithm: "SHA256", ChecksumValue: m.s256}}})
		doc.Relationships = append(doc.Relationships, spdx.Relationship{SPDXElementID: topID, RelatedSPDXElement: id, RelationshipType: "CONTAINS"})
		sums = append(sums, m.sha1)
	}
	t := true
	top.FilesAnalyzed = &t
	top.PackageVerificationCode = &spdx.VerificationCode{Value: spdx.ComputeVerificationCode(sums)}
	return doc, nil
}
