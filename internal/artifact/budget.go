package artifact

import "fmt"

// Budgets bound what Generate keeps in memory from a source archive, added up
// over the whole archive: the walk hashes every member as it streams past,
// but the source SBOM and the bundled wheels are kept whole until the walk
// ends. The member count and the bytes of member names, which artifact and
// verify keep a line of per member, are bounded by archive.Limits. A zero
// field takes its default.
type Budgets struct {
	// WheelBytes bounds the wheels captured for bundles, together. Default
	// 64 MiB; CPython 3.13.5 bundles one pip wheel of 1.8 MB.
	WheelBytes int64
	// SBOMBytes bounds the source SBOM inside the archive. Default 16 MiB;
	// CPython 3.13.5's Misc/sbom.spdx.json is 72 KB.
	SBOMBytes int64
}

// Defaults of Budgets, and of the SBOM that Verify reads (which lists every
// file of the archive: CPython's release SBOMs are about 5 MB).
const (
	DefaultWheelBytes      = 64 << 20
	DefaultSBOMBytes       = 16 << 20
	DefaultVerifySBOMBytes = 128 << 20
	BudgetWheels           = "captured wheels"
	BudgetSBOM             = "source SBOM"
)

func (b Budgets) withDefaults() Budgets {
	if b.WheelBytes <= 0 {
		b.WheelBytes = DefaultWheelBytes
	}
	if b.SBOMBytes <= 0 {
		b.SBOMBytes = DefaultSBOMBytes
	}
	return b
}

// BudgetError is an archive member that would take a budget past its limit.
// Budget is BudgetWheels or BudgetSBOM, so that a caller can say how to raise
// it (sbomkeeper artifact: --max-wheel-bytes, --max-sbom-bytes).
type BudgetError struct {
	Budget string
	Limit  int64
	Member string
	Size   int64
}

func (e *BudgetError) Error() string {
	if e.Budget == BudgetSBOM {
		return fmt.Sprintf("the source SBOM %s is %d bytes, over the %d-byte budget for it", e.Member, e.Size, e.Limit)
	}
	return fmt.Sprintf("%s (%d bytes) would take the %s past their %d-byte budget", e.Member, e.Size, e.Budget, e.Limit)
}
