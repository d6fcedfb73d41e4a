package ledgerd

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// maxUnanchoredWalk bounds how far back swarm_epoch_closed_unanchored looks
// for the newest anchored epoch on one scrape.
const maxUnanchoredWalk = 1024

// registerFoldMetrics exports what the alerting rules
// (deploy/prometheus/swarm-alerts.yml) read of the fold: every replica
// folds, so every replica exports them.
func (s *Service) registerFoldMetrics() {
	view := s.ledger.View
	var unanchored unanchoredMemo
	s.metrics.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_epoch_last_closed", Help: "Number of the last epoch the fold has closed (0 before any)."},
			func() float64 { return float64(view().LastClosed) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_epoch_last_closed_end_timestamp_seconds", Help: "end_ms of the last closed epoch, in Unix seconds (0 before any)."},
			func() float64 { return float64(view().PrevEndMs) / 1000 }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_epoch_closed_unanchored", Help: "Closed epochs after the newest anchored one (not yet anchored)."},
			func() float64 { return unanchored.get(view().Position, s.closedUnanchored) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "swarm_ledger_slash_mismatch_total", Help: "chain.slashed events whose amount differed from the ledger's (folded count)."},
			func() float64 { return float64(view().SlashMismatch) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "swarm_ledger_claim_mismatch_total", Help: "chain.claimed events above the earnings or below an earlier claim (folded count)."},
			func() float64 { return float64(view().ClaimMismatch) }),
	)
}

// unanchoredMemo keeps swarm_epoch_closed_unanchored for the fold position
// it was counted at: the count reads epoch records from the store, and it
// can change only when the fold moves.
type unanchoredMemo struct {
	mu       sync.Mutex
	valid    bool
	position uint64
	n        float64
}

func (m *unanchoredMemo) get(position uint64, count func() float64) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.valid || m.position != position {
		m.n, m.position, m.valid = count(), position, true
	}
	return m.n
}

// closedUnanchored counts the closed epochs after the newest anchored one,
// at most maxUnanchoredWalk.
func (s *Service) closedUnanchored() float64 {
	n := 0
	for k := s.ledger.View().LastClosed; k >= 1 && n < maxUnanchoredWalk; k-- {
		rec, err := s.ledger.CommittedEpoch(k)
		if err != nil || rec.Anchored {
			break
		}
		n++
	}
	return float64(n)
}

// registerSettlerMetrics exports the settler's configuration and what only
// it knows: a root conflict.
func (s *Service) registerSettlerMetrics() {
	st := s.settler
	s.metrics.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_settlement_epoch_length_seconds", Help: "Configured epoch length (0: this replica closes no epochs)."},
			func() float64 { return s.cfg.Chain.Settle.EpochLength.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_settlement_root_conflict", Help: "1 while the settler's last step found a root on chain that differs from the ledger's (anchoring stopped)."},
			func() float64 {
				if st.RootConflict() {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "swarm_settlement_chain_last_epoch", Help: "Newest epoch whose root the settler saw on chain."},
			func() float64 { return float64(st.Status().ChainLast) }),
	)
}
