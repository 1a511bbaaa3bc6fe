package recipes

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Recipe is one library the script builds.
type Recipe struct {
	Name      string // "OpenSSL": the recipe's name without its version
	Version   string // "3.0.16"
	URL       string
	Checksum  string // lower-case hex
	Algorithm string // SPDX's name for it, told by its length: "MD5", "SHA1", "SHA256", "SHA512"
	Line      int    // of the dict(...) in the script
}

// node is an expression, kept unevaluated until a value is needed.
type node struct {
	op   string // "str", "name", "num", "call", "attr", "index", "list", "tuple", "dict", "not", "and", "or", "bin", "cmp", "ifexp", "const"
	text string // str: the value; name/attr: the name; bin/cmp: the operator; const: True/False/None
	fstr bool
	kids []*node
	keys []string // call: keyword names, "" for positional; dict: keys
	src  string   // the source text, for conditions and messages
	line int
}

type parser struct {
	src  string
	toks []token
	pos  int
	deep int
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return (t.kind == tOp || t.kind == tName) && t.text == text
}

func (p *parser) expect(text string) error {
	if !p.is(text) {
		t := p.peek()
		return fmt.Errorf("line %d: expected %q, found %s", t.line, text, describe(t))
	}
	p.next()
	return nil
}

func describe(t token) string {
	switch t.kind {
	case tNewline:
		return "the end of the line"
	case tIndent, tDedent:
		return "a change of indentation"
	case tEOF:
		return "the end of the file"
	case tString:
		return "a string"
	}
	return strconv.Quote(t.text)
}

