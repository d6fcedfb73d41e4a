package publisher

import (
	"context"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// sampler publishes a heartbeat every interval until stopped, like an
// agent's sampling loop, and keeps every message it spooled.
type sampler struct {
	p    *Publisher
	mu   sync.Mutex
	sent [][]byte
	err  error
	stop chan struct{}
	done chan struct{}
}

func startSampler(p *Publisher, every time.Duration) *sampler {
	s := &sampler{p: p, stop: make(chan struct{}), done: make(chan struct{})}
	go s.run(every)
	return s
}

func (s *sampler) run(every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		msg, err := s.p.Publish(heartbeat(s.count()))
		s.mu.Lock()
		if err != nil {
			s.err = err
			s.mu.Unlock()
			return
		}
		s.sent = append(s.sent, msg)
		s.mu.Unlock()
	}
}

func (s *sampler) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// finish stops sampling and returns what was spooled.
func (s *sampler) finish(t *testing.T) [][]byte {
	t.Helper()
	close(s.stop)
	<-s.done
	if s.err != nil {
		t.Fatalf("sampling: %v", s.err)
	}
	return s.sent
}

// outageFor is the outage's length: SWARM_CHAOS_OUTAGE (a Go duration),
// default one second.
func outageFor(t *testing.T) time.Duration {
	t.Helper()
	v := os.Getenv("SWARM_CHAOS_OUTAGE")
	if v == "" {
		return time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("SWARM_CHAOS_OUTAGE=%q: want a positive duration", v)
	}
	return d
}

// An agent loses NATS for a long stretch (SWARM_CHAOS_OUTAGE) while it keeps
// sampling every 20 ms: the spool grows through the whole outage, then
// drains once the server is back; the stream holds every heartbeat exactly
// once, in order, byte for byte.
func TestLongOutageSpoolsAndDrains(t *testing.T) {
	outage := outageFor(t)
	storeDir := t.TempDir()
	srv := startServer(t, storeDir, -1)
	port := srv.Addr().(*net.TCPAddr).Port
	nc, err := nats.Connect(srv.ClientURL(), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), outage+5*time.Minute)
	defer cancel()
	if _, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	p, err := Open(Config{Dir: t.TempDir(), Key: kp, AckTimeout: 500 * time.Millisecond}, js)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { defer close(ran); p.Run(runCtx) }()
	defer func() { stopRun(); <-ran; p.Close() }()
	s := startSampler(p, 20*time.Millisecond)
	wait.Until(t, 30*time.Second, 20*time.Millisecond, "50 heartbeats delivered", func() bool {
		published, _, _ := p.Stats().Snapshot()
		return published >= 50
	})

	srv.Shutdown()
	srv.WaitForShutdown()
	before := s.count()
	spoolThrough(t, p, outage)
	during := s.count() - before
	peak := p.Spooled()
	srv = startServer(t, storeDir, port)
	defer srv.Shutdown()
	back := time.Now()
	wait.Until(t, 2*time.Minute+outage, 20*time.Millisecond, "the spool to drain with sampling on", func() bool { return p.Spooled() < 10 })
	sent := s.finish(t)
	wait.Until(t, time.Minute, 20*time.Millisecond, "the spool to drain", func() bool { return p.Spooled() == 0 })
	drained := time.Since(back)

	lost, disordered, dups := compareStream(sent, streamMessages(t, js))
	_, retries, republished := p.Stats().Snapshot()
	t.Logf("CHAOS: agent without NATS for %s: %d heartbeats spooled during the outage (spool peak %d), drained in %s; "+
		"heartbeats lost: %d, out of order: %d, duplicated in the stream: %d (%d sent, %d retries, %d republishes deduplicated)",
		outage, during, peak, drained.Round(100*time.Millisecond), lost, disordered, dups, len(sent), retries, republished)
	if lost != 0 || disordered != 0 || dups != 0 {
		t.Fatalf("%d lost, %d out of order, %d duplicated", lost, disordered, dups)
	}
	if during == 0 || peak < during || retries == 0 {
		t.Fatalf("the outage was not exercised: %d sampled during it, spool peak %d, %d retries", during, peak, retries)
	}
}

// spoolThrough waits out the outage, checking every 100 ms that the spool
// only grows: nothing can be acknowledged.
func spoolThrough(t *testing.T, p *Publisher, outage time.Duration) {
	t.Helper()
	last := p.Spooled()
	for end := time.Now().Add(outage); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		n := p.Spooled()
		if n < last {
			t.Fatalf("the spool shrank from %d to %d with the server down", last, n)
		}
		last = n
	}
}

// compareStream counts the sent messages missing from the stream, those
// found before their predecessor, and the stream's messages held twice.
func compareStream(sent, got [][]byte) (lost, disordered, dups int) {
	pos := make(map[string]int, len(got))
	for i, m := range got {
		if _, ok := pos[string(m)]; ok {
			dups++
			continue
		}
		pos[string(m)] = i
	}
	prev := -1
	for _, m := range sent {
		i, ok := pos[string(m)]
		switch {
		case !ok:
			lost++
		case i < prev:
			disordered++
		default:
			prev = i
		}
	}
	return lost, disordered, dups
}
