package ledgerd

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/netproxy"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// proxiedCluster is three JetStream servers on loopback whose client
// connections and routes all pass through proxies, so a test can kill a
// server, cut it off from the others, or cut every link it has.
type proxiedCluster struct {
	t           *testing.T
	servers     [3]*server.Server
	stores      [3]string
	clientPorts [3]int
	routePorts  [3]int
	clients     [3]*netproxy.Proxy    // clients → server i
	routes      [3][3]*netproxy.Proxy // routes[i][j]: server i's routes to server j
}

func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func newProxiedCluster(t *testing.T) *proxiedCluster {
	t.Helper()
	c := &proxiedCluster{t: t}
	for i := range 3 {
		c.stores[i], c.clientPorts[i], c.routePorts[i] = t.TempDir(), freeLoopbackPort(t), freeLoopbackPort(t)
	}
	for i := range 3 {
		c.clients[i] = c.proxy(fmt.Sprintf("127.0.0.1:%d", c.clientPorts[i]))
		for j := range 3 {
			if i != j {
				c.routes[i][j] = c.proxy(fmt.Sprintf("127.0.0.1:%d", c.routePorts[j]))
			}
		}
	}
	t.Cleanup(c.shutdown)
	errs := make(chan error, 3)
	for i := range 3 {
		go func() { errs <- c.start(i) }()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (c *proxiedCluster) proxy(upstream string) *netproxy.Proxy {
	p, err := netproxy.New(upstream)
	if err != nil {
		c.t.Fatal(err)
	}
	return p
}

// options are eventlog.StartServer's durable settings, plus two that keep every
// connection on the proxies: servers advertise neither their client URLs
// to clients nor a reachable route URL to each other (gossip would let a
// server dial another around its proxy).
func (c *proxiedCluster) options(i int) *server.Options {
	var routes []string
	for j := range 3 {
		if j != i {
			routes = append(routes, "nats-route://"+c.routes[i][j].Addr())
		}
	}
	return &server.Options{
		ServerName: fmt.Sprintf("n%d", i), Host: "127.0.0.1", Port: c.clientPorts[i],
		JetStream: true, StoreDir: c.stores[i], SyncAlways: true,
		JetStreamMaxMemory: 256 << 20, JetStreamMaxStore: -1, MaxPayload: 1 << 20, NoSigs: true, NoLog: true,
		Cluster: server.ClusterOpts{Name: "swarm", Host: "127.0.0.1", Port: c.routePorts[i],
			Advertise: "127.0.0.1:1", NoAdvertise: true},
		Routes: server.RoutesFromStr(strings.Join(routes, ",")),
	}
}

// start starts server i on its store and ports.
func (c *proxiedCluster) start(i int) error {
	s, err := server.NewServer(c.options(i))
	if err != nil {
		return fmt.Errorf("server n%d: %w", i, err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return fmt.Errorf("server n%d: %w", i, eventlog.ErrNotReady)
	}
	c.servers[i] = s
	return nil
}

func (c *proxiedCluster) shutdown() {
	for _, s := range c.servers {
		if s != nil {
			s.Shutdown()
			s.WaitForShutdown()
		}
	}
	for i := range 3 {
		c.clients[i].Close()
		for j := range 3 {
			if c.routes[i][j] != nil {
				c.routes[i][j].Close()
			}
		}
	}
}

// clientURLs lists the client proxies, starting with server first.
func (c *proxiedCluster) clientURLs(first int) []string {
	var out []string
	for k := range 3 {
		out = append(out, "nats://"+c.clients[(first+k)%3].Addr())
	}
	return out
}

// serverOf names the server behind a client URL.
func (c *proxiedCluster) serverOf(url string) string {
	for i, p := range c.clients {
		if strings.HasSuffix(url, p.Addr()) {
			return fmt.Sprintf("n%d", i)
		}
	}
	return url
}

// links are the proxies of every route to and from server i, and with
// clients its client proxy too.
func (c *proxiedCluster) links(i int, clients bool) []*netproxy.Proxy {
	var out []*netproxy.Proxy
	for j := range 3 {
		if j != i {
			out = append(out, c.routes[i][j], c.routes[j][i])
		}
	}
	if clients {
		out = append(out, c.clients[i])
	}
	return out
}

// streamLeader is the index of the server leading the SWARM stream, or -1.
func (c *proxiedCluster) streamLeader() int {
	for i, s := range c.servers {
		if s != nil && s.Running() && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, eventlog.StreamName) {
			return i
		}
	}
	return -1
}

// healthy reports whether every server is up, routed to both others and
// current on the stream, and the cluster and the stream have leaders.
func (c *proxiedCluster) healthy() bool {
	meta := false
	for _, s := range c.servers {
		if s == nil || !s.Running() || s.NumRemotes() < 2 || !s.JetStreamIsStreamCurrent(server.DEFAULT_GLOBAL_ACCOUNT, eventlog.StreamName) {
			return false
		}
		meta = meta || s.JetStreamIsLeader()
	}
	return meta && c.streamLeader() >= 0
}

// fault is one injected failure of a server for hold.
type fault struct {
	name   string
	inject func(c *proxiedCluster, victim int, hold time.Duration)
}

var clusterFaults = []fault{
	{"kill the stream leader, restart it after the hold", (*proxiedCluster).kill},
	{"partition the stream leader from the other two", (*proxiedCluster).partition},
	{"pause the stream leader (every link cut, clients too)", (*proxiedCluster).pause},
}

// kill shuts server v down (in process: its connections close at once) and
// starts it again on its store after hold.
func (c *proxiedCluster) kill(v int, hold time.Duration) {
	c.servers[v].Shutdown()
	c.servers[v].WaitForShutdown()
	time.Sleep(hold)
	if err := c.start(v); err != nil {
		c.t.Fatal(err)
	}
}

func (c *proxiedCluster) partition(v int, hold time.Duration) { c.isolate(v, hold, false) }

func (c *proxiedCluster) pause(v int, hold time.Duration) { c.isolate(v, hold, true) }

// isolate cuts server v's routes (and with clients its client proxy) for
// hold; the server must lose every route, or the proxies were bypassed.
func (c *proxiedCluster) isolate(v int, hold time.Duration, clients bool) {
	links := c.links(v, clients)
	for _, p := range links {
		p.Cut()
	}
	end := time.Now().Add(hold)
	waitFor(c.t, fmt.Sprintf("n%d to lose its routes", v), func() bool { return c.servers[v].NumRoutes() == 0 })
	time.Sleep(time.Until(end))
	for _, p := range links {
		p.Heal()
	}
}

// nodeAgent is a node agent publishing heartbeats through its own connection.
type nodeAgent struct {
	p    *publisher.Publisher
	mu   sync.Mutex
	sent [][]byte
	err  error
}

func (a *nodeAgent) publish(body events.Body) {
	msg, err := a.p.Publish(body)
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.err = err
		return
	}
	a.sent = append(a.sent, msg)
}

// beat publishes a heartbeat every interval until stop closes.
func (a *nodeAgent) beat(gpu string, every time.Duration, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for i := uint64(0); ; i++ {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		a.publish(&events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: gpu, UtilBP: i % 10001, TempC: 60}}})
	}
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration", name, v)
	}
	return d
}

