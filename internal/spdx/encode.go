package spdx

import "bytes"

// Writing a Document through its generic form builds a map per file, checksum
// and relationship, only to sort each one's keys again. For the two lists that
// grow with the tree, files and relationships, the writer below emits the
// members straight from the structs, in the sorted order writeValue would give
// them. An item with Extra members is written through its generic form, so
// hand-added members keep the generic writer's order and rendering.

// typedFiles and typedRelationships stand for a Document's lists in the
// generic map marshalDocument writes; writeValue writes them with the typed
// writer.
type (
	typedFiles         []File
	typedRelationships []Relationship
)

func marshalDocument(d *Document) ([]byte, error) {
	top := *d
	top.Files, top.Relationships = nil, nil
	m := toGeneric(&top)
	if d.Files != nil {
		m["files"] = typedFiles(d.Files)
	}
	if d.Relationships != nil {
		m["relationships"] = typedRelationships(d.Relationships)
	}
	var b bytes.Buffer
	b.Grow(sizeHint(d))
	if err := writeValue(&b, m, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sizeHint estimates the written size of d's files and relationships (plus a
// little for the rest), so the buffer is allocated about once.
func sizeHint(d *Document) int {
	n := 4096 + 2048*len(d.Packages)
	for i := range d.Files {
		f := &d.Files[i]
		n += 128 + len(f.SPDXID) + len(f.FileName) + len(f.LicenseConcluded) + len(f.CopyrightText)
		for _, c := range f.Checksums {
			n += 80 + len(c.Algorithm) + len(c.ChecksumValue)
		}
	}
	for i := range d.Relationships {
		r := &d.Relationships[i]
		n += 100 + len(r.SPDXElementID) + len(r.RelatedSPDXElement) + len(r.RelationshipType)
	}
	return n
}

// objectWriter writes one JSON object's members, in the order they are given,
// as writeValue writes a map: '{', each member on its own line, '}' ("{}" for
// none).
type objectWriter struct {
	b     *bytes.Buffer
	depth int
	n     int
}

// key starts the member called name (plain ASCII, so it needs no escaping).
func (w *objectWriter) key(name string) {
	if w.n == 0 {
		w.b.WriteByte('{')
	} else {
		separator(w.b, w.depth)
	}
	w.n++
	newline(w.b, child(w.depth))
	w.b.WriteByte('"')
	w.b.WriteString(name)
	w.b.WriteString(`": `)
}

func (w *objectWriter) end() {
	if w.n == 0 {
		w.b.WriteString("{}")
		return
	}
	newline(w.b, w.depth)
	w.b.WriteByte('}')
}

func (w *objectWriter) str(name, v string) {
	if v != "" {
		w.key(name)
		writeString(w.b, v)
	}
}

func (w *objectWriter) strs(name string, v []string) {
	if v == nil {
		return
	}
	w.key(name)
	d := child(w.depth)
	if len(v) == 0 {
		w.b.WriteString("[]")
		return
	}
	w.b.WriteByte('[')
	for i, s := range v {
		if i > 0 {
			separator(w.b, d)
		}
		newline(w.b, child(d))
		writeString(w.b, s)
	}
	newline(w.b, d)
	w.b.WriteByte(']')
}

func (w *objectWriter) checksums(name string, v []Checksum) error {
	if v == nil {
		return nil
	}
	w.key(name)
	d := child(w.depth)
	if len(v) == 0 {
		w.b.WriteString("[]")
		return nil
	}
	w.b.WriteByte('[')
	for i := range v {
		if i > 0 {
			separator(w.b, d)
		}
		newline(w.b, child(d))
		c := &v[i]
		if len(c.Extra) > 0 {
			if err := writeValue(w.b, toGeneric(c), child(d)); err != nil {
				return err
			}
			continue
		}
		cw := objectWriter{b: w.b, depth: child(d)}
		cw.str("algorithm", c.Algorithm)
		cw.str("checksumValue", c.ChecksumValue)
		cw.end()
	}
	newline(w.b, d)
	w.b.WriteByte(']')
	return nil
}

// writeFile writes f at depth; the members are in sorted order.
func writeFile(b *bytes.Buffer, f *File, depth int) error {
	if len(f.Extra) > 0 {
		return writeValue(b, toGeneric(f), depth)
	}
	w := objectWriter{b: b, depth: depth}
	w.str("SPDXID", f.SPDXID)
	w.strs("attributionTexts", f.AttributionTexts)
	if err := w.checksums("checksums", f.Checksums); err != nil {
		return err
	}
	w.str("comment", f.Comment)
	w.str("copyrightText", f.CopyrightText)
	w.strs("fileContributors", f.FileContributors)
	w.str("fileName", f.FileName)
	w.strs("fileTypes", f.FileTypes)
	w.str("licenseConcluded", f.LicenseConcluded)
	w.strs("licenseInfoInFiles", f.LicenseInfoInFiles)
	w.str("noticeText", f.NoticeText)
	w.end()
	return nil
}

// writeRelationship writes r at depth; the members are in sorted order.
func writeRelationship(b *bytes.Buffer, r *Relationship, depth int) error {
	if len(r.Extra) > 0 {
		return writeValue(b, toGeneric(r), depth)
	}
	w := objectWriter{b: b, depth: depth}
	w.str("comment", r.Comment)
	w.str("relatedSpdxElement", r.RelatedSPDXElement)
	w.str("relationshipType", r.RelationshipType)
	w.str("spdxElementId", r.SPDXElementID)
	w.end()
	return nil
}

// writeList writes a typed list as writeValue writes an []any.
func writeList[T any](b *bytes.Buffer, items []T, depth int, item func(*bytes.Buffer, *T, int) error) error {
	if len(items) == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteByte('[')
	for i := range items {
		if i > 0 {
			separator(b, depth)
		}
		newline(b, child(depth))
		if err := item(b, &items[i], child(depth)); err != nil {
			return err
		}
	}
	newline(b, depth)
	b.WriteByte(']')
	return nil
}
