package ledgerd

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// One node floods the stream with signed heartbeats while the fold is
// stalled (its goroutine blocked after a commit, as on a hung disk): the lag
// grows past 1,000 messages between two scrapes five minutes apart and
// SwarmLagGrowing's expression turns true; it was false while the fold kept
// up. Released, the fold catches up and the expression turns false again.
func TestAlertsLagGrowing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rules := alertRules(t)
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	var stall atomic.Bool
	stalled, release := make(chan struct{}), make(chan struct{})
	cfg := Config{Params: params, MetricsAddr: "127.0.0.1:0", BatchSize: 64}
	cfg.afterCommit = func() {
		if stall.CompareAndSwap(true, false) {
			close(stalled)
			<-release
		}
	}
	r := startRunning(ctx, t, cfg)
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(free) // before the service stops: a failed test must not leave the fold blocked
	nc, err := nats.Connect(r.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	flooder, _ := nkeys.CreateUser()
	id := pub(t, flooder)
	seq := uint64(0)
	flood := func(n int) {
		t.Helper()
		for range n {
			seq++
			ev := &events.Event{Src: id, Seq: seq, TimeMs: 1_736_154_000_000 + int64(seq),
				Body: &events.NodeHeartbeatBody{GPUs: []events.GPUSample{}}}
			msg, err := events.SignEncode(ev, flooder)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := js.PublishAsync(eventlog.Subject(events.NodeHeartbeat, id), msg, jetstream.WithMsgID(ev.ID())); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-js.PublishAsyncComplete():
		case <-ctx.Done():
			t.Fatal("flood not acknowledged")
		}
	}
	lag := func() float64 { return testutil.ToFloat64(r.metrics.lag) }
	prom := newPromRig(t)
	at := time.Now()
	scrapeAt := func(d time.Duration) time.Time {
		at = at.Add(d)
		prom.scrape(r.MetricsURL, at)
		return at
	}

	// Healthy: the fold keeps up with a small flood.
	flood(100)
	waitFor(t, "the fold to keep up", func() bool { return r.Checkpoint() == seq && lag() == 0 })
	scrapeAt(0)
	if now := scrapeAt(5 * time.Minute); prom.firing(rules["SwarmLagGrowing"], now) {
		t.Fatal("SwarmLagGrowing is true while the fold keeps up")
	}

	// The fold stalls at its next commit; the flood goes on.
	stall.Store(true)
	flood(1)
	<-stalled
	flood(1500)
	waitFor(t, "the lag metric to see the flood", func() bool { return lag() >= 1500 })
	first := lag()
	scrapeAt(5 * time.Minute)
	flood(1500)
	waitFor(t, "the lag metric to grow", func() bool { return lag() >= first+1500 })
	now := scrapeAt(5 * time.Minute)
	if !prom.firing(rules["SwarmLagGrowing"], now) {
		t.Fatalf("SwarmLagGrowing is false with the lag grown from %v to %v messages", first, lag())
	}
	if !prom.firing(`swarm_ledger_lag_messages > 2999`, now) {
		t.Fatal("the scraped lag is not the metric's value")
	}

	// Released: the fold catches up and the alert clears.
	free()
	waitFor(t, "the fold to catch up", func() bool { return r.Checkpoint() == seq && lag() == 0 })
	if now := scrapeAt(5 * time.Minute); prom.firing(rules["SwarmLagGrowing"], now) {
		t.Fatal("SwarmLagGrowing is still true after the fold caught up")
	}
}
