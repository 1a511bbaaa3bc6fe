package jsonschema

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Compiler collects schema documents and compiles schemas from them. It
// only ever reads what AddResource was given. A Compiler is not safe for
// concurrent use; the schemas it compiles are.
type Compiler struct {
	resources map[string]location // the root of every schema resource, by absolute URI without fragment
	anchors   map[string]location // plain-name fragments, by absolute URI '#' name
	compiled  map[location]*schema
}

// document is one JSON document given to AddResource.
type document struct {
	uri   string
	root  any
	infos map[string]nodeInfo // by JSON pointer: the root and where the base URI or draft changes
}

// location is a value in a document; ptr is a JSON pointer in canonical
// escaping (only "~" and "/" escaped).
type location struct {
	doc *document
	ptr string
}

func (l location) String() string { return l.doc.uri + "#" + l.ptr }

// nodeInfo is what a schema object inherits from where it is: its base URI
// and draft.
type nodeInfo struct {
	base  string
	draft int
}

// NewCompiler returns an empty compiler.
func NewCompiler() *Compiler {
	return &Compiler{
		resources: map[string]location{},
		anchors:   map[string]location{},
		compiled:  map[location]*schema{},
	}
}

// AddResource registers the JSON schema document doc under the absolute
// URI uri. Its $id, if any, and those of the schemas it embeds are
// registered too, so that a $ref can name them.
func (c *Compiler) AddResource(uri string, doc []byte) error {
	base, err := absURI(uri)
	if err != nil {
		return err
	}
	if _, dup := c.resources[base]; dup {
		return fmt.Errorf("jsonschema: %s is already added", base)
	}
	root, err := Decode(doc)
	if err != nil {
		return fmt.Errorf("jsonschema: %s: %w", base, err)
	}
	d := &document{uri: base, root: root, infos: map[string]nodeInfo{}}
	if err := c.register(base, location{d, ""}); err != nil {
		return err
	}
	if err := c.index(d, root, "", base, draft2020, true); err != nil {
		return fmt.Errorf("jsonschema: %s: %w", base, err)
	}
	return nil
}

// Compile compiles the schema that uri names: a URI given to AddResource or
// an $id, optionally with a fragment (a JSON pointer or an anchor).
func (c *Compiler) Compile(uri string) (*Schema, error) {
	loc, err := c.resolve("", uri)
	if err != nil {
		return nil, fmt.Errorf("jsonschema: %w", err)
	}
	s, err := c.compileAt(loc)
	if err != nil {
		return nil, fmt.Errorf("jsonschema: %w", err)
	}
	if err := c.checkCycles(); err != nil {
		return nil, fmt.Errorf("jsonschema: %w", err)
	}
	return &Schema{root: s}, nil
}

func absURI(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("jsonschema: %q is not a URI: %w", s, err)
	}
	if !u.IsAbs() {
		return "", fmt.Errorf("jsonschema: %q is not an absolute URI", s)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

func (c *Compiler) register(uri string, loc location) error {
	if prev, dup := c.resources[uri]; dup && prev != loc {
		return fmt.Errorf("two schemas have the URI %s: %s and %s", uri, prev, loc)
	}
	c.resources[uri] = loc
	return nil
}

// draftOf maps a $schema value to a draft.
func draftOf(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("$schema is not a string")
	}
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "http://"), "https://"), "#")
	switch id {
	case "json-schema.org/draft-07/schema":
		return draft7, nil
	case "json-schema.org/draft/2019-09/schema":
		return draft2019, nil
	case "json-schema.org/draft/2020-12/schema":
		return draft2020, nil
	}
	return 0, fmt.Errorf("$schema %q is not draft-07, 2019-09 or 2020-12", s)
}

