package projections

import (
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"
)

// Query errors: the HTTP API answers 400 and 404 for them, the NATS micro
// service the same codes in its error header.
var (
	ErrBadRequest = errors.New("bad request")
	ErrNotFound   = errors.New("not found")
)

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// Message is an error's text for an API client, without the sentinel.
func Message(err error) string {
	msg := err.Error()
	for _, s := range []error{ErrBadRequest, ErrNotFound} {
		if p := s.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
			return msg[len(p):]
		}
	}
	return msg
}

// Queries answers the read API from the projections. It is safe for
// concurrent use; every answer reads one consistent snapshot per
// projection.
type Queries struct {
	eng    *Engine
	ledger Ledger
	cat    catalogCache
	ranked atomic.Pointer[rankedCatalog]
}

// NewQueries returns the queries over an engine's projections.
func NewQueries(eng *Engine) *Queries { return &Queries{eng: eng, ledger: eng.cfg.Ledger} }

// Engine returns the engine the queries read.
func (q *Queries) Engine() *Engine { return q.eng }

// Overview summarizes the network at now. streamLast is the log's last
// sequence (for the lag), 0 if unknown.
func (q *Queries) Overview(now time.Time, streamLast uint64) (Overview, error) {
	o := Overview{NodesByHealth: map[string]int{}, GPUsByModel: map[string]int{}, TotalStake: "0", TotalEarned: "0",
		CommissionBP: q.ledger.Params().CommissionBP}
	nodes, err := q.catalog(now)
	if err != nil {
		return o, err
	}
	providers := map[string]bool{}
	var util, samples uint64
	for _, n := range nodes {
		o.NodesByHealth[n.Health]++ // every node the ledger knows
		if !n.Registered {
			continue
		}
		o.Nodes++
		providers[n.Provider] = true
		for _, g := range n.GPUs {
			o.GPUs++
			o.GPUsByModel[g.Model]++
			util += g.UtilBP
			samples++
		}
	}
	if samples > 0 {
		o.UtilizationBP = util / samples
	}
	o.Providers = len(providers)
	v := q.ledger.View()
	o.Checkpoint, o.LastClosed = v.Position, v.LastClosed
	if streamLast > v.Position {
		o.Lag = streamLast - v.Position
	}
	o.EventsPerSec = q.eng.EventsPerSec()
	m, err := q.epochsMeta()
	if err != nil {
		return o, err
	}
	o.LastAnchored = m.LastAnchored
	stake, err := q.StakePage("", 1<<30)
	if err != nil {
		return o, err
	}
	total := new(big.Int)
	for _, p := range stake.Providers {
		total.Add(total, amount(p.Bonded))
	}
	o.TotalStake = total.String()
	// The sum needs neither the ranking nor the roles TopEarners adds.
	_, earned, err := q.earners()
	if err != nil {
		return o, err
	}
	sum := new(big.Int)
	for _, e := range earned {
		sum.Add(sum, amount(e.Cumulative))
	}
	o.TotalEarned = sum.String()
	return o, nil
}
