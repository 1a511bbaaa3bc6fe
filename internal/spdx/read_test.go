package spdx

import (
	"errors"
	"strings"
	"testing"

	"github.com/sbomkeeper/sbomkeeper/internal/jsonscan"
)

// handEdited is a source SBOM as a hand edit can leave it: a member repeated
// in a package, a copyright with a Latin-1 byte, a comment with a lone
// surrogate escape (issue 12, item 12).
const handEdited = "{\n" +
	"  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n" +
	"  \"packages\": [\n" +
	"    {\n" +
	"      \"SPDXID\": \"SPDXRef-PACKAGE-expat\",\n" +
	"      \"name\": \"expat\",\n" +
	"      \"versionInfo\": \"2.6.3\",\n" +
	"      \"versionInfo\": \"2.7.1\",\n" +
	"      \"copyrightText\": \"Copyright (c) 1998 Cl\xe9ment\",\n" +
	"      \"comment\": \"see \\ud800 here\"\n" +
	"    }\n" +
	"  ],\n" +
	"  \"spdxVersion\": \"SPDX-2.3\"\n" +
	"}\n"

func TestParseRefusesSilentChanges(t *testing.T) {
	for name, read := range map[string]func([]byte) error{
		"Parse":  func(b []byte) error { _, err := Parse(b); return err },
		"Decode": func(b []byte) error { _, err := Decode(b); return err },
		"json.Unmarshal": func(b []byte) error {
			var d Document
			return d.UnmarshalJSON(b)
		},
	} {
		err := read([]byte(handEdited))
		var te *jsonscan.Error
		if !errors.As(err, &te) {
			t.Fatalf("%s: error %v, want a *jsonscan.Error", name, err)
		}
		want := []string{
			`line 8, column 7 (/packages/0/versionInfo): member "versionInfo" appears again in the same object (first at line 7, column 7)`,
			`line 9, column 46 (/packages/0/copyrightText): byte 0xe9 in the string value is not UTF-8`,
			`line 10, column 23 (/packages/0/comment): \ud800 in the string value is half of a UTF-16 surrogate pair`,
		}
		if len(te.Issues) != len(want) {
			t.Fatalf("%s: %v", name, err)
		}
		for i, w := range want {
			if !strings.HasPrefix(te.Issues[i].String(), w) {
				t.Errorf("%s: issue %d = %s\nwant %s...", name, i, te.Issues[i], w)
			}
		}
	}
	d, err := ParseLenient([]byte(handEdited))
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Packages[0]; p.VersionInfo != "2.7.1" || !strings.Contains(p.CopyrightText, "\uFFFD") || !strings.Contains(p.Comment, "\uFFFD") {
		t.Errorf("ParseLenient read %+v, as encoding/json would", p)
	}
}
