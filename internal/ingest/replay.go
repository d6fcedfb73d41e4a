package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// ErrDiverged is returned when a resumed replay's log prefix does not hash to
// the digest of the state's checkpoint: the state was built from another log.
var ErrDiverged = errors.New("replay: log prefix does not match the state's checkpoint digest")

// yieldEvery is how many checks a worker runs between yields.
const yieldEvery = 32

// errStopped ends a replay stopped by Options.StopAfter.
var errStopped = errors.New("replay: stopped")

// Options tune a replay. Zero values take the defaults.
type Options struct {
	// Workers run the message-local checks; default GOMAXPROCS.
	Workers int
	// BatchSize is the number of messages per check batch and per Pebble
	// commit; default 1024, at most 65536.
	BatchSize int
	// StopAfter, when non-zero, stops the replay after that many messages of
	// this run have been applied, without committing the partial batch: a
	// crash at that point, for tests.
	StopAfter uint64
	// OnCommit, when set, is called after each committed batch with the
	// batch's outcome (metrics, progress). It runs on the fold goroutine.
	OnCommit func(BatchInfo)
}

// BatchInfo describes one committed batch.
type BatchInfo struct {
	Messages   int
	Accepted   int
	Rejected   map[events.Reason]int
	Checkpoint uint64 // the ledger's position after the batch
	FoldTime   time.Duration
	CommitTime time.Duration
	// Checked are the batch's messages as the checks judged them and
	// Verdicts the fold's verdict for each, in log order (the first at
	// Checkpoint-Messages+1). Neither is modified after the call.
	Checked  []events.Checked
	Verdicts []events.Reason
}

// Stats counts what a replay did.
type Stats struct {
	Skipped  uint64 // messages already folded by the resumed state
	Applied  uint64 // messages folded by this run
	Accepted uint64
	Rejected map[events.Reason]uint64
	Stopped  bool // StopAfter ended the run
}

type batch struct {
	msgs    [][]byte
	checked []events.Checked
	done    chan struct{}
	left    atomic.Int32 // chunks not yet checked
}

// chunk is a slice of a batch for one check worker: a batch is spread over
// every worker, so all cores check even when the source yields one batch
// at a time (a live stream).
type chunk struct {
	b        *batch
	from, to int
}

// Source yields log messages in order; io.EOF ends it.
type Source interface {
	Next() ([]byte, error)
}

// BatchSource yields log messages in order, a batch at a time: NextBatch
// blocks until at least one message is available and returns at most max
// (a live stream returns what has arrived, so a quiet log is still folded
// and committed promptly). io.EOF ends it, possibly with a last batch.
type BatchSource interface {
	NextBatch(ctx context.Context, max int) ([][]byte, error)
}

// Batched adapts a Source that never blocks for long (a file) to a
// BatchSource that fills each batch.
func Batched(src Source) BatchSource { return batched{src} }

type batched struct{ src Source }

func (b batched) NextBatch(_ context.Context, max int) ([][]byte, error) {
	out := make([][]byte, 0, max)
	for len(out) < max {
		m, err := b.src.Next()
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Run folds every message of src into l, committing after each batch. It
// returns when src is exhausted, ctx is cancelled or an error occurs; the
// state is committed up to the last full batch folded (and, at the end of
// src, up to the last message).
func Run(ctx context.Context, l *aggregates.Ledger, src Source, opts Options) (Stats, error) {
	st := Stats{Rejected: map[events.Reason]uint64{}}
	if err := skipFolded(l, src, &st); err != nil {
		return st, err
	}
	return RunBatches(ctx, l, Batched(src), opts, st)
}

// RunBatches folds a BatchSource positioned at the ledger's checkpoint (a
// live stream consumer starts there itself), adding to st.
func RunBatches(ctx context.Context, l *aggregates.Ledger, src BatchSource, opts Options, st Stats) (Stats, error) {
	opts = opts.withDefaults()
	if st.Rejected == nil {
		st.Rejected = map[events.Reason]uint64{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan chunk, opts.Workers*4)
	order := make(chan *batch, opts.Workers*2)
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		readErr = readBatches(ctx, src, opts.BatchSize, opts.Workers, work, order)
	}()
	auth, known := l.Authority(), l.AcceptedCommitted
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				for i := c.from; i < c.to; i++ {
					c.b.checked[i] = auth.CheckKnown(c.b.msgs[i], known)
					if i%yieldEvery == yieldEvery-1 {
						// Checks saturate the cores; yielding lets a live
						// source's delivery chain (several goroutine hand-offs
						// per message) keep the pipeline fed.
						runtime.Gosched()
					}
				}
				if c.b.left.Add(-1) == 0 {
					close(c.b.done)
				}
			}
		}()
	}
	err := fold(ctx, l, order, opts, &st)
	cancel()
	for range order { // drain so the reader can exit
	}
	wg.Wait()
	if errors.Is(err, errStopped) {
		st.Stopped = true
		return st, nil
	}
	if err == nil {
		err = readErr
	}
	return st, err
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1024
	}
	o.BatchSize = min(o.BatchSize, 1<<16)
	return o
}

