package aggregates

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/swarm-ledger/swarm/events"
)

func conformance(t testing.TB) (*Params, [][]byte) {
	t.Helper()
	params, err := LoadParams("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile("../testdata/conformance/s1/log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	return params, msgs
}

func fold(t testing.TB, params *Params, msgs [][]byte, each func(i int, r events.Reason, l *Ledger)) *Ledger {
	t.Helper()
	l, err := Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for i, m := range msgs {
		r, err := l.ApplyMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if each != nil {
			each(i, r, l)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	return l
}

func stateHash(t testing.TB, l *Ledger) events.Hash {
	t.Helper()
	h, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// SPEC §11 holds after every single event of an adversarial log.
func TestInvariantsAfterEveryEvent(t *testing.T) {
	params, msgs := conformance(t)
	fold(t, params, msgs, func(i int, _ events.Reason, l *Ledger) {
		if err := l.CheckInvariants(); err != nil {
			t.Fatalf("after message %d: %v", i+1, err)
		}
	})
}

func TestSameLogSameStateHash(t *testing.T) {
	params, msgs := conformance(t)
	a, b := fold(t, params, msgs, nil), fold(t, params, msgs, nil)
	if stateHash(t, a) != stateHash(t, b) {
		t.Fatal("two folds of one log differ")
	}
	c := fold(t, params, msgs[:len(msgs)-1], nil)
	if stateHash(t, a) == stateHash(t, c) {
		t.Fatal("state hash does not depend on the log")
	}
}

// moneyView is what redelivery must not change: everything in the reports
// but the digest and the rejection counts.
func moneyView(t testing.TB, l *Ledger) []Report {
	t.Helper()
	raw, err := l.Reports()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Report, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			t.Fatal(err)
		}
		out[i].EventsDigest, out[i].Rejected = "", nil
	}
	return out
}

// Re-delivering accepted messages, anywhere later in the log, changes no
// money, stake, jail or slash decision: each copy is a duplicate.
func TestRedeliveryChangesNothing(t *testing.T) {
	params, msgs := conformance(t)
	var accepted []int
	base := fold(t, params, msgs, func(i int, r events.Reason, _ *Ledger) {
		if r == events.Accepted {
			accepted = append(accepted, i)
		}
	})
	want, _ := json.Marshal(moneyView(t, base))
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 7))
	for trial := range 5 {
		// Copies go after their original, at positions of the original log.
		after := map[int][][]byte{}
		copies := 200
		for range copies {
			src := accepted[rng.IntN(len(accepted))]
			at := src + rng.IntN(len(msgs)-src)
			after[at] = append(after[at], msgs[src])
		}
		var log [][]byte
		for i, m := range msgs {
			log = append(log, m)
			log = append(log, after[i]...)
		}
		dups := 0
		l := fold(t, params, log, func(_ int, r events.Reason, _ *Ledger) {
			if r == events.Duplicate {
				dups++
			}
		})
		got, _ := json.Marshal(moneyView(t, l))
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d (seed %d): redelivery changed the reports", trial, seed)
		}
		if base := 9; dups != copies+base {
			t.Fatalf("trial %d (seed %d): %d duplicates, want %d", trial, seed, dups, copies+base)
		}
	}
}

// Exporting the log and importing it again replays to the same state.
func TestExportImportReplay(t *testing.T) {
	params, msgs := conformance(t)
	var buf bytes.Buffer
	w := events.NewExportWriter(&buf)
	for _, m := range msgs {
		if err := w.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	again, err := events.ReadExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if stateHash(t, fold(t, params, msgs, nil)) != stateHash(t, fold(t, params, again, nil)) {
		t.Fatal("export → import → replay differs")
	}
}

// A state built with some parameters refuses to open with others.
func TestParamsBoundToState(t *testing.T) {
	params, _ := conformance(t)
	dir := t.TempDir()
	l, err := Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	l.Close()
	raw, _ := os.ReadFile("../testdata/conformance/s1/params.json")
	other, err := ParseParams(bytes.Replace(raw, []byte(`"commission_bp": 1250`), []byte(`"commission_bp": 1251`), 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, other); err == nil {
		t.Fatal("opened a state with different parameters")
	}
	l, err = Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}
