package jsonschema

import (
	"regexp"
)

// The drafts this package knows.
const (
	draft7    = 7
	draft2019 = 2019
	draft2020 = 2020
)

// JSON types, as a bit set.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBoolean
	tObject
	tArray
	tNumber
	tString
	tInteger
)

var typeNames = []string{"null", "boolean", "object", "array", "number", "string", "integer"}

func (t typeSet) String() string {
	var s string
	for i, n := range typeNames {
		if t&(1<<i) != 0 {
			if s != "" {
				s += " or "
			}
			s += n
		}
	}
	return s
}

// schema is one compiled schema object (or boolean schema).
type schema struct {
	loc   string // the document's URI, '#', and the JSON pointer to this schema
	draft int

	always, never bool // the boolean schemas true and false

	ref *schema

	types    typeSet
	hasConst bool
	constVal any
	enum     *enumSet
	format   *format

	// objects
	required      []string
	properties    map[string]*schema
	patternProps  []patternSchema
	additionalPr  *schema
	propertyNames *schema
	minProps      int // -1 when absent
	maxProps      int
	depRequired   map[string][]string
	depSchemas    map[string]*schema
	unevalProps   *schema
	allProps      bool // additionalProperties is present: every member is evaluated here

	// arrays
	prefixItems  []*schema // items as an array (before 2020-12), prefixItems (2020-12)
	items        *schema   // items as one schema (all drafts; in 2020-12 after prefixItems)
	additionalIt *schema   // additionalItems, before 2020-12 and with the array form of items
	minItems     int
	maxItems     int
	uniqueItems  bool
	contains     *schema
	minContains  int
	maxContains  int
	unevalItems  *schema

	// strings
	minLength, maxLength int
	pattern              *pattern

	// numbers
	minimum, maximum, exclMinimum, exclMaximum, multipleOf *decimal

	// applicators
	allOf, anyOf, oneOf []*schema
	not                 *schema
	ifS, thenS, elseS   *schema
}

// inPlace lists the subschemas applied to the same value as s.
func (s *schema) inPlace() []*schema {
	var out []*schema
	if s.ref != nil {
		out = append(out, s.ref)
	}
	out = append(out, s.allOf...)
	out = append(out, s.anyOf...)
	out = append(out, s.oneOf...)
	for _, x := range []*schema{s.not, s.ifS, s.thenS, s.elseS} {
		if x != nil {
			out = append(out, x)
		}
	}
	for _, x := range s.depSchemas {
		out = append(out, x)
	}
	return out
}

type patternSchema struct {
	re *pattern
	s  *schema
}

// pattern is a compiled ECMA-262 pattern: a Go regexp, with an optional
// leading negative look-ahead.
type pattern struct {
	src    string
	re     *regexp.Regexp
	notPre *regexp.Regexp // when set, a match at the start of the string fails the pattern
}

func (p *pattern) match(s string) bool {
	if p.notPre != nil && p.notPre.MatchString(s) {
		return false
	}
	return p.re.MatchString(s)
}

// enumSet holds enum values, with strings in a set for quick look-up.
type enumSet struct {
	values  []any
	strings map[string]struct{}
	others  []any // the values that are not strings
}

func (e *enumSet) contains(v any) bool {
	if s, ok := v.(string); ok {
		_, found := e.strings[s]
		return found
	}
	for _, x := range e.others {
		if equal(v, x) {
			return true
		}
	}
	return false
}
