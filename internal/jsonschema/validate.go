package jsonschema

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Schema is a compiled schema. It is safe for concurrent use.
type Schema struct {
	root *schema
}

// Error is one reason why a value is invalid.
type Error struct {
	// InstancePath is a JSON pointer to the offending value; "" is the root.
	// For a missing member it is the object that lacks it, for a member
	// that is not allowed it is that member.
	InstancePath string
	// KeywordPath is where the failing keyword is: the URI of the schema
	// document, '#', and a JSON pointer.
	KeywordPath string
	// Message says what is wrong, in words.
	Message string
}

func (e Error) String() string {
	p := e.InstancePath
	if p == "" {
		p = "/"
	}
	return p + ": " + e.Message
}

// Validate validates v, a value as Decode (or encoding/json with UseNumber)
// gives it; float64, int and int64 numbers are accepted too. It returns
// nil when v is valid, else the errors, sorted by instance path.
func (s *Schema) Validate(v any) []Error {
	vd := validator{}
	vd.eval(s.root, v, nil, nil)
	if len(vd.errs) == 0 {
		return nil
	}
	out := make([]Error, len(vd.errs))
	for i, e := range vd.errs {
		out[i] = Error{InstancePath: e.path, KeywordPath: e.keywordPath(), Message: e.message()}
	}
	slices.SortFunc(out, compareErrors)
	return slices.Compact(out)
}

// SortErrors sorts errs as Validate sorts its result and removes duplicates,
// for callers that validate a document in parts (each item of a large array
// against the items schema) and put the errors together.
func SortErrors(errs []Error) []Error {
	slices.SortFunc(errs, compareErrors)
	return slices.Compact(errs)
}

// Valid reports whether v is valid, stopping at the first error.
func (s *Schema) Valid(v any) bool {
	vd := validator{quick: true}
	vd.eval(s.root, v, nil, nil)
	return len(vd.errs) == 0
}

func compareErrors(a, b Error) int {
	if c := comparePointers(a.InstancePath, b.InstancePath); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.KeywordPath, b.KeywordPath), strings.Compare(a.Message, b.Message))
}

// comparePointers orders JSON pointers token by token, array indexes by
// number.
func comparePointers(a, b string) int {
	for a != "" && b != "" {
		var x, y string
		x, a = nextToken(a)
		y, b = nextToken(b)
		if x == y {
			continue
		}
		nx, errx := strconv.Atoi(x)
		ny, erry := strconv.Atoi(y)
		if errx == nil && erry == nil && nx != ny {
			return cmp.Compare(nx, ny)
		}
		return strings.Compare(x, y)
	}
	return cmp.Compare(len(a), len(b))
}

func nextToken(p string) (string, string) {
	p = p[1:]
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}

// ipath is the path to the value being validated, as a list from the value
// up; it becomes a string only for an error.
type ipath struct {
	parent *ipath
	key    string
	index  int
	isIdx  bool
}

func (p *ipath) String() string {
	if p == nil {
		return ""
	}
	var tokens []string
	for q := p; q != nil; q = q.parent {
		if q.isIdx {
			tokens = append(tokens, strconv.Itoa(q.index))
		} else {
			tokens = append(tokens, escapeToken(q.key))
		}
	}
	var b strings.Builder
	for i := len(tokens) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(tokens[i])
	}
	return b.String()
}

// annot collects the annotations unevaluatedProperties and
// unevaluatedItems look at: which members and items were evaluated.
type annot struct {
	allProps bool
	props    map[string]struct{}
	allItems bool
	items    int // items[:items] were evaluated
	itemSet  map[int]struct{}
}

func (a *annot) addProp(k string) {
	if a.allProps {
		return
	}
	if a.props == nil {
		a.props = map[string]struct{}{}
	}
	a.props[k] = struct{}{}
}

func (a *annot) hasProp(k string) bool {
	_, ok := a.props[k]
	return a.allProps || ok
}

func (a *annot) hasItem(i int) bool {
	_, ok := a.itemSet[i]
	return a.allItems || i < a.items || ok
}

