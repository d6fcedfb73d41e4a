package gen

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Config shapes a generated log.
type Config struct {
	Seed          uint64
	Epochs        int
	Nodes         int
	Providers     int
	Stakers       int
	EpochMs       uint64
	IntervalS     uint64 // heartbeat_interval_s
	TasksPerEpoch int
	// Anchor folds each epoch while generating, to publish claims and
	// epoch.anchored with the real roots (costs a replay of the log).
	Anchor      bool
	Adversarial bool
	// DueProcess publishes each decided slash's due process (SPEC §6.6):
	// chain.slash_proposed, then chain.slashed, or for the slashes Vetoed
	// names chain.slash_vetoed and no execution. Off, the log is as before
	// it existed.
	DueProcess bool
}

// Vetoed reports whether, with Config.DueProcess, the i-th slash of epoch
// e's report is vetoed rather than executed: about one in three.
func Vetoed(e uint64, i int) bool { return (e+uint64(i))%3 == 2 }

// DueProcessDelayS is the slash delay (seconds) of generated
// chain.slash_proposed events.
const DueProcessDelayS = 60

// DefaultConfig is a small multi-epoch network.
func DefaultConfig() Config {
	return Config{Seed: 1, Epochs: 4, Nodes: 12, Providers: 4, Stakers: 6, EpochMs: 600_000, IntervalS: 30,
		TasksPerEpoch: 20, Anchor: true, Adversarial: true}
}

// Scenario is a generated log and its parameters.
type Scenario struct {
	Params   []byte // params.json
	Messages [][]byte
}

// Models and their weights in generated parameters; the last has no weight.
var models = []struct {
	name   string
	milli  int
	memMiB uint64
}{
	{"NVIDIA H100 80GB HBM3", 1000, 81559},
	{"NVIDIA A100-SXM4-80GB", 617, 81920},
	{"NVIDIA L40S", 413, 46068},
	{"NVIDIA GeForce RTX 4090", 333, 24564},
	{"NVIDIA T4", 0, 15360},
}

const genesisMs = 1_736_154_000_000

// DeriveKey derives a deterministic nkey user key from a namespace, a seed
// and a label (sha256 of "ns/seed/label" as the raw seed). Generators and
// simulations each use their own namespace.
func DeriveKey(ns string, seed uint64, label string) nkeys.KeyPair {
	h := sha256.Sum256(fmt.Appendf(nil, "%s/%d/%s", ns, seed, label))
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, h[:])
	if err != nil {
		panic(err) // 32 bytes always make a key
	}
	return kp
}

// DeriveAddress derives a deterministic EVM address (lowercase hex) from a
// namespace, a seed and a label.
func DeriveAddress(ns string, seed uint64, label string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s-addr/%d/%s", ns, seed, label))
	return fmt.Sprintf("0x%x", h[:20])
}

// PublicID is a key's public id (panics only for a key that has none).
func PublicID(kp nkeys.KeyPair) string {
	p, err := kp.PublicKey()
	if err != nil {
		panic(err)
	}
	return p
}

func key(seed uint64, label string) nkeys.KeyPair { return DeriveKey("swarm-gen", seed, label) }

func id(kp nkeys.KeyPair) string { return PublicID(kp) }

func address(seed uint64, label string) string { return DeriveAddress("swarm-gen", seed, label) }

func hash(seed uint64, label string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "swarm-gen-hash/%d/%s", seed, label))
	return fmt.Sprintf("0x%x", h[:])
}

// LedgerKey is the ledger key the generated parameters name (it signs chain
// and epoch events).
func (c Config) LedgerKey() nkeys.KeyPair { return key(c.Seed, "ledger") }

// Params returns the generated parameters file.
func (c Config) Params() []byte {
	weights := map[string]int{}
	for _, m := range models {
		if m.milli > 0 {
			weights[m.name] = m.milli
		}
	}
	p := map[string]any{
		"chain_id": 1337, "ledger": id(key(c.Seed, "ledger")),
		"schedulers":           []string{id(key(c.Seed, "sched/0")), id(key(c.Seed, "sched/1"))},
		"heartbeat_interval_s": c.IntervalS, "base_emission": "1000000000000000000000",
		"scale_min_bp": 4000, "weight_compute_bp": 7000, "weight_avail_bp": 3000,
		"gpu_weights_milli": weights, "min_stake_per_gpu": "1000000000000000000000",
		"commission_bp": 1000, "downtime_threshold_bp": 5000, "downtime_slash_bp": 50,
		"downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 3, "max_stakers_per_provider": 64,
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// WriteDir writes params.json and log.ndjson.
func (s *Scenario) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "params.json"), s.Params, 0o644); err != nil {
		return err
	}
	return events.WriteExportFile(filepath.Join(dir, "log.ndjson"), s.Messages)
}

// pending is an event waiting for its seq and signature; raw messages
// (malformed lines) skip signing.
type pending struct {
	timeMs uint64
	order  int
	kp     nkeys.KeyPair
	ev     *events.Event
	raw    []byte
	mutate func([]byte) []byte // applied after signing (forgeries)
}

type gpuState struct {
	uuid, model string
	memMiB      uint64
}

type nodeState struct {
	kp       nkeys.KeyPair
	id       string
	provider string
	gpus     []gpuState
	uptimeBP int
}

// generator holds the evolving world.
type generator struct {
	c       Config
	rng     *rand.Rand
	ledger  nkeys.KeyPair
	scheds  []nkeys.KeyPair
	nodes   []*nodeState
	stakers []string
	provs   []string
	block   uint64
	seqs    map[string]uint64
	out     [][]byte
	batch   []pending
	order   int
	task    int
	fold    *aggregates.Ledger
	stake   map[[2]string]*stakePos
	claimed map[string]*big.Int
	unjails []pendingUnjail
	dupes   []uint64 // epochs whose batch gets duplicates and equivocations
}

type pendingUnjail struct {
	at   uint64
	node *nodeState
}
