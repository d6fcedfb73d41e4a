package ledgerd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/projections/dashboard"
)

// Addresses of the security scenario: provider P, staker S.
var (
	secProvider = addr(0)
	secStaker   = addr(1)
)

const secGPU, secModel = "GPU-A-0", "NVIDIA H100 80GB HBM3"

// secNet is a ledger with nkey authentication on, its read API and
// dashboard, and the actors of the security tests: node a, a scheduler and
// the ledger key (chain and ledger events, as the watcher and the settler
// publish them) are honest; node b is the attacker, free to publish any
// bytes on its own subject.
type secNet struct {
	t              *testing.T
	ctx            context.Context
	s              *running
	k              e2eKeys
	a, b, stranger nkeys.KeyPair
	svc, node, sch *authConn // the service key, node a, the scheduler
	attacker       *authConn // node b
	params         *aggregates.Params
	honest         [][]byte // the accepted messages, in log order
	attacks        int
	log            *syncBuffer
	secrets        []string
	now            time.Time
}

// syncBuffer is a log sink safe for the service's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func seedOf(t *testing.T, kp nkeys.KeyPair) string {
	t.Helper()
	s, err := kp.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return string(s)
}

// newSecNet starts the service (store encrypted at rest, logging at Debug
// level into a buffer) and folds the honest prefix: node a authorized,
// registered, verified, heartbeating and assigned a task; node b
// authorized; stake bonded behind the provider; epoch 1 closed, so that
// the stake is active in epoch 2.
func newSecNet(t *testing.T) *secNet {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	n := &secNet{t: t, ctx: ctx, k: e2eKeys{ledger: mustKey(t), sched: mustKey(t)}, a: mustKey(t), b: mustKey(t),
		stranger: mustKey(t), log: &syncBuffer{}, now: time.UnixMilli(1_800_000_000_000)}
	svc := mustKey(t)
	encryption := "swarm-at-rest-" + seedOf(t, mustKey(t))[2:30]
	n.secrets = []string{encryption}
	for _, kp := range []nkeys.KeyPair{n.k.ledger, n.k.sched, n.a, n.b, n.stranger, svc} {
		n.secrets = append(n.secrets, seedOf(t, kp))
	}
	n.params = e2eParams(t, n.k)
	n.s = startLogged(ctx, t, Config{Params: n.params, EncryptionKey: encryption, APIAddr: "127.0.0.1:0",
		Dashboard: dashboard.Handler(), Now: func() time.Time { return n.now },
		Auth: &eventlog.Auth{Nodes: []string{pub(t, n.a), pub(t, n.b)}, Schedulers: []string{pub(t, n.k.sched)},
			Services: []string{pub(t, svc)}}}, n.log)
	url := n.s.NATSURL()
	n.svc, n.node, n.sch, n.attacker = connectAuth(t, url, svc), connectAuth(t, url, n.a), connectAuth(t, url, n.k.sched), connectAuth(t, url, n.b)

	a, b := pub(t, n.a), pub(t, n.b)
	n.chain(100, &events.NodeAuthBody{Provider: secProvider, Node: a})
	n.chain(101, &events.NodeAuthBody{Provider: secProvider, Node: b})
	n.chain(102, &events.StakeBody{Kind: events.ChainBonded, Staker: secStaker, Provider: secProvider, Amount: bigAmount(5000)})
	n.accept(n.node, n.a, n.ev(a, 1, &events.NodeRegisteredBody{Provider: secProvider, Region: "eu",
		GPUs: []events.GPUSpec{{UUID: secGPU, Model: secModel, MemMiB: 81559}}}))
	n.accept(n.sch, n.k.sched, n.ev(pub(t, n.k.sched), 1, &events.GPUVerifiedBody{Node: a, GPU: secGPU, Model: secModel}))
	n.accept(n.node, n.a, n.ev(a, 2, n.heartbeat(5000)))
	n.accept(n.sch, n.k.sched, n.ev(pub(t, n.k.sched), 2, &events.TaskAssignedBody{Task: "task-1", Node: a, GPUs: []string{secGPU}}))
	n.closeEpoch(1, n.epochStart(1), n.epochStart(2))
	n.accept(n.node, n.a, n.ev(a, 5, n.heartbeat(6000))) // seq 3 and 4 never reach the log
	return n
}

