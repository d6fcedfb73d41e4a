package gen

import (
	"encoding/base64"
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

var (
	unitSwarm = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
)

// Generate builds the scenario described by c.
func Generate(c Config) (*Scenario, error) {
	if c.Epochs < 1 || c.Nodes < 1 || c.Providers < 1 || c.EpochMs < 1000 || c.IntervalS < 1 {
		return nil, fmt.Errorf("gen: config needs epochs, nodes, providers >= 1, epoch_ms >= 1000, interval >= 1: %+v", c)
	}
	g := &generator{c: c, rng: rand.New(rand.NewPCG(c.Seed, 0x9e3779b97f4a7c15)),
		ledger: key(c.Seed, "ledger"), seqs: map[string]uint64{}, block: 1000,
		stake: map[[2]string]*stakePos{}, claimed: map[string]*big.Int{}}
	for i := range 2 {
		g.scheds = append(g.scheds, key(c.Seed, fmt.Sprintf("sched/%d", i)))
	}
	params := c.Params()
	if c.Anchor {
		p, err := aggregates.ParseParams(params)
		if err != nil {
			return nil, err
		}
		if g.fold, err = aggregates.Open("", p); err != nil {
			return nil, err
		}
		defer g.fold.Close()
	}
	g.world()
	for e := 1; e <= c.Epochs; e++ {
		start := genesisMs + uint64(e-1)*c.EpochMs
		if e == 1 {
			g.setup(start)
		}
		g.epoch(uint64(e), start, start+c.EpochMs)
		if err := g.flush(); err != nil {
			return nil, err
		}
		if g.fold != nil {
			if err := g.afterClose(uint64(e), start+c.EpochMs); err != nil {
				return nil, err
			}
		}
	}
	return &Scenario{Params: params, Messages: g.out}, nil
}

// GenerateParsed is Generate with the scenario's parameters parsed.
func GenerateParsed(c Config) (*Scenario, *aggregates.Params, error) {
	s, err := Generate(c)
	if err != nil {
		return nil, nil, err
	}
	params, err := aggregates.ParseParams(s.Params)
	if err != nil {
		return nil, nil, fmt.Errorf("gen: generated parameters: %w", err)
	}
	return s, params, nil
}

type stakePos struct{ bonded, unbonding *big.Int }

func (g *generator) world() {
	c := g.c
	for p := range c.Providers {
		g.provs = append(g.provs, address(c.Seed, fmt.Sprintf("provider/%d", p)))
	}
	for s := range c.Stakers {
		g.stakers = append(g.stakers, address(c.Seed, fmt.Sprintf("staker/%d", s)))
	}
	for i := range c.Nodes {
		kp := key(c.Seed, fmt.Sprintf("node/%d", i))
		n := &nodeState{kp: kp, id: id(kp), provider: g.provs[i%len(g.provs)], uptimeBP: 7000 + g.rng.IntN(3001)}
		if g.rng.IntN(5) == 0 {
			n.uptimeBP = 500 + g.rng.IntN(4000) // below the downtime threshold
		}
		for j := range 1 + g.rng.IntN(8) {
			m := models[g.rng.IntN(len(models)-1)]
			if g.rng.IntN(20) == 0 {
				m = models[len(models)-1] // a model without weight
			}
			n.gpus = append(n.gpus, gpuState{uuid: fmt.Sprintf("GPU-%08x-%d", g.rng.Uint32(), j), model: m.name, memMiB: m.memMiB})
		}
		g.nodes = append(g.nodes, n)
	}
}

// add queues an event of src signed by kp at time t.
func (g *generator) add(t uint64, kp nkeys.KeyPair, src string, body events.Body) *pending {
	g.order++
	g.batch = append(g.batch, pending{timeMs: t, order: g.order, kp: kp, ev: &events.Event{Src: src, Body: body}})
	return &g.batch[len(g.batch)-1]
}

// chain queues a ledger-signed chain event; its block, log and seq are
// assigned at flush, in log order, as a chain's would be.
func (g *generator) chain(t uint64, body events.Body) {
	g.add(t, g.ledger, events.ChainSrc, body)
}

// placeOnChain gives a chain event the next block.
func (g *generator) placeOnChain(ev *events.Event) {
	g.block += 1 + uint64(g.rng.IntN(3))
	ref := events.ChainRef{Tx: hash(g.c.Seed, fmt.Sprintf("tx/%d", g.block)), Block: g.block, Log: uint64(g.rng.IntN(4))}
	events.SetChainRef(ev.Body, ref)
	ev.Seq = ref.ChainSeq()
}

func (g *generator) setup(start uint64) {
	t := start + 1
	for _, n := range g.nodes {
		g.chain(t, &events.NodeAuthBody{Provider: n.provider, Node: n.id})
		t += 7
	}
	for i, s := range g.stakers {
		// About enough stake for the provider's GPUs (min_stake_per_gpu is
		// 1000 SWARM), spread over its stakers, some short and some over.
		perProvider := int64(max(1, g.c.Nodes/len(g.provs)) * 4500 / max(1, len(g.stakers)/len(g.provs)))
		amount := new(big.Int).Mul(big.NewInt(perProvider/2+g.rng.Int64N(perProvider+1)), unitSwarm)
		g.bond(t, s, g.provs[i%len(g.provs)], amount)
		t += 7
	}
	for _, n := range g.nodes {
		var gpus []events.GPUSpec
		for _, gp := range n.gpus {
			gpus = append(gpus, events.GPUSpec{UUID: gp.uuid, Model: gp.model, MemMiB: gp.memMiB})
		}
		g.add(t, n.kp, n.id, &events.NodeRegisteredBody{Provider: n.provider, Region: []string{"eu-west", "us-east", "ap-south"}[g.rng.IntN(3)], GPUs: gpus})
		t += 3
		for _, gp := range n.gpus {
			s := g.scheds[g.rng.IntN(2)]
			g.add(t, s, id(s), &events.GPUVerifiedBody{Node: n.id, GPU: gp.uuid, Model: gp.model})
			t += 3
		}
	}
}

func (g *generator) bond(t uint64, staker, provider string, amount *big.Int) {
	pos := g.pos(staker, provider)
	pos.bonded.Add(pos.bonded, amount)
	g.chain(t, &events.StakeBody{Kind: events.ChainBonded, Staker: staker, Provider: provider, Amount: amount})
}

func (g *generator) pos(staker, provider string) *stakePos {
	k := [2]string{staker, provider}
	if g.stake[k] == nil {
		g.stake[k] = &stakePos{new(big.Int), new(big.Int)}
	}
	return g.stake[k]
}

// epoch queues one epoch's traffic, ending with its epoch.closed.
func (g *generator) epoch(e, start, end uint64) {
	span := end - start
	expected := span / 1000 / g.c.IntervalS
	for _, n := range g.nodes {
		beats := expected * uint64(n.uptimeBP) / 10000
		for i := range beats {
			t := start + span/10 + (i*span*8/10)/max(beats, 1) + uint64(g.rng.IntN(500))
			g.add(t, n.kp, n.id, g.heartbeat(n))
		}
	}
	for range g.c.TasksPerEpoch {
		g.task1(start, span)
	}
	if e > 1 {
		g.stakeChurn(start + span/2)
	}
	g.queueUnjails(start, end)
	if g.c.Adversarial {
		g.adversarial(e, start, span)
	}
	g.add(end, g.ledger, id(g.ledger), &events.EpochClosedBody{Epoch: e, StartMs: start, EndMs: end})
}

func (g *generator) heartbeat(n *nodeState) *events.NodeHeartbeatBody {
	b := &events.NodeHeartbeatBody{}
	for _, gp := range n.gpus {
		util := uint64(g.rng.IntN(10001))
		b.GPUs = append(b.GPUs, events.GPUSample{GPU: gp.uuid, UtilBP: util, MemUsedMiB: gp.memMiB * util / 10000,
			TempC: 35 + util*50/10000, PowerMW: 80_000 + util*620_000/10000})
	}
	return b
}

func (g *generator) task1(start, span uint64) {
	n := g.nodes[g.rng.IntN(len(g.nodes))]
	g.task++
	id1 := fmt.Sprintf("task-%d-%d", g.c.Seed, g.task)
	s := g.scheds[g.rng.IntN(2)]
	k := 1 + g.rng.IntN(len(n.gpus))
	var gpus []string
	for _, gp := range n.gpus[:k] {
		gpus = append(gpus, gp.uuid)
	}
	t := start + uint64(g.rng.Int64N(int64(span*6/10))) + span/10
	g.add(t, s, id(s), &events.TaskAssignedBody{Task: id1, Node: n.id, GPUs: gpus})
	done := t + span/20 + uint64(g.rng.Int64N(int64(span/5)))
	var body events.Body
	switch r := g.rng.IntN(100); {
	case r < 70:
		body = &events.TaskCompletedBody{Task: id1, GPUSeconds: uint64(k) * (done - t) / 1000}
	case r < 85:
		body = &events.TaskFailedBody{Task: id1, Fault: events.FaultProvider}
	case r < 95:
		body = &events.TaskFailedBody{Task: id1, Fault: events.FaultRequester}
	default:
		body = &events.TaskFailedBody{Task: id1, Fault: events.FaultNetwork}
	}
	g.add(done, s, id(s), body)
}

// stakeChurn unbonds part of a random position and withdraws earlier unbonds.
func (g *generator) stakeChurn(t uint64) {
	if len(g.stakers) == 0 {
		return
	}
	for i, staker := range g.stakers {
		provider := g.provs[i%len(g.provs)]
		if pos := g.pos(staker, provider); pos.unbonding.Sign() > 0 {
			amount := new(big.Int).Set(pos.unbonding)
			pos.unbonding.SetInt64(0)
			g.chain(t, &events.StakeBody{Kind: events.ChainWithdrawn, Staker: staker, Provider: provider, Amount: amount})
		}
	}
	i := g.rng.IntN(len(g.stakers))
	staker, provider := g.stakers[i], g.provs[i%len(g.provs)]
	pos := g.pos(staker, provider)
	if pos.bonded.Sign() > 0 {
		amount := new(big.Int).Div(pos.bonded, big.NewInt(int64(2+g.rng.IntN(4))))
		pos.bonded.Sub(pos.bonded, amount)
		pos.unbonding.Add(pos.unbonding, amount)
		g.chain(t+1, &events.StakeBody{Kind: events.ChainUnbondRequested, Staker: staker, Provider: provider, Amount: amount, ReleaseAt: t / 1000})
	}
}

// flush assigns seqs in time order, signs in parallel, appends the batch to
// the log and folds it when anchoring.
func (g *generator) flush() error {
	sort.SliceStable(g.batch, func(i, j int) bool {
		if g.batch[i].timeMs != g.batch[j].timeMs {
			return g.batch[i].timeMs < g.batch[j].timeMs
		}
		return g.batch[i].order < g.batch[j].order
	})
	for i := range g.batch {
		p := &g.batch[i]
		if p.ev == nil {
			continue
		}
		p.ev.TimeMs = int64(p.timeMs)
		if p.ev.Src == events.ChainSrc {
			g.placeOnChain(p.ev)
		} else if p.ev.Seq == 0 {
			g.seqs[p.ev.Src]++
			p.ev.Seq = g.seqs[p.ev.Src]
		}
	}
	if len(g.dupes) > 0 {
		g.dedupeTraffic()
		g.dupes = g.dupes[:0]
	}
	msgs, err := signAll(g.batch)
	if err != nil {
		return err
	}
	for i, m := range msgs {
		if g.batch[i].mutate != nil {
			m = g.batch[i].mutate(m)
		}
		g.out = append(g.out, m)
		if g.fold != nil {
			if _, err := g.fold.ApplyMessage(m); err != nil {
				return err
			}
		}
	}
	g.batch = g.batch[:0]
	return nil
}

func signAll(batch []pending) ([][]byte, error) {
	out := make([][]byte, len(batch))
	errs := make([]error, len(batch))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				p := &batch[i]
				if p.ev == nil {
					out[i] = p.raw
					continue
				}
				out[i], errs[i] = events.SignEncode(p.ev, p.kp)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// afterClose reads epoch e's report and queues, early in the next epoch,
// what the chain and the ledger would publish about it: slashes executed,
// claims of some earners, the anchoring of its root, and unjails of nodes
// whose jail has expired.
func (g *generator) afterClose(e, nextStart uint64) error {
	rec, err := g.fold.Epoch(e)
	if err != nil {
		return err
	}
	rep, err := rec.Decoded()
	if err != nil {
		return err
	}
	t := nextStart + 50
	for i, s := range rep.Slashes {
		evidence := events.Keccak256([]byte(s.ID)).String()
		if g.c.DueProcess {
			if s.BP == 0 {
				continue // the contract refuses bp 0: nothing is proposed
			}
			g.chain(t, &events.SlashProposedBody{Provider: s.Provider, BP: s.BP, Evidence: evidence, ExecutableAt: t/1000 + DueProcessDelayS})
			t += 5
			if Vetoed(e, i) {
				g.chain(t, &events.SlashVetoedBody{Evidence: evidence})
				t += 5
				continue
			}
		}
		g.chain(t, &events.SlashedBody{Provider: s.Provider, BP: s.BP, Evidence: evidence,
			Amount: g.slashAmount(s.Provider, s.BP)})
		t += 5
	}
	for i, earner := range rep.Earners {
		if i%3 != int(e%3) {
			continue
		}
		cum, _ := new(big.Int).SetString(earner.Cumulative, 10)
		prev := g.claimed[earner.Address]
		if prev == nil {
			prev = new(big.Int)
		}
		if cum.Cmp(prev) <= 0 {
			continue
		}
		g.chain(t, &events.ClaimedBody{Earner: earner.Address, Amount: new(big.Int).Sub(cum, prev), Cumulative: cum})
		g.claimed[earner.Address] = cum
		t += 5
	}
	if g.c.Adversarial {
		wrong := hash(g.c.Seed, fmt.Sprintf("wrong-root/%d", e))
		g.add(t, g.ledger, id(g.ledger), &events.EpochAnchoredBody{Epoch: e, Root: wrong, Tx: hash(g.c.Seed, "x"), Block: g.block})
		t++
	}
	g.add(t, g.ledger, id(g.ledger), &events.EpochAnchoredBody{Epoch: e, Root: rep.Root, Tx: hash(g.c.Seed, fmt.Sprintf("anchor/%d", e)), Block: g.block})
	for _, j := range rep.Jailed {
		n := g.node(j.Node)
		if n == nil {
			continue
		}
		// Unjail early in the first epoch after the jail (jail_until + 1);
		// an adversarial node also tries too early (jail_active).
		g.unjails = append(g.unjails, pendingUnjail{at: genesisMs + j.Until*g.c.EpochMs + 100, node: n})
		if g.c.Adversarial && j.Until > e {
			g.unjails = append(g.unjails, pendingUnjail{at: genesisMs + e*g.c.EpochMs + 200, node: n})
		}
	}
	return nil
}

// queueUnjails adds the unjails that fall in [start, end).
func (g *generator) queueUnjails(start, end uint64) {
	kept := g.unjails[:0]
	for _, u := range g.unjails {
		if u.at >= start && u.at < end {
			g.add(u.at, u.node.kp, u.node.id, &events.NodeUnjailBody{})
		} else if u.at >= end {
			kept = append(kept, u)
		}
	}
	g.unjails = kept
}

// dedupeTraffic appends, after seqs are assigned: exact re-sends of earlier
// events (duplicates), a conflicting event under an already used id
// (equivocation; twice by one node in epoch 2, which tombstones it), and a
// valid event reusing the seq of a forged one (stale_seq).
func (g *generator) dedupeTraffic() {
	var beats, forged []int
	for i, p := range g.batch {
		if p.ev == nil {
			continue
		}
		if _, ok := p.ev.Body.(*events.NodeHeartbeatBody); ok {
			if p.mutate != nil {
				forged = append(forged, i)
			} else {
				beats = append(beats, i)
			}
		}
	}
	if len(beats) < 2 {
		return
	}
	last := g.batch[len(g.batch)-1].timeMs // the epoch.closed
	later := func(p pending) pending {
		g.order++
		ev := *p.ev // each pending signs its own event
		p.ev, p.order, p.timeMs, p.mutate = &ev, g.order, last-1, nil
		return p
	}
	for range 3 {
		g.batch = append(g.batch, later(g.batch[beats[g.rng.IntN(len(beats))]]))
	}
	equivocate := func(i int) {
		p := later(g.batch[i])
		p.ev = &events.Event{Src: p.ev.Src, Seq: p.ev.Seq, TimeMs: p.ev.TimeMs + 1, Body: &events.NodeHeartbeatBody{}}
		g.batch = append(g.batch, p)
	}
	first := beats[g.rng.IntN(len(beats))]
	equivocate(first)
	if g.dupes[0] == 2 {
		for _, i := range beats {
			if g.batch[i].ev.Src == g.batch[first].ev.Src && g.batch[i].ev.Seq != g.batch[first].ev.Seq {
				equivocate(i)
				break
			}
		}
	}
	for _, i := range forged {
		p := later(g.batch[i])
		p.ev = &events.Event{Src: p.ev.Src, Seq: p.ev.Seq, TimeMs: p.ev.TimeMs, Body: &events.NodeHeartbeatBody{}}
		g.batch = append(g.batch, p)
	}
	// Keep the epoch.closed last.
	closeAt := -1
	for i, p := range g.batch {
		if p.ev != nil {
			if _, ok := p.ev.Body.(*events.EpochClosedBody); ok && p.timeMs == last {
				closeAt = i
			}
		}
	}
	if closeAt >= 0 {
		c := g.batch[closeAt]
		g.batch = append(append(g.batch[:closeAt:closeAt], g.batch[closeAt+1:]...), c)
	}
}

func (g *generator) slashAmount(provider string, bp uint64) *big.Int {
	total := new(big.Int)
	for _, s := range g.stakers {
		pos := g.stake[[2]string{s, provider}]
		if pos == nil {
			continue
		}
		b := new(big.Int).Mul(pos.bonded, new(big.Int).SetUint64(bp))
		b.Quo(b, big.NewInt(10000))
		u := new(big.Int).Mul(pos.unbonding, new(big.Int).SetUint64(bp))
		u.Quo(u, big.NewInt(10000))
		pos.bonded.Sub(pos.bonded, b)
		pos.unbonding.Sub(pos.unbonding, u)
		total.Add(total, b).Add(total, u)
	}
	return total
}

func (g *generator) node(nodeID string) *nodeState {
	for _, n := range g.nodes {
		if n.id == nodeID {
			return n
		}
	}
	return nil
}

// adversarial queues hostile and broken traffic for one epoch.
func (g *generator) adversarial(e, start, span uint64) {
	at := func() uint64 { return start + span/10 + uint64(g.rng.Int64N(int64(span*8/10))) }
	n := g.nodes[g.rng.IntN(len(g.nodes))]
	// Malformed lines, including ones the exporter must base64.
	for _, raw := range []string{"not json", `{"v":1}`, "", "!bang", "two\nlines", "cr\rinside", strings.Repeat("x", events.MaxEventBytes+1)} {
		g.order++
		g.batch = append(g.batch, pending{timeMs: at(), order: g.order, raw: []byte(raw)})
	}
	// A forged signature and a non-canonical copy of a real event.
	p := g.add(at(), n.kp, n.id, g.heartbeat(n))
	p.mutate = forge
	p = g.add(at(), n.kp, n.id, g.heartbeat(n))
	p.mutate = func(m []byte) []byte { return []byte(strings.Replace(string(m), `"v":1}`, `"v": 1}`, 1)) }
	// A node pretending to be a scheduler: unknown_src.
	g.add(at(), n.kp, n.id, &events.GPUVerifiedBody{Node: n.id, GPU: n.gpus[0].uuid, Model: n.gpus[0].model})
	// A wrong model, an unknown task, a task closed by the other scheduler.
	s0, s1 := g.scheds[0], g.scheds[1]
	g.add(at(), s0, id(s0), &events.GPUVerifiedBody{Node: n.id, GPU: n.gpus[0].uuid, Model: "NVIDIA Imaginary"})
	g.add(at(), s0, id(s0), &events.TaskCompletedBody{Task: "no-such-task", GPUSeconds: 1})
	g.task++
	tid := fmt.Sprintf("task-%d-%d", g.c.Seed, g.task)
	t := at()
	g.add(t, s0, id(s0), &events.TaskAssignedBody{Task: tid, Node: n.id, GPUs: []string{n.gpus[0].uuid}})
	g.add(t+1, s0, id(s0), &events.TaskAssignedBody{Task: tid, Node: n.id, GPUs: []string{n.gpus[0].uuid}})
	g.add(t+2, s1, id(s1), &events.TaskCompletedBody{Task: tid, GPUSeconds: 5})
	// An unbond beyond the bond, an epoch closed out of turn.
	g.chain(at(), &events.StakeBody{Kind: events.ChainUnbondRequested, Staker: address(g.c.Seed, "nobody"), Provider: g.provs[0], Amount: unitSwarm, ReleaseAt: 1})
	g.add(at(), g.ledger, id(g.ledger), &events.EpochClosedBody{Epoch: e + 5, StartMs: 1, EndMs: 2})
	// Registrations naming the wrong provider or another node's GPU, an
	// unjail of a node that is not jailed.
	other := g.nodes[(g.rng.IntN(len(g.nodes)-1)+1+g.index(n))%len(g.nodes)]
	spec := []events.GPUSpec{{UUID: n.gpus[0].uuid, Model: n.gpus[0].model, MemMiB: n.gpus[0].memMiB}}
	g.add(at(), n.kp, n.id, &events.NodeRegisteredBody{Provider: address(g.c.Seed, "impostor"), Region: "eu-west", GPUs: spec})
	if other != n {
		spec = append(spec, events.GPUSpec{UUID: other.gpus[0].uuid, Model: other.gpus[0].model, MemMiB: 1})
		g.add(at(), n.kp, n.id, &events.NodeRegisteredBody{Provider: n.provider, Region: "eu-west", GPUs: spec})
	}
	g.add(at(), n.kp, n.id, &events.NodeUnjailBody{})
	g.add(at(), n.kp, n.id, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-not-mine", TempC: 40}}})
	// In epoch 3, a provider revokes one of its nodes, and someone else
	// "revokes" another (accepted, no effect).
	if e == 3 {
		victim := g.nodes[1%len(g.nodes)]
		g.chain(at(), &events.NodeAuthBody{Revoked: true, Provider: victim.provider, Node: victim.id})
		g.chain(at(), &events.NodeAuthBody{Revoked: true, Provider: address(g.c.Seed, "impostor"), Node: n.id})
	}
	// Duplicates and equivocations are made once seqs are known.
	g.dupes = append(g.dupes, e)
}

func (g *generator) index(n *nodeState) int {
	for i, m := range g.nodes {
		if m == n {
			return i
		}
	}
	return 0
}

func forge(m []byte) []byte {
	d, err := events.Decode(m)
	if err != nil {
		return m
	}
	sig, _ := base64.StdEncoding.DecodeString(d.Sig)
	sig[7] ^= 0x40
	return []byte(strings.Replace(string(m), d.Sig, base64.StdEncoding.EncodeToString(sig), 1))
}