// clusterChaos is the state of one run: the cluster, the ledger folding
// from it, the agents, and the events acknowledged outside the agents.
type clusterChaos struct {
	c      *proxiedCluster
	keys   e2eKeys
	svc    *running
	agents []*nodeAgent
	setup  [][]byte // chain events, acknowledged before the agents start
}

// startLedger starts the ledger on the cluster through the client proxies,
// retrying while the cluster elects its meta leader.
func (x *clusterChaos) startLedger(ctx context.Context, t *testing.T) {
	t.Helper()
	cfg := Config{DataDir: t.TempDir(), Params: e2eParams(t, x.keys), NATSURLs: x.c.clientURLs(0), Replicas: 3,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var s *Service
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		s, err = Start(sctx, cfg)
		cancel()
		if err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done, ended := make(chan error, 1), make(chan struct{})
	go func() { done <- s.Run(runCtx); close(ended) }()
	var once sync.Once
	var runErr error
	x.svc = &running{Service: s, ended: ended, stop: func() error {
		once.Do(func() { stop(); runErr = <-done })
		return runErr
	}}
	t.Cleanup(func() { x.svc.stop(); s.Close() })
}

// connect opens a client connection through the proxies, server first
// first, that never adds servers it hears of.
func (x *clusterChaos) connect(t *testing.T, first int) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(strings.Join(x.c.clientURLs(first), ","), nats.DontRandomize(), nats.IgnoreDiscoveredServers(),
		nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	if len(nc.DiscoveredServers()) > 0 {
		t.Fatalf("the client learned %v: connections could bypass the proxies", nc.DiscoveredServers())
	}
	return nc
}

// authorize publishes the chain's authorization of each node, retrying
// until acknowledged.
func (x *clusterChaos) authorize(ctx context.Context, t *testing.T, nodes []nkeys.KeyPair) {
	t.Helper()
	js, _ := jetstream.New(x.connect(t, 0))
	for i, kp := range nodes {
		ref := events.ChainRef{Tx: "0x" + strings.Repeat("ef", 32), Block: uint64(10 + i)}
		body := &events.NodeAuthBody{Provider: addr(i % 2), Node: pub(t, kp)}
		events.SetChainRef(body, ref)
		ev := &events.Event{Src: events.ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: body}
		msg, err := events.SignEncode(ev, x.keys.ledger)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the authorization to be acknowledged", func() bool {
			pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			_, err := js.Publish(pctx, eventlog.Subject(events.ChainNodeAuthorized, events.ChainSrc), msg, jetstream.WithMsgID(ev.ID()))
			return err == nil
		})
		x.setup = append(x.setup, msg)
	}
}

