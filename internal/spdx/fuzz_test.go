package spdx

import (
	"bytes"
	"testing"
)

// FuzzRoundTrip holds the writer to two promises on any input JSON: writing is
// idempotent (decode what we wrote, write again, same bytes) and the typed model
// is lossless (Parse then Marshal equals the generic rendering). It also holds
// the typed decoder and writer to the generic path: the same Document or the
// same error, and the same bytes written.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte(`{"SPDXID":"SPDXRef-DOCUMENT","files":[],"packages":[{"name":"a","checksums":[{"algorithm":"SHA1","checksumValue":"0"}]}]}`))
	f.Add([]byte(`{"a":[1.5,-0,1e400,"\u00e9\ud83d\ude00"],"b":{"c":null}}`))
	f.Add([]byte(`{"packages":[{"name":"x","filesAnalyzed":false,"versionInfo":""}],"relationships":[{"spdxElementId":"a","extra":[]}]}`))
	f.Add([]byte(`{"files":[{"SPDXID":"a","SPDXID":null,"checksums":[{"algorithm":"SHA1"},{}],"fileTypes":[]}],"n\u0061me":"\ud800x","relationships":[{"comment":""}]}`))
	f.Add([]byte(`{"creationInfo":{"creators":["a",1]},"packages":[{"name":"a","packageVerificationCode":{},"hasFiles":[]}],"files":null,"files":[]} `))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareWithGeneric(t, "input", data)
		v, err := Decode(data)
		if err != nil {
			return
		}
		first, err := Marshal(v)
		if err != nil {
			return
		}
		v2, err := Decode(first)
		if err != nil {
			t.Fatalf("our output does not decode: %v\n%s", err, first)
		}
		second, err := Marshal(v2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("not idempotent:\n%s\n%s", first, second)
		}
		d, err := Parse(data)
		if err != nil {
			return
		}
		typed, err := Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(typed, first) {
			t.Fatalf("typed model lost data:\n%s\nvs\n%s", typed, first)
		}
	})
}
