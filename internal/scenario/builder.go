package scenario

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// ErrEpochFull is returned when a Builder epoch holds more events than fit
// at builderStepMs apart.
var ErrEpochFull = errors.New("scenario: too many events for one epoch")

// builderStepMs separates consecutive Builder events.
const builderStepMs = 100

// Builder writes a scenario event by event: each call queues one event at
// the next moment of the current epoch, so log order is call order, and
// Close ends the epoch. Errors are sticky and returned by Close and
// Scenario, which ends the builder and releases its ledger.
type Builder struct {
	cfg   Config
	s     *stream
	epoch uint64
	start int64
	now   int64
	err   error
}

// Node is a node identity with the GPUs it registers.
type Node struct {
	ID       string
	Provider string
	GPUs     []events.GPUSpec
	key      *signer
}

// Ref is a queued event, for copies, reuses of its seq and its outcome.
type Ref struct{ it *item }

// Reason is the ledger's verdict on the event, known once its epoch is
// closed (or Scenario has been called).
func (r Ref) Reason() events.Reason { return r.it.reason }

// Seq is the event's seq, known once its epoch is closed (0 for a copy or
// a raw message).
func (r Ref) Seq() uint64 { return r.it.ev.Seq }

// NewBuilder starts a scenario in epoch 1 with the parameters of c; only
// Seed, Schedulers, EpochMs, HeartbeatIntervalS and Economics matter.
func NewBuilder(c Config) (*Builder, error) {
	s, err := newStream(c)
	if err != nil {
		return nil, err
	}
	return &Builder{cfg: c, s: s, epoch: 1, start: GenesisMs, now: GenesisMs + builderStepMs}, nil
}

// Epoch is the current (open) epoch.
func (b *Builder) Epoch() uint64 { return b.epoch }

// Provider is the address of provider i.
func (b *Builder) Provider(i int) string { return address(b.cfg.Seed, fmt.Sprintf("provider/%d", i)) }

// Staker is the address of staker i.
func (b *Builder) Staker(i int) string { return address(b.cfg.Seed, fmt.Sprintf("staker/%d", i)) }

// Params returns the parsed parameters.
func (b *Builder) Params() *aggregates.Params { return b.s.params }

// NewNode derives the node labelled label, run for provider, with one GPU
// of each model given.
func (b *Builder) NewNode(label, provider string, models ...string) *Node {
	n := &Node{key: newSigner(b.cfg.Seed, "node/"+label), Provider: provider}
	n.ID = n.key.id
	for i, m := range models {
		n.GPUs = append(n.GPUs, events.GPUSpec{UUID: gpuUUID(b.cfg.Seed, fmt.Sprintf("%s/%d", label, i)),
			Model: m, MemMiB: memOf(b.cfg.Economics.Models, m)})
	}
	return n
}

