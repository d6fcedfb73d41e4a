package ledgerd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nkeys"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/settlement"
)

// Config configures the ledger service.
type Config struct {
	DataDir         string
	Params          *aggregates.Params
	NATSURLs        []string            // empty: run an embedded server under DataDir/nats
	NATSHost        string              // embedded: listen host (default 127.0.0.1)
	NATSPort        int                 // embedded: client port (-1: any free port)
	EncryptionKey   string              // embedded: encrypt the JetStream store at rest
	Auth            *eventlog.Auth      // embedded: nkey authentication and subject permissions
	TLS             *eventlog.TLSConfig // embedded: TLS, mutual with a client CA
	ClientKey       nkeys.KeyPair       // key swarmd connects with (external NATS with auth)
	ClientTLS       []nats.Option       // client TLS options (CA, client certificate)
	Replicas        int                 // stream replicas (1 embedded, 3 on a cluster)
	DuplicateWindow time.Duration       // default eventlog.DefaultDuplicateWindow (covers an agent's retry)
	MetricsAddr     string              // "" disables the HTTP listener
	APIAddr         string              // read API (/v1) listen address; "" disables it
	BatchSize       int
	// CheckWorkers is the number of goroutines decoding and verifying
	// messages ahead of the fold (0: one per core). Fewer leaves cores to
	// the read API while a backlog is folded.
	CheckWorkers int
	// MaxReads is the most read API (/v1) requests answered at once; more
	// are answered 503 with Retry-After at once instead of queueing
	// (admit.go). 0: no limit.
	MaxReads int
	Log      *slog.Logger
	// Chain, when set, runs the chain watcher (and, with Chain.Settle, the
	// settlement loop) on whichever replica holds the leader lease.
	Chain *ChainConfig
	// LeaseTTL is the leader lease period (default 10s): a dead leader is
	// replaced within about one to two periods.
	LeaseTTL time.Duration
	// ReplicaID names this replica in the lease (default host/pid/random).
	ReplicaID string
	// Dashboard, when set, is served at the API listener's root.
	Dashboard http.Handler
	// Now is the read API's clock, which judges node health by heartbeat
	// age (default time.Now). The fold never reads it.
	Now func() time.Time
	// CatalogMaxAge is how stale a catalog answer may be: no answer comes
	// from a snapshot taken more than this before the query, however long
	// the catalog was idle (0: always the latest; swarmd uses 1s, so the
	// catalog costs about two decodes a second under full-speed ingest).
	CatalogMaxAge time.Duration
	// afterCommit, for tests, runs on the fold goroutine after each
	// committed batch: blocking it stalls the fold as a hung disk would,
	// while the stream, the metrics and the lag watch go on.
	afterCommit func()
}

// Service is a running ledger.
type Service struct {
	cfg        Config
	srv        *server.Server // nil with external NATS
	nc         *nats.Conn
	js         jetstream.JetStream
	stream     jetstream.Stream
	ledger     *aggregates.Ledger
	metrics    *metrics
	http       *http.Server
	api        *http.Server
	watcher    *chain.Watcher // nil without a chain
	settler    *settlement.Settler
	proj       *projections.Engine
	micro      micro.Service
	queries    *projections.Queries
	leading    atomic.Bool
	stateHash  stateCache
	streamInfo streamInfoCache
	closeOnce  sync.Once
	// folded is the committed checkpoint, readable while Run folds.
	folded atomic.Uint64
	// MetricsURL is the address the metrics listener bound, if any.
	MetricsURL string
	// APIURL is the base URL of the read API ("http://host:port"), if any.
	APIURL string
}

