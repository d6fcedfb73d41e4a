package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/settlement"
)

// settler is the leader's settlement loop: the real settlement.Settler,
// stepped by the world on the committed view of the real ledger, appending
// to the stream model through its fence and sending its transactions to
// the simulated chain (contracts). It never waits: a fold that has not
// caught up, a lost publish or a transaction not mined yet ends its step
// with an error the next step recovers from, as a real step does after a
// timeout.
type settler struct {
	s   *settlement.Settler
	out outbox // its connection's partition state
	// last is the last append it tried, and the head it was fenced on: a
	// deposed leader retries it (staleLeader).
	last     *pubMsg
	lastHead uint64
}

func newSettler(w *world) *settler {
	var k settlement.Contracts = contracts{w.chain}
	if w.cfg.Hooks.Contracts != nil {
		k = w.cfg.Hooks.Contracts(k)
	}
	st, err := settlement.New(settlement.Config{
		Ledger: simLedger{w}, EventLog: simLog{w}, LedgerKey: w.ledgerKey, Contracts: k,
		EpochLength: epochMs * time.Millisecond, FoldWait: settlement.NoWait,
		Now: func() time.Time { return time.UnixMilli(int64(w.now)) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		panic(err) // the configuration above is complete
	}
	return &settler{s: st}
}

// settle is one settlement step on the ledger's committed view (none while
// the ledger is down: the settler waits for it). What a step may meet in a
// faulty world is retried by the next; anything else (a root conflict, the
// chain behind the ledger, a rejected event) is a failure.
func (w *world) settle() error {
	if w.ledger.l == nil {
		return nil
	}
	if err := unexpectedSettle(w.settler.s.Step(context.Background())); err != nil {
		return w.fail(CheckRun, "settler: %w", err)
	}
	return nil
}

// errNotMined is a transaction not in a canonical block (yet, or any more
// after a reorg dropped it).
var errNotMined = errors.New("sim: transaction not mined")

// unexpectedSettle returns the first error of a settler step that a faulty
// world does not explain, nil if there is none.
func unexpectedSettle(err error) error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if u := unexpectedSettle(e); u != nil {
				return u
			}
		}
		return nil
	}
	var rev *chain.RevertError
	switch {
	case errors.Is(err, settlement.ErrFoldBehind), errors.Is(err, settlement.ErrFenced),
		errors.Is(err, errNoAck), errors.Is(err, errNotMined), errors.As(err, &rev):
		return nil
	}
	return err
}

// simLedger is the settler's read of the ledger process's committed state.
type simLedger struct{ w *world }

func (l simLedger) View() aggregates.View { return l.w.ledger.l.View() }

func (l simLedger) CommittedEpoch(k uint64) (*aggregates.EpochRecord, error) {
	return l.w.ledger.l.CommittedEpoch(k)
}

// simLog is the settler's connection to the stream: appends fenced on the
// ledger head, with the publish faults every publisher has.
type simLog struct{ w *world }

func (s simLog) LedgerHead(context.Context) (uint64, error) { return s.w.stream.ledgerHead, nil }

func (s simLog) Append(_ context.Context, ev *events.Event, msg []byte, head uint64) (uint64, error) {
	m := pubMsg{msgID: ev.ID(), data: msg}
	s.w.settler.last, s.w.settler.lastHead = &m, head
	return s.w.appendFenced(m, head)
}

// appendFenced is one fenced publish of a ledger event: lost on the way
// (or cut off), refused by the fence, or stored.
func (w *world) appendFenced(m pubMsg, head uint64) (uint64, error) {
	if w.now < w.settler.out.blockedUntil || (!w.quiet && w.chance(50)) {
		w.res.LostPublishes++
		return 0, fmt.Errorf("append %s: %w", m.msgID, errNoAck)
	}
	seq, err := w.stream.appendFenced(w.now, m.msgID, m.data, head)
	if errors.Is(err, errFenced) {
		w.res.Fenced++
		return 0, fmt.Errorf("%w: %w", settlement.ErrFenced, err)
	}
	return seq, err
}

// staleLeader is a deposed leader retrying its last append with the head
// it read then: the fence (or the duplicate window) must stop it.
func (w *world) staleLeader() {
	if s := w.settler; s.last != nil {
		w.appendFenced(*s.last, s.lastHead) //nolint:errcheck // whatever the outcome, the checks judge the log
	}
}

// contracts is the simulated chain as the settler sees it
// (settlement.Contracts): reads at the head or at a block, transactions
// into the mempool, receipts once mined. A send the contract would refuse
// against the pending state (the head and the mempool, as gas estimation
// sees it) returns the contract's error, as chain.Client's does.
type contracts struct{ c *chainSim }

func (k contracts) LastEpoch(context.Context) (uint64, error) {
	return uint64(len(k.c.state().roots)), nil
}

// FindRootSubmitted reads the RootSubmitted logs with the chain package's
// own search and decoder.
func (k contracts) FindRootSubmitted(ctx context.Context, epoch, from uint64) (chain.RootRecord, error) {
	return chain.FindRootSubmitted(ctx, backend{c: k.c}, chain.Addresses{Rewards: k.c.rewards, DeployBlock: 1}, epoch, from)
}

func (k contracts) SlashOfAt(_ context.Context, evidence [32]byte, block *big.Int) (chain.SlashRecord, error) {
	n := k.c.headNumber()
	if block != nil {
		if !block.IsUint64() || block.Uint64() > n {
			return chain.SlashRecord{}, fmt.Errorf("%w: block %s is not mined", chain.ErrUnreachable, block)
		}
		n = block.Uint64()
	}
	r := k.c.blocks[n].state.slashes[evidence]
	if r.state == chain.SlashNone {
		return chain.SlashRecord{}, nil
	}
	return chain.SlashRecord{Provider: addr(r.provider), BP: uint16(r.bp), ExecutableAt: r.executableAt, State: r.state}, nil
}

