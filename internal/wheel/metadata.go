package wheel

import (
	"bytes"
	"fmt"
	"strings"
)

// Metadata is what sbomkeeper reads of a wheel's core metadata.
type Metadata struct {
	MetadataVersion   string
	Name              string
	Version           string
	LicenseExpression string   // License-Expression (PEP 639)
	License           string   // the older free-text License field
	Classifiers       []string // all Classifier values, in order
	Author            string
	AuthorEmail       string
}

// LicenseClassifiers returns the "License :: ..." classifiers.
func (m Metadata) LicenseClassifiers() []string {
	var out []string
	for _, c := range m.Classifiers {
		if strings.HasPrefix(c, "License ::") {
			out = append(out, c)
		}
	}
	return out
}

// maxMetadata bounds what is read of METADATA: real files are a few KiB of
// headers followed by the long description, which is not parsed.
const maxMetadata = 4 << 20

// ParseMetadata reads the header block of a METADATA file (RFC 822 style:
// "Key: value" lines, continuation lines starting with white space, a blank
// line before the body).
func ParseMetadata(data []byte) (Metadata, error) {
	if len(data) > maxMetadata {
		return Metadata{}, fmt.Errorf("METADATA is %d bytes; refusing more than %d", len(data), maxMetadata)
	}
	var m Metadata
	var key, value string
	flush := func() {
		v := strings.TrimSpace(value)
		switch strings.ToLower(key) {
		case "metadata-version":
			m.MetadataVersion = v
		case "name":
			m.Name = v
		case "version":
			m.Version = v
		case "license-expression":
			m.LicenseExpression = v
		case "license":
			m.License = v
		case "classifier":
			m.Classifiers = append(m.Classifiers, v)
		case "author":
			m.Author = v
		case "author-email":
			m.AuthorEmail = v
		}
		key, value = "", ""
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		l := strings.TrimSuffix(string(line), "\r")
		if l == "" {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			if key == "" {
				return Metadata{}, fmt.Errorf("METADATA line %d: continuation line before any header", i+1)
			}
			value += "\n" + strings.TrimSpace(l)
			continue
		}
		flush()
		k, v, ok := strings.Cut(l, ":")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return Metadata{}, fmt.Errorf("METADATA line %d: %q is not a \"Key: value\" header", i+1, truncate(l))
		}
		key, value = k, v
	}
	flush()
	if m.Name == "" || m.Version == "" {
		return Metadata{}, fmt.Errorf("METADATA has no Name or Version header")
	}
	return m, nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
