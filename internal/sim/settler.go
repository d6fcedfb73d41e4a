package sim

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/settlement"
)

// settler is the leader's settlement loop as settlement.Settler runs it,
// modeled here because the real one needs a transacting chain client:
// epoch.closed on the epoch grid and epoch.anchored once the epoch's root
// is final, each derived from the committed view (seq = LedgerSeq + 1) and
// appended fenced on the stream's ledger head after the fold caught up
// with it; decided slashes sent once per evidence.
type settler struct {
	id         string
	sinceMs    uint64
	out        outbox // its connection's partition state
	anchorHint uint64
	reports    map[uint64]*aggregates.Report // closed epochs' reports never change
	last       *pubMsg                       // the last append tried, and its head
	lastHead   uint64
}

func newSettler(w *world) *settler {
	return &settler{id: publicID(w.ledgerKey), sinceMs: genesisMs, anchorHint: 1, reports: map[uint64]*aggregates.Report{}}
}

// nextClose is settlement's nextClose: the close of the current epoch on
// the epoch grid, and whether it is due.
func (s *settler) nextClose(v aggregates.View, now uint64) (*events.EpochClosedBody, bool) {
	const length = epochMs
	grid := now / length * length
	k := v.LastClosed + 1
	if k == 1 {
		first := (s.sinceMs/length + 1) * length
		end := max(first, grid)
		return &events.EpochClosedBody{Epoch: 1, StartMs: end - min(length, end), EndMs: end}, now >= first
	}
	start := v.PrevEndMs
	end := max(start+length, grid)
	return &events.EpochClosedBody{Epoch: k, StartMs: start, EndMs: end}, now >= start+length
}

// settle is one settlement step on the ledger's committed view.
func (w *world) settle() error {
	l := w.ledger.l
	if l == nil {
		return nil
	}
	w.closeDue(l)
	if err := w.anchorNext(l); err != nil {
		return err
	}
	return w.executeSlashes(l)
}

func (w *world) closeDue(l *aggregates.Ledger) {
	w.appendLedger(l, func(v aggregates.View) (events.Body, int64) {
		b, due := w.settler.nextClose(v, w.now)
		if !due {
			return nil, 0
		}
		return b, int64(b.EndMs)
	})
}

// appendLedger is settlement's appendLedgerEvent: read the stream's ledger
// head, wait until the fold has committed it (here: leave it to a later
// step), decide on that view, and append the signed event (seq =
// LedgerSeq + 1) fenced on that head.
func (w *world) appendLedger(l *aggregates.Ledger, decide func(aggregates.View) (events.Body, int64)) {
	head, v := w.stream.ledgerHead, l.View()
	if v.Position < head {
		return
	}
	body, timeMs := decide(v)
	if body == nil {
		return
	}
	s := w.settler
	ev := &events.Event{Type: body.EventType(), Src: s.id, Seq: v.LedgerSeq + 1, TimeMs: timeMs, Body: body}
	m := pubMsg{msgID: ev.ID(), data: sign(ev, w.ledgerKey)}
	s.last, s.lastHead = &m, head
	w.appendFenced(m, head)
}

func (w *world) appendFenced(m pubMsg, head uint64) {
	if w.now < w.settler.out.blockedUntil || (!w.quiet && w.chance(50)) {
		w.res.LostPublishes++
		return
	}
	if _, err := w.stream.appendFenced(w.now, m.msgID, m.data, head); errors.Is(err, errFenced) {
		w.res.Fenced++
	}
}

// staleLeader is a deposed leader retrying its last append with the head
// it read then: the fence (or the duplicate window) must stop it.
func (w *world) staleLeader() {
	if s := w.settler; s.last != nil {
		w.appendFenced(*s.last, s.lastHead)
	}
}

// anchorNext brings the lowest unanchored closed epoch one step further:
// submit its root, or, once the root is final, append epoch.anchored.
func (w *world) anchorNext(l *aggregates.Ledger) error {
	s := w.settler
	for k := s.anchorHint; k <= l.View().LastClosed; k++ {
		rec, err := l.CommittedEpoch(k)
		if err != nil {
			return fmt.Errorf("settler: epoch %d: %w", k, err)
		}
		if rec.Anchored {
			s.anchorHint = k + 1
			continue
		}
		w.anchorEpoch(l, rec)
		return nil
	}
	return nil
}

func (w *world) anchorEpoch(l *aggregates.Ledger, rec *aggregates.EpochRecord) {
	k, st := rec.Epoch, w.chain.state()
	if uint64(len(st.roots))+1 == k {
		if !w.chain.pending(func(t *tx) bool { return t.kind == txSubmitRoot && t.epoch == k }) {
			w.chain.submit(&tx{kind: txSubmitRoot, from: "settler", epoch: k, root: common.Hash(rec.Root)})
		}
		return
	}
	if uint64(len(st.roots)) < k || st.roots[k-1].block > w.chain.final() {
		return
	}
	rr := st.roots[k-1]
	hdr := w.chain.blocks[rr.block].header
	w.appendLedger(l, func(aggregates.View) (events.Body, int64) {
		if cur, err := l.CommittedEpoch(k); err != nil || cur.Anchored {
			return nil, 0
		}
		return &events.EpochAnchoredBody{Epoch: k, Root: rec.Root.String(), Tx: rr.tx.Hex(), Block: rr.block}, int64(hdr.Time) * 1000
	})
}

// report returns closed epoch k's committed report.
func (s *settler) report(l *aggregates.Ledger, k uint64) (*aggregates.Report, error) {
	if r, ok := s.reports[k]; ok {
		return r, nil
	}
	rec, err := l.CommittedEpoch(k)
	if err != nil {
		return nil, fmt.Errorf("settler: epoch %d: %w", k, err)
	}
	r, err := rec.Decoded()
	if err != nil {
		return nil, fmt.Errorf("settler: %w", err)
	}
	s.reports[k] = r
	return r, nil
}

// executeSlashes sends every decided slash whose evidence is neither used
// at the head nor pending.
func (w *world) executeSlashes(l *aggregates.Ledger) error {
	for k := uint64(1); k <= l.View().LastClosed; k++ {
		r, err := w.settler.report(l, k)
		if err != nil {
			return err
		}
		for _, sl := range r.Slashes {
			w.slash(sl)
		}
	}
	return nil
}

func (w *world) slash(sl aggregates.ReportSlash) {
	ev := common.Hash(settlement.Evidence(sl.ID))
	used := w.chain.state().evidence[ev] || w.chain.pending(func(t *tx) bool { return t.kind == txSlash && t.evidence == ev })
	if sl.BP == 0 || used {
		return
	}
	w.chain.submit(&tx{kind: txSlash, from: "settler", provider: sl.Provider, bp: sl.BP, evidence: ev})
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
	if l == nil || k == 0 || st.roots[k-1].block > w.chain.final() {
		return
	}
	r, err := w.settler.report(l, k)
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
