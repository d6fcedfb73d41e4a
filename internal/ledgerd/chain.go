package ledgerd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nkeys"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// ChainConfig connects the service to the contracts: the chain watcher
// publishes final contract logs into the stream as chain events.
type ChainConfig struct {
	Backend       chain.Backend
	Addresses     chain.Addresses
	LedgerKey     nkeys.KeyPair // must be the parameters' ledger id
	Finality      chain.Finality
	Confirmations uint64
	Poll          time.Duration
	// Settle, when set, runs the settlement loop on the leader.
	Settle *SettleConfig
}

// ErrLedgerKey marks a ledger key that does not match the parameters.
var ErrLedgerKey = errors.New("ledgerd: ledger key is not the parameters' ledger id")

func (s *Service) startWatcher(ctx context.Context) error {
	cc := s.cfg.Chain
	id, err := cc.LedgerKey.PublicKey()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrLedgerKey, err)
	}
	if id != s.cfg.Params.Ledger {
		return fmt.Errorf("%w: key %s, parameters %s", ErrLedgerKey, id, s.cfg.Params.Ledger)
	}
	if cc.Addresses.ChainID != s.cfg.Params.ChainID {
		return fmt.Errorf("%w: contracts on chain %d, parameters say chain %d", chain.ErrWrongChain, cc.Addresses.ChainID, s.cfg.Params.ChainID)
	}
	kv, err := openStateBucket(ctx, s.js, s.cfg.Replicas)
	if err != nil {
		return err
	}
	w, err := chain.NewWatcher(chain.WatcherConfig{
		Backend: cc.Backend, Addresses: cc.Addresses, Key: cc.LedgerKey,
		Sink:     eventlog.Publisher{JS: s.js},
		Cursor:   kvCursor{kv: kv, legacy: legacyCursor(s.cfg.DataDir)},
		Finality: cc.Finality, Confirmations: cc.Confirmations, Poll: cc.Poll, Log: s.cfg.Log,
	})
	if err != nil {
		return err
	}
	s.watcher = w
	if cc.Settle != nil {
		client, err := chain.NewClient(ctx, cc.Backend, cc.Addresses)
		if err != nil {
			return err
		}
		if err := s.startSettler(client); err != nil {
			return err
		}
		s.registerSettlerMetrics()
	}
	stat := func(name, help string, f func(chain.Stats) uint64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return float64(f(w.Stats())) })
	}
	s.metrics.reg.MustRegister(
		stat("swarm_chain_final_block", "Newest block the watcher treats as final.", func(st chain.Stats) uint64 { return st.Final }),
		stat("swarm_chain_cursor_block", "Last block whose contract logs are all in the stream.", func(st chain.Stats) uint64 { return st.Position }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "swarm_chain_events_published_total", Help: "Chain events the watcher published (duplicates included)."},
			func() float64 { return float64(w.Stats().Published) }),
		s.metrics.watching, s.metrics.leader,
	)
	return nil
}

// runWatcher runs the chain watcher until ctx ends or it must stop.
func (s *Service) runWatcher(ctx context.Context) {
	s.metrics.watching.Set(1)
	defer s.metrics.watching.Set(0)
	if err := s.watcher.Run(ctx); err != nil {
		s.cfg.Log.Error("CHAIN WATCHER STOPPED: an operator must look", "err", err)
	}
}
