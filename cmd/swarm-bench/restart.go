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
	"github.com/swarm-ledger/swarm/events"
	sjs "github.com/swarm-ledger/swarm/internal/jetstream"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/perf"
)

// restartRuns is how many restarts each restart figure is the median of.
const restartRuns = 3

// restartResult is the restart figure for a log of events messages.
type restartResult struct {
	events   int
	fold     time.Duration   // the first start: folding the whole stream
	restarts []time.Duration // each restart to ready, sorted
	phases   []restartPhases // the median restart's breakdown
}

type restartPhases struct {
	start, ready time.Duration // ledgerd.Start returned; /readyz answered 200
}

func (r restartResult) median() time.Duration { return r.restarts[len(r.restarts)/2] }

// restartFigures measures swarmd's restart to caught-up after a log of n
// events and, as the baseline in the same run, after a log of base events:
// the same network generated at both sizes. Each log is loaded into the
// stream files of a swarmd data directory, folded once by swarmd (with
// its embedded JetStream server, as deployed), then swarmd is stopped and
// started again restartRuns times; a restart is timed from the call to
// start until /readyz answers 200, which needs the ledger at the stream's
// last message and every projection at the ledger's checkpoint. The state
// hash after each restart must equal the one before.
func restartFigures(n, base int, seed uint64, dir string) ([]restartResult, error) {
	var out []restartResult
	for _, size := range []int{base, n} {
		c := genConfig(size, seed)
		s, params, err := generate(c, size)
		if err != nil {
			return nil, err
		}
		sub := filepath.Join(dir, fmt.Sprintf("restart-%d", size))
		n := len(s.Messages)
		if err := preloadDir(s.Messages, sub); err != nil {
			return nil, err
		}
		// The log is in the stream files now; what swarmd does with them
		// is measured without the generated copy in memory.
		s = nil
		runtime.GC()
		debug.FreeOSMemory()
		r, err := restartRun(n, params, sub)
		os.RemoveAll(sub)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// restartOne is preloadDir then restartRun, on msgs.
func restartOne(msgs [][]byte, params *aggregates.Params, dir string) (restartResult, error) {
	defer os.RemoveAll(dir)
	if err := preloadDir(msgs, dir); err != nil {
		return restartResult{}, err
	}
	return restartRun(len(msgs), params, dir)
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

// restartRun has swarmd fold the n preloaded messages of dir once, then
// restarts it restartRuns times.
func restartRun(n int, params *aggregates.Params, dir string) (restartResult, error) {
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
	for i := range restartRuns {
		fmt.Fprintf(os.Stderr, "restart: restart %d of %d after %d events…\n", i+1, restartRuns, n)
		stopProfile := func() {}
		if i == restartRuns-1 {
			if stopProfile, err = perf.StartProfile(fmt.Sprintf("restart-%d", n)); err != nil {
				return res, err
			}
		}
		_, ph, err := startUntilReady(cfg, hash, uint64(n))
		stopProfile()
		if err != nil {
			return res, err
		}
		res.restarts = append(res.restarts, ph.ready)
		fmt.Fprintf(os.Stderr, "restart: started in %s, ready in %s\n", ph.start.Round(time.Millisecond), ph.ready.Round(time.Millisecond))
		res.phases = append(res.phases, ph)
	}
	order := make([]int, len(res.restarts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(res.restarts[a] - res.restarts[b]) })
	res.phases = []restartPhases{res.phases[order[len(order)/2]]}
	slices.Sort(res.restarts)
	return res, nil
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
	if _, err := sjs.EnsureStream(ctx, js, sjs.StreamConfig(1, 2*time.Hour)); err != nil {
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
