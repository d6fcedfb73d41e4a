package aggregates_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/genledger"
)

// TestEpochRecordTyped: every closed epoch's record decodes its report
// once, builds the tree of its earners with the record's root, and anchors
// the record's root and total with the report's digest; a report whose
// earners do not hash to its root is refused.
func TestEpochRecordTyped(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Epochs = 3
	sc, _, l := genledger.Open(t, cfg)
	defer l.Close()
	for _, m := range sc.Messages {
		l.ApplyMessage(m)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if l.LastClosed() == 0 {
		t.Fatal("no epoch closed")
	}
	earners := 0
	for k := uint64(1); k <= l.LastClosed(); k++ {
		rec, err := l.CommittedEpoch(k)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := rec.Decoded()
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := rec.Decoded(); again != rep {
			t.Fatalf("epoch %d: the report is decoded again", k)
		}
		if rep.Epoch != k || string(rep.Canonical()) != string(rec.Report) {
			t.Fatalf("epoch %d: decoded report %+v does not re-encode to the stored bytes", k, rep)
		}
		tree, err := rec.Tree()
		if err != nil {
			t.Fatal(err)
		}
		if events.Hash(tree.Root()) != rec.Root || tree.Len() != len(rep.Earners) {
			t.Fatalf("epoch %d: tree root %x over %d leaves, record root %s over %d earners", k, tree.Root(), tree.Len(), rec.Root, len(rep.Earners))
		}
		earners += len(rep.Earners)
		a, err := rec.Anchor()
		if err != nil {
			t.Fatal(err)
		}
		total := new(big.Int)
		for _, e := range rep.Earners {
			c, _ := new(big.Int).SetString(e.Cumulative, 10)
			total.Add(total, c)
		}
		want := aggregates.Anchor{Epoch: k, Root: rec.Root, TotalCumulative: total, EventsDigest: mustHash(t, rep.EventsDigest)}
		if !a.Equal(want) || a.String() != want.String() {
			t.Fatalf("epoch %d: anchor %s, want %s", k, a, want)
		}
		if len(rep.Earners) > 0 {
			bad := *rep
			bad.Earners = append([]aggregates.EarnerAmount(nil), rep.Earners...)
			bad.Earners[0].Cumulative = new(big.Int).Add(mustAmount(t, bad.Earners[0].Cumulative), big.NewInt(1)).String()
			if _, err := bad.Tree(); !errors.Is(err, aggregates.ErrReportRoot) {
				t.Fatalf("epoch %d: a changed cumulative: %v", k, err)
			}
		}
	}
	if earners == 0 {
		t.Fatal("no earners in any epoch")
	}
	if _, err := aggregates.DecodeReport([]byte(`{"epoch":`)); !errors.Is(err, aggregates.ErrBadReport) {
		t.Fatalf("truncated report: %v", err)
	}
}

func mustHash(t *testing.T, s string) events.Hash {
	t.Helper()
	h, err := events.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func mustAmount(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("amount %q", s)
	}
	return v
}
