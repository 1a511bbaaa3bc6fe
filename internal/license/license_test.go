package license

import "testing"

func TestCheck(t *testing.T) {
	for _, ok := range []string{"MIT", "mit", "GPL-2.0-or-later", "GPL-2.0+", "LicenseRef-x", "(MIT AND BSD-3-Clause) OR Apache-2.0", "NONE", "NOASSERTION", "Apache-2.0 WITH LLVM-exception"} {
		if err := Check(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "MIT AND", "(MIT", "MIT)", "AND MIT", "Nope-1.0", "MIT WITH", "MIT WITH Nope", "NOASSERTION AND MIT"} {
		if err := Check(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// IDs that SPDX license list 3.28.0 (CycloneDX 1.7's list) added after
// 3.25.0 are valid: syft and cdxgen 1.7 BOMs use them, and a document
// converted from one used to fail validate (issue 11).
func TestNewerListIDs(t *testing.T) {
	for _, ok := range []string{"FSL-1.1-MIT", "fsl-1.1-alv2", "MIT OR FSL-1.1-MIT", "GPL-2.0-or-later WITH Classpath-exception-2.0-short", "Apache-2.0 WITH CGAL-linking-exception"} {
		if err := Check(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	// A new exception is no license, a new license no exception.
	for _, bad := range []string{"CGAL-linking-exception", "MIT WITH FSL-1.1-MIT"} {
		if err := Check(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := Check("Nope-1.0"); err == nil || err.Error() != `"Nope-1.0" is not a license of the SPDX license list 3.25.0, or 3.28.0 as CycloneDX 1.7.1 lists it` {
		t.Errorf("message: %v", err)
	}
}

// The CycloneDX enum lists licenses, then exceptions; addNewer relies on it.
// Every 3.25.0 ID must land where the 3.25.0 list has it, and the newer list
// must add the 73 IDs it has beyond 3.25.0.
func TestNewerListSplit(t *testing.T) {
	l := loadList()
	if len(l.licenses)+len(l.exceptions) != 811 {
		t.Errorf("%d licenses + %d exceptions, want the 811 IDs of list 3.28.0", len(l.licenses), len(l.exceptions))
	}
	for _, id := range []string{"fsl-1.1-mit", "x11-no-permit-persons"} {
		if _, ok := l.licenses[id]; !ok {
			t.Errorf("%s is not a license", id)
		}
	}
	for _, id := range []string{"sqlitestudio-openssl-exception", "harbour-exception", "389-exception"} {
		if _, ok := l.exceptions[id]; !ok {
			t.Errorf("%s is not an exception", id)
		}
		if _, ok := l.licenses[id]; ok {
			t.Errorf("%s is a license", id)
		}
	}
}
