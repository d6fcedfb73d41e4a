package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/cmd/swarm-bench/internal/perf"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

// restartRuns is how many restarts each restart figure is the median of.
const restartRuns = 3

// restartResult is the restart figure for a log of events messages.
type restartResult struct {
	events   int
	fold     time.Duration   // the first start: folding the whole stream
	restarts []time.Duration // each restart to ready, sorted, the whole log older than the duplicate window
	phases   []restartPhases // the median restart's breakdown
	// hot: restarts right after the last windowTail messages were
	// appended, so they are inside the duplicate window (zero when not
	// measured).
	windowTail int
	hot        []time.Duration
	hotPhases  []restartPhases
}

type restartPhases struct {
	start, ready time.Duration // ledgerd.Start returned; /readyz answered 200
}

func (r restartResult) median() time.Duration { return r.restarts[len(r.restarts)/2] }

func (r restartResult) hotMedian() time.Duration { return r.hot[len(r.hot)/2] }

// windowRate is the steady rate of a large network (100,000 nodes
// heartbeating every 30 s): the duplicate window of a long-running ledger
// holds about windowRate × window messages when it restarts.
const windowRate = 3_300

// windowTailOf is how many messages the restart after a log of n events
// appends just before its hot restarts: one duplicate window's worth at
// windowRate, at most half the log.
func windowTailOf(n int) int {
	return min(int(eventlog.DefaultDuplicateWindow.Seconds())*windowRate, n/2)
}

// restartFigures measures swarmd's restart to caught-up after a log of n
// events and, as the baseline in the same run, after a log of base events:
// the same network generated at both sizes. Each log is loaded into the
// stream files of a swarmd data directory, folded once by swarmd (with
// its embedded JetStream server, as deployed), then swarmd is stopped and
// started again restartRuns times; a restart is timed from the call to
// start until /readyz answers 200, which needs the ledger at the stream's
// last message and every projection at the ledger's checkpoint. The state
// hash after each restart must equal the one before.
//
// JetStream rebuilds its dedupe index at start from every message inside
// the duplicate window, so the figure depends on the log's recent traffic,
// not only its size. The restarts are timed once the whole log is older
// than the window (a log that grew over days: swarm-bench waits out the
// window if folding took less), and, for the big log, again right after its
// last windowTailOf(n) messages were appended (the window full at the
// network's steady rate).
func restartFigures(n, base int, seed uint64, dir string) ([]restartResult, error) {
	var out []restartResult
	for _, size := range []int{base, n} {
		c := genConfig(size, seed)
		s, params, err := generate(c, size)
		if err != nil {
			return nil, err
		}
		sub := filepath.Join(dir, fmt.Sprintf("restart-%d", size))
		tailN := 0
		if size == n {
			tailN = windowTailOf(len(s.Messages))
		}
		msgs := s.Messages[:len(s.Messages)-tailN]
		tail := slices.Clone(s.Messages[len(msgs):])
		if err := preloadDir(msgs, sub); err != nil {
			return nil, err
		}
		loaded := time.Now()
		// The log is in the stream files now; what swarmd does with them
		// is measured without the generated copy in memory (but the tail).
		count := len(msgs)
		msgs, s = nil, nil
		runtime.GC()
		debug.FreeOSMemory()
		r, err := restartRun(count, params, sub, loaded, tail)
		os.RemoveAll(sub)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// restartOne is preloadDir then restartRun on msgs without waiting out the
// duplicate window, the last tailN of them appended after the first
// restarts.
func restartOne(msgs [][]byte, params *aggregates.Params, dir string, tailN int) (restartResult, error) {
	defer os.RemoveAll(dir)
	head := msgs[:len(msgs)-tailN]
	if err := preloadDir(head, dir); err != nil {
		return restartResult{}, err
	}
	return restartRun(len(head), params, dir, time.Time{}, msgs[len(head):])
}

// preloadDir writes msgs into the stream files of a new swarmd data
// directory. swarmd's embedded server keeps its store in DATA/nats; the
// stream is loaded there through a server that does not fsync every
// message (startNATS: the load is not what is measured).
func preloadDir(msgs [][]byte, dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "restart: loading %d messages into the stream files…\n", len(msgs))
	return preload(msgs, filepath.Join(dir, "nats"))
}

// restartRun has swarmd fold the n preloaded messages of dir (loaded at
// loaded; zero: do not wait) once, then, once they are all older than the
// duplicate window, restarts it restartRuns times. With a tail, it then appends the tail,
// lets swarmd fold it, and restarts restartRuns times more while the tail
// is inside the window.
func restartRun(n int, params *aggregates.Params, dir string, loaded time.Time, tail [][]byte) (restartResult, error) {
	res := restartResult{events: n}
	cfg := ledgerd.Config{DataDir: dir, Params: params, NATSPort: -1, APIAddr: "127.0.0.1:0",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	fmt.Fprintf(os.Stderr, "restart: swarmd folds the %d messages…\n", n)
	start := time.Now()
	hash, _, err := startUntilReady(cfg, events.Hash{}, uint64(n))
	if err != nil {
		return res, err
	}
	res.fold = time.Since(start)
	if wait := time.Until(loaded.Add(eventlog.DefaultDuplicateWindow + time.Second)); wait > 0 {
		fmt.Fprintf(os.Stderr, "restart: waiting %s until the log is older than the duplicate window…\n", wait.Round(time.Second))
		time.Sleep(wait)
	}
	if res.restarts, res.phases, err = restarts(cfg, hash, n, ""); err != nil {
		return res, err
	}
	if len(tail) == 0 {
		return res, nil
	}
	fmt.Fprintf(os.Stderr, "restart: appending the last %d messages…\n", len(tail))
	if err := preload(tail, filepath.Join(dir, "nats")); err != nil {
		return res, err
	}
	appended := time.Now()
	n += len(tail)
	res.events, res.windowTail = n, len(tail)
	if hash, _, err = startUntilReady(cfg, events.Hash{}, uint64(n)); err != nil {
		return res, err
	}
	if res.hot, res.hotPhases, err = restarts(cfg, hash, n, "-hot"); err != nil {
		return res, err
	}
	if since := time.Since(appended); since >= eventlog.DefaultDuplicateWindow {
		return res, fmt.Errorf("the hot restarts ended %s after the tail was appended, past the %s duplicate window", since.Round(time.Second), eventlog.DefaultDuplicateWindow)
	}
	return res, nil
}

// restarts restarts swarmd on cfg restartRuns times, checking the state
// hash each time, and returns the times to ready, sorted, and the median
// restart's phases.
func restarts(cfg ledgerd.Config, hash events.Hash, n int, label string) ([]time.Duration, []restartPhases, error) {
	var (
		times  []time.Duration
		phases []restartPhases
	)
	for i := range restartRuns {
		fmt.Fprintf(os.Stderr, "restart: restart%s %d of %d after %d events…\n", label, i+1, restartRuns, n)
		stopProfile := func() {}
		if i == restartRuns-1 {
			var err error
			if stopProfile, err = perf.StartProfile(fmt.Sprintf("restart-%d%s", n, label)); err != nil {
				return nil, nil, err
			}
		}
		_, ph, err := startUntilReady(cfg, hash, uint64(n))
		stopProfile()
		if err != nil {
			return nil, nil, err
		}
		times = append(times, ph.ready)
		fmt.Fprintf(os.Stderr, "restart: started in %s, ready in %s\n", ph.start.Round(time.Millisecond), ph.ready.Round(time.Millisecond))
		phases = append(phases, ph)
	}
	order := make([]int, len(times))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(times[a] - times[b]) })
	phases = []restartPhases{phases[order[len(order)/2]]}
	slices.Sort(times)
	return times, phases, nil
}