// startLogged is startRunning with the service logging at Debug level to w.
func startLogged(ctx context.Context, t *testing.T, cfg Config, w io.Writer) *running {
	t.Helper()
	cfg.DataDir, cfg.NATSPort = t.TempDir(), -1
	cfg.Log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done, ended := make(chan error, 1), make(chan struct{})
	go func() { done <- s.Run(runCtx); close(ended) }()
	var once sync.Once
	var runErr error
	r := &running{Service: s, ended: ended, stop: func() error {
		once.Do(func() { cancel(); runErr = <-done })
		return runErr
	}}
	t.Cleanup(func() { r.stop(); s.Close() })
	return r
}

// epochStart is the start of epoch k: epochs are a minute long and epoch 2
// ends at now.
func (n *secNet) epochStart(k uint64) uint64 {
	return uint64(n.now.UnixMilli()) + (k-3)*60_000
}

func (n *secNet) ev(src string, seq uint64, body events.Body) *events.Event {
	return &events.Event{Src: src, Seq: seq, TimeMs: n.now.UnixMilli() - 1000, Body: body}
}

func (n *secNet) heartbeat(util uint64) *events.NodeHeartbeatBody {
	return &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: secGPU, UtilBP: util, MemUsedMiB: 1024, TempC: 60, PowerMW: 300_000}}}
}

func (n *secNet) sign(ev *events.Event, kp nkeys.KeyPair) []byte {
	n.t.Helper()
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		n.t.Fatal(err)
	}
	return msg
}

// chain publishes a chain event signed by the ledger key, as the watcher does.
func (n *secNet) chain(block uint64, body events.Body) []byte {
	n.t.Helper()
	ref := events.ChainRef{Tx: "0x" + strings.Repeat("ab", 32), Block: block}
	events.SetChainRef(body, ref)
	return n.accept(n.svc, n.k.ledger, &events.Event{Src: events.ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: body})
}

// accept publishes an honest event on its own subject with its id as
// Nats-Msg-Id and wants it folded and accepted.
func (n *secNet) accept(c *authConn, kp nkeys.KeyPair, ev *events.Event) []byte {
	n.t.Helper()
	msg := n.sign(ev, kp)
	if r := n.fold(c, eventlog.Subject(ev.Body.EventType(), ev.Src), ev.ID(), msg); r != events.Accepted {
		n.t.Fatalf("honest %s %s: rejected as %s", ev.Body.EventType(), ev.ID(), r)
	}
	n.honest = append(n.honest, msg)
	return msg
}

// attack publishes msg from node b's connection on b's own subject with a
// fresh Nats-Msg-Id, so that JetStream's dedupe lets it through.
func (n *secNet) attack(msg []byte) events.Reason {
	n.t.Helper()
	n.attacks++
	return n.fold(n.attacker, eventlog.Subject(events.NodeHeartbeat, pub(n.t, n.b)), fmt.Sprintf("attack-%d", n.attacks), msg)
}

// fold publishes one message, waits until the ledger and every projection
// have folded it and returns the ledger's verdict.
func (n *secNet) fold(c *authConn, subject, msgID string, msg []byte) events.Reason {
	n.t.Helper()
	ack, err := c.js.Publish(n.ctx, subject, msg, jetstream.WithMsgID(msgID))
	if err != nil {
		n.t.Fatalf("publish on %s: %v", subject, err)
	}
	waitFor(n.t, "the fold", func() bool { return n.s.Checkpoint() >= ack.Sequence })
	n.settled()
	v, err := n.s.Ledger().Verdicts(ack.Sequence, ack.Sequence)
	if err != nil {
		n.t.Fatalf("verdict of %d: %v", ack.Sequence, err)
	}
	return v[0]
}

