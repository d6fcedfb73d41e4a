package scenario

import (
	"errors"
	"fmt"
	"math/big"
)

// ErrConfig is wrapped by every error about an invalid Config.
var ErrConfig = errors.New("scenario: invalid config")

// Config shapes a generated scenario. The zero value is not valid; start
// from DefaultConfig.
type Config struct {
	// Seed determines every key, address, GPU and random choice.
	Seed int64
	// Epochs is the number of epochs closed.
	Epochs int
	// Nodes, Providers, Stakers and Schedulers size the network.
	Nodes      int
	Providers  int
	Stakers    int
	Schedulers int
	// EpochMs is the length of every epoch; HeartbeatIntervalS the spacing
	// of heartbeats (heartbeat_interval_s).
	EpochMs            int64
	HeartbeatIntervalS int
	// HeartbeatUptimeBP is the lowest uptime of a healthy node-epoch;
	// healthy uptimes are uniform in [HeartbeatUptimeBP, 10000].
	HeartbeatUptimeBP int
	// DowntimeBP is the chance of a node-epoch with an outage: an uptime
	// below the downtime threshold, which gets the node jailed.
	DowntimeBP int
	// TasksPerNode is the mean number of tasks per eligible node and epoch.
	TasksPerNode int
	// UtilizationBP is the target share of a node's GPU time its tasks use.
	UtilizationBP int
	// LateJoinBP is the share of nodes that join after epoch 1.
	LateJoinBP int
	// ChurnBP is the chance per node-epoch that the provider revokes the
	// node (it returns the next epoch) or that the node re-registers with
	// a changed GPU list.
	ChurnBP int
	// Adversarial mixes in duplicates, equivocations, stale seqs, malformed
	// lines, forged signatures, unknown sources and every kind of invalid
	// request: each epoch one round of every attack, plus one round per 100
	// nodes, and one node equivocating twice (tombstoned).
	Adversarial bool
	// Economics are the parameters of SPEC §3 besides keys and the
	// heartbeat interval.
	Economics Economics
}

// Model is a GPU model the generator installs. A model with WeightMilli 0
// has no entry in gpu_weights_milli (its GPUs never count as verified).
type Model struct {
	Name        string
	WeightMilli int
	MemMiB      uint64
}

// Economics are the economic parameters of SPEC §3.
type Economics struct {
	ChainID                int
	BaseEmission           *big.Int
	ScaleMinBP             int
	WeightComputeBP        int
	WeightAvailBP          int
	Models                 []Model
	MinStakePerGPU         *big.Int
	CommissionBP           int
	DowntimeThresholdBP    int
	DowntimeSlashBP        int
	DowntimeJailEpochs     int
	FaultSlashBP           int
	FaultSlashCapBP        int
	EquivocationSlashBP    int
	EquivocationJailEpochs int
	MaxStakersPerProvider  int
}

// Swarm returns n whole SWARM in atto-SWARM.
func Swarm(n int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(n), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))
}

// DefaultModels are four weighted data-centre and consumer models and one
// without a weight.
func DefaultModels() []Model {
	return []Model{
		{"NVIDIA H100 80GB HBM3", 1000, 81559},
		{"NVIDIA A100-SXM4-80GB", 617, 81920},
		{"NVIDIA L40S", 413, 46068},
		{"NVIDIA GeForce RTX 4090", 333, 24564},
		{"NVIDIA T4", 0, 15360},
	}
}

// DefaultEconomics are SPEC §3's example values with shorter jails.
func DefaultEconomics() Economics {
	return Economics{
		ChainID:                1337,
		BaseEmission:           Swarm(1000),
		ScaleMinBP:             5000,
		WeightComputeBP:        7000,
		WeightAvailBP:          3000,
		Models:                 DefaultModels(),
		MinStakePerGPU:         Swarm(1000),
		CommissionBP:           1000,
		DowntimeThresholdBP:    5000,
		DowntimeSlashBP:        50,
		DowntimeJailEpochs:     1,
		FaultSlashBP:           10,
		FaultSlashCapBP:        200,
		EquivocationSlashBP:    500,
		EquivocationJailEpochs: 2,
		MaxStakersPerProvider:  64,
	}
}

// DefaultConfig is a small, honest four-epoch network.
func DefaultConfig() Config {
	return Config{
		Seed:               1,
		Epochs:             4,
		Nodes:              16,
		Providers:          4,
		Stakers:            6,
		Schedulers:         2,
		EpochMs:            600_000,
		HeartbeatIntervalS: 30,
		HeartbeatUptimeBP:  8000,
		DowntimeBP:         800,
		TasksPerNode:       2,
		UtilizationBP:      4000,
		LateJoinBP:         1500,
		ChurnBP:            300,
		Economics:          DefaultEconomics(),
	}
}

// expectedBeats is E of SPEC §5 for one epoch.
func (c Config) expectedBeats() int64 {
	return c.EpochMs / 1000 / int64(c.HeartbeatIntervalS)
}

// validate checks the fields Builder needs.
func (c Config) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Schedulers < 1:
		return bad("schedulers must be >= 1, got %d", c.Schedulers)
	case c.HeartbeatIntervalS < 1:
		return bad("heartbeat interval must be >= 1 s, got %d", c.HeartbeatIntervalS)
	case c.EpochMs < 1000*int64(c.HeartbeatIntervalS):
		return bad("an epoch (%d ms) must hold at least one heartbeat interval (%d s)", c.EpochMs, c.HeartbeatIntervalS)
	case c.Economics.BaseEmission == nil || c.Economics.MinStakePerGPU == nil:
		return bad("economics need base_emission and min_stake_per_gpu")
	}
	return nil
}

// validateGenerate checks the fields Generate needs on top of validate.
func (c Config) validateGenerate() error {
	if err := c.validate(); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Epochs < 1:
		return bad("epochs must be >= 1, got %d", c.Epochs)
	case c.Nodes < 1 || c.Providers < 1:
		return bad("nodes and providers must be >= 1, got %d and %d", c.Nodes, c.Providers)
	case c.Stakers < 0 || c.TasksPerNode < 0:
		return bad("stakers and tasks per node must be >= 0")
	case c.Adversarial && c.Nodes < 3:
		return bad("adversarial traffic needs at least 3 nodes, got %d", c.Nodes)
	case len(weightedModels(c.Economics.Models)) == 0:
		return bad("economics need at least one weighted model")
	}
	for _, f := range []struct {
		name string
		bp   int
	}{{"heartbeat uptime", c.HeartbeatUptimeBP}, {"downtime", c.DowntimeBP}, {"utilization", c.UtilizationBP},
		{"late join", c.LateJoinBP}, {"churn", c.ChurnBP}} {
		if f.bp < 0 || f.bp > 10000 {
			return bad("%s must be in 0..10000 bp, got %d", f.name, f.bp)
		}
	}
	return nil
}

func weightedModels(models []Model) []Model {
	var out []Model
	for _, m := range models {
		if m.WeightMilli > 0 {
			out = append(out, m)
		}
	}
	return out
}
