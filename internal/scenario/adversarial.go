package scenario

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// adversary writes hostile and broken traffic among the honest one. Each
// attack creates the honest events it abuses, so it does not depend on
// what the random traffic happened to hold.
type adversary struct {
	g         *generator
	stranger  *signer // a key no provider ever authorized
	impostor  string  // an address that is not a provider
	tombEpoch int
	victim    *genNode // equivocates twice in tombEpoch and is tombstoned
}

func newAdversary(g *generator) *adversary {
	a := &adversary{g: g, stranger: newSigner(g.c.Seed, "stranger"), impostor: address(g.c.Seed, "impostor"), tombEpoch: 1}
	if g.c.Epochs >= 3 {
		a.tombEpoch = 2
	}
	return a
}

// plan runs before the epoch's heartbeats: it picks the tombstone victim
// and ends its heartbeats before its equivocations.
func (a *adversary) plan(e *epochCtx) {
	if e.k != a.tombEpoch {
		return
	}
	a.victim = a.pick(func(n *genNode) bool { return n.registered && !n.revoking && !n.dead && !n.penalized })
	if a.victim != nil {
		a.victim.hbEnd = e.t(800)
	}
}

// learn runs after each close.
func (a *adversary) learn() {
	if v := a.victim; v != nil && v.penalized && !v.dead {
		v.dead, v.registered, v.jailed = true, false, false
	}
}

