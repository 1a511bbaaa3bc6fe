package wheelsbom

import (
	"strings"
	"testing"
)

func TestParseRecord(t *testing.T) {
	data := "a/b.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n" +
		"\"a/with,comma.py\",sha512=z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg_SpIdNs6c5H0NE8XYXysP-DGNKHfuwvY7kxvUdBeoGlODJ6-SfaPg,0\r\n" +
		"x.dist-info/RECORD,,\n"
	got, err := ParseRecord([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1].Path != "a/with,comma.py" || got[1].Algorithm != "sha512" || got[2].Size != -1 || got[2].Line != 3 {
		t.Fatalf("%+v", got)
	}
	if got[2].Offset != int64(strings.Index(data, "x.dist-info")) {
		t.Fatalf("offset %d", got[2].Offset)
	}
}

func TestParseRecordReportsEveryProblem(t *testing.T) {
	data := "a.py,md5=1B2M2Y8AsgTpgAmY7PhCfg,0\n" + // forbidden algorithm
		"b.py,sha256=notbase64!,3\n" + // not a digest
		"c.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,\n" + // hash without size
		"d.py,,\n" +
		"d.py,,\n" + // twice
		"e.py,x\n" + // two fields
		",,\n" // empty path
	_, err := ParseRecord([]byte(data))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"line 1: a.py: hash algorithm \"md5\"", "line 2: b.py", "line 3: c.py: a hash needs a size", "line 5: d.py is listed again", "line 6: 2 fields", "line 7: empty path"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in %v", want, err)
		}
	}
}
