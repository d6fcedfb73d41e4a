package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

// queryConfig shapes the query-latency figures (--queries).
type queryConfig struct {
	enabled     bool
	earnerRate  int           // earnings requests per second, 0 for none
	catalogRate int           // catalog requests per second, 0 for none
	duration    time.Duration // each measured phase
	prefix      int           // events folded before the idle phase
	profile     string        // directory for pprof files, "" for none
	workers     int           // the service's check workers (0: one per core)
	steadyRate  int           // events/s published during the steady phase (0: no steady phase)
	maxReads    int           // the service's --max-reads
}

// p99Target is the p99 the read API must keep while the ledger ingests at
// a large network's steady rate (--steady-rate); p99FullTarget during
// full-speed ingest, the fold taking every core it can.
const (
	p99Target     = 5 * time.Millisecond
	p99FullTarget = 25 * time.Millisecond
)

// runQueries measures read API latency on the real service: idle after
// folding the first part of the log, then while the rest is published as
// fast as possible and folded. It takes the scenario's messages over (and
// drops them from memory once they are in the stream or on disk).
func runQueries(s *gen.Scenario, params *aggregates.Params, dir string, q queryConfig) (*queryResult, error) {
	if q.earnerRate < 0 || q.catalogRate < 0 || q.earnerRate+q.catalogRate == 0 || q.duration <= 0 {
		return nil, fmt.Errorf("query rates must not be negative, one must be positive, and --query-duration positive")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("query figures: %w", err)
	}
	msgs := s.Messages
	s.Messages = nil
	prefix := min(q.prefix, len(msgs)/3)
	rest := filepath.Join(dir, "rest.ndjson")
	if err := events.WriteExportFile(rest, msgs[prefix:]); err != nil {
		return nil, fmt.Errorf("write the rest of the log: %w", err)
	}
	res, err := queryPhases(dir, params, msgs[:prefix], rest, len(msgs)-prefix, q)
	if err != nil {
		return nil, err
	}
	res.events = prefix + res.rest
	res.print(os.Stdout, q)
	return res, nil
}

// queryResult is everything the mode prints.
type queryResult struct {
	events, prefix int
	rest, backlog  int // the rest of the log; the part preloaded before the ingest phase
	steadyN        int // of the rest, the events published during the steady phase
	targets        *targets
	service        [2]time.Duration // median of sequential requests, idle: earnings, catalog
	idle, loaded   phaseResult
	steady         phaseResult // at --steady-rate, the fold keeping up (zero when not measured)
	prefixFold     float64     // ledger events/s, preloaded stream, no queries
	quiet          rates       // after the loaded phase, no queries
}

type phaseResult struct {
	earner, catalog summary
	rates           rates
}

// rates is the fold progress over a window.
type rates struct {
	ledger, proj float64 // events/s
	projLag      uint64  // projections behind the ledger at the end
	backlog      int64   // published but not yet folded at the end
	publishing   bool    // the publisher was still running at the end
	load         load
}

func queryPhases(dir string, params *aggregates.Params, head [][]byte, rest string, restN int, q queryConfig) (*queryResult, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := startQueryBench(ctx, dir, params, q)
	if err != nil {
		return nil, err
	}
	defer b.close()
	res := &queryResult{prefix: len(head), rest: restN}
	if res.prefixFold, err = b.foldPrefix(ctx, head); err != nil {
		return nil, err
	}
	runtime.GC()
	debug.FreeOSMemory()
	if res.targets, err = b.pickTargets(ctx); err != nil {
		return nil, err
	}
	if err := b.idlePhase(ctx, q, res); err != nil {
		return nil, err
	}
	f, err := os.Open(rest)
	if err != nil {
		return nil, fmt.Errorf("the rest of the log: %w", err)
	}
	defer f.Close()
	next := events.NewExportReader(f).Next
	if err := b.steadyPhase(ctx, q, next, res); err != nil {
		return nil, err
	}
	return res, b.loadedPhase(ctx, q, next, res)
}

// queryBench is the service under test and its clients.
type queryBench struct {
	srv        *server.Server
	svc        *ledgerd.Service
	nc         *nats.Conn
	client     *http.Client
	stopRun    context.CancelFunc
	runDone    chan error
	published  atomic.Int64 // messages acknowledged by the stream
	publishing atomic.Bool
}

