package aggregates

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/swarm-ledger/swarm/events"
)

// Apply folds one checked message (events.Authority.Check) into the state:
// it advances the digest and position, runs the stateful checks of SPEC
// §2.3 and §4 in order, and applies the event's effects when it is
// accepted. It returns the rejection reason, or events.Accepted.
//
// A store failure under the fold is returned as an error wrapping ErrStore
// (no reason then): the event is left half applied in memory, so the Ledger
// refuses every later Apply and Commit; close it and open the store again to
// resume from the last commit.
func (l *Ledger) Apply(c events.Checked) (r events.Reason, err error) {
	if l.failed != nil {
		return "", l.failed
	}
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(storeFault)
			if !ok {
				panic(p)
			}
			l.failed = f.err
			r, err = "", f.err
		}
	}()
	l.meta.Position++
	l.meta.Digest = events.NextDigest(l.meta.Digest, c.Hash)
	r = c.Reason
	if r == events.Accepted {
		r = l.applyChecked(c)
	}
	if r != events.Accepted {
		l.epoch.Rejected[r]++
		l.epochDirty = true
	}
	l.journal(r)
	return r, nil
}

// ApplyMessage checks and applies one message on the calling goroutine. A
// message identical to an event accepted before (folded or pending) skips
// its signature verification: it is a duplicate.
func (l *Ledger) ApplyMessage(msg []byte) (events.Reason, error) {
	return l.Apply(l.auth.CheckKnown(msg, l.acceptedWith))
}

// acceptedWith is a KnownFunc over the state as folded so far, committed or
// not; only the fold goroutine may call it. A store error answers false:
// the message is then verified, and Apply meets the error itself.
func (l *Ledger) acceptedWith(src string, seq uint64, h events.Hash) bool {
	if s := l.sources[src]; s == nil || seq > s.MaxSeq {
		return false
	}
	v, ok, err := l.read(pfxEventID + events.ID(src, seq))
	return err == nil && ok && bytes.Equal(v, h[:])
}

// AcceptedCommitted is an events.KnownFunc over the committed state: it
// reports whether the committed state holds event src/seq accepted with
// message hash h. It is safe for concurrent use while the fold runs (the
// parallel checks of a replay call it), and a true answer stays true:
// accepted ids are never removed. A seq above the highest its source ever
// reached in this process (new events, the normal case) is answered from
// memory; only a seq at or below it costs a store read.
func (l *Ledger) AcceptedCommitted(src string, seq uint64, h events.Hash) bool {
	if seq > l.seen.max(src) {
		return false
	}
	v, ok, err := l.committedGet(pfxEventID + events.ID(src, seq))
	return err == nil && ok && bytes.Equal(v, h[:])
}

// seenSeqs is, per source, the highest seq the ledger accepted or loaded in
// this process: never lower than the committed one (a fold that is rolled
// back and reloaded leaves it higher, which costs only store reads). Safe
// for concurrent use.
type seenSeqs struct{ m sync.Map } // src → *atomic.Uint64

func (s *seenSeqs) max(src string) uint64 {
	if v, ok := s.m.Load(src); ok {
		return v.(*atomic.Uint64).Load()
	}
	return 0
}

func (s *seenSeqs) raise(src string, seq uint64) {
	v, ok := s.m.Load(src)
	if !ok {
		v, _ = s.m.LoadOrStore(src, new(atomic.Uint64))
	}
	a := v.(*atomic.Uint64)
	for {
		cur := a.Load()
		if seq <= cur || a.CompareAndSwap(cur, seq) {
			return
		}
	}
}

func (l *Ledger) applyChecked(c events.Checked) events.Reason {
	ev := &c.Event.Event
	id := ev.ID()
	src := l.sources[ev.Src]
	if src != nil && ev.Seq <= src.MaxSeq {
		if h, ok := l.get(pfxEventID + id); ok {
			if bytes.Equal(h, c.Hash[:]) {
				return events.Duplicate
			}
			if ev.Type.Class() == events.ClassNode {
				l.equivocation(ev, h, c.Hash)
			}
			return events.Equivocation
		}
		return events.StaleSeq
	}
	if r := l.applyType(ev); r != events.Accepted {
		return r
	}
	if src == nil {
		src = &source{}
		l.sources[ev.Src] = src
	}
	if ev.Seq > src.MaxSeq+1 {
		src.Gaps++
		src.Missing += ev.Seq - src.MaxSeq - 1
	}
	src.MaxSeq = ev.Seq
	l.seen.raise(ev.Src, ev.Seq)
	l.put(pfxSource+ev.Src, src.encode())
	l.put(pfxEventID+id, c.Hash[:])
	return events.Accepted
}

func (l *Ledger) currentEpoch() uint64 { return l.meta.LastClosed + 1 }

