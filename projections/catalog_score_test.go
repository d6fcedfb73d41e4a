package projections

import (
	"fmt"
	"slices"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/genledger"
)

// TestCatalogScoresAreCloseFactors folds generated networks and, at every
// epoch close, holds the catalog's scoring to the close's SPEC §5 factors:
// G_p as the catalog counts it over the ledger's nodes just before the
// close equals the statement's G_p, and the catalog's reliability and
// stake factor over the statement's C_p, F_p, A_p and G_p equal the
// statement's rel_p and sf_p in basis points.
func TestCatalogScoresAreCloseFactors(t *testing.T) {
	seen := map[string]int{}
	for seed := uint64(1); seed <= 4; seed++ {
		cfg := gen.DefaultConfig()
		cfg.Seed, cfg.Epochs, cfg.Anchor = seed, 5, false
		cfg.TasksPerEpoch = 30
		sc, params, l := genledger.Open(t, cfg)
		var nodes []string
		for _, m := range sc.Messages {
			d, err := events.Decode(m)
			if err != nil {
				l.ApplyMessage(m)
				continue
			}
			if d.Type == events.NodeRegistered && !slices.Contains(nodes, d.Src) {
				nodes = append(nodes, d.Src)
			}
			b, closing := d.Body.(*events.EpochClosedBody)
			if !closing {
				l.ApplyMessage(m)
				continue
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			var rows []catalogRow
			for _, id := range nodes {
				n, err := l.CommittedNode(id)
				if err != nil {
					t.Fatal(err)
				}
				if n != nil {
					rows = append(rows, catalogRow{Node: *n})
					if n.Registered && n.Jailed && params.VerifiedGPUs(n.GPUs) > 0 {
						seen["jailed node with gpus"]++
					}
				}
			}
			gp := providerGPUs(params, rows)
			r, err := l.ApplyMessage(m)
			if err != nil {
				t.Fatal(err)
			}
			if r != events.Accepted {
				continue
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			st, err := l.CommittedStatement(b.Epoch)
			if err != nil {
				t.Fatal(err)
			}
			for _, ps := range st.Providers {
				at := fmt.Sprintf("seed %d epoch %d provider %s", seed, b.Epoch, ps.Provider)
				if gp[ps.Provider] != ps.GPUs {
					t.Errorf("%s: catalog G_p %d, close %d", at, gp[ps.Provider], ps.GPUs)
				}
				got := scoreProvider(params, providerRow{Completed: ps.Completed, Faults: ps.Failed,
					Active: ps.ActiveStake.String()}, ps.GPUs)
				want := providerFactors{reliabilityBP: aggregates.BasisPoints(ps.Reliability),
					stakeFactorBP: aggregates.BasisPoints(ps.StakeFactor)}
				if got != want {
					t.Errorf("%s: catalog scores %+v, close factors %+v (rel %s, sf %s)", at, got, want,
						ps.Reliability.RatString(), ps.StakeFactor.RatString())
				}
				seen["provider"]++
				if ps.GPUs > 0 {
					seen["gpus"]++
				}
				if ps.Failed > 0 {
					seen["faults"]++
				}
				if !ps.StakeFactor.IsInt() {
					seen["partial stake"]++
				}
				if ps.StakeFactor.IsInt() && ps.StakeFactor.Sign() > 0 {
					seen["full stake"]++
				}
			}
		}
		l.Close()
	}
	// The generated networks must exercise what the scores are about.
	for _, what := range []string{"provider", "gpus", "jailed node with gpus", "faults", "partial stake", "full stake"} {
		if seen[what] == 0 {
			t.Errorf("no %s in the generated closes", what)
		}
	}
	t.Logf("seen %v", seen)
}