func (p *parser) enter(line int) error {
	p.deep++
	if p.deep > maxDepth {
		return fmt.Errorf("line %d: expressions nest more than %d deep", line, maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.deep-- }

func (p *parser) expr() (*node, error) {
	start := p.peek()
	if err := p.enter(start.line); err != nil {
		return nil, err
	}
	defer p.leave()
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.is("if") {
		p.next()
		cond, err := p.or()
		if err != nil {
			return nil, err
		}
		if err := p.expect("else"); err != nil {
			return nil, err
		}
		other, err := p.expr()
		if err != nil {
			return nil, err
		}
		n = &node{op: "ifexp", kids: []*node{n, cond, other}, line: start.line}
	}
	p.finish(n, start)
	return n, nil
}

// finish records the source text an expression spans.
func (p *parser) finish(n *node, start token) {
	end := p.toks[max(p.pos-1, 0)].end
	if end > start.start {
		n.src = p.src[start.start:end]
	}
}

func (p *parser) or() (*node, error) {
	start := p.peek()
	n, err := p.and()
	for err == nil && p.is("or") {
		p.next()
		var r *node
		if r, err = p.and(); err == nil {
			n = &node{op: "or", kids: []*node{n, r}, line: start.line}
			p.finish(n, start)
		}
	}
	return n, err
}

func (p *parser) and() (*node, error) {
	start := p.peek()
	n, err := p.not()
	for err == nil && p.is("and") {
		p.next()
		var r *node
		if r, err = p.not(); err == nil {
			n = &node{op: "and", kids: []*node{n, r}, line: start.line}
			p.finish(n, start)
		}
	}
	return n, err
}

func (p *parser) not() (*node, error) {
	start := p.peek()
	if p.is("not") {
		p.next()
		if err := p.enter(start.line); err != nil {
			return nil, err
		}
		defer p.leave()
		n, err := p.not()
		if err != nil {
			return nil, err
		}
		out := &node{op: "not", kids: []*node{n}, line: start.line}
		p.finish(out, start)
		return out, nil
	}
	return p.cmp()
}

func (p *parser) cmp() (*node, error) {
	start := p.peek()
	n, err := p.arith()
	for err == nil {
		t := p.peek()
		op := t.text
		if t.kind == tOp && slices.Contains([]string{"==", "!=", "<", ">", "<=", ">="}, op) || t.kind == tName && (op == "in" || op == "is") {
			p.next()
			if op == "is" && p.is("not") {
				p.next()
				op = "is not"
			}
			var r *node
			if r, err = p.arith(); err == nil {
				n = &node{op: "cmp", text: op, kids: []*node{n, r}, line: start.line}
				p.finish(n, start)
			}
			continue
		}
		break
	}
	return n, err
}

func (p *parser) arith() (*node, error) {
	start := p.peek()
	n, err := p.term()
	for err == nil && (p.is("+") || p.is("-")) {
		op := p.next().text
		var r *node
		if r, err = p.term(); err == nil {
			n = &node{op: "bin", text: op, kids: []*node{n, r}, line: start.line}
			p.finish(n, start)
		}
	}
	return n, err
}

func (p *parser) term() (*node, error) {
	start := p.peek()
	n, err := p.unary()
	for err == nil && (p.is("%") || p.is("*") || p.is("/") || p.is("//")) {
		op := p.next().text
		var r *node
		if r, err = p.unary(); err == nil {
			n = &node{op: "bin", text: op, kids: []*node{n, r}, line: start.line}
			p.finish(n, start)
		}
	}
	return n, err
}

func (p *parser) unary() (*node, error) {
	if p.is("-") || p.is("+") || p.is("~") {
		start := p.next()
		if err := p.enter(start.line); err != nil {
			return nil, err
		}
		defer p.leave()
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{op: "bin", text: "unary" + start.text, kids: []*node{n}, line: start.line}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (*node, error) {
	start := p.peek()
	n, err := p.atom()
	for err == nil {
		switch {
		case p.is("("):
			p.next()
			call := &node{op: "call", kids: []*node{n}, keys: []string{""}, line: start.line}
			err = p.list(")", func() error {
				key := ""
				if p.peek().kind == tName && p.toks[p.pos+1].kind == tOp && p.toks[p.pos+1].text == "=" {
					key = p.next().text
					p.next()
				} else if p.is("*") || p.is("**") {
					key = p.next().text
				}
				v, err := p.expr()
				if err == nil {
					call.kids, call.keys = append(call.kids, v), append(call.keys, key)
				}
				return err
			})
			n = call
		case p.is("."):
			p.next()
			t := p.next()
			if t.kind != tName {
				return nil, fmt.Errorf("line %d: expected a name after '.', found %s", t.line, describe(t))
			}
			n = &node{op: "attr", text: t.text, kids: []*node{n}, line: start.line}
		case p.is("["):
			p.next()
			var idx *node
			if idx, err = p.expr(); err == nil {
				if p.is(":") {
					return nil, fmt.Errorf("line %d: slices are not read", p.peek().line)
				}
				err = p.expect("]")
				n = &node{op: "index", kids: []*node{n, idx}, line: start.line}
			}
		default:
			p.finish(n, start)
			return n, nil
		}
		if err == nil {
			p.finish(n, start)
		}
	}
	return nil, err
}

// list parses comma-separated items up to close.
func (p *parser) list(close string, item func() error) error {
	for !p.is(close) {
		if err := item(); err != nil {
			return err
		}
		if p.is(",") {
			p.next()
			continue
		}
		if !p.is(close) {
			t := p.peek()
			return fmt.Errorf("line %d: expected ',' or %q, found %s", t.line, close, describe(t))
		}
	}
	p.next()
	return nil
}

func (p *parser) atom() (*node, error) {
	t := p.next()
	switch t.kind {
	case tName:
		switch t.text {
		case "True", "False", "None":
			return &node{op: "const", text: t.text, src: t.text, line: t.line}, nil
		case "lambda", "yield", "await":
			return nil, fmt.Errorf("line %d: %q is not read", t.line, t.text)
		}
		return &node{op: "name", text: t.text, src: t.text, line: t.line}, nil
	case tNumber:
		return &node{op: "num", text: t.text, src: t.text, line: t.line}, nil
	case tString:
		n := &node{op: "str", text: t.text, fstr: t.fstr, line: t.line}
		// Adjacent literals are one string.
		for p.peek().kind == tString {
			u := p.next()
			if u.fstr != n.fstr {
				return nil, fmt.Errorf("line %d: an f-string next to a plain string is not read", u.line)
			}
			n.text += u.text
		}
		return n, nil
	case tOp:
		switch t.text {
		case "(":
			var items []*node
			trailing := false
			err := p.list(")", func() error {
				v, err := p.expr()
				items = append(items, v)
				trailing = p.is(",")
				return err
			})
			if err != nil {
				return nil, err
			}
			if len(items) == 1 && !trailing {
				return items[0], nil
			}
			return &node{op: "tuple", kids: items, line: t.line}, nil
		case "[":
			n := &node{op: "list", line: t.line}
			err := p.list("]", func() error {
				v, err := p.expr()
				n.kids = append(n.kids, v)
				if p.is("for") {
					return fmt.Errorf("line %d: comprehensions are not read", p.peek().line)
				}
				return err
			})
			return n, err
		case "{":
			n := &node{op: "dict", line: t.line}
			err := p.list("}", func() error {
				k, err := p.expr()
				if err != nil {
					return err
				}
				if err := p.expect(":"); err != nil {
					return err
				}
				v, err := p.expr()
				if err != nil {
					return err
				}
				if k.op != "str" || k.fstr {
					return fmt.Errorf("line %d: only string keys are read", k.line)
				}
				n.keys, n.kids = append(n.keys, k.text), append(n.kids, v)
				return nil
			})
			return n, err
		}
	}
	return nil, fmt.Errorf("line %d: expected an expression, found %s", t.line, describe(t))
}

// stmt is one statement of the function body.
type stmt struct {
	kind     string // "assign", "augassign", "expr", "if", "return", "pass"
	target   string
	value    *node
	conds    []*node  // if/elif conditions, in order
	branches [][]stmt // one per condition, plus else (possibly empty)
	line     int
}

func (p *parser) block() ([]stmt, error) {
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	if p.peek().kind != tNewline {
		// A one-line suite: `if x: y`.
		s, err := p.simple()
		return []stmt{s}, err
	}
	p.next()
	if p.peek().kind != tIndent {
		return nil, fmt.Errorf("line %d: expected an indented block", p.peek().line)
	}
	p.next()
	var out []stmt
	for p.peek().kind != tDedent && p.peek().kind != tEOF {
		s, err := p.statement()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	p.next()
	return out, nil
}

func (p *parser) statement() (stmt, error) {
	t := p.peek()
	if t.kind == tName && t.text == "if" {
		if err := p.enter(t.line); err != nil {
			return stmt{}, err
		}
		defer p.leave()
		s := stmt{kind: "if", line: t.line}
		for {
			p.next() // if / elif
			c, err := p.expr()
			if err != nil {
				return s, err
			}
			b, err := p.block()
			if err != nil {
				return s, err
			}
			s.conds, s.branches = append(s.conds, c), append(s.branches, b)
			if !p.is("elif") {
				break
			}
		}
		var elseBranch []stmt
		if p.is("else") {
			p.next()
			b, err := p.block()
			if err != nil {
				return s, err
			}
			elseBranch = b
		}
		s.branches = append(s.branches, elseBranch)
		return s, nil
	}
	if t.kind == tName && slices.Contains([]string{"for", "while", "def", "class", "with", "try", "import", "from", "global", "nonlocal", "del", "raise", "assert"}, t.text) {
		return stmt{}, fmt.Errorf("line %d: a %q statement in the recipes function is not read; sbomkeeper reads assignments, if/elif/else and list.extend/append", t.line, t.text)
	}
	return p.simple()
}

func (p *parser) simple() (stmt, error) {
	t := p.peek()
	var s stmt
	switch {
	case p.is("return"):
		p.next()
		s = stmt{kind: "return", line: t.line}
		if p.peek().kind != tNewline {
			v, err := p.expr()
			if err != nil {
				return s, err
			}
			s.value = v
		}
	case p.is("pass"):
		p.next()
		s = stmt{kind: "pass", line: t.line}
	default:
		v, err := p.expr()
		if err != nil {
			return s, err
		}
		switch {
		case p.is("="):
			p.next()
			if v.op != "name" {
				return s, fmt.Errorf("line %d: only assignments to a plain name are read", t.line)
			}
			val, err := p.expr()
			if err != nil {
				return s, err
			}
			s = stmt{kind: "assign", target: v.text, value: val, line: t.line}
		case p.is("+="):
			p.next()
			val, err := p.expr()
			if err != nil {
				return s, err
			}
			s = stmt{kind: "augassign", target: v.src, value: val, line: t.line}
		default:
			s = stmt{kind: "expr", value: v, line: t.line}
		}
	}
	if p.is(";") {
		return s, fmt.Errorf("line %d: several statements on one line are not read", t.line)
	}
	if p.peek().kind != tNewline && p.peek().kind != tEOF {
		return s, fmt.Errorf("line %d: unexpected %s", p.peek().line, describe(p.peek()))
	}
	p.next()
	return s, nil
}

// function finds `def name(...):` at the top level and parses its body.
func (p *parser) function(name string) ([]stmt, error) {
	for i := 0; i+1 < len(p.toks); i++ {
		t := p.toks[i]
		if t.kind != tName || t.text != "def" || p.toks[i+1].text != name {
			continue
		}
		// Top level: the previous token ends a line and no block is open.
		level := 0
		for _, u := range p.toks[:i] {
			switch u.kind {
			case tIndent:
				level++
			case tDedent:
				level--
			}
		}
		if level != 0 {
			continue
		}
		p.pos = i + 2
		if err := p.expect("("); err != nil {
			return nil, err
		}
		if !p.is(")") {
			return nil, fmt.Errorf("line %d: %s takes parameters; sbomkeeper reads a function without any", t.line, name)
		}
		p.next()
		return p.block()
	}
	return nil, fmt.Errorf("no top-level function %s() in the script", name)
}

// Parse returns the recipes the function called fn in src returns, for the
// configuration conds describes: each condition's source text, spaces
// removed ("internalTk()", "PYTHON_3"), to its value. Conditions the
// function tests but conds lacks are reported together.
func Parse(src []byte, fn string, conds map[string]bool) ([]Recipe, error) {
	toks, err := lex(string(src))
	if err != nil {
		return nil, err
	}
	p := &parser{src: string(src), toks: toks}
	body, err := p.function(fn)
	if err != nil {
		return nil, err
	}
	e := &evaluator{conds: conds, env: map[string]value{}, missing: map[string]int{}}
	e.run(body)
	if len(e.missing) > 0 {
		var names []string
		for n := range e.missing {
			names = append(names, n)
		}
		slices.SortFunc(names, func(a, b string) int { return e.missing[a] - e.missing[b] })
		var parts []string
		for _, n := range names {
			parts = append(parts, fmt.Sprintf("%q (line %d)", n, e.missing[n]))
		}
		e.errs = append([]error{fmt.Errorf("%s() tests conditions the config does not set: %s; give each a value under conditions", fn, strings.Join(parts, ", "))}, e.errs...)
	}
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	return e.recipes, nil
}

// value is an evaluated expression: a string, a list, a dict of unevaluated
// members, or an error that says why it could not be evaluated.
type value struct {
	str   *string
	list  []*node
	dict  map[string]*node
	truth *bool
	err   error
}

type evaluator struct {
	conds   map[string]bool
	env     map[string]value
	recipes []Recipe
	missing map[string]int
	errs    []error
	done    bool
}

func (e *evaluator) run(body []stmt) {
	for _, s := range body {
		if e.done {
			return
		}
		switch s.kind {
		case "assign":
			e.env[s.target] = e.eval(s.value)
		case "augassign":
			if s.target != "result" {
				e.env[s.target] = value{err: fmt.Errorf("line %d: += on %s is not read", s.line, s.target)}
				continue
			}
			e.extend(s.value, s.line)
		case "expr":
			v := s.value
			if v.op == "call" && v.kids[0].op == "attr" && v.kids[0].kids[0].op == "name" && v.kids[0].kids[0].text == "result" {
				switch v.kids[0].text {
				case "extend":
					if len(v.kids) == 2 {
						e.extend(v.kids[1], s.line)
						continue
					}
				case "append":
					if len(v.kids) == 2 {
						e.recipe(v.kids[1])
						continue
					}
				}
			}
			// Other calls (logging, asserts by function) have no recipes.
		case "if":
			taken := false
			for i, c := range s.conds {
				t, ok := e.cond(c)
				if !ok {
					// Unknown: reported once; neither branch is taken, so
					// nothing is listed that may not be built.
					taken = true
					break
				}
				if t {
					e.run(s.branches[i])
					taken = true
					break
				}
			}
			if !taken {
				e.run(s.branches[len(s.branches)-1])
			}
		case "return":
			e.done = true
		}
	}
}

func (e *evaluator) extend(n *node, line int) {
	if n.op != "list" && n.op != "tuple" {
		e.errs = append(e.errs, fmt.Errorf("line %d: result is extended with something other than a list literal", line))
		return
	}
	for _, k := range n.kids {
		e.recipe(k)
	}
}

func (e *evaluator) recipe(n *node) {
	v := e.eval(n)
	if v.dict == nil {
		e.errs = append(e.errs, fmt.Errorf("line %d: a recipe that is not dict(...) or {...}: %s", n.line, clip(n.src)))
		return
	}
	field := func(k string) (string, bool) {
		m, ok := v.dict[k]
		if !ok {
			e.errs = append(e.errs, fmt.Errorf("line %d: the recipe has no %s", n.line, k))
			return "", false
		}
		s, err := e.str(m)
		if err != nil {
			e.errs = append(e.errs, fmt.Errorf("line %d: the recipe's %s: %w", m.line, k, err))
			return "", false
		}
		return s, true
	}
	name, ok1 := field("name")
	url, ok2 := field("url")
	sum, ok3 := field("checksum")
	if !ok1 || !ok2 || !ok3 {
		return
	}
	r := Recipe{URL: url, Checksum: strings.ToLower(sum), Line: n.line}
	i := strings.LastIndexByte(name, ' ')
	if i <= 0 || !versionRe.MatchString(name[i+1:]) {
		e.errs = append(e.errs, fmt.Errorf("line %d: recipe name %q is not \"Name version\"", n.line, name))
		return
	}
	r.Name, r.Version = name[:i], name[i+1:]
	switch len(r.Checksum) {
	case 32:
		r.Algorithm = "MD5"
	case 40:
		r.Algorithm = "SHA1"
	case 64:
		r.Algorithm = "SHA256"
	case 128:
		r.Algorithm = "SHA512"
	}
	if r.Algorithm == "" || strings.Trim(r.Checksum, "0123456789abcdef") != "" {
		e.errs = append(e.errs, fmt.Errorf("line %d: recipe %s: checksum %q is not an MD5, SHA-1, SHA-256 or SHA-512 in hex", n.line, name, sum))
		return
	}
	if j := slices.IndexFunc(e.recipes, func(x Recipe) bool { return x.Name == r.Name }); j >= 0 {
		e.errs = append(e.errs, fmt.Errorf("line %d: %s is built twice for this configuration (also line %d)", n.line, r.Name, e.recipes[j].Line))
		return
	}
	e.recipes = append(e.recipes, r)
}

var versionRe = regexp.MustCompile(`^[0-9][0-9A-Za-z.+_-]*$`)

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// cond evaluates a condition: not/and/or of conditions the config names.
func (e *evaluator) cond(n *node) (bool, bool) {
	switch n.op {
	case "not":
		t, ok := e.cond(n.kids[0])
		return !t, ok
	case "and", "or":
		a, ok1 := e.cond(n.kids[0])
		b, ok2 := e.cond(n.kids[1])
		if n.op == "and" {
			return a && b, ok1 && ok2
		}
		return a || b, ok1 && ok2
	case "const":
		return n.text == "True", true
	}
	key := strings.Join(strings.Fields(n.src), "")
	if v, ok := e.conds[key]; ok {
		return v, true
	}
	if _, seen := e.missing[key]; !seen {
		e.missing[key] = n.line
	}
	return false, false
}

func (e *evaluator) str(n *node) (string, error) {
	v := e.eval(n)
	if v.err != nil {
		return "", v.err
	}
	if v.str == nil {
		return "", fmt.Errorf("line %d: %s is not a string", n.line, clip(n.src))
	}
	return *v.str, nil
}

func strValue(s string) value { return value{str: &s} }

// maxString bounds a string the evaluator builds: recipe fields are names,
// URLs and checksums, and without a bound `a = a + a` repeated doubles memory
// per line.
const maxString = 1 << 20

func tooLong(n *node) value {
	return value{err: fmt.Errorf("line %d: %s builds a string over %d bytes; not a recipe field sbomkeeper reads", n.line, clip(n.src), maxString)}
}

func (e *evaluator) eval(n *node) value {
	switch n.op {
	case "str":
		if !n.fstr {
			return strValue(n.text)
		}
		return e.fstring(n)
	case "name":
		if v, ok := e.env[n.text]; ok {
			return v
		}
		return value{err: fmt.Errorf("line %d: %s is not assigned in the function, so its value is not known without running the script", n.line, n.text)}
	case "list", "tuple":
		return value{list: n.kids}
	case "dict":
		m := map[string]*node{}
		for i, k := range n.keys {
			m[k] = n.kids[i]
		}
		return value{dict: m}
	case "call":
		fn := n.kids[0]
		if fn.op == "name" && fn.text == "dict" {
			m := map[string]*node{}
			for i, k := range n.keys[1:] {
				if k == "" || k == "*" || k == "**" {
					return value{err: fmt.Errorf("line %d: dict() with positional arguments is not read", n.line)}
				}
				m[k] = n.kids[i+1]
			}
			return value{dict: m}
		}
		if fn.op == "attr" && fn.text == "format" {
			return e.format(n)
		}
		return value{err: fmt.Errorf("line %d: %s calls a function, whose value is not known without running the script", n.line, clip(n.src))}
	case "bin":
		if n.text == "%" {
			return e.percent(n)
		}
		if n.text == "+" {
			a, err1 := e.str(n.kids[0])
			b, err2 := e.str(n.kids[1])
			if err := errors.Join(err1, err2); err != nil {
				return value{err: err}
			}
			if len(a)+len(b) > maxString {
				return tooLong(n)
			}
			return strValue(a + b)
		}
	case "ifexp":
		t, ok := e.cond(n.kids[1])
		if !ok {
			return value{err: fmt.Errorf("line %d: the condition %s is not set in the config", n.line, n.kids[1].src)}
		}
		if t {
			return e.eval(n.kids[0])
		}
		return e.eval(n.kids[2])
	}
	return value{err: fmt.Errorf("line %d: %s is not read (only strings, %% and .format of strings, lists and dict(...))", n.line, clip(n.src))}
}

// fstring fills {name} fields of an f-string from assigned names.
func (e *evaluator) fstring(n *node) value {
	var b strings.Builder
	s := n.text
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"), strings.HasPrefix(s[i:], "}}"):
			b.WriteByte(s[i])
			i++
		case s[i] == '{':
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				return value{err: fmt.Errorf("line %d: an f-string field is never closed", n.line)}
			}
			name := strings.TrimSpace(s[i+1 : i+j])
			v, ok := e.env[name]
			if ok && v.err != nil {
				return v
			}
			if !ok || v.str == nil {
				return value{err: fmt.Errorf("line %d: the f-string field {%s} is not a string assigned in the function", n.line, name)}
			}
			b.WriteString(*v.str)
			if b.Len() > maxString {
				return tooLong(n)
			}
			i += j
		default:
			b.WriteByte(s[i])
		}
	}
	return strValue(b.String())
}