func (n *secNet) settled() {
	n.t.Helper()
	waitFor(n.t, "the projections", func() bool {
		for _, st := range n.s.Queries().Engine().Status() {
			if st.Checkpoint != n.s.Checkpoint() {
				return false
			}
		}
		return true
	})
}

// snapshot is everything an attack could change: the ledger's committed
// nodes, stake and earnings, and the read models' answers.
func (n *secNet) snapshot() map[string]string {
	n.t.Helper()
	a, b := pub(n.t, n.a), pub(n.t, n.b)
	out := map[string]string{}
	l := n.s.Ledger()
	for what, read := range map[string]func() (any, error){
		"node a":      func() (any, error) { return l.CommittedNode(a) },
		"node b":      func() (any, error) { return l.CommittedNode(b) },
		"stakes":      func() (any, error) { return l.CommittedStakes(secProvider) },
		"provider":    func() (any, error) { return l.CommittedEarner(secProvider) },
		"staker":      func() (any, error) { return l.CommittedEarner(secStaker) },
		"last closed": func() (any, error) { v := l.View(); return []uint64{v.LastClosed, v.LedgerSeq}, nil },
	} {
		v, err := read()
		if err != nil {
			n.t.Fatalf("%s: %v", what, err)
		}
		raw, _ := json.Marshal(v)
		out[what] = string(raw)
	}
	for _, p := range []string{"/v1/nodes/" + a, "/v1/nodes/" + b, "/v1/nodes?limit=1000", "/v1/stake", "/v1/providers/" + secProvider + "/stake",
		"/v1/stakers/" + secStaker, "/v1/earners", "/v1/epochs", "/v1/jails", "/v1/slashes"} {
		status, _, body := apiCall(n.t, http.MethodGet, n.s.APIURL+p)
		if status != http.StatusOK {
			n.t.Fatalf("GET %s: %d %s", p, status, body)
		}
		out[p] = string(body)
	}
	return out
}

func snapshotDiff(before, after map[string]string) []string {
	var d []string
	for k, v := range before {
		if after[k] != v {
			d = append(d, fmt.Sprintf("%s:\n  before %s\n  after  %s", k, v, after[k]))
		}
	}
	return d
}

// closeEpoch closes epoch k as the ledger does and returns its report.
func (n *secNet) closeEpoch(k, startMs, endMs uint64) aggregates.Report {
	n.t.Helper()
	n.accept(n.svc, n.k.ledger, n.ev(pub(n.t, n.k.ledger), k, &events.EpochClosedBody{Epoch: k, StartMs: startMs, EndMs: endMs}))
	rec, err := n.s.Ledger().CommittedEpoch(k)
	if err != nil {
		n.t.Fatal(err)
	}
	return reportOf(n.t, rec)
}