func startQueryBench(ctx context.Context, dir string, params *aggregates.Params, q queryConfig) (*queryBench, error) {
	srv, err := startNATS(filepath.Join(dir, "nats"))
	if err != nil {
		return nil, err
	}
	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: filepath.Join(dir, "swarmd"), Params: params, CatalogMaxAge: time.Second, NATSURLs: []string{srv.ClientURL()}, CheckWorkers: q.workers, MaxReads: q.maxReads,
		APIAddr: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		srv.Shutdown()
		return nil, fmt.Errorf("start the service: %w", err)
	}
	nc, err := nats.Connect(svc.NATSURL())
	if err != nil {
		svc.Close()
		srv.Shutdown()
		return nil, fmt.Errorf("connect to NATS: %w", err)
	}
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, DisableCompression: true, IdleConnTimeout: time.Minute}
	return &queryBench{srv: srv, svc: svc, nc: nc, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}, nil
}

// startNATS starts an in-process JetStream server on a free port with
// swarmd's embedded server configuration (internal/eventlog.StartServer),
// except that it does not fsync every message (NoSync): with SyncAlways
// the publisher is bounded by the disk's fsync rate (a few thousand
// messages/s), far below the fold, and preloading a backlog would take
// minutes. The service under test is unchanged.
func startNATS(storeDir string) (*server.Server, error) {
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "swarm-bench", Port: -1, StoreDir: storeDir, NoSync: true, ReadyTimeout: time.Minute})
	if err != nil {
		return nil, fmt.Errorf("NATS server: %w", err)
	}
	return srv, nil
}

func (b *queryBench) close() {
	b.stop()
	b.client.CloseIdleConnections()
	b.nc.Close()
	b.svc.Close()
	b.srv.Shutdown()
	b.srv.WaitForShutdown()
}

// start runs the service's fold (ledger and projections) until stop.
func (b *queryBench) start(ctx context.Context) {
	runCtx, stop := context.WithCancel(ctx)
	b.stopRun, b.runDone = stop, make(chan error, 1)
	go func() { b.runDone <- b.svc.Run(runCtx) }()
}

func (b *queryBench) stop() error {
	if b.stopRun == nil {
		return nil
	}
	b.stopRun()
	err := <-b.runDone
	b.stopRun, b.runDone = nil, nil
	if err != nil {
		return fmt.Errorf("the service's fold: %w", err)
	}
	return nil
}