func (a *annot) merge(b *annot) {
	a.allProps = a.allProps || b.allProps
	if !a.allProps {
		for k := range b.props {
			a.addProp(k)
		}
	}
	a.allItems = a.allItems || b.allItems
	a.items = max(a.items, b.items)
	for i := range b.itemSet {
		if a.itemSet == nil {
			a.itemSet = map[int]struct{}{}
		}
		a.itemSet[i] = struct{}{}
	}
}

// verr is an error as found; the message is made only for the output.
type verr struct {
	path     string
	kw       string  // the failing keyword of s; "" for the false schema
	s        *schema // the schema the keyword is in
	val      any     // the value that failed
	member   string  // the member concerned, for keywords about members
	n, m     int     // counts or indexes, depending on kw
	mismatch bool    // the value is not of the kind s wants (type, const, enum)
	sub      []verr  // for an anyOf or oneOf that nothing matched: the first error of each alternative
}

type validator struct {
	quick bool // only whether there is an error matters, not which
	errs  []verr
}

func (vd *validator) fail(e verr, ip *ipath) {
	if !vd.quick {
		e.path = ip.String()
	}
	vd.errs = append(vd.errs, e)
}

// eval validates x against s, appending errors to vd.errs. When ann is not
// nil it collects the annotations of s into it; they are only good if s
// added no error.
func (vd *validator) eval(s *schema, x any, ip *ipath, ann *annot) {
	if s.always {
		return
	}
	if s.never {
		vd.fail(verr{s: s, val: x}, ip)
		return
	}
	t := typeOf(x)
	if t == 0 {
		vd.fail(verr{kw: "type", s: s, val: x, mismatch: true}, ip)
		return
	}
	// A value of the wrong kind gets that one error, as in the reference
	// implementation: the other keywords would only repeat it.
	if s.types != 0 && s.types&t == 0 && !(s.types&tInteger != 0 && t == tNumber && isInteger(x)) {
		vd.fail(verr{kw: "type", s: s, val: x, mismatch: true}, ip)
		return
	}
	if s.hasConst && !equal(x, s.constVal) {
		vd.fail(verr{kw: "const", s: s, val: x, mismatch: true}, ip)
		return
	}
	if s.enum != nil && !s.enum.contains(x) {
		vd.fail(verr{kw: "enum", s: s, val: x, mismatch: true}, ip)
		return
	}
	if str, ok := x.(string); ok && s.format != nil && !s.format.check(str) {
		vd.fail(verr{kw: "format", s: s, val: x}, ip)
		return
	}
	if s.ref != nil && s.draft < draft2019 {
		vd.eval(s.ref, x, ip, ann)
		return
	}

	la := ann
	if la == nil && (s.unevalProps != nil || s.unevalItems != nil) {
		la = &annot{}
	}
	mark := len(vd.errs)
	stop := func() bool { return vd.quick && len(vd.errs) > mark }
	inPlaceFailed := false
	inPlace := func(sub *schema) {
		if !vd.inPlace(sub, x, ip, la) {
			inPlaceFailed = true
		}
	}

	if s.ref != nil {
		if inPlace(s.ref); stop() {
			return
		}
	}
	switch t {
	case tObject:
		vd.object(s, x.(map[string]any), ip, la, inPlace)
	case tArray:
		vd.array(s, x.([]any), ip, la)
	case tString:
		vd.string(s, x.(string), ip)
	case tNumber:
		vd.number(s, x, ip)
	}
	if stop() {
		return
	}
	for _, sub := range s.allOf {
		if inPlace(sub); stop() {
			return
		}
	}
	if s.anyOf != nil && !vd.anyOf(s, x, ip, la) {
		if inPlaceFailed = true; stop() {
			return
		}
	}
	if s.oneOf != nil && !vd.oneOf(s, x, ip, la) {
		if inPlaceFailed = true; stop() {
			return
		}
	}
	if s.not != nil && vd.check(s.not, x, ip, nil) {
		if vd.fail(verr{kw: "not", s: s, val: x}, ip); stop() {
			return
		}
	}
	if s.ifS != nil {
		next := s.elseS
		if vd.check(s.ifS, x, ip, la) {
			next = s.thenS
		}
		if next != nil {
			if inPlace(next); stop() {
				return
			}
		}
	}
	if inPlaceFailed {
		// Which members and items were evaluated is unknown; the failed
		// subschema's errors say what is wrong.
		return
	}
	if obj, ok := x.(map[string]any); ok && s.unevalProps != nil {
		for _, k := range sortedKeys(obj) {
			if la.hasProp(k) {
				continue
			}
			child := ipath{parent: ip, key: k}
			if s.unevalProps.never {
				vd.fail(verr{kw: "unevaluatedProperties", s: s, val: x, member: k}, &child)
			} else {
				vd.eval(s.unevalProps, obj[k], &child, nil)
			}
			if stop() {
				return
			}
		}
		la.allProps = true
	}
	if arr, ok := x.([]any); ok && s.unevalItems != nil {
		for i := range arr {
			if la.hasItem(i) {
				continue
			}
			child := ipath{parent: ip, index: i, isIdx: true}
			vd.eval(s.unevalItems, arr[i], &child, nil)
			if stop() {
				return
			}
		}
		la.allItems = true
	}
}

