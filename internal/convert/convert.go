package convert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/cyclonedx"
	"github.com/sbomkeeper/sbomkeeper/internal/sbomformat"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx3"
)

// Output formats, as users name them on the command line and in the config.
const (
	SPDX      = "spdx"
	CycloneDX = "cyclonedx"
	SPDX3     = "spdx3"
)

// formats lists the output formats in the order their files are written.
var formats = []string{SPDX, CycloneDX, SPDX3}

// ParseFormats reads a comma-separated list such as "spdx,cyclonedx". Order
// and repetition do not matter; the result is in Formats order.
func ParseFormats(s string) ([]string, error) {
	want := map[string]bool{}
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		switch f {
		case SPDX, CycloneDX, SPDX3:
			want[f] = true
		case "cdx":
			want[CycloneDX] = true
		case "":
		default:
			return nil, fmt.Errorf("unknown SBOM format %q: use spdx, cyclonedx or spdx3 (comma-separated for several)", f)
		}
	}
	var out []string
	for _, f := range formats {
		if want[f] {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no SBOM format given: use spdx, cyclonedx or spdx3")
	}
	return out, nil
}

// Suffix is the file name ending of a format's documents: FILE.spdx.json,
// FILE.cdx.json (CycloneDX's recommended ending), FILE.spdx3.json.
func Suffix(format string) string {
	switch format {
	case CycloneDX:
		return ".cdx.json"
	case SPDX3:
		return ".spdx3.json"
	}
	return ".spdx.json"
}

// Loss is something of the input that the output does not carry.
type Loss struct {
	Path string // JSON pointer into the input document
	ID   string // the element it belongs to, if any
	What string
}

func (l Loss) String() string {
	if l.ID != "" {
		return fmt.Sprintf("%s (%s): %s", l.Path, l.ID, l.What)
	}
	return fmt.Sprintf("%s: %s", l.Path, l.What)
}

// Options carry what SPDX 3 needs and an SPDX 2.3 fragment may lack.
type Options struct {
	// Created stamps documents without a creation time (SPDX 2.3 and SPDX 3
	// require one).
	Created time.Time
	// CreatedFrom says where Created came from ("SOURCE_DATE_EPOCH", "the
	// time of conversion"), for the loss line that reports its use.
	CreatedFrom string
	// Tool is the creator added to documents that name none, in SPDX 2.3 form
	// ("Tool: sbomkeeper-1.0").
	Tool string
}

// Read parses an SBOM in any format sbomkeeper reads (SPDX 2.3, CycloneDX
// 1.5-1.7, SPDX 3.0.1: every format validate reads) into the SPDX 2.3
// model. The losses are what the model cannot hold.
func Read(name string, data []byte) (*spdx.Document, sbomformat.Format, []Loss, error) {
	f, err := sbomformat.Detect(name, data)
	if err != nil {
		return nil, f, nil, err
	}
	switch f.Kind {
	case sbomformat.SPDX2:
		if f.Version != "SPDX-2.3" && f.Version != "SPDX-2.2" {
			// The model is SPDX 2.3's; 2.3 only adds to 2.2, so a 2.2
			// document reads as it is. Any other version would be
			// converted as if it were 2.3, which it is not.
			return nil, f, nil, fmt.Errorf("%s: spdxVersion %q: sbomkeeper reads SPDX 2 documents of version \"SPDX-2.3\" (and \"SPDX-2.2\", which 2.3 extends); convert a document of another version with a tool for it first", name, f.Version)
		}
		doc, err := spdx.Parse(data)
		if err != nil {
			return nil, f, nil, fmt.Errorf("%s: %w", name, err)
		}
		return doc, f, nil, nil
	case sbomformat.CycloneDX:
		doc, losses, err := cyclonedx.ToSPDX(data)
		if err != nil {
			return nil, f, nil, fmt.Errorf("%s: %w", name, err)
		}
		return doc, f, fromCDX(losses), nil
	case sbomformat.SPDX3:
		doc, losses, err := spdx3.ToSPDX2(data)
		if err != nil {
			return nil, f, nil, fmt.Errorf("%s: %w", name, err)
		}
		return doc, f, fromSPDX3(losses), nil
	}
	return nil, f, nil, fmt.Errorf("%s: reading %s %s is not supported; sbomkeeper reads SPDX 2.3, CycloneDX 1.5, 1.6 and 1.7, and SPDX 3.0.1", name, f.Kind, f.Version)
}

