package inventory

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/diff"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// DiffResult is what changed from one stored document to another.
type DiffResult struct {
	Old    DocRef      `json:"old"`
	New    DocRef      `json:"new"`
	Result diff.Result `json:"changes"`
}

// Diff compares two stored documents (named as Resolve takes them) with
// internal/diff, from their kept bytes.
func (s *Store) Diff(ctx context.Context, oldRef, newRef string) (DiffResult, error) {
	var refs [2]DocRef
	var res DiffResult
	for i, ref := range []string{oldRef, newRef} {
		r, err := s.Resolve(ctx, ref)
		if err != nil {
			return res, err
		}
		refs[i] = r
	}
	old, err := s.Document(ctx, refs[0])
	if err != nil {
		return res, err
	}
	nw, err := s.Document(ctx, refs[1])
	if err != nil {
		return res, err
	}
	return DiffResult{Old: refs[0], New: refs[1], Result: diff.Compare(old, nw)}, nil
}

// Document reads a stored document's kept bytes into the SPDX 2.3 model.
func (s *Store) Document(ctx context.Context, r DocRef) (*spdx.Document, error) {
	b, err := s.Content(ctx, r.SHA256)
	if err != nil {
		return nil, err
	}
	d, _, _, err := convert.Read(r.Source, b)
	if err != nil {
		return nil, fmt.Errorf("%s: stored document %s: %w", s.where, r.SHA256[:12], err)
	}
	return d, nil
}

// WriteDiff renders a diff: text and JSON as the diff command writes them,
// CSV one row per added, removed or changed value.
func WriteDiff(w io.Writer, format string, r DiffResult) error {
	switch format {
	case "json":
		return writeJSON(w, r)
	case "text":
		fmt.Fprintf(w, "old: %s %s\nnew: %s %s\n", r.Old.SHA256[:12], r.Old.Source, r.New.SHA256[:12], r.New.Source)
		_, err := io.WriteString(w, diff.Text(r.Result))
		return err
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"change", "package", "field", "old", "new"})
		for _, a := range r.Result.Added {
			cw.Write([]string{"added", a.Name, "version", "", a.Version})
		}
		for _, a := range r.Result.Removed {
			cw.Write([]string{"removed", a.Name, "version", a.Version, ""})
		}
		for _, p := range r.Result.Changed {
			for _, c := range p.Changes {
				cw.Write([]string{"changed", p.Name, c.Field, c.Old, c.New})
			}
			for _, set := range []struct {
				field string
				names []string
			}{{"file added", p.FilesAdded}, {"file removed", p.FilesRemoved}, {"file changed", p.FilesChanged}} {
				for _, n := range set.names {
					cw.Write([]string{"changed", p.Name, set.field, "", n})
				}
			}
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
}
