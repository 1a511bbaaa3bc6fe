package jsonscan

import (
	"os"
	"testing"
)

// BenchmarkScanCPython is the cost Parse adds to every read: compare it with
// spdx's BenchmarkParseCPython on the same file.
func BenchmarkScanCPython(b *testing.B) {
	data, err := os.ReadFile(cpythonSBOM)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if issues, _ := Scan(data); len(issues) != 0 {
			b.Fatal(issues)
		}
	}
}
