package devstack

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
)

// GPU models the demo nodes run (agent.NewSim knows their memory and power).
const (
	ModelH100 = "NVIDIA H100 80GB HBM3"
	ModelA100 = "NVIDIA A100-SXM4-80GB"
	ModelL40S = "NVIDIA L40S"
)

// paramsDoc is the parameters document (SPEC §3) of the dev network: the
// example economics of scripts/params.sh with one-second heartbeats and a
// weight for every model the demo runs.
type paramsDoc struct {
	ChainID                uint64            `json:"chain_id"`
	Ledger                 string            `json:"ledger"`
	Schedulers             []string          `json:"schedulers"`
	HeartbeatIntervalS     uint64            `json:"heartbeat_interval_s"`
	BaseEmission           string            `json:"base_emission"`
	ScaleMinBP             uint64            `json:"scale_min_bp"`
	WeightComputeBP        uint64            `json:"weight_compute_bp"`
	WeightAvailBP          uint64            `json:"weight_avail_bp"`
	GPUWeightsMilli        map[string]uint64 `json:"gpu_weights_milli"`
	MinStakePerGPU         string            `json:"min_stake_per_gpu"`
	CommissionBP           uint64            `json:"commission_bp"`
	DowntimeThresholdBP    uint64            `json:"downtime_threshold_bp"`
	DowntimeSlashBP        uint64            `json:"downtime_slash_bp"`
	DowntimeJailEpochs     uint64            `json:"downtime_jail_epochs"`
	FaultSlashBP           uint64            `json:"fault_slash_bp"`
	FaultSlashCapBP        uint64            `json:"fault_slash_cap_bp"`
	EquivocationSlashBP    uint64            `json:"equivocation_slash_bp"`
	EquivocationJailEpochs uint64            `json:"equivocation_jail_epochs"`
	MaxStakersPerProvider  uint64            `json:"max_stakers_per_provider"`
}

// minStakePerGPU is the stake a provider needs behind each GPU for a full
// reward (1000 SWARM).
func minStakePerGPU() *big.Int { return chain.Swarm(1000) }

// devParams returns the dev network's parameters for the given ledger and
// scheduler ids, validated, and their JSON (written as params.json).
func devParams(chainID uint64, ledger, scheduler string) (*aggregates.Params, []byte, error) {
	doc := paramsDoc{
		ChainID: chainID, Ledger: ledger, Schedulers: []string{scheduler}, HeartbeatIntervalS: 1,
		BaseEmission: chain.Swarm(1000).String(),
		ScaleMinBP:   5000, WeightComputeBP: 7000, WeightAvailBP: 3000,
		GPUWeightsMilli: map[string]uint64{ModelH100: 1000, ModelA100: 600, ModelL40S: 400},
		MinStakePerGPU:  minStakePerGPU().String(),
		CommissionBP:    1000, DowntimeThresholdBP: 5000, DowntimeSlashBP: 50, DowntimeJailEpochs: 1,
		FaultSlashBP: 10, FaultSlashCapBP: 200, EquivocationSlashBP: 500, EquivocationJailEpochs: 24,
		MaxStakersPerProvider: 64,
	}
	raw, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("devstack: parameters: %w", err)
	}
	p, err := aggregates.ParseParams(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("devstack: parameters: %w", err)
	}
	return p, append(raw, '\n'), nil
}