func (l *Ledger) applyType(ev *events.Event) events.Reason {
	switch b := ev.Body.(type) {
	case *events.NodeRegisteredBody:
		return l.register(ev.Src, b)
	case *events.NodeHeartbeatBody:
		return l.heartbeat(ev.Src, b)
	case *events.NodeUnjailBody:
		return l.unjail(ev.Src)
	case *events.GPUVerifiedBody:
		return l.verify(b)
	case *events.TaskAssignedBody:
		return l.assign(ev.Src, b)
	case *events.TaskCompletedBody:
		return l.closeTask(ev.Src, b.Task, b.GPUSeconds, "")
	case *events.TaskFailedBody:
		return l.closeTask(ev.Src, b.Task, 0, b.Fault)
	case *events.NodeAuthBody:
		return l.authorize(b)
	case *events.StakeBody:
		return l.stake(b)
	case *events.SlashedBody:
		return l.slashed(b)
	case *events.ClaimedBody:
		return l.claimed(b)
	case *events.SlashProposedBody, *events.SlashVetoedBody:
		// SPEC §4.3: recorded for the slash's status (a projection) and,
		// like every accepted event, for dedupe and the digest; no rule of
		// their own and no effect on stake.
		return events.Accepted
	case *events.EpochClosedBody:
		return l.closeEpochEvent(b)
	case *events.EpochAnchoredBody:
		return l.anchored(b)
	}
	panic("aggregates: body type without a rule: " + ev.Type.String())
}

func (l *Ledger) saveNode(n *node) { l.put(pfxNode+n.ID, n.encode()) }

// jail records a jail decision taken in this epoch.
func (l *Ledger) jail(n *node, until uint64) {
	n.Jailed, n.JailUntil = true, until
	l.epoch.Jailed[n.ID] = until
	l.epochDirty = true
	l.saveNode(n)
}

// unregister frees a node's GPUs; their verification is lost with them.
func (l *Ledger) unregister(n *node) {
	for _, g := range n.GPUs {
		delete(l.gpuOwner, g.UUID)
	}
	n.GPUs, n.Registered, n.Provider = nil, false, ""
	l.saveNode(n)
}

// equivocation applies SPEC §6.4 to a node event rejected as equivocation.
// Its src is penalized as a node whatever the accepted event of that id was
// and whether or not it ever registered (a scheduler or the ledger key may
// also run a node): an id the ledger never saw as a node gets a record here.
// accepted is the stored hash of the accepted event of the id, conflicting
// the hash of the rejected message: the slash's evidence (SPEC §9.1).
func (l *Ledger) equivocation(ev *events.Event, accepted []byte, conflicting events.Hash) {
	n := l.nodes[ev.Src]
	if n == nil {
		n = &node{ID: ev.Src}
		l.nodes[ev.Src] = n
	}
	if n.Tombstoned || n.penalized(ev.Seq) {
		return
	}
	again := len(n.Penalized) > 0
	n.Penalized = append(n.Penalized, ev.Seq)
	l.jail(n, max(n.JailUntil, l.currentEpoch()+l.params.EquivocationJailEpochs))
	if n.LastRegProvider != "" {
		evidence := Evidence{Node: n.ID, Seq: ev.Seq, Conflicting: conflicting}
		copy(evidence.Accepted[:], accepted)
		l.epoch.EqvSlashes = append(l.epoch.EqvSlashes, Slash{
			ID:       "equivocation:" + n.ID + ":" + strconv.FormatUint(ev.Seq, 10),
			Provider: n.LastRegProvider, Reason: ReasonEquivocation, BP: l.params.EquivocationSlashBP,
			Evidence: evidence,
		})
		l.epochDirty = true
	}
	if again {
		n.Tombstoned = true
		l.unregister(n)
	}
}

func (l *Ledger) register(src string, b *events.NodeRegisteredBody) events.Reason {
	n := l.nodes[src]
	if n != nil && n.Tombstoned {
		return events.Tombstoned
	}
	if n == nil || n.AuthProvider == "" || n.AuthProvider != b.Provider {
		return events.Unauthorized
	}
	for _, g := range b.GPUs {
		if owner, ok := l.gpuOwner[g.UUID]; ok && owner != src {
			return events.GPUConflict
		}
	}
	gpus := make([]gpu, len(b.GPUs))
	for i, g := range b.GPUs {
		gpus[i] = gpu{UUID: g.UUID, Model: g.Model, MemMiB: g.MemMiB}
		if old := n.gpu(g.UUID); old != nil && old.Model == g.Model {
			gpus[i].Verified = old.Verified
		}
	}
	for _, g := range n.GPUs {
		delete(l.gpuOwner, g.UUID)
	}
	for _, g := range gpus {
		l.gpuOwner[g.UUID] = src
	}
	n.GPUs, n.Registered, n.Provider, n.LastRegProvider, n.Region = gpus, true, b.Provider, b.Provider, b.Region
	if n.FirstRegEpoch == 0 {
		n.FirstRegEpoch = l.currentEpoch()
	}
	l.saveNode(n)
	return events.Accepted
}

// registered returns the node when it is registered (not revoked, not
// tombstoned).
func (l *Ledger) registered(id string) *node {
	if n := l.nodes[id]; n != nil && n.Registered {
		return n
	}
	return nil
}

