package sim

import (
	"context"
	"fmt"
	"io"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/settlement"
)

// Hooks replace parts of the system under test, to prove that the checks
// catch the bugs they stand for. The zero value is the real system.
type Hooks struct {
	// Fold folds one delivered batch; nil is Fold.
	Fold func(l *aggregates.Ledger, batch [][]byte, stopAfter uint64) error
	// Storage wraps the ledger's filesystem each time the ledger opens.
	Storage func(vfs.FS) vfs.FS
	// Reopen runs on the ledger's filesystem after each crash, before the
	// ledger opens again.
	Reopen func(vfs.FS) error
	// Contracts wraps the chain the settler reads and transacts on.
	Contracts func(settlement.Contracts) settlement.Contracts
}

// Fold folds one delivered batch through the pipeline swarmd runs
// (ingest.RunBatches: parallel checks, ordered Apply, one pebble.Sync
// commit). A non-zero stopAfter stops it after that many messages, without
// committing: a crash inside the batch.
func Fold(l *aggregates.Ledger, batch [][]byte, stopAfter uint64) error {
	opts := ingest.Options{Workers: 1, BatchSize: len(batch), StopAfter: stopAfter}
	_, err := ingest.RunBatches(context.Background(), l, &oneBatch{msgs: batch}, opts, ingest.Stats{})
	return err
}

// oneBatch is a consumer fetch: one batch, then the end.
type oneBatch struct{ msgs [][]byte }

func (b *oneBatch) NextBatch(_ context.Context, max int) ([][]byte, error) {
	n := min(max, len(b.msgs))
	out := b.msgs[:n]
	b.msgs = b.msgs[n:]
	if len(b.msgs) == 0 {
		return out, io.EOF
	}
	return out, nil
}

// ledgerProc is the swarmd process around the ledger: its disk (Pebble's
// crashable in-memory filesystem), its ordered consumer's position, and
// whether it is running.
type ledgerProc struct {
	params *aggregates.Params
	hooks  Hooks
	disk   *vfs.MemFS
	l      *aggregates.Ledger // nil while down
	// next is the stream sequence the consumer delivers next.
	next uint64
	// durable is the position of the last commit that returned.
	durable   uint64
	downUntil uint64
}

func newLedgerProc(params *aggregates.Params, hooks Hooks) (*ledgerProc, error) {
	p := &ledgerProc{params: params, hooks: hooks, disk: vfs.NewCrashableMem()}
	return p, p.open()
}

// open opens the ledger on the disk; the consumer starts at its
// checkpoint + 1.
func (p *ledgerProc) open() error {
	var fs vfs.FS = p.disk
	if p.hooks.Storage != nil {
		fs = p.hooks.Storage(fs)
	}
	l, err := aggregates.OpenFS(fs, "", p.params)
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	p.l, p.next = l, l.Position()+1
	return nil
}

// crash stops the ledger without committing its pending batch. On a power
// loss the disk keeps only what was synced; after a process crash it keeps
// everything written.
func (p *ledgerProc) crash(powerLoss bool) error {
	var synced *vfs.MemFS
	if powerLoss {
		synced = p.disk.CrashClone(vfs.CrashCloneCfg{})
	}
	err := p.l.Close()
	p.l = nil
	if powerLoss {
		p.disk = synced
	}
	if err != nil {
		return fmt.Errorf("close ledger: %w", err)
	}
	return nil
}

func (p *ledgerProc) restart() error {
	if p.hooks.Reopen != nil {
		if err := p.hooks.Reopen(p.disk); err != nil {
			return fmt.Errorf("reopen hook: %w", err)
		}
	}
	return p.open()
}

// crashLedger crashes the running ledger; it restarts after a while.
func (w *world) crashLedger(powerLoss bool) error {
	p := w.ledger
	if p.l == nil {
		return nil
	}
	if err := p.crash(powerLoss); err != nil {
		return w.fail(CheckRun, "%w", err)
	}
	p.downUntil = w.now + uint64(w.pick(5_000))
	if powerLoss {
		w.res.PowerLosses++
	} else {
		w.res.LedgerCrashes++
	}
	return nil
}

// restartDue restarts a crashed ledger whose downtime is over and checks
// what it recovered.
func (w *world) restartDue() error {
	p := w.ledger
	if p.l != nil || w.now < p.downUntil {
		return nil
	}
	if err := p.restart(); err != nil {
		return w.fail(CheckRun, "%w", err)
	}
	return w.checkRecovered()
}

// fold has the consumer deliver the next batch and the ledger fold it;
// sometimes the process dies inside the batch.
func (w *world) fold() error {
	p := w.ledger
	if p.l == nil || p.next > w.stream.len() {
		return nil
	}
	n := 1 + w.pick(int(min(w.stream.len()-p.next+1, maxBatch)))
	from, to := p.next, p.next+uint64(n)-1
	batch := make([][]byte, 0, n)
	for seq := from; seq <= to; seq++ {
		batch = append(batch, w.stream.msg(seq).data)
	}
	var stop uint64
	if !w.quiet && n > 1 && w.chance(40) {
		stop = 1 + uint64(w.pick(n-1))
	}
	fold := p.hooks.Fold
	if fold == nil {
		fold = Fold
	}
	if err := fold(p.l, batch, stop); err != nil {
		return w.fail(CheckRun, "fold stream %d..%d: %w", from, to, err)
	}
	if stop > 0 {
		if err := p.l.CheckInvariants(); err != nil {
			return w.fail(CheckInvariants, "inside a batch: %w", err)
		}
		w.res.MidBatchCrashes++
		return w.crashLedger(w.chance(500))
	}
	return w.folded(from, to)
}

// folded checks that the ledger stands exactly after the batch it was fed
// and records the batch's committed verdicts.
func (w *world) folded(from, to uint64) error {
	p := w.ledger
	p.next = to + 1
	if pos := p.l.Position(); pos != to {
		return w.fail(CheckPosition, "after folding stream %d..%d the ledger is at position %d", from, to, pos)
	}
	p.durable = p.l.View().Position
	if p.durable != to {
		return w.fail(CheckPosition, "after folding stream %d..%d the committed view is at position %d", from, to, p.durable)
	}
	return w.recordVerdicts(from, to)
}

// foldAll folds until the consumer has delivered the whole stream.
func (w *world) foldAll() error {
	for w.ledger.l != nil && w.ledger.next <= w.stream.len() {
		if err := w.fold(); err != nil {
			return err
		}
	}
	return nil
}
