package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/pebblelog"
	"github.com/swarm-ledger/swarm/internal/storeformat"
)

// Projection is one read model. Apply folds one record of the log into the
// projection's keys; it must be deterministic given the record and the
// ledger's committed state, and return an error only for a store failure
// (a record it has no use for is simply skipped).
type Projection interface {
	Name() string
	Apply(tx *Tx, r Record) error
}

// Record is one log message as the ledger judged it.
type Record struct {
	Pos     uint64        // stream sequence = ledger position
	Event   *events.Event // nil when the message does not decode
	Verdict events.Reason // events.Accepted or the rejection reason
}

// Accepted reports whether the ledger accepted the record's event.
func (r Record) Accepted() bool { return r.Verdict == events.Accepted && r.Event != nil }

// LogReader yields the log's messages in order from a position, a batch at
// a time (internal/eventlog.LogSource).
type LogReader interface {
	NextBatch(ctx context.Context, max int) ([][]byte, error)
	Stop()
}

// Config configures an Engine.
type Config struct {
	Dir         string // the store's directory; "" keeps it in memory
	Ledger      Ledger
	OpenLog     func(ctx context.Context, from uint64) (LogReader, error)
	Projections []Projection
	BatchSize   int // records per batch (default 512)
	Log         *slog.Logger
	// HandOff: the ledger's fold hands its committed batches over
	// (Committed), and the serving projections read the log only for
	// positions no batch covers. Rebuilds always read the log.
	HandOff bool
}

// Sentinel errors of the engine.
var (
	ErrUnknownProjection = errors.New("projections: no such projection")
	ErrRebuilding        = errors.New("projections: a rebuild is already running")
)

// Engine feeds the projections from the log and the ledger's verdicts.
type Engine struct {
	cfg    Config
	db     *pebble.DB
	byName map[string]Projection
	names  []string
	notify chan struct{} // closed and replaced when the ledger commits

	// feed serializes the live batches with generation swaps; it is held
	// while a batch applies. mu guards the fields below and is only ever
	// held for map lookups, so queries never wait for a batch.
	feed    sync.Mutex
	mu      sync.Mutex
	serving map[string]uint64
	ckpt    map[string]uint64 // checkpoint of the serving generation
	build   map[string]*build
	kick    chan string // rebuilds for Run to start
	rate    rateMeter
	cache   rowCache

	// hmu guards the batches the fold handed over (Committed) and logUntil,
	// the last position that must be read from the log.
	hmu      sync.Mutex
	handoffs []handoff
	logUntil uint64
}

type build struct {
	gen  uint64
	ckpt uint64
}

// Open opens the store and reads every projection's generation and
// checkpoint; Run then feeds them.
func Open(cfg Config) (*Engine, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 512
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	db, err := openDB(cfg.Dir)
	if err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, db: db, byName: map[string]Projection{}, notify: make(chan struct{}),
		serving: map[string]uint64{}, ckpt: map[string]uint64{}, build: map[string]*build{}, kick: make(chan string, 16)}
	for _, p := range cfg.Projections {
		if err := e.load(p); err != nil {
			db.Close()
			return nil, err
		}
	}
	slices.Sort(e.names) // Status lists them by name
	return e, nil
}

func openDB(dir string) (*pebble.DB, error) {
	opts := &pebble.Options{Logger: pebblelog.Logger{Store: "projections"}, MemTableSize: 16 << 20}
	if dir == "" {
		opts.FS = vfs.NewMem()
	}
	db, err := pebble.Open(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("projections: open store %q: %w", dir, err)
	}
	if _, err := storeformat.Open(db, keyFormat, StoreFormat); err != nil {
		db.Close()
		return nil, fmt.Errorf("projections: store %q: %w; %s", dir, err, formatFix)
	}
	return db, nil
}

func (e *Engine) load(p Projection) error {
	name := p.Name()
	if _, dup := e.byName[name]; dup {
		return fmt.Errorf("projections: %s registered twice", name)
	}
	e.byName[name] = p
	e.names = append(e.names, name)
	gen, ok, err := getU64(e.db, genKey("g", name))
	if err != nil {
		return err
	}
	if !ok {
		gen = 1
		if err := e.db.Set(genKey("g", name), u64(gen), pebble.Sync); err != nil {
			return fmt.Errorf("projections: %w", err)
		}
	}
	e.serving[name] = gen
	if e.ckpt[name], _, err = getU64(e.db, ckptKey(name, gen)); err != nil {
		return err
	}
	bgen, ok, err := getU64(e.db, genKey("b", name))
	if err != nil || !ok {
		return err
	}
	bckpt, _, err := getU64(e.db, ckptKey(name, bgen))
	if err != nil {
		return err
	}
	e.build[name] = &build{gen: bgen, ckpt: bckpt}
	return nil
}

// Close closes the store; Run must have returned.
func (e *Engine) Close() error { return e.db.Close() }

// Notify tells the engine the ledger has committed more of the log.
func (e *Engine) Notify() {
	e.mu.Lock()
	close(e.notify)
	e.notify = make(chan struct{})
	e.mu.Unlock()
}

