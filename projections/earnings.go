package projections

import (
	"encoding/json"
	"math/big"
	"slices"
	"strings"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Earnings is the provider and staker earnings projection.
//
//	s/<address>            earnerRow: totals
//	h/<address>/<epoch>    EarnerEpoch, for epochs with an amount > 0
//	m                      earningsMeta
type Earnings struct{}

type earnerRow struct {
	Cumulative         string `json:"cumulative"`
	Claimed            string `json:"claimed"`
	LastEpoch          uint64 `json:"last_epoch"`
	AnchoredEpoch      uint64 `json:"anchored_epoch"`
	AnchoredCumulative string `json:"anchored_cumulative"`
}

type earningsMeta struct {
	LastClosed uint64 `json:"last_closed"`
}

// Name implements Projection.
func (Earnings) Name() string { return "earnings" }

// Apply implements Projection.
func (Earnings) Apply(tx *Tx, r Record) error {
	if !r.Accepted() {
		return nil
	}
	switch b := r.Event.Body.(type) {
	case *events.EpochClosedBody:
		rep, err := reportOf(tx.Ledger(), b.Epoch)
		if err != nil {
			return err
		}
		for _, e := range rep.Earners {
			if err := closeEarner(tx, b.Epoch, e); err != nil {
				return err
			}
		}
		return putJSON(tx, "m", earningsMeta{LastClosed: b.Epoch})
	case *events.EpochAnchoredBody:
		rep, err := reportOf(tx.Ledger(), b.Epoch)
		if err != nil {
			return err
		}
		for _, e := range rep.Earners {
			if err := updateEarner(tx, e.Address, func(row *earnerRow) {
				if b.Epoch > row.AnchoredEpoch {
					row.AnchoredEpoch, row.AnchoredCumulative = b.Epoch, e.Cumulative
				}
			}); err != nil {
				return err
			}
		}
	case *events.ClaimedBody:
		return updateEarner(tx, b.Earner, func(row *earnerRow) { row.Claimed = bigString(b.Cumulative) })
	}
	return nil
}

func closeEarner(tx *Tx, k uint64, e aggregates.EarnerAmount) error {
	if e.Amount != "0" {
		if err := putJSON(tx, "h/"+e.Address+"/"+be8(k), EarnerEpoch{Epoch: k, Amount: e.Amount, Cumulative: e.Cumulative}); err != nil {
			return err
		}
	}
	return updateEarner(tx, e.Address, func(row *earnerRow) {
		row.Cumulative = e.Cumulative
		if e.Amount != "0" {
			row.LastEpoch = k
		}
	})
}

func updateEarner(tx *Tx, addr string, f func(*earnerRow)) error {
	row := earnerRow{Cumulative: "0", Claimed: "0", AnchoredCumulative: "0"}
	if _, err := getJSON(tx, "s/"+addr, &row); err != nil {
		return err
	}
	f(&row)
	return putJSON(tx, "s/"+addr, row)
}

func reportOf(l Ledger, k uint64) (*aggregates.Report, error) {
	rec, err := l.CommittedEpoch(k)
	if err != nil {
		return nil, err
	}
	return rec.Decoded()
}

// Earner reads an earner's totals and a page of its history from epoch from.
func (q *Queries) Earner(addr string, from, limit uint64) (EarnerHistory, error) {
	h := EarnerHistory{Address: addr, Cumulative: "0", Claimed: "0", Claimable: "0", AnchoredCumulative: "0", Epochs: []EarnerEpoch{}}
	err := q.eng.Read("earnings", func(r Reader) error {
		var m earningsMeta
		if _, err := getJSON(r, "m", &m); err != nil {
			return err
		}
		h.LastClosed = m.LastClosed
		var row earnerRow
		ok, err := getJSON(r, "s/"+addr, &row)
		if err != nil || !ok {
			return err
		}
		h.Cumulative, h.Claimed = row.Cumulative, row.Claimed
		h.AnchoredEpoch, h.AnchoredCumulative = row.AnchoredEpoch, row.AnchoredCumulative
		claimable := new(big.Int).Sub(amount(row.AnchoredCumulative), amount(row.Claimed))
		if claimable.Sign() > 0 {
			h.Claimable = claimable.String()
		}
		return r.ScanFrom("h/"+addr+"/", be8(from), func(k string, v []byte) error {
			if uint64(len(h.Epochs)) == limit {
				h.Next = fromBE8(k[len("h/"+addr+"/"):])
				return errStop
			}
			var e EarnerEpoch
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			h.Epochs = append(h.Epochs, e)
			return nil
		})
	})
	return h, err
}

// TopEarners lists the limit earners with the largest cumulative.
func (q *Queries) TopEarners(limit int) (EarnerList, error) {
	lastClosed, all, err := q.earners()
	list := EarnerList{Earners: []EarnerSummary{}, LastClosed: lastClosed}
	slices.SortFunc(all, func(a, b EarnerSummary) int {
		if c := amount(b.Cumulative).Cmp(amount(a.Cumulative)); c != 0 {
			return c
		}
		return strings.Compare(a.Address, b.Address)
	})
	list.Earners = append(list.Earners, all[:min(limit, len(all))]...)
	if err != nil {
		return list, err
	}
	return list, q.earnerRoles(list.Earners)
}

// earners reads every earner's totals, in address order, without roles,
// and the last closed epoch.
func (q *Queries) earners() (lastClosed uint64, all []EarnerSummary, err error) {
	err = q.eng.Read("earnings", func(r Reader) error {
		var m earningsMeta
		if _, err := getJSON(r, "m", &m); err != nil {
			return err
		}
		lastClosed = m.LastClosed
		return r.Scan("s/", func(k string, v []byte) error {
			var row earnerRow
			if err := json.Unmarshal(v, &row); err != nil {
				return err
			}
			all = append(all, EarnerSummary{Address: k[2:], Cumulative: row.Cumulative, Claimed: row.Claimed, LastEpoch: row.LastEpoch})
			return nil
		})
	})
	return lastClosed, all, err
}

// earnerRoles sets each earner's roles: provider when the catalog has a
// node of it or the staking projection stake behind it, staker when the
// staking projection has a position of it.
func (q *Queries) earnerRoles(earners []EarnerSummary) error {
	snap, err := q.catalogData()
	if err != nil {
		return err
	}
	providers := map[string]bool{}
	for _, row := range snap.rows {
		providers[row.Node.Provider] = true
		providers[row.Node.LastRegProvider] = true
	}
	return q.eng.Read("staking", func(r Reader) error {
		for i := range earners {
			a := earners[i].Address
			earners[i].Roles = []string{}
			provider := providers[a]
			if !provider {
				_, ok, err := r.Get("p/" + a)
				if err != nil {
					return err
				}
				provider = ok
			}
			if provider {
				earners[i].Roles = append(earners[i].Roles, "provider")
			}
			staker := false
			if err := r.Scan("s/"+a+"/", func(string, []byte) error { staker = true; return errStop }); err != nil {
				return err
			}
			if staker {
				earners[i].Roles = append(earners[i].Roles, "staker")
			}
		}
		return nil
	})
}
