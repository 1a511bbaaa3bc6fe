package spdx3

import (
	"encoding/json"
	"strings"
	"testing"
)

// checkBase is a small conforming graph: the CPython 3.13.5 embeddable zip's
// SBOM, converted.
func checkBase(t *testing.T) map[string]any {
	t.Helper()
	out := convertFile(t, "../../testdata/release-tools/python-3.13.5-embed-amd64.zip.spdx.json", Options{})
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func nodes(doc map[string]any) []any { return doc["@graph"].([]any) }

// first returns the first graph object of type typ.
func first(doc map[string]any, typ string) map[string]any {
	for _, n := range nodes(doc) {
		if m := n.(map[string]any); m["type"] == typ {
			return m
		}
	}
	panic("no " + typ)
}

func firstRel(doc map[string]any, relType string) map[string]any {
	for _, n := range nodes(doc) {
		if m := n.(map[string]any); m["type"] == "Relationship" && m["relationshipType"] == relType {
			return m
		}
	}
	panic("no " + relType)
}

func appendNode(doc map[string]any, n map[string]any) {
	doc["@graph"] = append(nodes(doc), n)
}

func TestCheckAcceptsOurOutput(t *testing.T) {
	b, _ := json.Marshal(checkBase(t))
	if issues := Check(b); len(issues) != 0 {
		t.Errorf("issues: %v", issues)
	}
}

// One known-bad graph per rule, each breaking that rule once: Check must
// report exactly that issue.
func TestCheckRules(t *testing.T) {
	for _, tc := range []struct {
		name, rule, path string
		edit             func(doc map[string]any)
	}{
		{"wrong context", RuleStructure, "/@context", func(d map[string]any) {
			d["@context"] = "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"
		}},
		{"graph item not an object", RuleStructure, "/@graph/", func(d map[string]any) {
			d["@graph"] = append(nodes(d), "SPDXRef-x")
		}},
		{"object without type", RuleStructure, "/type", func(d map[string]any) {
			appendNode(d, map[string]any{"@id": "_:x"})
		}},
		{"duplicate spdxId", RuleUniqueID, "/spdxId", func(d map[string]any) {
			dup := map[string]any{}
			for k, v := range first(d, "Organization") {
				dup[k] = v
			}
			appendNode(d, dup)
		}},
		{"element with a blank node ID", RuleIRI, "/spdxId", func(d map[string]any) {
			appendNode(d, map[string]any{"type": "Person", "spdxId": "_:someone", "creationInfo": "_:creationinfo", "name": "x"})
		}},
		{"element with a relative ID", RuleIRI, "/spdxId", func(d map[string]any) {
			appendNode(d, map[string]any{"type": "Person", "spdxId": "SPDXRef-someone", "creationInfo": "_:creationinfo", "name": "x"})
		}},
		{"@id that is neither IRI nor blank node", RuleIRI, "/@id", func(d map[string]any) {
			appendNode(d, map[string]any{"type": "CreationInfo", "@id": "creation info", "specVersion": "3.0.1",
				"created": "2024-01-01T00:00:00Z", "createdBy": []any{first(d, "Organization")["spdxId"]}})
		}},
		{"relationship to nothing", RuleReference, "/to/0", func(d map[string]any) {
			firstRel(d, "dependsOn")["to"] = []any{"https://example.org/nowhere#x"}
		}},
		{"creationInfo that is not there", RuleReference, "/creationInfo", func(d map[string]any) {
			first(d, "software_Package")["creationInfo"] = "_:other"
		}},
		{"supplied by a tool", RuleClass, "/suppliedBy", func(d map[string]any) {
			first(d, "software_Package")["suppliedBy"] = first(d, "Tool")["spdxId"]
		}},
		{"concluded license that is a package", RuleClass, "/to/0", func(d map[string]any) {
			firstRel(d, "hasConcludedLicense")["to"] = []any{first(d, "software_Package")["spdxId"]}
		}},
		{"license of an organization", RuleClass, "/from", func(d map[string]any) {
			firstRel(d, "hasConcludedLicense")["from"] = first(d, "Organization")["spdxId"]
		}},
		{"createdUsing an organization", RuleClass, "/createdUsing/0", func(d map[string]any) {
			first(d, "CreationInfo")["createdUsing"] = []any{first(d, "Organization")["spdxId"]}
		}},
		{"from is a list", RuleRelationship, "/from", func(d map[string]any) {
			r := firstRel(d, "dependsOn")
			r["from"] = []any{r["from"]}
		}},
		{"to is empty", RuleRelationship, "/to", func(d map[string]any) {
			firstRel(d, "dependsOn")["to"] = []any{}
		}},
		{"NoneElement with company", RuleRelationship, "/to", func(d map[string]any) {
			r := firstRel(d, "dependsOn")
			r["to"] = append(r["to"].([]any), NoneElement)
		}},
		{"relationship type from 2.3", RuleRelationshipType, "/relationshipType", func(d map[string]any) {
			firstRel(d, "dependsOn")["relationshipType"] = "generatedFrom"
		}},
		{"short sha256", RuleHash, "/verifiedUsing/0/hashValue", func(d map[string]any) {
			h := first(d, "software_Package")["verifiedUsing"].([]any)[0].(map[string]any)
			h["hashValue"] = h["hashValue"].(string)[1:]
		}},
		{"hash that is not hex", RuleHash, "/verifiedUsing/0/hashValue", func(d map[string]any) {
			h := first(d, "software_Package")["verifiedUsing"].([]any)[0].(map[string]any)
			h["hashValue"] = "z" + h["hashValue"].(string)[1:]
		}},
		{"unknown hash algorithm", RuleHash, "/verifiedUsing/0/algorithm", func(d map[string]any) {
			first(d, "software_Package")["verifiedUsing"].([]any)[0].(map[string]any)["algorithm"] = "sha-256"
		}},
		{"spec version 3.0.0", RuleSpecVersion, "/specVersion", func(d map[string]any) {
			first(d, "CreationInfo")["specVersion"] = "3.0.0"
		}},
		{"created in month 13", RuleCreated, "/created", func(d map[string]any) {
			first(d, "CreationInfo")["created"] = "2024-13-01T00:00:00Z"
		}},
		{"created with an offset", RuleCreated, "/created", func(d map[string]any) {
			first(d, "CreationInfo")["created"] = "2024-01-01T00:00:00+01:00"
		}},
		{"created by nobody", RuleCreatedBy, "/createdBy", func(d map[string]any) {
			first(d, "CreationInfo")["createdBy"] = []any{}
		}},
		{"created by a tool", RuleCreatedBy, "/createdBy/0", func(d map[string]any) {
			first(d, "CreationInfo")["createdBy"] = []any{first(d, "Tool")["spdxId"]}
		}},
		{"no rootElement", RuleDocument, "/rootElement", func(d map[string]any) {
			delete(first(d, "SpdxDocument"), "rootElement")
		}},
		{"empty element list", RuleDocument, "/element", func(d map[string]any) {
			first(d, "SpdxDocument")["element"] = []any{}
		}},
		{"two documents", RuleDocument, "/@graph", func(d map[string]any) {
			sd := map[string]any{}
			for k, v := range first(d, "SpdxDocument") {
				sd[k] = v
			}
			sd["spdxId"] = sd["spdxId"].(string) + "-2"
			appendNode(d, sd)
		}},
		{"data license PSF-2.0", RuleDataLicense, "/dataLicense", func(d map[string]any) {
			for _, n := range nodes(d) {
				if m := n.(map[string]any); m["simplelicensing_licenseExpression"] == "PSF-2.0" {
					first(d, "SpdxDocument")["dataLicense"] = m["spdxId"]
				}
			}
		}},
		{"data license that is not a license", RuleDataLicense, "/dataLicense", func(d map[string]any) {
			first(d, "SpdxDocument")["dataLicense"] = first(d, "software_Package")["spdxId"]
		}},
		{"package without a name", RuleName, "/name", func(d map[string]any) {
			delete(first(d, "software_Package"), "name")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := checkBase(t)
			tc.edit(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			issues := Check(b)
			if testing.Verbose() && len(issues) > 0 {
				t.Log(issues[0])
			}
			if len(issues) != 1 || issues[0].Rule != tc.rule || !strings.Contains(issues[0].Path, tc.path) {
				t.Errorf("want one %s issue at …%s…, got %d:", tc.rule, tc.path, len(issues))
				for _, is := range issues {
					t.Log(is)
				}
			}
		})
	}
}

// Check reads anything without panicking.
func TestCheckGarbage(t *testing.T) {
	for _, s := range []string{``, `[]`, `{}`, `{"@context":1,"@graph":{}}`,
		`{"@context":"` + Context + `","@graph":[{"type":"Relationship","spdxId":"urn:a","from":{},"to":[{},1]}]}`,
		`{"@context":"` + Context + `","@graph":[{"type":"CreationInfo","createdBy":"x"},{"type":"SpdxDocument","spdxId":"urn:d","dataLicense":5,"import":[1,{"externalSpdxId":2}]}]}`,
		`{"@context":"` + Context + `","@graph":[{"type":"software_Package","spdxId":"urn:p","verifiedUsing":[1,{"type":"Hash"}],"suppliedBy":[]}]}`,
	} {
		_ = Check([]byte(s))
	}
}

// An SpdxDocument without dataLicense is conforming: the property is optional
// in the 3.0.1 model and the official schema accepts the document (issue 11,
// item 7). Check used to call it an error.
func TestCheckDataLicenseIsOptional(t *testing.T) {
	doc := checkBase(t)
	delete(first(doc, "SpdxDocument"), "dataLicense")
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	schemaValid(t, "no dataLicense", b)
	if issues := Check(b); len(issues) != 0 {
		t.Errorf("Check of a document without dataLicense: %v", issues)
	}
}