// Forged, replayed, withheld, tampered and re-signed events published by an
// authenticated node on its own subject reach the ledger and are rejected
// with SPEC's exact reason. Until the equivocations, nothing changes but the
// digest and the rejection counts: the committed state and every read model
// stay byte for byte what they were, and epoch 2's report equals an offline
// replay of the honest events alone but for those two. An equivocation
// jails the node and decides one slash (SPEC §6.4), and a later copy of the
// same id changes nothing more.
func TestForgedReplayedAndResignedEventsAreRejected(t *testing.T) {
	n := newSecNet(t)
	a, b, sched, ledger := pub(t, n.a), pub(t, n.b), pub(t, n.k.sched), pub(t, n.k.ledger)
	reg, hb2, bond, assign := n.honest[3], n.honest[5], n.honest[2], n.honest[6]
	chainBody := func() *events.StakeBody {
		return &events.StakeBody{ChainRef: events.ChainRef{Tx: "0x" + strings.Repeat("cd", 32), Block: 200}, Kind: events.ChainBonded,
			Staker: secStaker, Provider: secProvider, Amount: bigAmount(1_000_000)}
	}
	tampered := func(msg []byte, from, to string) []byte {
		if !bytes.Contains(msg, []byte(from)) {
			t.Fatalf("%s not in %s", from, msg)
		}
		return bytes.Replace(msg, []byte(from), []byte(to), 1)
	}
	cases := []struct {
		name string
		msg  []byte
		want events.Reason
	}{
		{"forged: a's heartbeat signed by b", n.sign(n.ev(a, 6, n.heartbeat(9000)), n.b), events.BadSignature},
		{"forged: a's unjail signed by a stranger", n.sign(n.ev(a, 6, &events.NodeUnjailBody{}), n.stranger), events.BadSignature},
		{"forged: the scheduler's task.completed signed by b", n.sign(n.ev(sched, 3, &events.TaskCompletedBody{Task: "task-1", GPUSeconds: 1e6}), n.b), events.BadSignature},
		{"forged: src=chain signed by b", n.sign(&events.Event{Src: events.ChainSrc, Seq: 200 * events.MaxLogIndex, TimeMs: 1, Body: chainBody()}, n.b), events.BadSignature},
		{"forged: epoch.closed as the ledger id signed by b", n.sign(n.ev(ledger, 2, &events.EpochClosedBody{Epoch: 2, StartMs: n.epochStart(2), EndMs: n.epochStart(3)}), n.b), events.BadSignature},
		{"forged: a node event as the ledger id signed by b", n.sign(n.ev(ledger, 2, &events.NodeUnjailBody{}), n.b), events.BadSignature},
		{"chain event with src=b", n.sign(&events.Event{Src: b, Seq: 200 * events.MaxLogIndex, TimeMs: 1, Body: chainBody()}, n.b), events.UnknownSrc},
		{"epoch.closed with src=b", n.sign(n.ev(b, 2, &events.EpochClosedBody{Epoch: 2, StartMs: n.epochStart(2), EndMs: n.epochStart(3)}), n.b), events.UnknownSrc},
		{"node event with src=chain", n.sign(&events.Event{Src: events.ChainSrc, Seq: 7, TimeMs: 1, Body: &events.NodeUnjailBody{}}, n.b), events.UnknownSrc},
		{"gpu.verified from node b as a scheduler", n.sign(n.ev(b, 1, &events.GPUVerifiedBody{Node: b, GPU: secGPU, Model: secModel}), n.b), events.UnknownSrc},
		{"task.completed from an unknown scheduler", n.sign(n.ev(pub(t, n.stranger), 1, &events.TaskCompletedBody{Task: "task-1", GPUSeconds: 1e6}), n.stranger), events.UnknownSrc},
		{"replayed: a's registration", reg, events.Duplicate},
		{"replayed: a's heartbeat", hb2, events.Duplicate},
		{"replayed: chain.bonded", bond, events.Duplicate},
		{"replayed: task.assigned", assign, events.Duplicate},
		{"withheld: a's seq 3, below its highest accepted seq", n.sign(n.ev(a, 3, n.heartbeat(7000)), n.a), events.StaleSeq},
		{"tampered: a's heartbeat, signature kept", tampered(hb2, `"util_bp":5000`, `"util_bp":9000`), events.BadSignature},
		{"tampered: chain.bonded amount, signature kept", tampered(bond, `"amount":"5000"`, `"amount":"9000"`), events.BadSignature},
		{"tampered: task.assigned to node b, signature kept", tampered(assign, a, b), events.BadSignature},
	}
	before := n.snapshot()
	rejected := map[string]uint64{}
	for _, c := range cases {
		if got := n.attack(c.msg); got != c.want {
			t.Errorf("%s: verdict %q, want %q", c.name, got, c.want)
		}
		if d := snapshotDiff(before, n.snapshot()); len(d) > 0 {
			t.Errorf("%s changed state:\n%s", c.name, strings.Join(d, "\n"))
		}
		rejected[string(c.want)]++
	}

	// The original Nats-Msg-Id inside the duplicate window: JetStream drops it.
	last := n.s.Checkpoint()
	ack, err := n.attacker.js.Publish(n.ctx, eventlog.Subject(events.NodeHeartbeat, b), reg, jetstream.WithMsgID(events.ID(a, 1)))
	if err != nil || !ack.Duplicate || ack.Sequence > last {
		t.Fatalf("a replay under the original Nats-Msg-Id: %+v %v, want a duplicate ack", ack, err)
	}

	live := n.closeEpoch(2, n.epochStart(2), n.epochStart(3))
	off, err := aggregates.Open("", n.params)
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	if _, err := ingest.Run(n.ctx, off, ingest.Messages(n.honest), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	rec, err := off.CommittedEpoch(2)
	if err != nil {
		t.Fatal(err)
	}
	want := reportOf(t, rec)
	if !maps.Equal(live.Rejected, rejected) {
		t.Errorf("epoch 2 rejected %v, want %v", live.Rejected, rejected)
	}
	if len(want.Earners) == 0 {
		t.Errorf("epoch 2 paid nobody: %+v", want)
	}
	live.EventsDigest, live.Rejected, want.EventsDigest, want.Rejected = "", nil, "", nil
	if !reflect.DeepEqual(live, want) {
		t.Errorf("epoch 2 report:\n got %+v\nwant %+v (the honest events alone)", live, want)
	}

	// Equivocation in epoch 3: seq 2 again with other content, signed by a itself.
	until := 3 + n.params.EquivocationJailEpochs
	for i, util := range []uint64{9999, 1} {
		if got := n.attack(n.sign(n.ev(a, 2, n.heartbeat(util)), n.a)); got != events.Equivocation {
			t.Fatalf("re-signed copy %d of a/2: verdict %q, want equivocation", i+1, got)
		}
		node, err := n.s.Ledger().CommittedNode(a)
		if err != nil {
			t.Fatal(err)
		}
		if !node.Jailed || node.JailUntil != until || node.Tombstoned || !node.Registered {
			t.Fatalf("after re-signed copy %d: node a %+v, want jailed until %d", i+1, node, until)
		}
		if i == 0 {
			before = n.snapshot()
		} else if d := snapshotDiff(before, n.snapshot()); len(d) > 0 {
			t.Errorf("a second copy of the same id changed state:\n%s", strings.Join(d, "\n"))
		}
	}
	rep := n.closeEpoch(3, n.epochStart(3), n.epochStart(4))
	wantSlash := []aggregates.ReportSlash{{BP: n.params.EquivocationSlashBP, ID: "equivocation:" + a + ":2", Provider: secProvider, Reason: "equivocation"}}
	if !reflect.DeepEqual(rep.Slashes, wantSlash) || !reflect.DeepEqual(rep.Jailed, []aggregates.JailDecision{{Node: a, Until: until}}) ||
		!maps.Equal(rep.Rejected, map[string]uint64{"equivocation": 2}) {
		t.Errorf("epoch 3: slashes %+v, jailed %+v, rejected %v", rep.Slashes, rep.Jailed, rep.Rejected)
	}
	n.noSecretsLogged()
}

// noSecretsLogged stops the service and checks its Debug log for any
// 12-character piece of a key seed or of the encryption key.
func (n *secNet) noSecretsLogged() {
	n.t.Helper()
	if err := n.s.stop(); err != nil {
		n.t.Fatal(err)
	}
	n.s.Close()
	log := n.log.String()
	if !strings.Contains(log, "folding") {
		n.t.Fatalf("the service logged nothing:\n%s", log)
	}
	secrets := map[string]string{}
	for i, s := range n.secrets {
		secrets[fmt.Sprintf("secret %d (%.4s…)", i, s)] = s
	}
	if l := proctest.Leaks(log, secrets); len(l) > 0 {
		n.t.Errorf("the log holds a piece of %s:\n%s", strings.Join(l, ", "), log)
	}
}

// rawHTTP sends one raw request on a fresh connection and reads the answer.
func rawHTTP(t *testing.T, addr, method, request string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, request) // the server may answer before reading all of it
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%.80q: %v", request, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%.80q: body: %v", request, err)
	}
	return resp, body
}

