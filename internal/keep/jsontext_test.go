package keep

import (
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/rules"
)

// TestHandEditedTextIsNotRewritten: a repeated member, a byte that is not
// UTF-8 and a lone surrogate in the document are one blocking finding each,
// naming the place, and nothing is generated to write over them (issue 12,
// item 12): rewriting would drop the earlier value and write U+FFFD.
func TestHandEditedTextIsNotRewritten(t *testing.T) {
	root := t.TempDir()
	doc := strings.Replace(sourceDoc, `"comment": "hand-written, kept"`, "\"comment\": \"hand-written, kept\", \"comment\": \"caf\xe9 \\ud800\"", 1)
	write(t, root, "sbom.json", doc)
	write(t, root, "vendor/zlib/zlib.h", "a")
	res := run(t, Options{Root: root, Config: load(t, root, sourceConfig)})
	if len(res) != 1 {
		t.Fatalf("%+v", res)
	}
	if res[0].New != nil || !rules.Blocked(res[0].Findings) {
		t.Fatalf("a document to write: %s\n%+v", res[0].New, res[0].Findings)
	}
	want := []string{
		`line 4, column 105 (/packages/0/comment): member "comment" appears again in the same object (first at line 4, column 72)`,
		`line 4, column 120 (/packages/0/comment): byte 0xe9 in the string value is not UTF-8`,
		`line 4, column 122 (/packages/0/comment): \ud800 in the string value`,
	}
	if len(res[0].Findings) != len(want) {
		t.Fatalf("findings: %+v", res[0].Findings)
	}
	for i, w := range want {
		f := res[0].Findings[i]
		if !strings.HasPrefix(f.Message, w) || !f.Blocking || f.Line != 4 || f.Rule != rules.RuleParse {
			t.Errorf("finding %d = %+v\nwant %s...", i, f, w)
		}
	}
}
