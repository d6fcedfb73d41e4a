package ledgerd

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/projections"
)

// catalogEnv is a service fed hand-made events whose read models are known
// exactly: five nodes of two providers, telemetry chosen to exercise every
// health check, tasks, stake, an epoch close and an equivocation.
type catalogEnv struct {
	t      *testing.T
	ctx    context.Context
	k      e2eKeys
	js     jetstream.JetStream
	seqs   map[string]uint64
	nowMs  int64
	ledger uint64 // the ledger id's last seq
}

func (c *catalogEnv) emit(kp nkeys.KeyPair, timeMs int64, body events.Body) {
	c.t.Helper()
	src := pub(c.t, kp)
	c.seqs[src]++
	c.emitSeq(kp, c.seqs[src], timeMs, body)
}

func (c *catalogEnv) emitSeq(kp nkeys.KeyPair, seq uint64, timeMs int64, body events.Body) {
	c.t.Helper()
	ev := &events.Event{Src: pub(c.t, kp), Seq: seq, TimeMs: timeMs, Body: body}
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		c.t.Fatal(err)
	}
	// Raw subject, no Msg-Id: an equivocating copy must reach the log.
	if _, err := c.js.Publish(c.ctx, eventlog.SubjectPrefix+"raw", msg); err != nil {
		c.t.Fatal(err)
	}
}

func (c *catalogEnv) close(epoch, startMs, endMs uint64) {
	c.t.Helper()
	c.ledger++
	ev := &events.Event{Src: pub(c.t, c.k.ledger), Seq: c.ledger, TimeMs: int64(endMs),
		Body: &events.EpochClosedBody{Epoch: epoch, StartMs: startMs, EndMs: endMs}}
	msg, err := events.SignEncode(ev, c.k.ledger)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := c.js.Publish(c.ctx, eventlog.SubjectPrefix+"raw", msg); err != nil {
		c.t.Fatal(err)
	}
}

// caughtUp waits until the ledger has folded everything published so far
// and every projection has applied it, and /readyz says so.
func caughtUp(t *testing.T, ctx context.Context, js jetstream.JetStream, r *running) {
	t.Helper()
	st, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the projections to catch up", func() bool {
		if r.Checkpoint() < info.State.LastSeq || !r.Queries().Engine().CaughtUp() {
			return false
		}
		status, _, _ := apiCall(t, http.MethodGet, r.APIURL+"/readyz")
		return status == http.StatusOK
	})
}

