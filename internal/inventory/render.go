package inventory

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// Formats the query commands write.
var Formats = []string{"text", "json", "csv"}

// WritePackages renders a package query's answer.
func WritePackages(w io.Writer, format string, r PackageResult) error {
	switch format {
	case "json":
		return writeJSON(w, r)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"status", "document_sha256", "document_source", "document_name", "spdxid", "name", "version", "purl", "cpe", "ordering", "reason"})
		for _, set := range []struct {
			status string
			ms     []PackageMatch
		}{{"match", r.Matches}, {"not_compared", r.NotCompared}} {
			for _, m := range set.ms {
				cw.Write([]string{set.status, m.Document.SHA256, m.Document.Source, m.Document.Name, m.SPDXID, m.Name, m.Version, m.PURL, m.CPE, m.Ordering, m.Reason})
			}
		}
		cw.Flush()
		return cw.Error()
	case "text":
		fmt.Fprintf(w, "%s: %d matching package(s)\n", r.Query, len(r.Matches))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, m := range r.Matches {
			fmt.Fprintf(tw, "  %s\t%s\t%s %s\t%s\n", m.Document.Source, m.Document.SHA256[:12], m.Name, m.Version, m.SPDXID)
		}
		tw.Flush()
		if len(r.NotCompared) > 0 {
			fmt.Fprintf(w, "%d package(s) of that name whose version could not be compared:\n", len(r.NotCompared))
			for _, m := range r.NotCompared {
				fmt.Fprintf(w, "  %s %s %s %q: %s\n", m.Document.Source, m.Document.SHA256[:12], m.Name, m.Version, m.Reason)
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q: want text, json or csv", format)
}

// WriteFiles renders a SHA-256 query's answer.
func WriteFiles(w io.Writer, format string, r FileResult) error {
	switch format {
	case "json":
		return writeJSON(w, r)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"document_sha256", "document_source", "document_name", "kind", "spdxid", "name", "package"})
		for _, m := range r.Matches {
			cw.Write([]string{m.Document.SHA256, m.Document.Source, m.Document.Name, m.Kind, m.SPDXID, m.Name, m.Package})
		}
		cw.Flush()
		return cw.Error()
	case "text":
		fmt.Fprintf(w, "sha256 %s: %d match(es)\n", r.SHA256, len(r.Matches))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, m := range r.Matches {
			in := ""
			if m.Package != "" {
				in = "in " + m.Package
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s %s\t%s\n", m.Document.Source, m.Document.SHA256[:12], m.Kind, m.Name, in)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown format %q: want text, json or csv", format)
}

// WriteList renders the stored documents.
func WriteList(w io.Writer, format string, docs []Stored) error {
	if docs == nil {
		docs = []Stored{}
	}
	switch format {
	case "json":
		return writeJSON(w, docs)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"sha256", "source", "name", "format", "created", "added", "packages", "files"})
		for _, d := range docs {
			cw.Write([]string{d.SHA256, d.Source, d.Name, d.Format, d.Created, d.Added, fmt.Sprint(d.Packages), fmt.Sprint(d.Files)})
		}
		cw.Flush()
		return cw.Error()
	case "text":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SHA256\tSOURCE\tFORMAT\tPACKAGES\tFILES\tNAME")
		for _, d := range docs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", d.SHA256[:12], d.Source, d.Format, d.Packages, d.Files, d.Name)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown format %q: want text, json or csv", format)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteAdded renders what add did with each document.
func WriteAdded(w io.Writer, format string, rs []AddResult) error {
	if rs == nil {
		rs = []AddResult{}
	}
	switch format {
	case "json":
		return writeJSON(w, rs)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"source", "sha256", "added", "packages", "files"})
		for _, r := range rs {
			cw.Write([]string{r.Source, r.SHA256, fmt.Sprint(r.Added), fmt.Sprint(r.Packages), fmt.Sprint(r.Files)})
		}
		cw.Flush()
		return cw.Error()
	case "text":
		for _, r := range rs {
			what := fmt.Sprintf("added (%d packages, %d files)", r.Packages, r.Files)
			if !r.Added {
				what = "already stored, unchanged"
			}
			fmt.Fprintf(w, "%s %s: %s\n", r.SHA256[:12], r.Source, what)
		}
		return nil
	}
	return fmt.Errorf("unknown format %q: want text, json or csv", format)
}