// Who answers a hostile request.
const (
	byAPI       = "api"       // the read API: a JSON error
	byDashboard = "dashboard" // the dashboard's 404/405, with its security headers
	byServer    = "server"    // net/http itself, before any handler
	byRedirect  = "redirect"  // ServeMux's redirect to the cleaned path
	byMux       = "mux"       // ServeMux's plain answer to a target without a path
)

// The read API of a running service refuses hostile requests with a JSON
// 4xx, never a 5xx or a crash, and keeps serving and folding afterwards.
// Outside /v1 the dashboard answers a plain 404/405; requests net/http
// cannot parse get its own 400 or 431 before any handler runs; ServeMux
// itself redirects unclean paths to their clean form on this server and
// answers targets without a path ("*", CONNECT host:port) in plain text.
func TestAPIRefusesHostileInput(t *testing.T) {
	n := newSecNet(t)
	long := strings.Repeat("A", 100_000)
	cases := []struct {
		method, target string
		header         string // extra header lines
		status         int
		by             string
	}{
		{"GET", "/v1/nodes/" + long, "", 400, byAPI},
		{"GET", "/v1/epochs?from=1&" + long + "=1", "", 400, byAPI},
		{"GET", "/v1/epochs?from=" + strings.Repeat("9", 900_000), "", 400, byAPI},
		{"GET", "/v1/epochs?from=" + strings.Repeat("9", 2<<20), "", 431, byServer},
		{"GET", "/v1/earners/%ff%fe%fd", "", 400, byAPI},
		{"GET", "/v1/nodes/%00", "", 400, byAPI},
		{"GET", "/v1/epochs?from=1%00", "", 400, byAPI},
		{"GET", "/v1/epochs/1\x00", "", 400, byServer},
		{"GET", "/v1/jails?node=%c0%af", "", 400, byAPI},
		{"GET", "/v1/epochs?limit=99999999999999999999999999", "", 400, byAPI},
		{"GET", "/v1/epochs?from=18446744073709551616", "", 400, byAPI},
		{"GET", "/v1/nodes?offset=2147483649", "", 400, byAPI},
		{"GET", "/v1/nodes?offset=1e309", "", 400, byAPI},
		{"GET", "/v1/nodes?min_mem_mib=-1", "", 400, byAPI},
		{"GET", "/v1/epochs?limit=-1", "", 400, byAPI},
		{"GET", "/v1/epochs/-1", "", 400, byAPI},
		{"GET", "/v1/earners?limit=0x10", "", 400, byAPI},
		{"GET", "/v1/earners/0x'%20OR%20'1'='1", "", 400, byAPI},
		{"GET", "/v1/nodes?provider=%27%20OR%201%3D1--", "", 400, byAPI},
		{"GET", "/v1/slashes?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", 400, byAPI},
		{"GET", "/v1/slashes?cursor=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "", 400, byAPI},
		{"GET", "/v1/nodes?health=healthy%0d%0aSet-Cookie:%20x=1", "", 400, byAPI},
		{"GET", "/v1/nodes/..%2f..%2fetc%2fpasswd", "", 400, byAPI},
		{"GET", "/v1/earners/..%2f..%2f..%2fetc%2fpasswd", "", 400, byAPI},
		{"GET", "/v1/epochs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "", 400, byAPI},
		{"GET", "/v1/nodes/../../etc/passwd", "", 307, byRedirect},
		{"GET", "//evil.example/v1/epochs", "", 307, byRedirect},
		{"GET", "/..%2f..%2fetc%2fpasswd", "", 404, byDashboard},
		{"GET", "/assets/..%2f..%2fdashboard.go", "", 404, byDashboard},
		{"GET", "/v1/nodes/%zz", "", 400, byServer},
		{"GET", "*", "", 400, byMux},
		{"CONNECT", "evil.example:443", "", 404, byMux},
		{"GET", "/v1/epochs?limit=1&limit=2", "", 400, byAPI},
		{"GET", "/v1/nodes?health=healthy&health=jailed", "", 400, byAPI},
		{"GET", "/v1/earners?limit=1;limit=2", "", 400, byAPI},
		{"TRACE", "/v1/epochs", "", 405, byAPI},
		{"TRACE", "/", "", 405, byDashboard},
		{"CONNECT", "/v1/epochs", "", 405, byAPI},
		{"OPTIONS", "/v1/nodes", "", 405, byAPI},
		{"PATCH", "/v1/projections/catalog/rebuild", "", 405, byAPI},
		{"BREW", "/v1/state", "", 405, byAPI},
		{"DELETE", "/v1/epochs/1", "", 405, byAPI},
		{"GET", "/v1/epochs", "X-Big: " + strings.Repeat("x", 2<<20) + "\r\n", 431, byServer},
		{"GET", "/v1/epochs", strings.Repeat("X-Many: 1\r\n", 5000), 200, byAPI},
		{"GET", "/v1/epochs", "If-None-Match: " + strings.Repeat("\"x\",", 50_000) + "\r\n", 200, byAPI},
		{"GET", "/v1/epochs", "Host: a b\r\n", 400, byServer},
	}
	addr := strings.TrimPrefix(n.s.APIURL, "http://")
	for _, c := range cases {
		name := fmt.Sprintf("%s %.60q", c.method, c.target)
		host := "Host: " + addr + "\r\n"
		if strings.HasPrefix(c.header, "Host:") {
			host = ""
		}
		resp, body := rawHTTP(t, addr, c.method, c.method+" "+c.target+" HTTP/1.1\r\n"+host+c.header+"Connection: close\r\n\r\n")
		ct := resp.Header.Get("Content-Type")
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d %.200s, want %d", name, resp.StatusCode, body, c.status)
			continue
		}
		switch c.by {
		case byAPI:
			var e struct {
				Error *string `json:"error"`
			}
			if ct != "application/json" || resp.Header.Get("X-Content-Type-Options") != "nosniff" || json.Unmarshal(body, &e) != nil ||
				(c.status != 200) != (e.Error != nil) {
				t.Errorf("%s: %d %s %.200q, want a JSON answer", name, resp.StatusCode, ct, body)
			}
		case byDashboard:
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Security-Policy") == "" || bytes.Contains(body, []byte("package ")) {
				t.Errorf("%s: %d %s %.200q, want the dashboard's refusal", name, resp.StatusCode, ct, body)
			}
		case byRedirect:
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "..") {
				t.Errorf("%s: redirect to %q, want a path on this server", name, loc)
			}
		}
	}

	n.now = n.now.Add(time.Second)
	n.accept(n.node, n.a, n.ev(pub(t, n.a), 6, n.heartbeat(4000)))
	for _, p := range []string{"/healthz", "/readyz", "/v1/epochs", "/v1/nodes/" + pub(t, n.a)} {
		if status, _, body := apiCall(t, http.MethodGet, n.s.APIURL+p); status != http.StatusOK {
			t.Errorf("GET %s after the hostile requests: %d %s", p, status, body)
		}
	}
	if strings.Contains(n.log.String(), "level=ERROR") {
		t.Errorf("the service logged errors:\n%s", n.log.String())
	}
}

