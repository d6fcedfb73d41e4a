package replay_test

import (
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// BenchmarkFold measures the fold alone (Apply and a Pebble commit per 1024
// messages, in memory) over a generated log of about 200,000 events shaped
// like swarm-bench's (heartbeat-heavy, 25 epochs, tasks, stake, adversarial
// lines): the message-local checks run before the timer. It reports
// events/s; the epoch closes, which build and store the statements, are
// inside the timed loop.
func BenchmarkFold(b *testing.B) {
	nodes := 500
	cfg := gen.Config{Seed: 1, Epochs: 25, Nodes: nodes, Providers: nodes / 50, Stakers: nodes / 20,
		EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: nodes, Adversarial: true}
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		b.Fatal(err)
	}
	auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
	if err != nil {
		b.Fatal(err)
	}
	checked := make([]events.Checked, len(sc.Messages))
	for i, m := range sc.Messages {
		checked[i] = auth.Check(m)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		l, err := aggregates.Open("", params)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i, c := range checked {
			if _, err := l.Apply(c); err != nil {
				b.Fatal(err)
			}
			if i%1024 == 1023 {
				if err := l.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := l.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		l.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(checked))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(checked)), "events")
}
