package scenario

import (
	"fmt"
	"math/big"
	"math/rand/v2"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// maxNodeGPUs bounds the GPUs of a generated node.
const maxNodeGPUs = 8

// Phases of an epoch, in thousandths of its span. Events that change what
// later ones may do come first, so the generator's view of the network is
// always the ledger's at that point of the log.
const (
	phaseSettle   = 10  // chain.slashed and chain.claimed after the last close
	phaseAnchor   = 15  // epoch.anchored of the last epoch
	phaseUnjail   = 20  // node.unjail of expired jails
	phaseAuth     = 30  // chain.node_authorized, first bonds
	phaseRegister = 40  // node.registered
	phaseVerify   = 45  // gpu.verified
	phaseBody     = 60  // heartbeats and task assignments start
	phaseAssigned = 750 // task assignments end
	phaseStake    = 800 // bonds, unbonds and withdrawals
	phaseRevoke   = 900 // chain.node_revoked
)

// genNode is the generator's view of one node.
type genNode struct {
	key        *signer
	provider   string
	region     string
	gpus       []events.GPUSpec
	joinEpoch  int
	authorized bool
	registered bool
	jailed     bool
	jailUntil  uint64
	dead       bool // tombstoned
	penalized  bool // equivocated once: another one would tombstone it
	// this epoch
	revoking bool
	hbEnd    int64
}

// task is one task assigned in the current epoch.
type task struct {
	id     string
	sched  int
	node   *genNode
	assign *item
	doneAt int64
}

// epochCtx is the epoch being written.
type epochCtx struct {
	k          int
	start, end int64
	tasks      []*task
}

// t is the time at permille of the epoch.
func (e *epochCtx) t(permille int64) int64 { return e.start + (e.end-e.start)*permille/1000 }

// around is a random time in the first 4 permille after permille, so
// events of one phase spread out but stay before the next phase.
func (e *epochCtx) around(rng *rand.Rand, permille int64) int64 {
	return e.t(permille) + rng.Int64N(max(1, (e.end-e.start)/250))
}

// between is a random time in [from, to) permille of the epoch.
func (e *epochCtx) between(rng *rand.Rand, from, to int64) int64 {
	lo, hi := e.t(from), e.t(to)
	return lo + rng.Int64N(max(1, hi-lo))
}

type generator struct {
	c         Config
	s         *stream
	rng       *rand.Rand
	nodes     []*genNode
	byID      map[string]*genNode
	providers []string
	stakers   []string
	positions [][2]string // (staker, provider), in bonding order
	tasks     int
	prevClose *item
	adv       *adversary
}

// Generate writes the scenario c describes.
func Generate(c Config) (*Scenario, error) {
	if err := c.validateGenerate(); err != nil {
		return nil, err
	}
	s, err := newStream(c)
	if err != nil {
		return nil, err
	}
	defer s.close()
	g := newGenerator(c, s)
	var rep *aggregates.Report
	for k := 1; k <= c.Epochs; k++ {
		e := &epochCtx{k: k, start: GenesisMs + int64(k-1)*c.EpochMs, end: GenesisMs + int64(k)*c.EpochMs}
		g.epoch(e, rep)
		closed := s.ledgerEvent(e.end, &events.EpochClosedBody{Epoch: uint64(k), StartMs: uint64(e.start), EndMs: uint64(e.end)})
		r, err := s.closeEpoch(closed)
		if err != nil {
			return nil, err
		}
		g.prevClose, rep = closed, &r
		g.learn(r)
	}
	tail := &epochCtx{k: c.Epochs + 1, start: GenesisMs + int64(c.Epochs)*c.EpochMs}
	tail.end = tail.start + c.EpochMs
	g.settle(tail, rep)
	return s.scenario()
}

func newGenerator(c Config, s *stream) *generator {
	g := &generator{c: c, s: s, rng: s.rng, byID: map[string]*genNode{}}
	for i := range c.Providers {
		g.providers = append(g.providers, address(c.Seed, fmt.Sprintf("provider/%d", i)))
	}
	for i := range c.Stakers {
		g.stakers = append(g.stakers, address(c.Seed, fmt.Sprintf("staker/%d", i)))
	}
	regions := []string{"eu-central-1", "us-east-1", "us-west-2", "ap-southeast-1", "sa-east-1"}
	weighted := weightedModels(c.Economics.Models)
	for i := range c.Nodes {
		n := &genNode{key: newSigner(c.Seed, fmt.Sprintf("node/%d", i)), provider: g.providers[g.rng.IntN(len(g.providers))],
			region: regions[g.rng.IntN(len(regions))], joinEpoch: 1}
		if c.Epochs > 1 && g.rng.IntN(10000) < c.LateJoinBP {
			n.joinEpoch = 2 + g.rng.IntN(c.Epochs-1)
		}
		for j := range 1 + g.rng.IntN(maxNodeGPUs) {
			n.gpus = append(n.gpus, g.newGPU(n, j, weighted))
		}
		g.nodes = append(g.nodes, n)
		g.byID[n.key.id] = n
	}
	if c.Adversarial {
		g.adv = newAdversary(g)
	}
	return g
}

// newGPU draws a GPU: mostly one model per node, sometimes a second one,
// and now and then a model without a weight.
func (g *generator) newGPU(n *genNode, j int, weighted []Model) events.GPUSpec {
	m := weighted[g.rng.IntN(len(weighted))]
	if j > 0 && g.rng.IntN(4) != 0 {
		m = modelOf(g.c.Economics.Models, n.gpus[0].Model)
	}
	if g.rng.IntN(25) == 0 && len(weighted) < len(g.c.Economics.Models) {
		for _, u := range g.c.Economics.Models {
			if u.WeightMilli == 0 {
				m = u
				break
			}
		}
	}
	return events.GPUSpec{UUID: gpuUUID(g.c.Seed, fmt.Sprintf("%s/%d/%d", n.key.id, j, g.rng.Uint32())), Model: m.Name, MemMiB: m.MemMiB}
}

func modelOf(models []Model, name string) Model {
	for _, m := range models {
		if m.Name == name {
			return m
		}
	}
	return Model{Name: name}
}

// epoch queues the traffic of one epoch, up to (not including) its close.
func (g *generator) epoch(e *epochCtx, prev *aggregates.Report) {
	g.settle(e, prev)
	g.unjail(e)
	g.join(e)
	if e.k == 1 {
		g.bondAll(e)
	}
	g.planRevocations(e)
	if g.adv != nil {
		g.adv.plan(e)
	}
	for _, n := range g.nodes {
		g.heartbeats(e, n)
	}
	for _, n := range g.nodes {
		if n.registered && !n.jailed && !n.dead {
			g.nodeTasks(e, n)
		}
	}
	if e.k > 1 {
		g.stakeChurn(e)
	}
	g.revoke(e)
	if g.adv != nil {
		g.adv.attack(e)
	}
}

// settle publishes what follows the close of the previous epoch: the
// executed slashes, some claims and the anchoring of its root.
func (g *generator) settle(e *epochCtx, prev *aggregates.Report) {
	if prev == nil {
		return
	}
	// In report order: slashes of one provider do not commute (floors).
	for i, sl := range prev.Slashes {
		g.s.chain(e.t(phaseSettle)+int64(i), slashBody(g.s.stakes, sl))
	}
	for _, earner := range prev.Earners {
		if g.rng.IntN(100) < 35 {
			if body := claimBody(earner, g.s.claimed); body != nil {
				g.s.chain(e.around(g.rng, phaseSettle), body)
			}
		}
	}
	if g.adv != nil {
		g.adv.wrongAnchor(e, prev)
	}
	at := e.t(phaseAnchor)
	g.s.ledgerEvent(at, anchorBody(g.c.Seed, uint64(e.k-1), prev.Root, at))
}

// anchorBody is the ledger's record of anchoring root for epoch in the
// block of time at.
func anchorBody(seed int64, epoch uint64, root string, at int64) *events.EpochAnchoredBody {
	return &events.EpochAnchoredBody{Epoch: epoch, Root: root, Tx: hash(seed, fmt.Sprintf("anchor/%d/%s", epoch, root)), Block: blockAt(at)}
}

// learn takes the jail decisions of a report.
func (g *generator) learn(rep aggregates.Report) {
	for _, j := range rep.Jailed {
		if n := g.byID[j.Node]; n != nil {
			n.jailed, n.jailUntil = true, j.Until
		}
	}
	for _, n := range g.nodes {
		if n.revoking {
			n.revoking, n.authorized, n.registered = false, false, false
		}
	}
	if g.adv != nil {
		g.adv.learn()
	}
}

// unjail writes node.unjail for every jail that has expired.
func (g *generator) unjail(e *epochCtx) {
	for _, n := range g.nodes {
		if n.jailed && !n.dead && uint64(e.k) > n.jailUntil {
			g.s.add(e.around(g.rng, phaseUnjail), n.key, n.key.id, &events.NodeUnjailBody{})
			n.jailed = false
		}
	}
}

// join authorizes, registers and verifies nodes that join or return this
// epoch, and re-registers some nodes with a changed GPU list.
func (g *generator) join(e *epochCtx) {
	for _, n := range g.nodes {
		switch {
		case n.dead || e.k < n.joinEpoch:
		case !n.authorized:
			g.s.chain(e.around(g.rng, phaseAuth), &events.NodeAuthBody{Provider: n.provider, Node: n.key.id})
			n.authorized = true
			g.register(e, n, n.gpus)
		case e.k > 1 && g.rng.IntN(20000) < g.c.ChurnBP:
			g.register(e, n, g.changeGPUs(n))
		}
	}
}

// register writes node.registered and the schedulers' verifications of
// the GPUs that need one; a few GPUs are never verified.
func (g *generator) register(e *epochCtx, n *genNode, gpus []events.GPUSpec) {
	old := map[string]string{}
	if n.registered {
		for _, gp := range n.gpus {
			old[gp.UUID] = gp.Model
		}
	}
	g.s.add(e.around(g.rng, phaseRegister), n.key, n.key.id, &events.NodeRegisteredBody{Provider: n.provider, Region: n.region, GPUs: gpus})
	n.gpus, n.registered = gpus, true
	for _, gp := range gpus {
		if m, ok := old[gp.UUID]; (ok && m == gp.Model) || g.rng.IntN(100) < 3 {
			continue
		}
		sched := g.s.scheds[g.rng.IntN(len(g.s.scheds))]
		g.s.add(e.around(g.rng, phaseVerify), sched, sched.id, &events.GPUVerifiedBody{Node: n.key.id, GPU: gp.UUID, Model: gp.Model})
	}
}

// changeGPUs adds a GPU or swaps the last one for a new one.
func (g *generator) changeGPUs(n *genNode) []events.GPUSpec {
	gpus := append([]events.GPUSpec(nil), n.gpus...)
	fresh := g.newGPU(n, len(gpus), weightedModels(g.c.Economics.Models))
	if len(gpus) < maxNodeGPUs && g.rng.IntN(2) == 0 {
		return append(gpus, fresh)
	}
	gpus[len(gpus)-1] = fresh
	return gpus
}

// bondAll writes the first bonds: each staker backs one provider (some a
// second one) with about its share of the stake the provider's GPUs need,
// and provider 0 also bonds to itself.
func (g *generator) bondAll(e *epochCtx) {
	if len(g.stakers) == 0 {
		return
	}
	for i, st := range g.stakers {
		g.positions = append(g.positions, [2]string{st, g.providers[i%len(g.providers)]})
		if len(g.providers) > 1 && g.rng.IntN(10) < 3 {
			g.positions = append(g.positions, [2]string{st, g.providers[(i+1)%len(g.providers)]})
		}
	}
	g.positions = append(g.positions, [2]string{g.providers[0], g.providers[0]})
	backers := map[string]int64{}
	for _, p := range g.positions {
		backers[p[1]]++
	}
	for _, p := range g.positions {
		need := new(big.Int).Mul(g.c.Economics.MinStakePerGPU, big.NewInt(max(1, g.providerGPUs(p[1]))))
		amount := new(big.Int).Mul(need, big.NewInt(5000+g.rng.Int64N(10001)))
		amount.Quo(amount, big.NewInt(10000*backers[p[1]]))
		amount.Add(amount, big.NewInt(g.rng.Int64N(1_000_000_000)))
		g.stake(e.around(g.rng, phaseAuth), events.ChainBonded, p[0], p[1], amount, 0)
	}
}

// providerGPUs is the number of weighted GPUs of the provider's nodes.
func (g *generator) providerGPUs(provider string) int64 {
	var n int64
	for _, node := range g.nodes {
		if node.provider != provider {
			continue
		}
		for _, gp := range node.gpus {
			if modelOf(g.c.Economics.Models, gp.Model).WeightMilli > 0 {
				n++
			}
		}
	}
	return n
}

func (g *generator) stake(at int64, kind events.Type, staker, provider string, amount *big.Int, releaseAt uint64) {
	body := &events.StakeBody{Kind: kind, Staker: staker, Provider: provider, Amount: amount, ReleaseAt: releaseAt}
	g.s.stakes.apply(body)
	g.s.chain(at, body)
}

// planRevocations picks the nodes their providers revoke late this epoch
// (they return the next one).
func (g *generator) planRevocations(e *epochCtx) {
	for _, n := range g.nodes {
		n.hbEnd = e.end
		if e.k < g.c.Epochs && n.registered && !n.dead && g.rng.IntN(20000) < g.c.ChurnBP {
			n.revoking, n.hbEnd = true, e.t(phaseRevoke)
		}
	}
}

func (g *generator) revoke(e *epochCtx) {
	for _, n := range g.nodes {
		if n.revoking {
			g.s.chain(e.around(g.rng, phaseRevoke), &events.NodeAuthBody{Revoked: true, Provider: n.provider, Node: n.key.id})
		}
	}
}

// heartbeats writes a registered node's heartbeats, spread evenly over its
// part of the epoch; some node-epochs have an outage below the downtime
// threshold.
func (g *generator) heartbeats(e *epochCtx, n *genNode) {
	if !n.registered || n.dead {
		return
	}
	uptime := g.c.HeartbeatUptimeBP + g.rng.IntN(10001-g.c.HeartbeatUptimeBP)
	if g.rng.IntN(10000) < g.c.DowntimeBP {
		uptime = g.rng.IntN(max(1, g.c.Economics.DowntimeThresholdBP))
	}
	beats := g.c.expectedBeats() * int64(uptime) / 10000
	from, to := e.t(phaseBody), n.hbEnd
	if beats == 0 || to <= from {
		return
	}
	step := (to - from) / beats
	for i := range beats {
		at := from + i*step + g.rng.Int64N(max(1, step/2))
		g.s.add(at, n.key, n.key.id, telemetry(g.rng, n.gpus))
	}
}

// nodeTasks writes the tasks of one eligible node: their sizes aim at
// UtilizationBP of its GPU time; outcomes are mostly completions, then
// provider faults, requester and network failures. A task may finish in a
// later epoch.
func (g *generator) nodeTasks(e *epochCtx, n *genNode) {
	per := int64(max(1, g.c.TasksPerNode))
	span := e.end - e.start
	for range g.rng.IntN(2*g.c.TasksPerNode + 1) {
		k := 1 + g.rng.IntN(len(n.gpus))
		off := g.rng.IntN(len(n.gpus) - k + 1)
		gpus := make([]string, k)
		for i := range gpus {
			gpus[i] = n.gpus[off+i].UUID
		}
		base := int64(g.c.UtilizationBP) * span * int64(len(n.gpus)) / (10000 * per * int64(k))
		dur := min(2*span, max(1000, base/2+g.rng.Int64N(base+1)))
		g.tasks++
		si := g.rng.IntN(len(g.s.scheds))
		sched := g.s.scheds[si]
		t := &task{id: fmt.Sprintf("task-%08d", g.tasks), sched: si, node: n}
		at := e.between(g.rng, phaseBody, phaseAssigned)
		t.assign = g.s.add(at, sched, sched.id, &events.TaskAssignedBody{Task: t.id, Node: n.key.id, GPUs: gpus})
		t.doneAt = at + dur
		g.s.add(t.doneAt, sched, sched.id, g.outcome(t.id, uint64(k)*uint64(dur)/1000))
		e.tasks = append(e.tasks, t)
	}
}

func (g *generator) outcome(id string, gpuSeconds uint64) events.Body {
	switch r := g.rng.IntN(100); {
	case r < 78:
		return &events.TaskCompletedBody{Task: id, GPUSeconds: max(1, gpuSeconds)}
	case r < 88:
		return &events.TaskFailedBody{Task: id, Fault: events.FaultProvider}
	case r < 95:
		return &events.TaskFailedBody{Task: id, Fault: events.FaultRequester}
	default:
		return &events.TaskFailedBody{Task: id, Fault: events.FaultNetwork}
	}
}

// stakeChurn withdraws released unbondings, and bonds more to or unbonds
// part of some positions; one position per epoch always unbonds.
func (g *generator) stakeChurn(e *epochCtx) {
	forced := -1
	if len(g.positions) > 0 {
		forced = (e.k - 2) % len(g.positions)
	}
	for i, key := range g.positions {
		at := e.around(g.rng, phaseStake)
		p := g.s.stakes.get(key[0], key[1])
		if p.unbonding.Sign() > 0 && p.releaseAt <= uint64(at/1000) && g.rng.IntN(10) < 7 {
			g.stake(at, events.ChainWithdrawn, key[0], key[1], new(big.Int).Set(p.unbonding), 0)
		}
		switch r := g.rng.IntN(100); {
		case r < 8:
			more := fraction(p.bonded, 1000+g.rng.Int64N(3001))
			if more.Sign() == 0 {
				more = new(big.Int).Set(g.c.Economics.MinStakePerGPU)
			}
			g.stake(at+1, events.ChainBonded, key[0], key[1], more, 0)
		case r < 16 || i == forced:
			if part := fraction(p.bonded, 1000+g.rng.Int64N(4001)); part.Sign() > 0 {
				release := uint64((at + g.c.EpochMs) / 1000)
				g.stake(at+2, events.ChainUnbondRequested, key[0], key[1], part, release)
			}
		}
	}
}

// fraction is ⌊v · bp / 10000⌋.
func fraction(v *big.Int, bp int64) *big.Int {
	out := new(big.Int).Mul(v, big.NewInt(bp))
	return out.Quo(out, big.NewInt(10000))
}
