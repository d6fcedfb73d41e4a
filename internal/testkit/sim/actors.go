package sim

import (
	"fmt"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
)

// agent is a node agent: its key, its GPUs, its persisted seq counter and
// its spool (outbox) of signed messages.
type agent struct {
	kp        nkeys.KeyPair
	id        string
	key       [32]byte
	provider  string
	gpus      []events.GPUSpec
	seq       uint64 // last seq used; persisted before publishing
	out       *outbox
	downUntil uint64 // the process is down until then
	nextBeat  uint64
	flaky     bool // often down long enough to miss an epoch's uptime
	register  bool // (re)register at the next beat
	beats     int
	sent      [][]byte // recent messages, for replays
}

const keptSent = 16

func (w *world) newAgent(i int) *agent {
	kp := keyPair(w.cfg.Seed, fmt.Sprintf("node/%d", i))
	id := publicID(kp)
	key, err := chain.NodeKey(id)
	if err != nil {
		panic(err) // publicID always returns a node id
	}
	a := &agent{kp: kp, id: id, key: key, provider: w.providers[i%len(w.providers)], out: &outbox{},
		flaky: w.pick(4) == 0, register: true, nextBeat: genesisMs + uint64(w.pick(intervalS*1000))}
	for j := range 1 + w.pick(4) {
		m := gpuModels[w.pick(len(gpuModels)-1)]
		if w.chance(50) {
			m = gpuModels[len(gpuModels)-1]
		}
		a.gpus = append(a.gpus, events.GPUSpec{UUID: fmt.Sprintf("GPU-%08x-%d", w.rng.Uint32(), j), Model: m.name, MemMiB: m.memMiB})
	}
	return a
}

// emit signs body as the agent's next event and spools it.
func (w *world) emit(a *agent, body events.Body) {
	a.seq++
	ev := &events.Event{Type: body.EventType(), Src: a.id, Seq: a.seq, TimeMs: int64(w.now), Body: body}
	msg := sign(ev, a.kp)
	a.out.push(ev.ID(), msg)
	a.sent = append(a.sent, msg)
	if len(a.sent) > keptSent {
		a.sent = a.sent[1:]
	}
}

// tickAgents lets every running agent whose heartbeat is due beat.
func (w *world) tickAgents() {
	for _, a := range w.agents {
		if w.now < a.downUntil || w.now < a.nextBeat {
			continue
		}
		a.nextBeat = w.now + intervalS*1000 - 150 + uint64(w.pick(300))
		w.beat(a)
		if a.flaky && !w.quiet && w.chance(40) {
			w.agentDown(a, 8_000+uint64(w.pick(20_000)))
		}
	}
}

func (w *world) beat(a *agent) {
	if a.register {
		w.emit(a, &events.NodeRegisteredBody{Provider: a.provider, Region: "eu-west", GPUs: a.gpus})
		a.register = false
	}
	w.emit(a, w.heartbeat(a))
	a.beats++
	if a.beats%2 == 0 {
		w.agentFeedback(a)
	}
}

// heartbeat is one telemetry sample per GPU; rarely one of a GPU the node
// does not own (unknown_gpu).
func (w *world) heartbeat(a *agent) *events.NodeHeartbeatBody {
	b := &events.NodeHeartbeatBody{}
	for _, g := range a.gpus {
		util := uint64(w.pick(10001))
		b.GPUs = append(b.GPUs, events.GPUSample{GPU: g.UUID, UtilBP: util, MemUsedMiB: g.MemMiB * util / 10000,
			TempC: 30 + util*50/10000, PowerMW: 70_000 + util*600_000/10000})
	}
	if !w.quiet && w.chance(10) {
		b.GPUs = append(b.GPUs, events.GPUSample{GPU: "GPU-not-mine", TempC: 40})
	}
	return b
}