func (l *Ledger) heartbeat(src string, b *events.NodeHeartbeatBody) events.Reason {
	n := l.registered(src)
	if n == nil {
		return events.UnknownNode
	}
	for _, s := range b.GPUs {
		if n.gpu(s.GPU) == nil {
			return events.UnknownGPU
		}
	}
	l.hb[src]++
	l.put(pfxHB+src, binary.AppendUvarint(nil, l.hb[src]))
	return events.Accepted
}

func (l *Ledger) unjail(src string) events.Reason {
	n := l.nodes[src]
	switch {
	case n != nil && n.Tombstoned:
		return events.Tombstoned
	case n == nil || !n.Jailed:
		return events.NotJailed
	case l.currentEpoch() <= n.JailUntil:
		return events.JailActive
	}
	n.Jailed = false
	l.saveNode(n)
	return events.Accepted
}

func (l *Ledger) verify(b *events.GPUVerifiedBody) events.Reason {
	n := l.registered(b.Node)
	if n == nil {
		return events.UnknownNode
	}
	g := n.gpu(b.GPU)
	if g == nil {
		return events.UnknownGPU
	}
	if g.Model != b.Model {
		return events.ModelMismatch
	}
	if !g.Verified {
		g.Verified = true
		l.saveNode(n)
	}
	return events.Accepted
}

func (l *Ledger) taskUsed(id string) bool {
	if _, ok := l.open[id]; ok {
		return true
	}
	_, ok := l.get(pfxUsedTask + id)
	return ok
}

func (l *Ledger) assign(src string, b *events.TaskAssignedBody) events.Reason {
	if l.taskUsed(b.Task) {
		return events.DuplicateTask
	}
	n := l.registered(b.Node)
	if n == nil {
		return events.UnknownNode
	}
	if n.Jailed {
		return events.Jailed
	}
	for _, g := range b.GPUs {
		if n.gpu(g) == nil {
			return events.UnknownGPU
		}
	}
	t := &task{Node: b.Node, Provider: n.Provider, Scheduler: src, GPUs: b.GPUs}
	if l.provAccs[n.Provider] == nil {
		// The provider is one of this epoch's (SPEC §5): record it.
		l.put(pfxProvAcc+n.Provider, l.provAcc(n.Provider).encode())
	}
	l.open[b.Task] = t
	l.put(pfxOpenTask+b.Task, t.encode())
	l.put(pfxUsedTask+b.Task, []byte{})
	return events.Accepted
}

// computeScale is the denominator of provAcc.Compute: 1000 (weights are
// milli) × lcm(1..16) (a task's GPU count), so w_t·gpu_seconds is an integer
// multiple of 1/computeScale.
const computeLCM = 720720

var computeScale = big.NewInt(1000 * computeLCM)

func (l *Ledger) provAcc(provider string) *provAcc {
	a := l.provAccs[provider]
	if a == nil {
		a = &provAcc{Compute: map[string]*big.Int{}}
		l.provAccs[provider] = a
	}
	return a
}

// closeTask applies task.completed (fault == "") or task.failed.
func (l *Ledger) closeTask(src, id string, gpuSeconds uint64, fault string) events.Reason {
	t := l.open[id]
	if t == nil {
		return events.UnknownTask
	}
	if t.Scheduler != src {
		return events.NotAssigner
	}
	a := l.provAcc(t.Provider)
	switch {
	case fault == "":
		a.Completed++
		w := l.taskWeightMilli(t)
		if w.Sign() > 0 {
			w.Mul(w, new(big.Int).SetUint64(gpuSeconds*(computeLCM/uint64(len(t.GPUs)))))
			if cur := a.Compute[t.Node]; cur != nil {
				cur.Add(cur, w)
			} else {
				a.Compute[t.Node] = w
			}
		}
	case fault == events.FaultProvider:
		l.put(faultTaskKey(t.Provider, len(a.FaultTasks)), []byte(id))
		a.FaultTasks = append(a.FaultTasks, id)
	}
	l.put(pfxProvAcc+t.Provider, a.encode())
	delete(l.open, id)
	l.del(pfxOpenTask + id)
	return events.Accepted
}

// taskWeightMilli is Σ weight_milli over the task's GPUs that are, now, owned
// by the task's node, verified and of a weighted model.
func (l *Ledger) taskWeightMilli(t *task) *big.Int {
	sum := new(big.Int)
	n := l.registered(t.Node)
	if n == nil {
		return sum
	}
	for _, uuid := range t.GPUs {
		g := n.gpu(uuid)
		if g == nil || !g.Verified {
			continue
		}
		if w := l.params.weightMilli(g.Model); w != nil {
			sum.Add(sum, w)
		}
	}
	return sum
}

func (l *Ledger) authorize(b *events.NodeAuthBody) events.Reason {
	n := l.nodes[b.Node]
	if !b.Revoked {
		if n == nil {
			n = &node{ID: b.Node}
			l.nodes[b.Node] = n
		}
		n.AuthProvider = b.Provider
		l.saveNode(n)
		return events.Accepted
	}
	if n != nil && n.AuthProvider == b.Provider {
		n.AuthProvider = ""
		l.unregister(n)
	}
	return events.Accepted
}
