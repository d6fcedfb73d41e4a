package projections

import (
	"encoding/json"
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// Staking is the stake projection: per provider, every staker's bonded,
// unbonding (with its release time) and active stake, indexed by staker
// too. It follows the ledger's positions (aggregates.CommittedStakes)
// rather than re-deriving the stake rules (slashing included): it
// refreshes a provider on each of its accepted stake events and every
// provider at each close, when active stake moves.
//
//	p/<provider>              []StakePosition
//	s/<staker>/<provider>     StakePosition
type Staking struct{}

// Name implements Projection.
func (Staking) Name() string { return "staking" }

// Apply implements Projection.
func (Staking) Apply(tx *Tx, r Record) error {
	if !r.Accepted() {
		return nil
	}
	switch b := r.Event.Body.(type) {
	case *events.StakeBody:
		return refreshStake(tx, b.Provider)
	case *events.SlashedBody:
		return refreshStake(tx, b.Provider)
	case *events.EpochClosedBody:
		var providers []string
		if err := tx.Scan("p/", func(k string, _ []byte) error {
			providers = append(providers, k[2:])
			return nil
		}); err != nil {
			return err
		}
		for _, p := range providers {
			if err := refreshStake(tx, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func refreshStake(tx *Tx, provider string) error {
	st, err := tx.Ledger().CommittedStakes(provider)
	if err != nil {
		return err
	}
	rows := make([]StakePosition, 0, len(st))
	for _, s := range st {
		p := StakePosition{Staker: s.Staker, Provider: provider, Bonded: bigString(s.Bonded),
			Unbonding: bigString(s.Unbonding), ReleaseAtS: s.ReleaseAt, Active: bigString(s.Active)}
		if s.Unbonding.Sign() == 0 {
			p.ReleaseAtS = 0
		}
		rows = append(rows, p)
		if err := putJSON(tx, "s/"+s.Staker+"/"+provider, p); err != nil {
			return err
		}
	}
	return putJSON(tx, "p/"+provider, rows)
}

// ProviderStake reads a provider's stakers and totals.
func (q *Queries) ProviderStake(provider string) (ProviderStake, error) {
	ps := ProviderStake{Provider: provider, Stakers: []StakePosition{}}
	err := q.eng.Read("staking", func(r Reader) error {
		_, err := getJSON(r, "p/"+provider, &ps.Stakers)
		return err
	})
	ps.Bonded, ps.Unbonding, ps.Active = totals(ps.Stakers)
	return ps, err
}

// StakerStake reads a staker's positions with every provider.
func (q *Queries) StakerStake(staker string) (StakerStake, error) {
	ss := StakerStake{Staker: staker, Positions: []StakePosition{}}
	err := q.eng.Read("staking", func(r Reader) error {
		return r.Scan("s/"+staker+"/", func(_ string, v []byte) error {
			var p StakePosition
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			ss.Positions = append(ss.Positions, p)
			return nil
		})
	})
	ss.Bonded, ss.Unbonding, ss.Active = totals(ss.Positions)
	return ss, err
}

// StakePage lists providers with stake from cursor (an address, exclusive).
func (q *Queries) StakePage(cursor string, limit int) (StakeList, error) {
	list := StakeList{Providers: []ProviderStakeSummary{}}
	start := ""
	if cursor != "" {
		start = cursor + "\x00"
	}
	err := q.eng.Read("staking", func(r Reader) error {
		return r.ScanFrom("p/", start, func(k string, v []byte) error {
			if len(list.Providers) == limit {
				list.Next = list.Providers[len(list.Providers)-1].Provider
				return errStop
			}
			var rows []StakePosition
			if err := json.Unmarshal(v, &rows); err != nil {
				return err
			}
			s := ProviderStakeSummary{Provider: k[2:], Stakers: len(rows)}
			s.Bonded, s.Unbonding, s.Active = totals(rows)
			list.Providers = append(list.Providers, s)
			return nil
		})
	})
	return list, err
}

func totals(rows []StakePosition) (bonded, unbonding, active string) {
	b, u, a := new(big.Int), new(big.Int), new(big.Int)
	for _, p := range rows {
		b.Add(b, amount(p.Bonded))
		u.Add(u, amount(p.Unbonding))
		a.Add(a, amount(p.Active))
	}
	return b.String(), u.String(), a.String()
}
