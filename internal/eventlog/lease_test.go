package eventlog_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/eventlogtest"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// leaseWatch records every term of every campaigner, and how many lead at
// once.
type leaseWatch struct {
	concurrent atomic.Int32
	most       atomic.Int32

	mu    sync.Mutex
	terms []*leaseTerm
}

type leaseTerm struct {
	holder string
	start  time.Time
	end    time.Time // zero while leading; set when lead saw its context end
	cause  error
}

// lead returns the lead function of holder.
func (w *leaseWatch) lead(holder string) func(context.Context) {
	return func(ctx context.Context) {
		n := w.concurrent.Add(1)
		for m := w.most.Load(); n > m && !w.most.CompareAndSwap(m, n); m = w.most.Load() {
		}
		term := &leaseTerm{holder: holder}
		w.mu.Lock()
		term.start = time.Now()
		w.terms = append(w.terms, term)
		w.mu.Unlock()
		<-ctx.Done()
		w.mu.Lock()
		term.end, term.cause = time.Now(), context.Cause(ctx)
		w.mu.Unlock()
		w.concurrent.Add(-1)
	}
}

// leader returns the current term's holder, "" if nobody leads.
func (w *leaseWatch) leader() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, t := range w.terms {
		if t.end.IsZero() {
			return t.holder
		}
	}
	return ""
}

// check fails the test if two campaigners ever led at once, judged both by
// the counter and by the recorded terms: every term ended before the next
// one started.
func (w *leaseWatch) check(t *testing.T) {
	t.Helper()
	if m := w.most.Load(); m > 1 {
		t.Errorf("%d campaigners led at once", m)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := 1; i < len(w.terms); i++ {
		prev, next := w.terms[i-1], w.terms[i]
		if prev.end.IsZero() || !prev.end.Before(next.start) {
			t.Errorf("%s started leading at %s before %s stopped (at %s)",
				next.holder, next.start.Format(time.StampMicro), prev.holder, prev.end.Format(time.StampMicro))
		}
	}
}

// lastTwo returns the last two terms.
func (w *leaseWatch) lastTwo(t *testing.T) (prev, next leaseTerm) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.terms) < 2 {
		t.Fatalf("%d terms, want at least 2", len(w.terms))
	}
	return *w.terms[len(w.terms)-2], *w.terms[len(w.terms)-1]
}

type campaigner struct {
	holder string
	nc     *nats.Conn
	js     jetstream.JetStream
	cancel context.CancelFunc
	done   chan error

	once sync.Once
	err  error
}

// campaign starts RunLease for cfg.Holder on its own connection to url. It
// is stopped when the test ends.
func campaign(t *testing.T, url string, w *leaseWatch, cfg eventlog.LeaseConfig, opts ...nats.Option) *campaigner {
	t.Helper()
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		t.Fatal(err)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(t.Output(), nil)).With("test", t.Name())
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &campaigner{holder: cfg.Holder, nc: nc, js: js, cancel: cancel, done: make(chan error, 1)}
	go func() { c.done <- eventlog.RunLease(ctx, js, cfg, w.lead(cfg.Holder)) }()
	t.Cleanup(func() {
		if err := c.stop(); err != nil {
			t.Errorf("%s: RunLease: %v", c.holder, err)
		}
		nc.Close()
	})
	return c
}

// stop cancels the campaigner and returns what RunLease returned.
func (c *campaigner) stop() error {
	c.once.Do(func() {
		c.cancel()
		select {
		case c.err = <-c.done:
		case <-time.After(10 * time.Second):
			c.err = errors.New("RunLease did not return within 10s of cancellation")
		}
	})
	return c.err
}

func byHolder(cs []*campaigner, holder string) *campaigner {
	for _, c := range cs {
		if c.holder == holder {
			return c
		}
	}
	return nil
}

