package tomlstr

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// Every form reads back as the string it was made from.
func TestRoundTrip(t *testing.T) {
	for _, s := range []string{"plain", `a"b`, `a\b`, `it's`, `it's "x" \ y`, "tab\there", "nl\nx", "\x01\x7f", "é ü", ""} {
		for name, q := range map[string]string{"Basic": Basic(s), "Quote": Quote(s)} {
			var v struct{ K string }
			if _, err := toml.Decode("K = "+q, &v); err != nil || v.K != s {
				t.Errorf("%s(%q) = %s reads back as %q (%v)", name, s, q, v.K, err)
			}
		}
		if l, ok := Literal(s); ok {
			var v struct{ K string }
			if _, err := toml.Decode("K = "+l, &v); err != nil || v.K != s {
				t.Errorf("Literal(%q) = %s reads back as %q (%v)", s, l, v.K, err)
			}
		}
	}
	if Quote("x/**") != `"x/**"` || Quote(`a\b`) != `'a\b'` {
		t.Errorf("Quote does not prefer the plain forms")
	}
}
