package projections_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/projections"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// startLedger runs a ledger service with an embedded NATS server and the
// read API, publishes a generated multi-epoch log to it and waits until the
// ledger and every projection have folded it.
func startLedger(ctx context.Context, t *testing.T) *ledgerd.Service {
	t.Helper()
	g := gen.DefaultConfig()
	sc, params, err := gen.GenerateParsed(g)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: t.TempDir(), Params: params, NATSPort: -1,
		APIAddr: "127.0.0.1:0", BatchSize: 64, Log: discard})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done; svc.Close() })
	publish(t, svc.NATSURL(), sc.Messages)
	waitCaughtUp(t, svc, uint64(len(sc.Messages)), uint64(g.Epochs))
	return svc
}

// publish publishes the log in order and waits for every ack.
func publish(t *testing.T, natsURL string, msgs [][]byte) {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if _, err := js.PublishAsync(eventlog.SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(10 * time.Second):
		t.Fatal("publishes not acknowledged")
	}
}

func waitCaughtUp(t *testing.T, svc *ledgerd.Service, messages, epochs uint64) {
	t.Helper()
	q := svc.Queries()
	wait.For(t, 10*time.Second, 10*time.Millisecond, func() error {
		list, err := q.EpochsPage(1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if svc.Checkpoint() == messages && list.LastClosed == epochs && q.Engine().CaughtUp() {
			return nil
		}
		return fmt.Errorf("fold did not finish: checkpoint %d of %d, last closed %d of %d", svc.Checkpoint(), messages, list.LastClosed, epochs)
	})
}

// microFixture is a folded ledger, its read API, and micro services on it.
type microFixture struct {
	svc   *ledgerd.Service
	nc    *nats.Conn
	fixed string // base URL of a read API judging health at now
	now   time.Time
	live  micro.Service // default prefix, wall clock: compared with svc.APIURL
	exact micro.Service // prefix "test.fixed", clock now: compared with fixed
}

func newMicroFixture(t *testing.T) microFixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := microFixture{svc: startLedger(ctx, t)}
	q := f.svc.Queries()
	f.now = catalogNow(t, q)
	clock := func() time.Time { return f.now }
	srv := httptest.NewServer(projections.NewHandler(projections.HTTPConfig{Queries: q, Now: clock, Log: discard}))
	t.Cleanup(srv.Close)
	f.fixed = srv.URL
	f.nc = connect(t, f.svc.NATSURL())
	f.live = startMicro(t, f.nc, q, projections.MicroConfig{Log: discard})
	f.exact = startMicro(t, f.nc, q, projections.MicroConfig{Prefix: "test.fixed", Now: clock, Log: discard})
	return f
}

