package spdx

import (
	"bytes"
	"os/exec"
	"testing"
)

func TestNormalizeMatchesPython(t *testing.T) {
	in := `{"b": [{"x": 2, "a": [3, 1, 2]}, {"x": 1}, "s", 10, 9.5, true, null, ["z", "a"]], "c": ["\u00e9", "e", "E"]}`
	v, _ := Decode([]byte(in))
	n, err := Normalize(v)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Marshal(n)
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	script := `import json,sys
d=json.loads(sys.stdin.read())
def r(v):
    if isinstance(v,list):
        for i in v: r(i)
        v.sort(key=lambda i: json.dumps(i, sort_keys=True))
    elif isinstance(v,dict):
        for i in v.values(): r(i)
r(d)
sys.stdout.write(json.dumps(d, indent=2, sort_keys=True))`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader([]byte(in))
	want, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestVerificationCode(t *testing.T) {
	// SHA-1 of the empty string for a package without files.
	if got := ComputeVerificationCode(nil); got != "da39a3ee5e6b4b0d3255bfef95601890afd80709" {
		t.Error(got)
	}
	a := ComputeVerificationCode([]string{"BB", "aa"})
	b := ComputeVerificationCode([]string{"aa", "bb"})
	if a != b {
		t.Error("order or case matters")
	}
}

func TestCheckIntegrity(t *testing.T) {
	good := &Document{
		Packages:      []Package{{SPDXID: "SPDXRef-PACKAGE-a"}},
		Files:         []File{{SPDXID: "SPDXRef-FILE-x"}},
		Relationships: []Relationship{{SPDXElementID: "SPDXRef-DOCUMENT", RelatedSPDXElement: "SPDXRef-PACKAGE-a", RelationshipType: "DESCRIBES"}, {SPDXElementID: "SPDXRef-PACKAGE-a", RelatedSPDXElement: "SPDXRef-FILE-x", RelationshipType: "CONTAINS"}},
	}
	if err := CheckIntegrity(good); err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.Files = append(bad.Files, File{SPDXID: "SPDXRef-FILE-x"}, File{SPDXID: "SPDXRef-PACKAGE-a"})
	bad.Relationships = append(bad.Relationships, Relationship{SPDXElementID: "SPDXRef-PACKAGE-a", RelatedSPDXElement: "SPDXRef-FILE-gone", RelationshipType: "CONTAINS"})
	err := CheckIntegrity(&bad)
	for _, want := range []string{"SPDXRef-FILE-x is the ID of a file and a file", "SPDXRef-PACKAGE-a is the ID of a file and a package", "names SPDXRef-FILE-gone"} {
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("err %v lacks %q", err, want)
		}
	}
}
