package sim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// The world's fixed shape. Times are simulation milliseconds.
const (
	genesisMs      = 1_767_225_600_000 // 2026-01-01T00:00:00Z
	epochMs        = 20_000
	intervalS      = 2 // heartbeat_interval_s
	windowMs       = 3_000
	confirmations  = 3
	unbondingS     = 30
	slashDelayS    = 10 // the staking contract's slashDelay
	minTickMs      = 20
	maxTickMs      = 80
	maxBatch       = 32
	maxQuiesceLoop = 400
)

// gpuModels are the models nodes run; the last has no weight.
var gpuModels = []struct {
	name   string
	milli  int
	memMiB uint64
}{
	{"NVIDIA H100 80GB HBM3", 1000, 81559},
	{"NVIDIA A100-SXM4-80GB", 617, 81920},
	{"NVIDIA L40S", 413, 46068},
	{"NVIDIA T4", 0, 15360},
}

func keyPair(seed uint64, label string) nkeys.KeyPair { return gen.DeriveKey("swarm-sim", seed, label) }

func publicID(kp nkeys.KeyPair) string { return gen.PublicID(kp) }

func address(seed uint64, label string) string { return gen.DeriveAddress("swarm-sim", seed, label) }

// paramsJSON is the parameters file of a world: its ledger key and
// schedulers, economics sized for a handful of nodes.
func paramsJSON(ledger string, schedulers []string) []byte {
	weights := map[string]int{}
	for _, m := range gpuModels {
		if m.milli > 0 {
			weights[m.name] = m.milli
		}
	}
	p := map[string]any{
		"chain_id": 1337, "ledger": ledger, "schedulers": schedulers,
		"heartbeat_interval_s": intervalS, "base_emission": "1000000000000000000000",
		"scale_min_bp": 4000, "weight_compute_bp": 7000, "weight_avail_bp": 3000,
		"gpu_weights_milli": weights, "min_stake_per_gpu": "1000000000000000000000",
		"commission_bp": 1000, "downtime_threshold_bp": 5000, "downtime_slash_bp": 50,
		"downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 2, "max_stakers_per_provider": 64,
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return b
}

// world is everything one seed simulates.
type world struct {
	cfg       Config
	rng       *rand.Rand
	now       uint64
	step      int
	quiet     bool // the final drain: no new traffic, no faults
	params    *aggregates.Params
	ledgerKey nkeys.KeyPair
	providers []string
	stakers   []string
	stream    *stream
	agents    []*agent
	scheds    []*scheduler
	rogue     *rogue
	chain     *chainSim
	watch     *watcher
	settler   *settler
	ledger    *ledgerProc
	check     *checker
	res       Result
}

func newWorld(cfg Config) (*world, error) {
	seed := cfg.Seed
	w := &world{cfg: cfg, rng: rand.New(rand.NewPCG(seed, 0x5eed5eed5eed5eed)), now: genesisMs,
		ledgerKey: keyPair(seed, "ledger"), stream: newStream(windowMs), check: newChecker()}
	w.res = Result{Seed: seed, Verdicts: map[events.Reason]int{}}
	for i := range 2 + w.rng.IntN(3) {
		w.providers = append(w.providers, address(seed, fmt.Sprintf("provider/%d", i)))
	}
	for i := range 3 + w.rng.IntN(4) {
		w.stakers = append(w.stakers, address(seed, fmt.Sprintf("staker/%d", i)))
	}
	for i := range 2 {
		w.scheds = append(w.scheds, newScheduler(seed, i))
	}
	ids := []string{publicID(w.scheds[0].kp), publicID(w.scheds[1].kp)}
	params, err := aggregates.ParseParams(paramsJSON(publicID(w.ledgerKey), ids))
	if err != nil {
		return nil, fmt.Errorf("sim: parameters: %w", err)
	}
	w.params = params
	for i := range 3 + w.rng.IntN(4) {
		w.agents = append(w.agents, w.newAgent(i))
	}
	w.rogue = &rogue{kp: keyPair(seed, "rogue"), out: &outbox{}}
	w.chain = newChainSim(seed)
	w.watch = newWatcher(w)
	w.settler = newSettler(w)
	if w.ledger, err = newLedgerProc(w.params, cfg.Hooks); err != nil {
		return nil, err
	}
	w.genesisTxs()
	return w, nil
}

// genesisTxs queues what providers and stakers do first: authorize their
// nodes (a few later, so early registrations are refused) and bond.
func (w *world) genesisTxs() {
	for _, a := range w.agents {
		if w.rng.IntN(4) > 0 {
			w.chain.submit(&tx{kind: txAuthorize, from: a.provider, node: a.key})
		}
	}
	for i, s := range w.stakers {
		w.chain.submit(&tx{kind: txBond, from: s, provider: w.providers[i%len(w.providers)], amount: chain.Swarm(500 + w.rng.Int64N(3000))})
	}
}

// pick returns an index in [0, n) (n > 0).
func (w *world) pick(n int) int { return w.rng.IntN(n) }

// chance is true with probability perMille/1000.
func (w *world) chance(perMille int) bool { return w.rng.IntN(1000) < perMille }

// sign signs ev with kp; a failure is a bug of the simulation's events.
func sign(ev *events.Event, kp nkeys.KeyPair) []byte {
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		panic(fmt.Errorf("sim: sign %s: %w", ev.ID(), err))
	}
	return msg
}
