package devstack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent"
	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/agent/schedsim"
	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/projections/dashboard"
)

// Defaults of Config.
const (
	DefaultNodes       = 6
	DefaultProviders   = 3
	DefaultStakers     = 2
	DefaultEpochLength = 10 * time.Second
	DefaultAPIAddr     = "127.0.0.1:8080"
	DefaultMetricsAddr = "127.0.0.1:9464"
	DefaultNATSPort    = 4222
	DefaultRPCAddr     = "127.0.0.1:8545"
)

// Timings of the stack.
const (
	blockInterval = 500 * time.Millisecond // the development chain seals at least this often
	pollInterval  = 250 * time.Millisecond // chain watcher and settlement loop
	startTimeout  = time.Minute            // for the nodes' authorizations to reach the ledger
)

// Errors of Start.
var (
	ErrConfig  = errors.New("devstack: invalid configuration")
	ErrDataDir = errors.New("devstack: unusable data directory")
)

// Config configures a dev stack. Zero fields take the defaults above.
type Config struct {
	DataDir     string // required; each Start makes a new run directory in it
	Nodes       int
	Providers   int // 1..Nodes; the nodes are spread over them
	Stakers     int // bond behind the providers at start
	EpochLength time.Duration
	SlashDelay  time.Duration // the development chain's slash delay (DefaultSlashDelay when 0)
	APIAddr     string        // read API; "127.0.0.1:0" picks a free port
	MetricsAddr string        // Prometheus /metrics; "127.0.0.1:0" picks a free port
	NATSPort    int           // embedded NATS client port on 127.0.0.1; -1 picks a free port
	RPCAddr     string        // development chain JSON-RPC; "127.0.0.1:0" picks a free port
	Log         *slog.Logger
}

