package openvex

import (
	"os"
	"reflect"
	"testing"
)

// FuzzParse: untrusted documents never panic Parse, Check, NewIndex, Lookup
// or Marshal, and what Parse reads, Marshal writes so that Parse reads the
// same again.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	if b, err := os.ReadFile("../../examples/cpython-3.11/Misc/cpython-3.11.2.openvex.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"x","aliases":["y"]},"products":[{"@id":"pkg:a/b?c=%zz#/..//"}],"status":"affected","timestamp":"2023-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"statements":[{"products":[{"identifiers":{"purl":"pkg:pypi/A_b.C@1?x=1&x=2"},"subcomponents":[{}]}]}],"timestamp":"9999-12-31T23:59:59.999999999+14:00"}`))
	f.Add([]byte(`{"version": 1e400}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		Check("fuzz.json", data)
		doc, err := Parse("fuzz.json", data)
		if err != nil {
			return
		}
		ix := NewIndex(doc, doc)
		for _, s := range doc.Statements {
			for _, p := range s.Products {
				ix.Lookup(p.ID, s.Vulnerability.Name, s.Vulnerability.Aliases)
			}
		}
		out, err := Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("fuzz.json", out)
		if err != nil {
			t.Fatalf("Marshal wrote what Parse refuses: %v\n%s", err, out)
		}
		again.Source = doc.Source
		if !reflect.DeepEqual(normalised(doc), normalised(again)) {
			t.Fatalf("round trip changed the document:\n%s", out)
		}
	})
}

// normalised treats empty and absent collections as the same, as Marshal's
// omitempty does.
func normalised(d *Document) *Document {
	c := *d
	c.Statements = nil
	for _, s := range d.Statements {
		if len(s.Vulnerability.Aliases) == 0 {
			s.Vulnerability.Aliases = nil
		}
		var ps []Product
		for _, p := range s.Products {
			if len(p.Subcomponents) == 0 {
				p.Subcomponents = nil
			}
			for i := range p.Subcomponents {
				if len(p.Subcomponents[i].Hashes) == 0 {
					p.Subcomponents[i].Hashes = nil
				}
				if p.Subcomponents[i].Identifiers != nil && *p.Subcomponents[i].Identifiers == (Identifiers{}) {
					p.Subcomponents[i].Identifiers = nil
				}
			}
			if len(p.Hashes) == 0 {
				p.Hashes = nil
			}
			if p.Identifiers != nil && *p.Identifiers == (Identifiers{}) {
				p.Identifiers = nil
			}
			ps = append(ps, p)
		}
		s.Products = ps
		c.Statements = append(c.Statements, s)
	}
	return &c
}
