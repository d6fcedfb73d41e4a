package sim

import (
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
)

// DefaultSteps is the length of a run when Config.Steps is 0: about five
// epochs of simulated time.
const DefaultSteps = 2000

// Config is one simulation run.
type Config struct {
	Seed  uint64
	Steps int // 0: DefaultSteps
	Hooks Hooks
}

// Result counts what a run did.
type Result struct {
	Seed     uint64
	Steps    int // including the final drain
	Messages uint64
	Epochs   uint64
	// Anchored counts the closed epochs the final state holds anchored;
	// SlashesProposed and SlashesExecuted the slashes the final chain
	// holds in those states: what the settler got done.
	Anchored                         uint64
	SlashesProposed, SlashesExecuted int
	LogDigest                        events.Hash // the event digest of the final log

	LedgerCrashes   int // process crashes (the disk keeps what was written)
	PowerLosses     int // crashes that discard unsynced writes
	MidBatchCrashes int // crashes of either kind inside a batch
	Reorgs          int
	WindowDrops     int // publishes the duplicate window dropped
	LostAcks        int // stored, but the publisher saw no PubAck
	LostPublishes   int // never reached the stream
	Fenced          int // ledger events refused by the fence
	Replays         int
	Equivocations   int
	AgentCrashes    int
	CursorLosses    int
	// Verdicts counts the final log's verdicts (events.Accepted is "").
	Verdicts map[events.Reason]int
}

// Run simulates one seed: the world steps, the checks run after every
// step, and the end state is compared with a clean replay. A broken check
// is returned as a *Failure.
func Run(cfg Config) (Result, error) {
	if cfg.Steps <= 0 {
		cfg.Steps = DefaultSteps
	}
	w, err := newWorld(cfg)
	if err != nil {
		return Result{Seed: cfg.Seed}, &Failure{Seed: cfg.Seed, Steps: cfg.Steps, Check: CheckRun, Err: err}
	}
	defer w.close()
	for w.step < cfg.Steps {
		w.step++
		if err := w.runStep(); err != nil {
			return w.result(), err
		}
	}
	if err := w.drain(); err != nil {
		return w.result(), err
	}
	err = w.checkEnd()
	return w.result(), err
}

func (w *world) close() {
	if w.ledger.l != nil {
		w.ledger.l.Close()
	}
}

func (w *world) result() Result {
	r := w.res
	r.Steps, r.Messages = w.step, w.stream.len()
	r.LogDigest = w.stream.digestAt(w.stream.len())
	r.Reorgs, r.WindowDrops = w.chain.reorgs, w.stream.dropped
	if w.ledger.l != nil {
		r.Epochs = w.ledger.l.LastClosed()
		for k := uint64(1); k <= r.Epochs; k++ {
			if rec, err := w.ledger.l.CommittedEpoch(k); err == nil && rec.Anchored {
				r.Anchored++
			}
		}
	}
	for _, s := range w.chain.state().slashes {
		switch s.state {
		case chain.SlashProposed:
			r.SlashesProposed++
		case chain.SlashExecuted:
			r.SlashesExecuted++
		}
	}
	return r
}

func (w *world) runStep() error {
	w.now += minTickMs + uint64(w.pick(maxTickMs-minTickMs+1))
	if err := w.restartDue(); err != nil {
		return err
	}
	w.tickAgents()
	if err := w.act(); err != nil {
		return err
	}
	return w.checkStep()
}

// action is one thing that can happen in a step, with its weight.
type action struct {
	weight int
	run    func(w *world) error
}

func do(f func(w *world)) func(w *world) error {
	return func(w *world) error { f(w); return nil }
}

var actions = []action{
	{340, do((*world).publishSome)},
	{140, (*world).fold},
	{70, do((*world).schedule)},
	{30, do((*world).chainUser)},
	{50, do(func(w *world) { w.chain.mine(w.now) })},
	{40, (*world).watchStep},
	{40, (*world).settle},
	{3, do(func(w *world) { w.chain.reorg(1+w.pick(confirmations), func() bool { return w.pick(5) > 0 }) })},
	{3, func(w *world) error { return w.crashLedger(false) }},
	{2, func(w *world) error { return w.crashLedger(true) }},
	{5, do(func(w *world) { w.agentDown(w.agents[w.pick(len(w.agents))], 500+uint64(w.pick(5_500))) })},
	{5, do((*world).partition)},
	{12, do((*world).adversary)},
	{2, do((*world).watcherRestart)},
	{2, do((*world).staleLeader)},
}

