package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// targets are the request paths of each query, read from the API.
type targets struct {
	earners []string // GET /v1/earners/{address}
	catalog []string // GET /v1/nodes?model=…&health=…&limit=20, one per model
	nodes   int      // catalog size
}

// pickTargets takes the top earners and, for every GPU model in the
// catalog, the best health a node with that model has, so every catalog
// query returns a page.
func (b *queryBench) pickTargets(ctx context.Context) (*targets, error) {
	t := &targets{}
	var el projections.EarnerList
	if err := b.getJSON(ctx, "/v1/earners?limit=50", &el); err != nil {
		return nil, err
	}
	for _, e := range el.Earners {
		t.earners = append(t.earners, "/v1/earners/"+e.Address)
	}
	var nl projections.NodeList
	if err := b.getJSON(ctx, "/v1/nodes?limit=1000", &nl); err != nil {
		return nil, err
	}
	t.nodes = nl.Total
	if err := b.catalogTargets(ctx, t, nl.Nodes); err != nil {
		return nil, err
	}
	if len(t.earners) == 0 || len(t.catalog) == 0 {
		return nil, fmt.Errorf("the folded prefix has %d earners and %d GPU models; fold more (--query-prefix)", len(t.earners), len(t.catalog))
	}
	return t, nil
}

func (b *queryBench) catalogTargets(ctx context.Context, t *targets, ranked []projections.CatalogNode) error {
	seen := map[string]bool{}
	for _, n := range ranked {
		for _, g := range n.GPUs {
			if seen[g.Model] {
				continue
			}
			seen[g.Model] = true
			path := "/v1/nodes?model=" + url.QueryEscape(g.Model) + "&health=" + n.Health + "&limit=20"
			var page projections.NodeList
			if err := b.getJSON(ctx, path, &page); err != nil {
				return err
			}
			if len(page.Nodes) == 0 {
				return fmt.Errorf("GET %s: no nodes", path)
			}
			t.catalog = append(t.catalog, path)
		}
	}
	return nil
}

func (b *queryBench) getJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.svc.APIURL+path, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// idlePhase measures the queries with nothing ingesting, after a second
// of warm-up (connections, caches), and each query's service time.
func (b *queryBench) idlePhase(ctx context.Context, q queryConfig, res *queryResult) error {
	fmt.Fprintf(os.Stderr, "idle: %d earnings and %d catalog req/s for %s…\n", q.earnerRate, q.catalogRate, q.duration)
	b.measure(ctx, res.targets, q, time.Second)
	var err error
	for i, paths := range [][]string{res.targets.earners, res.targets.catalog} {
		if res.service[i], err = b.serviceTime(ctx, paths, serviceSamples); err != nil {
			return err
		}
	}
	stop, err := startProfile(q.profile, "idle", false)
	if err != nil {
		return err
	}
	m := b.mark()
	res.idle.earner, res.idle.catalog = b.measure(ctx, res.targets, q, q.duration)
	res.idle.rates = b.since(m)
	return stop()
}

// serviceSamples is how many requests, one at a time, measure a query's
// service time.
const serviceSamples = 50

// serviceTime is the median latency of n requests made one at a time.
func (b *queryBench) serviceTime(ctx context.Context, paths []string, n int) (time.Duration, error) {
	d := make([]time.Duration, n)
	for i := range d {
		start := time.Now()
		if err := b.get(ctx, paths[i%len(paths)]); err != nil {
			return 0, err
		}
		d[i] = time.Since(start)
	}
	slices.Sort(d)
	return percentile(d, 500), nil
}

// steadyAfter is how far the fold must have advanced before the ingest
// phase starts measuring.
const steadyAfter = 10_000

// steadyWarmup is how long the steady phase publishes before it measures.
const steadyWarmup = 2 * time.Second

// steadyPhase publishes the next part of the log at q.steadyRate events/s
// (a large network's steady traffic: 100,000 nodes heartbeating every 30 s
// is about 3,300 events/s), and measures the queries meanwhile (and the
// fold's rate, which should keep up); then it waits until the fold has
// caught up.
func (b *queryBench) steadyPhase(ctx context.Context, q queryConfig, next func() ([]byte, error), res *queryResult) error {
	if q.steadyRate <= 0 {
		return nil
	}
	n := min(int(float64(q.steadyRate)*(q.duration+2*steadyWarmup).Seconds()), res.rest/3)
	fmt.Fprintf(os.Stderr, "steady: publishing %d events at %d/s; queries for %s…\n", n, q.steadyRate, q.duration)
	pubDone := make(chan error, 1)
	base := b.published.Load()
	b.publishing.Store(true)
	go func() {
		err := b.publishAcked(ctx, eventlog.SubjectPrefix+"bench", limitReader(next, n), q.steadyRate, time.Time{},
			func(ackedSeq) { b.published.Add(1) })
		b.publishing.Store(false)
		pubDone <- err
	}()
	if err := b.sleep(ctx, steadyWarmup); err != nil {
		return err
	}
	stop, err := startProfile(q.profile, "steady", true)
	if err != nil {
		return err
	}
	m := b.mark()
	res.steady.earner, res.steady.catalog = b.measure(ctx, res.targets, q, q.duration)
	res.steady.rates = b.since(m)
	perr := stop()
	if err := <-pubDone; err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	res.steadyN = int(b.published.Load() - base)
	if err := b.waitFolded(ctx, uint64(b.published.Load())); err != nil {
		return err
	}
	return b.waitProjections(ctx, uint64(b.published.Load()))
}

