package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonschema"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
)

// The members of an SPDX 2.3 document that grow with what it describes.
// Checking the schema over a generic tree of the whole document held a map
// per package, file and relationship: for a document of 100,000 packages,
// 580 MiB for 83 MB of JSON (issue 12 item 9). When the schema says nothing
// of such a member beyond "an array whose items are ...", its items can be
// checked one at a time, each decoded, checked and dropped, with the same
// errors at the same paths.
var largeMembers = []string{"packages", "files", "relationships", "snippets", "annotations", "hasExtractedLicensingInfos"}

// streamable is the large members whose property schema in the SPDX schema
// data has no keyword but description, type "array" and items: nothing
// (minItems, uniqueItems, contains) that needs the whole array.
func streamable(data []byte) []string {
	root, err := jsonschema.Decode(data)
	if err != nil {
		return nil
	}
	props, _ := root.(map[string]any)["properties"].(map[string]any)
	var out []string
	for _, m := range largeMembers {
		p, _ := props[m].(map[string]any)
		ok := p["type"] == "array" && p["items"] != nil
		for k := range p {
			ok = ok && slices.Contains([]string{"description", "type", "items"}, k)
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}

// spdx2Streamed is SPDX for a document whose schema errors streamSchemaErrors
// can find. ok is false when it cannot (not SPDX 2, not plain JSON, a
// duplicate top-level member, a large member that is not an array, ...):
// the caller then checks the whole tree, which words every such case as
// before.
func spdx2Streamed(name string, data []byte, opts Options) (_ []rules.Finding, _ sbomformat.Format, ok bool, _ error) {
	f, err := sbomformat.Detect(name, data)
	if err != nil || f.Kind != sbomformat.SPDX2 {
		return nil, f, false, nil
	}
	sch, err := schemas()
	if err != nil {
		return nil, f, false, fmt.Errorf("compiling the embedded SPDX schemas: %w", err)
	}
	errs231, errs23, ok := streamSchemaErrors(data, sch, opts.Fragment)
	if !ok {
		return nil, f, false, nil
	}
	return spdx2Checked(name, data, errs231, errs23, opts), f, true, nil
}

// streamSchemaErrors checks data against both SPDX schemas in one pass over
// it: the large members' items one at a time against the items schemas, the
// rest as one object in which the large members are empty arrays. The
// errors are those Validate gives for the whole document, in its order.
func streamSchemaErrors(data []byte, sch compiled, fragment bool) (errs231, errs23 []schemaError, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	top := map[string]any{}
	var all231, all23 []jsonschema.Error
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		key, _ := t.(string)
		if _, dup := top[key]; dup {
			return nil, nil, false
		}
		item231, item23 := sch.items231[key], sch.items23[key]
		if item231 == nil || item23 == nil {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, false
			}
			if top[key], err = jsonschema.Decode(raw); err != nil {
				return nil, nil, false
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, nil, false
		}
		top[key] = []any{}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, false
			}
			v, err := jsonschema.Decode(raw)
			if err != nil {
				return nil, nil, false
			}
			prefix := "/" + key + "/" + strconv.Itoa(i)
			for _, e := range item231.Validate(v) {
				e.InstancePath = prefix + e.InstancePath
				all231 = append(all231, e)
			}
			for _, e := range item23.Validate(v) {
				e.InstancePath = prefix + e.InstancePath
				all23 = append(all23, e)
			}
		}
		if t, err := dec.Token(); err != nil || t != json.Delim(']') {
			return nil, nil, false
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, false // data after the document: the whole-tree path says so
	}
	all231 = jsonschema.SortErrors(append(sch.v231.Validate(top), all231...))
	all23 = jsonschema.SortErrors(append(sch.v23.Validate(top), all23...))
	return toSchemaErrors(all231, fragment), toSchemaErrors(all23, fragment), true
}
