package spdx

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// member ties a JSON member name to the typed field that holds it.
type member struct {
	name string
	ptr  any // pointer to the field
}

// object is implemented by every model type: its modelled members and the
// map that keeps the rest.
type object interface {
	members() []member
	extraMap() *map[string]any
}

func (d *Document) extraMap() *map[string]any         { return &d.Extra }
func (c *CreationInfo) extraMap() *map[string]any     { return &c.Extra }
func (p *Package) extraMap() *map[string]any          { return &p.Extra }
func (v *VerificationCode) extraMap() *map[string]any { return &v.Extra }
func (c *Checksum) extraMap() *map[string]any         { return &c.Extra }
func (e *ExternalRef) extraMap() *map[string]any      { return &e.Extra }
func (f *File) extraMap() *map[string]any             { return &f.Extra }
func (r *Relationship) extraMap() *map[string]any     { return &r.Extra }

// fromGeneric fills obj from a decoded JSON object. A member whose value does
// not fit its field, or fits as the zero value (an explicit "" or null), is
// kept in Extra instead: writing it back from there is the only way to keep it
// byte for byte. Reading from generic values means the text is parsed once,
// however deep the document.
func fromGeneric(obj object, m map[string]any) {
	members := obj.members()
	var extra map[string]any
	for key, value := range m {
		if mb, ok := find(members, key); ok {
			dst := reflect.ValueOf(mb.ptr).Elem()
			if assign(dst, value) && !dst.IsZero() {
				continue
			}
			dst.SetZero()
		}
		if extra == nil {
			extra = map[string]any{}
		}
		extra[key] = value
	}
	*obj.extraMap() = extra
}

var objectType = reflect.TypeFor[object]()

// assign converts a generic value into dst's type, reporting whether it fit.
func assign(dst reflect.Value, v any) bool {
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if ok {
			dst.SetString(s)
		}
		return ok
	case reflect.Pointer:
		elem := reflect.New(dst.Type().Elem())
		if !assign(elem.Elem(), v) {
			return false
		}
		dst.Set(elem)
		return true
	case reflect.Bool:
		b, ok := v.(bool)
		if ok {
			dst.SetBool(b)
		}
		return ok
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok || !reflect.PointerTo(dst.Type()).Implements(objectType) {
			return false
		}
		fromGeneric(dst.Addr().Interface().(object), m)
		return true
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return false
		}
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, item := range items {
			if !assign(s.Index(i), item) {
				return false
			}
		}
		dst.Set(s)
		return true
	}
	return false
}

func find(members []member, name string) (member, bool) {
	for _, m := range members {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}

// toGeneric is fromGeneric's inverse: set fields, then Extra members. A typed
// field wins over an Extra member of the same name, so code that sets a field
// replaces what was read.
func toGeneric(obj object) map[string]any {
	extra := *obj.extraMap()
	members := obj.members()
	out := make(map[string]any, len(members)+len(extra))
	for k, v := range extra {
		out[k] = v
	}
	for _, m := range members {
		if v := reflect.ValueOf(m.ptr).Elem(); !v.IsZero() {
			out[m.name] = genericValue(v)
		}
	}
	return out
}

func genericValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return genericValue(v.Elem())
	case reflect.Struct:
		return toGeneric(v.Addr().Interface().(object))
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = genericValue(v.Index(i))
		}
		return out
	}
	panic(fmt.Sprintf("spdx: no generic form for %s", v.Type()))
}

// Generic returns the generic JSON value of a model object.
func Generic(obj object) map[string]any { return toGeneric(obj) }

// decodeInto reads JSON text into a model object in one parse.
func decodeInto(data []byte, obj object) error {
	v, err := Decode(data)
	if err != nil {
		return err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want a JSON object, got %s", kindOf(v))
	}
	fromGeneric(obj, m)
	return nil
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "an object"
}

func isZeroPtr(ptr any) bool { return reflect.ValueOf(ptr).Elem().IsZero() }
