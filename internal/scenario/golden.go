package scenario

import (
	"fmt"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Golden is a named scenario kept under testdata/scenarios/<Name>.
type Golden struct {
	Name string
	// Shows is what the scenario is built to show.
	Shows string
	Build func() (*Scenario, error)
}

// Goldens lists the golden scenarios in the order they are checked.
func Goldens() []Golden {
	return []Golden{
		{"mixed", "an adversarial multi-epoch network: every event type accepted and every rejection reason",
			func() (*Scenario, error) { return Generate(MixedConfig()) }},
		{"stake-activation", "stake earns from the close after its bond; a partial unbond lowers active stake at once", stakeActivation},
		{"downtime-unjail", "a downtime jail, an unjail too early (jail_active), a task for the jailed node, then an unjail on time", downtimeUnjail},
		{"equivocation-tombstone", "an equivocation jails and slashes; a second one on another seq tombstones", equivocationTombstone},
		{"fault-cap", "provider-fault failures slashed at fault_slash_cap_bp, another provider below the cap", faultCap},
		{"carry-over", "low utilization and an under-staked provider carry most of the pool into the next epoch", carryOver},
		{"no-earners", "epochs without earners: zero root, nothing distributed, the pool carried", noEarners},
	}
}

// MixedConfig is the configuration of the mixed golden scenario.
func MixedConfig() Config {
	c := DefaultConfig()
	c.Seed, c.Epochs, c.Nodes, c.Providers, c.Stakers = 7, 5, 20, 4, 8
	c.EpochMs, c.HeartbeatIntervalS = 240_000, 30
	c.HeartbeatUptimeBP, c.DowntimeBP, c.ChurnBP = 7000, 1200, 800
	c.UtilizationBP, c.Adversarial = 3000, true
	return c
}

// builderConfig is the network of the hand-shaped scenarios: five-minute
// epochs with a heartbeat a minute (E = 5).
func builderConfig(seed int64) Config {
	c := DefaultConfig()
	c.Seed, c.EpochMs, c.HeartbeatIntervalS = seed, 300_000, 60
	return c
}

const (
	h100 = "NVIDIA H100 80GB HBM3"
	a100 = "NVIDIA A100-SXM4-80GB"
	l40s = "NVIDIA L40S"
)

// stakeActivation: staker 0 bonds in epoch 1 and earns from epoch 2;
// staker 1 bonds in epoch 2 and earns from epoch 3; staker 0's partial
// unbond in epoch 3 counts at once, so the provider is under-staked (3/4)
// in epoch 3.
func stakeActivation() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(101))
	if err != nil {
		return nil, err
	}
	p, s0, s1 := b0.Provider(0), b0.Staker(0), b0.Staker(1)
	n := b0.NewNode("a", p, h100, h100)
	work := func(b *Builder, task string) {
		b.FullUptime(n)
		b.Assign(0, task, n)
		b.Complete(0, task, 120)
	}
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {
			b.Join(n)
			b.Bond(s0, p, Swarm(2000))
			work(b, "train-1")
		},
		func(b *Builder, _ aggregates.Report) {
			b.Bond(s1, p, Swarm(1000))
			work(b, "train-2")
		},
		func(b *Builder, prev aggregates.Report) {
			b.ClaimAll(prev)
			b.AnchorReported(2)
			b.Unbond(s0, p, Swarm(1500))
			work(b, "train-3")
		},
		func(b *Builder, _ aggregates.Report) {
			b.Withdraw(s0, p, Swarm(1500))
			work(b, "train-4")
		})
}

// scriptOn runs steps on b, one per epoch, closing each, and returns the
// scenario.
func scriptOn(b *Builder, steps ...func(b *Builder, prev aggregates.Report)) (*Scenario, error) {
	var prev aggregates.Report
	var err error
	for _, step := range steps {
		step(b, prev)
		if prev, err = b.Close(); err != nil {
			return nil, err
		}
	}
	return b.Scenario()
}

// downtimeUnjail: node b misses most heartbeats of epoch 2 and is jailed
// until 3; its unjail in epoch 3 is too early and a task for it is refused;
// in epoch 4 it unjails (a second unjail is not_jailed) and earns again.
func downtimeUnjail() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(102))
	if err != nil {
		return nil, err
	}
	p0, p1 := b0.Provider(0), b0.Provider(1)
	a, bn := b0.NewNode("a", p0, a100, a100), b0.NewNode("b", p1, l40s)
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {
			b.Join(a)
			b.Join(bn)
			b.Bond(b.Staker(0), p0, Swarm(2000))
			b.Bond(b.Staker(1), p1, Swarm(1000))
			b.FullUptime(a, bn)
		},
		func(b *Builder, _ aggregates.Report) {
			b.FullUptime(a)
			b.Heartbeats(bn, 1)
		},
		func(b *Builder, prev aggregates.Report) {
			b.ExecuteSlashes(prev)
			b.Unjail(bn)
			b.Assign(0, "render-1", bn)
			b.FullUptime(a, bn)
		},
		func(b *Builder, _ aggregates.Report) {
			b.Unjail(bn)
			b.Unjail(bn)
			b.Assign(0, "render-2", bn)
			b.Complete(0, "render-2", 90)
			b.FullUptime(a, bn)
		})
}