// Start brings the service up; Run then folds.
func Start(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	if cfg.DuplicateWindow <= 0 {
		cfg.DuplicateWindow = eventlog.DefaultDuplicateWindow
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 10 * time.Second
	}
	if cfg.ReplicaID == "" {
		cfg.ReplicaID = defaultReplicaID()
	}
	s := &Service{cfg: cfg, metrics: newMetrics()}
	if err := s.connect(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.checkStoredStream(ctx); err != nil {
		s.Close()
		return nil, err
	}
	var err error
	if s.stream, err = eventlog.EnsureStream(ctx, s.js, eventlog.StreamConfig(cfg.Replicas, cfg.DuplicateWindow)); err != nil {
		s.Close()
		return nil, err
	}
	if s.ledger, err = aggregates.Open(cfg.DataDir+"/ledger", cfg.Params); err != nil {
		s.Close()
		return nil, err
	}
	s.registerFoldMetrics()
	if err := s.openProjections(); err != nil {
		s.Close()
		return nil, err
	}
	if cfg.Chain != nil {
		if err := s.startWatcher(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.checkCheckpoint(); err != nil {
		s.Close()
		return nil, err
	}
	s.metrics.checkpoint.Set(float64(s.ledger.Position()))
	s.folded.Store(s.ledger.Position())
	if cfg.MetricsAddr != "" {
		if err := s.serveMetrics(); err != nil {
			s.Close()
			return nil, err
		}
	}
	if cfg.APIAddr != "" {
		if err := s.serveAPI(); err != nil {
			s.Close()
			return nil, err
		}
	}
	// The read queries as a NATS micro service, on swarmd's own connection.
	if s.micro, err = projections.StartMicro(s.nc, s.queries, projections.MicroConfig{
		StreamLast: s.streamLast, Now: cfg.Now, Log: cfg.Log}); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// ErrLogMismatch is returned when the stream is not the log the state was
// folded from (or cannot be loaded): starting would lose or skip events.
var ErrLogMismatch = errors.New("ledgerd: the stream is not the log this state was folded from")

// checkStoredStream refuses to go on when the embedded server has the
// stream's files on disk but did not load the stream (a wrong encryption
// key, a damaged store): creating it afresh would delete the log.
func (s *Service) checkStoredStream(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	dir := filepath.Join(s.cfg.DataDir, "nats", "jetstream", "$G", "streams", eventlog.StreamName)
	if _, err := os.Stat(dir); err != nil {
		return nil // no stored stream: a first start
	}
	if _, err := s.js.Stream(ctx, eventlog.StreamName); errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("%w: the stream's files are in %s but the server did not load them (wrong --nats-encryption-key-file, or a damaged store); refusing to create an empty stream over them", ErrLogMismatch, dir)
	}
	return nil
}

// checkCheckpoint refuses a ledger state folded further than the stream
// reaches: its next messages would never be folded. The stream's end is the
// one EnsureStream just read (the stream only grows).
func (s *Service) checkCheckpoint() error {
	last := s.stream.CachedInfo().State.LastSeq
	if pos := s.ledger.Position(); pos > last {
		return fmt.Errorf("%w: the ledger's checkpoint is %d, the stream ends at %d", ErrLogMismatch, pos, last)
	}
	return nil
}

// openProjections opens the read models' store beside the ledger's.
func (s *Service) openProjections() error {
	var err error
	s.proj, err = projections.Open(projections.Config{
		Dir:    s.cfg.DataDir + "/projections",
		Ledger: s.ledger,
		OpenLog: func(ctx context.Context, from uint64) (projections.LogReader, error) {
			return eventlog.NewLogSource(ctx, s.stream, from, 4096)
		},
		Projections: projections.All(),
		Log:         s.cfg.Log,
		HandOff:     true,
	})
	if err != nil {
		return err
	}
	s.queries = projections.NewQueries(s.proj)
	s.queries.SetCatalogMaxAge(s.cfg.CatalogMaxAge)
	return nil
}

// Queries answers the read API from the projections; safe while Run folds.
func (s *Service) Queries() *projections.Queries { return s.queries }

func (s *Service) connect() error {
	urls := strings.Join(s.cfg.NATSURLs, ",")
	opts := append([]nats.Option{nats.Name("swarmd"), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond)}, s.cfg.ClientTLS...)
	key := s.cfg.ClientKey
	if urls == "" {
		auth := s.cfg.Auth
		if auth != nil {
			// swarmd's own connection uses a key that lives only in this process.
			var err error
			if key, err = nkeys.CreateUser(); err != nil {
				return err
			}
			id, _ := key.PublicKey()
			withSelf := *auth
			withSelf.Services = append(append([]string(nil), auth.Services...), id)
			auth = &withSelf
		}
		srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "swarmd", Host: s.cfg.NATSHost, Port: s.cfg.NATSPort,
			StoreDir: s.cfg.DataDir + "/nats", EncryptionKey: s.cfg.EncryptionKey, Auth: auth, TLS: s.cfg.TLS,
			Waiting: func(d time.Duration) {
				s.cfg.Log.Info("waiting for the embedded JetStream server: recovering the stream", "elapsed", d.Round(time.Second))
			}})
		if err != nil {
			return err
		}
		s.srv, urls = srv, srv.ClientURL()
	}
	if key != nil {
		opt, err := eventlog.NkeyOption(key)
		if err != nil {
			return err
		}
		opts = append(opts, opt)
	}
	nc, err := nats.Connect(urls, opts...)
	if err != nil {
		return fmt.Errorf("ledgerd: connect to NATS %s: %w", eventlog.Redact(urls), err)
	}
	s.nc = nc
	s.js, err = jetstream.New(nc)
	return err
}

