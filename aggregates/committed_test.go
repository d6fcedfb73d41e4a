package aggregates_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/genledger"
)

// TestVerdictJournal folds an adversarial log with irregular commit sizes
// and checks that the journal returns, for every range, exactly the verdicts
// Apply returned; that unfolded positions are refused; and that the journal
// (whose keys follow batching) stays out of the state hash.
func TestVerdictJournal(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Epochs, cfg.Adversarial = 3, true
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fold := func(batch func() int) (*aggregates.Ledger, []events.Reason) {
		l, err := aggregates.Open(t.TempDir(), params)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		var want []events.Reason
		next := batch()
		for _, m := range sc.Messages {
			r, err := l.ApplyMessage(m)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, r)
			if next--; next == 0 {
				if err := l.Commit(); err != nil {
					t.Fatal(err)
				}
				next = batch()
			}
		}
		if l.View().Position < uint64(len(want)) {
			if _, err := l.Verdicts(1, uint64(len(want))); !errors.Is(err, aggregates.ErrNotFolded) {
				t.Fatalf("verdicts past the committed state: %v", err)
			}
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		return l, want
	}
	rng := rand.New(rand.NewPCG(1, 2))
	l, want := fold(func() int { return 1 + rng.IntN(40) })
	rejected := 0
	for _, r := range want {
		if r != events.Accepted {
			rejected++
		}
	}
	if rejected == 0 {
		t.Fatal("the adversarial log has no rejections")
	}
	n := uint64(len(want))
	for range 300 {
		from := 1 + rng.Uint64N(n)
		to := from + rng.Uint64N(n-from+1)
		got, err := l.Verdicts(from, to)
		if err != nil {
			t.Fatalf("verdicts %d..%d: %v", from, to, err)
		}
		for i, r := range got {
			if r != want[from-1+uint64(i)] {
				t.Fatalf("verdict at %d: %q, Apply returned %q", from+uint64(i), r, want[from-1+uint64(i)])
			}
		}
		if uint64(len(got)) != to-from+1 {
			t.Fatalf("verdicts %d..%d: %d results", from, to, len(got))
		}
	}
	if _, err := l.Verdicts(n, n+1); !errors.Is(err, aggregates.ErrNotFolded) {
		t.Fatalf("a position past the state: %v", err)
	}
	// Another batching writes other journal keys and the same state.
	other, _ := fold(func() int { return 1000 })
	h1, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	h2, err := other.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	if h1 != h2 {
		t.Fatal("the state hash depends on commit batching")
	}
	pos, digest, h3, err := l.CommittedStateHash()
	if err != nil || pos != n || digest != l.Digest() || h3 != h1 {
		t.Fatalf("committed state hash at %d (%v): %s, want %s at %d", pos, err, h3, h1, n)
	}
}

// TestCommittedReads: nodes, stakes and earners read from the committed
// store agree with the epoch reports of the same fold.
func TestCommittedReads(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Epochs = 2
	sc, _, l := genledger.Open(t, cfg)
	defer l.Close()
	nodes, providers := map[string]bool{}, map[string]bool{}
	for _, m := range sc.Messages {
		r, err := l.ApplyMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if r != events.Accepted {
			continue
		}
		d, _ := events.Decode(m)
		if b, ok := d.Body.(*events.NodeRegisteredBody); ok {
			nodes[d.Src], providers[b.Provider] = true, true
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(nodes) == 0 {
		t.Fatal("no registered nodes")
	}
	registered := 0
	for id := range nodes {
		n, err := l.CommittedNode(id)
		if err != nil || n == nil || n.ID != id || !providers[n.LastRegProvider] {
			t.Fatalf("node %s: %+v, %v", id, n, err)
		}
		if n.Registered {
			registered++
			if len(n.GPUs) == 0 || n.Provider != n.LastRegProvider || n.Tombstoned {
				t.Fatalf("registered node %s: %+v", id, n)
			}
		}
	}
	if registered == 0 {
		t.Fatal("no node registered at the end")
	}
	if n, err := l.CommittedNode("UNKNOWN"); n != nil || err != nil {
		t.Fatalf("unknown node: %+v, %v", n, err)
	}
	staked := 0
	for p := range providers {
		st, err := l.CommittedStakes(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if s.Active.Cmp(s.Bonded) > 0 {
				t.Fatalf("%s/%s: active %s above bonded %s", p, s.Staker, s.Active, s.Bonded)
			}
			staked++
		}
	}
	if staked == 0 {
		t.Fatal("no stake positions")
	}
	rec, err := l.CommittedEpoch(l.LastClosed())
	if err != nil {
		t.Fatal(err)
	}
	var rep aggregates.Report
	if err := json.Unmarshal(rec.Report, &rep); err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Earners {
		st, err := l.CommittedEarner(e.Address)
		if err != nil || st == nil || st.Cumulative.String() != e.Cumulative {
			t.Fatalf("earner %s: %+v, %v; report says %s", e.Address, st, err, e.Cumulative)
		}
	}
}