// preload writes msgs into the SWARM stream of a JetStream store.
func preload(msgs [][]byte, storeDir string) error {
	srv, err := startNATS(storeDir)
	if err != nil {
		return err
	}
	defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		return err
	}
	defer nc.Close()
	ctx := context.Background()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, eventlog.DefaultDuplicateWindow)); err != nil {
		return err
	}
	return perf.Load(ctx, nc, msgs)
}

// startUntilReady starts swarmd on cfg, runs it until /readyz answers 200
// at position want, checks the state hash against wantHash (unless zero),
// stops it and returns the state hash and when start and ready came.
func startUntilReady(cfg ledgerd.Config, wantHash events.Hash, want uint64) (events.Hash, restartPhases, error) {
	var ph restartPhases
	t0 := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := ledgerd.Start(ctx, cfg)
	if err != nil {
		return events.Hash{}, ph, err
	}
	defer s.Close()
	ph.start = time.Since(t0)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	for {
		resp, err := client.Get(s.APIURL + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && s.Checkpoint() >= want {
				break
			}
		}
		select {
		case err := <-done:
			return events.Hash{}, ph, fmt.Errorf("swarmd stopped before it was ready: %v", err)
		case <-time.After(2 * time.Millisecond):
		}
	}
	ph.ready = time.Since(t0)
	_, _, hash, err := s.Ledger().CommittedStateHash()
	if err != nil {
		return events.Hash{}, ph, err
	}
	if wantHash != (events.Hash{}) && hash != wantHash {
		return hash, ph, fmt.Errorf("state hash after the restart %x, before %x", hash, wantHash)
	}
	cancel()
	if err := <-done; err != nil {
		return hash, ph, err
	}
	return hash, ph, nil
}
