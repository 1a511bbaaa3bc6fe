package spdx

import (
	"os"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// The text scan (jsonscan) is the difference between Parse and ParseLenient:
// compare BenchmarkParse/* with BenchmarkParseLenient/* for its cost.

func benchParse(b *testing.B, parse func([]byte) (*Document, error)) {
	b.Run("cpython-artifact", func(b *testing.B) {
		data, err := os.ReadFile("../../testdata/release-tools/Python-3.13.5.tgz.spdx.json")
		if err != nil {
			b.Fatal(err)
		}
		benchParseData(b, data, parse)
	})
	b.Run("large", func(b *testing.B) {
		data, err := largeDocument()
		if err != nil {
			b.Fatal(err)
		}
		benchParseData(b, data, parse)
	})
}

func benchParseData(b *testing.B, data []byte, parse func([]byte) (*Document, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
	if start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkScanOnly is the scan by itself, for the same files.
func BenchmarkScanOnly(b *testing.B) {
	benchParse(b, func(data []byte) (*Document, error) { return nil, jsonscan.Check(data) })
}

func BenchmarkParse(b *testing.B)        { benchParse(b, Parse) }
func BenchmarkParseLenient(b *testing.B) { benchParse(b, ParseLenient) }

// BenchmarkEnvelopeOnly is checkEnvelope by itself, the other pass Parse
// makes before decoding.
func BenchmarkEnvelopeOnly(b *testing.B) {
	benchParse(b, func(data []byte) (*Document, error) { return nil, checkEnvelope(data) })
}