// waitFolded blocks until the ledger has committed position pos.
func (e *Engine) waitFolded(ctx context.Context, pos uint64) error {
	for e.cfg.Ledger.View().Position < pos {
		e.mu.Lock()
		ch := e.notify
		e.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}

// Run feeds the serving generations from the log until ctx ends, and runs
// the rebuilds (those left unfinished by a previous run resume).
func (e *Engine) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 1+len(e.names))
	e.mu.Lock()
	for name := range e.build {
		e.kick <- name
	}
	e.mu.Unlock()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case name := <-e.kick:
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := e.rebuild(ctx, name); err != nil && ctx.Err() == nil {
						errs <- fmt.Errorf("projections: rebuild %s: %w", name, err)
					}
				}()
			}
		}
	}()
	err := e.live(ctx)
	stopped := ctx.Err() != nil
	cancel()
	wg.Wait()
	if stopped {
		return nil
	}
	select {
	case berr := <-errs:
		return errors.Join(err, berr)
	default:
		return err
	}
}

// live applies the log to every serving generation.
func (e *Engine) live(ctx context.Context) error {
	e.mu.Lock()
	next := e.ckpt[e.names[0]]
	for _, n := range e.names {
		next = min(next, e.ckpt[n])
	}
	e.mu.Unlock()
	next++
	if e.cfg.HandOff {
		return e.liveHandoff(ctx, next)
	}
	src, err := e.cfg.OpenLog(ctx, next)
	if err != nil {
		return err
	}
	defer src.Stop()
	for {
		recs, err := e.read(ctx, src, next)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if err := e.applyLive(recs); err != nil {
			return err
		}
		next += uint64(len(recs))
	}
}

// read takes the next batch of the log at position next and pairs it with
// the ledger's verdicts, waiting for the ledger to commit it first.
func (e *Engine) read(ctx context.Context, src LogReader, next uint64) ([]Record, error) {
	msgs, err := src.NextBatch(ctx, e.cfg.BatchSize)
	if err != nil {
		return nil, err
	}
	last := next + uint64(len(msgs)) - 1
	if err := e.waitFolded(ctx, last); err != nil {
		return nil, err
	}
	verdicts, err := e.cfg.Ledger.Verdicts(next, last)
	if err != nil {
		return nil, err
	}
	recs := make([]Record, len(msgs))
	for i, m := range msgs {
		recs[i] = Record{Pos: next + uint64(i), Verdict: verdicts[i]}
		if d, err := events.Decode(m); err == nil {
			recs[i].Event = &d.Event
		}
	}
	return recs, nil
}

