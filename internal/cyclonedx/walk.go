package cyclonedx

import (
	"encoding/json"
	"fmt"
)

// Reading untrusted JSON: obj wraps one decoded JSON object, hands out its
// members with type checks whose errors name the JSON pointer, and remembers
// which members were read so that the rest can be reported as losses.

// PathError is an error in the CycloneDX input at a JSON pointer.
type PathError struct {
	Path string // JSON pointer into the input; "" is the whole document
	Msg  string
}

func (e *PathError) Error() string {
	p := e.Path
	if p == "" {
		p = "/"
	}
	return "cyclonedx: " + p + ": " + e.Msg
}

type obj struct {
	path string
	m    map[string]any
	used map[string]bool
}

func newObj(path string, m map[string]any) *obj {
	return &obj{path: path, m: m, used: make(map[string]bool, len(m))}
}

func (o *obj) at(key string) string { return ptr(o.path, key) }

func (o *obj) has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// raw returns a member as it is and marks it read.
func (o *obj) raw(key string) (any, bool) {
	v, ok := o.m[key]
	if ok {
		o.used[key] = true
	}
	return v, ok
}

// str returns a string member, "" when absent.
func (o *obj) str(key string) (string, error) {
	v, ok := o.raw(key)
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", &PathError{o.at(key), "want a string, got " + kind(v)}
	}
	return s, nil
}

// strs returns an array-of-strings member.
func (o *obj) strs(key string) ([]string, error) {
	items, err := o.arr(key)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, &PathError{ptr(o.at(key), i), "want a string, got " + kind(it)}
		}
		out[i] = s
	}
	return out, nil
}

func (o *obj) arr(key string) ([]any, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, &PathError{o.at(key), "want an array, got " + kind(v)}
	}
	return a, nil
}

// child returns an object member, nil when absent.
func (o *obj) child(key string) (*obj, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &PathError{o.at(key), "want an object, got " + kind(v)}
	}
	return newObj(o.at(key), m), nil
}

// objs returns an array-of-objects member.
func (o *obj) objs(key string) ([]*obj, error) {
	items, err := o.arr(key)
	if err != nil {
		return nil, err
	}
	out := make([]*obj, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, &PathError{ptr(o.at(key), i), "want an object, got " + kind(it)}
		}
		out[i] = newObj(ptr(o.at(key), i), m)
	}
	return out, nil
}

// unread lists the members not read, sorted.
func (o *obj) unread() []string {
	var out []string
	for _, k := range sortedKeys(o.m) {
		if !o.used[k] {
			out = append(out, k)
		}
	}
	return out
}

func kind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("%T", v)
	}
}
