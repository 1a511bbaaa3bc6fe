package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/archive"
	"github.com/sbomkeeper/sbomkeeper/internal/artifact"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

// byteSize is a flag value in bytes, written as a number with an optional
// unit: 64MiB, 16M (the same), 1GiB, 500KiB, 1000000.
type byteSize int64

func (b *byteSize) String() string { return formatBytes(int64(*b)) }

func (b *byteSize) Set(s string) error {
	num, unit := s, ""
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		num, unit = s[:i], s[i:]
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a positive size such as 64MiB, got %q", s)
	}
	shift, ok := map[string]uint{"": 0, "B": 0, "K": 10, "KiB": 10, "M": 20, "MiB": 20, "G": 30, "GiB": 30}[unit]
	if !ok || n > (1<<62)>>shift {
		return fmt.Errorf("want a positive size such as 64MiB (units B, KiB, MiB, GiB), got %q", s)
	}
	*b = byteSize(n << shift)
	return nil
}

func formatBytes(n int64) string {
	for _, u := range []struct {
		name  string
		shift uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// budgetFlags are the memory budgets artifact and verify share: what an
// archive may make sbomkeeper keep, over the whole archive.
type budgetFlags struct {
	members   *int
	nameBytes byteSize
	sbomBytes byteSize
}

func addBudgetFlags(fset *flags, sbomDefault int64, sbomWhat string) *budgetFlags {
	b := &budgetFlags{nameBytes: archive.DefaultMaxNameBytes, sbomBytes: byteSize(sbomDefault)}
	b.members = fset.Int("max-members", archive.DefaultMaxMembers, "most members an archive may have (a line is kept per member)")
	fset.Var(&b.nameBytes, "max-name-bytes", "member names and link targets of an archive may add up to `SIZE` (such as 64MiB) at most")
	fset.Var(&b.sbomBytes, "max-sbom-bytes", "the "+sbomWhat+" may be `SIZE` at most")
	return b
}

func (b *budgetFlags) limits(allowLinks bool) (archive.Limits, error) {
	if *b.members <= 0 {
		return archive.Limits{}, fmt.Errorf("--max-members: want a positive number, got %d", *b.members)
	}
	return archive.Limits{AllowLinks: allowLinks, MaxMembers: *b.members, MaxNameBytes: int64(b.nameBytes)}, nil
}

// budgetHint adds to an error that a budget stopped which flag raises that
// budget, for an archive that is genuinely that large.
func budgetHint(err error) error {
	var flagName string
	var be *artifact.BudgetError
	var tl *safefile.TooLargeError
	switch {
	case errors.Is(err, archive.ErrTooManyMembers):
		flagName = "--max-members"
	case errors.Is(err, archive.ErrNamesTooLarge):
		flagName = "--max-name-bytes"
	case errors.As(err, &be) && be.Budget == artifact.BudgetWheels:
		flagName = "--max-wheel-bytes"
	case errors.As(err, &be) && be.Budget == artifact.BudgetSBOM, errors.As(err, &tl):
		flagName = "--max-sbom-bytes"
	default:
		return err
	}
	return fmt.Errorf("%w\n  if the archive is genuinely this large, raise the budget with %s", err, flagName)
}

var _ flag.Value = (*byteSize)(nil)
