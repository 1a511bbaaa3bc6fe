package spdx

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// ID encodes value into the characters SPDX allows in an element ID: every run of
// characters outside [a-zA-Z0-9.-] becomes one '-', as CPython's tools do.
func ID(value string) string {
	var b strings.Builder
	b.Grow(len(value))
	inRun := false
	for _, r := range value {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			b.WriteRune(r)
			inRun = false
			continue
		}
		if !inRun {
			b.WriteByte('-')
			inRun = true
		}
	}
	return b.String()
}

// PackageID is the ID of the package called name: SPDXRef-PACKAGE-<name>, encoded.
func PackageID(name string) string { return ID("SPDXRef-PACKAGE-" + name) }

// FileID is the ID of the file at path: SPDXRef-FILE-<path>, encoded.
func FileID(path string) string { return ID("SPDXRef-FILE-" + path) }

// IDs hands out encoded IDs and keeps them unique: when two different values
// encode to the same ID, the later one gets '-' and the first eight hex digits of
// SHA-256(prefix+value) appended, as CPython's release tools do. The zero value
// is ready.
type IDs struct {
	seen map[string]string // ID -> the value that first took it
}

// For returns the ID for value, the same one every time it is asked for value.
func (s *IDs) For(prefix, value string) string {
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	id := ID(prefix + value)
	owner, taken := s.seen[id]
	if !taken || owner == value {
		s.seen[id] = value
		return id
	}
	sum := sha256.Sum256([]byte(prefix + value))
	id += "-" + hex.EncodeToString(sum[:4])
	s.seen[id] = value
	return id
}

// Reserve records an ID already in use (read from a document) for value, so
// that a later value encoding to the same ID gets a suffix.
func (s *IDs) Reserve(id, value string) {
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	if _, taken := s.seen[id]; !taken {
		s.seen[id] = value
	}
}