// startAgents opens one publisher per node on its own connection (agent i
// tries server i first) and registers its node with one GPU.
func (x *clusterChaos) startAgents(ctx context.Context, t *testing.T, nodes []nkeys.KeyPair) {
	t.Helper()
	for i, kp := range nodes {
		nc := x.connect(t, i%3)
		js, _ := jetstream.New(nc)
		p, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: kp, AckTimeout: time.Second}, js)
		if err != nil {
			t.Fatal(err)
		}
		ran := make(chan struct{})
		go func() { defer close(ran); p.Run(ctx) }()
		t.Cleanup(func() { <-ran; p.Close() })
		a := &nodeAgent{p: p}
		a.publish(&events.NodeRegisteredBody{Provider: addr(i % 2), Region: "eu", GPUs: []events.GPUSpec{
			{UUID: fmt.Sprintf("GPU-%d-0", i), Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559}}})
		x.agents = append(x.agents, a)
	}
}

func (x *clusterChaos) spooled() int {
	n := 0
	for _, a := range x.agents {
		n += a.p.Spooled()
	}
	return n
}

// The ledger folds from a three-server R3 cluster whose every link passes
// through a proxy, while node agents publish heartbeats without pause and
// the stream leader is, in turn, killed and restarted, partitioned from
// the other two, and paused (all its links cut, its clients' too), each
// for SWARM_CHAOS_CLUSTER_HOLD (default 1s), SWARM_CHAOS_CLUSTER_ROUNDS
// times (default 1). Afterwards every acknowledged event is in the stream
// exactly once and accepted by the ledger exactly once.
func TestClusterFaultsLoseNothingAcknowledged(t *testing.T) {
	hold := envDuration(t, "SWARM_CHAOS_CLUSTER_HOLD", time.Second)
	rounds := max(envCount(t, "SWARM_CHAOS_CLUSTER_ROUNDS"), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute+time.Duration(rounds*len(clusterFaults))*(hold+time.Minute))
	defer cancel()
	x := &clusterChaos{c: newProxiedCluster(t), keys: e2eKeys{ledger: mustKey(t), sched: mustKey(t)}}
	nodes := []nkeys.KeyPair{mustKey(t), mustKey(t), mustKey(t), mustKey(t)}
	x.startLedger(ctx, t)
	x.authorize(ctx, t, nodes)
	agentCtx, stopAgents := context.WithCancel(ctx)
	defer stopAgents()
	x.startAgents(agentCtx, t, nodes)
	stop, wg := make(chan struct{}), &sync.WaitGroup{}
	for i, a := range x.agents {
		wg.Add(1)
		go a.beat(fmt.Sprintf("GPU-%d-0", i), 25*time.Millisecond, stop, wg)
	}
	waitFor(t, "the ledger to fold the first heartbeats", func() bool { return x.svc.Checkpoint() > 50 })
	stall := watchStall(x.svc.Service)
	moved := x.injectAll(t, rounds, hold)
	longest := stall()
	close(stop)
	wg.Wait()
	wait.Until(t, 2*time.Minute, 50*time.Millisecond, "the agents to drain their spools", func() bool { return x.spooled() == 0 })
	fig := x.verify(ctx, t)
	t.Logf("CHAOS: R3 cluster through proxies, %d agents publishing heartbeats through %d faults (%d× kill+restart, partition and pause of the stream leader, %s each; the leader moved in %d; the ledger's longest pause in folding %s): %s",
		len(x.agents), rounds*len(clusterFaults), rounds, hold, moved, longest.Round(100*time.Millisecond), fig)
}

