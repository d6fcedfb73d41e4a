package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
)

// backend serves the simulated chain to the real chain.Watcher. The
// watcher reads only block numbers, headers and logs; every other method of
// chain.Backend is left to the nil embedded interface and panics if called.
type backend struct {
	chain.Backend
	c *chainSim
}

func (b backend) BlockNumber(context.Context) (uint64, error) { return b.c.headNumber(), nil }

func (b backend) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	if n == nil {
		return types.CopyHeader(b.c.head().header), nil
	}
	if n.Sign() < 0 || !n.IsUint64() || n.Uint64() > b.c.headNumber() {
		return nil, ethereum.NotFound
	}
	return types.CopyHeader(b.c.blocks[n.Uint64()].header), nil
}

func (b backend) FilterLogs(_ context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	from, to := uint64(0), b.c.headNumber()
	if q.FromBlock != nil {
		from = q.FromBlock.Uint64()
	}
	if q.ToBlock != nil {
		to = min(to, q.ToBlock.Uint64())
	}
	var out []types.Log
	for n := from; n <= to && n <= b.c.headNumber(); n++ {
		for _, lg := range b.c.blocks[n].logs {
			if matches(q, &lg) {
				out = append(out, lg)
			}
		}
	}
	return out, nil
}

func matches(q ethereum.FilterQuery, lg *types.Log) bool {
	if len(q.Addresses) > 0 && !slices.Contains(q.Addresses, lg.Address) {
		return false
	}
	for i, set := range q.Topics {
		if len(set) > 0 && (i >= len(lg.Topics) || !slices.Contains(set, lg.Topics[i])) {
			return false
		}
	}
	return true
}

// memCursor is the watcher's persisted position (the replicated KV entry).
type memCursor struct {
	pos chain.Position
	ok  bool
}

func (c *memCursor) Load() (chain.Position, bool, error) { return c.pos, c.ok, nil }

func (c *memCursor) Save(p chain.Position) error {
	c.pos, c.ok = p, true
	return nil
}

// errNoAck is a publish whose PubAck never came back (stored or not).
var errNoAck = errors.New("sim: no PubAck")

// sink publishes the watcher's events to the stream under their event id,
// with the same faults as every publisher.
type sink struct{ w *world }

func (s sink) Publish(_ context.Context, ev *events.Event, msg []byte) error {
	if err := s.w.checkPublishedFinal(ev); err != nil {
		return err
	}
	if !s.w.publishOnce(&s.w.watch.out, pubMsg{msgID: ev.ID(), data: msg}) {
		return fmt.Errorf("publish %s: %w", ev.ID(), errNoAck)
	}
	return nil
}

// checkPublishedFinal checks that a chain event names a log of a final
// canonical block.
func (w *world) checkPublishedFinal(ev *events.Event) error {
	ref, ok := events.ChainRefOf(ev.Body)
	if !ok || ref.Block > w.chain.final() {
		return w.fail(CheckFinality, "%s from block %d published with the final block at %d", ev.ID(), ref.Block, w.chain.final())
	}
	logs := w.chain.blocks[ref.Block].logs
	if ref.Log >= uint64(len(logs)) || logs[ref.Log].TxHash.Hex() != ref.Tx {
		return w.fail(CheckFinality, "%s names no log of canonical block %d", ev.ID(), ref.Block)
	}
	return nil
}

// watcher is the ledger leader's chain watcher: the real chain.Watcher on
// the simulated chain.
type watcher struct {
	w      *chain.Watcher
	cursor *memCursor
	out    outbox // its connection's partition state (the queue stays empty)
}

func newWatcher(w *world) *watcher {
	wt := &watcher{cursor: &memCursor{}}
	wt.w = w.newChainWatcher(wt.cursor)
	return wt
}

func (w *world) newChainWatcher(c chain.Cursor) *chain.Watcher {
	cw, err := chain.NewWatcher(chain.WatcherConfig{
		Backend:   backend{c: w.chain},
		Addresses: chain.Addresses{ChainID: 1337, Staking: w.chain.staking, Rewards: w.chain.rewards, DeployBlock: 1},
		Key:       w.ledgerKey, Sink: sink{w}, Cursor: c,
		Finality: chain.FinalityConfirmations, Confirmations: confirmations,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		panic(err) // the configuration above is complete
	}
	return cw
}

// watchStep runs one watcher step. A failed publish is retried at the next
// step, from the cursor, as the real loop does.
func (w *world) watchStep() error {
	_, err := w.watch.w.Step(context.Background())
	var f *Failure
	switch {
	case err == nil, errors.Is(err, errNoAck):
		return nil
	case errors.As(err, &f):
		return f
	case errors.Is(err, chain.ErrFinalityViolated):
		return w.fail(CheckFinality, "chain watcher: %w", err)
	}
	return w.fail(CheckRun, "chain watcher: %w", err)
}

// watcherRestart replaces the watcher (a new leader). Rarely its cursor is
// lost, and it republishes every final log from the deploy block: the
// stream drops what is inside the window, the ledger the rest.
func (w *world) watcherRestart() {
	if w.chance(100) {
		w.watch.cursor.pos, w.watch.cursor.ok = chain.Position{}, false
		w.res.CursorLosses++
	}
	w.watch.w = w.newChainWatcher(w.watch.cursor)
}
