// Package evidence finds vendored code in a source tree by what the files say,
// for `sbomkeeper init`. Each detector takes a file's path and contents and
// returns findings as values: which library, at which version, named where
// (file and line), and what else the evidence supports (a CPE for a library
// whose CPE vendor and product are known, a PURL for an ecosystem's package, a
// download location and checksum a script pins). Nothing is guessed: a
// detector that cannot tell the version leaves it empty for a person to fill.
//
// Detectors:
//   - C libraries' version macros (expat's XML_MAJOR_VERSION, ZLIB_VERSION,
//     SQLITE_VERSION, ...) and content signatures, whatever the file is called;
//   - update scripts that pin what they copy (CPython's refresh.sh,
//     `readonly tag=` / `readonly repo=` in update-*.bash);
//   - other ecosystems' metadata: README.chromium, Android METADATA and
//     MODULE_LICENSE_*, cargo vendor directories, Go vendor/modules.txt,
//     Python _vendor/vendor.txt, wheels;
//   - license boundaries: a directory with its own COPYING or LICENSE;
//   - provenance notes: a README saying the directory's files come from
//     elsewhere.
//
// Scan is the I/O edge: it lists and reads the tree (untrusted: regular files
// only, size-limited, via internal/safefile) and runs every detector.
package evidence
