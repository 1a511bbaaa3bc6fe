package wheelsbom

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzParseRecord(f *testing.F) {
	f.Add([]byte("a/b.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\nx.dist-info/RECORD,,\n"))
	f.Add([]byte("\"a,b\",sha512=z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg_SpIdNs6c5H0NE8XYXysP-DGNKHfuwvY7kxvUdBeoGlODJ6-SfaPg,0\r\n"))
	f.Add([]byte("a,md5=x,1\n\"unterminated,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseRecord(data)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Path == "" || seen[e.Path] || (e.Algorithm == "") != (e.Size < 0) || e.Offset < 0 || e.Offset > int64(len(data)) {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.Path] = true
			if e.Algorithm != "" && !bytes.Contains(data, []byte(e.Digest)) {
				t.Fatalf("digest %q not in the input", e.Digest)
			}
		}
		// A line written for an accepted path parses back to it.
		for _, e := range entries {
			if strings.ContainsAny(e.Path, "\r\n") {
				continue
			}
			back, err := ParseRecord(recordLine(e.Path, nil, false))
			if err != nil || len(back) != 1 || back[0].Path != e.Path {
				t.Fatalf("%q: %v %+v", e.Path, err, back)
			}
		}
	})
}

// FuzzEmbed feeds arbitrary bytes as a wheel to Embed and Carry: never a
// panic, and whatever Embed accepts and writes must verify and give the SBOM
// back.
func FuzzEmbed(f *testing.F) {
	f.Add(makeWheel(f, demoMembers(), nil))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	sbom := []SBOM{{Name: "x.cdx.json", Data: []byte(cdxSBOM)}}
	f.Fuzz(func(t *testing.T, data []byte) {
		Carry(bytes.NewReader(data), int64(len(data)), demoName)
		var out bytes.Buffer
		if err := Embed(&out, bytes.NewReader(data), int64(len(data)), demoName, sbom); err != nil {
			return
		}
		b := out.Bytes()
		if _, err := Verify(bytes.NewReader(b), int64(len(b)), demoName); err != nil {
			t.Fatalf("accepted wheel gives one that does not verify: %v", err)
		}
		got, err := List(bytes.NewReader(b), int64(len(b)), demoName)
		if err != nil || len(got) == 0 || string(got[len(got)-1].Data) != cdxSBOM {
			t.Fatalf("SBOM not read back: %v", err)
		}
	})
}
