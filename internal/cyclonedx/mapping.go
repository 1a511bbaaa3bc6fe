package cyclonedx

import (
	"crypto/sha1"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
)

// The mappings FromSPDX and ToSPDX share. Each forward mapping has an inverse
// here; FromSPDX applies the inverse to what it wrote and keeps the SPDX value
// in a property whenever the two differ, so ToSPDX gives it back exactly.

// hashAlgs maps SPDX checksum algorithms to CycloneDX hash algorithms. SPDX's
// SHA224, MD2, MD4, MD6 and ADLER32 have no CycloneDX name.
var hashAlgs = map[string]string{
	"MD5":         "MD5",
	"SHA1":        "SHA-1",
	"SHA256":      "SHA-256",
	"SHA384":      "SHA-384",
	"SHA512":      "SHA-512",
	"SHA3-256":    "SHA3-256",
	"SHA3-384":    "SHA3-384",
	"SHA3-512":    "SHA3-512",
	"BLAKE2b-256": "BLAKE2b-256",
	"BLAKE2b-384": "BLAKE2b-384",
	"BLAKE2b-512": "BLAKE2b-512",
	"BLAKE3":      "BLAKE3",
}

var spdxAlgs = func() map[string]string {
	m := make(map[string]string, len(hashAlgs))
	for s, c := range hashAlgs {
		m[c] = s
	}
	return m
}()

// hashLen is the number of hex digits of each CycloneDX algorithm's digest;
// 0 means any length the schema's pattern allows (BLAKE3's output length is
// chosen by the caller). Streebog (GOST R 34.11-2012) is new in 1.7; the 1.5
// and 1.6 schemas reject it.
var hashLen = map[string]int{
	"MD5": 32, "SHA-1": 40, "SHA-256": 64, "SHA-384": 96, "SHA-512": 128,
	"SHA3-256": 64, "SHA3-384": 96, "SHA3-512": 128,
	"BLAKE2b-256": 64, "BLAKE2b-384": 96, "BLAKE2b-512": 128, "BLAKE3": 0,
	"Streebog-256": 64, "Streebog-512": 128,
}

// lazyRegexp compiles a regular expression when it is first used: this
// package adds no work to the start of a binary that links it.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// hashContentRe is the CycloneDX 1.6 hash-content pattern.
var hashContentRe = lazyRegexp(`^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$`)

// componentType maps an SPDX primaryPackagePurpose to a CycloneDX component
// type. Purposes CycloneDX has no type for become "library" (SOURCE, INSTALL,
// OTHER, none) or "file" (ARCHIVE), and the purpose is kept in a property.
func componentType(purpose string) string {
	switch purpose {
	case "APPLICATION":
		return "application"
	case "FRAMEWORK":
		return "framework"
	case "CONTAINER":
		return "container"
	case "OPERATING_SYSTEM", "OPERATING-SYSTEM":
		return "operating-system"
	case "DEVICE":
		return "device"
	case "FIRMWARE":
		return "firmware"
	case "FILE", "ARCHIVE":
		return "file"
	}
	return "library"
}

// packagePurpose is componentType's inverse for components that become SPDX
// packages. ok is false for types with no SPDX purpose; "file" components
// become SPDX files unless a property says otherwise, so "file" is one.
func packagePurpose(typ string) (purpose string, ok bool) {
	switch typ {
	case "application":
		return "APPLICATION", true
	case "framework":
		return "FRAMEWORK", true
	case "library":
		return "LIBRARY", true
	case "container":
		return "CONTAINER", true
	case "operating-system":
		return "OPERATING_SYSTEM", true
	case "device":
		return "DEVICE", true
	case "firmware":
		return "FIRMWARE", true
	}
	return "", false
}

// actor is an SPDX creator, supplier or originator: "Organization: name
// (email)", "Person: name (email)" or "Tool: name", the email optional.
type actor struct {
	kind, name, email string
}

func parseActor(s string) (actor, bool) {
	kind, rest, ok := strings.Cut(s, ": ")
	if !ok || (kind != "Organization" && kind != "Person" && kind != "Tool") {
		return actor{}, false
	}
	a := actor{kind: kind, name: rest}
	if strings.HasSuffix(rest, ")") {
		if i := strings.LastIndex(rest, " ("); i >= 0 {
			if email := rest[i+2 : len(rest)-1]; isEmail(email) {
				a.name, a.email = rest[:i], email
			}
		}
	}
	return a, true
}