func (e *Engine) applyLive(recs []Record) (err error) {
	defer func() {
		if err != nil {
			e.cache.reset()
		}
	}()
	e.feed.Lock()
	defer e.feed.Unlock()
	e.mu.Lock()
	gens, ckpts := maps.Clone(e.serving), maps.Clone(e.ckpt)
	e.mu.Unlock()
	b := e.db.NewIndexedBatch()
	defer b.Close()
	advanced := map[string]uint64{}
	for _, name := range e.names {
		gen, from := gens[name], ckpts[name]
		n, err := e.applyTo(b, name, gen, from, recs)
		if err != nil {
			return err
		}
		if n > from {
			advanced[name] = n
		}
	}
	if err := b.Commit(pebble.NoSync); err != nil {
		return fmt.Errorf("projections: commit: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for name, n := range advanced {
		e.ckpt[name] = n
	}
	e.rate.add(len(recs))
	return nil
}

// applyTo applies the records past checkpoint from to one generation in b
// and writes its new checkpoint; it returns the checkpoint.
func (e *Engine) applyTo(b *pebble.Batch, name string, gen, from uint64, recs []Record) (uint64, error) {
	tx := &Tx{b: b, prefix: dataPrefix(name, gen), ledger: e.cfg.Ledger, cache: &e.cache}
	p := e.byName[name]
	ckpt := from
	for _, r := range recs {
		if r.Pos <= ckpt {
			continue
		}
		if r.Pos != ckpt+1 {
			return 0, fmt.Errorf("projections: %s at %d handed position %d", name, ckpt, r.Pos)
		}
		if err := p.Apply(tx, r); err != nil {
			return 0, fmt.Errorf("projections: %s at %d: %w", name, r.Pos, err)
		}
		ckpt = r.Pos
	}
	if ckpt > from {
		if err := b.Set(ckptKey(name, gen), u64(ckpt), nil); err != nil {
			return 0, err
		}
	}
	return ckpt, nil
}

// Rebuild starts rebuilding a projection from the start of the log into a
// new generation; reads stay on the serving one until the new one has
// caught up. It returns the new generation.
func (e *Engine) Rebuild(name string) (uint64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.byName[name]; !ok {
		return 0, fmt.Errorf("%w: %q (have %v)", ErrUnknownProjection, name, e.names)
	}
	if b := e.build[name]; b != nil {
		return 0, fmt.Errorf("%w: %s generation %d", ErrRebuilding, name, b.gen)
	}
	gen := e.serving[name] + 1
	wb := e.db.NewBatch()
	defer wb.Close()
	// A leftover of an abandoned generation must not leak into the new one.
	if err := wb.DeleteRange(dataPrefix(name, gen), prefixEnd(dataPrefix(name, gen)), nil); err != nil {
		return 0, err
	}
	_ = wb.Delete(ckptKey(name, gen), nil)
	_ = wb.Set(genKey("b", name), u64(gen), nil)
	if err := wb.Commit(pebble.Sync); err != nil {
		return 0, fmt.Errorf("projections: %w", err)
	}
	e.build[name] = &build{gen: gen}
	select {
	case e.kick <- name:
	default:
		return 0, fmt.Errorf("projections: too many rebuilds queued")
	}
	return gen, nil
}

// rebuild feeds a new generation from its checkpoint and swaps it in once
// it has reached the serving generation.
func (e *Engine) rebuild(ctx context.Context, name string) error {
	e.mu.Lock()
	bd := *e.build[name]
	e.mu.Unlock()
	e.cfg.Log.Info("projection rebuild", "name", name, "generation", bd.gen, "from", bd.ckpt+1)
	if done, err := e.trySwap(name, bd); done || err != nil {
		return err
	}
	src, err := e.cfg.OpenLog(ctx, bd.ckpt+1)
	if err != nil {
		return err
	}
	defer src.Stop()
	for {
		recs, err := e.read(ctx, src, bd.ckpt+1)
		if err != nil {
			return err
		}
		b := e.db.NewIndexedBatch()
		n, err := e.applyTo(b, name, bd.gen, bd.ckpt, recs)
		if err == nil {
			err = b.Commit(pebble.NoSync)
		}
		b.Close()
		if err != nil {
			e.cache.reset()
			return err
		}
		bd.ckpt = n
		e.mu.Lock()
		e.build[name].ckpt = n
		e.mu.Unlock()
		if done, err := e.trySwap(name, bd); done || err != nil {
			return err
		}
	}
}

// trySwap makes the rebuilt generation serve once it has reached the
// serving one's checkpoint, deleting the old generation in the same batch.
func (e *Engine) trySwap(name string, bd build) (bool, error) {
	e.feed.Lock()
	defer e.feed.Unlock()
	e.mu.Lock()
	old, ckpt := e.serving[name], e.ckpt[name]
	e.mu.Unlock()
	if bd.ckpt < ckpt {
		return false, nil
	}
	b := e.db.NewBatch()
	defer b.Close()
	_ = b.Set(genKey("g", name), u64(bd.gen), nil)
	_ = b.Delete(genKey("b", name), nil)
	_ = b.Delete(ckptKey(name, old), nil)
	if err := b.DeleteRange(dataPrefix(name, old), prefixEnd(dataPrefix(name, old)), nil); err != nil {
		return false, err
	}
	// Readers take their snapshot under mu: each sees either the old
	// generation before its deletion or the new one.
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := b.Commit(pebble.Sync); err != nil {
		return false, fmt.Errorf("projections: swap %s: %w", name, err)
	}
	e.serving[name], e.ckpt[name] = bd.gen, bd.ckpt
	delete(e.build, name)
	e.cache.reset() // drop the old generation's rows
	e.cfg.Log.Info("projection rebuilt", "name", name, "generation", bd.gen, "checkpoint", bd.ckpt)
	return true, nil
}

// Read runs fn on a consistent snapshot of a projection's serving
// generation.
func (e *Engine) Read(name string, fn func(r Reader) error) error {
	e.mu.Lock()
	gen, ok := e.serving[name]
	var snap *pebble.Snapshot
	if ok {
		snap = e.db.NewSnapshot()
	}
	e.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownProjection, name)
	}
	defer snap.Close()
	return fn(Reader{r: snap, prefix: dataPrefix(name, gen)})
}

// Status reports every projection's generation, checkpoint and lag behind
// the ledger's committed position, and any rebuild.
func (e *Engine) Status() []ProjectionStatus {
	pos := e.cfg.Ledger.View().Position
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]ProjectionStatus, 0, len(e.names))
	for _, n := range e.names {
		st := ProjectionStatus{Name: n, Generation: e.serving[n], Checkpoint: e.ckpt[n]}
		if pos > st.Checkpoint {
			st.Lag = pos - st.Checkpoint
		}
		if b := e.build[n]; b != nil {
			st.RebuildGeneration, st.RebuildCheckpoint = b.gen, b.ckpt
		}
		out = append(out, st)
	}
	return out
}

// checkpoint returns a projection's serving generation and checkpoint.
func (e *Engine) checkpoint(name string) (gen, ckpt uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.serving[name], e.ckpt[name]
}

// CaughtUp reports whether every serving projection has applied the
// ledger's committed position.
func (e *Engine) CaughtUp() bool {
	for _, st := range e.Status() {
		if st.Lag > 0 {
			return false
		}
	}
	return true
}

// EventsPerSec is the records applied per second over the last few seconds.
func (e *Engine) EventsPerSec() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rate.perSec(time.Now())
}

// All returns one of each projection, the set swarmd serves.
func All() []Projection {
	return []Projection{Catalog{}, Earnings{}, Epochs{}, Slashes{}, Staking{}}
}
