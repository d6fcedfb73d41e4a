package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/events"
)

// Sink receives the watcher's signed chain events in chain order.
type Sink interface {
	// Publish appends one event to the log and returns once the log holds
	// it; a duplicate of an event already held counts as held.
	Publish(ctx context.Context, ev *events.Event, msg []byte) error
}

// Position is the last block whose logs have all been published.
type Position struct {
	Block uint64      `json:"block"`
	Hash  common.Hash `json:"hash"`
}

// Cursor persists the watcher's position.
type Cursor interface {
	Load() (Position, bool, error)
	Save(Position) error
}

// FileCursor keeps the position in a JSON file, replaced atomically.
type FileCursor string

// Load reads the position; ok is false when the file does not exist.
func (f FileCursor) Load() (Position, bool, error) {
	var p Position
	b, err := os.ReadFile(string(f))
	if errors.Is(err, os.ErrNotExist) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("chain: cursor: %w", err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, false, fmt.Errorf("chain: cursor %s: %w", string(f), err)
	}
	return p, true, nil
}

// Save writes the position durably.
func (f FileCursor) Save(p Position) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return writeFileAtomic(string(f), append(b, '\n'))
}

// Finality selects how the watcher decides a block is final (SPEC §10.4).
type Finality int

const (
	// FinalityAuto uses the node's `finalized` block when it reports one,
	// else Confirmations.
	FinalityAuto Finality = iota
	// FinalityConfirmations always uses head − Confirmations.
	FinalityConfirmations
)

// Watcher errors.
var (
	// ErrFinalityViolated: a block the watcher treated as final (and
	// published) is no longer canonical. The watcher stops: the log cannot
	// take events back, an operator must look.
	ErrFinalityViolated = errors.New("chain: a published block was reorganized away")
	// ErrUnrepresentable: a log SPEC §4.3 cannot express (log index ≥ 100000).
	ErrUnrepresentable = errors.New("chain: log not representable as a chain event")
)

// WatcherConfig configures a Watcher.
type WatcherConfig struct {
	Backend       Backend
	Addresses     Addresses
	Key           nkeys.KeyPair // the ledger key; signs every chain event
	Sink          Sink
	Cursor        Cursor
	Finality      Finality
	Confirmations uint64        // default 12
	Poll          time.Duration // default 2s
	MaxRange      uint64        // blocks per log query, default 1000
	Log           *slog.Logger
}

// Watcher turns final contract logs into chain events.
type Watcher struct {
	cfg       WatcherConfig
	decoders  map[common.Hash]func(*types.Log) (events.Body, error)
	topics    []common.Hash
	published atomic.Uint64
	final     atomic.Uint64
	position  atomic.Uint64
}

