package scan

// Suppressor answers VEX questions: the decision about one product (the
// package's PURL, as the SBOM writes it) and one vulnerability (its ID and
// aliases, any of which a statement may name). ok is false when no
// statement applies. sbomkeeper's OpenVEX index implements it through a
// small adapter; tests use a fake.
type Suppressor interface {
	Lookup(productPURL, vulnID string, aliases []string) (status, justification, impact string, ok bool)
}

// VEX statuses (OpenVEX 0.2.0).
const (
	StatusNotAffected        = "not_affected"
	StatusAffected           = "affected"
	StatusFixed              = "fixed"
	StatusUnderInvestigation = "under_investigation"
)

// Decision is the VEX statement that applies to one hit.
type Decision struct {
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
	Impact        string `json:"impact_statement,omitempty"`
}

// Suppresses reports whether the decision removes the hit from what
// remains affected: not_affected and fixed do; affected,
// under_investigation and any status sbomkeeper does not know do not (an
// unknown word must not hide a vulnerability).
func (d Decision) Suppresses() bool {
	return d.Status == StatusNotAffected || d.Status == StatusFixed
}

func decide(s Suppressor, pkg Package, id string, aliases []string) *Decision {
	if s == nil || pkg.PURL == "" {
		return nil
	}
	status, just, impact, ok := s.Lookup(pkg.PURL, id, aliases)
	if !ok {
		return nil
	}
	return &Decision{Status: status, Justification: just, Impact: impact}
}