func (k contracts) FinalBlock(context.Context) (uint64, error) { return k.c.final(), nil }

func (k contracts) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	return backend{c: k.c}.HeaderByNumber(ctx, n)
}

func (k contracts) SubmitRoot(_ context.Context, a aggregates.Anchor) (*types.Transaction, error) {
	return k.send(&tx{kind: txSubmitRoot, from: "settler", epoch: a.Epoch, root: common.Hash(a.Root),
		total: a.TotalCumulative, digest: common.Hash(a.EventsDigest)}, "NonConsecutiveEpoch")
}

func (k contracts) ProposeSlash(_ context.Context, provider common.Address, bp uint16, evidence [32]byte) (*types.Transaction, error) {
	return k.send(&tx{kind: txProposeSlash, from: "settler", provider: events.Address(provider).String(), bp: uint64(bp), evidence: evidence}, "EvidenceUsed")
}

func (k contracts) ExecuteSlash(_ context.Context, evidence [32]byte) (*types.Transaction, error) {
	return k.send(&tx{kind: txExecuteSlash, from: "settler", evidence: evidence}, "SlashNotProposed")
}

// send puts t in the mempool, or, when the contracts would refuse it
// against the pending state, returns the revert named revert, as
// chain.Client's sends do.
func (k contracts) send(t *tx, revert string) (*types.Transaction, error) {
	if k.c.refused(t) {
		return nil, &chain.RevertError{Name: revert}
	}
	return k.c.submit(t), nil
}

// Wait returns the receipt of a transaction in a canonical block; one in
// the mempool, or dropped by a reorg, is errNotMined: the next step looks
// again.
func (k contracts) Wait(_ context.Context, t *types.Transaction) (*types.Receipt, error) {
	h := t.Hash()
	for n := k.c.headNumber(); n > 0; n-- {
		b := k.c.blocks[n]
		for i, bt := range b.txs {
			if bt.hash != h {
				continue
			}
			if b.reverted[h] {
				return nil, fmt.Errorf("%w: transaction %s in block %d", chain.ErrReverted, h.Hex(), n)
			}
			return &types.Receipt{Status: types.ReceiptStatusSuccessful, TxHash: h, BlockHash: b.hash,
				BlockNumber: new(big.Int).SetUint64(n), TransactionIndex: uint(i)}, nil
		}
	}
	return nil, fmt.Errorf("%w: %s", errNotMined, h.Hex())
}

// chainUser is a provider or staker sending a transaction, or an earner
// claiming.
func (w *world) chainUser() {
	switch r := w.pick(40); {
	case r < 10:
		s := w.stakers[w.pick(len(w.stakers))]
		w.chain.submit(&tx{kind: txBond, from: s, provider: w.providers[w.pick(len(w.providers))], amount: chain.Swarm(100 + w.rng.Int64N(1500))})
	case r < 18:
		w.unbond()
	case r < 26:
		s := w.stakers[w.pick(len(w.stakers))]
		w.chain.submit(&tx{kind: txWithdraw, from: s, provider: w.providers[w.pick(len(w.providers))]})
	case r < 34:
		w.authorize()
	case r < 35:
		a := w.agents[w.pick(len(w.agents))]
		w.chain.submit(&tx{kind: txRevoke, from: a.provider, node: a.key})
	default:
		w.claim()
	}
}

// authorize has a provider authorize one of its nodes that holds no
// authorization at the head.
func (w *world) authorize() {
	var idle []*agent
	for _, a := range w.agents {
		pending := w.chain.pending(func(t *tx) bool { return t.kind == txAuthorize && t.node == a.key })
		if w.chain.state().auth[a.key] == "" && !pending {
			idle = append(idle, a)
		}
	}
	if len(idle) > 0 {
		a := idle[w.pick(len(idle))]
		w.chain.submit(&tx{kind: txAuthorize, from: a.provider, node: a.key})
	}
}

// unbond requests part of a position the staker holds at the head.
func (w *world) unbond() {
	s := w.stakers[w.pick(len(w.stakers))]
	p := w.providers[w.pick(len(w.providers))]
	bonded := amountOf(w.chain.state().bonded, stakeKey{staker: s, provider: p})
	if bonded.Sign() == 0 {
		return
	}
	amount := new(big.Int).Quo(bonded, big.NewInt(int64(2+w.pick(4))))
	w.chain.submit(&tx{kind: txUnbond, from: s, provider: p, amount: amount})
}

// claim has an earner of the newest final root claim its cumulative.
func (w *world) claim() {
	l, st := w.ledger.l, w.chain.state()
	k := uint64(len(st.roots))
	if l == nil || k == 0 || st.roots[k-1] > w.chain.final() {
		return
	}
	rec, err := l.CommittedEpoch(k)
	if err != nil {
		return
	}
	r, err := rec.Decoded()
	if err != nil || len(r.Earners) == 0 {
		return
	}
	e := r.Earners[w.pick(len(r.Earners))]
	cum, ok := new(big.Int).SetString(e.Cumulative, 10)
	if !ok {
		return
	}
	if prev := st.claimed[e.Address]; prev != nil && cum.Cmp(prev) <= 0 {
		return
	}
	w.chain.submit(&tx{kind: txClaim, from: e.Address, epoch: k, cumulative: cum})
}
