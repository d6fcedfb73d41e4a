package ingest_test

import (
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/testkit/foldbench"
)

// BenchmarkFold measures the fold alone (Apply and a Pebble commit per 1024
// messages, in memory) over a generated log of about 200,000 events shaped
// like swarm-bench's (heartbeat-heavy, 25 epochs, tasks, stake, adversarial
// lines): the message-local checks run before the timer. It reports
// events/s; the epoch closes, which build and store the statements, are
// inside the timed loop.
func BenchmarkFold(b *testing.B) {
	checked, params, err := foldbench.Log()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		l, err := aggregates.Open("", params)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := foldbench.Fold(l, checked); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		l.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(checked))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(checked)), "events")
}
