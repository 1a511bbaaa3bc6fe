// Package externals keeps an externals SBOM: libraries a build downloads rather
// than vendors, whose versions are read from a build script (CPython's
// PCbuild/get_externals.bat) instead of being edited in the SBOM. It is pure: the
// caller reads the script and the document.
package externals