// NewWatcher validates cfg and returns a watcher.
func NewWatcher(cfg WatcherConfig) (*Watcher, error) {
	if cfg.Backend == nil || cfg.Key == nil || cfg.Sink == nil || cfg.Cursor == nil {
		return nil, errors.New("chain: watcher needs a backend, a key, a sink and a cursor")
	}
	if cfg.Confirmations == 0 {
		cfg.Confirmations = 12
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.MaxRange == 0 {
		cfg.MaxRange = 1000
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	w := &Watcher{cfg: cfg, decoders: map[common.Hash]func(*types.Log) (events.Body, error){}}
	w.register()
	return w, nil
}

// Stats are the watcher's counters.
type Stats struct {
	Published uint64 // events handed to the sink since start
	Final     uint64 // last final block seen
	Position  uint64 // last block fully published
}

// Stats returns the counters.
func (w *Watcher) Stats() Stats {
	return Stats{Published: w.published.Load(), Final: w.final.Load(), Position: w.position.Load()}
}

// Run steps until ctx ends or an error that needs an operator.
func (w *Watcher) Run(ctx context.Context) error {
	for {
		_, err := w.Step(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrFinalityViolated), errors.Is(err, ErrUnrepresentable):
			return err
		case err != nil:
			w.cfg.Log.Warn("chain watcher: retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(w.cfg.Poll):
		}
	}
}

// Step publishes the logs of every block from the cursor up to the current
// final block and returns how many events it published.
func (w *Watcher) Step(ctx context.Context) (int, error) {
	pos, ok, err := w.cfg.Cursor.Load()
	if err != nil {
		return 0, err
	}
	if !ok {
		pos = Position{}
		if w.cfg.Addresses.DeployBlock > 0 {
			pos.Block = w.cfg.Addresses.DeployBlock - 1
		}
	}
	if pos.Hash != (common.Hash{}) {
		h, err := w.cfg.Backend.HeaderByNumber(ctx, new(big.Int).SetUint64(pos.Block))
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		if h.Hash() != pos.Hash {
			return 0, fmt.Errorf("%w: block %d was %s when published, is now %s", ErrFinalityViolated, pos.Block, pos.Hash.Hex(), h.Hash().Hex())
		}
	}
	w.position.Store(pos.Block)
	final, err := w.Final(ctx)
	if err != nil {
		return 0, err
	}
	w.final.Store(final)
	n := 0
	for from := pos.Block + 1; from <= final; {
		to := min(from+w.cfg.MaxRange-1, final)
		k, err := w.publishRange(ctx, from, to)
		n += k
		if err != nil {
			return n, err
		}
		from = to + 1
	}
	return n, nil
}

// Final is the number of the newest final block.
func (w *Watcher) Final(ctx context.Context) (uint64, error) {
	return FinalBlock(ctx, w.cfg.Backend, w.cfg.Finality, w.cfg.Confirmations)
}

func (w *Watcher) publishRange(ctx context.Context, from, to uint64) (int, error) {
	logs, err := w.cfg.Backend.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from),
		ToBlock:   new(big.Int).SetUint64(to),
		Addresses: []common.Address{w.cfg.Addresses.Staking, w.cfg.Addresses.Rewards},
		Topics:    [][]common.Hash{w.topics},
	})
	if err != nil {
		return 0, fmt.Errorf("%w: logs %d..%d: %w", ErrUnreachable, from, to, err)
	}
	times := map[uint64]uint64{}
	n := 0
	for i := range logs {
		lg := &logs[i]
		if lg.Removed || lg.BlockNumber < from || lg.BlockNumber > to {
			return n, fmt.Errorf("chain: node returned log %d of block %d outside %d..%d", lg.Index, lg.BlockNumber, from, to)
		}
		ev, err := w.event(ctx, lg, times)
		if err != nil {
			return n, err
		}
		msg, err := events.SignEncode(ev, w.cfg.Key)
		if err != nil {
			return n, fmt.Errorf("chain: sign: %w", err)
		}
		if err := w.cfg.Sink.Publish(ctx, ev, msg); err != nil {
			return n, fmt.Errorf("chain: publish %s: %w", ev.ID(), err)
		}
		n++
		w.published.Add(1)
	}
	h, err := w.cfg.Backend.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return n, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if err := w.cfg.Cursor.Save(Position{Block: to, Hash: h.Hash()}); err != nil {
		return n, err
	}
	w.position.Store(to)
	return n, nil
}

