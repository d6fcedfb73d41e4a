package gen

import (
	"bytes"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

func fold(t *testing.T, s *Scenario, each func(*aggregates.Ledger)) (*aggregates.Ledger, map[events.Reason]int, map[events.Type]int) {
	t.Helper()
	p, err := aggregates.ParseParams(s.Params)
	if err != nil {
		t.Fatal(err)
	}
	l, err := aggregates.Open("", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	reasons, types := map[events.Reason]int{}, map[events.Type]int{}
	for _, m := range s.Messages {
		c := l.Authority().Check(m)
		r := l.Apply(c)
		if r == events.Accepted {
			types[c.Event.Type]++
		} else {
			reasons[r]++
		}
		if each != nil {
			each(l)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	return l, reasons, types
}

func TestDeterministic(t *testing.T) {
	c := DefaultConfig()
	a, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(c)
	if !bytes.Equal(a.Params, b.Params) || len(a.Messages) != len(b.Messages) {
		t.Fatal("same config, different output")
	}
	for i := range a.Messages {
		if !bytes.Equal(a.Messages[i], b.Messages[i]) {
			t.Fatalf("message %d differs", i)
		}
	}
	c.Seed++
	d, _ := Generate(c)
	if bytes.Equal(d.Messages[0], a.Messages[0]) {
		t.Fatal("different seeds, same log")
	}
}

// The default adversarial scenario exercises every event type and nearly
// every rejection reason, and SPEC §11 holds after every event.
func TestAdversarialCoverage(t *testing.T) {
	s, err := Generate(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	l, reasons, types := fold(t, s, func(l *aggregates.Ledger) {
		if err := l.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d messages; accepted %v; rejected %v", len(s.Messages), types, reasons)
	for _, typ := range events.AllTypes() {
		if types[typ] == 0 {
			t.Errorf("no accepted %s", typ)
		}
	}
	for _, r := range []events.Reason{events.Schema, events.UnknownSrc, events.BadSignature, events.Duplicate,
		events.Equivocation, events.StaleSeq, events.UnknownNode, events.ModelMismatch, events.DuplicateTask,
		events.UnknownTask, events.NotAssigner, events.InsufficientStake, events.BadEpoch, events.JailActive, events.Tombstoned,
		events.Unauthorized, events.GPUConflict, events.NotJailed, events.RootMismatch, events.UnknownGPU, events.Jailed} {
		if reasons[r] == 0 {
			t.Errorf("no %s rejection", r)
		}
	}
	if l.LastClosed() != uint64(DefaultConfig().Epochs) {
		t.Errorf("closed %d epochs", l.LastClosed())
	}
}