// percent is Python's "..." % args for %s, %d and %%.
func (e *evaluator) percent(n *node) value {
	tmpl, err := e.str(n.kids[0])
	if err != nil {
		return value{err: err}
	}
	var args []*node
	if r := n.kids[1]; r.op == "tuple" {
		args = r.kids
	} else {
		args = []*node{r}
	}
	var b strings.Builder
	k := 0
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '%' {
			b.WriteByte(tmpl[i])
			continue
		}
		if i+1 >= len(tmpl) {
			return value{err: fmt.Errorf("line %d: a lone %% in %q", n.line, tmpl)}
		}
		i++
		switch tmpl[i] {
		case '%':
			b.WriteByte('%')
		case 's', 'd':
			if k >= len(args) {
				return value{err: fmt.Errorf("line %d: %q needs more arguments", n.line, tmpl)}
			}
			a := args[k]
			k++
			if a.op == "num" {
				b.WriteString(a.text)
				continue
			}
			s, err := e.str(a)
			if err != nil {
				return value{err: err}
			}
			b.WriteString(s)
			if b.Len() > maxString {
				return tooLong(n)
			}
		default:
			return value{err: fmt.Errorf("line %d: the conversion %%%c is not read", n.line, tmpl[i])}
		}
	}
	if k != len(args) {
		return value{err: fmt.Errorf("line %d: %q takes %d arguments, given %d", n.line, tmpl, k, len(args))}
	}
	return strValue(b.String())
}

