package sim

import (
	"bytes"
	"context"
	"fmt"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/ingest"
)

// Check names the property a failure broke.
type Check string

// The checks.
const (
	// CheckInvariants: SPEC §11 (aggregates.Ledger.CheckInvariants).
	CheckInvariants Check = "invariants"
	// CheckPosition: the ledger's position or digest is not the log's
	// after what it was fed.
	CheckPosition Check = "position"
	// CheckLost: a committed batch did not survive a crash.
	CheckLost Check = "lost"
	// CheckVerdict: a committed message's verdict changed.
	CheckVerdict Check = "verdict"
	// CheckTwice: one event id was accepted at two log positions.
	CheckTwice Check = "accepted-twice"
	// CheckDuplicate: an exact copy of an accepted event was not rejected
	// as duplicate (SPEC §2.3).
	CheckDuplicate Check = "duplicate"
	// CheckDerived: an event the system derives itself (a chain.* event
	// from the watcher, an epoch.* event from the settler) was rejected:
	// the ledger disagrees with the contracts or with settlement.
	CheckDerived Check = "derived"
	// CheckFinality: the watcher published a log that is not in a final
	// canonical block.
	CheckFinality Check = "finality"
	// CheckReplay: the final state or reports differ from a clean replay
	// of the final log.
	CheckReplay Check = "replay"
	// CheckRun: an operation failed (open, fold, commit, the watcher).
	CheckRun Check = "run"
)

// Failure is a broken check, with what reproduces it.
type Failure struct {
	Seed  uint64
	Steps int // the run's length (Config.Steps)
	Step  int
	Check Check
	Err   error
}

func (f *Failure) Error() string {
	steps := ""
	if f.Steps != DefaultSteps {
		steps = fmt.Sprintf(" -steps=%d", f.Steps)
	}
	return fmt.Sprintf("sim: seed %d, step %d: %s: %v (reproduce: go test ./internal/testkit/sim -run 'TestSim$' -seed=%d%s)",
		f.Seed, f.Step, f.Check, f.Err, f.Seed, steps)
}

func (f *Failure) Unwrap() error { return f.Err }

func (w *world) fail(c Check, format string, args ...any) error {
	return &Failure{Seed: w.cfg.Seed, Steps: w.cfg.Steps, Step: w.step, Check: c, Err: fmt.Errorf(format, args...)}
}

// checker remembers what the ledger committed: the verdict of every log
// position and where each event id was accepted.
type checker struct {
	verdicts []events.Reason
	accepted map[string]uint64
	// balanced is the ledger and position the invariants last held at: the
	// state changes only by folding or reopening.
	balanced struct {
		l   *aggregates.Ledger
		pos uint64
	}
}

func newChecker() *checker { return &checker{accepted: map[string]uint64{}} }

// checkStep runs after every step on a running ledger.
func (w *world) checkStep() error {
	l := w.ledger.l
	if l == nil {
		return nil
	}
	if err := w.checkPrefix(l, w.ledger.next-1); err != nil {
		return err
	}
	b := &w.check.balanced
	if b.l == l && b.pos == l.Position() {
		return nil
	}
	if err := l.CheckInvariants(); err != nil {
		return w.fail(CheckInvariants, "%w", err)
	}
	b.l, b.pos = l, l.Position()
	return nil
}

// checkPrefix checks that the ledger stands at position want with the
// digest of the log's first want messages.
func (w *world) checkPrefix(l *aggregates.Ledger, want uint64) error {
	pos := l.Position()
	if pos != want {
		return w.fail(CheckPosition, "the ledger is at position %d, its consumer at stream sequence %d", pos, want+1)
	}
	if pos > w.stream.len() || l.Digest() != w.stream.digestAt(pos) {
		return w.fail(CheckPosition, "the ledger's digest at position %d is not the log's", pos)
	}
	return nil
}

// checkRecovered runs after a restart: the ledger resumes exactly at the
// last commit, and every committed message keeps its verdict.
func (w *world) checkRecovered() error {
	l, durable := w.ledger.l, w.ledger.durable
	if pos := l.Position(); pos != durable {
		return w.fail(CheckLost, "restarted at position %d, but position %d was committed", pos, durable)
	}
	if err := w.checkPrefix(l, durable); err != nil || durable == 0 {
		return err
	}
	got, err := l.Verdicts(1, durable)
	if err != nil {
		return w.fail(CheckLost, "verdicts 1..%d after restart: %w", durable, err)
	}
	for i, r := range got {
		if want := w.check.verdicts[i]; r != want {
			return w.fail(CheckVerdict, "after restart message %d is judged %q, before it was %q", i+1, r, want)
		}
	}
	return nil
}

