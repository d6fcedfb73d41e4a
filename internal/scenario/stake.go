package scenario

import (
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// position mirrors one (staker, provider) position of the staking contract.
type position struct {
	staker, provider  string
	bonded, unbonding *big.Int
	releaseAt         uint64
}

// stakeBook mirrors the staking contract as the chain events written so far
// leave it, so unbonds and withdrawals stay within positions and
// chain.slashed carries the amount the contract would have slashed.
type stakeBook struct {
	byKey      map[[2]string]*position
	byProvider map[string][]*position // in creation order
}

func newStakeBook() *stakeBook {
	return &stakeBook{byKey: map[[2]string]*position{}, byProvider: map[string][]*position{}}
}

func (b *stakeBook) get(staker, provider string) *position {
	k := [2]string{staker, provider}
	p := b.byKey[k]
	if p == nil {
		p = &position{staker: staker, provider: provider, bonded: new(big.Int), unbonding: new(big.Int)}
		b.byKey[k] = p
		b.byProvider[provider] = append(b.byProvider[provider], p)
	}
	return p
}

// apply records an accepted stake event; it reports false (and changes
// nothing) for one the ledger rejects as insufficient_stake.
func (b *stakeBook) apply(e *events.StakeBody) bool {
	p := b.get(e.Staker, e.Provider)
	switch e.Kind {
	case events.ChainBonded:
		p.bonded.Add(p.bonded, e.Amount)
	case events.ChainUnbondRequested:
		if p.bonded.Cmp(e.Amount) < 0 {
			return false
		}
		p.bonded.Sub(p.bonded, e.Amount)
		p.unbonding.Add(p.unbonding, e.Amount)
		p.releaseAt = e.ReleaseAt
	case events.ChainWithdrawn:
		if p.unbonding.Cmp(e.Amount) < 0 {
			return false
		}
		p.unbonding.Sub(p.unbonding, e.Amount)
	}
	return true
}

// slash applies SPEC §6.5 to the provider's positions and returns the total.
func (b *stakeBook) slash(provider string, bp uint64) *big.Int {
	total := new(big.Int)
	for _, p := range b.byProvider[provider] {
		for _, v := range []*big.Int{p.bonded, p.unbonding} {
			cut := new(big.Int).Mul(v, new(big.Int).SetUint64(bp))
			cut.Quo(cut, big.NewInt(10000))
			v.Sub(v, cut)
			total.Add(total, cut)
		}
	}
	return total
}

// providerBonded is the provider's total bonded stake.
func (b *stakeBook) providerBonded(provider string) *big.Int {
	total := new(big.Int)
	for _, p := range b.byProvider[provider] {
		total.Add(total, p.bonded)
	}
	return total
}
