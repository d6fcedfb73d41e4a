package events

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDecode: any input is rejected or decoded; a decoded input re-encodes to
// exactly itself (the codec accepts canonical bytes only), and never panics.
func FuzzDecode(f *testing.F) {
	for _, m := range conformanceMessages(f) {
		f.Add(m)
	}
	for _, m := range dueProcessMessages(f) {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		d, err := Decode(msg)
		if err != nil {
			return
		}
		if got := Encode(&d.Event); !bytes.Equal(got, msg) {
			t.Fatalf("accepted non-canonical input:\n in %q\nout %q", msg, got)
		}
	})
}

// FuzzCheck: the message-local checks classify every input with one of their
// three reasons or accept it, and only a decodable message is accepted.
func FuzzCheck(f *testing.F) {
	msg, kp := validHeartbeat(f)
	auth, err := NewAuthority(pubOf(f, kp), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(msg)
	for _, m := range conformanceMessages(f)[:200] {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		c := auth.Check(msg)
		switch c.Reason {
		case Accepted, UnknownSrc, BadSignature:
			if c.Event == nil {
				t.Fatalf("%q passed decoding without an event", c.Reason)
			}
		case Schema:
		default:
			t.Fatalf("unexpected reason %q", c.Reason)
		}
		if c.Hash != MessageHash(msg) {
			t.Fatal("hash differs")
		}
	})
}

// FuzzExport: export then import returns the same messages.
func FuzzExport(f *testing.F) {
	f.Add([]byte("a\nb"), []byte("!c"))
	f.Add([]byte{}, []byte("\r"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var buf bytes.Buffer
		w := NewExportWriter(&buf)
		if w.Write(a) != nil || w.Write(b) != nil || w.Flush() != nil {
			t.Fatal("write failed")
		}
		got, err := ReadExport(&buf)
		if err != nil || len(got) != 2 || !bytes.Equal(got[0], a) || !bytes.Equal(got[1], b) {
			t.Fatalf("round trip of %q, %q gave %q, %v", a, b, got, err)
		}
	})
}

// dueProcessMessages are a signed chain.slash_proposed and
// chain.slash_vetoed, seeds for the types the conformance log predates.
func dueProcessMessages(t testing.TB) [][]byte {
	kp := testKey(t, 5)
	h := "0x" + strings.Repeat("ef", 32)
	var out [][]byte
	for _, b := range []Body{
		&SlashProposedBody{ChainRef: ChainRef{Tx: h, Block: 9, Log: 2}, Provider: "0x" + strings.Repeat("12", 20), BP: 500, Evidence: h, ExecutableAt: 1700000000},
		&SlashVetoedBody{ChainRef: ChainRef{Tx: h, Block: 10, Log: 0}, Evidence: h},
	} {
		ref, _ := ChainRefOf(b)
		m, err := SignEncode(&Event{Src: ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: b}, kp)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
