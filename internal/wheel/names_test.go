package wheel

import (
	"bytes"
	"strings"
	"testing"
)

// TestReadRefusesNamesThatCannotStandApart: member names that are not UTF-8,
// or that are one file or directory on macOS and Windows, are refused, in
// vendored trees as anywhere in the wheel (issue 12, item 5).
func TestReadRefusesNamesThatCannotStandApart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra []string
		want  string
	}{
		{"invalid UTF-8", []string{"pip/_vendor/six\xff.py"}, `wheel member "pip/_vendor/six\xff.py": the name is not valid UTF-8`},
		{"case only", []string{"pip/_vendor/Six.py", "pip/_vendor/six.py"}, `"pip/_vendor/six.py" differs from "pip/_vendor/Six.py" only in case`},
		{"NFC and NFD", []string{"pip/_vendor/caf\u00e9.py", "pip/_vendor/cafe\u0301.py"}, `"pip/_vendor/cafe\u0301.py" differs from "pip/_vendor/caf\u00e9.py" only in case or Unicode normalization`},
		{"directories", []string{"pip/_vendor/Rich/a.py", "pip/_vendor/rich/b.py"}, `"pip/_vendor/rich" differs from "pip/_vendor/Rich"`},
		{"dist-info", []string{"PIP-25.1.1.dist-info/RECORD"}, `"PIP-25.1.1.dist-info" differs from "pip-25.1.1.dist-info"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			members := pipMembers()
			order := []string{"pip-25.1.1.dist-info/METADATA", "pip/_vendor/vendor.txt", "pip/__init__.py"}
			for _, n := range tc.extra {
				members[n] = "x = 1\n"
				order = append(order, n)
			}
			data := makeWheel(t, members, order...)
			_, err := Read(bytes.NewReader(data), int64(len(data)), "pip-25.1.1-py3-none-any.whl", Options{Vendored: "auto", Files: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestReadRefusesZipLayoutTricks: a wheel whose local header names another
// member than its central directory, or with data put before it, is refused
// as archives are (issue 12, item 4; the wheel side had no test).
func TestReadRefusesZipLayoutTricks(t *testing.T) {
	members := pipMembers()
	members["pip/_vendor/aaaa.py"] = "x = 1\n"
	good := makeWheel(t, members, "pip-25.1.1.dist-info/METADATA", "pip/_vendor/vendor.txt", "pip/__init__.py", "pip/_vendor/aaaa.py")
	read := func(data []byte) error {
		_, err := Read(bytes.NewReader(data), int64(len(data)), "pip-25.1.1-py3-none-any.whl", Options{Vendored: "auto"})
		return err
	}
	if err := read(good); err != nil {
		t.Fatalf("a plain wheel: %v", err)
	}
	renamed := bytes.Clone(good)
	i := bytes.Index(renamed, []byte("pip/_vendor/aaaa.py"))
	copy(renamed[i:], "pip/../../../aaa.py")
	if err := read(renamed); err == nil || !strings.Contains(err.Error(), `the local header names "pip/../../../aaa.py"`) {
		t.Errorf("local name differs: %v", err)
	}
	if err := read(append([]byte(strings.Repeat("#!/bin/sh\n", 10)), good...)); err == nil {
		t.Error("data prepended: accepted")
	}
}
