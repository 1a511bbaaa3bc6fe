// Package wheelsbom is PEP 770 for wheels: the SBOMs a wheel carries under
// {name}-{version}.dist-info/sboms/, the RECORD that lists every member with
// its hash and size, putting SBOMs into a wheel without touching the bytes of
// any other member (Embed), reading them out again (List), writing the SBOM of
// a wheel itself (Document), and checking an embedded SBOM against the files
// the wheel really has (Check). Wheels are untrusted input: they are opened
// through internal/wheel, which refuses hostile member names and layouts, and
// every size a wheel declares is bounded before anything is inflated.
package wheelsbom
