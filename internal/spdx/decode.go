package spdx

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The typed decoder reads JSON text straight into the model, without the
// generic tree that Decode and fromGeneric build: for CPython-sized documents
// that tree is most of the memory Parse allocates, and on a large source SBOM
// its short-lived heap competes with the hashing workers.
//
// It must give exactly what decodeGeneric (Decode, then fromGeneric) gives, so
// it is deliberately narrow. Whenever the text is not plain valid JSON of the
// expected kind (a syntax error, trailing data, deep nesting) it gives up, and
// Parse falls back to the generic path, which decides what the input means and
// words the error. A member whose value does not fit its field is read again,
// from the value's first byte, as a generic value for Extra, exactly as
// fromGeneric keeps it. Strings with escapes or non-ASCII bytes are unquoted by
// encoding/json itself, so they read as Decode reads them.

// bail is the panic value that ends a typed decode; decodeTyped recovers it.
type bail struct{}

// maxDepth stays below encoding/json's nesting limit (10000), so that any
// input near the limit goes to the generic path, which words that error.
const maxDepth = 9000

type scanner struct {
	data  []byte
	pos   int
	depth int
	// short keeps one copy of each short string value: SBOMs repeat the same
	// algorithms, licenses and relationship types on every file.
	short map[string]string
}

// decodeTyped reads data into a Document, reporting false when the input is
// not one the typed decoder handles (the generic path then decides).
func decodeTyped(data []byte) (d *Document, ok bool) {
	s := scanner{data: data, short: make(map[string]string, 64)}
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(bail); !is {
				panic(r)
			}
			d, ok = nil, false
		}
	}()
	s.ws()
	if s.peek() != '{' {
		return nil, false
	}
	d = new(Document)
	s.object(d)
	s.ws()
	if s.pos != len(s.data) {
		// Decode's check for trailing data has its own rules; let it apply them.
		return nil, false
	}
	return d, true
}

func (s *scanner) fail() { panic(bail{}) }

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte, or 0 at the end of the input.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) enter() {
	s.depth++
	if s.depth > maxDepth {
		s.fail()
	}
}

// more reads what follows a member or an item: a comma (true) or the closing
// byte (false). Anything else is a syntax error.
func (s *scanner) more(closing byte) bool {
	s.ws()
	switch s.peek() {
	case ',':
		s.pos++
		s.ws()
		return true
	case closing:
		s.pos++
		s.depth--
		return false
	}
	s.fail()
	return false
}

// typed is a model object that can read its modelled members.
type typed interface {
	object
	// member reads the value of the member called key into its field and
	// reports whether key is modelled and whether the value fit (non-zero). On
	// a misfit the field is left zero and the scanner anywhere in the value.
	member(s *scanner, key []byte) (known, fit bool)
}

// object reads a JSON object into obj; the scanner is at its '{'. Members are
// handled in order, so a repeated key ends up as its last value decides, as
// with Decode's map.
func (s *scanner) object(obj typed) {
	s.enter()
	s.pos++
	s.ws()
	var extra map[string]any
	if s.peek() == '}' {
		s.pos++
		s.depth--
	} else {
		for {
			key := s.keyBytes()
			s.ws()
			if s.peek() != ':' {
				s.fail()
			}
			s.pos++
			s.ws()
			start, depth := s.pos, s.depth
			known, fit := obj.member(s, key)
			if known && fit {
				if extra != nil {
					delete(extra, string(key))
				}
			} else {
				s.pos, s.depth = start, depth
				v := s.generic()
				if extra == nil {
					extra = map[string]any{}
				}
				extra[string(key)] = v
			}
			if !s.more('}') {
				break
			}
		}
	}
	if len(extra) == 0 {
		extra = nil
	}
	*obj.extraMap() = extra
}

