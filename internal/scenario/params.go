package scenario

import (
	"encoding/json"

	"github.com/swarm-ledger/swarm/aggregates"
)

// paramsDoc is params.json with its members in SPEC §3's order.
type paramsDoc struct {
	ChainID                int            `json:"chain_id"`
	Ledger                 string         `json:"ledger"`
	Schedulers             []string       `json:"schedulers"`
	HeartbeatIntervalS     int            `json:"heartbeat_interval_s"`
	BaseEmission           string         `json:"base_emission"`
	ScaleMinBP             int            `json:"scale_min_bp"`
	WeightComputeBP        int            `json:"weight_compute_bp"`
	WeightAvailBP          int            `json:"weight_avail_bp"`
	GPUWeightsMilli        map[string]int `json:"gpu_weights_milli"` // marshals with sorted keys
	MinStakePerGPU         string         `json:"min_stake_per_gpu"`
	CommissionBP           int            `json:"commission_bp"`
	DowntimeThresholdBP    int            `json:"downtime_threshold_bp"`
	DowntimeSlashBP        int            `json:"downtime_slash_bp"`
	DowntimeJailEpochs     int            `json:"downtime_jail_epochs"`
	FaultSlashBP           int            `json:"fault_slash_bp"`
	FaultSlashCapBP        int            `json:"fault_slash_cap_bp"`
	EquivocationSlashBP    int            `json:"equivocation_slash_bp"`
	EquivocationJailEpochs int            `json:"equivocation_jail_epochs"`
	MaxStakersPerProvider  int            `json:"max_stakers_per_provider"`
}

// paramsJSON renders the parameters file for the ledger and schedulers
// and checks it with aggregates.ParseParams.
func paramsJSON(c Config, ledger string, schedulers []string) ([]byte, *aggregates.Params, error) {
	e := c.Economics
	weights := map[string]int{}
	for _, m := range weightedModels(e.Models) {
		weights[m.Name] = m.WeightMilli
	}
	doc := paramsDoc{
		ChainID: e.ChainID, Ledger: ledger, Schedulers: schedulers, HeartbeatIntervalS: c.HeartbeatIntervalS,
		BaseEmission: e.BaseEmission.String(), ScaleMinBP: e.ScaleMinBP, WeightComputeBP: e.WeightComputeBP,
		WeightAvailBP: e.WeightAvailBP, GPUWeightsMilli: weights, MinStakePerGPU: e.MinStakePerGPU.String(),
		CommissionBP: e.CommissionBP, DowntimeThresholdBP: e.DowntimeThresholdBP, DowntimeSlashBP: e.DowntimeSlashBP,
		DowntimeJailEpochs: e.DowntimeJailEpochs, FaultSlashBP: e.FaultSlashBP, FaultSlashCapBP: e.FaultSlashCapBP,
		EquivocationSlashBP: e.EquivocationSlashBP, EquivocationJailEpochs: e.EquivocationJailEpochs,
		MaxStakersPerProvider: e.MaxStakersPerProvider,
	}
	raw, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	raw = append(raw, '\n')
	p, err := aggregates.ParseParams(raw)
	if err != nil {
		return nil, nil, err
	}
	return raw, p, nil
}