// inPlace applies sub to the same value; its annotations count only when it
// passes.
func (vd *validator) inPlace(sub *schema, x any, ip *ipath, la *annot) bool {
	mark := len(vd.errs)
	var child *annot
	if la != nil {
		child = &annot{}
	}
	vd.eval(sub, x, ip, child)
	if len(vd.errs) > mark {
		return false
	}
	if la != nil {
		la.merge(child)
	}
	return true
}

// check reports whether x is valid against sub, adding no error; on
// success it merges the annotations into la.
func (vd *validator) check(sub *schema, x any, ip *ipath, la *annot) bool {
	quick, mark := vd.quick, len(vd.errs)
	vd.quick = true
	ok := vd.inPlace(sub, x, ip, la)
	vd.quick = quick
	vd.errs = vd.errs[:mark]
	return ok
}

func (vd *validator) anyOf(s *schema, x any, ip *ipath, la *annot) bool {
	matched := false
	for _, sub := range s.anyOf {
		if vd.check(sub, x, ip, la) {
			matched = true
			if la == nil {
				break // no need for the other alternatives' annotations
			}
		}
	}
	if !matched {
		vd.noneMatched(s, "anyOf", s.anyOf, x, ip)
	}
	return matched
}

func (vd *validator) oneOf(s *schema, x any, ip *ipath, la *annot) bool {
	first := -1
	var ann *annot
	for i, sub := range s.oneOf {
		var a *annot
		if la != nil {
			a = &annot{}
		}
		if !vd.check(sub, x, ip, a) {
			continue
		}
		if first >= 0 {
			vd.fail(verr{kw: "oneOf", s: s, val: x, n: first, m: i}, ip)
			return false
		}
		first, ann = i, a
	}
	if first < 0 {
		vd.noneMatched(s, "oneOf", s.oneOf, x, ip)
		return false
	}
	if la != nil {
		la.merge(ann)
	}
	return true
}

// noneMatched reports an anyOf or oneOf that no alternative matched: the
// errors of the one alternative the value was plausibly meant for (the
// only one that did not reject it outright by type, const or enum), else
// one error naming none.
func (vd *validator) noneMatched(s *schema, kw string, alts []*schema, x any, ip *ipath) {
	if vd.quick {
		vd.errs = append(vd.errs, verr{})
		return
	}
	here := ip.String()
	branches := make([][]verr, len(alts))
	var candidates []int
	for i, sub := range alts {
		mark := len(vd.errs)
		vd.eval(sub, x, ip, nil)
		branches[i] = slices.Clone(vd.errs[mark:])
		vd.errs = vd.errs[:mark]
		slices.SortFunc(branches[i], compareVerr)
		if !slices.ContainsFunc(branches[i], func(e verr) bool { return e.mismatch && e.path == here }) {
			candidates = append(candidates, i)
		}
	}
	switch {
	case len(alts) == 1:
		vd.errs = append(vd.errs, branches[0]...)
	case len(candidates) == 1:
		vd.errs = append(vd.errs, branches[candidates[0]]...)
	default:
		e := verr{path: here, kw: kw, s: s, val: x, n: len(alts), mismatch: len(candidates) == 0}
		for _, b := range branches {
			if len(b) > 0 {
				e.sub = append(e.sub, b[0])
			}
		}
		vd.errs = append(vd.errs, e)
	}
}