// equivocationTombstone: node a re-signs a heartbeat with other telemetry
// (equivocation: jailed, slashed); an exact re-send of the original is a
// duplicate and of the conflicting copy changes nothing more; a second
// equivocation on another seq tombstones it. Its later registration and
// unjail are tombstoned, its heartbeat unknown_node.
func equivocationTombstone() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(103))
	if err != nil {
		return nil, err
	}
	p0, p1 := b0.Provider(0), b0.Provider(1)
	a, other := b0.NewNode("a", p0, h100, h100, h100), b0.NewNode("b", p1, a100)
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {
			b.Join(a)
			b.Join(other)
			b.Bond(b.Staker(0), p0, Swarm(3000))
			b.Bond(b.Staker(1), p1, Swarm(1000))
			b.FullUptime(a, other)
		},
		func(b *Builder, _ aggregates.Report) {
			first, second := b.Heartbeat(a), b.Heartbeat(a)
			b.FullUptime(a, other)
			conflict := b.Equivocate(a, first)
			b.Copy(first)
			b.Copy(conflict)
			b.Equivocate(a, second)
		},
		func(b *Builder, prev aggregates.Report) {
			b.ExecuteSlashes(prev)
			b.Register(a)
			b.Unjail(a)
			b.Heartbeat(a)
			b.Authorize(a)
			b.Register(a)
			b.FullUptime(other)
		})
}

// faultCap: provider 0's node fails 25 tasks by provider fault (25 × 10 bp
// capped at 200 bp); provider 1 fails 2 (20 bp) and completes one;
// requester and network failures are never slashed.
func faultCap() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(104))
	if err != nil {
		return nil, err
	}
	p0, p1 := b0.Provider(0), b0.Provider(1)
	a, bn := b0.NewNode("a", p0, h100, h100, h100, h100), b0.NewNode("b", p1, l40s, l40s)
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {
			b.Join(a)
			b.Join(bn)
			b.Bond(b.Staker(0), p0, Swarm(4000))
			b.Bond(b.Staker(1), p1, Swarm(2000))
			b.FullUptime(a, bn)
		},
		func(b *Builder, _ aggregates.Report) {
			b.FullUptime(a, bn)
			for i := range 25 {
				task := fmt.Sprintf("job-a-%02d", i)
				b.Assign(i%2, task, a, a.GPUs[i%4].UUID)
				b.Fail(i%2, task, events.FaultProvider)
			}
			for i, fault := range []string{events.FaultRequester, events.FaultNetwork} {
				task := fmt.Sprintf("job-a-other-%d", i)
				b.Assign(0, task, a)
				b.Fail(0, task, fault)
			}
			for i, fault := range []string{events.FaultProvider, events.FaultProvider, ""} {
				task := fmt.Sprintf("job-b-%d", i)
				b.Assign(1, task, bn)
				if fault == "" {
					b.Complete(1, task, 200)
				} else {
					b.Fail(1, task, fault)
				}
			}
		},
		func(b *Builder, prev aggregates.Report) {
			b.ExecuteSlashes(prev)
			b.FullUptime(a, bn)
		})
}

// carryOver: epoch 1 pays no one (stake not active yet); in epoch 2 one
// small task makes utilization 10% and the provider holds half the stake
// its GPUs need, so half the pool is carried; epoch 3 has no compute.
func carryOver() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(105))
	if err != nil {
		return nil, err
	}
	p := b0.Provider(0)
	n := b0.NewNode("a", p, h100, h100)
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {
			b.Join(n)
			b.Bond(b.Staker(0), p, Swarm(1000))
			b.FullUptime(n)
		},
		func(b *Builder, _ aggregates.Report) {
			b.FullUptime(n)
			b.Assign(0, "infer-1", n)
			b.Complete(0, "infer-1", 60)
		},
		func(b *Builder, _ aggregates.Report) {
			b.FullUptime(n)
		})
}

// noEarners: epoch 1 has no nodes at all; in epoch 2 a node serves but
// nothing is staked yet (the bond of epoch 2 is not active); in epoch 3
// the stake is active and the provider and staker earn.
func noEarners() (*Scenario, error) {
	b0, err := NewBuilder(builderConfig(106))
	if err != nil {
		return nil, err
	}
	p := b0.Provider(0)
	n := b0.NewNode("a", p, a100, a100)
	return scriptOn(b0,
		func(b *Builder, _ aggregates.Report) {},
		func(b *Builder, _ aggregates.Report) {
			b.AnchorReported(1)
			b.Join(n)
			b.Bond(b.Staker(0), p, Swarm(2000))
			b.FullUptime(n)
		},
		func(b *Builder, _ aggregates.Report) {
			b.AnchorReported(2)
			b.FullUptime(n)
		})
}
