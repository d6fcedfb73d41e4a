package ingest

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// floodLog inserts, before the log's last epoch.closed (so the reports count
// them), what a flooding node sends: exact copies of accepted events (under
// fresh Msg-Ids JetStream stores them), one message with a broken
// signature sent over and over, and copies with a broken signature of
// accepted events. It returns the log and how many of each it added.
func floodLog(t *testing.T, params *aggregates.Params, msgs [][]byte) (out [][]byte, replays, badCopies int) {
	t.Helper()
	verdicts, _ := referenceFold(t, params, msgs)
	last := -1
	for i, m := range msgs {
		if bytes.Contains(m, []byte(`"type":"epoch.closed"`)) && verdicts[i] == events.Accepted {
			last = i
		}
	}
	if last < 0 {
		t.Fatal("the log closes no epoch")
	}
	var flood [][]byte
	for i, m := range msgs[:last] {
		if verdicts[i] != events.Accepted || i%3 != 0 {
			continue
		}
		for range 3 {
			flood = append(flood, m)
			replays++
		}
		bad := breakSig(t, m)
		for range 2 {
			flood = append(flood, bad)
			badCopies++
		}
	}
	out = append(slices.Clone(msgs[:last]), flood...)
	return append(out, msgs[last:]...), replays, badCopies
}

// breakSig changes one character inside a message's signature: the
// signature keeps its canonical form and no longer verifies.
func breakSig(t *testing.T, m []byte) []byte {
	i := bytes.Index(m, []byte(`"sig":"`))
	if i < 0 {
		t.Fatalf("no sig in %s", m)
	}
	out := bytes.Clone(m)
	p := i + len(`"sig":"`) + 10
	if out[p] == 'A' {
		out[p] = 'B'
	} else {
		out[p] = 'A'
	}
	return out
}

// referenceFold folds msgs one at a time, each checked by an Authority of
// its own: every signature is verified, nothing is remembered between
// messages. It returns the verdicts and the folded state's outcome.
func referenceFold(t *testing.T, params *aggregates.Params, msgs [][]byte) ([]events.Reason, outcome) {
	t.Helper()
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	out := make([]events.Reason, len(msgs))
	for i, m := range msgs {
		auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = l.Apply(auth.Check(m)); err != nil {
			t.Fatal(err)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return out, finish(t, l)
}

// A flood of replayed accepted events and of repeated messages with broken
// signatures gets exactly the verdicts, state and reports of a fold that
// verifies every signature, while the pipeline skips the verification of
// every replay of a committed event and of every repeat of a failed
// signature.
func TestFloodSkipsSignaturesKeepsVerdicts(t *testing.T) {
	params, msgs := load(t, conformance)
	log, replays, badCopies := floodLog(t, params, msgs)
	want, wantOutcome := referenceFold(t, params, log)

	for _, opts := range []Options{{Workers: 1, BatchSize: 1}, {Workers: 2, BatchSize: 64}} {
		l, err := aggregates.Open("", params)
		if err != nil {
			t.Fatal(err)
		}
		var got []events.Reason
		opts.OnCommit = func(b BatchInfo) { got = append(got, b.Verdicts...) }
		if _, err := Run(context.Background(), l, Messages(log), opts); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d verdicts for %d messages", opts, len(got), len(want))
		}
		dups, bad := 0, 0
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%+v: message %d judged %q, a fold verifying every signature says %q", opts, i, got[i], want[i])
			}
			switch want[i] {
			case events.Duplicate:
				dups++
			case events.BadSignature:
				bad++
			}
		}
		if dups < replays || bad < badCopies {
			t.Fatalf("%+v: %d duplicates and %d bad signatures, the flood alone has %d and %d", opts, dups, bad, replays, badCopies)
		}
		if o := finish(t, l); !o.equal(wantOutcome) {
			t.Errorf("%+v: state or reports differ from the fold verifying every signature", opts)
		}
		st := l.Authority().SigStats()
		// With one message per batch every original is committed before its
		// copies are checked: each replay and each repeat of a broken
		// signature after the first skips verification.
		if opts.BatchSize == 1 && (st.SkippedKnown < uint64(replays) || st.SkippedBad < uint64(badCopies/2)) {
			t.Errorf("%+v: skipped %d known and %d bad, want at least %d and %d", opts, st.SkippedKnown, st.SkippedBad, replays, badCopies/2)
		}
		if st.Verified+st.SkippedKnown+st.SkippedBad > uint64(len(log)) || st.Verified == 0 {
			t.Errorf("%+v: stats %+v for %d messages", opts, st, len(log))
		}
		t.Logf("%+v: %d messages, %+v", opts, len(log), st)
		l.Close()
	}
}

// After a restart the committed state still answers: a copy of an event
// accepted before the restart skips verification, a new event does not.
func TestKnownAfterReopen(t *testing.T) {
	params, msgs := load(t, conformance)
	dir := t.TempDir()
	l, err := aggregates.Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	verdicts, _ := referenceFold(t, params, msgs)
	if _, err := Run(context.Background(), l, Messages(msgs), Options{}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l, err = aggregates.Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	i := slices.Index(verdicts, events.Accepted)
	d, err := events.Decode(msgs[i])
	if err != nil {
		t.Fatal(err)
	}
	if !l.AcceptedCommitted(d.Src, d.Seq, events.MessageHash(msgs[i])) {
		t.Fatal("an event accepted before the restart is not known")
	}
	if l.AcceptedCommitted(d.Src, d.Seq, events.MessageHash(breakSig(t, msgs[i]))) {
		t.Fatal("a changed copy is known")
	}
	if l.AcceptedCommitted(d.Src, 1<<50, events.MessageHash(msgs[i])) {
		t.Fatal("a seq never reached is known")
	}
	c := l.Authority().CheckKnown(msgs[i], l.AcceptedCommitted)
	if c.Reason != events.Accepted || l.Authority().SigStats().SkippedKnown != 1 {
		t.Fatalf("check %q, stats %+v", c.Reason, l.Authority().SigStats())
	}
}