var totalWeight = func() int {
	t := 0
	for _, a := range actions {
		t += a.weight
	}
	return t
}()

// act runs one action drawn by weight.
func (w *world) act() error {
	r := w.pick(totalWeight)
	for _, a := range actions {
		if r < a.weight {
			return a.run(w)
		}
		r -= a.weight
	}
	panic("sim: action weights")
}

// outboxes lists every publisher in a fixed order.
func (w *world) outboxes() []*outbox {
	var out []*outbox
	for _, a := range w.agents {
		out = append(out, a.out)
	}
	for _, s := range w.scheds {
		out = append(out, s.out)
	}
	return append(out, w.rogue.out)
}

// publishSome lets a few publishers, drawn at random, publish their head:
// sources interleave in any order, each keeps its own.
func (w *world) publishSome() {
	for range 1 + w.pick(3) {
		var ready []*outbox
		for _, o := range w.outboxes() {
			if o.ready(w.now) {
				ready = append(ready, o)
			}
		}
		if len(ready) == 0 {
			return
		}
		o := ready[w.pick(len(ready))]
		if w.publishOnce(o, o.queue[0]) {
			o.queue = o.queue[1:]
		}
	}
}

// publishOnce is one publish attempt and reports whether the PubAck came
// back. It may be lost on the way, or stored with its PubAck lost; the
// publisher then retries the same message (same Nats-Msg-Id), sometimes
// only after a partition longer than the duplicate window.
func (w *world) publishOnce(o *outbox, m pubMsg) bool {
	if w.now < o.blockedUntil {
		return false
	}
	if !w.quiet {
		switch r := w.pick(1000); {
		case r < 50:
			w.res.LostPublishes++
			return false
		case r < 110:
			w.stream.publish(w.now, m.msgID, m.data, false)
			w.res.LostAcks++
			if w.chance(300) {
				o.blockedUntil = w.now + 500 + uint64(w.pick(8_000))
			}
			return false
		}
	}
	w.stream.publish(w.now, m.msgID, m.data, false)
	return true
}

// partition cuts one publisher (an agent, a scheduler, the rogue, the
// watcher or the settler) off the stream for a while.
func (w *world) partition() {
	all := append(w.outboxes(), &w.watch.out, &w.settler.out)
	o := all[w.pick(len(all))]
	o.blockedUntil = max(o.blockedUntil, w.now+500+uint64(w.pick(8_000)))
}

// drain ends a run: faults stop, partitions heal, every spool and mempool
// empties, every chain log becomes final and published, and the ledger
// folds the whole stream.
func (w *world) drain() error {
	w.quiet = true
	for _, o := range append(w.outboxes(), &w.watch.out, &w.settler.out) {
		o.blockedUntil = 0
	}
	for range maxQuiesceLoop {
		w.step++
		w.now += 1000
		if err := w.drainStep(); err != nil {
			return err
		}
		if w.drained() {
			return nil
		}
	}
	return w.fail(CheckRun, "the world did not drain in %d steps", maxQuiesceLoop)
}

func (w *world) drainStep() error {
	if w.ledger.l == nil {
		w.ledger.downUntil = 0
		if err := w.restartDue(); err != nil {
			return err
		}
	}
	for _, o := range w.outboxes() {
		for len(o.queue) > 0 && w.publishOnce(o, o.queue[0]) {
			o.queue = o.queue[1:]
		}
	}
	w.chain.mine(w.now)
	if err := w.watchStep(); err != nil {
		return err
	}
	if err := w.foldAll(); err != nil {
		return err
	}
	return w.checkStep()
}

// drained: nothing waits to be published, mined, watched or folded.
func (w *world) drained() bool {
	for _, o := range w.outboxes() {
		if len(o.queue) > 0 {
			return false
		}
	}
	last := uint64(0)
	for n, b := range w.chain.blocks {
		if len(b.logs) > 0 {
			last = uint64(n)
		}
	}
	return len(w.chain.mempool) == 0 && w.watch.cursor.pos.Block >= last && w.ledger.next > w.stream.len()
}
