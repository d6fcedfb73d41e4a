package ledgerd

import (
	"context"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// An agent whose NATS server goes down spools its heartbeats: the spool
// alert's expression turns true on its scraped metrics, and false again
// once the server is back and the spool has drained.
func TestAlertAgentSpoolBacklog(t *testing.T) {
	expr := alertRules(t)["SwarmAgentSpoolBacklog"]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	storeDir := t.TempDir()
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "agent-alert", Port: -1, StoreDir: storeDir})
	if err != nil {
		t.Fatal(err)
	}
	port := srv.Addr().(*net.TCPAddr).Port
	nc, err := nats.Connect(srv.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	pub, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: kp, AckTimeout: 150 * time.Millisecond}, js)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { pub.Run(runCtx); close(ran) }()
	defer func() { stopRun(); <-ran }()
	reg := prometheus.NewRegistry()
	reg.MustRegister(pub.Collectors()...)
	hs := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer hs.Close()

	beat := func(n int) {
		for i := range n {
			if _, err := pub.Publish(&events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-0", UtilBP: uint64(i), TempC: 50}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	prom := newPromRig(t)
	at := time.Now()
	step := func() time.Time { at = at.Add(time.Minute); prom.scrape(hs.URL, at); return at }
	beat(20)
	waitFor(t, "the spool to drain", func() bool { return pub.Spooled() == 0 })
	names := prom.scrape(hs.URL, at)
	for _, m := range exprMetrics(t, expr) {
		if !names[m] {
			t.Fatalf("the spool alert reads %s, which the agent's publisher does not export", m)
		}
	}
	step()
	if prom.firing(expr, step()) {
		t.Fatal("spool alert true while the agent publishes")
	}

	srv.Shutdown()
	srv.WaitForShutdown()
	beat(150)
	step()
	beat(50)
	if !prom.firing(expr, step()) {
		t.Fatalf("spool alert false with %d events spooled and NATS down", pub.Spooled())
	}

	srv, err = eventlog.StartServer(eventlog.ServerConfig{Name: "agent-alert", Port: port, StoreDir: storeDir})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	waitFor(t, "the spool to drain after the outage", func() bool { return pub.Spooled() == 0 })
	if prom.firing(expr, step()) {
		t.Fatal("spool alert still true after the spool drained")
	}
}