func (s *Service) serveMetrics() error {
	ln, err := net.Listen("tcp", s.cfg.MetricsAddr)
	if err != nil {
		return fmt.Errorf("ledgerd: metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.MetricsURL = "http://" + ln.Addr().String() + "/metrics"
	go s.http.Serve(ln)
	return nil
}

func (s *Service) serveAPI() error {
	ln, err := net.Listen("tcp", s.cfg.APIAddr)
	if err != nil {
		return fmt.Errorf("ledgerd: API listener: %w", err)
	}
	s.api = &http.Server{Handler: admitReads(s.withAdmin(s.apiHandler()), s.cfg.MaxReads, s.metrics.readsShed.Inc), ReadHeaderTimeout: 5 * time.Second}
	s.APIURL = "http://" + ln.Addr().String()
	go s.api.Serve(ln)
	return nil
}

// NATSURL is the client URL of the NATS server in use.
func (s *Service) NATSURL() string { return s.nc.ConnectedUrl() }

// Ledger returns the ledger; it must not be used while Run folds.
func (s *Service) Ledger() *aggregates.Ledger { return s.ledger }

// Checkpoint is the last committed stream sequence; safe while Run folds.
func (s *Service) Checkpoint() uint64 { return s.folded.Load() }

func (s *Service) onCommit(b ingest.BatchInfo) {
	s.folded.Store(b.Checkpoint)
	s.metrics.observe(b)
	s.proj.Committed(b.Checkpoint-uint64(b.Messages)+1, b.Checked, b.Verdicts)
	s.proj.Notify()
	if s.cfg.afterCommit != nil {
		s.cfg.afterCommit()
	}
}

// Run folds the stream from the checkpoint until ctx ends (nil) or folding
// must stop (a gap, a store failure, an interrupted settlement). With a
// chain it also campaigns for the leader lease.
func (s *Service) Run(ctx context.Context) error {
	ctx, crash := context.WithCancelCause(ctx)
	defer crash(nil)
	err := s.run(ctx, crash)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}

func (s *Service) run(ctx context.Context, crash context.CancelCauseFunc) error {
	src, err := s.openSource(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer src.Stop()
	go s.watchLag(ctx, crash, src)
	// The projections stop with the fold: fed its batches, they would wait
	// for the next one for good.
	projCtx, stopProj := context.WithCancel(ctx)
	projDone := make(chan struct{})
	go func() {
		defer close(projDone)
		if err := s.proj.Run(projCtx); err != nil {
			s.cfg.Log.Error("projections stopped", "err", err)
			s.metrics.projectionErrors.Inc()
		}
	}()
	defer func() { stopProj(); <-projDone }()
	if s.watcher != nil {
		cctx, stopCampaign := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); s.campaign(cctx, crash) }()
		defer func() { stopCampaign(); <-done }()
	}
	s.metrics.folding.Set(1)
	defer s.metrics.folding.Set(0)
	s.cfg.Log.Info("folding", "from", s.ledger.Position()+1)
	_, err = ingest.RunBatches(ctx, s.ledger, src, ingest.Options{BatchSize: s.cfg.BatchSize, Workers: s.cfg.CheckWorkers, OnCommit: s.onCommit}, ingest.Stats{})
	switch {
	case errors.Is(err, eventlog.ErrGap):
		s.reportGap(err, s.ledger.Position())
		return err
	case err == nil || ctx.Err() != nil:
		return nil
	}
	s.cfg.Log.Error("folding stopped", "err", err)
	return err
}

// openSource opens the ordered consumer from the checkpoint, retrying with
// backoff (up to 5 s) while JetStream cannot create it: right after a
// cluster fault the API answers "temporarily unavailable" for a while, and
// that must not stop the ledger for good.
func (s *Service) openSource(ctx context.Context) (*eventlog.LogSource, error) {
	return eventlog.OpenLogSource(ctx, s.stream, s.ledger.Position()+1, max(4*s.cfg.BatchSize, 4096), func(err error, wait time.Duration) {
		s.cfg.Log.Warn("cannot open the stream consumer; retrying", "err", err, "in", wait)
	})
}

// stallProbe is the time between watchLag's probes of the next message while
// the fold stays behind the stream's last message without moving (the first
// probe comes one tick, a second, after it stopped); a gap is declared when
// two probes stallProbe apart both find it missing.
const stallProbe = 3 * time.Second

// watchLag updates the lag metrics every second. When the fold has stayed
// behind the stream's end without moving, it reads the next message
// directly: a message the stream counts but cannot return (its record was
// damaged and dropped on read) can stop the fold without an alarm, since
// the consumer then has nothing to deliver (the stream's last message), or
// stays silent at it although messages follow. At the first probe that
// finds the message missing it renews the fold's consumer: a fresh one is
// handed the message behind the missing one at once, and the fold stops at
// that gap. When none follows, the second probe stops the ledger at the
// gap, as the consumer does at a gap it sees.
func (s *Service) watchLag(ctx context.Context, crash context.CancelCauseFunc, src *eventlog.LogSource) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var stuck stall
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			last, err := s.streamLast(ctx)
			folded := s.folded.Load()
			if err == nil {
				s.metrics.lag.Set(float64(last) - float64(folded))
				if gap := s.checkStall(ctx, &stuck, folded, last, src.Renew); gap != nil {
					s.reportGap(gap, folded)
					crash(gap)
					return
				}
			}
			for _, st := range s.proj.Status() {
				s.metrics.projectionLag.WithLabelValues(st.Name).Set(float64(st.Lag))
			}
		}
	}
}