// gpuUUID derives an NVIDIA-style GPU uuid.
func gpuUUID(seed int64, label string) string {
	h := derive(seed, "gpu", label)
	x := hex.EncodeToString(h[:16])
	return "GPU-" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func memOf(models []Model, name string) uint64 {
	for _, m := range models {
		if m.Name == name {
			return m.MemMiB
		}
	}
	return 16384
}

// tick is the time of the next event.
func (b *Builder) tick() int64 {
	t := b.now
	b.now += builderStepMs
	if b.now >= b.start+b.cfg.EpochMs && b.err == nil {
		b.err = fmt.Errorf("%w: epoch %d", ErrEpochFull, b.epoch)
	}
	return t
}

func (b *Builder) node(n *Node, body events.Body) Ref {
	return Ref{b.s.add(b.tick(), n.key, n.ID, body)}
}

func (b *Builder) sched(i int, body events.Body) Ref {
	k := b.s.scheds[i]
	return Ref{b.s.add(b.tick(), k, k.id, body)}
}

// Authorize writes chain.node_authorized for n by its provider.
func (b *Builder) Authorize(n *Node) Ref {
	return Ref{b.s.chain(b.tick(), &events.NodeAuthBody{Provider: n.Provider, Node: n.ID})}
}

// Revoke writes chain.node_revoked for n by provider.
func (b *Builder) Revoke(n *Node, provider string) Ref {
	return Ref{b.s.chain(b.tick(), &events.NodeAuthBody{Revoked: true, Provider: provider, Node: n.ID})}
}

// Register writes n's node.registered with its provider and GPUs.
func (b *Builder) Register(n *Node) Ref {
	return b.RegisterWith(n, n.Provider, n.GPUs)
}

// RegisterWith writes a node.registered of n naming provider and gpus.
func (b *Builder) RegisterWith(n *Node, provider string, gpus []events.GPUSpec) Ref {
	return b.node(n, &events.NodeRegisteredBody{Provider: provider, Region: "eu-central-1", GPUs: gpus})
}

// Verify writes gpu.verified by scheduler 0 for each of n's GPUs.
func (b *Builder) Verify(n *Node) {
	for _, g := range n.GPUs {
		b.VerifyGPU(0, n, g.UUID, g.Model)
	}
}

// VerifyGPU writes gpu.verified by scheduler sched.
func (b *Builder) VerifyGPU(sched int, n *Node, uuid, model string) Ref {
	return b.sched(sched, &events.GPUVerifiedBody{Node: n.ID, GPU: uuid, Model: model})
}

// Join authorizes, registers and verifies n.
func (b *Builder) Join(n *Node) {
	b.Authorize(n)
	b.Register(n)
	b.Verify(n)
}

// Heartbeat writes one heartbeat of n with telemetry for all its GPUs.
func (b *Builder) Heartbeat(n *Node) Ref { return b.node(n, telemetry(b.s.rng, n.GPUs)) }

// Heartbeats writes count heartbeats of n.
func (b *Builder) Heartbeats(n *Node, count int) {
	for range count {
		b.Heartbeat(n)
	}
}

// FullUptime writes E heartbeats (SPEC §5) for each node.
func (b *Builder) FullUptime(nodes ...*Node) {
	for _, n := range nodes {
		b.Heartbeats(n, int(b.cfg.expectedBeats()))
	}
}

// Unjail writes node.unjail of n.
func (b *Builder) Unjail(n *Node) Ref { return b.node(n, &events.NodeUnjailBody{}) }

// Assign writes task.assigned by scheduler sched of task to n, on gpus
// (all of n's GPUs when none are given).
func (b *Builder) Assign(sched int, task string, n *Node, gpus ...string) Ref {
	if len(gpus) == 0 {
		for _, g := range n.GPUs {
			gpus = append(gpus, g.UUID)
		}
	}
	return b.sched(sched, &events.TaskAssignedBody{Task: task, Node: n.ID, GPUs: gpus})
}

// Complete writes task.completed by scheduler sched.
func (b *Builder) Complete(sched int, task string, gpuSeconds uint64) Ref {
	return b.sched(sched, &events.TaskCompletedBody{Task: task, GPUSeconds: gpuSeconds})
}

// Fail writes task.failed by scheduler sched.
func (b *Builder) Fail(sched int, task, fault string) Ref {
	return b.sched(sched, &events.TaskFailedBody{Task: task, Fault: fault})
}

func (b *Builder) stake(kind events.Type, staker, provider string, amount *big.Int, releaseAt uint64) Ref {
	body := &events.StakeBody{Kind: kind, Staker: staker, Provider: provider, Amount: new(big.Int).Set(amount), ReleaseAt: releaseAt}
	b.s.stakes.apply(body)
	return Ref{b.s.chain(b.tick(), body)}
}

// Bond writes chain.bonded.
func (b *Builder) Bond(staker, provider string, amount *big.Int) Ref {
	return b.stake(events.ChainBonded, staker, provider, amount, 0)
}

// Unbond writes chain.unbond_requested, releasing one epoch later.
func (b *Builder) Unbond(staker, provider string, amount *big.Int) Ref {
	release := uint64(b.now+b.cfg.EpochMs) / 1000
	return b.stake(events.ChainUnbondRequested, staker, provider, amount, release)
}

// Withdraw writes chain.withdrawn.
func (b *Builder) Withdraw(staker, provider string, amount *big.Int) Ref {
	return b.stake(events.ChainWithdrawn, staker, provider, amount, 0)
}

// ExecuteSlashes writes chain.slashed for every slash of rep, with the
// amount the staking contract slashes.
func (b *Builder) ExecuteSlashes(rep aggregates.Report) {
	for _, sl := range rep.Slashes {
		b.s.chain(b.tick(), slashBody(b.s.stakes, sl))
	}
}

func slashBody(book *stakeBook, sl aggregates.ReportSlash) *events.SlashedBody {
	return &events.SlashedBody{Provider: sl.Provider, BP: sl.BP, Evidence: events.Keccak256([]byte(sl.ID)).String(),
		Amount: book.slash(sl.Provider, sl.BP)}
}

// ClaimAll writes chain.claimed of every earner of rep with a cumulative
// above its last claim.
func (b *Builder) ClaimAll(rep aggregates.Report) {
	for _, e := range rep.Earners {
		if body := claimBody(e, b.s.claimed); body != nil {
			b.s.chain(b.tick(), body)
		}
	}
}

// claimBody is the claim of e's cumulative, or nil when nothing is new.
func claimBody(e aggregates.EarnerAmount, claimed map[string]*big.Int) *events.ClaimedBody {
	cum, ok := new(big.Int).SetString(e.Cumulative, 10)
	prev := claimed[e.Address]
	if prev == nil {
		prev = new(big.Int)
	}
	if !ok || cum.Cmp(prev) <= 0 {
		return nil
	}
	claimed[e.Address] = cum
	return &events.ClaimedBody{Earner: e.Address, Amount: new(big.Int).Sub(cum, prev), Cumulative: cum}
}

// Anchor writes epoch.anchored of epoch with root.
func (b *Builder) Anchor(epoch uint64, root string) Ref {
	at := b.tick()
	return Ref{b.s.ledgerEvent(at, anchorBody(b.cfg.Seed, epoch, root, at))}
}

// AnchorReported writes epoch.anchored of a closed epoch with its reported
// root.
func (b *Builder) AnchorReported(epoch uint64) Ref {
	if epoch < 1 || epoch > uint64(len(b.s.reports)) {
		b.err = firstErr(b.err, fmt.Errorf("%w: epoch %d is not closed", ErrOrder, epoch))
		return b.Anchor(epoch, hash(b.cfg.Seed, "unclosed"))
	}
	return b.Anchor(epoch, b.s.reports[epoch-1].Root)
}

// firstErr keeps the first error.
func firstErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// CloseAs writes an epoch.closed with the given members without closing
// the builder's epoch (for out-of-turn closes).
func (b *Builder) CloseAs(epoch uint64, startMs, endMs int64) Ref {
	return Ref{b.s.ledgerEvent(b.tick(), &events.EpochClosedBody{Epoch: epoch, StartMs: uint64(startMs), EndMs: uint64(endMs)})}
}

// Copy writes an exact re-send of r.
func (b *Builder) Copy(r Ref) Ref { return Ref{b.s.copyOf(b.tick(), r.it)} }

// Reuse writes an event with r's source, signer and seq and the given body:
// an equivocation when r was accepted, a stale seq when it was rejected.
func (b *Builder) Reuse(r Ref, body events.Body) Ref { return Ref{b.s.reuse(b.tick(), r.it, body)} }

// Equivocate writes a heartbeat of n with fresh telemetry under r's seq.
func (b *Builder) Equivocate(n *Node, r Ref) Ref { return b.Reuse(r, telemetry(b.s.rng, n.GPUs)) }

// Raw writes msg as it is.
func (b *Builder) Raw(msg []byte) Ref { return Ref{b.s.rawMsg(b.tick(), msg)} }

// Close writes epoch.closed for the current epoch, folds the epoch and
// returns its report.
func (b *Builder) Close() (aggregates.Report, error) {
	if b.err != nil {
		return aggregates.Report{}, b.err
	}
	end := b.start + b.cfg.EpochMs
	closed := b.s.ledgerEvent(end, &events.EpochClosedBody{Epoch: b.epoch, StartMs: uint64(b.start), EndMs: uint64(end)})
	rep, err := b.s.closeEpoch(closed)
	if err != nil {
		b.err = err
		return rep, err
	}
	b.epoch++
	b.start, b.now = end, end+builderStepMs
	return rep, nil
}

// Scenario folds the events written after the last close and returns the
// scenario. The builder is done afterwards.
func (b *Builder) Scenario() (*Scenario, error) {
	defer b.s.close()
	if b.err != nil {
		return nil, b.err
	}
	return b.s.scenario()
}

// telemetry is a heartbeat with one plausible sample for each GPU.
func telemetry(rng *rand.Rand, gpus []events.GPUSpec) *events.NodeHeartbeatBody {
	body := &events.NodeHeartbeatBody{GPUs: make([]events.GPUSample, len(gpus))}
	for i, g := range gpus {
		util := uint64(rng.IntN(10001))
		body.GPUs[i] = events.GPUSample{GPU: g.UUID, UtilBP: util, MemUsedMiB: g.MemMiB * util / 10000,
			TempC: 32 + util*52/10000 + uint64(rng.IntN(4)), PowerMW: 70_000 + util*630_000/10000}
		if rng.IntN(5000) == 0 {
			body.GPUs[i].XID = 79 // fell off the bus
		}
	}
	return body
}