func compareVerr(a, b verr) int {
	return cmp.Or(comparePointers(a.path, b.path), strings.Compare(a.keywordPath(), b.keywordPath()), strings.Compare(a.member, b.member))
}

func (vd *validator) object(s *schema, obj map[string]any, ip *ipath, la *annot, inPlace func(*schema)) {
	mark := len(vd.errs)
	stop := func() bool { return vd.quick && len(vd.errs) > mark }
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			if vd.fail(verr{kw: "required", s: s, val: obj, member: name}, ip); stop() {
				return
			}
		}
	}
	if s.minProps >= 0 && len(obj) < s.minProps {
		vd.fail(verr{kw: "minProperties", s: s, val: obj, n: len(obj)}, ip)
	}
	if s.maxProps >= 0 && len(obj) > s.maxProps {
		vd.fail(verr{kw: "maxProperties", s: s, val: obj, n: len(obj)}, ip)
	}
	if stop() {
		return
	}
	if s.properties != nil || s.patternProps != nil || s.additionalPr != nil {
		for k, v := range obj {
			child := ipath{parent: ip, key: k}
			matched := false
			if sub, ok := s.properties[k]; ok {
				matched = true
				vd.eval(sub, v, &child, nil)
			}
			for _, pp := range s.patternProps {
				if pp.re.match(k) {
					matched = true
					vd.eval(pp.s, v, &child, nil)
				}
			}
			if !matched && s.additionalPr != nil {
				if s.additionalPr.never {
					vd.fail(verr{kw: "additionalProperties", s: s, val: obj, member: k}, &child)
				} else {
					vd.eval(s.additionalPr, v, &child, nil)
				}
			}
			if matched && la != nil {
				la.addProp(k)
			}
			if stop() {
				return
			}
		}
		if s.additionalPr != nil && la != nil {
			la.allProps = true
		}
	}
	if s.propertyNames != nil {
		for _, k := range sortedKeys(obj) {
			if !vd.check(s.propertyNames, k, ip, nil) {
				if vd.fail(verr{kw: "propertyNames", s: s, val: obj, member: k}, ip); stop() {
					return
				}
			}
		}
	}
	for _, k := range sortedKeys(s.depRequired) {
		if _, ok := obj[k]; !ok {
			continue
		}
		for _, name := range s.depRequired[k] {
			if _, ok := obj[name]; !ok {
				kw := "dependentRequired"
				if s.draft < draft2019 {
					kw = "dependencies"
				}
				if vd.fail(verr{kw: kw, s: s, val: obj, member: name, sub: []verr{{member: k}}}, ip); stop() {
					return
				}
			}
		}
	}
	for _, k := range sortedKeys(s.depSchemas) {
		if _, ok := obj[k]; ok {
			if inPlace(s.depSchemas[k]); stop() {
				return
			}
		}
	}
}

