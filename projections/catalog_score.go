package projections

import (
	"slices"
	"strings"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
)

// Telemetry thresholds of the passive health checks.
const (
	// StaleHeartbeats is how many heartbeat intervals without a heartbeat
	// make a node stale.
	StaleHeartbeats = 3
	// HotTempC is the GPU temperature that fails the temperature check.
	HotTempC = 90
)

// healthOrder ranks health first: healthy nodes before degraded, stale,
// jailed, unregistered and tombstoned ones.
var healthOrder = map[string]int{HealthHealthy: 0, HealthDegraded: 1, HealthStale: 2, HealthJailed: 3,
	HealthUnregistered: 4, HealthTombstoned: 5}

// providerFactors is what the ranking knows of a node's provider: its
// reliability and stake factor in basis points (scoreProvider).
type providerFactors struct{ reliabilityBP, stakeFactorBP uint64 }

// providerGPUs returns G_p of every provider with a counted GPU: Σ |V_n|
// over the provider's registered, unjailed nodes in rows (SPEC §5, as
// aggregates computes it at a close).
func providerGPUs(params *aggregates.Params, rows []catalogRow) map[string]uint64 {
	gp := map[string]uint64{}
	for i := range rows {
		if g := params.NodeGPUs(&rows[i].Node); g > 0 {
			gp[rows[i].Node.Provider] += g
		}
	}
	return gp
}

// scoreProvider is a provider's reliability and stake factor in basis
// points, computed by aggregates' SPEC §5 functions over the provider's
// lifetime task record, its active stake after the last refresh, and G_p.
func scoreProvider(params *aggregates.Params, pr providerRow, gpus uint64) providerFactors {
	return providerFactors{
		reliabilityBP: aggregates.BasisPoints(aggregates.Reliability(pr.Completed, pr.Faults)),
		stakeFactorBP: aggregates.BasisPoints(params.StakeFactor(amount(pr.Active), gpus)),
	}
}

func rankCompare(a, b CatalogNode) int {
	switch {
	case healthOrder[a.Health] != healthOrder[b.Health]:
		return healthOrder[a.Health] - healthOrder[b.Health]
	case a.SpareBP != b.SpareBP:
		return cmpDesc(a.SpareBP, b.SpareBP)
	case a.ReliabilityBP != b.ReliabilityBP:
		return cmpDesc(a.ReliabilityBP, b.ReliabilityBP)
	case a.StakeFactorBP != b.StakeFactorBP:
		return cmpDesc(a.StakeFactorBP, b.StakeFactorBP)
	}
	return strings.Compare(a.Node, b.Node)
}

func cmpDesc(a, b uint64) int {
	if a > b {
		return -1
	}
	return 1
}

// judge builds a catalog node: health from heartbeat age and telemetry,
// spare capacity, reliability (C+1)/(C+F+1) and stake factor
// min(1, A_p / (min_stake_per_gpu · G_p)), the last two as in SPEC §5 but
// over the provider's lifetime task record.
func (q *Queries) judge(row catalogRow, f providerFactors, now time.Time) CatalogNode {
	n := row.Node
	c := CatalogNode{Node: n.ID, Provider: n.Provider, Region: n.Region, LastSeenMs: row.LastSeenMs,
		Jailed: n.Jailed, JailUntil: n.JailUntil, Tombstoned: n.Tombstoned, Registered: n.Registered,
		GPUs: []CatalogGPU{}, Checks: []string{}}
	if c.Provider == "" {
		c.Provider = n.LastRegProvider
	}
	c = c.at(now)
	var spare, sampled uint64
	for _, g := range n.GPUs {
		cg := CatalogGPU{UUID: g.UUID, Model: g.Model, MemMiB: g.MemMiB, Verified: g.Verified}
		if s, ok := row.Samples[g.UUID]; ok {
			cg.UtilBP, cg.MemUsedMiB, cg.TempC, cg.PowerMW, cg.EccDBE, cg.Xid = s.UtilBP, s.MemUsedMiB, s.TempC, s.PowerMW, s.ECCDBE, s.XID
			spare += 10000 - min(s.UtilBP, 10000)
			sampled++
			c.Checks = appendCheck(c.Checks, s.ECCDBE > 0, "ecc_dbe")
			c.Checks = appendCheck(c.Checks, s.XID > 0, "xid")
			c.Checks = appendCheck(c.Checks, s.TempC >= HotTempC, "temperature")
		}
		c.GPUs = append(c.GPUs, cg)
	}
	if sampled > 0 {
		c.SpareBP = spare / sampled
	}
	staleMs := StaleHeartbeats * q.ledger.Params().HeartbeatIntervalS * 1000
	fresh := row.LastSeenMs > 0 && c.HeartbeatAgeMs <= staleMs
	if !fresh {
		c.Checks = append([]string{"heartbeat_age"}, c.Checks...)
	}
	switch {
	case n.Tombstoned:
		c.Health = HealthTombstoned
	case !n.Registered:
		c.Health = HealthUnregistered
	case n.Jailed:
		c.Health = HealthJailed
	case !fresh:
		c.Health = HealthStale
	case len(c.Checks) > 0:
		c.Health = HealthDegraded
	default:
		c.Health = HealthHealthy
	}
	c.ReliabilityBP, c.StakeFactorBP = f.reliabilityBP, f.stakeFactorBP
	return c
}

func appendCheck(checks []string, failed bool, name string) []string {
	if !failed || slices.Contains(checks, name) {
		return checks
	}
	return append(checks, name)
}