// event builds the chain event of one log; every field comes from the log
// and its block, so rebuilding it gives the same bytes.
func (w *Watcher) event(ctx context.Context, lg *types.Log, times map[uint64]uint64) (*events.Event, error) {
	if lg.Index >= events.MaxLogIndex {
		return nil, fmt.Errorf("%w: block %d log %d", ErrUnrepresentable, lg.BlockNumber, lg.Index)
	}
	decode, ok := w.decoders[lg.Topics[0]]
	if !ok {
		return nil, fmt.Errorf("chain: unexpected log topic %s", lg.Topics[0].Hex())
	}
	body, err := decode(lg)
	if err != nil {
		return nil, fmt.Errorf("chain: block %d log %d: %w", lg.BlockNumber, lg.Index, err)
	}
	ref := events.ChainRef{Tx: lg.TxHash.Hex(), Block: lg.BlockNumber, Log: uint64(lg.Index)}
	events.SetChainRef(body, ref)
	ts, ok := times[lg.BlockNumber]
	if !ok {
		h, err := w.cfg.Backend.HeaderByNumber(ctx, new(big.Int).SetUint64(lg.BlockNumber))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		if h.Hash() != lg.BlockHash {
			return nil, fmt.Errorf("%w: log of block %d from %s, canonical is %s", ErrFinalityViolated, lg.BlockNumber, lg.BlockHash.Hex(), h.Hash().Hex())
		}
		ts = h.Time
		times[lg.BlockNumber] = ts
	}
	return &events.Event{
		Type: body.EventType(), Src: events.ChainSrc, Seq: ref.ChainSeq(),
		TimeMs: int64(ts) * 1000, Body: body,
	}, nil
}

// hexAddr writes a chain address in SPEC §1's form for an event body.
func hexAddr(a common.Address) string { return events.Address(a).String() }

// register maps each watched event's topic to its decoder.
func (w *Watcher) register() {
	st, rw := bindings.NewSwarmStaking(), bindings.NewSwarmRewards()
	sa, ra := st.GetABI(), rw.GetABI()
	add := func(a abi.ABI, name string, f func(*types.Log) (events.Body, error)) {
		id := a.Events[name].ID
		w.decoders[id] = f
		w.topics = append(w.topics, id)
	}
	add(sa, "NodeAuthorized", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackNodeAuthorizedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.NodeAuthBody{Provider: hexAddr(e.Provider), Node: NodeID(e.NodeKey)}, nil
	})
	add(sa, "NodeRevoked", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackNodeRevokedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.NodeAuthBody{Revoked: true, Provider: hexAddr(e.Provider), Node: NodeID(e.NodeKey)}, nil
	})
	add(sa, "Bonded", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackBondedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.StakeBody{Kind: events.ChainBonded, Staker: hexAddr(e.Staker), Provider: hexAddr(e.Provider), Amount: e.Amount}, nil
	})
	add(sa, "UnbondRequested", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackUnbondRequestedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.StakeBody{Kind: events.ChainUnbondRequested, Staker: hexAddr(e.Staker), Provider: hexAddr(e.Provider), Amount: e.Amount, ReleaseAt: e.ReleaseAt}, nil
	})
	add(sa, "Withdrawn", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackWithdrawnEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.StakeBody{Kind: events.ChainWithdrawn, Staker: hexAddr(e.Staker), Provider: hexAddr(e.Provider), Amount: e.Amount}, nil
	})
	add(sa, "Slashed", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackSlashedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.SlashedBody{Provider: hexAddr(e.Provider), BP: uint64(e.Bp), Evidence: common.Hash(e.Evidence).Hex(), Amount: e.Amount}, nil
	})
	add(sa, "SlashProposed", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackSlashProposedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.SlashProposedBody{Provider: hexAddr(e.Provider), BP: uint64(e.Bp), Evidence: common.Hash(e.Evidence).Hex(), ExecutableAt: e.ExecutableAt}, nil
	})
	add(sa, "SlashVetoed", func(l *types.Log) (events.Body, error) {
		e, err := st.UnpackSlashVetoedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.SlashVetoedBody{Evidence: common.Hash(e.Evidence).Hex()}, nil
	})
	add(ra, "Claimed", func(l *types.Log) (events.Body, error) {
		e, err := rw.UnpackClaimedEvent(l)
		if err != nil {
			return nil, err
		}
		return &events.ClaimedBody{Earner: hexAddr(e.Earner), Amount: e.Amount, Cumulative: e.Cumulative}, nil
	})
}
