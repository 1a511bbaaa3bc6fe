package openvex

import "testing"

func TestPURLCovers(t *testing.T) {
	for _, tc := range []struct {
		statement, product string
		want               bool
	}{
		{"pkg:pypi/setuptools@44.0.0", "pkg:pypi/setuptools@44.0.0", true},
		{"pkg:pypi/setuptools@44.0.0", "pkg:pypi/setuptools@65.5.0", false},
		// Without a version a statement is about every version (go-vex).
		{"pkg:pypi/setuptools", "pkg:pypi/setuptools@65.5.0", true},
		{"pkg:pypi/setuptools@44.0.0", "pkg:pypi/setuptools", false},
		// pypi names are case-insensitive and PEP 503 folds -, _ and .
		{"pkg:pypi/Typing_Extensions@4.4.0", "pkg:pypi/typing-extensions@4.4.0", true},
		{"pkg:pypi/jaraco.text@3.7.0", "pkg:pypi/jaraco-text@3.7.0", true},
		{"pkg:PyPI/setuptools@44.0.0", "PKG:pypi/setuptools@44.0.0", true},
		// Qualifiers in any order; the statement's must all be there.
		{"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi", "pkg:apk/wolfi/git@2.39.0-r1?distro=wolfi&arch=x86_64", true},
		{"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", false},
		{"pkg:apk/wolfi/git@2.39.0-r1", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", true},
		{"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", "pkg:apk/wolfi/git@2.39.0-r1", false},
		{"pkg:apk/wolfi/git?ARCH=x86_64", "pkg:apk/wolfi/git@1?arch=x86_64", true},
		// Case rules per type: github folds namespace and name, golang and
		// npm names do not.
		{"pkg:github/MjosaarineN/Tiny_Sha3@dcbb319", "pkg:github/mjosaarinen/tiny_sha3@dcbb319", true},
		{"pkg:golang/github.com/BurntSushi/toml@v1.6.0", "pkg:golang/github.com/burntsushi/toml@v1.6.0", false},
		{"pkg:golang/github.com/BurntSushi/toml@v1.6.0", "pkg:golang/github.com/BurntSushi/toml@v1.6.0", true},
		{"pkg:npm/%40angular/core@1.0.0", "pkg:npm/@angular/core@1.0.0", true},
		{"pkg:npm/Foo@1", "pkg:npm/foo@1", false},
		// Versions are percent-decoded; pypi's are case-insensitive.
		{"pkg:pypi/foo@1.0%2Blocal", "pkg:pypi/foo@1.0+local", true},
		{"pkg:pypi/foo@1.0RC1", "pkg:pypi/foo@1.0rc1", true},
		{"pkg:generic/libffi@2.00-snapshot", "pkg:generic/libffi@2.00-SNAPSHOT", false},
		{"pkg:pypi/setuptools@44.0.0", "pkg:npm/setuptools@44.0.0", false},
		{"pkg:generic/x@1#src/a", "pkg:generic/x@1#src/a/", true},
		{"pkg:generic/x@1#src/a", "pkg:generic/x@1", false},
	} {
		g, ok1 := parsePURL(tc.statement)
		p, ok2 := parsePURL(tc.product)
		if !ok1 || !ok2 {
			t.Errorf("parsePURL(%q) %v, parsePURL(%q) %v", tc.statement, ok1, tc.product, ok2)
			continue
		}
		if got := g.covers(p); got != tc.want {
			t.Errorf("%s covers %s = %v, want %v", tc.statement, tc.product, got, tc.want)
		}
	}
	for _, bad := range []string{"", "pypi/setuptools", "pkg:", "pkg:pypi", "pkg:pypi/", "https://example.org/x", "pkg:pypi/x@%zz"} {
		if p, ok := parsePURL(bad); ok {
			t.Errorf("parsePURL(%q) = %+v, want not a PURL", bad, p)
		}
	}
}

func TestSamePURL(t *testing.T) {
	if !SamePURL("pkg:pypi/Typing_Extensions@4.4.0", "pkg:pypi/typing-extensions@4.4.0") ||
		!SamePURL("pkg:apk/wolfi/git@1?b=2&a=1", "pkg:apk/wolfi/git@1?a=1&b=2") {
		t.Error("spellings of one package differ")
	}
	if SamePURL("pkg:pypi/setuptools", "pkg:pypi/setuptools@44.0.0") || SamePURL("pkg:apk/wolfi/git@1?a=1", "pkg:apk/wolfi/git@1") || SamePURL("x", "x") {
		t.Error("different packages are the same")
	}
}