// Write renders doc in format. For SPDX 2.3 the bytes are the canonical
// encoding (Python json.dumps compatible, as regen writes them).
func Write(doc *spdx.Document, format string, opts Options) ([]byte, []Loss, error) {
	switch format {
	case SPDX:
		// SPDX 2.3 requires members a CycloneDX BOM or an SPDX fragment may
		// lack; complete supplies them, each as a loss line.
		full, losses, err := complete(doc, opts)
		if err != nil {
			return nil, nil, err
		}
		b, err := spdx.Marshal(full)
		if err != nil {
			return nil, nil, err
		}
		return append(b, '\n'), losses, nil
	case CycloneDX:
		b, losses, err := cyclonedx.FromSPDX(doc, cyclonedx.Options{})
		return b, fromCDX(losses), err
	case SPDX3:
		o := spdx3.Options{Created: opts.Created, Getenv: func(string) string { return "" }}
		if opts.Tool != "" {
			o.Creators = []string{opts.Tool}
		}
		b, losses, err := spdx3.FromSPDX2(doc, o)
		if err != nil {
			return nil, nil, err
		}
		return b, append(spdx3Defaults(doc, opts), fromSPDX3(losses)...), nil
	}
	return nil, nil, fmt.Errorf("unknown SBOM format %q", format)
}

// spdx3Defaults reports what FromSPDX2 takes from opts because doc lacks
// it, as complete does for SPDX 2.3: the same rule for every output.
func spdx3Defaults(doc *spdx.Document, opts Options) []Loss {
	var out []Loss
	ci := doc.CreationInfo
	if ci == nil || ci.Created == "" {
		from := opts.CreatedFrom
		if from == "" {
			from = "the time given to convert"
		}
		out = append(out, Loss{Path: "/creationInfo/created", What: fmt.Sprintf("the input has no creation time; SPDX 3 requires one: written as %s (%s)", opts.Created.UTC().Format("2006-01-02T15:04:05Z"), from)})
	}
	if ci == nil || len(ci.Creators) == 0 {
		out = append(out, Loss{Path: "/creationInfo/creators", What: fmt.Sprintf("the input names no creator; SPDX 3 requires one: written as %q", opts.Tool)})
	}
	if doc.DocumentNamespace == "" {
		out = append(out, Loss{Path: "/documentNamespace", What: "the input has no documentNamespace; the SPDX 3 element IRIs start with https://spdx.org/spdxdocs/sbomkeeper/<SHA-256 of its content>"})
	}
	return out
}

func fromSPDX3(ls []spdx3.Loss) []Loss {
	out := make([]Loss, len(ls))
	for i, l := range ls {
		out[i] = Loss(l)
	}
	return out
}

func fromCDX(ls []cyclonedx.Loss) []Loss {
	out := make([]Loss, len(ls))
	for i, l := range ls {
		out[i] = Loss(l)
	}
	return out
}

// CreatedOf reads the creation time a CycloneDX (metadata.timestamp) or SPDX
// 3 (the CreationInfo's created) document records, so that a document
// derived again from unchanged data can keep it.
func CreatedOf(data []byte) (time.Time, bool) {
	var d struct {
		Metadata struct {
			Timestamp string `json:"timestamp"`
		} `json:"metadata"`
		Graph []struct {
			Type    string `json:"type"`
			Created string `json:"created"`
		} `json:"@graph"`
	}
	if json.Unmarshal(data, &d) != nil {
		return time.Time{}, false
	}
	s := d.Metadata.Timestamp
	for _, e := range d.Graph {
		if e.Type == "CreationInfo" && e.Created != "" {
			s = e.Created
			break
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	return t.UTC(), err == nil
}