// foldPrefix loads msgs into the stream, then runs the service until the
// ledger and every projection have folded them; it returns the ledger's
// events/s from the preloaded stream (as the "ingest" throughput figure).
func (b *queryBench) foldPrefix(ctx context.Context, msgs [][]byte) (float64, error) {
	fmt.Fprintf(os.Stderr, "loading %d events into the stream…\n", len(msgs))
	start := time.Now()
	if err := b.publish(ctx, sliceReader(msgs)); err != nil {
		return 0, err
	}
	fmt.Fprintf(os.Stderr, "loaded in %s; folding them (ledger and projections)…\n", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	b.start(ctx)
	if err := b.waitFolded(ctx, uint64(len(msgs))); err != nil {
		return 0, err
	}
	rate := float64(len(msgs)) / time.Since(start).Seconds()
	return rate, b.waitProjections(ctx, uint64(len(msgs)))
}

func sliceReader(msgs [][]byte) func() ([]byte, error) {
	return func() ([]byte, error) {
		if len(msgs) == 0 {
			return nil, io.EOF
		}
		m := msgs[0]
		msgs = msgs[1:]
		return m, nil
	}
}

// limitReader yields the first n messages of next.
func limitReader(next func() ([]byte, error), n int) func() ([]byte, error) {
	return func() ([]byte, error) {
		if n == 0 {
			return nil, io.EOF
		}
		n--
		return next()
	}
}

func (b *queryBench) waitFolded(ctx context.Context, pos uint64) error {
	for b.svc.Checkpoint() < pos {
		if err := b.sleep(ctx, 5*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

func (b *queryBench) waitProjections(ctx context.Context, pos uint64) error {
	for b.projCheckpoint() < pos {
		if err := b.sleep(ctx, 5*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

// sleep waits d, or fails once the service's fold has stopped.
func (b *queryBench) sleep(ctx context.Context, d time.Duration) error {
	select {
	case err := <-b.runDone:
		b.stopRun, b.runDone = nil, nil
		return fmt.Errorf("the service stopped folding: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// projCheckpoint is the least checkpoint of the serving projections.
func (b *queryBench) projCheckpoint() uint64 {
	st := b.svc.Queries().Engine().Status()
	if len(st) == 0 {
		return 0
	}
	least := st[0].Checkpoint
	for _, s := range st[1:] {
		least = min(least, s.Checkpoint)
	}
	return least
}

// publish sends every message next yields to the stream, asynchronously
// and as fast as the server acknowledges them, in order.
func (b *queryBench) publish(ctx context.Context, next func() ([]byte, error)) error {
	js, err := jetstream.New(b.nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	base := b.published.Load()
	for sent := int64(1); ; sent++ {
		m, err := next()
		if errors.Is(err, io.EOF) {
			return b.acked(ctx, js, base+sent-1)
		}
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if _, err := js.PublishAsync(eventlog.SubjectPrefix+"bench", m); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if sent%2000 == 0 {
			if err := b.acked(ctx, js, base+sent); err != nil {
				return err
			}
		}
	}
}

// ackedSeq is a message acknowledged by the stream: its sequence (the
// ledger's position of it) and when the acknowledgement arrived.
type ackedSeq struct {
	seq uint64
	at  time.Time
}

// publishAcked publishes next's messages on subject until next returns
// io.EOF or, when until is set, until it has passed: at rate messages/s
// (every 10 ms, the messages then due), or with rate 0 as fast as the
// stream acknowledges them (at most pacedMaxPending unacknowledged either
// way). It passes each acknowledgement to got, in order, and returns once
// every message is acknowledged.
func (b *queryBench) publishAcked(ctx context.Context, subject string, next func() ([]byte, error), rate int, until time.Time, got func(ackedSeq)) error {
	js, err := jetstream.New(b.nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	futures := make(chan jetstream.PubAckFuture, 8192)
	collected := make(chan error, 1)
	go func() { collected <- collectAcks(ctx, futures, got) }()
	err = publishDue(ctx, js, subject, next, rate, until, futures)
	close(futures)
	if err != nil {
		return err
	}
	return <-collected
}

// publishDue is publishAcked's publishing loop.
func publishDue(ctx context.Context, js jetstream.JetStream, subject string, next func() ([]byte, error), rate int, until time.Time, futures chan<- jetstream.PubAckFuture) error {
	start := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for sent := 0; ; {
		due := math.MaxInt
		if rate > 0 {
			due = int(time.Since(start).Seconds() * float64(rate))
		}
		for ; sent < due; sent++ {
			if !until.IsZero() && sent%256 == 0 && time.Now().After(until) {
				return nil
			}
			m, err := next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			if err := waitPending(ctx, js); err != nil {
				return err
			}
			f, err := js.PublishAsync(subject, m)
			if err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			futures <- f
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// waitPending waits for the stream's acknowledgements while pacedMaxPending
// publishes are unacknowledged (the client refuses more than its maximum).
func waitPending(ctx context.Context, js jetstream.JetStream) error {
	if js.PublishAsyncPending() < pacedMaxPending {
		return nil
	}
	select {
	case <-js.PublishAsyncComplete():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// collectAcks waits for each future in turn and passes its acknowledgement
// on.
func collectAcks(ctx context.Context, futures <-chan jetstream.PubAckFuture, got func(ackedSeq)) error {
	var firstErr error
	for f := range futures {
		select {
		case a := <-f.Ok():
			got(ackedSeq{seq: a.Sequence, at: time.Now()})
		case err := <-f.Err():
			if firstErr == nil {
				firstErr = fmt.Errorf("publish: %w", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return firstErr
}

// pacedMaxPending bounds the unacknowledged messages of publishAcked.
const pacedMaxPending = 1024

// acked waits for the pending publishes; total have then been acknowledged.
func (b *queryBench) acked(ctx context.Context, js jetstream.JetStream, total int64) error {
	select {
	case <-js.PublishAsyncComplete():
	case <-ctx.Done():
		return ctx.Err()
	}
	b.published.Store(total)
	return nil
}

// measure runs each query with a rate for d, the catalog's schedule offset
// by half an interval from the earnings'.
func (b *queryBench) measure(ctx context.Context, t *targets, q queryConfig, d time.Duration) (earner, catalog summary) {
	start := time.Now().Add(20 * time.Millisecond)
	var wg sync.WaitGroup
	if q.earnerRate > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			earner = b.load(ctx, t.earners, newSchedule(start, q.earnerRate, d))
		}()
	}
	if q.catalogRate > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			offset := time.Second / time.Duration(2*q.catalogRate)
			catalog = b.load(ctx, t.catalog, newSchedule(start.Add(offset), q.catalogRate, d))
		}()
	}
	wg.Wait()
	return earner, catalog
}

// load GETs the paths in turn on schedule s, with at most half a second of
// requests outstanding (see openLoop).
func (b *queryBench) load(ctx context.Context, paths []string, s schedule) summary {
	return openLoop(ctx, wallClock{}, s, max(16, s.rate/2), b.sender(ctx, paths)).summary()
}

// sender GETs the paths in turn.
func (b *queryBench) sender(ctx context.Context, paths []string) func(i int) error {
	return func(i int) error { return b.get(ctx, paths[i%len(paths)]) }
}

func (b *queryBench) get(ctx context.Context, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.svc.APIURL+path, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
		return fmt.Errorf("GET %s: %w", path, errShed)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return nil
}