func leaseServer(t *testing.T) (*server.Server, jetstream.JetStream) {
	t.Helper()
	s, err := eventlog.StartServer(eventlog.ServerConfig{Name: "lease", Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return s, js
}

func holderOf(t *testing.T, js jetstream.JetStream, key string) (string, uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h, term, err := eventlog.LeaseHolder(ctx, js, "", key)
	if err != nil {
		t.Fatal(err)
	}
	return h, term
}

// Two campaigners: one leads and renews; when its context ends it releases
// the lease, and the other leads well within the TTL.
func TestLeaseOneLeaderAndPromptHandover(t *testing.T) {
	// Without the release, the handover would take at least 2/3 of the TTL
	// (the key expires a TTL after the last renewal); with it, at most the
	// campaigners' retry interval, TTL/3.
	const ttl = 3 * time.Second
	s, js := leaseServer(t)
	w := &leaseWatch{}
	var cs []*campaigner
	for _, h := range []string{"a", "b"} {
		cs = append(cs, campaign(t, s.ClientURL(), w, eventlog.LeaseConfig{Key: "settlement", Holder: h, TTL: ttl}))
	}
	wait.Until(t, 5*time.Second, 10*time.Millisecond, "a leader", func() bool { return w.leader() != "" })
	first := w.leader()
	holder, term := holderOf(t, js, "settlement")
	if holder != first {
		t.Fatalf("LeaseHolder says %q, %q leads", holder, first)
	}
	// Renewals advance the revision; the holder stays.
	wait.Until(t, 3*ttl, 10*time.Millisecond, "two renewals", func() bool {
		h, r := holderOf(t, js, "settlement")
		if h != first {
			t.Fatalf("holder changed from %q to %q while %q was up", first, h, first)
		}
		return r >= term+2
	})

	stopped := time.Now()
	if err := byHolder(cs, first).stop(); err != nil {
		t.Fatalf("RunLease returned %v on cancellation, want nil", err)
	}
	wait.Until(t, ttl, 10*time.Millisecond, "the other campaigner leads", func() bool {
		l := w.leader()
		return l != "" && l != first
	})
	took := time.Since(stopped)
	t.Logf("handover %s after cancelling the leader (TTL %s)", took, ttl)
	if took > ttl/2 {
		t.Errorf("handover took %s: the release should beat the TTL (%s) by far", took, ttl)
	}
	prev, _ := w.lastTwo(t)
	if !errors.Is(prev.cause, context.Canceled) {
		t.Errorf("old leader's context ended with %v, want context.Canceled", prev.cause)
	}
	w.check(t)
}

// The leader's connection dies, so it can neither renew nor release. It
// stops leading within TTL/2 and the other takes over once the key expires.
func TestLeaseDeadLeaderIsReplaced(t *testing.T) {
	const ttl = time.Second
	s, _ := leaseServer(t)
	w := &leaseWatch{}
	var cs []*campaigner
	for _, h := range []string{"a", "b"} {
		cs = append(cs, campaign(t, s.ClientURL(), w, eventlog.LeaseConfig{Key: "settlement", Holder: h, TTL: ttl}))
	}
	wait.Until(t, 5*time.Second, 10*time.Millisecond, "a leader", func() bool { return w.leader() != "" })
	first := w.leader()
	died := time.Now()
	byHolder(cs, first).nc.Close()
	wait.Until(t, 3*ttl, 10*time.Millisecond, "the other campaigner leads", func() bool {
		l := w.leader()
		return l != "" && l != first
	})
	prev, next := w.lastTwo(t)
	t.Logf("old leader stopped %s after its connection died, successor started %s after",
		prev.end.Sub(died), next.start.Sub(died))
	if prev.holder != first || !errors.Is(prev.cause, eventlog.ErrLeaseRenewOverdue) {
		t.Errorf("last term before takeover: %s ended by %v, want %s ended by ErrLeaseRenewOverdue", prev.holder, prev.cause, first)
	}
	if !prev.end.Before(next.start) {
		t.Errorf("old leader stopped at %s, after the successor started at %s", prev.end, next.start)
	}
	if err := byHolder(cs, first).stop(); err != nil {
		t.Errorf("RunLease on a closed connection returned %v on cancellation, want nil", err)
	}
	w.check(t)
}

// Three servers, an R3 bucket, one campaigner on each server. The server the
// leader is connected to is killed; a campaigner on another server takes
// over, and two never lead at once.
func TestLeaseClusterFailover(t *testing.T) {
	const ttl = time.Second
	servers := eventlogtest.Cluster(t)
	w := &leaseWatch{}
	var cs []*campaigner
	for i, h := range []string{"n0", "n1", "n2"} {
		cs = append(cs, campaign(t, servers[i].ClientURL(), w,
			eventlog.LeaseConfig{Key: "settlement", Holder: h, TTL: ttl, Replicas: 3},
			// Pinned to its server: when the server dies, so does the replica.
			nats.IgnoreDiscoveredServers(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond)))
	}
	wait.Until(t, 30*time.Second, 10*time.Millisecond, "a leader", func() bool { return w.leader() != "" })
	first := w.leader()
	leader := byHolder(cs, first)
	_, term := holderOf(t, leader.js, "settlement")
	wait.Until(t, 3*ttl, 10*time.Millisecond, "two renewals on the R3 bucket", func() bool {
		h, r := holderOf(t, leader.js, "settlement")
		if h != first {
			t.Fatalf("holder changed from %q to %q while %q was up", first, h, first)
		}
		return r >= term+2
	})
	killed := time.Now()
	eventlogtest.KillConnected(t, servers, leader.nc.ConnectedUrl())
	wait.Until(t, 20*time.Second, 10*time.Millisecond, "another campaigner leads", func() bool {
		l := w.leader()
		return l != "" && l != first
	})
	took := time.Since(killed)
	prev, next := w.lastTwo(t)
	t.Logf("%s took over from %s %s after its server was killed (old leader stopped after %s)",
		next.holder, first, took, prev.end.Sub(killed))
	holder, term := holderOf(t, byHolder(cs, next.holder).js, "settlement")
	if holder != next.holder {
		t.Errorf("LeaseHolder = %q, %d; want %q", holder, term, next.holder)
	}
	w.check(t)
}

func TestLeaseRejectsBadConfig(t *testing.T) {
	_, js := leaseServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	lead := func(context.Context) {}
	good := eventlog.LeaseConfig{Key: "settlement", Holder: "a", TTL: time.Second}
	for name, mod := range map[string]func(*eventlog.LeaseConfig){
		"empty key":       func(c *eventlog.LeaseConfig) { c.Key = "" },
		"bad key":         func(c *eventlog.LeaseConfig) { c.Key = "a b" },
		"dotted key":      func(c *eventlog.LeaseConfig) { c.Key = ".a" },
		"empty holder":    func(c *eventlog.LeaseConfig) { c.Holder = "" },
		"bad holder":      func(c *eventlog.LeaseConfig) { c.Holder = `a"b` },
		"zero TTL":        func(c *eventlog.LeaseConfig) { c.TTL = 0 },
		"short TTL":       func(c *eventlog.LeaseConfig) { c.TTL = 10 * time.Millisecond },
		"too many copies": func(c *eventlog.LeaseConfig) { c.Replicas = 7 },
		"bad bucket":      func(c *eventlog.LeaseConfig) { c.Bucket = "a.b" },
	} {
		cfg := good
		mod(&cfg)
		if err := eventlog.RunLease(ctx, js, cfg, lead); !errors.Is(err, eventlog.ErrLeaseConfig) {
			t.Errorf("%s: RunLease returned %v, want ErrLeaseConfig", name, err)
		}
	}
	if err := eventlog.RunLease(ctx, js, good, nil); !errors.Is(err, eventlog.ErrLeaseConfig) {
		t.Errorf("nil lead: RunLease returned %v, want ErrLeaseConfig", err)
	}

	// A bucket that expires keys after another period.
	if _, err := js.CreateKeyValue(ctx, eventlog.LeaseBucketConfig("other_leases", 5*time.Second, 1)); err != nil {
		t.Fatal(err)
	}
	cfg := good
	cfg.Bucket = "other_leases"
	if err := eventlog.RunLease(ctx, js, cfg, lead); !errors.Is(err, eventlog.ErrLeaseBucketTTL) {
		t.Errorf("RunLease on a bucket with a 5s TTL and a 1s lease returned %v, want ErrLeaseBucketTTL", err)
	}
	if ctx.Err() != nil {
		t.Fatal("RunLease kept running on a bad configuration")
	}

	// Nobody holds a lease in a bucket that does not exist.
	if h, term, err := eventlog.LeaseHolder(ctx, js, "no_such_bucket", "settlement"); h != "" || term != 0 || err != nil {
		t.Errorf("LeaseHolder on a missing bucket = %q, %d, %v", h, term, err)
	}
	if _, _, err := eventlog.LeaseHolder(ctx, js, "", "a b"); !errors.Is(err, eventlog.ErrLeaseConfig) {
		t.Errorf("LeaseHolder with a bad key returned %v, want ErrLeaseConfig", err)
	}
}