// loadedPhase stops the fold and preloads half of what is left of the log,
// so the fold has a backlog however fast the publisher goes; then it
// restarts the fold while publishing the other half as fast as possible,
// and measures the queries, then the fold alone.
func (b *queryBench) loadedPhase(ctx context.Context, q queryConfig, next func() ([]byte, error), res *queryResult) error {
	if err := b.stop(); err != nil {
		return err
	}
	res.backlog = (res.rest - res.steadyN) / 2
	fmt.Fprintf(os.Stderr, "ingest: preloading %d events, fold stopped…\n", res.backlog)
	if err := b.publish(ctx, limitReader(next, res.backlog)); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ingest: folding them while publishing %d more as fast as possible; queries for %s…\n",
		res.rest-res.steadyN-res.backlog, q.duration)
	pubCtx, stopPub := context.WithCancel(ctx)
	pubDone := make(chan error, 1)
	b.publishing.Store(true)
	go func() {
		err := b.publish(pubCtx, next)
		b.publishing.Store(false)
		pubDone <- err
	}()
	err := b.loadedWindows(ctx, q, res)
	stopPub()
	if perr := <-pubDone; perr != nil && !errors.Is(perr, context.Canceled) && err == nil {
		err = perr
	}
	return err
}

func (b *queryBench) loadedWindows(ctx context.Context, q queryConfig, res *queryResult) error {
	from := b.svc.Checkpoint()
	b.start(ctx)
	if err := b.waitFolded(ctx, from+steadyAfter); err != nil {
		return err
	}
	stop, err := startProfile(q.profile, "ingest", true)
	if err != nil {
		return err
	}
	m := b.mark()
	res.loaded.earner, res.loaded.catalog = b.measure(ctx, res.targets, q, q.duration)
	res.loaded.rates = b.since(m)
	if err := stop(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ingest without queries for %s…\n", quietWindow(q))
	m = b.mark()
	if err := b.sleep(ctx, quietWindow(q)); err != nil {
		return err
	}
	res.quiet = b.since(m)
	return nil
}

func quietWindow(q queryConfig) time.Duration { return max(q.duration/2, 3*time.Second) }

// mark is the fold's progress and the process's usage at an instant.
type mark struct {
	at           time.Time
	ledger, proj uint64
	use          usage
}

func (b *queryBench) mark() mark {
	return mark{at: time.Now(), ledger: b.svc.Checkpoint(), proj: b.projCheckpoint(), use: readUsage()}
}

// since is the fold's progress from m to now.
func (b *queryBench) since(m mark) rates {
	now := b.mark()
	secs := now.at.Sub(m.at).Seconds()
	r := rates{ledger: float64(now.ledger-m.ledger) / secs, proj: float64(now.proj-m.proj) / secs,
		backlog: b.published.Load() - int64(now.ledger), publishing: b.publishing.Load(), load: m.use.until(now.use)}
	if now.ledger > now.proj {
		r.projLag = now.ledger - now.proj
	}
	return r
}

// startProfile starts a CPU profile (and with contention, the mutex and
// block profiles) into dir; the returned function writes them.
func startProfile(dir, name string, contention bool) (func() error, error) {
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, name+"-cpu.pprof"))
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("profile: %w", err)
	}
	if contention {
		runtime.SetMutexProfileFraction(5)
		runtime.SetBlockProfileRate(int(10 * time.Microsecond))
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil || !contention {
			return err
		}
		defer runtime.SetMutexProfileFraction(0)
		defer runtime.SetBlockProfileRate(0)
		if err := writeProfile(dir, name, "mutex"); err != nil {
			return err
		}
		return writeProfile(dir, name, "block")
	}, nil
}

func writeProfile(dir, name, kind string) error {
	f, err := os.Create(filepath.Join(dir, name+"-"+kind+".pprof"))
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	if err := pprof.Lookup(kind).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("profile: %w", err)
	}
	return f.Close()
}
