// Command vex-oracle reads OpenVEX documents with go-vex, OpenVEX's reference
// implementation, so that sbomkeeper's own reader is not the only judge of
// what sbomkeeper writes. It is a module of its own, so that go-vex and its
// dependencies stay out of sbomkeeper's go.mod.
//
//	go run . FILE [PRODUCT VULN STATUS]...
//
// Every statement must pass go-vex's Validate, and for each triple the
// statement go-vex finds for the product and vulnerability must have the
// status. Exit 1 otherwise.
package main

import (
	"fmt"
	"os"

	"github.com/openvex/go-vex/pkg/vex"
)

func main() {
	if len(os.Args) < 2 || (len(os.Args)-2)%3 != 0 {
		fmt.Fprintln(os.Stderr, "usage: vex-oracle FILE [PRODUCT VULN STATUS]...")
		os.Exit(2)
	}
	path := os.Args[1]
	doc, err := vex.Open(path)
	if err != nil {
		fail("%s: go-vex cannot read it: %v", path, err)
	}
	for i := range doc.Statements {
		if err := doc.Statements[i].Validate(); err != nil {
			fail("%s: statement %d: go-vex: %v", path, i, err)
		}
	}
	for a := os.Args[2:]; len(a) > 0; a = a[3:] {
		product, vuln, status := a[0], a[1], a[2]
		got := "none"
		if st := doc.EffectiveStatement(product, vuln); st != nil {
			got = string(st.Status)
		}
		if got != status {
			fail("%s: go-vex: %s for %s is %s, want %s", path, vuln, product, got, status)
		}
	}
	fmt.Printf("%s: go-vex reads %s version %d, %d statement(s)\n", path, doc.ID, doc.Version, len(doc.Statements))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
