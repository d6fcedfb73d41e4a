// Command swarm-bench measures the ledger's performance figures on a
// generated log, each with its baseline from the same run (make bench):
// throughput and, with --queries, the read API's latency idle and during
// full-speed ingest.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/cmd/swarm-bench/internal/perf"
	"github.com/swarm-ledger/swarm/internal/gen"
)

func main() {
	events := flag.Int("events", 1_000_000, "approximate size of the generated log")
	seed := flag.Uint64("seed", 1, "generator seed")
	dir := flag.String("dir", "", "directory for the on-disk state (default: a temporary one)")
	throughput := flag.Bool("throughput", true, "measure the throughput figures")
	var q queryConfig
	flag.BoolVar(&q.enabled, "queries", false, "measure read API latency on the same log, idle and during full-speed ingest (after the throughput figures)")
	rate := flag.Int("query-rate", 200, "requests per second of each query (open loop)")
	flag.IntVar(&q.earnerRate, "earnings-rate", -1, "requests per second of the earnings query (-1: --query-rate; 0: none)")
	flag.IntVar(&q.catalogRate, "catalog-rate", -1, "requests per second of the catalog query (-1: --query-rate; 0: none)")
	flag.DurationVar(&q.duration, "query-duration", 10*time.Second, "length of each measured query phase")
	flag.IntVar(&q.prefix, "query-prefix", 100_000, "events folded before the idle phase; the rest of the log is ingested during the ingest phase")
	flag.IntVar(&q.steadyRate, "steady-rate", 3300, "events/s published during the steady query phase, between idle and full-speed ingest (a large network: 100,000 nodes heartbeating every 30 s; 0: no steady phase)")
	flag.IntVar(&q.workers, "query-check-workers", 0, "the service's --check-workers during the query phases (0: one per core)")
	flag.IntVar(&q.maxReads, "max-reads", 64, "the service's --max-reads during the query phases (swarmd's default; 0: no limit)")
	flag.StringVar(&q.profile, "query-profile", "", "directory for CPU, mutex and block profiles of the query phases")
	flag.StringVar(&perf.ProfileDir, "profile", "", "directory for CPU profiles of the on-disk replay and the ingest")
	restart := flag.Int("restart", 0, "also measure swarmd's restart to caught-up after a log of this many events (0: not measured; make bench uses 10,000,000)")
	restartBase := flag.Int("restart-base", 100_000, "the log size of the restart figure's baseline, measured in the same run")
	var fl floodConfig
	flag.BoolVar(&fl.enabled, "flood", false, "instead of the other figures, measure one authorized node flooding (valid heartbeats, then replays, bad signatures and garbage) on top of --steady-rate, next to a window of the steady load alone")
	flag.DurationVar(&fl.duration, "flood-duration", 5*time.Second, "length of each flood window")
	flag.IntVar(&fl.max, "flood-max", 200_000, "valid flood heartbeats signed before the run (the valid window stops early when they run out)")
	report := flag.String("report", "", "after the run, write a Markdown report of every figure, its baseline, ratio and target to this file")
	flag.Parse()
	if q.earnerRate < 0 {
		q.earnerRate = *rate
	}
	if q.catalogRate < 0 {
		q.catalogRate = *rate
	}
	if fl.enabled {
		if err := runFlood(*events, *seed, *dir, q, fl); err != nil {
			fmt.Fprintln(os.Stderr, "swarm-bench:", err)
			os.Exit(1)
		}
		return
	}
	res, err := run(*events, *seed, *dir, *throughput, q)
	// The report is written before the restart figure too, so a long
	// restart run that fails keeps what was measured before it.
	if err == nil && *report != "" {
		err = writeReportFile(*report, newRunInfo(*events, *seed, *throughput, q), res)
	}
	if err == nil && *restart > 0 {
		res.restart, err = runRestart(*restart, *restartBase, *seed, *dir)
		if err == nil && *report != "" {
			err = writeReportFile(*report, newRunInfo(*events, *seed, *throughput, q), res)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "swarm-bench:", err)
		os.Exit(1)
	}
}

// streamEvents bounds the messages pushed through JetStream for the live
// pipeline figures (every acknowledged publish is fsynced).
const streamEvents = 200_000

// workDir returns dir, or a new temporary directory and its removal.
func workDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, nil
	}
	d, err := os.MkdirTemp("", "swarm-bench-")
	if err != nil {
		return "", nil, err
	}
	return d, func() { os.RemoveAll(d) }, nil
}

// genConfig is the generated network for a log of about n events.
// Heartbeat-heavy, like the network: ~20 heartbeats per node per epoch,
// plus tasks, chain and ledger events.
func genConfig(n int, seed uint64) gen.Config {
	nodes := max(10, n/400)
	return gen.Config{Seed: seed, Epochs: 25, Nodes: nodes, Providers: max(1, nodes/50), Stakers: max(1, nodes/20),
		EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: nodes}
}

func generate(c gen.Config, n int) (*gen.Scenario, *aggregates.Params, error) {
	fmt.Fprintf(os.Stderr, "generating ~%d events (%d nodes, %d epochs)…\n", n, c.Nodes, c.Epochs)
	start := time.Now()
	s, params, err := gen.GenerateParsed(c)
	if err != nil {
		return nil, nil, fmt.Errorf("generate: %w", err)
	}
	fmt.Fprintf(os.Stderr, "generated %d events in %s\n", len(s.Messages), time.Since(start).Round(time.Millisecond))
	return s, params, nil
}

// results is what one run measured: the throughput figures and the query
// latency phases, each nil when not measured.
type results struct {
	events     int
	streamed   int
	throughput *perf.Report
	queries    *queryResult
	restart    []restartResult // baseline, then the figure
	q          queryConfig
}

func run(n int, seed uint64, dir string, throughput bool, q queryConfig) (*results, error) {
	dir, cleanup, err := workDir(dir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	c := genConfig(n, seed)
	s, params, err := generate(c, n)
	if err != nil {
		return nil, err
	}
	res := &results{events: len(s.Messages), q: q}
	if throughput {
		if res.throughput, err = throughputFigures(s, params, c, dir); err != nil {
			return nil, err
		}
		res.streamed = min(len(s.Messages), streamEvents)
	}
	if q.enabled {
		if res.queries, err = runQueries(s, params, filepath.Join(dir, "queries"), q); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func runRestart(n, base int, seed uint64, dir string) ([]restartResult, error) {
	dir, cleanup, err := workDir(dir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	return restartFigures(n, base, seed, dir)
}

func throughputFigures(s *gen.Scenario, params *aggregates.Params, c gen.Config, dir string) (*perf.Report, error) {
	log := &perf.Log{Params: params, Messages: s.Messages}
	r, err := perf.Run(log, dir, os.Stderr)
	if err != nil {
		return nil, err
	}
	streamN := min(len(s.Messages), streamEvents)
	figs, err := perf.StreamFigures(&perf.Log{Params: params, Messages: s.Messages[:streamN]}, dir, r.Ceiling, r.VerifyCPU, os.Stderr)
	if err != nil {
		return nil, err
	}
	r.Figures = append(r.Figures, figs...)
	fmt.Fprintln(os.Stderr, "ledger memory for 100k registered nodes…")
	mib, err := perf.MemoryPerNodes(params, c.LedgerKey(), dir+"/mem", 100_000)
	if err != nil {
		return nil, err
	}
	r.Figures = append(r.Figures, perf.Figure{Name: "ledger heap per 100k registered nodes", Value: mib, Unit: "MiB", Note: "4 GPUs each; Go heap after GC, on-disk Pebble"})
	r.Print(os.Stdout)
	return r, nil
}
