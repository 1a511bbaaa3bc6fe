package archive

// Checker applies Walk's member checks to the members of a container this
// package does not read itself (the table of contents of a macOS installer,
// the cpio payloads inside it), so every reader of untrusted archives refuses
// the same things in the same words.
type Checker struct {
	w *walker
}

// NewChecker returns a Checker for the container named archive (used in
// errors) with lim, whose zero fields mean the defaults.
func NewChecker(archive string, lim Limits) (*Checker, error) {
	lim, err := lim.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Checker{w: newWalker(archive, lim)}, nil
}

// Limits returns the limits in force, defaults filled in.
func (c *Checker) Limits() Limits { return c.w.lim }

// Admit checks the next member as Walk would: its name (returned without a
// leading "./"), duplicates, links and their targets, special files (special
// describes one in the error), member count and sizes. skip reports the
// container's root directory ("." or "./"), which carries nothing. Errors
// name the container and the member and wrap the package's Err values.
func (c *Checker) Admit(e Entry, special string) (_ Entry, skip bool, _ error) {
	e, skip, err := c.w.admit(e, special)
	if err != nil || skip {
		return e, skip, err
	}
	if err := c.w.checkLink(&e); err != nil {
		return e, false, err
	}
	return e, false, nil
}

// Errorf wraps err with the container's and the member's names, in the
// words of Walk's own errors.
func (c *Checker) Errorf(member string, err error) error { return c.w.errorf(member, err) }

// ExceedsRatio reports whether produced bytes from consumed compressed ones
// break a ratio limit of max, checked as Walk does: only once at least 1 MiB
// has been produced, since the first few KiB of any stream compress far
// better than real content.
func ExceedsRatio(produced, consumed, max int64) bool { return exceedsRatio(produced, consumed, max) }
