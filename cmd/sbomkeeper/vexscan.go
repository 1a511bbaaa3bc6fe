package main

import (
	"fmt"

	"github.com/sbomkeeper/sbomkeeper/internal/openvex"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// vexIndex puts openvex.Index behind scan.Suppressor: the latest statement
// per product and vulnerability (by name or alias), as docs/vex.md says.
type vexIndex struct{ ix *openvex.Index }

func (v vexIndex) Lookup(product, vuln string, aliases []string) (status, justification, impact string, ok bool) {
	s, ok := v.ix.Lookup(product, vuln, aliases)
	if !ok {
		return "", "", "", false
	}
	return string(s.Status), string(s.Justification), s.ImpactStatement, true
}

// loadVEX reads and checks OpenVEX documents for scan --vex. A document with
// an error finding (schema, a not_affected without a justification) is
// refused whole: applying part of a broken VEX would hide advisories.
func loadVEX(paths []string) (vexIndex, []error) {
	var docs []*openvex.Document
	var errs []error
	for _, p := range paths {
		data, err := safefile.Read(p, safefile.MaxSmall)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		doc, fs, err := openvex.Read(p, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		bad := false
		for _, f := range fs {
			if f.Severity == rules.Error {
				errs = append(errs, fmt.Errorf("%s: %s [%s]", p, f.Message, f.Rule))
				bad = true
			}
		}
		if !bad {
			docs = append(docs, doc)
		}
	}
	return vexIndex{openvex.NewIndex(docs...)}, errs
}
