package aggregates

import "math/big"

// SPEC §5's per-provider factors: G_p, rel_p and sf_p, in exact integers
// and rationals. The epoch close computes them over epoch k (close.go); the
// projections' scheduler catalog scores providers with the same functions
// over each provider's lifetime task record and current active stake, so
// that a score and a close's factor over the same inputs are the same
// number.

// verifiedWeight returns w(g)·1000 for a GPU in V_n, nil for one that is not:
// a GPU counts only when verified and of a model with a weight in
// gpu_weights_milli (SPEC §5).
func (p *Params) verifiedWeight(model string, verified bool) *big.Int {
	if !verified {
		return nil
	}
	return p.weightMilli(model)
}

// VerifiedGPUs returns |V_n| of a node with gpus: its verified GPUs whose
// model has a weight.
func (p *Params) VerifiedGPUs(gpus []GPUState) uint64 {
	var n uint64
	for _, g := range gpus {
		if p.verifiedWeight(g.Model, g.Verified) != nil {
			n++
		}
	}
	return n
}

// NodeGPUs returns node n's term in G_p (SPEC §5: G_p = Σ |V_n| over p's
// nodes at close that are not jailed): |V_n| if n is registered and not
// jailed, else 0.
func (p *Params) NodeGPUs(n *NodeState) uint64 {
	if !n.Registered || n.Jailed {
		return 0
	}
	return p.VerifiedGPUs(n.GPUs)
}

// Reliability is rel_p = (C_p + 1) / (C_p + F_p + 1) for C_p completed and
// F_p provider-fault failed tasks.
func Reliability(completed, failed uint64) *big.Rat {
	c := new(big.Int).SetUint64(completed)
	return new(big.Rat).SetFrac(new(big.Int).Add(c, big.NewInt(1)),
		c.Add(c, new(big.Int).SetUint64(failed)).Add(c, big.NewInt(1)))
}

// RequiredStake is req_p = min_stake_per_gpu · G_p.
func (p *Params) RequiredStake(gpus uint64) *big.Int {
	if p.MinStakePerGPU == nil {
		return new(big.Int)
	}
	return new(big.Int).Mul(p.MinStakePerGPU, new(big.Int).SetUint64(gpus))
}

// StakeFactor is sf_p = min(1, A_p / req_p), 0 if req_p = 0, for active
// stake A_p and G_p = gpus.
func (p *Params) StakeFactor(active *big.Int, gpus uint64) *big.Rat {
	req := p.RequiredStake(gpus)
	if req.Sign() == 0 {
		return new(big.Rat)
	}
	sf := new(big.Rat).SetFrac(active, req)
	if sf.Cmp(big.NewRat(1, 1)) > 0 {
		sf.SetInt64(1)
	}
	return sf
}

// BasisPoints is ⌊r · 10000⌋ for a non-negative r: a factor as the report
// and the catalog show it.
func BasisPoints(r *big.Rat) uint64 {
	return floor(new(big.Rat).Mul(r, big.NewRat(10000, 1))).Uint64()
}
