package main

import "flag"

// flags wraps a FlagSet so that flags may follow the positional arguments,
// as in 'sbomkeeper convert DOC -o OUT': the standard flag package stops at
// the first argument that is not a flag. After "--" everything is positional.
type flags struct {
	*flag.FlagSet
	args []string
}

func (f *flags) Parse(args []string) error {
	f.args = nil
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			return err
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			return nil
		}
		// FlagSet.Parse consumes a "--" it stops at; if it did, the rest is
		// positional.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			f.args = append(f.args, rest...)
			return nil
		}
		f.args = append(f.args, rest[0])
		args = rest[1:]
	}
}

func (f *flags) Args() []string { return f.args }
func (f *flags) NArg() int      { return len(f.args) }
func (f *flags) Arg(i int) string {
	if i < 0 || i >= len(f.args) {
		return ""
	}
	return f.args[i]
}

func newFlags(name string) *flags {
	return &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
}
