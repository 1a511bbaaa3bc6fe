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