// stringEnd finds the closing quote of the string whose opening quote is at
// s.pos, and whether the text between needs unquoting (escapes or bytes that
// are not printable ASCII).
func (s *scanner) stringEnd() (end int, plain bool) {
	plain = true
	for i := s.pos + 1; i < len(s.data); i++ {
		c := s.data[i]
		switch {
		case c == '"':
			return i, plain
		case c == '\\':
			plain = false
			i++
		case c < 0x20:
			s.fail() // encoding/json refuses control characters in strings
		case c >= 0x80:
			plain = false
		}
	}
	s.fail()
	return 0, false
}

// keyBytes reads a member name: the bytes of the input, or a copy if it needed
// unquoting.
func (s *scanner) keyBytes() []byte {
	if s.peek() != '"' {
		s.fail()
	}
	end, plain := s.stringEnd()
	raw := s.data[s.pos+1 : end]
	if !plain {
		raw = []byte(s.unquote(end))
	}
	s.pos = end + 1
	return raw
}

// unquote reads the string ending at end as encoding/json does: invalid UTF-8
// and lone surrogates become U+FFFD, bad escapes are a syntax error.
func (s *scanner) unquote(end int) string {
	raw := s.data[s.pos : end+1]
	if !bytes.ContainsRune(raw, '\\') && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		s.fail()
	}
	return v
}

// str reads a string value, reporting false (and reading nothing) if the next
// value is not a string.
func (s *scanner) str() (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	end, plain := s.stringEnd()
	var v string
	if plain {
		raw := s.data[s.pos+1 : end]
		if len(raw) <= 16 {
			var ok bool
			if v, ok = s.short[string(raw)]; !ok {
				v = string(raw)
				if len(s.short) < 4096 {
					s.short[v] = v
				}
			}
		} else {
			v = string(raw)
		}
	} else {
		v = s.unquote(end)
	}
	s.pos = end + 1
	return v, true
}

// generic reads any value as Decode does: map[string]any, []any, string,
// json.Number, bool or nil.
func (s *scanner) generic() any {
	switch c := s.peek(); {
	case c == '{':
		s.enter()
		s.pos++
		s.ws()
		m := map[string]any{}
		if s.peek() == '}' {
			s.pos++
			s.depth--
			return m
		}
		for {
			if s.peek() != '"' {
				s.fail()
			}
			key, _ := s.str()
			s.ws()
			if s.peek() != ':' {
				s.fail()
			}
			s.pos++
			s.ws()
			m[key] = s.generic()
			if !s.more('}') {
				return m
			}
		}
	case c == '[':
		s.enter()
		s.pos++
		s.ws()
		a := make([]any, 0)
		if s.peek() == ']' {
			s.pos++
			s.depth--
			return a
		}
		for {
			a = append(a, s.generic())
			if !s.more(']') {
				return a
			}
		}
	case c == '"':
		v, _ := s.str()
		return v
	case c == 't':
		s.literal("true")
		return true
	case c == 'f':
		s.literal("false")
		return false
	case c == 'n':
		s.literal("null")
		return nil
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	s.fail()
	return nil
}

func (s *scanner) literal(word string) {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		s.fail()
	}
	s.pos += len(word)
}

