package aggregates

import (
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// gpu is one registered GPU of a node.
type gpu struct {
	UUID     string
	Model    string
	MemMiB   uint64
	Verified bool
}

// node is everything the ledger knows of a node id. It exists from the node's
// first authorization on; jail state survives revocation.
type node struct {
	ID              string
	AuthProvider    string // provider authorizing the key on chain, "" if none
	Registered      bool
	Provider        string // registration's provider while registered
	LastRegProvider string // provider of the last accepted node.registered
	Region          string
	GPUs            []gpu
	FirstRegEpoch   uint64 // epoch of the first accepted registration, 0 if never
	Jailed          bool
	JailUntil       uint64
	Tombstoned      bool
	Penalized       []uint64 // seqs penalized for equivocation, in log order
}

func (n *node) gpu(uuid string) *gpu {
	for i := range n.GPUs {
		if n.GPUs[i].UUID == uuid {
			return &n.GPUs[i]
		}
	}
	return nil
}

func (n *node) penalized(seq uint64) bool {
	for _, s := range n.Penalized {
		if s == seq {
			return true
		}
	}
	return false
}

func (n *node) encode() []byte {
	var w wbuf
	w.s(n.ID)
	w.s(n.AuthProvider)
	w.flag(n.Registered)
	w.s(n.Provider)
	w.s(n.LastRegProvider)
	w.s(n.Region)
	w.u(uint64(len(n.GPUs)))
	for _, g := range n.GPUs {
		w.s(g.UUID)
		w.s(g.Model)
		w.u(g.MemMiB)
		w.flag(g.Verified)
	}
	w.u(n.FirstRegEpoch)
	w.flag(n.Jailed)
	w.u(n.JailUntil)
	w.flag(n.Tombstoned)
	w.u(uint64(len(n.Penalized)))
	for _, s := range n.Penalized {
		w.u(s)
	}
	return w
}

func decodeNode(b []byte) (*node, error) {
	r := rbuf{buf: b}
	n := &node{ID: r.s(), AuthProvider: r.s(), Registered: r.flag(), Provider: r.s(),
		LastRegProvider: r.s(), Region: r.s()}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		n.GPUs = append(n.GPUs, gpu{UUID: r.s(), Model: r.s(), MemMiB: r.u(), Verified: r.flag()})
	}
	n.FirstRegEpoch, n.Jailed, n.JailUntil, n.Tombstoned = r.u(), r.flag(), r.u(), r.flag()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		n.Penalized = append(n.Penalized, r.u())
	}
	return n, r.done()
}

// source is the dedupe summary of one src: its highest accepted seq and the
// gaps seen in its sequence (SPEC §2.3).
type source struct {
	MaxSeq  uint64
	Gaps    uint64 // accepted events that skipped at least one seq
	Missing uint64 // seqs skipped in all
}

func (s *source) encode() []byte {
	var w wbuf
	w.u(s.MaxSeq)
	w.u(s.Gaps)
	w.u(s.Missing)
	return w
}

func decodeSource(b []byte) (*source, error) {
	r := rbuf{buf: b}
	s := &source{MaxSeq: r.u(), Gaps: r.u(), Missing: r.u()}
	return s, r.done()
}

// position is one (staker, provider) stake mirror. Bonded and Unbonding are
// the balances of the accounts bonded:s:p and unbonding:s:p; Snap is bonded
// at the previous epoch.closed (SPEC §5 active stake).
type position struct {
	Bonded    *big.Int
	Unbonding *big.Int
	Snap      *big.Int
	ReleaseAt uint64
}

func newPosition() *position {
	return &position{Bonded: new(big.Int), Unbonding: new(big.Int), Snap: new(big.Int)}
}

func (p *position) encode() []byte {
	var w wbuf
	w.big(p.Bonded)
	w.big(p.Unbonding)
	w.big(p.Snap)
	w.u(p.ReleaseAt)
	return w
}

func decodePosition(b []byte) (*position, error) {
	r := rbuf{buf: b}
	p := &position{Bonded: r.big(), Unbonding: r.big(), Snap: r.big(), ReleaseAt: r.u()}
	return p, r.done()
}

// earner holds an earner's cumulative earnings and the balances of its
// accounts earned:e (earned, not claimed) and claimed:e.
type earner struct {
	Cumulative *big.Int
	Unclaimed  *big.Int
	Claimed    *big.Int
}

func newEarner() *earner {
	return &earner{Cumulative: new(big.Int), Unclaimed: new(big.Int), Claimed: new(big.Int)}
}

func (e *earner) encode() []byte {
	var w wbuf
	w.big(e.Cumulative)
	w.big(e.Unclaimed)
	w.big(e.Claimed)
	return w
}

func decodeEarner(b []byte) (*earner, error) {
	r := rbuf{buf: b}
	e := &earner{Cumulative: r.big(), Unclaimed: r.big(), Claimed: r.big()}
	return e, r.done()
}

// task is an open task. Closed tasks keep only a marker (their id stays used).
type task struct {
	Node      string
	Provider  string
	Scheduler string
	GPUs      []string
}