// catalogNow is a second after the last heartbeat of the log, when the
// catalog has nodes of several healths.
func catalogNow(t *testing.T, q *projections.Queries) time.Time {
	t.Helper()
	list, err := q.Nodes(projections.NodeFilter{Limit: projections.MaxPage}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var last uint64
	for _, n := range list.Nodes {
		last = max(last, n.LastSeenMs)
	}
	if last == 0 {
		t.Fatal("no heartbeats in the catalog")
	}
	return time.UnixMilli(int64(last) + 1000)
}

func connect(t *testing.T, natsURL string) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func startMicro(t *testing.T, nc *nats.Conn, q *projections.Queries, cfg projections.MicroConfig) micro.Service {
	t.Helper()
	s, err := projections.StartMicro(nc, q, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

func request(t *testing.T, nc *nats.Conn, subject string, data []byte) *nats.Msg {
	t.Helper()
	msg, err := nc.Request(subject, data, 3*time.Second)
	if err != nil {
		t.Fatalf("request %s %s: %v", subject, data, err)
	}
	return msg
}

func httpGet(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// normalize re-encodes a JSON document with sorted keys and without the
// fields that depend on the moment of the query.
func normalize(t *testing.T, body []byte, drop ...string) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	out, err := json.Marshal(strip(v, drop))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func strip(v any, drop []string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if slices.Contains(drop, k) {
				delete(v, k)
			} else {
				v[k] = strip(e, drop)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = strip(e, drop)
		}
	}
	return v
}

// clockFields depend on the wall clock of each query.
var clockFields = []string{"at_ms", "heartbeat_age_ms", "events_per_sec"}

// microCase is one micro request and the HTTP request that must answer
// the same.
type microCase struct {
	endpoint string
	req      string // request body
	path     string // HTTP path and query
}

// sample picks identifiers from the folded data for the cases.
type sample struct {
	node, provider, model, region string
	earner, staker, stakeProvider string
	slashProvider, reason         string
	slashCursor                   string
	jailNode, jailCursor          string
	statementCursor               string
}

func pickSample(t *testing.T, q *projections.Queries, now time.Time) sample {
	t.Helper()
	var s sample
	nodes, err := q.Nodes(projections.NodeFilter{Limit: projections.MaxPage}, now)
	must(t, err)
	n := nodes.Nodes[0]
	s.node, s.provider, s.model, s.region = n.Node, n.Provider, n.GPUs[0].Model, n.Region
	earners, err := q.TopEarners(1)
	must(t, err)
	s.earner = earners.Earners[0].Address
	stakes, err := q.StakePage("", 1)
	must(t, err)
	s.stakeProvider = stakes.Providers[0].Provider
	ps, err := q.ProviderStake(s.stakeProvider)
	must(t, err)
	s.staker = ps.Stakers[0].Staker
	slashes, err := q.SlashesPage(projections.SlashFilter{From: 1, Limit: 1})
	must(t, err)
	if len(slashes.Slashes) == 0 || slashes.Next == "" {
		t.Fatal("the generated log has fewer than two slashes")
	}
	s.slashProvider, s.reason, s.slashCursor = slashes.Slashes[0].Provider, slashes.Slashes[0].Reason, slashes.Next
	jails, err := q.JailsPage(projections.JailFilter{From: 1, Limit: 1})
	must(t, err)
	if len(jails.Jails) == 0 || jails.Next == "" {
		t.Fatal("the generated log has fewer than two jails")
	}
	s.jailNode, s.jailCursor = jails.Jails[0].Node, jails.Next
	ps2, err := q.ProviderStatementsPage(s.provider, "", 1)
	must(t, err)
	if len(ps2.Statements) == 0 || ps2.Next == "" {
		t.Fatalf("provider %s has fewer than two statements", s.provider)
	}
	s.statementCursor = ps2.Next
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (s sample) cases() []microCase {
	esc := url.QueryEscape
	return []microCase{
		{"nodes", ``, "/v1/nodes"},
		{"nodes", `{"health":["healthy","degraded"],"limit":3,"offset":1}`, "/v1/nodes?health=healthy,degraded&limit=3&offset=1"},
		{"nodes", fmt.Sprintf(`{"model":%q,"min_mem_mib":1024,"verified":true,"provider":%q,"region":%q}`, s.model, "0x"+strings.ToUpper(s.provider[2:]), s.region),
			fmt.Sprintf("/v1/nodes?model=%s&min_mem_mib=1024&verified=true&provider=%s&region=%s", esc(s.model), "0x"+strings.ToUpper(s.provider[2:]), esc(s.region))},
		{"nodes", `{"health":["stale"],"verified":false,"model":null}`, "/v1/nodes?health=stale&verified=false"},
		{"node", fmt.Sprintf(`{"id":%q}`, s.node), "/v1/nodes/" + s.node},
		{"earnings", fmt.Sprintf(`{"address":%q}`, s.earner), "/v1/earners/" + s.earner},
		{"earnings", fmt.Sprintf(`{"address":%q,"from":2,"limit":1}`, "0x"+strings.ToUpper(s.earner[2:])), "/v1/earners/0x" + strings.ToUpper(s.earner[2:]) + "?from=2&limit=1"},
		{"top_earners", `{}`, "/v1/earners"},
		{"top_earners", `{"limit":2}`, "/v1/earners?limit=2"},
		{"stake", fmt.Sprintf(`{"provider":%q}`, s.stakeProvider), "/v1/providers/" + s.stakeProvider + "/stake"},
		{"stake", fmt.Sprintf(`{"staker":%q}`, s.staker), "/v1/stakers/" + s.staker},
		{"epochs", ``, "/v1/epochs"},
		{"epochs", `{"from":2,"limit":2}`, "/v1/epochs?from=2&limit=2"},
		{"epoch", `{"epoch":2}`, "/v1/epochs/2"},
		{"statement", `{"epoch":2}`, "/v1/epochs/2/statement"},
		{"statements", fmt.Sprintf(`{"provider":%q}`, s.provider), "/v1/providers/" + s.provider + "/statements"},
		{"statements", fmt.Sprintf(`{"provider":%q,"cursor":%q,"limit":1}`, s.provider, s.statementCursor),
			"/v1/providers/" + s.provider + "/statements?cursor=" + s.statementCursor + "&limit=1"},
		{"statements", fmt.Sprintf(`{"earner":%q,"limit":2}`, s.staker), "/v1/earners/" + s.staker + "/statements?limit=2"},
		{"slashes", `{}`, "/v1/slashes"},
		{"slashes", fmt.Sprintf(`{"provider":%q,"reason":%q}`, s.slashProvider, s.reason), "/v1/slashes?provider=" + s.slashProvider + "&reason=" + s.reason},
		{"slashes", fmt.Sprintf(`{"cursor":%q,"limit":1}`, s.slashCursor), "/v1/slashes?cursor=" + s.slashCursor + "&limit=1"},
		{"jails", `{}`, "/v1/jails"},
		{"jails", fmt.Sprintf(`{"node":%q,"active":false,"from":1}`, s.jailNode), "/v1/jails?node=" + s.jailNode + "&active=false&from=1"},
		{"jails", `{"active":true}`, "/v1/jails?active=true"},
		{"jails", fmt.Sprintf(`{"cursor":%q,"limit":1}`, s.jailCursor), "/v1/jails?cursor=" + s.jailCursor + "&limit=1"},
		{"overview", ``, "/v1/overview"},
	}
}

// TestMicro runs the micro service on a ledger that has folded a
// generated log and checks it against the HTTP API: the same answers, the
// same errors, the micro conventions ($SRV.PING, INFO, STATS) and queue
// groups.
func TestMicro(t *testing.T) {
	f := newMicroFixture(t)
	s := pickSample(t, f.svc.Queries(), f.now)
	t.Run("answers", func(t *testing.T) {
		for _, c := range s.cases() {
			f.checkExact(t, c)
			f.checkLive(t, c)
		}
	})
	t.Run("catalog", func(t *testing.T) { f.checkCatalog(t) })
	t.Run("errors", func(t *testing.T) { f.checkErrors(t, s) })
	t.Run("info", func(t *testing.T) { f.checkInfo(t) })
	t.Run("queue group", func(t *testing.T) { f.checkQueueGroup(t) })
}

// checkExact wants the micro answer byte for byte the body of the HTTP
// API judging health at the same moment. The overview's events/s is
// measured on the wall clock, so a pair that straddles a second is asked
// again.
func (f microFixture) checkExact(t *testing.T, c microCase) {
	t.Helper()
	var got, want []byte
	for range 5 {
		msg := request(t, f.nc, "test.fixed."+c.endpoint, []byte(c.req))
		if code := msg.Header.Get(micro.ErrorCodeHeader); code != "" {
			t.Fatalf("%s %s: error %s %s", c.endpoint, c.req, code, msg.Header.Get(micro.ErrorHeader))
		}
		var status int
		status, want = httpGet(t, f.fixed+c.path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", c.path, status, want)
		}
		if got = msg.Data; bytes.Equal(got, want) {
			return
		}
	}
	t.Errorf("%s %s: micro and GET %s differ:\nmicro %s\nhttp  %s", c.endpoint, c.req, c.path, got, want)
}

// checkLive wants the micro answer equal, after JSON normalization and
// without the clock's fields, to the ledger service's own read API.
func (f microFixture) checkLive(t *testing.T, c microCase) {
	t.Helper()
	msg := request(t, f.nc, projections.MicroDefaultPrefix+"."+c.endpoint, []byte(c.req))
	if code := msg.Header.Get(micro.ErrorCodeHeader); code != "" {
		t.Fatalf("%s %s: error %s %s", c.endpoint, c.req, code, msg.Header.Get(micro.ErrorHeader))
	}
	status, body := httpGet(t, f.svc.APIURL+c.path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", c.path, status, body)
	}
	if got, want := normalize(t, msg.Data, clockFields...), normalize(t, body, clockFields...); got != want {
		t.Errorf("%s %s: micro and the service's GET %s differ:\nmicro %s\nhttp  %s", c.endpoint, c.req, c.path, got, want)
	}
}

// checkCatalog wants the fixed clock's catalog to have healthy nodes, so
// the health filters above were tested on something, and the default
// instance to judge health on the wall clock.
func (f microFixture) checkCatalog(t *testing.T) {
	var list projections.NodeList
	decode(t, request(t, f.nc, "test.fixed.nodes", []byte(`{"health":["healthy"]}`)), &list)
	if list.Total == 0 || list.AtMs != uint64(f.now.UnixMilli()) {
		t.Fatalf("healthy nodes at %d: %d (at_ms %d)", f.now.UnixMilli(), list.Total, list.AtMs)
	}
	before := time.Now().UnixMilli()
	decode(t, request(t, f.nc, projections.MicroDefaultPrefix+".nodes", nil), &list)
	if at := int64(list.AtMs); at < before || at > time.Now().UnixMilli() {
		t.Fatalf("default clock: at_ms %d, want about %d", at, before)
	}
}

// errCase is a request the micro service must refuse; path, when set, is
// the HTTP request refused with the same status and message.
type errCase struct {
	endpoint, req, code, path string
}

func (f microFixture) checkErrors(t *testing.T, s sample) {
	unknownNode := newNodeID(t)
	cases := []errCase{
		{"nodes", `{"limit":0}`, "400", "/v1/nodes?limit=0"},
		{"nodes", `{"limit":1001}`, "400", "/v1/nodes?limit=1001"},
		{"nodes", `{"offset":-1}`, "400", "/v1/nodes?offset=-1"},
		{"nodes", `{"health":["sick"]}`, "400", "/v1/nodes?health=sick"},
		{"nodes", `{"health":["healthy",""]}`, "400", "/v1/nodes?health=healthy,"},
		{"nodes", `{"provider":"0x12"}`, "400", "/v1/nodes?provider=0x12"},
		{"nodes", `{"min_mem_mib":1.5}`, "400", "/v1/nodes?min_mem_mib=1.5"},
		{"node", `{"id":"bogus"}`, "400", "/v1/nodes/bogus"},
		{"node", fmt.Sprintf(`{"id":%q}`, unknownNode), "404", "/v1/nodes/" + unknownNode},
		{"earnings", `{"address":"nope"}`, "400", "/v1/earners/nope"},
		{"earnings", fmt.Sprintf(`{"address":%q,"from":0}`, s.earner), "400", "/v1/earners/" + s.earner + "?from=0"},
		{"top_earners", `{"limit":-5}`, "400", "/v1/earners?limit=-5"},
		{"stake", `{"provider":"0xzz"}`, "400", "/v1/providers/0xzz/stake"},
		{"stake", `{"staker":"x"}`, "400", "/v1/stakers/x"},
		{"epochs", `{"from":0}`, "400", "/v1/epochs?from=0"},
		{"epoch", `{"epoch":0}`, "400", "/v1/epochs/0"},
		{"epoch", `{"epoch":999}`, "404", "/v1/epochs/999"},
		{"statement", `{"epoch":0}`, "400", "/v1/epochs/0/statement"},
		{"statement", `{"epoch":999}`, "404", "/v1/epochs/999/statement"},
		{"statements", `{"provider":"0x12"}`, "400", "/v1/providers/0x12/statements"},
		{"statements", fmt.Sprintf(`{"earner":%q,"cursor":"zz"}`, s.earner), "400", "/v1/earners/" + s.earner + "/statements?cursor=zz"},
		{"statements", fmt.Sprintf(`{"earner":%q,"limit":0}`, s.earner), "400", "/v1/earners/" + s.earner + "/statements?limit=0"},
		{"slashes", `{"reason":"bad"}`, "400", "/v1/slashes?reason=bad"},
		{"slashes", `{"cursor":"zz"}`, "400", "/v1/slashes?cursor=zz"},
		{"jails", `{"node":"x"}`, "400", "/v1/jails?node=x"},
		{"jails", `{"from":1e3}`, "400", "/v1/jails?from=1e3"},
		// Requests only the micro service can get wrong.
		{"nodes", `{`, "400", ""},
		{"nodes", `[1]`, "400", ""},
		{"nodes", `{} {}`, "400", ""},
		{"nodes", `{"bogus":1}`, "400", ""},
		{"nodes", `{"limit":1,"limit":2}`, "400", ""},
		{"nodes", `{"limit":"5"}`, "400", ""},
		{"nodes", `{"health":"healthy"}`, "400", ""},
		{"jails", `{"active":"true"}`, "400", ""},
		{"node", `{}`, "400", ""},
		{"epoch", `{"epoch":null}`, "400", ""},
		{"stake", `{}`, "400", ""},
		{"statements", `{}`, "400", ""},
		{"statements", fmt.Sprintf(`{"provider":%q,"earner":%q}`, s.provider, s.earner), "400", ""},
		{"stake", fmt.Sprintf(`{"provider":%q,"staker":%q}`, s.stakeProvider, s.staker), "400", ""},
		{"overview", `{"x":1}`, "400", ""},
	}
	for _, c := range cases {
		f.checkError(t, c)
	}
}

func (f microFixture) checkError(t *testing.T, c errCase) {
	t.Helper()
	msg := request(t, f.nc, "test.fixed."+c.endpoint, []byte(c.req))
	code, desc := msg.Header.Get(micro.ErrorCodeHeader), msg.Header.Get(micro.ErrorHeader)
	var body projections.APIError
	if err := json.Unmarshal(msg.Data, &body); err != nil || body.Message != desc || desc == "" {
		t.Errorf("%s %s: error body %q (%v), description %q", c.endpoint, c.req, msg.Data, err, desc)
	}
	if code != c.code {
		t.Errorf("%s %s: code %q (%s), want %s", c.endpoint, c.req, code, desc, c.code)
	}
	if c.path == "" {
		return
	}
	status, want := httpGet(t, f.fixed+c.path)
	if fmt.Sprint(status) != c.code || !bytes.Equal(msg.Data, want) {
		t.Errorf("%s %s: micro %s %s, GET %s: %d %s", c.endpoint, c.req, code, msg.Data, c.path, status, want)
	}
}

func newNodeID(t *testing.T) string {
	t.Helper()
	kp, err := nkeys.CreateUser()
	must(t, err)
	id, err := kp.PublicKey()
	must(t, err)
	return id
}

var endpointNames = []string{"nodes", "node", "earnings", "top_earners", "stake", "epochs", "epoch", "statement", "statements", "slashes", "slash", "jails", "overview"}

// checkInfo asks micro's control subjects about the service.
func (f microFixture) checkInfo(t *testing.T) {
	id := f.live.Info().ID
	var info micro.Info
	decode(t, request(t, f.nc, "$SRV.INFO."+projections.MicroName+"."+id, nil), &info)
	if info.Name != projections.MicroName || info.ID != id || info.Version != projections.MicroVersion || info.Description == "" {
		t.Fatalf("info: %+v", info.ServiceIdentity)
	}
	var names []string
	for _, e := range info.Endpoints {
		names = append(names, e.Name)
		checkEndpointInfo(t, e)
	}
	if !slices.Equal(names, endpointNames) {
		t.Fatalf("endpoints %v, want %v", names, endpointNames)
	}
	var first micro.Info
	decode(t, request(t, f.nc, "$SRV.INFO."+projections.MicroName, nil), &first)
	if first.Name != projections.MicroName || len(first.Endpoints) != len(endpointNames) {
		t.Fatalf("$SRV.INFO.%s: %+v", projections.MicroName, first)
	}
	var ping micro.Ping
	decode(t, request(t, f.nc, "$SRV.PING."+projections.MicroName+"."+id, nil), &ping)
	if ping.Type != micro.PingResponseType || ping.ID != id {
		t.Fatalf("ping: %+v", ping)
	}
	var stats micro.Stats
	decode(t, request(t, f.nc, "$SRV.STATS."+projections.MicroName+"."+id, nil), &stats)
	if stats.Type != micro.StatsResponseType || len(stats.Endpoints) != len(endpointNames) || stats.Endpoints[0].NumRequests == 0 {
		t.Fatalf("stats: %+v", stats)
	}
}

func checkEndpointInfo(t *testing.T, e micro.EndpointInfo) {
	t.Helper()
	if e.Subject != projections.MicroDefaultPrefix+"."+e.Name || e.QueueGroup != micro.DefaultQueueGroup {
		t.Errorf("endpoint %s: subject %s, queue group %q", e.Name, e.Subject, e.QueueGroup)
	}
	for _, k := range []string{"description", "http", "request_schema", "response", "response_schema"} {
		if e.Metadata[k] == "" {
			t.Errorf("endpoint %s: no metadata %s", e.Name, k)
		}
	}
	for _, k := range []string{"request_schema", "response_schema"} {
		if !json.Valid([]byte(e.Metadata[k])) {
			t.Errorf("endpoint %s: metadata %s is not JSON: %s", e.Name, k, e.Metadata[k])
		}
	}
}

func decode(t *testing.T, msg *nats.Msg, v any) {
	t.Helper()
	if err := json.Unmarshal(msg.Data, v); err != nil {
		t.Fatalf("%s: %v\n%s", msg.Subject, err, msg.Data)
	}
}

// checkQueueGroup runs two instances on one queue group and wants each
// request answered by exactly one of them.
func (f microFixture) checkQueueGroup(t *testing.T) {
	q := f.svc.Queries()
	cfg := projections.MicroConfig{Prefix: "test.queue", QueueGroup: "ledger", Log: discard}
	a := startMicro(t, connect(t, f.svc.NATSURL()), q, cfg)
	b := startMicro(t, connect(t, f.svc.NATSURL()), q, cfg)
	inbox := nats.NewInbox()
	replies, err := f.nc.SubscribeSync(inbox)
	must(t, err)
	defer replies.Unsubscribe()
	must(t, f.nc.Flush())
	const n = 20
	for range n {
		must(t, f.nc.PublishRequest("test.queue.epochs", inbox, []byte(`{"limit":1}`)))
	}
	got := 0
	for {
		msg, err := replies.NextMsg(500 * time.Millisecond)
		if err != nil {
			break
		}
		if msg.Header.Get(micro.ErrorCodeHeader) != "" {
			t.Fatalf("error reply: %v", msg.Header)
		}
		got++
	}
	served := numRequests(a) + numRequests(b)
	if got != n || served != n {
		t.Fatalf("%d requests: %d replies, %d served (want %d each)", n, got, served, n)
	}
	if qg := a.Info().Endpoints[0].QueueGroup; qg != "ledger" {
		t.Fatalf("queue group %q", qg)
	}
}

func numRequests(s micro.Service) int {
	total := 0
	for _, e := range s.Stats().Endpoints {
		total += e.NumRequests
	}
	return total
}
