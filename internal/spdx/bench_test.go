package spdx

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
)

// largeDocument builds a source SBOM shaped like the one scripts/bench.sh's (b)
// regenerates: one package and 100,000 files in 400 directories, each file with
// a SHA1 and a SHA256 checksum and a CONTAINS relationship. About 58 MB of JSON.
var largeDocument = sync.OnceValues(func() ([]byte, error) {
	const files = 100_000
	d := &Document{
		SPDXVersion: "SPDX-2.3",
		SPDXID:      "SPDXRef-DOCUMENT",
		Packages: []Package{{
			SPDXID:           "SPDXRef-PACKAGE-data",
			Name:             "data",
			VersionInfo:      "1.0",
			DownloadLocation: "NOASSERTION",
			LicenseConcluded: "NOASSERTION",
			Checksums:        []Checksum{{Algorithm: "SHA256", ChecksumValue: fmt.Sprintf("%064x", 1)}},
		}},
		Files:         make([]File, 0, files),
		Relationships: make([]Relationship, 0, files),
	}
	for i := range files {
		name := fmt.Sprintf("data/d%03d/file-%06d.txt", i/250, i)
		s1 := sha1.Sum([]byte(name))
		s256 := sha256.Sum256([]byte(name))
		id := FileID(name)
		d.Files = append(d.Files, File{
			SPDXID:   id,
			FileName: name,
			Checksums: []Checksum{
				{Algorithm: "SHA1", ChecksumValue: hex.EncodeToString(s1[:])},
				{Algorithm: "SHA256", ChecksumValue: hex.EncodeToString(s256[:])},
			},
		})
		d.Relationships = append(d.Relationships, Relationship{
			SPDXElementID:      "SPDXRef-PACKAGE-data",
			RelatedSPDXElement: id,
			RelationshipType:   "CONTAINS",
		})
	}
	return Marshal(d)
})

func BenchmarkParseLarge(b *testing.B) {
	data, err := largeDocument()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalLarge(b *testing.B) {
	data, err := largeDocument()
	if err != nil {
		b.Fatal(err)
	}
	d, err := Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(d); err != nil {
			b.Fatal(err)
		}
	}
}
