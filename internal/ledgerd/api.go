package ledgerd

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/settlement"
)

// The read API is the projections package's handler (its routes, the
// OpenAPI document, probes, the dashboard); this file wires it to the
// service: the stream's last sequence, the committed state hash, the
// settlement status and the metrics.

// stateHashEvery bounds how often GET /v1/state rehashes the whole state.
const stateHashEvery = 5 * time.Second

func (s *Service) apiHandler() http.Handler {
	return projections.NewHandler(projections.HTTPConfig{
		Queries:    s.queries,
		Now:        s.cfg.Now,
		StreamLast: s.streamLast,
		State:      s.state,
		Settlement: s.settlementStatus,
		Metrics:    promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}),
		Dashboard:  s.cfg.Dashboard,
		MaxLag:     0,
		Log:        s.cfg.Log,
	})
}

// streamLast is the stream's last sequence: at most streamLastAge old, so
// polling clients cost one JetStream request per period, not one per call.
func (s *Service) streamLast(ctx context.Context) (uint64, error) {
	c := &s.streamInfo
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) < streamLastAge {
		return c.last, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := s.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("stream info: %w", err)
	}
	c.at, c.last = time.Now(), info.State.LastSeq
	return c.last, nil
}

// streamLastAge bounds the staleness of the lag the API reports.
const streamLastAge = 100 * time.Millisecond

type streamInfoCache struct {
	mu   sync.Mutex
	at   time.Time
	last uint64
}

// stateCache holds the last state hash computed for GET /v1/state.
type stateCache struct {
	mu   sync.Mutex
	at   time.Time
	pos  uint64
	hash string
}

// state is GET /v1/state's committed part. The state hash is recomputed
// when the checkpoint has moved and the last one is older than
// stateHashEvery; StateHashAt says which checkpoint it is of.
func (s *Service) state() (projections.State, error) {
	v := s.ledger.View()
	st := projections.State{Checkpoint: v.Position, EventsDigest: v.Digest.String(), LastClosed: v.LastClosed}
	c := &s.stateHash
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hash == "" || (c.pos != v.Position && time.Since(c.at) >= stateHashEvery) {
		pos, _, h, err := s.ledger.CommittedStateHash()
		if err != nil {
			return st, err
		}
		c.at, c.pos, c.hash = time.Now(), pos, h.String()
	}
	st.StateHash, st.StateHashAt = c.hash, c.pos
	return st, nil
}

// SettlementStatus is GET /v1/settlement: whether this replica leads, and
// its settler's view of the epochs and slashes.
type SettlementStatus struct {
	Replica string `json:"replica"`
	Leader  bool   `json:"leader"`
	settlement.Status
}

func (s *Service) settlementStatus() (any, error) {
	st, ok := s.Settlement()
	if !ok {
		return nil, fmt.Errorf("%w: this replica runs no settlement (start swarmd with a chain and --settler-key)", projections.ErrNotFound)
	}
	return SettlementStatus{Replica: s.cfg.ReplicaID, Leader: s.IsLeader(), Status: st}, nil
}
