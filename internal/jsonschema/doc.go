// Package jsonschema validates JSON values against the JSON schemas that
// sbomkeeper embeds: SPDX 2.3 (draft-07) and its 2.3.1 revision (2019-09),
// CycloneDX 1.5, 1.6 and 1.7 with the SPDX license, JSF (and for 1.7
// cryptography-defs) schemas they refer to (draft-07), and SPDX 3.0.1 (2020-12).
//
// It exists so that the binary does no schema work before it is asked to:
// nothing happens at package initialisation and there is no global state. A
// caller compiles its schemas when it first needs them (a sync.OnceValues is
// enough) and shares the compiled *Schema, which is safe for concurrent use.
//
//	c := jsonschema.NewCompiler()
//	if err := c.AddResource("http://spdx.org/rdf/terms/2.3", schemaBytes); err != nil { ... }
//	s, err := c.Compile("http://spdx.org/rdf/terms/2.3")
//	doc, err := jsonschema.Decode(documentBytes)
//	for _, e := range s.Validate(doc) { fmt.Println(e.InstancePath, e.Message) }
//
// What it supports, per draft (draft-07, 2019-09, 2020-12, chosen by
// "$schema"; 2020-12 when absent):
//
//   - $ref to JSON pointers (with ~0, ~1 and percent-decoding), to $id-based
//     resources, to $anchor (and draft-07 "#name" $id) anchors and to other
//     documents given to AddResource, by URI resolved against the base URI;
//     a $ref to anything else is a compile error, and nothing is ever
//     loaded from the network or the disk. In draft-07 a $ref makes its
//     sibling keywords be ignored; from 2019-09 on they apply too.
//   - type, const, enum, the numeric keywords (minimum, maximum,
//     exclusiveMinimum, exclusiveMaximum, multipleOf), minLength, maxLength,
//     pattern, items (both forms), additionalItems (before 2020-12),
//     prefixItems (2020-12), minItems, maxItems, uniqueItems, contains,
//     minContains, maxContains, required, properties, patternProperties,
//     additionalProperties, propertyNames, minProperties, maxProperties,
//     dependencies (draft-07), dependentRequired, dependentSchemas, allOf,
//     anyOf, oneOf, not, if/then/else, and unevaluatedProperties and
//     unevaluatedItems with annotations collected through every in-place
//     applicator, as 2019-09 and 2020-12 define them.
//   - format is asserted in draft-07 and only an annotation later, as the
//     specification (and the reference implementation used in the tests)
//     have it. The asserted formats are date-time, date, time, email,
//     hostname, ipv4, ipv6, uri, uri-reference, iri, iri-reference and uuid;
//     others (idn-email among them) are not checked. URIs are read by Go's
//     URL parser and host names without Punycode rules, as leniently as
//     the reference implementation; dates, times and e-mail addresses
//     follow RFC 3339 and RFC 5321 strictly, which it does not quite.
//   - Patterns are Go regular expressions, plus one ECMA-262 form that the
//     SPDX 3 schema needs: a leading negative look-ahead, "^(?!A)B".
//
// Unknown keywords are ignored. $dynamicRef and $recursiveRef are refused,
// like a $ref that loops back to the same value without descending into it.
//
// Errors report the leaves of the failure, not the enclosing keywords that
// failed because of them: for an anyOf or oneOf that nothing matched, the
// errors of the one alternative the value was plausibly meant to be (every
// other alternative rejected its type, const or enum), else a single error
// saying it matches none of them. An unevaluatedProperties that fails while
// an in-place subschema failed too is not reported: which members were
// evaluated is then unknown, and the subschema's own errors say what is wrong.
package jsonschema
