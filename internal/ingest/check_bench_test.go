package ingest_test

import (
	"context"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ingest"
)

// BenchmarkCheckNew measures the message-local checks of events the ledger
// has not seen (the normal case) on one goroutine, over the second half of
// a generated log with the first half folded into an on-disk ledger:
// "verify" is Check, "known" is CheckKnown asking the committed state
// first, as the replay's pipeline does (the cost of the duplicate skip for
// honest traffic: one Pebble read of a missing key).
func BenchmarkCheckNew(b *testing.B) {
	cfg := gen.Config{Seed: 1, Epochs: 10, Nodes: 250, Providers: 5, Stakers: 12,
		EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: 250}
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		b.Fatal(err)
	}
	half := len(sc.Messages) / 2
	l, err := aggregates.Open(b.TempDir(), params)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(sc.Messages[:half]), ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	rest := sc.Messages[half:]
	for _, c := range []struct {
		name  string
		known events.KnownFunc
	}{{"verify", nil}, {"known", l.AcceptedCommitted}} {
		b.Run(c.name, func(b *testing.B) {
			auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range rest { // expand every signer's key once
				auth.CheckKnown(m, c.known)
			}
			b.ResetTimer()
			for i := range b.N {
				auth.CheckKnown(rest[i%len(rest)], c.known)
			}
		})
	}
}