// injectAll runs every fault rounds times against the current stream
// leader, waiting for the cluster to heal after each; it returns how many
// faults moved the stream leadership.
func (x *clusterChaos) injectAll(t *testing.T, rounds int, hold time.Duration) int {
	t.Helper()
	moved := 0
	for r := range rounds {
		for _, f := range clusterFaults {
			wait.Until(t, 2*time.Minute, 50*time.Millisecond, "a healthy cluster", x.c.healthy)
			v := x.c.streamLeader()
			before, on := x.svc.Checkpoint(), x.c.serverOf(x.svc.NATSURL())
			f.inject(x.c, v, hold)
			wait.Until(t, 2*time.Minute, 50*time.Millisecond, "a healthy cluster after: "+f.name, x.c.healthy)
			x.stillFolding(t)
			after := x.c.streamLeader()
			if after != v {
				moved++
			}
			t.Logf("round %d: %s: leader n%d → n%d; the ledger, connected to %s, folded %d → %d; agents' spools %d",
				r+1, f.name, v, after, on, before, x.svc.Checkpoint(), x.spooled())
		}
	}
	return moved
}

// watchStall samples the ledger's checkpoint every 50 ms until the returned
// function is called, which returns the longest time it stood still.
func watchStall(s *Service) func() time.Duration {
	stop, result := make(chan struct{}), make(chan time.Duration)
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		last, since, longest := s.Checkpoint(), time.Now(), time.Duration(0)
		for {
			select {
			case <-stop:
				result <- max(longest, time.Since(since))
				return
			case now := <-t.C:
				if cp := s.Checkpoint(); cp != last {
					last, since = cp, now
				}
				longest = max(longest, now.Sub(since))
			}
		}
	}()
	return func() time.Duration { close(stop); return <-result }
}

// stillFolding fails the test if the ledger's Run has returned.
func (x *clusterChaos) stillFolding(t *testing.T) {
	t.Helper()
	select {
	case <-x.svc.ended:
		t.Fatalf("the ledger stopped folding: %v", x.svc.stop())
	default:
	}
}