// format is str.format with {name}, {} and {0} fields.
func (e *evaluator) format(n *node) value {
	tmpl, err := e.str(n.kids[0].kids[0])
	if err != nil {
		return value{err: err}
	}
	named := map[string]*node{}
	var positional []*node
	for i, k := range n.keys[1:] {
		if k == "*" || k == "**" {
			return value{err: fmt.Errorf("line %d: format(*args) is not read", n.line)}
		}
		if k == "" {
			positional = append(positional, n.kids[i+1])
		} else {
			named[k] = n.kids[i+1]
		}
	}
	var b strings.Builder
	auto := 0
	for i := 0; i < len(tmpl); i++ {
		switch {
		case strings.HasPrefix(tmpl[i:], "{{"), strings.HasPrefix(tmpl[i:], "}}"):
			b.WriteByte(tmpl[i])
			i++
		case tmpl[i] == '{':
			j := strings.IndexByte(tmpl[i:], '}')
			if j < 0 {
				return value{err: fmt.Errorf("line %d: a format field is never closed in %q", n.line, tmpl)}
			}
			field := tmpl[i+1 : i+j]
			var arg *node
			if field == "" {
				if auto < len(positional) {
					arg = positional[auto]
				}
				auto++
			} else if idx, err := strconv.Atoi(field); err == nil {
				if idx < len(positional) {
					arg = positional[idx]
				}
			} else {
				arg = named[field]
			}
			if arg == nil {
				return value{err: fmt.Errorf("line %d: the format field {%s} has no argument", n.line, field)}
			}
			s, err := e.str(arg)
			if err != nil {
				return value{err: err}
			}
			b.WriteString(s)
			if b.Len() > maxString {
				return tooLong(n)
			}
			i += j
		default:
			b.WriteByte(tmpl[i])
		}
	}
	return strValue(b.String())
}
