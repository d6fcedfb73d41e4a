package ingest

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

func load(t testing.TB, dir string) (*aggregates.Params, [][]byte) {
	t.Helper()
	params, err := aggregates.LoadParams(dir + "/params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(dir + "/log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	return params, msgs
}

// outcome is what two folds of the same log must agree on.
type outcome struct {
	hash    events.Hash
	reports [][]byte
}

func finish(t testing.TB, l *aggregates.Ledger) outcome {
	t.Helper()
	h, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	r, err := l.Reports()
	if err != nil {
		t.Fatal(err)
	}
	return outcome{h, r}
}

func (o outcome) equal(p outcome) bool {
	if o.hash != p.hash || len(o.reports) != len(p.reports) {
		return false
	}
	for i := range o.reports {
		if !bytes.Equal(o.reports[i], p.reports[i]) {
			return false
		}
	}
	return true
}

func baseline(t testing.TB, params *aggregates.Params, msgs [][]byte) outcome {
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := Run(context.Background(), l, Messages(msgs), Options{}); err != nil {
		t.Fatal(err)
	}
	return finish(t, l)
}

const conformance = "../../testdata/conformance/s1"

// The pipeline (parallel checks, batched commits) gives the same state as a
// one-message-at-a-time fold, whatever the batch size and worker count.
func TestPipelineMatchesSequentialFold(t *testing.T) {
	params, msgs := load(t, conformance)
	seq, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer seq.Close()
	for _, m := range msgs {
		if _, err := seq.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
		if err := seq.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	want := finish(t, seq)
	for _, opts := range []Options{{Workers: 1, BatchSize: 1}, {Workers: 3, BatchSize: 7}, {BatchSize: 4096}} {
		l, err := aggregates.Open("", params)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Run(context.Background(), l, Messages(msgs), opts)
		if err != nil {
			t.Fatal(err)
		}
		if st.Applied != uint64(len(msgs)) {
			t.Fatalf("applied %d of %d", st.Applied, len(msgs))
		}
		if got := finish(t, l); !got.equal(want) {
			t.Errorf("options %+v: state differs from the sequential fold", opts)
		}
		l.Close()
	}
}

// A fold crashed at random points (unsynced writes dropped by Pebble's
// crashable filesystem) and resumed from its checkpoint ends in exactly the
// state and reports of an uninterrupted fold.
func TestCrashAndResume(t *testing.T) {
	params, msgs := load(t, conformance)
	want := baseline(t, params, msgs)
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for trial := range 12 {
		fs := vfs.NewCrashableMem()
		crashes := 1 + rng.IntN(3)
		for range crashes {
			l, err := aggregates.OpenFS(fs, "state", params)
			if err != nil {
				t.Fatal(err)
			}
			stop := uint64(1 + rng.IntN(len(msgs)/2))
			if _, err := Run(context.Background(), l, Messages(msgs),
				Options{BatchSize: 1 + rng.IntN(200), StopAfter: stop}); err != nil {
				t.Fatal(err)
			}
			crashed := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: rng.IntN(100), RNG: rand.New(rand.NewPCG(rng.Uint64(), 2))})
			l.Close()
			fs = crashed
		}
		l, err := aggregates.OpenFS(fs, "state", params)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Run(context.Background(), l, Messages(msgs), Options{BatchSize: 1 + rng.IntN(300)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Skipped+st.Applied != uint64(len(msgs)) {
			t.Errorf("trial %d: skipped %d + applied %d != %d", trial, st.Skipped, st.Applied, len(msgs))
		}
		if got := finish(t, l); !got.equal(want) {
			t.Errorf("trial %d (seed %d): resumed state differs from the uninterrupted fold", trial, seed)
		}
		l.Close()
	}
}

// Resuming against a different log is refused instead of folding past it.
func TestResumeRefusesAnotherLog(t *testing.T) {
	params, msgs := load(t, conformance)
	fs := vfs.NewMem()
	l, err := aggregates.OpenFS(fs, "state", params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), l, Messages(msgs[:100]), Options{}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l, err = aggregates.OpenFS(fs, "state", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	other := append([][]byte{[]byte("x")}, msgs[1:]...)
	if _, err := Run(context.Background(), l, Messages(other), Options{}); err == nil {
		t.Fatal("a log with another prefix was accepted")
	}
	if _, err := Run(context.Background(), l, Messages(msgs[:50]), Options{}); err == nil {
		t.Fatal("a log shorter than the checkpoint was accepted")
	}
}

// A store that fails under the fold stops the pipeline with the error, not
// a panic, and commits nothing of the batch it was folding: opened again,
// the state is the last commit's, and it folds on to the uninterrupted
// fold's state.
func TestStoreFailureStopsTheFold(t *testing.T) {
	params, msgs := load(t, conformance)
	want := baseline(t, params, msgs)
	reads := &errorfs.Toggle{Injector: errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind == errorfs.OpFileReadAt {
			return errorfs.ErrInjected
		}
		return nil
	})}
	fs := errorfs.Wrap(vfs.NewMem(), reads)
	half := len(msgs) * 3 / 4
	l, err := aggregates.OpenFS(fs, "state", params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), l, Messages(msgs[:half]), Options{}); err != nil {
		t.Fatal(err)
	}
	committed := finish(t, l)
	l.Close()

	// Opened again, the state reads its tables from the filesystem, which
	// now fails: the redelivered messages after the prefix need their
	// event ids (SPEC §2.3 dedupe) from there.
	l, err = aggregates.OpenFS(fs, "state", params)
	if err != nil {
		t.Fatal(err)
	}
	reads.On()
	redelivered := append(msgs[:half:half], msgs[half/2:half]...)
	_, err = Run(context.Background(), l, Messages(redelivered), Options{BatchSize: 64})
	if !errors.Is(err, aggregates.ErrStore) || !errors.Is(err, errorfs.ErrInjected) {
		t.Fatalf("Run on a failing store: %v, want ErrStore wrapping the injected read error", err)
	}
	reads.Off()
	l.Close()

	l, err = aggregates.OpenFS(fs, "state", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Position() != uint64(half) || !finish(t, l).equal(committed) {
		t.Fatalf("reopened at %d, want the last commit at %d with its state", l.Position(), half)
	}
	if _, err := Run(context.Background(), l, Messages(msgs), Options{}); err != nil {
		t.Fatal(err)
	}
	if !finish(t, l).equal(want) {
		t.Fatal("the fold resumed after the failure differs from the uninterrupted fold")
	}
}