func (t *task) encode() []byte {
	var w wbuf
	w.s(t.Node)
	w.s(t.Provider)
	w.s(t.Scheduler)
	w.u(uint64(len(t.GPUs)))
	for _, g := range t.GPUs {
		w.s(g)
	}
	return w
}

func decodeTask(b []byte) (*task, error) {
	r := rbuf{buf: b}
	t := &task{Node: r.s(), Provider: r.s(), Scheduler: r.s()}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		t.GPUs = append(t.GPUs, r.s())
	}
	return t, r.done()
}

// provAcc accumulates one provider's tasks in the current epoch. Compute
// holds, per node, Σ gpu_seconds·w_t scaled by computeScale so it stays an
// integer.
//
// A provAcc exists for every provider with a task attributed to it assigned,
// completed or failed in the epoch (SPEC §5's list of providers).
//
// FaultTasks are persisted one key each (pfxFaultTask), not in the record:
// the record is rewritten at every task close of the provider.
type provAcc struct {
	Completed  uint64
	FaultTasks []string // tasks failed with fault = provider, log order (F_p = len)
	Compute    map[string]*big.Int
}

// Faults is F_p.
func (a *provAcc) Faults() uint64 { return uint64(len(a.FaultTasks)) }

func (a *provAcc) encode() []byte {
	var w wbuf
	w.u(a.Completed)
	nodes := sortedKeys(a.Compute)
	w.u(uint64(len(nodes)))
	for _, n := range nodes {
		w.s(n)
		w.big(a.Compute[n])
	}
	return w
}

func decodeProvAcc(b []byte) (*provAcc, error) {
	r := rbuf{buf: b}
	a := &provAcc{Completed: r.u(), Compute: map[string]*big.Int{}}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		n := r.s()
		a.Compute[n] = r.big()
	}
	return a, r.done()
}

// Slash is a slash decided by the ledger (SPEC §6), with its evidence.
type Slash struct {
	ID       string
	Provider string
	Reason   string
	BP       uint64
	Evidence Evidence
}

// epochAcc is the current epoch's record of rejections and decisions.
type epochAcc struct {
	Rejected   map[events.Reason]uint64
	EqvSlashes []Slash           // equivocation slashes, in log order
	Jailed     map[string]uint64 // node → jail_until of its last jail decision
}

func newEpochAcc() *epochAcc {
	return &epochAcc{Rejected: map[events.Reason]uint64{}, Jailed: map[string]uint64{}}
}

func (a *epochAcc) encode() []byte {
	var w wbuf
	reasons := sortedKeys(a.Rejected)
	w.u(uint64(len(reasons)))
	for _, r := range reasons {
		w.s(string(r))
		w.u(a.Rejected[r])
	}
	w.u(uint64(len(a.EqvSlashes)))
	for _, s := range a.EqvSlashes {
		w.s(s.ID)
		w.s(s.Provider)
		w.s(s.Reason)
		w.u(s.BP)
		s.Evidence.encode(&w)
	}
	nodes := sortedKeys(a.Jailed)
	w.u(uint64(len(nodes)))
	for _, n := range nodes {
		w.s(n)
		w.u(a.Jailed[n])
	}
	return w
}

func decodeEpochAcc(b []byte) (*epochAcc, error) {
	r := rbuf{buf: b}
	a := newEpochAcc()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		reason := events.Reason(r.s())
		a.Rejected[reason] = r.u()
	}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		a.EqvSlashes = append(a.EqvSlashes, Slash{ID: r.s(), Provider: r.s(), Reason: r.s(), BP: r.u(), Evidence: r.evidence()})
	}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		n := r.s()
		a.Jailed[n] = r.u()
	}
	return a, r.done()
}

// meta is the fold's position and the network-wide accounts.
type meta struct {
	Position      uint64 // messages folded
	Digest        events.Hash
	LastClosed    uint64
	PrevEndMs     uint64
	External      *big.Int // account external (may be negative)
	Emission      *big.Int // account emission (may be negative)
	Pool          *big.Int // account pool: the last epoch's carry
	Slashed       *big.Int // account slashed (treasury)
	SlashMismatch uint64   // chain.slashed whose amount differed from ours
	ClaimMismatch uint64   // chain.claimed above earnings or below a claim
}

func newMeta() *meta {
	return &meta{External: new(big.Int), Emission: new(big.Int), Pool: new(big.Int), Slashed: new(big.Int)}
}

func (m *meta) encode() []byte {
	var w wbuf
	w.u(m.Position)
	w.bytes(m.Digest[:])
	w.u(m.LastClosed)
	w.u(m.PrevEndMs)
	w.big(m.External)
	w.big(m.Emission)
	w.big(m.Pool)
	w.big(m.Slashed)
	w.u(m.SlashMismatch)
	w.u(m.ClaimMismatch)
	return w
}

func decodeMeta(b []byte) (*meta, error) {
	r := rbuf{buf: b}
	m := &meta{Position: r.u()}
	copy(m.Digest[:], r.bytes())
	m.LastClosed, m.PrevEndMs = r.u(), r.u()
	m.External, m.Emission, m.Pool, m.Slashed = r.big(), r.big(), r.big(), r.big()
	m.SlashMismatch, m.ClaimMismatch = r.u(), r.u()
	return m, r.done()
}