// agentFeedback is what an agent learns from the ledger's read side: it
// registers again when the ledger does not hold it registered, and asks to
// be unjailed once its jail has expired (sometimes too early or needlessly).
func (w *world) agentFeedback(a *agent) {
	l := w.ledger.l
	if l == nil {
		return
	}
	n, err := l.CommittedNode(a.id)
	if err != nil {
		return
	}
	if n == nil || (!n.Registered && !n.Tombstoned) {
		a.register = true
	}
	expired := n != nil && n.Jailed && n.JailUntil < l.View().LastClosed+1
	if n != nil && !n.Tombstoned && (expired || (!w.quiet && w.chance(50))) {
		w.emit(a, &events.NodeUnjailBody{})
	}
}

// agentDown stops an agent's process (and its spool's publishing) for a
// while; it registers again when it comes back.
func (w *world) agentDown(a *agent, forMs uint64) {
	a.downUntil = w.now + forMs
	a.out.blockedUntil = max(a.out.blockedUntil, a.downUntil)
	a.nextBeat = a.downUntil
	a.register = true
	w.res.AgentCrashes++
}

// scheduler attests GPUs and assigns, completes and fails tasks.
type scheduler struct {
	idx   int
	kp    nkeys.KeyPair
	id    string
	seq   uint64
	out   *outbox
	open  []openTask
	tasks int
}

type openTask struct {
	id      string
	gpus    int
	startMs uint64
}

func newScheduler(seed uint64, i int) *scheduler {
	kp := keyPair(seed, fmt.Sprintf("sched/%d", i))
	return &scheduler{idx: i, kp: kp, id: publicID(kp), out: &outbox{}}
}

func (w *world) emitSched(s *scheduler, body events.Body) {
	s.seq++
	ev := &events.Event{Type: body.EventType(), Src: s.id, Seq: s.seq, TimeMs: int64(w.now), Body: body}
	s.out.push(ev.ID(), sign(ev, s.kp))
}

func (w *world) schedule() {
	s := w.scheds[w.pick(len(w.scheds))]
	switch r := w.pick(10); {
	case r < 3:
		w.verify(s)
	case r < 6:
		w.assign(s)
	default:
		w.closeTask(s)
	}
}

func (w *world) verify(s *scheduler) {
	a := w.agents[w.pick(len(w.agents))]
	g := a.gpus[w.pick(len(a.gpus))]
	model := g.Model
	if w.chance(50) {
		model = "NVIDIA Imaginary"
	}
	w.emitSched(s, &events.GPUVerifiedBody{Node: a.id, GPU: g.UUID, Model: model})
}

func (w *world) assign(s *scheduler) {
	a := w.agents[w.pick(len(w.agents))]
	k := 1 + w.pick(len(a.gpus))
	var gpus []string
	for _, g := range a.gpus[:k] {
		gpus = append(gpus, g.UUID)
	}
	if s.tasks > 0 && w.chance(30) { // a reused task id: duplicate_task
		w.emitSched(s, &events.TaskAssignedBody{Task: fmt.Sprintf("task-%d-%d", s.idx, s.tasks), Node: a.id, GPUs: gpus})
		return
	}
	s.tasks++
	t := openTask{id: fmt.Sprintf("task-%d-%d", s.idx, s.tasks), gpus: k, startMs: w.now}
	s.open = append(s.open, t)
	w.emitSched(s, &events.TaskAssignedBody{Task: t.id, Node: a.id, GPUs: gpus})
}

// closeTask completes or fails one of s's open tasks; sometimes the other
// scheduler tries (not_assigner), or a task nobody assigned is closed.
func (w *world) closeTask(s *scheduler) {
	if w.chance(50) {
		w.emitSched(s, &events.TaskCompletedBody{Task: "task-nobody", GPUSeconds: 1})
		return
	}
	if len(s.open) == 0 {
		return
	}
	i := w.pick(len(s.open))
	t := s.open[i]
	closer := s
	if w.chance(40) {
		closer = w.scheds[(s.idx+1)%len(w.scheds)]
	} else {
		s.open = append(s.open[:i], s.open[i+1:]...)
	}
	if w.pick(4) > 0 {
		secs := max(1, (w.now-t.startMs)/1000*uint64(t.gpus))
		w.emitSched(closer, &events.TaskCompletedBody{Task: t.id, GPUSeconds: secs})
		return
	}
	faults := []string{events.FaultProvider, events.FaultRequester, events.FaultNetwork}
	w.emitSched(closer, &events.TaskFailedBody{Task: t.id, Fault: faults[w.pick(len(faults))]})
}

