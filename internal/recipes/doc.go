// Package recipes reads the third-party libraries a Python build script
// builds, without running it: CPython's Mac/BuildScript/build-installer.py
// returns them from library_recipes(), a function that appends dict(name=...,
// url=..., checksum=...) entries to a list, some only under conditions (the
// deployment target, whether Tcl/Tk is built, the Python version).
//
// The script is untrusted input and is never executed. Parse tokenizes the
// Python subset such functions use (assignments, if/elif/else, list.extend
// and append, dict(...) calls, string literals with % and .format, f-strings)
// and evaluates only what the recipes' name, url and checksum need. Each
// condition is looked up, by its source text ("internalTk()", "PYTHON_3"), in
// the values the config gives for the configuration being described; a
// condition the config does not settle, or a construct outside the subset
// that a needed value depends on, is an error naming its line.
package recipes