// Keywords whose values are schemas, by how they hold them.
var (
	schemaKeywords   = []string{"additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else"}
	schemaArrayKws   = []string{"allOf", "anyOf", "oneOf", "prefixItems"}
	schemaMapKws     = []string{"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
	schemaOrArrayKws = []string{"items"}
)

// index walks the schema objects of a document, recording their base URI
// and draft, and registers $id resources and anchors.
func (c *Compiler) index(d *document, v any, ptr, base string, draft int, root bool) error {
	obj, ok := v.(map[string]any)
	if !ok {
		if root {
			d.infos[ptr] = nodeInfo{base, draft}
		}
		return nil
	}
	_, hasID := obj["$id"]
	if sv, ok := obj["$schema"]; ok && (root || hasID) {
		var err error
		if draft, err = draftOf(sv); err != nil {
			return fmt.Errorf("at %q: %w", ptr, err)
		}
	}
	_, hasRef := obj["$ref"]
	here := location{d, ptr}
	if hasID && !(draft < draft2019 && hasRef) {
		id, ok := obj["$id"].(string)
		if !ok {
			return fmt.Errorf("at %q: $id is not a string", ptr)
		}
		u, err := resolveURI(base, id)
		if err != nil {
			return fmt.Errorf("at %q: %w", ptr, err)
		}
		frag := u.Fragment
		u.Fragment, u.RawFragment = "", ""
		if frag != "" && (draft >= draft2019 || strings.HasPrefix(frag, "/")) {
			return fmt.Errorf("at %q: $id %q has a fragment", ptr, id)
		}
		if id := u.String(); id != base || root {
			base = id
			if err := c.register(base, here); err != nil {
				return err
			}
		}
		if frag != "" {
			if err := c.anchor(base, frag, here); err != nil {
				return err
			}
		}
	}
	if draft >= draft2019 {
		for _, kw := range []string{"$anchor", "$dynamicAnchor"} {
			if kw == "$dynamicAnchor" && draft < draft2020 {
				continue
			}
			if a, ok := obj[kw]; ok {
				name, ok := a.(string)
				if !ok {
					return fmt.Errorf("at %q: %s is not a string", ptr, kw)
				}
				if err := c.anchor(base, name, here); err != nil {
					return err
				}
			}
		}
	}
	if in := d.info(ptr); root || in.base != base || in.draft != draft {
		d.infos[ptr] = nodeInfo{base, draft} // inherited by what is under it
	}
	if draft < draft2019 && hasRef {
		return nil // every other keyword is ignored
	}
	walk := func(kw string, v any) error {
		return c.index(d, v, ptr+"/"+escapeToken(kw), base, draft, false)
	}
	for _, kw := range schemaKeywords {
		if x, ok := obj[kw]; ok {
			if err := walk(kw, x); err != nil {
				return err
			}
		}
	}
	for _, kw := range slices.Concat(schemaArrayKws, schemaOrArrayKws) {
		if xs, ok := obj[kw].([]any); ok {
			for i, x := range xs {
				if err := c.index(d, x, ptr+"/"+kw+"/"+strconv.Itoa(i), base, draft, false); err != nil {
					return err
				}
			}
		} else if x, ok := obj[kw].(map[string]any); ok && slices.Contains(schemaOrArrayKws, kw) {
			if err := walk(kw, x); err != nil {
				return err
			}
		}
	}
	for _, kw := range append(schemaMapKws, "dependencies") {
		m, ok := obj[kw].(map[string]any)
		if !ok {
			continue
		}
		for _, k := range sortedKeys(m) {
			if _, isList := m[k].([]any); isList {
				continue // dependencies: a list of names
			}
			if err := c.index(d, m[k], ptr+"/"+escapeToken(kw)+"/"+escapeToken(k), base, draft, false); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Compiler) anchor(base, name string, loc location) error {
	key := base + "#" + name
	if prev, dup := c.anchors[key]; dup && prev != loc {
		return fmt.Errorf("anchor %s is at both %s and %s", key, prev, loc)
	}
	c.anchors[key] = loc
	return nil
}

func resolveURI(base, ref string) (*url.URL, error) {
	r, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URI reference: %w", ref, err)
	}
	if base == "" {
		if !r.IsAbs() {
			return nil, fmt.Errorf("%q is not an absolute URI", ref)
		}
		return r, nil
	}
	b, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	return b.ResolveReference(r), nil
}

// resolve finds what a $ref (or the URI given to Compile) names.
func (c *Compiler) resolve(base, ref string) (location, error) {
	u, err := resolveURI(base, ref)
	if err != nil {
		return location{}, err
	}
	frag := u.Fragment // percent-decoded
	u.Fragment, u.RawFragment = "", ""
	res, ok := c.resources[u.String()]
	if !ok {
		return location{}, fmt.Errorf("$ref %q: no schema %s was added (nothing is loaded from elsewhere)", ref, u)
	}
	switch {
	case frag == "":
		return res, nil
	case strings.HasPrefix(frag, "/"):
		tokens, err := splitPointer(frag)
		if err != nil {
			return location{}, fmt.Errorf("$ref %q: %w", ref, err)
		}
		loc := res
		for _, t := range tokens {
			loc.ptr += "/" + escapeToken(t)
		}
		if _, ok := pointerValue(loc.doc.root, loc.ptr); !ok {
			return location{}, fmt.Errorf("$ref %q: nothing at %s", ref, loc)
		}
		return loc, nil
	default:
		loc, ok := c.anchors[u.String()+"#"+frag]
		if !ok {
			return location{}, fmt.Errorf("$ref %q: no anchor %q in %s", ref, frag, u)
		}
		return loc, nil
	}
}

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// splitPointer splits a JSON pointer ("" or starting with "/") into
// unescaped tokens.
func splitPointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%q is not a JSON pointer", p)
	}
	parts := strings.Split(p[1:], "/")
	for i, t := range parts {
		for j := 0; j < len(t); j++ {
			if t[j] == '~' && (j+1 == len(t) || (t[j+1] != '0' && t[j+1] != '1')) {
				return nil, fmt.Errorf("%q: '~' must be followed by 0 or 1", p)
			}
		}
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return parts, nil
}

// pointerValue finds the value a canonical JSON pointer names.
func pointerValue(root any, ptr string) (any, bool) {
	tokens, err := splitPointer(ptr)
	if err != nil {
		return nil, false
	}
	v := root
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			next, found := x[t]
			if !found {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) || strconv.Itoa(i) != t {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// info is the base URI and draft of the schema at ptr, or of the nearest
// schema object enclosing it.
func (d *document) info(ptr string) nodeInfo {
	for {
		if in, found := d.infos[ptr]; found {
			return in
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return d.infos[""] // the zero nodeInfo while the root is indexed
		}
		ptr = ptr[:i]
	}
}

func (c *Compiler) compileAt(loc location) (*schema, error) {
	if s, done := c.compiled[loc]; done {
		return s, nil
	}
	v, found := pointerValue(loc.doc.root, loc.ptr)
	if !found {
		return nil, fmt.Errorf("nothing at %s", loc)
	}
	return c.compileValue(loc, v)
}

// compileValue compiles v, the value at loc.
func (c *Compiler) compileValue(loc location, v any) (*schema, error) {
	if s, done := c.compiled[loc]; done {
		return s, nil
	}
	info := loc.doc.info(loc.ptr)
	s := &schema{
		loc: loc.String(), draft: info.draft,
		minProps: -1, maxProps: -1, minItems: -1, maxItems: -1,
		minLength: -1, maxLength: -1, minContains: -1, maxContains: -1,
	}
	c.compiled[loc] = s
	switch v := v.(type) {
	case bool:
		s.always, s.never = v, !v
		return s, nil
	case map[string]any:
		if err := c.fill(s, v, loc, info); err != nil {
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("%s is not a schema (an object or a boolean)", loc)
}

// fill compiles the keywords of the schema object obj into s.
func (c *Compiler) fill(s *schema, obj map[string]any, loc location, info nodeInfo) error {
	draft := info.draft
	bad := func(kw, want string) error {
		return fmt.Errorf("%s/%s: %s must be %s", loc, escapeToken(kw), kw, want)
	}
	sub := func(tokens ...string) (*schema, error) {
		p := loc.ptr
		var v any = obj
		for _, t := range tokens {
			p += "/" + escapeToken(t)
			switch x := v.(type) {
			case map[string]any:
				v = x[t]
			case []any:
				i, _ := strconv.Atoi(t)
				v = x[i]
			}
		}
		return c.compileValue(location{loc.doc, p}, v)
	}
	opt := func(kw string) (*schema, error) {
		if _, ok := obj[kw]; !ok {
			return nil, nil
		}
		return sub(kw)
	}
	list := func(kw string) ([]*schema, error) {
		v, present := obj[kw]
		if !present {
			return nil, nil
		}
		xs, ok := v.([]any)
		if !ok || (len(xs) == 0 && kw != "prefixItems") {
			return nil, bad(kw, "a non-empty array of schemas")
		}
		out := make([]*schema, len(xs))
		for i := range xs {
			var err error
			if out[i], err = sub(kw, strconv.Itoa(i)); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	count := func(kw string) (int, error) {
		v, present := obj[kw]
		if !present {
			return -1, nil
		}
		d, ok := toDecimal(v)
		if !ok || d.neg || d.exp < 0 || len(d.digits)+int(min(d.exp, 20)) > 18 {
			return 0, bad(kw, "a non-negative integer")
		}
		n, _ := strconv.Atoi(d.String())
		return n, nil
	}
	number := func(kw string) (*decimal, error) {
		v, present := obj[kw]
		if !present {
			return nil, nil
		}
		d, ok := toDecimal(v)
		if !ok {
			return nil, bad(kw, "a number")
		}
		return &d, nil
	}
	names := func(kw string, v any) ([]string, error) {
		xs, ok := v.([]any)
		if !ok {
			return nil, bad(kw, "an array of strings")
		}
		out := make([]string, len(xs))
		for i, x := range xs {
			if out[i], ok = x.(string); !ok {
				return nil, bad(kw, "an array of strings")
			}
		}
		return out, nil
	}
	var err error

	if r, present := obj["$ref"]; present {
		ref, ok := r.(string)
		if !ok {
			return bad("$ref", "a string")
		}
		target, err := c.resolve(info.base, ref)
		if err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		if s.ref, err = c.compileAt(target); err != nil {
			return err
		}
		if draft < draft2019 {
			return nil // the other keywords are ignored
		}
	}
	for _, kw := range []string{"$recursiveRef", "$dynamicRef"} {
		if _, present := obj[kw]; present && draft >= draft2019 {
			return fmt.Errorf("%s: %s is not supported", loc, kw)
		}
	}

	if t, present := obj["type"]; present {
		var ts []any
		switch t := t.(type) {
		case string:
			ts = []any{t}
		case []any:
			ts = t
		default:
			return bad("type", "a string or an array of strings")
		}
		for _, x := range ts {
			name, _ := x.(string)
			i := slices.Index(typeNames, name)
			if i < 0 {
				return bad("type", "one of "+strings.Join(typeNames, ", "))
			}
			s.types |= 1 << i
		}
	}
	if v, present := obj["const"]; present {
		s.hasConst, s.constVal = true, v
	}
	if v, present := obj["enum"]; present {
		xs, ok := v.([]any)
		if !ok {
			return bad("enum", "an array")
		}
		e := &enumSet{values: xs, strings: map[string]struct{}{}}
		for _, x := range xs {
			if str, isStr := x.(string); isStr {
				e.strings[str] = struct{}{}
			} else {
				e.others = append(e.others, x)
			}
		}
		s.enum = e
	}
	if v, present := obj["format"]; present && draft < draft2019 {
		name, ok := v.(string)
		if !ok {
			return bad("format", "a string")
		}
		s.format = lookupFormat(name)
	}

	// objects
	if v, present := obj["required"]; present {
		if s.required, err = names("required", v); err != nil {
			return err
		}
	}
	if v, present := obj["properties"]; present {
		m, ok := v.(map[string]any)
		if !ok {
			return bad("properties", "an object")
		}
		s.properties = make(map[string]*schema, len(m))
		for k := range m {
			if s.properties[k], err = sub("properties", k); err != nil {
				return err
			}
		}
	}
	if v, present := obj["patternProperties"]; present {
		m, ok := v.(map[string]any)
		if !ok {
			return bad("patternProperties", "an object")
		}
		for _, k := range sortedKeys(m) {
			re, err := compilePattern(k)
			if err != nil {
				return fmt.Errorf("%s/patternProperties: %w", loc, err)
			}
			ps, err := sub("patternProperties", k)
			if err != nil {
				return err
			}
			s.patternProps = append(s.patternProps, patternSchema{re, ps})
		}
	}
	if s.additionalPr, err = opt("additionalProperties"); err != nil {
		return err
	}
	s.allProps = s.additionalPr != nil
	if s.propertyNames, err = opt("propertyNames"); err != nil {
		return err
	}
	if s.minProps, err = count("minProperties"); err != nil {
		return err
	}
	if s.maxProps, err = count("maxProperties"); err != nil {
		return err
	}
	depKws := []string{"dependentRequired", "dependentSchemas"}
	if draft < draft2019 {
		depKws = []string{"dependencies"}
	}
	for _, kw := range depKws {
		v, present := obj[kw]
		if !present {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return bad(kw, "an object")
		}
		for _, k := range sortedKeys(m) {
			if _, isList := m[k].([]any); isList && kw != "dependentSchemas" {
				if s.depRequired == nil {
					s.depRequired = map[string][]string{}
				}
				if s.depRequired[k], err = names(kw, m[k]); err != nil {
					return err
				}
				continue
			}
			if kw == "dependentRequired" {
				return bad(kw, "an object of arrays of strings")
			}
			if s.depSchemas == nil {
				s.depSchemas = map[string]*schema{}
			}
			if s.depSchemas[k], err = sub(kw, k); err != nil {
				return err
			}
		}
	}

	// arrays
	switch obj["items"].(type) {
	case []any:
		if draft >= draft2020 {
			return bad("items", "a schema")
		}
		if s.prefixItems, err = list("items"); err != nil {
			return err
		}
		if s.additionalIt, err = opt("additionalItems"); err != nil {
			return err
		}
	case nil:
	default:
		if s.items, err = sub("items"); err != nil {
			return err
		}
	}
	if draft >= draft2020 {
		if s.prefixItems, err = list("prefixItems"); err != nil {
			return err
		}
	}
	if s.minItems, err = count("minItems"); err != nil {
		return err
	}
	if s.maxItems, err = count("maxItems"); err != nil {
		return err
	}
	if v, present := obj["uniqueItems"]; present {
		b, ok := v.(bool)
		if !ok {
			return bad("uniqueItems", "a boolean")
		}
		s.uniqueItems = b
	}
	if s.contains, err = opt("contains"); err != nil {
		return err
	}

	// strings
	if s.minLength, err = count("minLength"); err != nil {
		return err
	}
	if s.maxLength, err = count("maxLength"); err != nil {
		return err
	}
	if v, present := obj["pattern"]; present {
		src, ok := v.(string)
		if !ok {
			return bad("pattern", "a string")
		}
		if s.pattern, err = compilePattern(src); err != nil {
			return fmt.Errorf("%s/pattern: %w", loc, err)
		}
	}

	// numbers
	for _, n := range []struct {
		kw  string
		dst **decimal
	}{{"minimum", &s.minimum}, {"maximum", &s.maximum}, {"exclusiveMinimum", &s.exclMinimum}, {"exclusiveMaximum", &s.exclMaximum}, {"multipleOf", &s.multipleOf}} {
		if *n.dst, err = number(n.kw); err != nil {
			return err
		}
	}
	if s.multipleOf != nil && (s.multipleOf.neg || s.multipleOf.digits == "") {
		return bad("multipleOf", "greater than 0")
	}

	// applicators
	if s.allOf, err = list("allOf"); err != nil {
		return err
	}
	if s.anyOf, err = list("anyOf"); err != nil {
		return err
	}
	if s.oneOf, err = list("oneOf"); err != nil {
		return err
	}
	if s.not, err = opt("not"); err != nil {
		return err
	}
	if _, present := obj["if"]; present {
		if s.ifS, err = sub("if"); err != nil {
			return err
		}
		if s.thenS, err = opt("then"); err != nil {
			return err
		}
		if s.elseS, err = opt("else"); err != nil {
			return err
		}
	}

	if draft >= draft2019 {
		if s.unevalProps, err = opt("unevaluatedProperties"); err != nil {
			return err
		}
		if s.unevalItems, err = opt("unevaluatedItems"); err != nil {
			return err
		}
		if s.minContains, err = count("minContains"); err != nil {
			return err
		}
		if s.maxContains, err = count("maxContains"); err != nil {
			return err
		}
	}
	return nil
}

// checkCycles refuses a schema that applies itself to the same value again
// through in-place applicators only: validating would never end.
func (c *Compiler) checkCycles() error {
	const (
		unseen = iota
		open
		done
	)
	state := make(map[*schema]uint8, len(c.compiled))
	var visit func(s *schema) error
	visit = func(s *schema) error {
		switch state[s] {
		case open:
			return fmt.Errorf("%s applies itself to the same value without end", s.loc)
		case done:
			return nil
		}
		state[s] = open
		for _, x := range s.inPlace() {
			if err := visit(x); err != nil {
				return err
			}
		}
		state[s] = done
		return nil
	}
	for _, s := range c.compiled {
		if err := visit(s); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