// rogue is hostile or broken traffic: junk, forgeries, replays,
// equivocations, and a key nobody authorized.
type rogue struct {
	kp  nkeys.KeyPair
	seq uint64
	out *outbox
	n   int // fresh Nats-Msg-Id counter
}

func (w *world) freshMsgID() string {
	w.rogue.n++
	return fmt.Sprintf("rogue-%d", w.rogue.n)
}

func (w *world) adversary() {
	a := w.agents[w.pick(len(w.agents))]
	switch w.pick(9) {
	case 0:
		junk := [][]byte{[]byte("not json"), []byte(`{"v":1}`), {}, []byte("two\nlines")}
		w.rogue.out.push(w.freshMsgID(), junk[w.pick(len(junk))])
	case 1:
		w.forge(a)
	case 2, 3:
		w.replay(a)
	case 4:
		if w.chance(400) {
			w.equivocate(a)
		}
	default:
		w.rogueEvent(a)
	}
}

// forge flips a signature bit of one of a's messages: bad_signature.
func (w *world) forge(a *agent) {
	if len(a.sent) == 0 {
		return
	}
	d, err := events.Decode(a.sent[len(a.sent)-1])
	if err != nil {
		return
	}
	sig := []byte(d.Sig)
	sig[10] ^= 1 // still base64, another signature
	ev := d.Event
	ev.Sig = string(sig)
	w.rogue.out.push(w.freshMsgID(), events.Encode(&ev))
}

// replay republishes one of a's earlier messages byte for byte, under its
// event id (dropped inside the window) or under a fresh message id.
func (w *world) replay(a *agent) {
	if len(a.sent) == 0 {
		return
	}
	msg := a.sent[w.pick(len(a.sent))]
	id := w.freshMsgID()
	if w.chance(500) {
		if d, err := events.Decode(msg); err == nil {
			id = d.ID()
		}
	}
	w.rogue.out.push(id, msg)
	w.res.Replays++
}

// equivocate has a node sign another heartbeat under a seq it already
// used, published under that event id through its own spool.
func (w *world) equivocate(a *agent) {
	if a.seq == 0 {
		return
	}
	seq := a.seq - uint64(w.pick(int(min(a.seq, 5))))
	ev := &events.Event{Type: events.NodeHeartbeat, Src: a.id, Seq: seq, TimeMs: int64(w.now), Body: &events.NodeHeartbeatBody{}}
	a.out.push(ev.ID(), sign(ev, a.kp))
	w.res.Equivocations++
}

// rogueEvent is a well-signed event from a key nobody authorized, or a
// scheduler-only event from a node key.
func (w *world) rogueEvent(a *agent) {
	r := w.rogue
	r.seq++
	src := publicID(r.kp)
	var body events.Body
	switch w.pick(3) {
	case 0:
		body = &events.GPUVerifiedBody{Node: a.id, GPU: a.gpus[0].UUID, Model: a.gpus[0].Model} // unknown_src
	case 1:
		body = &events.NodeRegisteredBody{Provider: a.provider, Region: "nowhere", GPUs: a.gpus[:1]} // unauthorized or gpu_conflict
	default:
		body = &events.NodeHeartbeatBody{} // unknown_node
	}
	ev := &events.Event{Type: body.EventType(), Src: src, Seq: r.seq, TimeMs: int64(w.now), Body: body}
	r.out.push(ev.ID(), sign(ev, r.kp))
}