// skipFolded reads the messages the state already holds and checks that they
// hash to its digest.
func skipFolded(l *aggregates.Ledger, src Source, st *Stats) error {
	var d events.Hash
	for st.Skipped < l.Position() {
		m, err := src.Next()
		if err == io.EOF {
			return fmt.Errorf("%w: the log has %d messages, the state %d", ErrDiverged, st.Skipped, l.Position())
		}
		if err != nil {
			return err
		}
		d = events.NextDigest(d, events.MessageHash(m))
		st.Skipped++
	}
	if d != l.Digest() {
		return ErrDiverged
	}
	return nil
}

func readBatches(ctx context.Context, src BatchSource, size, workers int, work chan<- chunk, order chan<- *batch) error {
	for {
		msgs, err := src.NextBatch(ctx, size)
		b := &batch{msgs: msgs, done: make(chan struct{})}
		if len(b.msgs) > 0 {
			b.checked = make([]events.Checked, len(b.msgs))
			select {
			case order <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			step := (len(b.msgs) + workers - 1) / workers
			b.left.Store(int32((len(b.msgs) + step - 1) / step))
			for from := 0; from < len(b.msgs); from += step {
				select {
				case work <- chunk{b, from, min(from+step, len(b.msgs))}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func fold(ctx context.Context, l *aggregates.Ledger, order <-chan *batch, opts Options, st *Stats) error {
	for b := range order {
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		info := BatchInfo{Messages: len(b.checked), Rejected: map[events.Reason]int{}}
		if opts.OnCommit != nil {
			info.Checked, info.Verdicts = b.checked, make([]events.Reason, len(b.checked))
		}
		start := time.Now()
		for i, c := range b.checked {
			r, err := l.Apply(c)
			if err != nil {
				// The store failed under the fold: an operating error. The
				// batch is not committed (the ledger refuses to), so the
				// state stays at the last commit.
				return fmt.Errorf("replay: fold at %d: %w", l.Position(), err)
			}
			if info.Verdicts != nil {
				info.Verdicts[i] = r
			}
			st.Applied++
			if r == events.Accepted {
				st.Accepted++
				info.Accepted++
			} else {
				st.Rejected[r]++
				info.Rejected[r]++
			}
			if opts.StopAfter > 0 && st.Applied >= opts.StopAfter {
				return errStopped
			}
		}
		info.FoldTime = time.Since(start)
		if err := l.Commit(); err != nil {
			return err
		}
		info.CommitTime, info.Checkpoint = time.Since(start)-info.FoldTime, l.Position()
		if opts.OnCommit != nil {
			opts.OnCommit(info)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Messages is a Source over messages already in memory.
func Messages(msgs [][]byte) Source { return &sliceSource{msgs: msgs} }

type sliceSource struct {
	msgs [][]byte
	i    int
}

func (s *sliceSource) Next() ([]byte, error) {
	if s.i == len(s.msgs) {
		return nil, io.EOF
	}
	s.i++
	return s.msgs[s.i-1], nil
}
