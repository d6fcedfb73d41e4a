package ledgerd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/settlement"
)

// SettleConfig turns on the settlement loop (on the leader only).
type SettleConfig struct {
	Signer      *chain.Signer // SETTLER_ROLE and SLASHER_ROLE
	EpochLength time.Duration // 0: close no epochs (anchor and slash only)
	Poll        time.Duration // default 1s
	// Now and Hook are for tests: a controlled clock, and crash points.
	Now  func() time.Time
	Hook func(settlement.Step) error
}

// The leader lease and the replicated settlement state.
const (
	leaseName     = "settlement"
	stateBucket   = "swarm_state"
	cursorKey     = "chain.watcher.cursor"
	ledgerSubjAll = eventlog.SubjectPrefix + "ledger.>"
)

// lead runs what only the leader runs, the chain watcher and the
// settlement loop, until ctx ends or the settlement is interrupted.
func (s *Service) lead(ctx context.Context) error {
	s.leading.Store(true)
	s.metrics.leader.Set(1)
	defer func() { s.leading.Store(false); s.metrics.leader.Set(0) }()
	s.cfg.Log.Info("leading: chain watcher and settlement run here", "replica", s.cfg.ReplicaID)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); s.runWatcher(ctx) }()
	defer func() { cancel(); <-done }()
	if s.settler == nil {
		<-ctx.Done()
		return nil
	}
	return s.settler.Run(ctx)
}

// campaign holds the leader lease whenever it can and leads while it does.
// An interrupted settlement (a test's crash point) ends the service's Run.
func (s *Service) campaign(ctx context.Context, crash context.CancelCauseFunc) {
	err := eventlog.RunLease(ctx, s.js, eventlog.LeaseConfig{
		Key: leaseName, Holder: s.cfg.ReplicaID, TTL: s.cfg.LeaseTTL, Replicas: s.cfg.Replicas, Log: s.cfg.Log,
	}, func(lctx context.Context) {
		if err := s.lead(lctx); err != nil {
			crash(err)
		}
	})
	if err != nil {
		s.cfg.Log.Error("leader election stopped", "err", err)
		crash(err)
	}
}

// startSettler builds the settler on the configured chain.
func (s *Service) startSettler(client *chain.Client) error {
	sc := s.cfg.Chain.Settle
	st, err := settlement.New(settlement.Config{
		Ledger: s.ledger, EventLog: ledgerLog{js: s.js, stream: s.stream},
		LedgerKey:   s.cfg.Chain.LedgerKey,
		Contracts:   settlement.OnClient(client, sc.Signer, s.cfg.Chain.Finality, s.cfg.Chain.Confirmations),
		EpochLength: sc.EpochLength, Poll: sc.Poll, Now: sc.Now, Hook: sc.Hook, Log: s.cfg.Log,
	})
	if err != nil {
		return err
	}
	s.settler = st
	s.metrics.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "swarm_slash_overdue",
			Help: "Slashes still proposed on chain past their executableAt after the settler's last pass (execution failing or held back; 0 on a replica that is not leading)."},
			func() float64 { return float64(st.Status().SlashesOverdue) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "swarm_slash_pending",
			Help: "Decided slashes not yet executed or vetoed as of the final block: to propose, waiting out their delay, or not final."},
			func() float64 { return float64(len(st.Status().SlashesPending)) }),
	)
	return nil
}

// Settlement returns the settler's status; ok is false without one.
func (s *Service) Settlement() (settlement.Status, bool) {
	if s.settler == nil {
		return settlement.Status{}, false
	}
	return s.settler.Status(), true
}

// IsLeader reports whether this replica holds the lease now.
func (s *Service) IsLeader() bool { return s.leading.Load() }

// ledgerLog is the settler's access to the stream.
type ledgerLog struct {
	js     jetstream.JetStream
	stream jetstream.Stream
}

// LedgerHead is the stream sequence of the newest ledger event.
func (l ledgerLog) LedgerHead(ctx context.Context) (uint64, error) {
	var head uint64
	for _, t := range []events.Type{events.EpochClosed, events.EpochAnchored} {
		m, err := l.stream.GetLastMsgForSubject(ctx, eventlog.Subject(t, ""))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("ledgerd: last ledger event: %w", err)
		}
		head = max(head, m.Sequence)
	}
	return head, nil
}

// Append publishes a ledger event unless another ledger event followed head.
func (l ledgerLog) Append(ctx context.Context, ev *events.Event, msg []byte, head uint64) (uint64, error) {
	ack, err := l.js.Publish(ctx, eventlog.Subject(ev.Type, ev.Src), msg,
		jetstream.WithMsgID(ev.ID()), jetstream.WithExpectLastSequenceForSubject(head, ledgerSubjAll))
	if err != nil {
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
			apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant) {
			return 0, fmt.Errorf("%w: %s", settlement.ErrFenced, ev.ID())
		}
		return 0, fmt.Errorf("ledgerd: publish %s: %w", ev.ID(), err)
	}
	return ack.Sequence, nil
}

// kvCursor keeps the chain watcher's position in a replicated KV bucket, so
// that whichever replica leads resumes where the last leader stopped.
type kvCursor struct {
	kv jetstream.KeyValue
	// legacy is a cursor file of an earlier single-replica version, read
	// when the bucket holds no position yet.
	legacy chain.FileCursor
}

const kvTimeout = 10 * time.Second

func openStateBucket(ctx context.Context, js jetstream.JetStream, replicas int) (jetstream.KeyValue, error) {
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: stateBucket, Description: "Swarm ledger replicated settlement state (the chain watcher's cursor)",
		History: 1, TTL: 0, Storage: jetstream.FileStorage, Replicas: replicas, MaxValueSize: 4096,
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerd: state bucket: %w", err)
	}
	return kv, nil
}

func (c kvCursor) Load() (chain.Position, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), kvTimeout)
	defer cancel()
	e, err := c.kv.Get(ctx, cursorKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		if c.legacy != "" {
			return c.legacy.Load()
		}
		return chain.Position{}, false, nil
	}
	if err != nil {
		return chain.Position{}, false, fmt.Errorf("ledgerd: cursor: %w", err)
	}
	var p chain.Position
	if err := json.Unmarshal(e.Value(), &p); err != nil {
		return chain.Position{}, false, fmt.Errorf("ledgerd: cursor %q: %w", e.Value(), err)
	}
	return p, true, nil
}

func (c kvCursor) Save(p chain.Position) error {
	ctx, cancel := context.WithTimeout(context.Background(), kvTimeout)
	defer cancel()
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := c.kv.Put(ctx, cursorKey, b); err != nil {
		return fmt.Errorf("ledgerd: save cursor at block %d: %w", p.Block, err)
	}
	return nil
}

// defaultReplicaID names this replica for the lease: host, process and a
// start-time suffix, so that a restarted process is a new holder.
func defaultReplicaID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), strconv.FormatInt(time.Now().UnixNano()%1e9, 36))
}

func legacyCursor(dataDir string) chain.FileCursor {
	if dataDir == "" {
		return ""
	}
	return chain.FileCursor(filepath.Join(dataDir, "chain-cursor.json"))
}