// number reads a number literal of JSON's grammar, kept as text as with
// UseNumber.
func (s *scanner) number() json.Number {
	start := s.pos
	if s.peek() == '-' {
		s.pos++
	}
	switch c := s.peek(); {
	case c == '0':
		s.pos++
	case c >= '1' && c <= '9':
		s.digits()
	default:
		s.fail()
	}
	if s.peek() == '.' {
		s.pos++
		if !s.digits() {
			s.fail()
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if !s.digits() {
			s.fail()
		}
	}
	return json.Number(s.data[start:s.pos])
}

func (s *scanner) digits() bool {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos > start
}

// count returns how many items the array at s.pos has, for sizing a slice once.
// It assumes valid JSON; the real read checks the syntax.
func (s *scanner) count() int {
	depth, n, items := 0, 0, false
	for i := s.pos; i < len(s.data); i++ {
		switch s.data[i] {
		case '"':
			for i++; i < len(s.data); i++ {
				j := bytes.IndexByte(s.data[i:], '"')
				if j < 0 {
					return n
				}
				i += j
				k := i
				for k > 0 && s.data[k-1] == '\\' {
					k--
				}
				if (i-k)%2 == 0 {
					break
				}
			}
			items = true
		case '[', '{':
			depth++
			if depth > 1 {
				items = true
			}
		case ']', '}':
			depth--
			if depth == 0 {
				if items {
					n++
				}
				return n
			}
		case ',':
			if depth == 1 {
				n++
			}
		case ' ', '\t', '\n', '\r':
		default:
			items = true
		}
	}
	return n
}

// The field readers below leave the field zero and report false when the value
// does not fit, or fits as the zero value (fromGeneric keeps both in Extra).

func (s *scanner) stringField(p *string) bool {
	*p = ""
	v, ok := s.str()
	*p = v
	return ok && v != ""
}

func (s *scanner) stringsField(p *[]string) bool {
	*p = nil
	if s.peek() != '[' {
		return false
	}
	s.enter()
	s.pos++
	s.ws()
	out := make([]string, 0, 2)
	if s.peek() == ']' {
		s.pos++
		s.depth--
	} else {
		for {
			v, ok := s.str()
			if !ok {
				return false
			}
			out = append(out, v)
			if !s.more(']') {
				break
			}
		}
	}
	*p = out
	return true
}

func (s *scanner) boolField(p **bool) bool {
	*p = nil
	var v bool
	switch s.peek() {
	case 't':
		s.literal("true")
		v = true
	case 'f':
		s.literal("false")
	default:
		return false
	}
	*p = &v
	return true
}

// objectsField reads an array of objects into *p, sized by count.
func objectsField[T any, P interface {
	*T
	typed
}](s *scanner, p *[]T) bool {
	*p = nil
	if s.peek() != '[' {
		return false
	}
	out := make([]T, 0, s.count())
	s.enter()
	s.pos++
	s.ws()
	if s.peek() == ']' {
		s.pos++
		s.depth--
	} else {
		for {
			if s.peek() != '{' {
				return false
			}
			var zero T
			out = append(out, zero)
			s.object(P(&out[len(out)-1]))
			if !s.more(']') {
				break
			}
		}
	}
	*p = out
	return true
}

// objectField reads an object into a new *T.
func objectField[T any, P interface {
	*T
	typed
}](s *scanner, p **T) bool {
	*p = nil
	if s.peek() != '{' {
		return false
	}
	v := new(T)
	s.object(P(v))
	*p = v
	return true
}

func (d *Document) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "spdxVersion":
		return true, s.stringField(&d.SPDXVersion)
	case "dataLicense":
		return true, s.stringField(&d.DataLicense)
	case "SPDXID":
		return true, s.stringField(&d.SPDXID)
	case "name":
		return true, s.stringField(&d.Name)
	case "documentNamespace":
		return true, s.stringField(&d.DocumentNamespace)
	case "creationInfo":
		return true, objectField(s, &d.CreationInfo)
	case "documentDescribes":
		return true, s.stringsField(&d.DocumentDescribes)
	case "packages":
		return true, objectsField(s, &d.Packages)
	case "files":
		return true, objectsField(s, &d.Files)
	case "relationships":
		return true, objectsField(s, &d.Relationships)
	}
	return false, false
}

func (c *CreationInfo) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "created":
		return true, s.stringField(&c.Created)
	case "creators":
		return true, s.stringsField(&c.Creators)
	case "licenseListVersion":
		return true, s.stringField(&c.LicenseListVersion)
	case "comment":
		return true, s.stringField(&c.Comment)
	}
	return false, false
}