// verify waits for the ledger to fold the whole stream, stops it, and
// counts over the stream and the ledger's verdicts: acknowledged events
// missing from the stream, events held twice, events accepted twice, and
// acknowledged events the ledger never accepted.
func (x *clusterChaos) verify(ctx context.Context, t *testing.T) string {
	t.Helper()
	x.stillFolding(t)
	js, _ := jetstream.New(x.connect(t, 0))
	var last uint64
	wait.Until(t, 2*time.Minute, 50*time.Millisecond, "the ledger to fold the whole stream", func() bool {
		s, err := js.Stream(ctx, eventlog.StreamName)
		if err != nil {
			return false
		}
		info, err := s.Info(ctx)
		if err != nil {
			return false
		}
		last = info.State.LastSeq
		return x.svc.Checkpoint() == last
	})
	if err := x.svc.stop(); err != nil {
		t.Fatalf("the ledger's fold ended with %v", err)
	}
	verdicts, err := x.svc.Ledger().Verdicts(1, last)
	if err != nil {
		t.Fatal(err)
	}
	acked := x.acknowledged(t)
	inStream, accepted := map[string]int{}, map[string]int{}
	altered := 0
	for i, m := range readStream(ctx, t, js, last) {
		d, err := events.Decode(m)
		if err != nil {
			t.Fatalf("stream message %d does not decode: %v", i+1, err)
		}
		id := d.ID()
		inStream[id]++
		if verdicts[i] == events.Accepted {
			accepted[id]++
		}
		if want, ok := acked[id]; ok && string(want) != string(m) {
			altered++
		}
	}
	lost, notFolded := 0, 0
	for id := range acked {
		if inStream[id] == 0 {
			lost++
		}
		if accepted[id] == 0 {
			notFolded++
		}
	}
	dups, twice := extra(inStream), extra(accepted)
	fig := fmt.Sprintf("%d events acknowledged, %d in the stream; acknowledged lost: %d, held twice in the stream: %d, altered: %d, double-applied: %d, acknowledged but not accepted by the ledger: %d",
		len(acked), last, lost, dups, altered, twice, notFolded)
	if lost+dups+altered+twice+notFolded > 0 {
		t.Errorf("%s", fig)
	}
	return fig
}

// acknowledged maps the id of every event acknowledged by JetStream to its
// bytes: the setup's chain events and everything the agents spooled (their
// spools are empty, and a spooled message leaves only on its PubAck).
func (x *clusterChaos) acknowledged(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	add := func(m []byte) {
		d, err := events.Decode(m)
		if err != nil {
			t.Fatal(err)
		}
		out[d.ID()] = m
	}
	for _, m := range x.setup {
		add(m)
	}
	for _, a := range x.agents {
		a.mu.Lock()
		if a.err != nil {
			t.Errorf("agent publish: %v", a.err)
		}
		for _, m := range a.sent {
			add(m)
		}
		a.mu.Unlock()
	}
	return out
}

// extra counts the occurrences beyond the first.
func extra(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += max(c-1, 0)
	}
	return n
}

// readStream reads messages 1..last of the stream in order, starting over
// while the cluster answers that JetStream is temporarily unavailable.
func readStream(ctx context.Context, t *testing.T, js jetstream.JetStream, last uint64) [][]byte {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		out, err := readAll(ctx, js, last)
		if err == nil {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("reading the stream: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func readAll(ctx context.Context, js jetstream.JetStream, last uint64) ([][]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		return nil, fmt.Errorf("stream: %w", err)
	}
	src, err := eventlog.NewLogSource(ctx, s, 1, 1024)
	if err != nil {
		return nil, err
	}
	defer src.Stop()
	var out [][]byte
	for uint64(len(out)) < last {
		batch, err := src.NextBatch(ctx, int(min(1024, last-uint64(len(out)))))
		if err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	return out, nil
}
