package projections

import (
	"context"
	"time"

	"github.com/swarm-ledger/swarm/events"
)

// maxHandoff bounds the batches handed over by the fold and not yet
// applied; past it the oldest are dropped and the engine reads those
// positions from the log instead.
const maxHandoff = 64

// handoff is one batch the ledger committed, as the fold judged it.
type handoff struct {
	first uint64
	recs  []Record
}

func (h handoff) last() uint64 { return h.first + uint64(len(h.recs)) - 1 }

// Committed hands the engine a batch the ledger has just committed: the
// fold's decoded messages (checked[i] is at position first+i) and the
// verdicts it gave them. With Config.HandOff the serving projections are
// fed from these instead of decoding the log a second time; the log is read
// only for positions no batch covers (projections behind the ledger at
// start, batches dropped because the engine fell behind). It never blocks
// and must be called in log order, after the commit and before Notify.
func (e *Engine) Committed(first uint64, checked []events.Checked, verdicts []events.Reason) {
	if !e.cfg.HandOff || len(checked) == 0 || len(verdicts) != len(checked) {
		return
	}
	recs := make([]Record, len(checked))
	for i := range checked {
		recs[i] = Record{Pos: first + uint64(i), Verdict: verdicts[i]}
		if d := checked[i].Event; d != nil {
			recs[i].Event = &d.Event
		}
	}
	e.hmu.Lock()
	defer e.hmu.Unlock()
	if n := len(e.handoffs); n > 0 && e.handoffs[n-1].last()+1 != first {
		// Not contiguous with what is queued (the fold restarted): the
		// queued batches stay valid, the log covers any positions between.
		e.logUntil = max(e.logUntil, first-1)
	}
	if len(e.handoffs) == maxHandoff {
		e.logUntil = max(e.logUntil, e.handoffs[0].last())
		e.handoffs = e.handoffs[1:]
	}
	e.handoffs = append(e.handoffs, handoff{first: first, recs: recs})
}

// nextHandoff returns the records from position next on of the first queued
// batch that holds next, dropping batches that end before it; ok is false
// when none does.
func (e *Engine) nextHandoff(next uint64) ([]Record, bool) {
	e.hmu.Lock()
	defer e.hmu.Unlock()
	for len(e.handoffs) > 0 && e.handoffs[0].last() < next {
		e.handoffs = e.handoffs[1:]
	}
	if len(e.handoffs) == 0 || e.handoffs[0].first > next {
		return nil, false
	}
	h := e.handoffs[0]
	e.handoffs = e.handoffs[1:]
	return h.recs[next-h.first:], true
}

// needLog reports whether position next must be read from the log: no
// handed-over batch will hold it.
func (e *Engine) needLog(next uint64) bool {
	e.hmu.Lock()
	defer e.hmu.Unlock()
	if next <= e.logUntil {
		return true
	}
	return len(e.handoffs) > 0 && e.handoffs[0].first > next
}

// liveHandoff is live with Config.HandOff: it applies the handed-over
// batches and reads the log only where they leave a gap, with a consumer
// that is open only while it does.
func (e *Engine) liveHandoff(ctx context.Context, next uint64) error {
	e.hmu.Lock()
	// Everything the ledger has committed so far may never be handed over.
	e.logUntil = max(e.logUntil, e.cfg.Ledger.View().Position)
	e.hmu.Unlock()
	var src LogReader
	defer func() {
		if src != nil {
			src.Stop()
		}
	}()
	for {
		if recs, ok := e.nextHandoff(next); ok {
			if src != nil {
				src.Stop()
				src = nil
			}
			if err := e.applyLive(recs); err != nil {
				return err
			}
			next += uint64(len(recs))
			continue
		}
		if e.needLog(next) {
			if src == nil {
				var err error
				if src, err = e.cfg.OpenLog(ctx, next); err != nil {
					return err
				}
			}
			recs, err := e.read(ctx, src, next)
			if err != nil {
				return err
			}
			if err := e.applyLive(recs); err != nil {
				return err
			}
			next += uint64(len(recs))
			continue
		}
		// Caught up with what was handed over: wait for the next commit.
		if src != nil {
			src.Stop()
			src = nil
		}
		e.mu.Lock()
		ch := e.notify
		e.mu.Unlock()
		if recs, ok := e.nextHandoff(next); ok {
			if err := e.applyLive(recs); err != nil {
				return err
			}
			next += uint64(len(recs))
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		}
	}
}
