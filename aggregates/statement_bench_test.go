package aggregates_test

import (
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/testkit/cputime"
	"github.com/swarm-ledger/swarm/internal/testkit/foldbench"
)

// BenchmarkFoldStatements measures what keeping the SPEC §9.1 statements
// costs the fold: the same generated log (swarm-bench's shape, as
// BenchmarkFold in internal/ingest: about 200,000 events, 25 epochs)
// folded with each close's statement encoded and stored ("kept") and with
// it discarded ("discarded", the fold before statements were kept; the
// close still builds the statement, whose sums are the amounts). Apply and
// a Pebble commit per 1024 messages, in memory, are timed; the
// message-local checks run before the timer. Compare the two events/s and,
// on a shared machine, the two events/cpu-s (events per second of the
// process's CPU time during the fold).
func BenchmarkFoldStatements(b *testing.B) {
	checked, params, err := foldbench.Log()
	if err != nil {
		b.Fatal(err)
	}
	epochs := uint64(foldbench.Config().Epochs)
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
				cpu0 := cputime.Process()
				if err := foldbench.Fold(l, checked); err != nil {
					b.Fatal(err)
				}
				cpu += cputime.Process() - cpu0
				b.StopTimer()
				closed = l.View().LastClosed
				_, stErr := l.Statement(closed)
				if kept != (stErr == nil) {
					b.Fatalf("statements %s, but reading epoch %d's statement: %v", name, closed, stErr)
				}
				l.Close()
				b.StartTimer()
			}
			if closed != epochs {
				b.Fatalf("the fold closed %d epochs, the log %d", closed, epochs)
			}
			b.ReportMetric(float64(len(checked))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			// CPU time (every thread: the fold, Pebble, the GC) is what
			// another load on a shared machine moves least.
			b.ReportMetric(float64(len(checked))*float64(b.N)/cpu.Seconds(), "events/cpu-s")
		})
	}
}
