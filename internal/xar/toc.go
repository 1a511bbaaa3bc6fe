package xar

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The table of contents as encoding/xml reads it. Only what a reader needs is
// declared; the rest (times, modes, owners, signatures) is skipped.
type xmlTOCDoc struct {
	XMLName xml.Name `xml:"xar"`
	TOC     []xmlTOC `xml:"toc"`
}

type xmlTOC struct {
	Checksum *xmlChecksumRef `xml:"checksum"`
	Files    []xmlFile       `xml:"file"`
}

type xmlChecksumRef struct {
	Style  string `xml:"style,attr"`
	Offset string `xml:"offset"`
	Size   string `xml:"size"`
}

type xmlFile struct {
	ID    string    `xml:"id,attr"`
	Names []xmlName `xml:"name"`
	Type  xmlType   `xml:"type"`
	Link  string    `xml:"link"`
	Data  *xmlData  `xml:"data"`
	Files []xmlFile `xml:"file"`
}

type xmlName struct {
	Enctype string `xml:"enctype,attr"`
	Value   string `xml:",chardata"`
}

// decode returns the name, which xar stores base64-encoded when it is not
// valid XML text.
func (n xmlName) decode() (string, error) {
	switch n.Enctype {
	case "":
		return n.Value, nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(n.Value))
		if err != nil {
			return "", fmt.Errorf("base64: %w", err)
		}
		return string(b), nil
	}
	return "", fmt.Errorf("enctype %q: expected base64", n.Enctype)
}

type xmlType struct {
	Link  string `xml:"link,attr"`
	Value string `xml:",chardata"`
}

type xmlData struct {
	Length    string      `xml:"length"`
	Offset    string      `xml:"offset"`
	Size      string      `xml:"size"`
	Encoding  xmlEncoding `xml:"encoding"`
	Extracted *xmlSum     `xml:"extracted-checksum"`
	Archived  *xmlSum     `xml:"archived-checksum"`
}

type xmlEncoding struct {
	Style string `xml:"style,attr"`
}

type xmlSum struct {
	Style string `xml:"style,attr"`
	Value string `xml:",chardata"`
}

// checksum validates a declared checksum; an absent one is an error when
// required.
func (s *xmlSum) checksum(elem string, required bool) (Checksum, error) {
	if s == nil {
		if required {
			return Checksum{}, fmt.Errorf("%w: <data> has no <%s>, so its content cannot be checked", ErrTOC, elem)
		}
		return Checksum{}, nil
	}
	h, err := newHash(s.Style)
	if err != nil {
		return Checksum{}, fmt.Errorf("<%s>: %w", elem, err)
	}
	v := strings.ToLower(strings.TrimSpace(s.Value))
	if len(v) != 2*h.Size() || strings.Trim(v, "0123456789abcdef") != "" {
		return Checksum{}, fmt.Errorf("%w: <%s style=%q> %q is not %d hex digits", ErrTOC, elem, s.Style, s.Value, 2*h.Size())
	}
	return Checksum{Style: strings.ToLower(s.Style), Value: v}, nil
}

// parseTOC decodes the XML, which must hold exactly one <toc> and nothing
// after the document element.
func parseTOC(data []byte) (*xmlTOC, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	// encoding/xml expands no entities beyond XML's own (an unknown one is an
	// error in strict mode), so a DTD cannot make the document grow.
	var doc xmlTOCDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTOC, err)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: after </xar>: %w", ErrTOC, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst:
			continue
		}
		return nil, fmt.Errorf("%w: content after </xar>", ErrTOC)
	}
	if len(doc.TOC) != 1 {
		return nil, fmt.Errorf("%w: %d <toc> elements, expected one", ErrTOC, len(doc.TOC))
	}
	return &doc.TOC[0], nil
}
