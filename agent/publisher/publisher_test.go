package publisher

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

func startServer(t *testing.T, dir string, port int) *server.Server {
	t.Helper()
	s, err := eventlog.StartServer(eventlog.ServerConfig{Name: "t", Port: port, StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func heartbeat(i int) events.Body {
	return &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-0", UtilBP: uint64(i % 10001), TempC: 50}}}
}

// streamMessages reads the whole stream.
func streamMessages(t *testing.T, js jetstream.JetStream) [][]byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for seq := uint64(1); seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Data)
	}
	return out
}

// The NATS server goes away and comes back while the agent keeps sampling:
// every heartbeat arrives exactly once, in order, byte for byte.
func TestSurvivesServerOutage(t *testing.T) {
	storeDir := t.TempDir()
	srv := startServer(t, storeDir, -1)
	url := srv.ClientURL()
	port := srv.Addr().(*net.TCPAddr).Port
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	p, err := Open(Config{Dir: t.TempDir(), Key: kp, AckTimeout: 150 * time.Millisecond}, js)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stopRun := context.WithCancel(ctx)
	go p.Run(runCtx)
	var sent [][]byte
	sample := func(n int) {
		for range n {
			msg, err := p.Publish(heartbeat(len(sent)))
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, msg)
			time.Sleep(2 * time.Millisecond)
		}
	}
	sample(50)
	srv.Shutdown()
	srv.WaitForShutdown()
	sample(300) // spooled while the server is down, longer than the ack timeout
	if p.Spooled() == 0 {
		t.Fatal("nothing spooled during the outage")
	}
	srv = startServer(t, storeDir, port)
	defer srv.Shutdown()
	sample(50)
	deadline := time.Now().Add(30 * time.Second)
	for p.Spooled() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stopRun()
	got := streamMessages(t, js)
	if len(got) != len(sent) {
		t.Fatalf("stream holds %d messages, sent %d", len(got), len(sent))
	}
	for i := range sent {
		if !bytes.Equal(got[i], sent[i]) {
			t.Fatalf("message %d differs or is out of order", i+1)
		}
	}
	_, retries, dups := p.Stats().Snapshot()
	if retries == 0 {
		t.Fatal("the outage caused no retry: the spool path was not exercised")
	}
	t.Logf("%d heartbeats, %d retries, %d deduplicated republishes", len(sent), retries, dups)
}

// A restarted agent continues its sequence and republishes what it had not
// delivered, byte for byte.
func TestRestartKeepsSequence(t *testing.T) {
	srv := startServer(t, t.TempDir(), -1)
	defer srv.Shutdown()
	nc, _ := nats.Connect(srv.ClientURL())
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	dir := t.TempDir()
	p, _ := Open(Config{Dir: dir, Key: kp}, js)
	var sent [][]byte
	for i := range 5 { // spooled, never drained: the agent "crashes"
		m, _ := p.Publish(heartbeat(i))
		sent = append(sent, m)
	}
	p.Close()
	p, err := Open(Config{Dir: dir, Key: kp}, js)
	if err != nil {
		t.Fatal(err)
	}
	if p.NextSeq() != 6 || p.Spooled() != 5 {
		t.Fatalf("after restart: next seq %d spooled %d, want 6 and 5", p.NextSeq(), p.Spooled())
	}
	runCtx, stop := context.WithCancel(ctx)
	go p.Run(runCtx)
	m, _ := p.Publish(heartbeat(5))
	sent = append(sent, m)
	for p.Spooled() > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	got := streamMessages(t, js)
	if len(got) != len(sent) {
		t.Fatalf("stream holds %d, want %d", len(got), len(sent))
	}
	for i := range sent {
		if !bytes.Equal(got[i], sent[i]) {
			t.Fatalf("message %d differs", i+1)
		}
	}
}

// The spool is bounded.
func TestSpoolBound(t *testing.T) {
	kp, _ := nkeys.CreateUser()
	p, err := Open(Config{Dir: t.TempDir(), Key: kp, MaxSpooled: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := range 3 {
		if _, err := p.Publish(heartbeat(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Publish(heartbeat(3)); err != ErrSpoolFull {
		t.Fatalf("fourth publish: %v, want ErrSpoolFull", err)
	}
}
