package events

import (
	"bytes"
	"testing"
)

func conformanceMessages(t testing.TB) [][]byte {
	t.Helper()
	msgs, err := ReadExportFile("../testdata/conformance/s1/log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// Every message Decode accepts re-encodes to exactly its own bytes.
func TestDecodeEncodeIdentity(t *testing.T) {
	var ok, bad int
	for _, msg := range conformanceMessages(t) {
		d, err := Decode(msg)
		if err != nil {
			bad++
			continue
		}
		ok++
		if got := Encode(&d.Event); !bytes.Equal(got, msg) {
			t.Fatalf("re-encode differs:\n got %s\nwant %s", got, msg)
		}
	}
	if ok == 0 || bad == 0 {
		t.Fatalf("conformance log should hold both well-formed and malformed messages: ok=%d bad=%d", ok, bad)
	}
	t.Logf("decoded %d, schema %d", ok, bad)
}
