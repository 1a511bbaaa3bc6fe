// Package bundle discovers packaged artifacts shipped inside a source tree (the
// pip wheel CPython bundles for ensurepip) and what they vendor, and turns them
// into SPDX packages and relationships of the source SBOM, as CPython's 3.12
// generate_sbom.py did for pip. When a redistributor deletes the artifact, the
// bundle's package and everything it depends on leave the SBOM.
package bundle