func TestProjections(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	for range 5 {
		k.nodes = append(k.nodes, mustKey(t))
	}
	params := e2eParams(t, k)
	now := time.UnixMilli(1_800_000_000_000)
	var clock atomic.Int64 // the read API's clock, moved by CatalogFollowsTheClock
	clock.Store(now.UnixMilli())
	dir := t.TempDir()
	cfg := Config{DataDir: dir, Params: params, BatchSize: 16, APIAddr: "127.0.0.1:0", Now: func() time.Time { return time.UnixMilli(clock.Load()) }}
	r := startRunning(ctx, t, cfg)
	nc, err := nats.Connect(r.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	c := &catalogEnv{t: t, ctx: ctx, k: k, js: js, seqs: map[string]uint64{}, nowMs: now.UnixMilli()}
	node := func(i int) string { return pub(t, k.nodes[i]) }
	provider := []string{addr(0), addr(0), addr(0), addr(1), addr(1)}
	for i := range k.nodes {
		chainEvent(t, ctx, js, k, uint64(100+i), &events.NodeAuthBody{Provider: provider[i], Node: node(i)})
	}
	chainEvent(t, ctx, js, k, 110, &events.StakeBody{Kind: events.ChainBonded, Staker: addr(10), Provider: addr(0), Amount: bigAmount(5000)})
	chainEvent(t, ctx, js, k, 111, &events.StakeBody{Kind: events.ChainBonded, Staker: addr(11), Provider: addr(1), Amount: bigAmount(800)})
	chainEvent(t, ctx, js, k, 112, &events.StakeBody{Kind: events.ChainBonded, Staker: addr(10), Provider: addr(1), Amount: bigAmount(200)})
	chainEvent(t, ctx, js, k, 113, &events.StakeBody{Kind: events.ChainUnbondRequested, Staker: addr(10), Provider: addr(1), Amount: bigAmount(50), ReleaseAt: 1_900_000_000})
	gpus := [][]events.GPUSpec{
		{{UUID: "G0a", Model: h100, MemMiB: 81559}, {UUID: "G0b", Model: h100, MemMiB: 81559}},
		{{UUID: "G1", Model: h100, MemMiB: 81559}},
		{{UUID: "G2", Model: "NVIDIA A100 40GB", MemMiB: 40960}},
		{{UUID: "G3", Model: h100, MemMiB: 81559}},
		{{UUID: "G4", Model: h100, MemMiB: 81559}},
	}
	regions := []string{"eu", "us", "eu", "eu", "us"}
	t0 := c.nowMs - 60_000
	for i, kp := range k.nodes {
		c.emit(kp, t0, &events.NodeRegisteredBody{Provider: provider[i], Region: regions[i], GPUs: gpus[i]})
		for _, g := range gpus[i] {
			if i != 2 {
				c.emit(k.sched, t0, &events.GPUVerifiedBody{Node: node(i), GPU: g.UUID, Model: g.Model})
			}
		}
	}
	fresh, old := c.nowMs-500, c.nowMs-10_000
	c.emit(k.nodes[0], fresh, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G0a", UtilBP: 2000, TempC: 60}, {GPU: "G0b", UtilBP: 2000, TempC: 61}}})
	c.emit(k.nodes[1], fresh, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G1", UtilBP: 9000, TempC: 70}}})
	c.emit(k.nodes[2], fresh, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G2", UtilBP: 0, TempC: 40}}})
	c.emit(k.nodes[3], fresh, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G3", UtilBP: 100, TempC: 95, ECCDBE: 2}}})
	c.emit(k.nodes[4], old, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G4", UtilBP: 100, TempC: 50}}})
	// Tasks: provider 0 completes one and fails one by its own fault.
	c.emit(k.sched, t0, &events.TaskAssignedBody{Task: "t1", Node: node(1), GPUs: []string{"G1"}})
	c.emit(k.sched, t0, &events.TaskCompletedBody{Task: "t1", GPUSeconds: 100})
	c.emit(k.sched, t0, &events.TaskAssignedBody{Task: "t2", Node: node(0), GPUs: []string{"G0a"}})
	c.emit(k.sched, t0, &events.TaskFailedBody{Task: "t2", Fault: events.FaultProvider})
	c.close(1, uint64(t0-60_000), uint64(c.nowMs-1000))
	caughtUp(t, ctx, js, r)

	// Health moves with the clock alone: nodes 0–3 heartbeat at now−500 ms
	// and turn stale past 3 intervals (3 s), at now+2501 ms; a clock that
	// goes back sees them fresh again. Heartbeat ages follow the clock.
	t.Run("CatalogFollowsTheClock", func(t *testing.T) {
		defer clock.Store(c.nowMs)
		// All stale: by spare capacity, nodes 3 and 4 (99 % spare, same
		// provider: by id) after node 2, then node 0 (80 %), node 1 (10 %).
		allStale := []string{node(2), min(node(3), node(4)), max(node(3), node(4)), node(0), node(1)}
		for _, step := range []struct {
			at      int64
			healths []string
			order   []string
			age0    uint64
		}{
			{c.nowMs + 2500, []string{"healthy", "healthy", "healthy", "degraded", "stale"}, []string{node(2), node(0), node(1), node(3), node(4)}, 3000},
			{c.nowMs + 2501, []string{"stale", "stale", "stale", "stale", "stale"}, allStale, 3001},
			{c.nowMs + 90_000, []string{"stale", "stale", "stale", "stale", "stale"}, allStale, 90_500},
			{c.nowMs, []string{"healthy", "healthy", "healthy", "degraded", "stale"}, []string{node(2), node(0), node(1), node(3), node(4)}, 500},
		} {
			clock.Store(step.at)
			var list projections.NodeList
			apiGetJSON(t, r.APIURL+"/v1/nodes", &list)
			var order, healths []string
			var age0 uint64
			for _, n := range list.Nodes {
				order, healths = append(order, n.Node), append(healths, n.Health)
				if n.Node == node(0) {
					age0 = n.HeartbeatAgeMs
				}
			}
			if !slices.Equal(healths, step.healths) || !slices.Equal(order, step.order) || age0 != step.age0 || list.AtMs != uint64(step.at) {
				t.Errorf("at now%+d ms: order %v health %v, node 0 age %d; want %v %v %d", step.at-c.nowMs, order, healths, age0, step.order, step.healths, step.age0)
			}
			var one projections.CatalogNode
			apiGetJSON(t, r.APIURL+"/v1/nodes/"+node(0), &one)
			if one.HeartbeatAgeMs != step.age0 {
				t.Errorf("at now%+d ms: /v1/nodes/{id} age %d, want %d", step.at-c.nowMs, one.HeartbeatAgeMs, step.age0)
			}
		}
	})

	t.Run("Catalog", func(t *testing.T) {
		var list projections.NodeList
		apiGetJSON(t, r.APIURL+"/v1/nodes", &list)
		var order, healths []string
		for _, n := range list.Nodes {
			order = append(order, n.Node)
			healths = append(healths, n.Health)
		}
		// Healthy by spare capacity (node 2 idle, node 0 at 20 %, node 1
		// at 90 %), then degraded node 3 (ECC and temperature), then stale
		// node 4.
		want := []string{node(2), node(0), node(1), node(3), node(4)}
		if !slices.Equal(order, want) || list.Total != 5 || list.AtMs != uint64(c.nowMs) {
			t.Fatalf("ranking %v (%v), total %d", order, healths, list.Total)
		}
		if !slices.Equal(healths, []string{"healthy", "healthy", "healthy", "degraded", "stale"}) {
			t.Fatalf("health %v", healths)
		}
		n3, n4, n0 := list.Nodes[3], list.Nodes[4], list.Nodes[1]
		if !slices.Equal(n3.Checks, []string{"ecc_dbe", "temperature"}) || n3.GPUs[0].EccDBE != 2 || n3.GPUs[0].TempC != 95 {
			t.Errorf("node 3: %+v", n3)
		}
		if !slices.Equal(n4.Checks, []string{"heartbeat_age"}) || n4.HeartbeatAgeMs != 10_000 {
			t.Errorf("node 4: %+v", n4)
		}
		// Provider 0: one completion, one fault: (1+1)/(1+1+1); stake 5000
		// against 3 verified weighted GPUs × 1000. Provider 1: 950 active
		// of (800+200−50) against 2 × 1000.
		if n0.ReliabilityBP != 6666 || n0.StakeFactorBP != 10000 || n0.SpareBP != 8000 || n0.Provider != addr(0) || n0.Rank != 2 {
			t.Errorf("node 0: %+v", n0)
		}
		if n3.ReliabilityBP != 10000 || n3.StakeFactorBP != 4750 {
			t.Errorf("node 3: reliability %d, stake factor %d", n3.ReliabilityBP, n3.StakeFactorBP)
		}
		filters := map[string][]string{
			"?model=" + strings.ReplaceAll(h100, " ", "+"): {node(0), node(1), node(3), node(4)},
			"?region=us":             {node(1), node(4)},
			"?health=stale,degraded": {node(3), node(4)},
			"?provider=" + strings.ToUpper(addr(1)[2:]): nil, // bad address: 400 below
			"?provider=" + addr(1):                      {node(3), node(4)},
			"?min_mem_mib=81559":                        {node(0), node(1), node(3), node(4)},
			"?min_mem_mib=81560":                        {},
			"?verified=true":                            {node(0), node(1), node(3), node(4)},
			"?model=NVIDIA+A100+40GB&verified=true":     {},
			"?model=NVIDIA+A100+40GB":                   {node(2)},
			"?limit=2&offset=3":                         {node(3), node(4)},
		}
		for q, want := range filters {
			if want == nil {
				continue
			}
			var l projections.NodeList
			apiGetJSON(t, r.APIURL+"/v1/nodes"+q, &l)
			var got []string
			for _, n := range l.Nodes {
				got = append(got, n.Node)
			}
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%s: %v, want %v", q, got, want)
			}
		}
		var page projections.NodeList
		apiGetJSON(t, r.APIURL+"/v1/nodes?limit=2", &page)
		if page.Next != 2 || page.Total != 5 || len(page.Nodes) != 2 || page.Nodes[1].Rank != 2 {
			t.Errorf("first page: next %d total %d", page.Next, page.Total)
		}
		var one projections.CatalogNode
		apiGetJSON(t, r.APIURL+"/v1/nodes/"+node(3), &one)
		if one.Node != node(3) || one.Health != "degraded" || one.Region != "eu" {
			t.Errorf("node 3 alone: %+v", one)
		}
		var o projections.Overview
		apiGetJSON(t, r.APIURL+"/v1/overview", &o)
		if o.Nodes != 5 || o.GPUs != 6 || o.GPUsByModel[h100] != 5 || o.NodesByHealth["healthy"] != 3 || o.Providers != 2 ||
			o.LastClosed != 1 || o.TotalStake != "5950" || o.Lag != 0 {
			t.Errorf("overview %+v", o)
		}
	})

	t.Run("StakeAndEarnings", func(t *testing.T) {
		var ps projections.ProviderStake
		apiGetJSON(t, r.APIURL+"/v1/providers/"+addr(1)+"/stake", &ps)
		if ps.Bonded != "950" || ps.Unbonding != "50" || ps.Active != "950" || len(ps.Stakers) != 2 {
			t.Fatalf("provider 1 stake %+v", ps)
		}
		if s := ps.Stakers[0]; s.Staker != addr(10) || s.ReleaseAtS != 1_900_000_000 || s.Bonded != "150" {
			t.Errorf("staker %+v", s)
		}
		var ss projections.StakerStake
		apiGetJSON(t, r.APIURL+"/v1/stakers/"+addr(10), &ss)
		if len(ss.Positions) != 2 || ss.Bonded != "5150" || ss.Active != "5150" {
			t.Errorf("staker 10: %+v", ss)
		}
		var list projections.StakeList
		apiGetJSON(t, r.APIURL+"/v1/stake?limit=1", &list)
		if len(list.Providers) != 1 || list.Next != addr(0) || list.Providers[0].Stakers != 1 {
			t.Errorf("stake page %+v", list)
		}
		next := list.Next
		list = projections.StakeList{}
		apiGetJSON(t, r.APIURL+"/v1/stake?limit=1&cursor="+next, &list)
		if len(list.Providers) != 1 || list.Providers[0].Provider != addr(1) || list.Next != "" {
			t.Errorf("stake page 2 %+v", list)
		}
	})

	// An equivocation (node 1 re-signs its heartbeat's seq with other
	// telemetry) jails node 1 at once; the faults slash of provider 0 is
	// executed on chain; epoch 2 closes and reports the equivocation.
	heartbeatSeq := c.seqs[node(1)] // node 1's heartbeat is its last event
	c.emitSeq(k.nodes[1], heartbeatSeq, fresh, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "G1", UtilBP: 1, TempC: 70}}})
	ev := merkle.Evidence("faults:1:" + addr(0))
	chainEvent(t, ctx, js, k, 120, &events.SlashedBody{Provider: addr(0), BP: 10, Evidence: "0x" + hex.EncodeToString(ev[:]), Amount: bigAmount(5)})
	// Nodes 0, 2 and 3 heartbeat in epoch 2; node 4 stays silent (a
	// downtime jail).
	for _, i := range []int{0, 2, 3} {
		var samples []events.GPUSample
		for _, g := range gpus[i] {
			samples = append(samples, events.GPUSample{GPU: g.UUID, UtilBP: map[int]uint64{0: 2000, 2: 0, 3: 100}[i], TempC: map[int]uint64{0: 60, 2: 40, 3: 95}[i], ECCDBE: map[int]uint64{3: 2}[i]})
		}
		c.emit(k.nodes[i], fresh, &events.NodeHeartbeatBody{GPUs: samples})
	}
	c.close(2, uint64(c.nowMs-1000), uint64(c.nowMs))
	caughtUp(t, ctx, js, r)

	t.Run("SlashesAndJails", func(t *testing.T) {
		var one projections.CatalogNode
		apiGetJSON(t, r.APIURL+"/v1/nodes/"+node(1), &one)
		if one.Health != "jailed" || !one.Jailed || one.JailUntil != 2+24 {
			t.Errorf("equivocating node 1: %+v", one)
		}
		var sl projections.SlashList
		apiGetJSON(t, r.APIURL+"/v1/slashes", &sl)
		var ids []string
		for _, s := range sl.Slashes {
			ids = append(ids, fmt.Sprintf("%s@%d:%v", s.ID, s.Epoch, s.Executed))
		}
		// Epoch 2: the equivocation, and node 4's downtime (node 1 is
		// jailed; node 2 has no verified GPU).
		wantIDs := []string{"faults:1:" + addr(0) + "@1:true", fmt.Sprintf("equivocation:%s:%d@2:false", node(1), heartbeatSeq),
			"downtime:2:" + node(4) + "@2:false"}
		if !slices.Equal(ids, wantIDs) || sl.Slashes[0].Amount != "5" || sl.Slashes[0].Block != 120 {
			t.Errorf("slashes %v %+v", ids, sl.Slashes)
		}
		apiGetJSON(t, r.APIURL+"/v1/slashes?reason=equivocation", &sl)
		if len(sl.Slashes) != 1 {
			t.Errorf("equivocation slashes %+v", sl)
		}
		var paged []string
		for cursor := ""; ; {
			var page projections.SlashList
			apiGetJSON(t, r.APIURL+"/v1/slashes?limit=1&cursor="+cursor, &page)
			for _, s := range page.Slashes {
				paged = append(paged, fmt.Sprintf("%s@%d:%v", s.ID, s.Epoch, s.Executed))
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if !slices.Equal(paged, wantIDs) {
			t.Errorf("paging one slash at a time: %v", paged)
		}
		// Earnings (stake is active from the second epoch on) follow the
		// ledger's own balances.
		var top projections.EarnerList
		apiGetJSON(t, r.APIURL+"/v1/earners?limit=10", &top)
		if len(top.Earners) < 3 || top.LastClosed != 2 {
			t.Fatalf("top earners %+v", top)
		}
		for i, e := range top.Earners {
			if i > 0 && amountOf(t, e.Cumulative).Cmp(amountOf(t, top.Earners[i-1].Cumulative)) > 0 {
				t.Errorf("top earners out of order: %+v", top.Earners)
			}
			st, err := r.Ledger().CommittedEarner(e.Address)
			if err != nil || st.Cumulative.String() != e.Cumulative {
				t.Errorf("earner %s: %s, ledger %+v", e.Address, e.Cumulative, st)
			}
			var h projections.EarnerHistory
			apiGetJSON(t, r.APIURL+"/v1/earners/"+e.Address, &h)
			if h.Cumulative != e.Cumulative || len(h.Epochs) != 1 || h.Epochs[0].Epoch != 2 || h.Claimable != "0" || h.AnchoredEpoch != 0 {
				t.Errorf("earner %s history %+v", e.Address, h)
			}
		}
		var jl projections.JailList
		apiGetJSON(t, r.APIURL+"/v1/jails?active=true&node="+node(1), &jl)
		if len(jl.Jails) != 1 || jl.Jails[0].Node != node(1) || jl.Jails[0].Until != 26 || jl.Jails[0].Epoch != 2 {
			t.Errorf("jails %+v", jl)
		}
		apiGetJSON(t, r.APIURL+"/v1/jails", &jl)
		if len(jl.Jails) != 2 {
			t.Errorf("jails %+v", jl)
		}
		var n4 projections.CatalogNode
		apiGetJSON(t, r.APIURL+"/v1/nodes/"+node(4), &n4)
		if n4.Health != "jailed" || n4.JailUntil != 3 {
			t.Errorf("node 4 after its downtime: %+v", n4)
		}
	})

	t.Run("ErrorsAndETags", func(t *testing.T) {
		cases := []struct {
			path   string
			status int
			msg    string
		}{
			{"/v1/nodes?health=fine", 400, `is not one of healthy`},
			{"/v1/nodes?provider=0x12", 400, "40 hex digits"},
			{"/v1/nodes?min_mem_mib=-1", 400, "want an integer"},
			{"/v1/nodes?verified=maybe", 400, "want true or false"},
			{"/v1/nodes?limit=0", 400, "positive integer"},
			{"/v1/nodes?colour=red", 400, `unknown query parameter`},
			{"/v1/nodes/NOTANODE", 400, "want a node id"},
			{"/v1/nodes/" + pub(t, mustKey(t)), 404, "not in the catalog"},
			{"/v1/providers/0xzz/stake", 400, "40 hex digits"},
			{"/v1/stakers/0x1", 400, "40 hex digits"},
			{"/v1/stake?cursor=nope", 400, "40 hex digits"},
			{"/v1/slashes?reason=greed", 400, "downtime, faults or equivocation"},
			{"/v1/slashes?cursor=zz", 400, "not a cursor"},
			{"/v1/jails?node=x", 400, "want a node id"},
			{"/v1/jails?active=yes", 400, "want true or false"},
			{"/v1/earners?limit=5000", 400, "at most 1000"},
			{"/v1/state?x=1", 400, "takes none"},
		}
		for _, cs := range cases {
			status, _, body := apiCall(t, http.MethodGet, r.APIURL+cs.path)
			if status != cs.status || !bytes.Contains(body, []byte(cs.msg)) {
				t.Errorf("%s: %d %s; want %d with %q", cs.path, status, body, cs.status, cs.msg)
			}
		}
		for _, path := range []string{"/v1/nodes", "/v1/epochs", "/v1/earners/" + addr(0), "/v1/overview"} {
			_, h, _ := apiCall(t, http.MethodGet, r.APIURL+path)
			etag := h.Get("ETag")
			req, _ := http.NewRequest(http.MethodGet, r.APIURL+path, nil)
			req.Header.Set("If-None-Match", etag)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if etag == "" || resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s: ETag %q, conditional GET %d", path, etag, resp.StatusCode)
			}
		}
		status, h, _ := apiCall(t, http.MethodPost, r.APIURL+"/v1/projections/nope/rebuild")
		if status != 404 {
			t.Errorf("rebuild of an unknown projection: %d", status)
		}
		status, h, _ = apiCall(t, http.MethodGet, r.APIURL+"/v1/projections/catalog/rebuild")
		if status != 405 || h.Get("Allow") != "POST" {
			t.Errorf("GET rebuild: %d, Allow %q", status, h.Get("Allow"))
		}
		var st projections.State
		apiGetJSON(t, r.APIURL+"/v1/state", &st)
		pos, digest, hash, err := r.Ledger().CommittedStateHash()
		if err != nil {
			t.Fatal(err)
		}
		if st.Checkpoint != pos || st.StateHashAt != pos || st.StateHash != hash.String() || st.EventsDigest != digest.String() ||
			st.Lag != 0 || len(st.Projections) != 5 || st.LastClosed != 2 {
			t.Errorf("state %+v; committed %d %s %s", st, pos, digest, hash)
		}
	})

	answers := snapshotAnswers(t, r.APIURL, node)

	t.Run("RebuildWhileServing", func(t *testing.T) {
		// Readers poll every endpoint while every projection is rebuilt:
		// the answers never change, and the new generations serve.
		stop := make(chan struct{})
		done := make(chan int)
		go func() {
			polls := 0
			defer func() { done <- polls }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if got := snapshotAnswers(t, r.APIURL, node); !equalAnswers(t, got, answers) {
					return
				}
				polls++
			}
		}()
		before := r.Queries().Engine().Status()
		for _, st := range before {
			status, _, body := apiCall(t, http.MethodPost, r.APIURL+"/v1/projections/"+st.Name+"/rebuild")
			if status != http.StatusAccepted {
				t.Fatalf("rebuild %s: %d %s", st.Name, status, body)
			}
		}
		waitFor(t, "the rebuilds", func() bool {
			for i, st := range r.Queries().Engine().Status() {
				if st.Generation != before[i].Generation+1 || st.RebuildGeneration != 0 {
					return false
				}
			}
			return true
		})
		close(stop)
		t.Logf("%d polls of every endpoint during the rebuilds", <-done)
		equalAnswers(t, snapshotAnswers(t, r.APIURL, node), answers)
	})

	t.Run("Restart", func(t *testing.T) {
		// A rebuild left unfinished by a stop resumes at the next start.
		if _, err := r.Queries().Engine().Rebuild("catalog"); err != nil {
			t.Fatal(err)
		}
		if err := r.stop(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		r2 := startRunning(ctx, t, cfg)
		nc2, err := nats.Connect(r2.NATSURL())
		if err != nil {
			t.Fatal(err)
		}
		defer nc2.Close()
		js2, _ := jetstream.New(nc2)
		caughtUp(t, ctx, js2, r2)
		waitFor(t, "the resumed rebuild", func() bool {
			for _, st := range r2.Queries().Engine().Status() {
				if st.Name == "catalog" && st.RebuildGeneration == 0 && st.Generation == 3 {
					return true
				}
			}
			return false
		})
		equalAnswers(t, snapshotAnswers(t, r2.APIURL, node), answers)
	})
}

// snapshotAnswers GETs every read endpoint of the test's data.
func snapshotAnswers(t *testing.T, base string, node func(int) string) map[string]string {
	t.Helper()
	paths := []string{"/v1/nodes", "/v1/nodes?region=us", "/v1/overview", "/v1/epochs", "/v1/epochs/1", "/v1/epochs/2",
		"/v1/earners?limit=50", "/v1/stake", "/v1/providers/" + addr(0) + "/stake", "/v1/providers/" + addr(1) + "/stake",
		"/v1/stakers/" + addr(10), "/v1/slashes", "/v1/jails", "/v1/nodes/" + node(0)}
	for i := range 2 {
		paths = append(paths, "/v1/earners/"+addr(i))
	}
	out := map[string]string{}
	for _, p := range paths {
		status, _, body := apiCall(t, http.MethodGet, base+p)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d %s", p, status, body)
		}
		// Events/s is a wall-clock rate, not part of the read models.
		if p == "/v1/overview" {
			var o projections.Overview
			if err := json.Unmarshal(body, &o); err != nil {
				t.Fatal(err)
			}
			o.EventsPerSec = 0
			body, _ = json.Marshal(o)
		}
		out[p] = string(body)
	}
	return out
}

func equalAnswers(t *testing.T, got, want map[string]string) bool {
	t.Helper()
	ok := true
	for p, w := range want {
		if got[p] != w {
			t.Errorf("GET %s changed:\n got %s\nwant %s", p, got[p], w)
			ok = false
		}
	}
	return ok
}
