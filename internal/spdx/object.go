package spdx

import (
	"encoding/json"
	"reflect"
)

// member ties a JSON member name to the typed field that holds it.
type member struct {
	name string
	ptr  any // pointer to the field
}

// decodeObject fills the typed fields from a JSON object and returns every other
// member as a generic value. A member whose value does not decode into its field,
// or decodes to the field's zero value (an explicit "" or null), is kept in extra
// instead: writing it back from there is the only way to keep it byte for byte.
func decodeObject(data []byte, members []member) (map[string]any, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	var extra map[string]any
	for key, value := range raw {
		if m, ok := find(members, key); ok {
			if err := json.Unmarshal(value, m.ptr); err == nil && !reflect.ValueOf(m.ptr).Elem().IsZero() {
				continue
			}
			reflect.ValueOf(m.ptr).Elem().SetZero()
		}
		v, err := Decode(value)
		if err != nil {
			return nil, err
		}
		if extra == nil {
			extra = map[string]any{}
		}
		extra[key] = v
	}
	return extra, nil
}

func find(members []member, name string) (member, bool) {
	for _, m := range members {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}

// encodeObject is decodeObject's inverse: typed fields that are set, then extra
// members. A typed field wins over an extra member of the same name, so code that
// sets a field replaces what was read.
func encodeObject(members []member, extra map[string]any) ([]byte, error) {
	out := make(map[string]any, len(members)+len(extra))
	for k, v := range extra {
		out[k] = v
	}
	for _, m := range members {
		if v := reflect.ValueOf(m.ptr).Elem(); !v.IsZero() {
			out[m.name] = v.Interface()
		}
	}
	return json.Marshal(out)
}

func isZeroPtr(ptr any) bool { return reflect.ValueOf(ptr).Elem().IsZero() }
