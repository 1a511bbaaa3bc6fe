// Package tree decides which files of a source tree belong to a vendored
// package, the way CPython's Tools/build/generate_sbom.py decides it: a
// glob.glob(pattern, root_dir=root, recursive=True) expansion, then a pass
// through `git check-ignore` to drop what git ignores.
//
// Byte-identical SBOMs depend on selecting exactly the same paths as Python,
// so Glob and Match reproduce the observable behaviour of CPython's glob and
// fnmatch modules (3.11 and 3.12; see Glob for where 3.13 differs) rather than
// Go's path/filepath.Glob, whose syntax and hidden-file rules differ. The few
// deliberate divergences, all about symbolic links and error reporting, are
// documented on Glob.
package tree
