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
