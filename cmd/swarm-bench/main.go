// Command swarm-bench measures the ledger's performance figures on a
// generated log, each with its baseline from the same run (make bench).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/perf"
)

func main() {
	events := flag.Int("events", 1_000_000, "approximate size of the generated log")
	seed := flag.Uint64("seed", 1, "generator seed")
	dir := flag.String("dir", "", "directory for the on-disk state (default: a temporary one)")
	flag.Parse()
	if err := run(*events, *seed, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "swarm-bench:", err)
		os.Exit(1)
	}
}

// streamEvents bounds the messages pushed through JetStream for the live
// pipeline figures (every acknowledged publish is fsynced).
const streamEvents = 200_000

func run(n int, seed uint64, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "swarm-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	// Heartbeat-heavy, like the network: ~20 heartbeats per node per epoch,
	// plus tasks, chain and ledger events.
	nodes := max(10, n/400)
	c := gen.Config{Seed: seed, Epochs: 25, Nodes: nodes, Providers: max(1, nodes/50), Stakers: max(1, nodes/20),
		EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: nodes}
	fmt.Fprintf(os.Stderr, "generating ~%d events (%d nodes, %d epochs)…\n", n, c.Nodes, c.Epochs)
	start := time.Now()
	s, err := gen.Generate(c)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d events in %s\n", len(s.Messages), time.Since(start).Round(time.Millisecond))
	params, err := aggregates.ParseParams(s.Params)
	if err != nil {
		return err
	}
	log := &perf.Log{Params: params, Messages: s.Messages}
	r, err := perf.Run(log, dir, os.Stderr)
	if err != nil {
		return err
	}
	streamN := min(len(s.Messages), streamEvents)
	figs, err := perf.StreamFigures(&perf.Log{Params: params, Messages: s.Messages[:streamN]}, dir, r.Ceiling, r.VerifyCPU, os.Stderr)
	if err != nil {
		return err
	}
	r.Figures = append(r.Figures, figs...)
	fmt.Fprintln(os.Stderr, "ledger memory for 100k registered nodes…")
	mib, err := perf.MemoryPerNodes(params, c.LedgerKey(), dir+"/mem", 100_000)
	if err != nil {
		return err
	}
	r.Figures = append(r.Figures, perf.Figure{Name: "ledger heap per 100k registered nodes", Value: mib, Unit: "MiB", Note: "4 GPUs each; Go heap after GC, on-disk Pebble"})
	r.Print(os.Stdout)
	return nil
}