func (a actor) String() string {
	if a.kind == "" {
		return ""
	}
	s := a.kind + ": " + a.name
	if a.email != "" {
		s += " (" + a.email + ")"
	}
	return s
}

// isEmail accepts what a person would call an email address: one '@' with
// text either side and no spaces or brackets. JSON schema's idn-email is
// stricter in corners; those addresses stay in the SPDX string property.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`()<>[]\,;:"`, r) || r > 0x7e
	})
}

// actorEntity is an organisation or a person as a CycloneDX
// organizationalEntity: a person is an entity whose one contact has the
// entity's name.
func actorEntity(a actor) *entity {
	switch a.kind {
	case "Organization":
		e := &entity{Name: a.name}
		if a.email != "" {
			e.Contact = []contact{{Email: a.email}}
		}
		return e
	case "Person":
		return &entity{Name: a.name, Contact: []contact{{Name: a.name, Email: a.email}}}
	}
	return nil
}

// entityActor is actorEntity's inverse. usedContact reports whether the
// entity's contact went into the string.
func entityActor(e *entity) (s string, usedContact bool) {
	if e == nil {
		return "", false
	}
	if len(e.Contact) == 1 {
		c := e.Contact[0]
		switch {
		case c.Name != "" && (c.Name == e.Name || e.Name == ""):
			return actor{"Person", c.Name, c.Email}.String(), true
		case c.Name == "" && c.Email != "" && e.Name != "":
			return actor{"Organization", e.Name, c.Email}.String(), true
		}
	}
	if e.Name == "" {
		return "", false
	}
	return actor{"Organization", e.Name, ""}.String(), false
}

// contactActor is a person as an organizationalContact's SPDX string.
func contactActor(c contact) string {
	if c.Name == "" {
		return ""
	}
	return actor{"Person", c.Name, c.Email}.String()
}

// originatorOf is the SPDX originator a component's manufacturer or single
// author gives.
func originatorOf(m *entity, authors []contact) string {
	if m != nil {
		s, _ := entityActor(m)
		return s
	}
	if len(authors) == 1 {
		return contactActor(authors[0])
	}
	return ""
}

// toolComponent splits "Tool: name-version" at the last '-' when what follows
// has a digit (a version or a commit), so "ReleaseTools-a25ec43" has a
// version and "spdx-sbom-generator" does not.
func toolComponent(name string) *component {
	c := &component{Type: "application", Name: name}
	if i := strings.LastIndexByte(name, '-'); i > 0 && i < len(name)-1 && strings.ContainsAny(name[i+1:], "0123456789") {
		c.Name, c.Version = name[:i], name[i+1:]
	}
	return c
}

func toolActor(name, version string) string {
	if version != "" {
		name += "-" + version
	}
	return "Tool: " + name
}

//go:embed schemas/spdx.schema.json
var cdxLicenseSchema []byte

//go:embed schemas/spdx-1.7.schema.json
var cdx17LicenseSchema []byte

// cdxLicenseIDs are the license IDs CycloneDX 1.6 accepts in license.id (its
// spdx.schema.json enumeration, which lags the SPDX list a little): the ones
// FromSPDX may write.
var cdxLicenseIDs = sync.OnceValue(func() map[string]bool {
	return licenseIDSet("spdx.schema.json", cdxLicenseSchema)
})

// cdx17LicenseIDs are the license IDs CycloneDX 1.7 accepts (SPDX license
// list 3.28.0), a superset of 1.6's.
var cdx17LicenseIDs = sync.OnceValue(func() map[string]bool {
	return licenseIDSet("spdx-1.7.schema.json", cdx17LicenseSchema)
})

// licenseIDsFor is the license.id list of CycloneDX version v.
func licenseIDsFor(v string) map[string]bool {
	if v == "1.7" {
		return cdx17LicenseIDs()
	}
	return cdxLicenseIDs()
}

func licenseIDSet(name string, schema []byte) map[string]bool {
	var s struct {
		Enum []string `json:"enum"`
	}
	// The embedded file is ours; failing to decode it is a build defect.
	if err := json.Unmarshal(schema, &s); err != nil {
		panic("cyclonedx: embedded " + name + ": " + err.Error())
	}
	m := make(map[string]bool, len(s.Enum))
	for _, id := range s.Enum {
		m[id] = true
	}
	return m
}