// reportGap counts and logs a gap that stopped the fold at checkpoint.
func (s *Service) reportGap(err error, checkpoint uint64) {
	s.metrics.gaps.Inc()
	s.cfg.Log.Error("STREAM GAP: folding stopped; the log is missing a message", "err", err, "checkpoint", checkpoint)
}

// stall is watchLag's record of a fold staying behind the stream's end.
type stall struct {
	at     uint64    // the fold's position when it stopped moving
	since  time.Time // zero while the fold keeps up; else the last probe (or the stop)
	probes int       // probes of this stall
	misses int       // consecutive probes that found the next message missing
}

// checkStall is called every second with the fold's position and the
// stream's last sequence. Once the fold has not moved for a tick it probes
// the next message, then every stallProbe; a probe that finds it missing
// calls renew (the fold's consumer starts afresh at it), and the second in
// a row returns the gap.
func (s *Service) checkStall(ctx context.Context, st *stall, folded, last uint64, renew func()) error {
	switch {
	case last <= folded:
		*st = stall{}
		return nil
	case st.since.IsZero() || folded != st.at:
		*st = stall{at: folded, since: time.Now()}
		return nil
	case st.probes > 0 && time.Since(st.since) < stallProbe:
		return nil
	}
	st.since = time.Now()
	st.probes++
	if !s.nextMissing(ctx, folded, last, st.probes > 1) {
		st.misses = 0
		return nil
	}
	renew()
	if st.misses++; st.misses < 2 {
		return nil
	}
	return fmt.Errorf("%w: message %d cannot be read from the stream's leader (the stream ends at %d)", eventlog.ErrGap, folded+1, last)
}

// nextMissing asks the stream's leader for message folded+1 and reports
// whether it answered that the message is not there. That it is there is
// logged only when warn is set: the first probe, a second after the fold
// stopped moving, is routine (a large batch still being checked).
func (s *Service) nextMissing(ctx context.Context, folded, last uint64, warn bool) bool {
	ok, err := eventlog.HasMessage(ctx, s.nc, eventlog.StreamName, folded+1)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.cfg.Log.Warn("folding stalled behind the stream; reading the next message failed", "checkpoint", folded, "err", err)
		}
		return false
	case ok:
		if !warn {
			return false
		}
		s.cfg.Log.Warn("folding stalled behind the stream; the next message exists", "checkpoint", folded, "stream_last", last)
		return false
	}
	s.cfg.Log.Warn("folding stalled behind the stream; the next message is missing: renewing the consumer", "checkpoint", folded, "stream_last", last)
	return true
}

// Close stops everything Start started; calling it again does nothing.
func (s *Service) Close() { s.closeOnce.Do(s.close) }

func (s *Service) close() {
	if s.micro != nil {
		_ = s.micro.Stop()
	}
	if s.http != nil {
		s.http.Close()
	}
	if s.api != nil {
		s.api.Close()
	}
	if s.proj != nil {
		s.proj.Close()
	}
	if s.ledger != nil {
		s.ledger.Close()
	}
	if s.nc != nil {
		s.nc.Close()
	}
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
	}
}
