package aggregates

import (
	"encoding/binary"
	"testing"

	"github.com/swarm-ledger/swarm/events"
)

func mustAuthority(t testing.TB, p *Params) *events.Authority {
	t.Helper()
	a, err := events.NewAuthority(p.Ledger, p.Schedulers)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FuzzApply drives the whole apply path with validly signed events in
// arbitrary order: each pair of input bytes picks a message of the
// conformance log (so signatures hold and the type rules are reached), and
// raw is folded first as an arbitrary message. Whatever the order, the fold
// never panics, and SPEC §11 holds after every event.
func FuzzApply(f *testing.F) {
	params, msgs := conformance(f)
	auth := mustAuthority(f, params)
	checked := make([]events.Checked, len(msgs)) // Check is pure: run it once
	for i, m := range msgs {
		checked[i] = auth.Check(m)
	}
	seq := func(from, to int) []byte {
		var b []byte
		for i := from; i < to; i++ {
			b = binary.BigEndian.AppendUint16(b, uint16(i))
		}
		return b
	}
	f.Add(seq(0, 300), []byte{})
	f.Add(seq(200, 700), msgs[5])
	f.Add(seq(900, 1400), []byte("{}"))
	f.Fuzz(func(t *testing.T, order []byte, raw []byte) {
		if len(order) > 1200 {
			order = order[:1200]
		}
		l, err := Open("", params)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if _, err := l.ApplyMessage(raw); err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(order); i += 2 {
			if _, err := l.Apply(checked[int(binary.BigEndian.Uint16(order[i:]))%len(checked)]); err != nil {
				t.Fatal(err)
			}
			if err := l.CheckInvariants(); err != nil {
				t.Fatalf("after %d events: %v", i/2+1, err)
			}
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
	})
}
