package jsonschema

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzValidate validates fuzzed documents against one of the embedded
// schemas (chosen by the first argument) with this package and with the
// oracle, which must agree on the verdict and on the failing paths. The
// seeds in testdata/fuzz/FuzzValidate are the test documents, their
// arrays cut to two items.
//
//	go test -run='^$' -fuzz=FuzzValidate -fuzztime=30s ./internal/jsonschema
func FuzzValidate(f *testing.F) {
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		v, err := Decode(data)
		if err != nil {
			return
		}
		set := schemaSets[int(which)%len(schemaSets)]
		ours, theirs := compile(t, set)
		if !oracleCanTake(v) {
			ours.Validate(v) // must still not fail or hang
			return
		}
		t0 := time.Now()
		ours.Validate(v)
		d1 := time.Since(t0)
		t0 = time.Now()
		theirs.Validate(v)
		d2 := time.Since(t0)
		if d1 > 10*time.Second || d2 > 10*time.Second { // a hang, not a slow machine
			t.Fatalf("slow: ours %v oracle %v", d1, d2)
		}
		compareWithOracle(t, set.name, ours, theirs, v)
	})
}

// oracleCanTake reports whether v has no number with a large exponent: the
// oracle turns numbers into big.Rat values, and 1e999999999 takes it
// minutes and gigabytes. TestHugeExponents checks this package on them.
func oracleCanTake(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !oracleCanTake(e) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !oracleCanTake(e) {
				return false
			}
		}
	case json.Number:
		if i := strings.IndexAny(string(x), "eE"); i >= 0 {
			n, err := strconv.Atoi(string(x[i+1:]))
			return err == nil && n > -1000 && n < 1000
		}
	}
	return true
}
