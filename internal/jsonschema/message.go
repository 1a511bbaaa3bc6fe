package jsonschema

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

func (e verr) keywordPath() string {
	if e.s == nil {
		return ""
	}
	if e.kw == "" {
		return e.s.loc
	}
	return e.s.loc + "/" + e.kw
}

// message says what is wrong, in words.
func (e verr) message() string {
	s := e.s
	switch e.kw {
	case "":
		return "no value is allowed here"
	case "type":
		if typeOf(e.val) == 0 {
			return fmt.Sprintf("a Go %T is not a JSON value", e.val)
		}
		return fmt.Sprintf("expected %s, got %s", s.types, describe(e.val))
	case "const":
		return fmt.Sprintf("value %s is not %s", show(e.val), show(s.constVal))
	case "enum":
		return fmt.Sprintf("value %s is not one of %s", show(e.val), showList(s.enum.values))
	case "format":
		return fmt.Sprintf("%s is not a valid %s", show(e.val), s.format.name)
	case "required":
		return fmt.Sprintf("missing required member %q", e.member)
	case "additionalProperties", "unevaluatedProperties":
		return fmt.Sprintf("member %q is not allowed here", e.member)
	case "propertyNames":
		return fmt.Sprintf("the member name %q is not valid", e.member)
	case "dependentRequired", "dependencies":
		return fmt.Sprintf("missing member %q, required when %q is present", e.member, e.sub[0].member)
	case "minProperties":
		return fmt.Sprintf("has %d members, fewer than the minimum %d", e.n, s.minProps)
	case "maxProperties":
		return fmt.Sprintf("has %d members, more than the maximum %d", e.n, s.maxProps)
	case "minItems":
		return fmt.Sprintf("has %d items, fewer than the minimum %d", e.n, s.minItems)
	case "maxItems":
		return fmt.Sprintf("has %d items, more than the maximum %d", e.n, s.maxItems)
	case "additionalItems":
		return fmt.Sprintf("has %d items, more than the %d allowed", e.n, e.m)
	case "uniqueItems":
		return fmt.Sprintf("items %d and %d are equal, but items must be unique", e.n, e.m)
	case "contains":
		return "no item matches the \"contains\" schema"
	case "minContains":
		return fmt.Sprintf("%d items match the \"contains\" schema, fewer than the minimum %d", e.n, s.minContains)
	case "maxContains":
		return fmt.Sprintf("%d items match the \"contains\" schema, more than the maximum %d", e.n, s.maxContains)
	case "minLength":
		return fmt.Sprintf("%s has %d characters, fewer than the minimum %d", show(e.val), e.n, s.minLength)
	case "maxLength":
		return fmt.Sprintf("%s has %d characters, more than the maximum %d", show(e.val), e.n, s.maxLength)
	case "pattern":
		return fmt.Sprintf("%s does not match the pattern %s", show(e.val), s.pattern.src)
	case "minimum":
		return fmt.Sprintf("%s is less than the minimum %s", show(e.val), s.minimum)
	case "maximum":
		return fmt.Sprintf("%s is greater than the maximum %s", show(e.val), s.maximum)
	case "exclusiveMinimum":
		return fmt.Sprintf("%s is not greater than %s", show(e.val), s.exclMinimum)
	case "exclusiveMaximum":
		return fmt.Sprintf("%s is not less than %s", show(e.val), s.exclMaximum)
	case "multipleOf":
		return fmt.Sprintf("%s is not a multiple of %s", show(e.val), s.multipleOf)
	case "not":
		return "the value matches the schema in \"not\", which it must not"
	case "anyOf", "oneOf":
		if e.sub == nil {
			return fmt.Sprintf("the value matches alternatives %d and %d of \"oneOf\", but must match exactly one", e.n+1, e.m+1)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "the value matches none of the %d alternatives of %q", e.n, e.kw)
		for i, sub := range e.sub {
			if i == 3 {
				fmt.Fprintf(&b, "; …")
				break
			}
			fmt.Fprintf(&b, "; (%d) ", i+1)
			if rel := strings.TrimPrefix(sub.path, e.path); rel != "" {
				b.WriteString(rel + ": ")
			}
			if (sub.kw == "anyOf" || sub.kw == "oneOf") && sub.sub != nil {
				fmt.Fprintf(&b, "matches none of %d alternatives", sub.n)
			} else {
				b.WriteString(sub.message())
			}
		}
		return b.String()
	}
	return "invalid (" + e.kw + ")"
}

// describe names the JSON type of a value.
func describe(v any) string {
	t := typeOf(v)
	switch t {
	case tObject:
		return "an object"
	case tArray:
		return "an array"
	case tNull:
		return "null"
	}
	return t.String() + " " + show(v)
}

// show renders a value briefly.
func show(v any) string {
	switch v := v.(type) {
	case string:
		if len(v) > 80 {
			cut := 80
			for cut > 0 && v[cut]&0xC0 == 0x80 {
				cut--
			}
			return strconv.Quote(v[:cut]) + "…"
		}
		return strconv.Quote(v)
	case map[string]any:
		if len(v) == 0 {
			return "{}"
		}
		return "{…}"
	case []any:
		if len(v) == 0 {
			return "[]"
		}
		return "[…]"
	case nil:
		return "null"
	case json.Number:
		if len(v) > 40 {
			return string(v[:40]) + "…"
		}
		return string(v)
	}
	if d, ok := toDecimal(v); ok {
		return d.String()
	}
	return fmt.Sprint(v)
}

func showList(xs []any) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 12 && len(xs) > 13 {
			fmt.Fprintf(&b, "… %d more", len(xs)-i)
			break
		}
		b.WriteString(show(x))
	}
	b.WriteByte(']')
	return b.String()
}