var licenseRefRe = lazyRegexp(`^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$`)

// licenseChoiceFor is one SPDX license field as a CycloneDX license item: a
// listed ID as license.id, a LicenseRef as license.name, anything else as an
// expression. ok is false for no value, NOASSERTION and NONE, which
// CycloneDX cannot say. simple is false for an expression, which must be the
// only item of its array.
func licenseChoiceFor(value, ack string) (lc licenseChoice, simple, ok bool) {
	switch {
	case value == "" || value == "NOASSERTION" || value == "NONE":
		return lc, false, false
	case cdxLicenseIDs()[value]:
		return licenseChoice{License: &license{ID: value, Acknowledgement: ack}}, true, true
	case licenseRefRe().MatchString(value):
		return licenseChoice{License: &license{Name: value, Acknowledgement: ack}}, true, true
	}
	return licenseChoice{Expression: value, Acknowledgement: ack}, false, true
}

// licensesFor maps SPDX's concluded and declared licenses to a CycloneDX
// licenses array. Both fit when both are single licenses; when one is an
// expression only one fits, and the concluded one wins.
func licensesFor(concluded, declared string) []licenseChoice {
	c, cSimple, cOK := licenseChoiceFor(concluded, "concluded")
	d, dSimple, dOK := licenseChoiceFor(declared, "declared")
	switch {
	case cOK && dOK && cSimple && dSimple:
		return []licenseChoice{c, d}
	case cOK:
		return []licenseChoice{c}
	case dOK:
		return []licenseChoice{d}
	}
	return nil
}

// spdxLicenses is licensesFor's inverse: the items acknowledged "concluded"
// make licenseConcluded, the others licenseDeclared; several items are joined
// with AND. name turns a license.name into an SPDX license reference.
func spdxLicenses(ls []licenseChoice, name func(string) string) (concluded, declared string) {
	var c, d []string
	for _, l := range ls {
		var v, ack string
		switch {
		case l.License != nil && l.License.ID != "":
			v, ack = l.License.ID, l.License.Acknowledgement
		case l.License != nil && l.License.Name != "":
			v, ack = name(l.License.Name), l.License.Acknowledgement
		case l.Expression != "":
			v, ack = l.Expression, l.Acknowledgement
		default:
			continue
		}
		if ack == "concluded" {
			c = append(c, v)
		} else {
			d = append(d, v)
		}
	}
	return joinAND(c), joinAND(d)
}

func joinAND(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	for i, p := range parts {
		if strings.ContainsAny(p, " \t\n") {
			parts[i] = "(" + p + ")"
		}
	}
	return strings.Join(parts, " AND ")
}

// isURL reports whether s can be a CycloneDX externalReference url (an IRI
// reference): no spaces or control characters, and parseable.
func isURL(s string) bool {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("\\\"<>^`{|}", r)
	}) {
		return false
	}
	_, err := url.Parse(s)
	return err == nil
}

// isTimestamp reports whether s is an RFC 3339 date-time. time.Parse alone
// is lenient (it takes a one-digit hour), so the form is checked first.
func isTimestamp(s string) bool {
	if !dateTimeRe().MatchString(s) {
		return false
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

var dateTimeRe = lazyRegexp(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

var spdxIDRe = lazyRegexp(`^SPDXRef-[A-Za-z0-9.\-]+$`)

// nsURL is RFC 4122's name space ID for URLs.
var nsURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuid5 is RFC 4122's name-based UUID (version 5, SHA-1).
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

func uuidURN(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return "urn:uuid:" + string(b[:])
}

// contentNS is the name space of serial numbers made from a document's
// content when it has no namespace: uuid5(nsURL,
// "https://github.com/sbomkeeper/sbomkeeper/cyclonedx/content"), a test
// checks it.
var contentNS = [16]byte{0x87, 0xe4, 0x69, 0xde, 0x4d, 0x7a, 0x5e, 0x43, 0xb6, 0x79, 0x74, 0x9c, 0xe9, 0xf5, 0x64, 0x2b} // 87e469de-4d7a-5e43-b679-749ce9f5642b