// The NATS micro service, asked by an authenticated scheduler, refuses
// garbage, deep nesting, huge numbers and injection-looking values with a
// 400 (or 404) and a JSON error body, never a 500, and keeps answering.
func TestMicroRefusesHostileInput(t *testing.T) {
	n := newSecNet(t)
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	cases := []struct {
		endpoint string
		req      string
		code     string
	}{
		{"nodes", "\x00\xff\xfe garbage", "400"},
		{"nodes", "\xff", "400"},
		{"nodes", deep, "400"},
		{"nodes", `{"health":` + deep + `}`, "400"},
		{"nodes", `{"limit":` + strings.Repeat(`{"a":`, 50_000) + "1" + strings.Repeat("}", 50_000) + "}", "400"},
		{"nodes", `{"limit":1e999999}`, "400"},
		{"nodes", `{"limit":99999999999999999999999999999999}`, "400"},
		{"nodes", `{"offset":-99999999999999999999}`, "400"},
		{"nodes", `{"offset":2147483649}`, "400"},
		{"nodes", `{"min_mem_mib":` + strings.Repeat("9", 100_000) + `}`, "400"},
		{"epochs", `{"from":18446744073709551616}`, "400"},
		{"epochs", `{"from":-0}`, "400"},
		{"epoch", `{"epoch":1.0e1}`, "400"},
		{"node", `{"id":"\xff\xfe"}`, "400"},
		{"node", `{"id":"U\u0000"}`, "400"},
		{"node", `{"id":{"$gt":""}}`, "400"},
		{"node", `{"id":"../../etc/passwd"}`, "400"},
		{"earnings", `{"address":"0x' OR '1'='1"}`, "400"},
		{"earnings", `{"address":"<script>alert(1)</script>"}`, "400"},
		{"stake", `{"provider":"'; DROP TABLE stakes;--"}`, "400"},
		{"slashes", `{"reason":"downtime' OR 1=1"}`, "400"},
		{"jails", `{"active":"true; rm -rf /"}`, "400"},
		{"top_earners", `{"__proto__":{"limit":1}}`, "400"},
		{"overview", `{"constructor":{}}`, "400"},
		{"epoch", `{"epoch":18446744073709551615}`, "404"},
		{"nodes", `{"model":"\u0000` + strings.Repeat("x", 100_000) + `"}`, ""},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s %.60q", c.endpoint, c.req)
		msg, err := n.sch.Request("swarm.ledger.v1."+c.endpoint, []byte(c.req), 5*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		code := msg.Header.Get(micro.ErrorCodeHeader)
		var e struct {
			Error *string `json:"error"`
		}
		if code != c.code || json.Unmarshal(msg.Data, &e) != nil || (c.code != "") != (e.Error != nil) {
			t.Errorf("%s: code %q %.200q, want %q with a JSON body", name, code, msg.Data, c.code)
		}
	}
	for _, subj := range []string{"swarm.ledger.v1.overview", "$SRV.PING", "$SRV.INFO." + projections.MicroName} {
		msg, err := n.sch.Request(subj, nil, 5*time.Second)
		if err != nil || msg.Header.Get(micro.ErrorCodeHeader) != "" || !json.Valid(msg.Data) {
			t.Errorf("%s after the hostile requests: %v %v", subj, err, msg)
		}
	}
	if strings.Contains(n.log.String(), "level=ERROR") {
		t.Errorf("the service logged errors:\n%s", n.log.String())
	}
}

// A start with the wrong encryption key must leave the encrypted log alone:
// swarmd refuses to start, and the right key then opens the log whole.
func TestWrongEncryptionKeyKeepsTheLog(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	node := mustKey(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	cfg := func(key string) Config {
		return Config{DataDir: dir, Params: e2eParams(t, k), NATSPort: -1, EncryptionKey: key,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	}
	s, err := Start(ctx, cfg("the right key"))
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(s.nc)
	if err != nil {
		t.Fatal(err)
	}
	for seq := uint64(1); seq <= 2; seq++ {
		ev := &events.Event{Src: pub(t, node), Seq: seq, Body: &events.NodeUnjailBody{}}
		msg, _ := events.SignEncode(ev, node)
		if _, err := js.Publish(ctx, eventlog.Subject(events.NodeUnjail, ev.Src), msg, jetstream.WithMsgID(ev.ID())); err != nil {
			t.Fatal(err)
		}
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	waitFor(t, "the fold", func() bool { return s.Checkpoint() == 2 })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s.Close()

	if s, err := Start(ctx, cfg("a wrong key")); err == nil {
		s.Close()
		t.Error("started with the wrong key")
	}
	s, err = Start(ctx, cfg("the right key"))
	if err != nil {
		t.Fatalf("the right key after the wrong one: %v", err)
	}
	defer s.Close()
	info, err := s.stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 2 {
		t.Errorf("the stream holds %d messages after a start with the wrong key, want 2; the ledger came up at checkpoint %d", info.State.Msgs, s.Checkpoint())
	}
}