// Stack is a running dev stack.
type Stack struct {
	// Dir is this run's directory: ledger/ and nats/ (the service's state),
	// devchain/ (addresses.json and the development keys), keys/ (the
	// ledger, scheduler and node nkeys), spool/ (the agents' spools) and
	// params.json.
	Dir        string
	APIURL     string // http://host:port; the API is under /v1, the dashboard at /
	MetricsURL string
	NATSURL    string
	RPCURL     string
	Contracts  string // the contracts' addresses file (swarmctl --contracts)
	KeysDir    string // the development EVM keys, dev<i>.key (swarmctl --key)
	ParamsFile string
	Providers  []Provider
	Stakers    []Staker
	Nodes      []Node
	// Deployer is development account 0: it deployed the contracts, holds
	// SETTLER_ROLE and SLASHER_ROLE (the ledger settles with it) and
	// GUARDIAN_ROLE; DeployerKey is its key file.
	Deployer, DeployerKey string

	cfg       Config
	log       *slog.Logger
	params    *aggregates.Params
	net       *devnet.Net
	svc       *ledgerd.Service
	nc        *nats.Conn
	js        jetstream.JetStream
	stream    jetstream.Stream
	ledgerKey nkeys.KeyPair
	schedKey  nkeys.KeyPair

	foldStop context.CancelFunc
	foldDone chan struct{}
	foldErr  error

	workStop  context.CancelFunc
	work      sync.WaitGroup
	spools    []*publisher.Publisher
	schedPub  *publisher.Publisher
	sources   []agent.Source
	mu        sync.RWMutex // readers of the ledger hold it; Close takes it
	closed    bool
	stopped   chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Start brings the stack up in a new run directory under cfg.DataDir and
// returns once the nodes' authorizations are in the ledger and the agents
// and the scheduler run. ctx bounds the start only; the stack runs until
// Close. A failed Start stops what it started and removes its run
// directory.
func Start(ctx context.Context, cfg Config) (*Stack, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	dir, err := newRunDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s := &Stack{Dir: dir, cfg: cfg, log: cfg.Log, foldDone: make(chan struct{}), stopped: make(chan struct{})}
	if err := s.start(ctx); err != nil {
		s.Close()
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	return s, nil
}

func (c Config) withDefaults() (Config, error) {
	if c.DataDir == "" {
		return c, fmt.Errorf("%w: no data directory", ErrConfig)
	}
	c.Nodes = orDefault(c.Nodes, DefaultNodes)
	c.Providers = orDefault(c.Providers, DefaultProviders)
	c.Stakers = orDefault(c.Stakers, DefaultStakers)
	c.EpochLength = orDefault(c.EpochLength, DefaultEpochLength)
	c.APIAddr = orDefault(c.APIAddr, DefaultAPIAddr)
	c.MetricsAddr = orDefault(c.MetricsAddr, DefaultMetricsAddr)
	c.NATSPort = orDefault(c.NATSPort, DefaultNATSPort)
	c.RPCAddr = orDefault(c.RPCAddr, DefaultRPCAddr)
	if c.Log == nil {
		c.Log = slog.Default()
	}
	switch {
	case c.Nodes < 1 || c.Nodes > 256:
		return c, fmt.Errorf("%w: %d nodes, want 1 to 256", ErrConfig, c.Nodes)
	case c.Providers < 1 || c.Providers > min(c.Nodes, 32):
		return c, fmt.Errorf("%w: %d providers, want 1 to %d (at most one per node)", ErrConfig, c.Providers, min(c.Nodes, 32))
	case c.Stakers < 1 || c.Stakers > 32:
		return c, fmt.Errorf("%w: %d stakers, want 1 to 32", ErrConfig, c.Stakers)
	case c.EpochLength < time.Second || c.EpochLength%time.Millisecond != 0:
		return c, fmt.Errorf("%w: epoch length %s, want whole milliseconds of at least 1s", ErrConfig, c.EpochLength)
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// start runs the steps of Start in order; Close undoes any prefix of them.
func (s *Stack) start(ctx context.Context) error {
	steps := []func(context.Context) error{s.startChain, s.writeIdentities, s.startLedger, s.connect, s.setUpChain, s.awaitAuthorized}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	if err := s.publishRun(); err != nil {
		return err
	}
	work, stop := context.WithCancel(context.Background())
	s.workStop = stop
	if err := s.startNodes(work); err != nil {
		return err
	}
	if err := s.startScheduler(work); err != nil {
		return err
	}
	s.log.Info("dev stack up", "dir", s.Dir, "api", s.APIURL, "rpc", s.RPCURL, "nats", s.NATSURL)
	return nil
}

// startChain starts the development chain with an account per provider and
// staker besides the deployer, and names the accounts.
func (s *Stack) startChain(ctx context.Context) error {
	dir := filepath.Join(s.Dir, ChainDir)
	n, err := StartChain(ctx, ChainConfig{RPCAddr: s.cfg.RPCAddr, Dir: dir, EpochLength: s.cfg.EpochLength, SlashDelay: s.cfg.SlashDelay,
		Accounts: 1 + s.cfg.Providers + s.cfg.Stakers, BlockInterval: blockInterval})
	if err != nil {
		return err
	}
	s.net, s.RPCURL = n, n.URL()
	s.Contracts, s.KeysDir = filepath.Join(dir, "addresses.json"), filepath.Join(dir, "keys")
	s.Providers, s.Stakers = accounts(n, s.cfg.Providers, s.cfg.Stakers)
	s.Deployer, s.DeployerKey = deployer(n)
	return nil
}

// writeIdentities creates the ledger, scheduler and node keys under keys/,
// plans the bonds and writes params.json.
func (s *Stack) writeIdentities(context.Context) error {
	keys := filepath.Join(s.Dir, "keys")
	if err := os.MkdirAll(keys, 0o700); err != nil {
		return fmt.Errorf("devstack: %w", err)
	}
	ledgerKey, ledgerID, err := newKey(filepath.Join(keys, "ledger.nk"))
	if err != nil {
		return err
	}
	schedKey, schedID, err := newKey(filepath.Join(keys, "scheduler.nk"))
	if err != nil {
		return err
	}
	s.ledgerKey, s.schedKey = ledgerKey, schedKey
	if s.Nodes, err = newNodes(keys, s.cfg.Nodes, s.Providers); err != nil {
		return err
	}
	planBonds(s.Providers, s.Stakers)
	params, raw, err := devParams(s.net.Addresses.ChainID, ledgerID, schedID)
	if err != nil {
		return err
	}
	s.params, s.ParamsFile = params, filepath.Join(s.Dir, "params.json")
	if err := os.WriteFile(s.ParamsFile, raw, 0o644); err != nil {
		return fmt.Errorf("devstack: %w", err)
	}
	return nil
}

// startLedger starts the ledger service settling on the development chain
// and folds in the background.
func (s *Stack) startLedger(ctx context.Context) error {
	svc, err := ledgerd.Start(ctx, ledgerd.Config{
		DataDir: s.Dir, Params: s.params, NATSHost: "127.0.0.1", NATSPort: s.cfg.NATSPort,
		MetricsAddr: s.cfg.MetricsAddr, APIAddr: s.cfg.APIAddr, BatchSize: 1024, Log: s.log, Dashboard: dashboard.Handler(), CatalogMaxAge: time.Second,
		Chain: &ledgerd.ChainConfig{
			Backend: s.net.Chain.Client(), Addresses: s.net.Addresses, LedgerKey: s.ledgerKey,
			Finality: chain.FinalityConfirmations, Confirmations: ChainConfirmations, Poll: pollInterval,
			Settle: &ledgerd.SettleConfig{Signer: chain.NewSigner(s.net.Accounts[0].Key), EpochLength: s.cfg.EpochLength, Poll: pollInterval},
		},
	})
	if err != nil {
		return fmt.Errorf("devstack: ledger service: %w", err)
	}
	s.svc, s.APIURL, s.MetricsURL, s.NATSURL = svc, svc.APIURL, svc.MetricsURL, svc.NATSURL()
	foldCtx, stop := context.WithCancel(context.Background())
	s.foldStop = stop
	go func() {
		defer close(s.foldDone)
		if s.foldErr = svc.Run(foldCtx); s.foldErr != nil {
			s.log.Error("the ledger stopped folding", "err", s.foldErr)
		}
	}()
	return nil
}

// connect opens the stack's own NATS connection, which the agents, the
// scheduler and the progress reporter share.
func (s *Stack) connect(ctx context.Context) error {
	nc, err := nats.Connect(s.NATSURL, nats.Name("swarmd dev"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return fmt.Errorf("devstack: connect to NATS: %w", err)
	}
	s.nc = nc
	if s.js, err = jetstream.New(nc); err != nil {
		return fmt.Errorf("devstack: JetStream: %w", err)
	}
	if s.stream, err = s.js.Stream(ctx, eventlog.StreamName); err != nil {
		return fmt.Errorf("devstack: stream %s: %w", eventlog.StreamName, err)
	}
	return nil
}

// setUpChain has every provider authorize its nodes and every staker bond,
// one goroutine per account (each account's transactions in order).
func (s *Stack) setUpChain(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make([]error, len(s.Providers)+len(s.Stakers))
	for i := range s.Providers {
		wg.Go(func() { errs[i] = s.authorize(ctx, &s.Providers[i]) })
	}
	for i := range s.Stakers {
		wg.Go(func() { errs[len(s.Providers)+i] = s.bond(ctx, &s.Stakers[i]) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s *Stack) authorize(ctx context.Context, p *Provider) error {
	for _, n := range s.Nodes {
		if n.Provider != p.Address {
			continue
		}
		if _, err := s.net.Client.AuthorizeNode(ctx, p.signer, n.ID); err != nil {
			return fmt.Errorf("devstack: %s authorizes %s: %w", p.Name, n.Name, err)
		}
	}
	return nil
}

func (s *Stack) bond(ctx context.Context, st *Staker) error {
	for _, b := range st.Bonds {
		if _, err := s.net.Client.Bond(ctx, st.signer, common.HexToAddress(b.Provider), b.Amount); err != nil {
			return fmt.Errorf("devstack: %s bonds %s behind %s: %w", st.Name, chain.FormatAmount(b.Amount), b.Provider, err)
		}
	}
	return nil
}

// awaitAuthorized waits until the ledger has folded every node's
// authorization: a registration before it would be rejected.
func (s *Stack) awaitAuthorized(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for _, n := range s.Nodes {
		for {
			st, err := s.svc.Ledger().CommittedNode(n.ID)
			if err != nil {
				return fmt.Errorf("devstack: read %s: %w", n.Name, err)
			}
			if st != nil && st.AuthProvider == n.Provider {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("devstack: %s's authorization did not reach the ledger: %w", n.Name, ctx.Err())
			case <-s.foldDone:
				return fmt.Errorf("devstack: the ledger stopped folding: %w", s.foldErr)
			case <-tick.C:
			}
		}
	}
	return nil
}

// startNodes runs an agent per node, with a simulated GPU source and a
// durable publisher under spool/, until ctx ends.
func (s *Stack) startNodes(ctx context.Context) error {
	interval := time.Duration(s.params.HeartbeatIntervalS) * time.Second
	for i, n := range s.Nodes {
		src, err := agent.NewSim(int64(i+1), []string{n.Model}, n.GPUs)
		if err != nil {
			return fmt.Errorf("devstack: %s: %w", n.Name, err)
		}
		s.sources = append(s.sources, src)
		pub, err := s.openSpool(ctx, n.Name, n.key)
		if err != nil {
			return err
		}
		s.spools = append(s.spools, pub)
		log := s.log.With("node", n.Name)
		s.work.Go(func() {
			st, err := agent.Run(ctx, src, pub, agent.RunConfig{Provider: n.Provider, Region: n.Region, Interval: interval, Log: log})
			if err != nil {
				log.Error("agent stopped", "err", err, "heartbeats", st.Heartbeats)
			}
		})
	}
	return nil
}

// startScheduler runs the scheduler simulator until ctx ends: it verifies
// the registered GPUs and runs tasks on them, a tenth of which fail.
func (s *Stack) startScheduler(ctx context.Context) error {
	pub, err := s.openSpool(ctx, "scheduler", s.schedKey)
	if err != nil {
		return err
	}
	s.schedPub = pub
	sim := schedsim.New(schedsim.Config{Seed: 1, TaskInterval: 500 * time.Millisecond, TaskDuration: 2 * time.Second,
		FailBP: 1000, ProviderBP: 5000}, pub)
	s.work.Go(func() {
		if err := sim.Run(ctx, s.stream); err != nil {
			s.log.Error("scheduler simulator stopped", "err", err)
		}
	})
	return nil
}

// openSpool opens a durable publisher under spool/name and drains it until
// ctx ends.
func (s *Stack) openSpool(ctx context.Context, name string, key nkeys.KeyPair) (*publisher.Publisher, error) {
	pub, err := publisher.Open(publisher.Config{Dir: filepath.Join(s.Dir, "spool", name), Key: key}, s.js)
	if err != nil {
		return nil, fmt.Errorf("devstack: %s spool: %w", name, err)
	}
	s.work.Go(func() { pub.Run(ctx) })
	return pub, nil
}

// Service is the ledger service. Its Ledger is safe for the committed
// reads only (View, CommittedEpoch, Committed*), and only until Close.
func (s *Stack) Service() *ledgerd.Service { return s.svc }

// Done is closed when the ledger stops folding: after Close, or on a
// failure (Err).
func (s *Stack) Done() <-chan struct{} { return s.foldDone }

// Err is why the ledger stopped folding, nil while it folds or after a
// clean Close.
func (s *Stack) Err() error {
	select {
	case <-s.foldDone:
		return s.foldErr
	default:
		return nil
	}
}

// Close stops the agents and the scheduler, then the ledger service, then
// the chain. The run directory stays. Calling it again does nothing.
func (s *Stack) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Stack) close() error {
	s.mu.Lock()
	s.closed = true
	close(s.stopped)
	s.mu.Unlock()
	errs := []error{s.stopWork()}
	if s.foldStop != nil {
		s.foldStop()
		<-s.foldDone
	}
	if s.nc != nil {
		s.nc.Close()
	}
	if s.svc != nil {
		s.svc.Close()
	}
	if s.net != nil {
		errs = append(errs, s.net.Close())
	}
	return errors.Join(errs...)
}

// stopWork stops the agents and the scheduler and closes their spools and
// sources.
func (s *Stack) stopWork() error {
	if s.workStop != nil {
		s.workStop()
	}
	s.work.Wait()
	var errs []error
	for _, p := range s.spools {
		errs = append(errs, p.Close())
	}
	for _, src := range s.sources {
		errs = append(errs, src.Close())
	}
	if s.schedPub != nil {
		// The simulator's Run has returned (s.work), and with it every
		// task-completion timer it had scheduled.
		errs = append(errs, s.schedPub.Close())
	}
	return errors.Join(errs...)
}
