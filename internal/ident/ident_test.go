package ident

import "testing"

func TestIdentifiers(t *testing.T) {
	for _, tc := range []struct {
		check func(string) bool
		s     string
		want  bool
	}{
		{CPE23, "cpe:2.3:a:python:python:3.13.5:*:*:*:*:*:*:*", true},
		{CPE23, `cpe:2.3:a:libexpat_project:libexpat:2.6.3:*:*:*:*:*:*:*`, true},
		{CPE23, "cpe:2.3:a:python:python:3.13.5", false},
		{CPE23, "cpe:2.3:a:python:python:3.13.5:*:*:*:*:*:*:*:*", false},
		{CPE23, "cpe:/a:python:python:3.13.5", false},
		{CPE22, "cpe:/a:python:python:3.13.5", true},
		{CPE22, "cpe:2.3:a:python:python", false},
		{PURL, "pkg:pypi/pip@25.1.1", true},
		{PURL, "pkg:golang/github.com/burntsushi/toml@v1.6.0", true},
		{PURL, "pypi/pip@25.1.1", false},
		{PURL, "pkg:pypi", false},
	} {
		if got := tc.check(tc.s); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.s, got, tc.want)
		}
	}
}