// pick returns a random node satisfying ok (never the victim), or nil.
func (a *adversary) pick(ok func(*genNode) bool) *genNode {
	var c []*genNode
	for _, n := range a.g.nodes {
		if n != a.victim && ok(n) {
			c = append(c, n)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[a.g.rng.IntN(len(c))]
}

// live is a registered node that stays registered and unpenalized.
func live(n *genNode) bool { return n.registered && !n.revoking && !n.dead && !n.penalized }

// attack queues the epoch's hostile traffic: one round of every attack,
// plus one round per 100 nodes.
func (a *adversary) attack(e *epochCtx) {
	if e.k == a.tombEpoch {
		a.tombstone(e)
	}
	if e.k > a.tombEpoch {
		a.afterTombstone(e)
	}
	if e.k == 1 {
		a.oversize(e)
	}
	for r := range 1 + a.g.c.Nodes/100 {
		a.earlyUnjails(e)
		a.malformed(e, r)
		a.forgeries(e)
		a.unknownSources(e)
		a.dedupe(e)
		a.schedulerMisuse(e, r)
		a.nodeMisuse(e)
		a.chainMisuse(e)
		a.ledgerMisuse(e)
	}
}

// heartbeat queues an honest heartbeat of n.
func (a *adversary) heartbeat(at int64, n *genNode) *item {
	return a.g.s.add(at, n.key, n.key.id, telemetry(a.g.rng, n.gpus))
}

// wrongAnchor surrounds the anchoring of the last epoch: a wrong root
// before it (root_mismatch), the right one again after it and an anchor of
// the open epoch (both bad_epoch).
func (a *adversary) wrongAnchor(e *epochCtx, prev *aggregates.Report) {
	s, k, seed, at := a.g.s, uint64(e.k-1), a.g.c.Seed, e.t(phaseAnchor)
	s.ledgerEvent(at-1, anchorBody(seed, k, hash(seed, fmt.Sprintf("wrong-root/%d", k)), at-1))
	s.ledgerEvent(at+1, anchorBody(seed, k, prev.Root, at+1))
	s.ledgerEvent(at+2, anchorBody(seed, k+1, prev.Root, at+2))
}

// tombstone makes the victim equivocate on two seqs: jailed, slashed twice
// and tombstoned; a re-send of the second copy changes nothing more.
func (a *adversary) tombstone(e *epochCtx) {
	v := a.victim
	if v == nil {
		return
	}
	first, second := a.heartbeat(e.t(700), v), a.heartbeat(e.t(710), v)
	a.g.s.reuse(e.t(820), first, telemetry(a.g.rng, v.gpus))
	again := a.g.s.reuse(e.t(840), second, telemetry(a.g.rng, v.gpus))
	a.g.s.copyOf(e.t(850), again)
	v.penalized = true
}

// afterTombstone has the tombstoned victim try to come back: a new
// authorization (accepted), a registration and an unjail (tombstoned) and
// a heartbeat (unknown_node).
func (a *adversary) afterTombstone(e *epochCtx) {
	v := a.victim
	if v == nil {
		return
	}
	s := a.g.s
	if e.k == a.tombEpoch+1 {
		s.chain(e.t(phaseAuth), &events.NodeAuthBody{Provider: v.provider, Node: v.key.id})
	}
	s.add(e.t(phaseRegister)+1, v.key, v.key.id, &events.NodeRegisteredBody{Provider: v.provider, Region: v.region, GPUs: v.gpus})
	s.add(e.between(a.g.rng, 100, 900), v.key, v.key.id, &events.NodeUnjailBody{})
	a.heartbeat(e.between(a.g.rng, 100, 900), v)
}

// earlyUnjails has a node still in jail ask out (jail_active).
func (a *adversary) earlyUnjails(e *epochCtx) {
	n := a.pick(func(n *genNode) bool { return n.jailed && !n.dead && uint64(e.k) <= n.jailUntil })
	if n != nil {
		a.g.s.add(e.t(phaseUnjail)+1, n.key, n.key.id, &events.NodeUnjailBody{})
	}
}

// oversize writes a message over the 16 KiB bound.
func (a *adversary) oversize(e *epochCtx) {
	n := a.pick(live)
	if n == nil {
		return
	}
	it := a.heartbeat(e.between(a.g.rng, 100, 900), n)
	it.mutate = func(m []byte) []byte {
		return append(bytes.Clone(m), bytes.Repeat([]byte(" "), events.MaxEventBytes)...)
	}
}

// malformations rewrite a signed message into something that is not the
// canonical encoding of a well-formed event.
var malformations = []func([]byte) []byte{
	func(m []byte) []byte { return bytes.Replace(m, []byte(`"v":1}`), []byte(`"v": 1}`), 1) },
	func(m []byte) []byte { return bytes.Replace(m, []byte(`"v":1}`), []byte(`"v":1,"x":0}`), 1) },
	func(m []byte) []byte { return bytes.Replace(m, []byte(`,"type":`), []byte(`.0,"type":`), 1) },
	func(m []byte) []byte { return append(bytes.Clone(m), '\r') },
	func(m []byte) []byte { return append([]byte("!"), m...) },
	func(m []byte) []byte { return bytes.Replace(m, []byte(`,"seq":`), []byte(",\n\"seq\":"), 1) },
	func(m []byte) []byte { return append(bytes.Clone(m), '\n') },
	func(m []byte) []byte { return append([]byte("\xef\xbb\xbf"), m...) },
	func(m []byte) []byte {
		return append([]byte(`{"v":1,`), append(bytes.Clone(m[1:len(m)-len(`,"v":1}`)]), '}')...)
	},
	func(m []byte) []byte { return bytes.Replace(m, []byte(`"seq":`), []byte(`"seq":0`), 1) },
}

var rawLines = [][]byte{{}, []byte("not json"), []byte("null"), []byte("{}"), []byte(`{"v":1}`), []byte("[1,2]"), []byte("\r")}

// malformed writes three malformed copies of honest heartbeats and two raw
// lines, rotating through the variants.
func (a *adversary) malformed(e *epochCtx, r int) {
	n := a.pick(live)
	if n == nil {
		return
	}
	for i := range 3 {
		it := a.heartbeat(e.between(a.g.rng, 100, 900), n)
		it.mutate = malformations[(e.k*3+r*5+i)%len(malformations)]
	}
	for i := range 2 {
		a.g.s.rawMsg(e.between(a.g.rng, 100, 900), rawLines[(2*e.k+r+i)%len(rawLines)])
	}
}

// forgeries writes heartbeats with a flipped signature bit, non-canonical
// base64, a short signature and another node's signature (bad_signature),
// then, once the node has moved on, an honest event under the flipped
// one's seq (stale_seq).
func (a *adversary) forgeries(e *epochCtx) {
	n := a.pick(live)
	if n == nil {
		return
	}
	m := a.pick(func(x *genNode) bool { return live(x) && x != n })
	if m == nil {
		return
	}
	rng := a.g.rng
	flipped := a.heartbeat(e.between(rng, 100, 300), n)
	flipped.mutate = flipSig
	a.heartbeat(e.between(rng, 100, 300), n).mutate = paddingSig
	a.heartbeat(e.between(rng, 100, 300), n).mutate = shortSig
	a.g.s.add(e.between(rng, 100, 300), m.key, n.key.id, telemetry(rng, n.gpus))
	a.heartbeat(e.between(rng, 400, 700), n)
	a.g.s.reuse(e.between(rng, 750, 790), flipped, telemetry(rng, n.gpus))
}

// sigSpan bounds the sig string inside a message.
func sigSpan(m []byte) (int, int) {
	start := bytes.Index(m, []byte(`"sig":"`)) + len(`"sig":"`)
	return start, start + bytes.IndexByte(m[start:], '"')
}

func replaceSig(m []byte, sig string) []byte {
	start, end := sigSpan(m)
	return append(append(append([]byte(nil), m[:start]...), sig...), m[end:]...)
}

// flipSig flips one bit of the signature.
func flipSig(m []byte) []byte {
	start, end := sigSpan(m)
	sig, _ := base64.StdEncoding.DecodeString(string(m[start:end]))
	sig[10] ^= 0x08
	return replaceSig(m, base64.StdEncoding.EncodeToString(sig))
}

// paddingSig sets a padding bit of the last base64 digit: the same bytes
// under a non-canonical encoding.
func paddingSig(m []byte) []byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	start, end := sigSpan(m)
	sig := []byte(string(m[start:end]))
	sig[85] = alphabet[bytes.IndexByte([]byte(alphabet), sig[85])|1]
	return replaceSig(m, string(sig))
}

// shortSig drops one padding character.
func shortSig(m []byte) []byte {
	start, end := sigSpan(m)
	return replaceSig(m, string(m[start:end-1]))
}

// unknownSources writes events from keys outside their type's source
// class: a node attesting its own GPU, a stranger assigning a task and a
// scheduler closing the epoch.
func (a *adversary) unknownSources(e *epochCtx) {
	s, rng := a.g.s, a.g.rng
	if n := a.pick(live); n != nil {
		g := n.gpus[0]
		s.add(e.between(rng, 100, 900), n.key, n.key.id, &events.GPUVerifiedBody{Node: n.key.id, GPU: g.UUID, Model: g.Model})
		s.add(e.between(rng, 100, 900), a.stranger, a.stranger.id, &events.TaskAssignedBody{Task: fmt.Sprintf("rogue-%d", e.k), Node: n.key.id, GPUs: []string{g.UUID}})
	}
	sched := s.scheds[0]
	s.add(e.between(rng, 100, 900), sched, sched.id, &events.EpochClosedBody{Epoch: uint64(e.k), StartMs: uint64(e.start), EndMs: uint64(e.end)})
}

// dedupe writes exact re-sends of a heartbeat, a task assignment and the
// previous epoch.closed (duplicate); a node heartbeat and a scheduler
// assignment re-signed with other bodies under used ids (equivocation;
// the node is jailed and slashed), and a re-send of the conflicting copy.
func (a *adversary) dedupe(e *epochCtx) {
	s, rng := a.g.s, a.g.rng
	if n := a.pick(live); n != nil {
		s.copyOf(e.between(rng, 800, 990), a.heartbeat(e.between(rng, 100, 700), n))
	}
	if len(e.tasks) > 0 {
		t := e.tasks[rng.IntN(len(e.tasks))]
		s.copyOf(e.between(rng, 800, 990), t.assign)
		s.reuse(e.between(rng, 800, 990), t.assign, &events.TaskAssignedBody{Task: t.id + "-again", Node: t.node.key.id,
			GPUs: []string{t.node.gpus[0].UUID}})
	}
	if a.g.prevClose != nil {
		s.copyOf(e.between(rng, 100, 900), a.g.prevClose)
	}
	if q := a.pick(live); q != nil {
		eqv := s.reuse(e.between(rng, 850, 880), a.heartbeat(e.between(rng, 600, 780), q), telemetry(rng, q.gpus))
		s.copyOf(e.between(rng, 880, 900), eqv)
		q.penalized = true
	}
}

// schedulerMisuse writes scheduler events that break a rule: a wrong model,
// an unknown GPU or node, a reused task id, a task closed by another
// scheduler, unknown or already closed tasks and a task for a jailed node.
func (a *adversary) schedulerMisuse(e *epochCtx, r int) {
	s, rng := a.g.s, a.g.rng
	sched := func(i int) *signer { return s.scheds[i%len(s.scheds)] }
	add := func(at int64, i int, body events.Body) { s.add(at, sched(i), sched(i).id, body) }
	if n := a.pick(live); n != nil {
		g := n.gpus[rng.IntN(len(n.gpus))]
		add(e.between(rng, 100, 850), r, &events.GPUVerifiedBody{Node: n.key.id, GPU: g.UUID, Model: "NVIDIA Imaginary 1TB"})
		add(e.between(rng, 100, 850), r, &events.GPUVerifiedBody{Node: n.key.id, GPU: "GPU-00000000-0000-0000-0000-000000000000", Model: g.Model})
		hb := telemetry(rng, n.gpus)
		hb.GPUs = append(hb.GPUs, events.GPUSample{GPU: "GPU-ffffffff-ffff-ffff-ffff-ffffffffffff", TempC: 40})
		s.add(e.between(rng, 100, 850), n.key, n.key.id, hb)
		if m := a.pick(func(x *genNode) bool { return live(x) && x != n }); m != nil && !n.jailed {
			add(e.between(rng, 100, 700), r, &events.TaskAssignedBody{Task: fmt.Sprintf("steal-%d-%d", e.k, r), Node: n.key.id, GPUs: []string{m.gpus[0].UUID}})
		}
	}
	add(e.between(rng, 100, 900), r, &events.GPUVerifiedBody{Node: a.stranger.id, GPU: "GPU-0", Model: "NVIDIA T4"})
	add(e.between(rng, 100, 900), r, &events.TaskAssignedBody{Task: fmt.Sprintf("ghost-%d-%d", e.k, r), Node: a.stranger.id, GPUs: []string{"GPU-0"}})
	a.heartbeat(e.between(rng, 100, 900), &genNode{key: a.stranger, gpus: []events.GPUSpec{{UUID: "GPU-0"}}})
	add(e.between(rng, 100, 900), r, &events.TaskCompletedBody{Task: fmt.Sprintf("never-%d-%d", e.k, r), GPUSeconds: 60})
	if len(e.tasks) > 0 {
		t := e.tasks[rng.IntN(len(e.tasks))]
		add(e.between(rng, 800, 990), t.sched, &events.TaskAssignedBody{Task: t.id, Node: t.node.key.id, GPUs: []string{t.node.gpus[0].UUID}})
		if len(s.scheds) > 1 && t.doneAt > t.assign.at+1 {
			add(t.assign.at+1, t.sched+1, &events.TaskCompletedBody{Task: t.id, GPUSeconds: 1})
		}
		add(t.doneAt+1, t.sched, &events.TaskFailedBody{Task: t.id, Fault: events.FaultNetwork})
	}
	if j := a.pick(func(n *genNode) bool { return n.registered && n.jailed && !n.dead && !n.revoking }); j != nil {
		add(e.between(rng, 100, 700), r, &events.TaskAssignedBody{Task: fmt.Sprintf("jailbreak-%d-%d", e.k, r), Node: j.key.id, GPUs: []string{j.gpus[0].UUID}})
	}
}

// nodeMisuse writes registrations by a stranger and under another provider
// (unauthorized), one claiming another node's GPU (gpu_conflict), and an
// unjail of a free node (not_jailed).
func (a *adversary) nodeMisuse(e *epochCtx) {
	s, rng := a.g.s, a.g.rng
	reg := func(n *genNode, provider string, gpus []events.GPUSpec) {
		s.add(e.between(rng, 100, 800), n.key, n.key.id, &events.NodeRegisteredBody{Provider: provider, Region: n.region, GPUs: gpus})
	}
	reg(&genNode{key: a.stranger, region: "eu-central-1"}, a.impostor, []events.GPUSpec{{UUID: "GPU-0", Model: "NVIDIA T4", MemMiB: 15360}})
	n := a.pick(live)
	if n == nil {
		return
	}
	reg(n, a.impostor, n.gpus)
	if m := a.pick(func(x *genNode) bool { return live(x) && x != n }); m != nil && len(n.gpus) < events.MaxGPUs {
		reg(n, n.provider, append(append([]events.GPUSpec(nil), n.gpus...), m.gpus[0]))
	}
	if !n.jailed {
		s.add(e.between(rng, 100, 800), n.key, n.key.id, &events.NodeUnjailBody{})
	}
}

// chainMisuse writes an unbond and a withdrawal beyond a position
// (insufficient_stake), a revocation by an address that did not authorize
// the node (accepted, no effect) and a conflicting chain event under that
// revocation's block and log (equivocation).
func (a *adversary) chainMisuse(e *epochCtx) {
	s, rng := a.g.s, a.g.rng
	if len(a.g.positions) > 0 {
		key := a.g.positions[rng.IntN(len(a.g.positions))]
		p := s.stakes.get(key[0], key[1])
		over := func(v *big.Int) *big.Int { return new(big.Int).Add(v, a.g.c.Economics.MinStakePerGPU) }
		// After the epoch's stake changes, which the book already holds.
		a.g.stake(e.between(rng, 810, 990), events.ChainUnbondRequested, key[0], key[1], over(p.bonded), uint64(e.end/1000))
		a.g.stake(e.between(rng, 810, 990), events.ChainWithdrawn, key[0], key[1], over(p.unbonding), 0)
	}
	if n := a.pick(live); n != nil {
		rev := s.chain(e.between(rng, 100, 500), &events.NodeAuthBody{Revoked: true, Provider: a.impostor, Node: n.key.id})
		s.reuse(e.between(rng, 600, 900), rev, &events.NodeAuthBody{Revoked: true, Provider: a.impostor, Node: a.stranger.id})
	}
}

// ledgerMisuse writes closes out of turn and with a broken range, and an
// anchor of the open epoch (bad_epoch).
func (a *adversary) ledgerMisuse(e *epochCtx) {
	s, rng := a.g.s, a.g.rng
	k := uint64(e.k)
	s.ledgerEvent(e.between(rng, 100, 900), &events.EpochClosedBody{Epoch: k + 1, StartMs: uint64(e.end), EndMs: uint64(2*e.end - e.start)})
	start, end := uint64(e.start)+1, uint64(e.end)
	if k == 1 {
		start, end = uint64(e.end), uint64(e.end)
	}
	s.ledgerEvent(e.between(rng, 100, 900), &events.EpochClosedBody{Epoch: k, StartMs: start, EndMs: end})
	at := e.between(rng, 100, 900)
	s.ledgerEvent(at, anchorBody(a.g.c.Seed, k, hash(a.g.c.Seed, "early"), at))
}
