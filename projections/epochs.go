package projections

import (
	"encoding/json"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Epochs is the epochs projection: every closed epoch's summary and
// canonical report, and its anchoring as the ledger folded it.
//
//	e/<epoch>   EpochSummary
//	r/<epoch>   the canonical report
//	p/<provider>/<^epoch>  the provider's part of the epoch's statement (newest first)
//	a/<address>/<^epoch>   the earner's part of the epoch's statement (newest first)
//	m           epochsMeta
//
// The statement itself (SPEC §9.1) is read from the ledger's committed
// state, which keeps it with the epoch.
type Epochs struct{}

type epochsMeta struct {
	LastClosed   uint64 `json:"last_closed"`
	LastAnchored uint64 `json:"last_anchored"`
}

// Name implements Projection.
func (Epochs) Name() string { return "epochs" }

// Apply implements Projection.
func (Epochs) Apply(tx *Tx, r Record) error {
	if !r.Accepted() {
		return nil
	}
	switch b := r.Event.Body.(type) {
	case *events.EpochClosedBody:
		rec, err := tx.Ledger().CommittedEpoch(b.Epoch)
		if err != nil {
			return err
		}
		sum, err := summarize(rec)
		if err != nil {
			return err
		}
		if err := putJSON(tx, "e/"+be8(b.Epoch), sum); err != nil {
			return err
		}
		if err := tx.Set("r/"+be8(b.Epoch), rec.Report); err != nil {
			return err
		}
		if err := indexStatement(tx, b.Epoch); err != nil {
			return err
		}
		return updateEpochsMeta(tx, func(m *epochsMeta) { m.LastClosed = b.Epoch })
	case *events.EpochAnchoredBody:
		var sum EpochSummary
		ok, err := getJSON(tx, "e/"+be8(b.Epoch), &sum)
		if err != nil || !ok {
			return err
		}
		sum.Anchored, sum.State, sum.AnchorTx, sum.AnchorBlock = true, "anchored", b.Tx, b.Block
		if err := putJSON(tx, "e/"+be8(b.Epoch), sum); err != nil {
			return err
		}
		return updateEpochsMeta(tx, func(m *epochsMeta) { m.LastAnchored = max(m.LastAnchored, b.Epoch) })
	}
	return nil
}

func updateEpochsMeta(tx *Tx, f func(*epochsMeta)) error {
	var m epochsMeta
	if _, err := getJSON(tx, "m", &m); err != nil {
		return err
	}
	f(&m)
	return putJSON(tx, "m", m)
}

// summarize reads the summary of a closed epoch from its record.
func summarize(rec *aggregates.EpochRecord) (EpochSummary, error) {
	rep, err := rec.Decoded()
	if err != nil {
		return EpochSummary{}, err
	}
	rejected := rep.Rejected
	if rejected == nil {
		rejected = map[string]uint64{}
	}
	return EpochSummary{
		Epoch: rec.Epoch, StartMs: rep.StartMs, EndMs: rep.EndMs, Root: rec.Root.String(),
		EventsDigest: rep.EventsDigest, TotalCumulative: bigString(rec.TotalCumulative),
		Pool: rep.Pool, Distributed: rep.Distributed, Carry: rep.Carry, UtilizationBP: rep.UtilizationBP,
		Earners: len(rep.Earners), Slashes: len(rep.Slashes), Jailed: len(rep.Jailed), Rejected: rejected,
		State: "closed",
	}, nil
}

// EpochsPage reads a page of epoch summaries from epoch from.
func (q *Queries) EpochsPage(from, limit uint64) (EpochList, error) {
	list := EpochList{Epochs: []EpochSummary{}}
	err := q.eng.Read("epochs", func(r Reader) error {
		var m epochsMeta
		if _, err := getJSON(r, "m", &m); err != nil {
			return err
		}
		list.LastClosed = m.LastClosed
		return r.ScanFrom("e/", be8(from), func(k string, v []byte) error {
			if uint64(len(list.Epochs)) == limit {
				list.Next = fromBE8(k[2:])
				return errStop
			}
			var s EpochSummary
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			list.Epochs = append(list.Epochs, s)
			return nil
		})
	})
	return list, err
}

// Epoch reads one closed epoch with its report.
func (q *Queries) Epoch(k uint64) (EpochDetail, error) {
	var d EpochDetail
	err := q.eng.Read("epochs", func(r Reader) error {
		ok, err := getJSON(r, "e/"+be8(k), &d.EpochSummary)
		if err != nil {
			return err
		}
		if !ok {
			var m epochsMeta
			if _, err := getJSON(r, "m", &m); err != nil {
				return err
			}
			return notFound("epoch %d is not closed (last closed: %d)", k, m.LastClosed)
		}
		rep, _, err := r.Get("r/" + be8(k))
		d.Report = rep
		return err
	})
	return d, err
}

// epochsMetaRead returns the last closed and anchored epochs.
func (q *Queries) epochsMeta() (epochsMeta, error) {
	var m epochsMeta
	err := q.eng.Read("epochs", func(r Reader) error {
		_, err := getJSON(r, "m", &m)
		return err
	})
	return m, err
}
