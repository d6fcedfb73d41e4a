// Package foldbench is the input of the fold benchmarks (BenchmarkFold in
// internal/ingest, BenchmarkFoldStatements in aggregates): a generated log
// shaped like swarm-bench's (heartbeat-heavy, 25 epochs, tasks, stake,
// adversarial lines, about 200,000 events) with its message-local checks
// already run, and the timed part, the fold itself.
package foldbench

import (
	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// Nodes is the log's node count.
const Nodes = 500

// Config is the generated log's configuration.
func Config() gen.Config {
	return gen.Config{Seed: 1, Epochs: 25, Nodes: Nodes, Providers: Nodes / 50, Stakers: Nodes / 20,
		EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: Nodes, Adversarial: true}
}

// Log generates the log and runs every message's checks: the fold's input,
// in log order, and the parameters to fold it with.
func Log() ([]events.Checked, *aggregates.Params, error) {
	sc, params, err := gen.GenerateParsed(Config())
	if err != nil {
		return nil, nil, err
	}
	auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
	if err != nil {
		return nil, nil, err
	}
	checked := make([]events.Checked, len(sc.Messages))
	for i, m := range sc.Messages {
		checked[i] = auth.Check(m)
	}
	return checked, params, nil
}

// Fold applies the checked messages to l with a commit per 1024 and one
// at the end, as swarmd's batches do.
func Fold(l *aggregates.Ledger, checked []events.Checked) error {
	for i, c := range checked {
		if _, err := l.Apply(c); err != nil {
			return err
		}
		if i%1024 == 1023 {
			if err := l.Commit(); err != nil {
				return err
			}
		}
	}
	return l.Commit()
}
