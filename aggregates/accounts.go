package aggregates

import (
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// post moves amount from one account balance to another: every posting of
// SPEC §11 has two legs that sum to zero. A debit that would take an account
// other than external or emission below zero is a bug in the rules that
// called it, so it panics.
func post(from, to *big.Int, amount *big.Int, fromMayGoNegative bool) {
	if amount.Sign() < 0 {
		panic(fmt.Sprintf("aggregates: negative posting %s", amount))
	}
	if !fromMayGoNegative && from.Cmp(amount) < 0 {
		panic(fmt.Sprintf("aggregates: posting %s overdraws an account holding %s", amount, from))
	}
	from.Sub(from, amount)
	to.Add(to, amount)
}

func (l *Ledger) savePosition(provider, staker string, p *position) {
	l.put(pfxPosition+provider+"/"+staker, p.encode())
}

func (l *Ledger) stake(b *events.StakeBody) events.Reason {
	p := l.position(b.Provider, b.Staker, nil)
	switch b.Kind {
	case events.ChainBonded:
		if p == nil {
			p = l.position(b.Provider, b.Staker, newPosition())
		}
		post(l.meta.External, p.Bonded, b.Amount, true)
	case events.ChainUnbondRequested:
		if p == nil || p.Bonded.Cmp(b.Amount) < 0 {
			return events.InsufficientStake
		}
		post(p.Bonded, p.Unbonding, b.Amount, false)
		p.ReleaseAt = b.ReleaseAt
	case events.ChainWithdrawn:
		if p == nil || p.Unbonding.Cmp(b.Amount) < 0 {
			return events.InsufficientStake
		}
		post(p.Unbonding, l.meta.External, b.Amount, false)
	}
	l.savePosition(b.Provider, b.Staker, p)
	return events.Accepted
}

// bpOf returns ⌊v · bp / 10000⌋.
func bpOf(v *big.Int, bp uint64) *big.Int {
	out := new(big.Int).Mul(v, new(big.Int).SetUint64(bp))
	return out.Quo(out, big.NewInt(10000))
}

// slashed applies SPEC §6.5 to every position of the provider.
func (l *Ledger) slashed(b *events.SlashedBody) events.Reason {
	total := new(big.Int)
	positions := l.stakes[b.Provider]
	for _, staker := range sortedKeys(positions) {
		p := positions[staker]
		if p.Bonded.Sign() == 0 && p.Unbonding.Sign() == 0 {
			continue
		}
		bonded, unbonding := bpOf(p.Bonded, b.BP), bpOf(p.Unbonding, b.BP)
		post(p.Bonded, l.meta.Slashed, bonded, false)
		post(p.Unbonding, l.meta.Slashed, unbonding, false)
		total.Add(total, bonded).Add(total, unbonding)
		l.savePosition(b.Provider, staker, p)
	}
	if total.Cmp(b.Amount) != 0 {
		l.meta.SlashMismatch++
	}
	return events.Accepted
}

// claimed applies chain.claimed: claimed(earner) = cumulative. The new claim
// moves from earned:e to claimed:e; a claim above what the earner has earned
// takes the excess from external, and a claim below the earlier one returns
// the difference to external (both counted as claim mismatches), so every
// account but external and emission stays non-negative.
func (l *Ledger) claimed(b *events.ClaimedBody) events.Reason {
	e := l.earners[b.Earner]
	if e == nil {
		e = newEarner()
		l.earners[b.Earner] = e
	}
	if b.Cumulative.Cmp(e.Cumulative) > 0 || b.Cumulative.Cmp(e.Claimed) < 0 {
		l.meta.ClaimMismatch++
	}
	delta := new(big.Int).Sub(b.Cumulative, e.Claimed)
	if delta.Sign() >= 0 {
		fromEarned := new(big.Int).Set(delta)
		if fromEarned.Cmp(e.Unclaimed) > 0 {
			fromEarned.Set(e.Unclaimed)
		}
		post(e.Unclaimed, e.Claimed, fromEarned, false)
		post(l.meta.External, e.Claimed, new(big.Int).Sub(delta, fromEarned), true)
	} else {
		post(e.Claimed, l.meta.External, delta.Neg(delta), false)
	}
	l.put(pfxEarner+b.Earner, e.encode())
	return events.Accepted
}

// TrialBalance lists every account of SPEC §11 with a non-zero balance.
func (l *Ledger) TrialBalance() map[string]*big.Int {
	out := map[string]*big.Int{}
	add := func(name string, v *big.Int) {
		if v.Sign() != 0 {
			out[name] = new(big.Int).Set(v)
		}
	}
	add("external", l.meta.External)
	add("emission", l.meta.Emission)
	add("pool", l.meta.Pool)
	add("slashed", l.meta.Slashed)
	for addr, e := range l.earners {
		add("earned:"+addr, e.Unclaimed)
		add("claimed:"+addr, e.Claimed)
	}
	for provider, m := range l.stakes {
		for staker, p := range m {
			add("bonded:"+staker+":"+provider, p.Bonded)
			add("unbonding:"+staker+":"+provider, p.Unbonding)
		}
	}
	return out
}

// CheckInvariants verifies SPEC §11: balances sum to zero, only external and
// emission are negative, pool equals the last epoch's carry.
func (l *Ledger) CheckInvariants() error {
	sum := new(big.Int)
	for name, v := range l.TrialBalance() {
		sum.Add(sum, v)
		if v.Sign() < 0 && name != "external" && name != "emission" {
			return fmt.Errorf("account %s is negative: %s", name, v)
		}
	}
	if sum.Sign() != 0 {
		return fmt.Errorf("balances sum to %s, not 0", sum)
	}
	carry, err := l.lastCarry()
	if err != nil {
		return err
	}
	if carry.Cmp(l.meta.Pool) != 0 {
		return fmt.Errorf("pool %s differs from the last carry %s", l.meta.Pool, carry)
	}
	return nil
}
