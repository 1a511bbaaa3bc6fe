package validate

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/membench"
)

// Checking the large arrays one item at a time must give exactly the errors
// the whole-tree check gives: on real documents, on documents broken in
// their packages, files, relationships and top level, and as fragments.
func TestStreamedSchemaErrorsEqualWhole(t *testing.T) {
	sch, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"packages", "files", "relationships"} {
		if sch.items231[m] == nil || sch.items23[m] == nil {
			t.Errorf("%s is not checked item by item", m)
		}
	}
	docs := map[string][]byte{}
	for _, p := range []string{"../../sbom.spdx.json", "../../testdata/cpython-3.12/sbom-3.12.spdx.json",
		"../../testdata/release-tools/Python-3.13.5.tgz.spdx.json", "../spdx3/testdata/spdx-2.3/SPDXJSONExample-v2.3.spdx.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(p)] = data
	}
	var gen bytes.Buffer
	if err := membench.WriteSPDX(&gen, 40, 30); err != nil {
		t.Fatal(err)
	}
	g := gen.String()
	docs["generated"] = gen.Bytes()
	for name, broken := range map[string]string{
		"package fields":  strings.Replace(strings.Replace(g, `"versionInfo": "1.3"`, `"versionInfo": 13`, 1), `"filesAnalyzed": false`, `"filesAnalyzed": "no"`, 2),
		"file checksum":   strings.Replace(g, `"algorithm": "SHA1"`, `"algorithm": "CRC"`, 3),
		"relationship":    strings.Replace(g, `"relationshipType": "DEPENDS_ON"`, `"relationshipType": "LIKES"`, 2),
		"top level":       strings.Replace(strings.Replace(g, `"dataLicense": "CC0-1.0",`, ``, 1), `"name": "membench"`, `"name": 7, "extra": true`, 1),
		"not arrays":      strings.Replace(g, `"files": [`, `"nofiles": [`, 1),
		"item types":      strings.Replace(g, `"packages": [`, `"packages": [7, null, [], "x", `, 1),
		"PACKAGE_MANAGER": strings.Replace(g, `"PACKAGE-MANAGER"`, `"PACKAGE_MANAGER"`, 5),
	} {
		docs[name] = []byte(broken)
	}
	for name, data := range docs {
		for _, fragment := range []bool{false, true} {
			inst, err := decode(name, data)
			if err != nil {
				t.Fatal(err)
			}
			want231, want23 := schemaErrors(sch.v231, inst, fragment), schemaErrors(sch.v23, inst, fragment)
			got231, got23, ok := streamSchemaErrors(data, sch, fragment)
			if !ok {
				t.Errorf("%s: not streamed", name)
				continue
			}
			if !reflect.DeepEqual(got231, want231) || !reflect.DeepEqual(got23, want23) {
				t.Errorf("%s (fragment %v):\nstreamed %v\n         %v\nwhole    %v\n         %v", name, fragment, got231, got23, want231, want23)
			}
			if name != "generated" && !slices.Contains([]string{"sbom.spdx.json", "sbom-3.12.spdx.json", "Python-3.13.5.tgz.spdx.json", "SPDXJSONExample-v2.3.spdx.json"}, name) && len(want231)+len(want23) == 0 {
				t.Errorf("%s: the broken document has no schema errors; the test checks nothing", name)
			}
		}
	}
}

// What the streamed check cannot take the whole-tree check words as before.
func TestStreamedFallsBack(t *testing.T) {
	sch, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]string{
		"trailing data":   `{"spdxVersion": "SPDX-2.3", "packages": []} ]]]xyz`,
		"duplicate":       `{"spdxVersion": "SPDX-2.3", "packages": [], "packages": [{}]}`,
		"not an array":    `{"spdxVersion": "SPDX-2.3", "packages": {"a": 1}}`,
		"not JSON":        `{"spdxVersion": "SPDX-2.3", "packages": [}`,
		"not an object":   `[{"spdxVersion": "SPDX-2.3"}]`,
		"truncated array": `{"spdxVersion": "SPDX-2.3", "packages": [{}`,
	} {
		if _, _, ok := streamSchemaErrors([]byte(doc), sch, false); ok {
			t.Errorf("%s: streamed", name)
		}
	}
}

// FuzzStreamedSchema: whatever the input, the streamed check either declines
// or says exactly what the whole-tree check says.
func FuzzStreamedSchema(f *testing.F) {
	var gen bytes.Buffer
	if err := membench.WriteSPDX(&gen, 3, 2); err != nil {
		f.Fatal(err)
	}
	f.Add(gen.Bytes())
	f.Add([]byte(`{"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": 1}, 7], "files": [], "relationships": [{"relationshipType": "X"}]}`))
	f.Add([]byte(`{"spdxVersion": "SPDX-2.3", "packages": [], "x": {"packages": [1]}}`))
	f.Add([]byte(`{"packages": [{"name": "\u0070\ud800"}], "spdxVersion": "SPDX-2.3"}`))
	sch, err := schemas()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got231, got23, ok := streamSchemaErrors(data, sch, false)
		if !ok {
			return
		}
		inst, err := decode("fuzz", data)
		if err != nil {
			t.Fatalf("streamed, but the whole-tree decode fails: %v", err)
		}
		want231, want23 := schemaErrors(sch.v231, inst, false), schemaErrors(sch.v23, inst, false)
		if !reflect.DeepEqual(got231, want231) || !reflect.DeepEqual(got23, want23) {
			t.Fatalf("streamed %v / %v, whole %v / %v", got231, got23, want231, want23)
		}
	})
}