// recordVerdicts records the committed verdicts of positions from..to and
// checks them against the dedupe rules.
func (w *world) recordVerdicts(from, to uint64) error {
	vs, err := w.ledger.l.Verdicts(from, to)
	if err != nil {
		return w.fail(CheckRun, "verdicts %d..%d: %w", from, to, err)
	}
	for i, v := range vs {
		if err := w.recordVerdict(from+uint64(i), v); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) recordVerdict(pos uint64, v events.Reason) error {
	c := w.check
	if pos <= uint64(len(c.verdicts)) {
		if was := c.verdicts[pos-1]; was != v {
			return w.fail(CheckVerdict, "message %d is judged %q, before it was %q", pos, v, was)
		}
		return nil
	}
	c.verdicts = append(c.verdicts, v)
	m := w.stream.msg(pos)
	first, seen := c.accepted[m.evID]
	switch {
	case v == events.Accepted && m.evID == "":
		return w.fail(CheckVerdict, "message %d does not decode but was accepted", pos)
	case v == events.Accepted && seen:
		return w.fail(CheckTwice, "event %s accepted at positions %d and %d", m.evID, first, pos)
	case v == events.Accepted:
		c.accepted[m.evID] = pos
	case seen && w.stream.msg(first).hash == m.hash && v != events.Duplicate:
		return w.fail(CheckDuplicate, "message %d copies event %s accepted at position %d but is judged %q", pos, m.evID, first, v)
	}
	derived := m.class == events.ClassChain || m.class == events.ClassLedger
	if derived && v != events.Accepted && v != events.Duplicate {
		return w.fail(CheckDerived, "message %d, %s, is judged %q", pos, m.evID, v)
	}
	return nil
}

// outcome is what a fold of the whole log ends with.
type outcome struct {
	hash     events.Hash
	reports  [][]byte
	verdicts []events.Reason
}

func outcomeOf(l *aggregates.Ledger) (outcome, error) {
	var o outcome
	var err error
	if o.hash, err = l.StateHash(); err != nil {
		return o, err
	}
	if o.reports, err = l.Reports(); err != nil {
		return o, err
	}
	if l.Position() > 0 {
		o.verdicts, err = l.Verdicts(1, l.Position())
	}
	return o, err
}

// cleanReplay folds msgs in one pass into a fresh in-memory ledger.
func cleanReplay(params *aggregates.Params, msgs [][]byte) (outcome, error) {
	l, err := aggregates.Open("", params)
	if err != nil {
		return outcome{}, err
	}
	defer l.Close()
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(msgs), ingest.Options{}); err != nil {
		return outcome{}, err
	}
	return outcomeOf(l)
}

// checkEnd compares the simulated ledger, which has folded the whole
// stream through crashes, with a clean replay of the final log.
func (w *world) checkEnd() error {
	l := w.ledger.l
	if err := w.checkPrefix(l, w.stream.len()); err != nil {
		return err
	}
	got, err := outcomeOf(l)
	if err != nil {
		return w.fail(CheckRun, "final state: %w", err)
	}
	msgs := make([][]byte, 0, w.stream.len())
	for i := range w.stream.msgs {
		msgs = append(msgs, w.stream.msgs[i].data)
	}
	want, err := cleanReplay(w.params, msgs)
	if err != nil {
		return w.fail(CheckRun, "clean replay: %w", err)
	}
	return w.compare(got, want)
}

func (w *world) compare(got, want outcome) error {
	if len(got.reports) != len(want.reports) {
		return w.fail(CheckReplay, "%d epoch reports, the clean replay has %d", len(got.reports), len(want.reports))
	}
	for i := range got.reports {
		if !bytes.Equal(got.reports[i], want.reports[i]) {
			return w.fail(CheckReplay, "epoch %d report differs from the clean replay:\n got %s\nwant %s", i+1, got.reports[i], want.reports[i])
		}
	}
	for i := range got.verdicts {
		if got.verdicts[i] != want.verdicts[i] {
			return w.fail(CheckReplay, "message %d judged %q, by the clean replay %q", i+1, got.verdicts[i], want.verdicts[i])
		}
	}
	if got.hash != want.hash {
		return w.fail(CheckReplay, "state hash %s, the clean replay's %s", got.hash, want.hash)
	}
	for _, v := range want.verdicts {
		w.res.Verdicts[v]++
	}
	return nil
}
