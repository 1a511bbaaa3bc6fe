package keep

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/config"
	"github.com/sbomkeeper/sbomkeeper/internal/convert"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
	"github.com/sbomkeeper/sbomkeeper/internal/spdx"
)

// RuleConversion is a member of a kept SPDX document that a derived format
// (the [[sbom]] also list) cannot carry.
const RuleConversion = "conversion-loss"

// derivedTool names sbomkeeper in derived documents without creators. No
// version: a new release of the tool must not make every derived file stale.
const derivedTool = "Tool: sbomkeeper"

// derivedPath is where the format f of the document at path is kept:
// Misc/sbom.spdx.json gives Misc/sbom.cdx.json and Misc/sbom.spdx3.json.
func derivedPath(path, f string) string {
	return strings.TrimSuffix(path, ".spdx.json") + convert.Suffix(f)
}

// derive renders the regenerated document in each format of s.Also. A derived
// document's time stamp changes only when the SPDX document does: otherwise
// the time recorded in the file on disk is kept, so that check stays clean.
// doc is the document r.New was marshalled from.
func derive(opts Options, s config.SBOM, doc *spdx.Document, r *Result) {
	for _, f := range s.Also {
		aux := &Aux{Path: derivedPath(s.Path, f)}
		old, err := opts.fs.Read(aux.Path, safefile.MaxSBOM)
		switch {
		case err == nil:
			aux.Old = old
		case !errors.Is(err, fs.ErrNotExist):
			r.Findings = append(r.Findings, readFailure(s, rules.RuleParse, fmt.Sprintf("[[sbom]] also %q of %s", f, s.Path), aux.Path, err))
			continue
		}
		now := opts.Now().UTC().Truncate(time.Second)
		created := now
		kept := false
		if !r.Changed() && aux.Old != nil {
			if t, ok := convert.CreatedOf(aux.Old); ok {
				created, kept = t, true
			}
		}
		b, losses, err := convert.Write(doc, f, convert.Options{Created: created, Tool: derivedTool})
		if err == nil && kept && !bytes.Equal(b, aux.Old) {
			// The SPDX document is current but this form is not (a run killed
			// between the two writes, or a hand edit): its content changes, so
			// its time stamp moves too, as in a run that was not interrupted.
			b, losses, err = convert.Write(doc, f, convert.Options{Created: now, Tool: derivedTool})
		}
		if err != nil {
			r.Findings = append(r.Findings, blocking(s, rules.RuleParse, fmt.Sprintf("writing %s as %s: %v", s.Path, f, err), ""))
			continue
		}
		for _, l := range losses {
			r.Findings = append(r.Findings, rules.Finding{Rule: RuleConversion, Severity: rules.Warning, File: s.Path, SBOM: s.Path,
				Message: fmt.Sprintf("%s cannot carry %s", aux.Path, l)})
		}
		aux.New = b
		r.Derived = append(r.Derived, aux)
	}
}
