package ledgerd

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
)

// Chain events whose amounts the ledger cannot justify, signed by the
// ledger key as the watcher signs them: a slash of a provider with no stake
// and a claim above the earner's earnings. Each mismatch alert turns true
// on the scraped metrics and clears once the increase leaves its window.
func TestAlertsSlashAndClaimMismatch(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rules := alertRules(t)
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	r := startRunning(ctx, t, Config{Params: e2eParams(t, k), MetricsAddr: "127.0.0.1:0"})
	nc, err := nats.Connect(r.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)

	prom := newPromRig(t)
	at := time.Now()
	step := func(d time.Duration) time.Time { at = at.Add(d); prom.scrape(r.MetricsURL, at); return at }
	check := func(when time.Time, slash, claim bool) {
		t.Helper()
		if got := prom.firing(rules["SwarmSlashMismatch"], when); got != slash {
			t.Errorf("SwarmSlashMismatch = %v, want %v", got, slash)
		}
		if got := prom.firing(rules["SwarmClaimMismatch"], when); got != claim {
			t.Errorf("SwarmClaimMismatch = %v, want %v", got, claim)
		}
	}
	step(0)
	check(step(time.Minute), false, false)

	chainEvent(t, ctx, js, k, 10, &events.SlashedBody{Provider: addr(0), BP: 100,
		Evidence: "0x" + strings.Repeat("ee", 32), Amount: bigAmount(5)})
	waitFor(t, "the slash to fold", func() bool { return r.ledger.View().SlashMismatch == 1 })
	check(step(time.Minute), true, false)

	chainEvent(t, ctx, js, k, 11, &events.ClaimedBody{Earner: addr(1), Amount: bigAmount(7), Cumulative: bigAmount(7)})
	waitFor(t, "the claim to fold", func() bool { return r.ledger.View().ClaimMismatch == 1 })
	check(step(time.Minute), true, true)

	// Two hours without another mismatch: the counters stay, the alerts clear.
	step(2 * time.Hour)
	check(step(time.Minute), false, false)
}