func (vd *validator) array(s *schema, arr []any, ip *ipath, la *annot) {
	mark := len(vd.errs)
	stop := func() bool { return vd.quick && len(vd.errs) > mark }
	if s.minItems >= 0 && len(arr) < s.minItems {
		vd.fail(verr{kw: "minItems", s: s, val: arr, n: len(arr)}, ip)
	}
	if s.maxItems >= 0 && len(arr) > s.maxItems {
		vd.fail(verr{kw: "maxItems", s: s, val: arr, n: len(arr)}, ip)
	}
	if s.uniqueItems && len(arr) > 1 {
		seen := make(map[string]int, len(arr))
		var buf []byte
		for i, x := range arr {
			buf = canonical(buf[:0], x)
			if j, dup := seen[string(buf)]; dup {
				vd.fail(verr{kw: "uniqueItems", s: s, val: arr, n: j, m: i}, ip)
				break
			}
			seen[string(buf)] = i
		}
	}
	if stop() {
		return
	}
	item := func(sub *schema, i int) {
		child := ipath{parent: ip, index: i, isIdx: true}
		vd.eval(sub, arr[i], &child, nil)
	}
	done := min(len(s.prefixItems), len(arr))
	for i := range done {
		if item(s.prefixItems[i], i); stop() {
			return
		}
	}
	if s.items != nil {
		for i := done; i < len(arr); i++ {
			if item(s.items, i); stop() {
				return
			}
		}
		done = len(arr)
	}
	if s.additionalIt != nil {
		if s.additionalIt.never && done < len(arr) {
			vd.fail(verr{kw: "additionalItems", s: s, val: arr, n: len(arr), m: done}, ip)
		} else {
			for i := done; i < len(arr); i++ {
				if item(s.additionalIt, i); stop() {
					return
				}
			}
		}
		done = len(arr)
	}
	if la != nil {
		la.items = max(la.items, done)
		if s.items != nil || s.additionalIt != nil {
			la.allItems = true
		}
	}
	if s.contains != nil {
		matched := 0
		for i, x := range arr {
			child := ipath{parent: ip, index: i, isIdx: true}
			if vd.check(s.contains, x, &child, nil) {
				matched++
				if la != nil && s.draft >= draft2020 {
					if la.itemSet == nil {
						la.itemSet = map[int]struct{}{}
					}
					la.itemSet[i] = struct{}{}
				}
			}
		}
		switch {
		case s.minContains >= 0 && matched < s.minContains:
			vd.fail(verr{kw: "minContains", s: s, val: arr, n: matched}, ip)
		case s.minContains < 0 && matched == 0:
			vd.fail(verr{kw: "contains", s: s, val: arr}, ip)
		case s.maxContains >= 0 && matched > s.maxContains:
			vd.fail(verr{kw: "maxContains", s: s, val: arr, n: matched}, ip)
		}
	}
}

func (vd *validator) string(s *schema, str string, ip *ipath) {
	if s.minLength >= 0 || s.maxLength >= 0 {
		n := utf8.RuneCountInString(str)
		if s.minLength >= 0 && n < s.minLength {
			vd.fail(verr{kw: "minLength", s: s, val: str, n: n}, ip)
		}
		if s.maxLength >= 0 && n > s.maxLength {
			vd.fail(verr{kw: "maxLength", s: s, val: str, n: n}, ip)
		}
	}
	if s.pattern != nil && !s.pattern.match(str) {
		vd.fail(verr{kw: "pattern", s: s, val: str}, ip)
	}
}

func (vd *validator) number(s *schema, x any, ip *ipath) {
	if s.minimum == nil && s.maximum == nil && s.exclMinimum == nil && s.exclMaximum == nil && s.multipleOf == nil {
		return
	}
	d, _ := toDecimal(x)
	if s.minimum != nil && d.cmp(*s.minimum) < 0 {
		vd.fail(verr{kw: "minimum", s: s, val: x}, ip)
	}
	if s.maximum != nil && d.cmp(*s.maximum) > 0 {
		vd.fail(verr{kw: "maximum", s: s, val: x}, ip)
	}
	if s.exclMinimum != nil && d.cmp(*s.exclMinimum) <= 0 {
		vd.fail(verr{kw: "exclusiveMinimum", s: s, val: x}, ip)
	}
	if s.exclMaximum != nil && d.cmp(*s.exclMaximum) >= 0 {
		vd.fail(verr{kw: "exclusiveMaximum", s: s, val: x}, ip)
	}
	if s.multipleOf != nil && !d.multipleOf(*s.multipleOf) {
		vd.fail(verr{kw: "multipleOf", s: s, val: x}, ip)
	}
}
