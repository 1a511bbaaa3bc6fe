package gomod

import (
	"strings"
	"testing"
)

const goMod = `module example.com/app

go 1.26

require (
	github.com/BurntSushi/toml v1.6.0
	golang.org/x/mod v0.30.0 // indirect
	example.com/forked v1.0.0
	example.com/local v0.0.0
)

replace example.com/forked => example.com/fork v1.0.1

replace example.com/local => ../local
`

const goSum = `github.com/BurntSushi/toml v1.6.0 h1:a=
github.com/BurntSushi/toml v1.6.0/go.mod h1:b=
golang.org/x/mod v0.30.0/go.mod h1:c=
example.com/fork v1.0.1 h1:d=
`

func TestRead(t *testing.T) {
	b, problems, err := Read("go.mod", []byte(goMod), []byte(goSum), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Errorf("problems: %+v", problems)
	}
	if b.Main.Path != "example.com/app" || len(b.Requires) != 4 {
		t.Fatalf("%+v", b)
	}
	got := map[string]Module{}
	for _, m := range b.Requires {
		got[m.Path] = m
	}
	if m := got["golang.org/x/mod"]; !m.Indirect {
		t.Error("indirect not read")
	}
	if m := got["example.com/forked"]; m.Replaced != "example.com/fork@v1.0.1" || m.Local {
		t.Errorf("module replacement: %+v", m)
	}
	if m := got["example.com/local"]; m.Replaced != "../local" || !m.Local {
		t.Errorf("directory replacement: %+v", m)
	}
	if b.Requires[0].Path != "example.com/forked" {
		t.Error("requires not sorted")
	}
}

func TestReadProblems(t *testing.T) {
	_, problems, err := Read("go.mod", []byte(goMod), []byte("github.com/BurntSushi/toml v1.6.0 h1:a=\n"), []byte("# github.com/BurntSushi/toml v1.5.0\n## explicit\n"))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"go.sum has no checksum for golang.org/x/mod v0.30.0, required in go.mod line 7",
		"go.sum has no checksum for example.com/fork v1.0.1",
		"vendor/modules.txt does not list github.com/BurntSushi/toml v1.6.0",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "example.com/local v0.0.0, required") {
		t.Error("a directory replacement has no go.sum entry to check")
	}
}

func TestReadErrors(t *testing.T) {
	if _, _, err := Read("go.mod", []byte("go 1.26\n"), nil, nil); err == nil || !strings.Contains(err.Error(), "no module directive") {
		t.Errorf("no module: %v", err)
	}
	if _, _, err := Read("go.mod", []byte("module x\nrequire (\n"), nil, nil); err == nil || !strings.Contains(err.Error(), "go.mod:") {
		t.Errorf("syntax: %v", err)
	}
}

func TestPURL(t *testing.T) {
	if got := PURL("github.com/BurntSushi/toml", "v1.6.0"); got != "pkg:golang/github.com/BurntSushi/toml@v1.6.0" {
		t.Error(got)
	}
	if got := PURL("example.com/app", ""); got != "pkg:golang/example.com/app" {
		t.Error(got)
	}
}