func (p *Package) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "SPDXID":
		return true, s.stringField(&p.SPDXID)
	case "name":
		return true, s.stringField(&p.Name)
	case "versionInfo":
		return true, s.stringField(&p.VersionInfo)
	case "packageFileName":
		return true, s.stringField(&p.PackageFileName)
	case "supplier":
		return true, s.stringField(&p.Supplier)
	case "originator":
		return true, s.stringField(&p.Originator)
	case "downloadLocation":
		return true, s.stringField(&p.DownloadLocation)
	case "filesAnalyzed":
		return true, s.boolField(&p.FilesAnalyzed)
	case "packageVerificationCode":
		return true, objectField(s, &p.PackageVerificationCode)
	case "checksums":
		return true, objectsField(s, &p.Checksums)
	case "homepage":
		return true, s.stringField(&p.Homepage)
	case "sourceInfo":
		return true, s.stringField(&p.SourceInfo)
	case "licenseConcluded":
		return true, s.stringField(&p.LicenseConcluded)
	case "licenseDeclared":
		return true, s.stringField(&p.LicenseDeclared)
	case "licenseInfoFromFiles":
		return true, s.stringsField(&p.LicenseInfoFromFiles)
	case "copyrightText":
		return true, s.stringField(&p.CopyrightText)
	case "summary":
		return true, s.stringField(&p.Summary)
	case "description":
		return true, s.stringField(&p.Description)
	case "comment":
		return true, s.stringField(&p.Comment)
	case "externalRefs":
		return true, objectsField(s, &p.ExternalRefs)
	case "primaryPackagePurpose":
		return true, s.stringField(&p.PrimaryPackagePurpose)
	case "releaseDate":
		return true, s.stringField(&p.ReleaseDate)
	case "builtDate":
		return true, s.stringField(&p.BuiltDate)
	case "validUntilDate":
		return true, s.stringField(&p.ValidUntilDate)
	case "hasFiles":
		return true, s.stringsField(&p.HasFiles)
	case "attributionTexts":
		return true, s.stringsField(&p.AttributionTexts)
	}
	return false, false
}

func (v *VerificationCode) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "packageVerificationCodeValue":
		return true, s.stringField(&v.Value)
	case "packageVerificationCodeExcludedFiles":
		return true, s.stringsField(&v.ExcludedFiles)
	}
	return false, false
}

func (c *Checksum) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "algorithm":
		return true, s.stringField(&c.Algorithm)
	case "checksumValue":
		return true, s.stringField(&c.ChecksumValue)
	}
	return false, false
}

func (e *ExternalRef) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "referenceCategory":
		return true, s.stringField(&e.ReferenceCategory)
	case "referenceType":
		return true, s.stringField(&e.ReferenceType)
	case "referenceLocator":
		return true, s.stringField(&e.ReferenceLocator)
	case "comment":
		return true, s.stringField(&e.Comment)
	}
	return false, false
}

func (f *File) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "SPDXID":
		return true, s.stringField(&f.SPDXID)
	case "fileName":
		return true, s.stringField(&f.FileName)
	case "checksums":
		return true, objectsField(s, &f.Checksums)
	case "fileTypes":
		return true, s.stringsField(&f.FileTypes)
	case "licenseConcluded":
		return true, s.stringField(&f.LicenseConcluded)
	case "licenseInfoInFiles":
		return true, s.stringsField(&f.LicenseInfoInFiles)
	case "copyrightText":
		return true, s.stringField(&f.CopyrightText)
	case "comment":
		return true, s.stringField(&f.Comment)
	case "noticeText":
		return true, s.stringField(&f.NoticeText)
	case "fileContributors":
		return true, s.stringsField(&f.FileContributors)
	case "attributionTexts":
		return true, s.stringsField(&f.AttributionTexts)
	}
	return false, false
}

func (r *Relationship) member(s *scanner, key []byte) (known, fit bool) {
	switch string(key) {
	case "spdxElementId":
		return true, s.stringField(&r.SPDXElementID)
	case "relatedSpdxElement":
		return true, s.stringField(&r.RelatedSPDXElement)
	case "relationshipType":
		return true, s.stringField(&r.RelationshipType)
	case "comment":
		return true, s.stringField(&r.Comment)
	}
	return false, false
}
