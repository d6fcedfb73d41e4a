package replay

import (
	"context"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
)

// While reads are in flight, every check worker but the first gives way,
// for at most readerPause; none does without reads, and a waiting worker
// goes on when the last read ends.
func TestReadersGiveWay(t *testing.T) {
	var r Readers
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	if r.giveWay(1, timer) {
		t.Fatal("a worker gave way with no read in flight")
	}
	r.Enter()
	r.Enter()
	if r.giveWay(0, timer) {
		t.Fatal("the first worker gave way")
	}
	// With the reads going on, the wait ends at readerPause.
	if !r.giveWay(1, timer) {
		t.Fatal("the second worker did not give way to the reads")
	}
	// A waiting worker is released when the last read leaves.
	idle := r.waiting()
	r.Leave()
	select {
	case <-idle:
		t.Fatal("released while a read is still in flight")
	default:
	}
	r.Leave()
	<-idle
	if r.giveWay(1, timer) {
		t.Fatal("a worker gave way after the reads ended")
	}
}

// A fold with reads in flight all along still ends, in the state of a fold
// without them: the first worker never waits and the others only for a
// bounded time.
func TestFoldWithReadsInFlight(t *testing.T) {
	params, msgs := load(t, conformance)
	want := baseline(t, params, msgs)
	var r Readers
	r.Enter()
	defer r.Leave()
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	st, err := Run(context.Background(), l, Messages(msgs), Options{Workers: 3, BatchSize: 7, Readers: &r})
	if err != nil {
		t.Fatal(err)
	}
	if st.Applied != uint64(len(msgs)) {
		t.Fatalf("applied %d of %d", st.Applied, len(msgs))
	}
	if got := finish(t, l); !got.equal(want) {
		t.Error("the state differs from a fold without reads")
	}
}
