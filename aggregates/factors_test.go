package aggregates

import (
	"math/big"
	"testing"
)

// TestFactors: SPEC §5's rel_p, req_p and sf_p on their edges, and
// BasisPoints flooring them.
func TestFactors(t *testing.T) {
	p := &Params{MinStakePerGPU: big.NewInt(100), GPUWeightsMilli: map[string]*big.Int{"H100": big.NewInt(1000)}}
	for _, c := range []struct {
		completed, failed uint64
		want              string
		bp                uint64
	}{{0, 0, "1", 10000}, {0, 1, "1/2", 5000}, {2, 1, "3/4", 7500}, {1, 4, "1/3", 3333}} {
		r := Reliability(c.completed, c.failed)
		if r.RatString() != c.want || BasisPoints(r) != c.bp {
			t.Errorf("Reliability(%d, %d) = %s (%d bp), want %s (%d bp)", c.completed, c.failed, r.RatString(), BasisPoints(r), c.want, c.bp)
		}
	}
	for _, c := range []struct {
		active int64
		gpus   uint64
		want   string
	}{{0, 0, "0"}, {500, 0, "0"}, {0, 2, "0"}, {100, 3, "1/3"}, {200, 2, "1"}, {900, 2, "1"}} {
		if sf := p.StakeFactor(big.NewInt(c.active), c.gpus); sf.RatString() != c.want {
			t.Errorf("StakeFactor(%d, %d) = %s, want %s", c.active, c.gpus, sf.RatString(), c.want)
		}
	}
	if req := p.RequiredStake(3); req.Int64() != 300 {
		t.Errorf("RequiredStake(3) = %s, want 300", req)
	}
	if sf := (&Params{}).StakeFactor(big.NewInt(5), 1); sf.Sign() != 0 {
		t.Errorf("no min_stake_per_gpu: sf %s, want 0", sf.RatString())
	}
	gpus := []GPUState{{Model: "H100", Verified: true}, {Model: "H100"}, {Model: "unknown", Verified: true}, {Model: "H100", Verified: true}}
	if n := p.VerifiedGPUs(gpus); n != 2 {
		t.Errorf("VerifiedGPUs = %d, want 2 (verified and weighted only)", n)
	}
	for _, c := range []struct {
		registered, jailed bool
		want               uint64
	}{{true, false, 2}, {true, true, 0}, {false, false, 0}} {
		if n := p.NodeGPUs(&NodeState{Registered: c.registered, Jailed: c.jailed, GPUs: gpus}); n != c.want {
			t.Errorf("NodeGPUs(registered %v, jailed %v) = %d, want %d", c.registered, c.jailed, n, c.want)
		}
	}
}
