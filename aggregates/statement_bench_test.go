package aggregates_test

import (
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// BenchmarkFoldStatements measures what keeping the SPEC §9.1 statements
// costs the fold: the same generated log (swarm-bench's shape, as
// BenchmarkFold in internal/replay: about 200,000 events, 25 epochs)
// folded with each close's statement encoded and stored ("kept") and with
// it discarded ("discarded", the fold before statements were kept; the
// close still builds the statement, whose sums are the amounts). Apply and
// a Pebble commit per 1024 messages, in memory, are timed; the
// message-local checks run before the timer. Compare the two events/s and,
// on a shared machine, the two events/cpu-s (events per second of the
// process's CPU time during the fold).
func BenchmarkFoldStatements(b *testing.B) {
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
	for _, kept := range []bool{true, false} {
		name := map[bool]string{true: "kept", false: "discarded"}[kept]
		b.Run(name, func(b *testing.B) {
			var closed uint64
			var cpu time.Duration
			for range b.N {
				b.StopTimer()
				l, err := aggregates.Open("", params)
				if err != nil {
					b.Fatal(err)
				}
				if !kept {
					aggregates.DiscardStatements(l)
				}
				b.StartTimer()
				cpu0 := cpuTime()
				for i, c := range checked {
					l.Apply(c)
					if i%1024 == 1023 {
						if err := l.Commit(); err != nil {
							b.Fatal(err)
						}
					}
				}
				if err := l.Commit(); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - cpu0
				b.StopTimer()
				closed = l.View().LastClosed
				_, stErr := l.Statement(closed)
				if kept != (stErr == nil) {
					b.Fatalf("statements %s, but reading epoch %d's statement: %v", name, closed, stErr)
				}
				l.Close()
				b.StartTimer()
			}
			if closed != uint64(cfg.Epochs) {
				b.Fatalf("the fold closed %d epochs, the log %d", closed, cfg.Epochs)
			}
			b.ReportMetric(float64(len(checked))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			// CPU time (every thread: the fold, Pebble, the GC) is what
			// another load on a shared machine moves least.
			b.ReportMetric(float64(len(checked))*float64(b.N)/cpu.Seconds(), "events/cpu-s")
		})
	}
}
