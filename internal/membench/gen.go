package membench

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
)

// WriteSPDX writes an SPDX 2.3 document of n packages and files files: every
// package has a version, a supplier, a license, a SHA256 checksum and a PURL,
// and the first package (which the document DESCRIBES) DEPENDS_ON the
// others; every file has SHA1 and SHA256 checksums and is CONTAINed by the
// first package. A package is about 700 bytes, a file about 430 (with its
// relationship), in the layout sbomkeeper writes.
func WriteSPDX(w io.Writer, n, files int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprint(bw, `{
  "SPDXID": "SPDXRef-DOCUMENT",
  "creationInfo": {
    "created": "2025-06-10T00:00:00Z",
    "creators": [
      "Tool: membench"
    ]
  },
  "dataLicense": "CC0-1.0",
  "documentNamespace": "https://example.org/membench.spdx.json",
  "files": [`)
	for i := range files {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(bw, `%s
    {
      "SPDXID": "SPDXRef-FILE-src-f%07d.c",
      "checksums": [
        {
          "algorithm": "SHA1",
          "checksumValue": "%040x"
        },
        {
          "algorithm": "SHA256",
          "checksumValue": "%064x"
        }
      ],
      "fileName": "src/f%07d.c"
    }`, sep, i, i, i, i)
	}
	fmt.Fprint(bw, "\n  ],\n  \"name\": \"membench\",\n  \"packages\": [")
	for i := range max(n, 1) {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(bw, `%s
    {
      "SPDXID": "SPDXRef-PACKAGE-p%07d",
      "checksums": [
        {
          "algorithm": "SHA256",
          "checksumValue": "%064x"
        }
      ],
      "downloadLocation": "https://example.org/p%07d-1.%d.tar.gz",
      "externalRefs": [
        {
          "referenceCategory": "PACKAGE-MANAGER",
          "referenceLocator": "pkg:pypi/p%07d@1.%d",
          "referenceType": "purl"
        }
      ],
      "filesAnalyzed": false,
      "licenseConcluded": "MIT",
      "name": "p%07d",
      "primaryPackagePurpose": "LIBRARY",
      "supplier": "Organization: Example",
      "versionInfo": "1.%d"
    }`, sep, i, i, i, i, i, i, i, i)
	}
	fmt.Fprint(bw, `
  ],
  "relationships": [
    {
      "relatedSpdxElement": "SPDXRef-PACKAGE-p0000000",
      "relationshipType": "DESCRIBES",
      "spdxElementId": "SPDXRef-DOCUMENT"
    }`)
	for i := 1; i < n; i++ {
		fmt.Fprintf(bw, `,
    {
      "relatedSpdxElement": "SPDXRef-PACKAGE-p%07d",
      "relationshipType": "DEPENDS_ON",
      "spdxElementId": "SPDXRef-PACKAGE-p0000000"
    }`, i)
	}
	for i := range files {
		fmt.Fprintf(bw, `,
    {
      "relatedSpdxElement": "SPDXRef-FILE-src-f%07d.c",
      "relationshipType": "CONTAINS",
      "spdxElementId": "SPDXRef-PACKAGE-p0000000"
    }`, i)
	}
	fmt.Fprint(bw, "\n  ],\n  \"spdxVersion\": \"SPDX-2.3\"\n}\n")
	return bw.Flush()
}

// WriteSPDXFile is WriteSPDX to a new file at path; it returns the file's size.
func WriteSPDXFile(path string, n, files int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	if err := WriteSPDX(f, n, files); err != nil {
		f.Close()
		return 0, err
	}
	return size(f)
}

func size(f *os.File) (int64, error) {
	info, err := f.Stat()
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// Member is an archive member to generate. A directory's Name ends in "/".
// Data, when set, is the content; otherwise Size bytes of Fill.
type Member struct {
	Name string
	Data []byte
	Size int64
}

// sparse is content that gzip compresses about 50:1, under the archive
// reader's compression-ratio limit (1000:1), so that what a test measures is
// the budget it means to hit and not the bomb check.
type sparse struct{ n uint32 }

func (s *sparse) Read(p []byte) (int, error) {
	for i := range p {
		s.n++
		if s.n%64 == 0 {
			p[i] = byte(s.n*2654435761>>24) | 1
		} else {
			p[i] = 0
		}
	}
	return len(p), nil
}

// WriteTarGz writes members as a gzip-compressed tar at path and returns its
// size. Members are generated as they are written, so a million of them take
// no memory here.
func WriteTarGz(path string, members iter.Seq[Member]) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	write := func() error {
		for m := range members {
			h := &tar.Header{Name: m.Name, Mode: 0o644, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
			if filepath.ToSlash(m.Name) != m.Name || m.Name == "" {
				return fmt.Errorf("bad member name %q", m.Name)
			}
			if m.Name[len(m.Name)-1] == '/' {
				h.Typeflag, h.Mode = tar.TypeDir, 0o755
			} else if m.Data != nil {
				h.Size = int64(len(m.Data))
			} else {
				h.Size = m.Size
			}
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			var err error
			if m.Data != nil {
				_, err = tw.Write(m.Data)
			} else if m.Size > 0 {
				_, err = io.CopyN(tw, &sparse{}, m.Size)
			}
			if err != nil {
				return err
			}
		}
		if err := tw.Close(); err != nil {
			return err
		}
		return zw.Close()
	}
	if err := write(); err != nil {
		f.Close()
		return 0, err
	}
	return size(f)
}

// ManyMembers is the top directory and n empty files under prefix, 1000 to
// a directory: the member-count attack (1M of them are a 10 MB .tar.gz).
func ManyMembers(prefix string, n int) iter.Seq[Member] {
	return func(yield func(Member) bool) {
		if !yield(Member{Name: prefix}) {
			return
		}
		for i := range n {
			if !yield(Member{Name: fmt.Sprintf("%sd%04d/f%07d.c", prefix, i/1000, i), Data: []byte{}}) {
				return
			}
		}
	}
}

// Members yields ms, for archives of a few members given in full.
func Members(ms ...Member) iter.Seq[Member] {
	return func(yield func(Member) bool) {
		for _, m := range ms {
			if !yield(m) {
				return
			}
		}
	}
}

// ManyMembersWithSBOM is ManyMembers with the source SBOM sbom at
// prefix+"sbom.spdx.json" first.
func ManyMembersWithSBOM(prefix string, n int, sbom []byte) iter.Seq[Member] {
	return func(yield func(Member) bool) {
		if !yield(Member{Name: prefix + "sbom.spdx.json", Data: sbom}) {
			return
		}
		for m := range ManyMembers(prefix, n) {
			if !yield(m) {
				return
			}
		}
	}
}
