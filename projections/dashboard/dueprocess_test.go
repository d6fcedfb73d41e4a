package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/browser"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/projections/dashboard"
)

const (
	dueEpoch      = 10 * time.Second // epoch length on the settler's clock
	dueSlashDelay = time.Hour        // far longer than the test: only a jump of the chain's clock passes it
	dueModel      = "NVIDIA H100 80GB HBM3"
)

// TestDashboardDueProcess shows the dashboard a network whose slashes went
// through SPEC §6.6 for real: the ledger service settles on a simulated
// chain, its settler proposes each decided slash, the guardian vetoes one,
// the chain's clock passes the delay and the settler executes another, and
// a later close decides a third that stays proposed. The epoch pages show
// each slash with its evidence and status (a countdown for the proposed
// one), and the staker behind the provider, reached from the top earners
// and from the provider's stakers, sees its position (cut by the executed
// slash only), its statements and the three slashes.
func TestDashboardDueProcess(t *testing.T) {
	if _, err := browser.ExecPath(); err != nil {
		t.Fatalf("the dashboard test needs Chromium: %v", err)
	}
	b := startBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	n := startDueNet(ctx, t)
	n.run()

	base := n.svc.APIURL
	var all projections.SlashList
	fetch(t, base, "/v1/slashes?limit=100", &all)
	statuses := map[projections.SlashStatus]string{}
	for _, s := range all.Slashes {
		statuses[s.Status] = s.ID
	}
	for _, st := range []projections.SlashStatus{projections.SlashProposed, projections.SlashVetoed, projections.SlashExecuted} {
		if statuses[st] == "" {
			t.Fatalf("no %s slash to show: %+v", st, all.Slashes)
		}
	}
	staker := stakerFromAPI(t, base, n.staker)
	// Only the executed downtime slash (50 bp) cut the stake: 100 SWARM
	// bonded, 99.5 left.
	hundred, _ := chain.ParseAmount("100")
	left := new(big.Int).Sub(hundred, new(big.Int).Div(new(big.Int).Mul(hundred, big.NewInt(50)), big.NewInt(10000)))
	if len(staker.Stake.Positions) != 1 || staker.Stake.Bonded != left.String() {
		t.Fatalf("the staker's stake after one executed and one vetoed slash: %+v, want %s bonded", staker.Stake, left)
	}
	if len(staker.Statements.Statements) == 0 || len(staker.Slashes) != len(all.Slashes) {
		t.Fatalf("the staker has %d statements and %d slashes of its provider; want some, and %d",
			len(staker.Statements.Statements), len(staker.Slashes), len(all.Slashes))
	}
	var earners projections.EarnerList
	fetch(t, base, "/v1/earners?limit=10", &earners)

	shots := screenshotDir(t)
	p := b().Page(t, base+"/#/")
	waitView(p, "overview", "")
	p.WaitVisible(`[data-testid="overview-earners"]`)
	checkEarnerLinks(t, p, earners)
	p.Click(`[data-testid="overview-earners"] a[data-address="` + n.staker + `"]`)
	checkStaker(t, p, staker)
	p.Screenshot(filepath.Join(shots, "due-staker.png"))

	for _, k := range []uint64{2, 3} {
		var want []projections.SlashRecord
		for _, s := range all.Slashes {
			if s.Epoch == k {
				want = append(want, s)
			}
		}
		p.Eval(fmt.Sprintf(`location.hash = '#/epochs/%d'`, k), nil)
		waitView(p, "epochs", fmt.Sprintf("#/epochs/%d", k))
		p.WaitVisible(`[data-testid="epoch-slashes"]`)
		checkSlashRows(t, p, `[data-testid="epoch-slashes"]`, want)
		p.Screenshot(filepath.Join(shots, fmt.Sprintf("due-epoch-%d.png", k)))
	}
	// The proposed slash's executable_at is the chain's, an hour past its
	// clock (itself an hour ahead): the countdown has long to run.
	countdown := p.Text(`[data-testid="epoch-slashes"] tr[data-status="proposed"] [data-testid="slash-countdown"]`)
	expectPrefix(t, "countdown of the proposed slash", countdown, "executable in ")

	p.Eval(fmt.Sprintf(`location.hash = '#/providers/%s'`, n.provider), nil)
	waitView(p, "provider", "#/providers/")
	p.WaitVisible(`[data-testid="provider-stakers"] a[data-address="` + n.staker + `"]`)
	p.Click(`[data-testid="provider-stakers"] a[data-address="` + n.staker + `"]`)
	checkStaker(t, p, staker)
}

// dueActor signs the events of one source with increasing seqs.
type dueActor struct {
	kp  nkeys.KeyPair
	id  string
	seq uint64
}

// dueNet is a ledger service settling on a simulated chain, with three
// nodes of one provider and two stakers behind it.
type dueNet struct {
	t        *testing.T
	ctx      context.Context
	chain    *devnet.Net
	svc      *ledgerd.Service
	js       jetstream.JetStream
	clock    atomic.Int64 // the settler's and the events' clock, unix ms
	sched    *dueActor
	nodes    []*dueActor
	provider string
	staker   string
}

func newDueActor(t *testing.T) *dueActor {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	id, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return &dueActor{kp: kp, id: id}
}

// startDueNet starts the chain (account 0 the guardian, 1 the settler, 2
// the provider, 3 the staker the test follows, 4 another staker) and the
// ledger service with the dashboard.
func startDueNet(ctx context.Context, t *testing.T) *dueNet {
	t.Helper()
	deploy := chain.DeployConfig{UnbondingPeriod: dueSlashDelay + time.Hour, MaxStakersPerProvider: 64, ActivationDelay: time.Second,
		SlashDelay: dueSlashDelay, Epoch: dueEpoch, Settler: crypto.PubkeyToAddress(devnet.DevKey(1).PublicKey)}
	cn, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", BlockInterval: 50 * time.Millisecond, Accounts: 5, Deploy: deploy})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cn.Close() })
	ledger := newDueActor(t)
	n := &dueNet{t: t, ctx: ctx, chain: cn, sched: newDueActor(t),
		provider: events.Address(cn.Accounts[2].Address).String(), staker: events.Address(cn.Accounts[3].Address).String()}
	for range 3 {
		n.nodes = append(n.nodes, newDueActor(t))
	}
	raw, _ := json.Marshal(map[string]any{
		"chain_id": cn.Addresses.ChainID, "ledger": ledger.id, "schedulers": []string{n.sched.id},
		"heartbeat_interval_s": 1, "base_emission": "1000000000000000000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000, "gpu_weights_milli": map[string]int{dueModel: 1000},
		"min_stake_per_gpu": "1000", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 24, "max_stakers_per_provider": 64,
	})
	params, err := aggregates.ParseParams(raw)
	if err != nil {
		t.Fatal(err)
	}
	// A grid point plus a little: epoch 1 ends at the next grid point.
	now := time.Now().UnixMilli()
	n.clock.Store(now - now%dueEpoch.Milliseconds() + 1000)
	n.svc = runLedger(ctx, t, ledgerd.Config{
		DataDir: t.TempDir(), Params: params, NATSPort: -1, APIAddr: "127.0.0.1:0", BatchSize: 64,
		LeaseTTL: 2 * time.Second, Dashboard: dashboard.Handler(), Log: slog.New(slog.DiscardHandler),
		Chain: &ledgerd.ChainConfig{Backend: cn.Chain.Client(), Addresses: cn.Addresses, LedgerKey: ledger.kp,
			Finality: chain.FinalityConfirmations, Confirmations: 2, Poll: 20 * time.Millisecond,
			Settle: &ledgerd.SettleConfig{Signer: chain.NewSigner(cn.Accounts[1].Key), EpochLength: dueEpoch,
				Poll: 20 * time.Millisecond, Now: func() time.Time { return time.UnixMilli(n.clock.Load()) }}},
	})
	nc, err := nats.Connect(n.svc.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	if n.js, err = jetstream.New(nc); err != nil {
		t.Fatal(err)
	}
	return n
}

// run plays the network: stake and nodes on chain; epoch 1 with every
// node up; epoch 2 with nodes 1 and 2 silent (two downtime slashes,
// proposed by the settler); the guardian vetoes node 1's, the chain's
// clock passes the delay and the settler executes node 2's; epoch 3 with a
// provider fault (a slash that stays proposed). It returns once the ledger
// and every projection have folded all of it.
func (n *dueNet) run() {
	t := n.t
	wait.Until(t, 30*time.Second, 20*time.Millisecond, "leadership", n.svc.IsLeader)
	signer := func(i int) *chain.Signer { return chain.NewSigner(n.chain.Accounts[i].Key) }
	for _, nd := range n.nodes {
		if _, err := n.chain.Client.AuthorizeNode(n.ctx, signer(2), nd.id); err != nil {
			t.Fatal(err)
		}
	}
	hundred, _ := chain.ParseAmount("100")
	if _, err := n.chain.Client.Bond(n.ctx, signer(3), n.chain.Accounts[2].Address, hundred); err != nil {
		t.Fatal(err)
	}
	// A second staker, so that the followed one's active stake is not
	// the provider's.
	threeHundred, _ := chain.ParseAmount("300")
	if _, err := n.chain.Client.Bond(n.ctx, signer(4), n.chain.Accounts[2].Address, threeHundred); err != nil {
		t.Fatal(err)
	}
	wait.Until(t, time.Minute, 20*time.Millisecond, "the authorizations and the bond to fold", func() bool {
		var st projections.StakerStake
		fetch(t, n.svc.APIURL, "/v1/stakers/"+n.staker, &st)
		var ps projections.ProviderStake
		fetch(t, n.svc.APIURL, "/v1/providers/"+n.provider+"/stake", &ps)
		return st.Bonded == hundred.String() && len(ps.Stakers) == 2 && n.folded()
	})
	for i, nd := range n.nodes {
		gpu := fmt.Sprintf("GPU-%d", i)
		n.emit(nd, &events.NodeRegisteredBody{Provider: n.provider, Region: "eu",
			GPUs: []events.GPUSpec{{UUID: gpu, Model: dueModel, MemMiB: 81559}}})
		n.emit(n.sched, &events.GPUVerifiedBody{Node: nd.id, GPU: gpu, Model: dueModel})
	}
	n.epoch(1, n.nodes...)
	n.epoch(2, n.nodes[0])
	down := []string{"downtime:2:" + n.nodes[1].id, "downtime:2:" + n.nodes[2].id}
	for _, id := range down {
		n.waitStatus(id, projections.SlashProposed)
	}
	if _, err := n.chain.Client.VetoSlash(n.ctx, signer(0), merkle.Evidence(down[0])); err != nil {
		t.Fatal(err)
	}
	n.waitStatus(down[0], projections.SlashVetoed)
	if err := n.chain.Chain.AdjustTime(dueSlashDelay); err != nil {
		t.Fatal(err)
	}
	n.waitStatus(down[1], projections.SlashExecuted)

	n.emit(n.sched, &events.TaskAssignedBody{Task: "task-1", Node: n.nodes[0].id, GPUs: []string{"GPU-0"}})
	n.emit(n.sched, &events.TaskFailedBody{Task: "task-1", Fault: events.FaultProvider})
	n.epoch(3, n.nodes[0])
	n.waitStatus("faults:3:"+n.provider, projections.SlashProposed)
	wait.Until(t, time.Minute, 20*time.Millisecond, "the ledger and its projections to fold the stream", n.folded)
}

// epoch publishes epoch k's heartbeats of the nodes up (three epochs'
// worth, so that they stay up), moves the clock past its end and waits
// until the settler has closed it.
func (n *dueNet) epoch(k uint64, up ...*dueActor) {
	n.t.Helper()
	beats := 3 * int(dueEpoch/time.Second)
	for i := range beats {
		for j, nd := range up {
			n.emit(nd, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: fmt.Sprintf("GPU-%d", slices.Index(n.nodes, nd)), UtilBP: uint64(100 * (i + j)), TempC: 60}}})
		}
	}
	n.clock.Add(dueEpoch.Milliseconds())
	wait.Until(n.t, time.Minute, 20*time.Millisecond, fmt.Sprintf("epoch %d to close", k), func() bool {
		var l projections.EpochList
		fetch(n.t, n.svc.APIURL, "/v1/epochs?limit=1", &l)
		return l.LastClosed >= k
	})
}

// emit signs and publishes one event of a.
func (n *dueNet) emit(a *dueActor, body events.Body) {
	n.t.Helper()
	a.seq++
	ev := &events.Event{Src: a.id, Seq: a.seq, TimeMs: n.clock.Load(), Body: body}
	msg, err := events.SignEncode(ev, a.kp)
	if err != nil {
		n.t.Fatal(err)
	}
	if _, err := n.js.Publish(n.ctx, eventlog.Subject(body.EventType(), a.id), msg, jetstream.WithMsgID(ev.ID())); err != nil {
		n.t.Fatal(err)
	}
}

// folded reports whether the ledger and every projection have applied the
// whole stream.
func (n *dueNet) folded() bool {
	st, err := n.js.Stream(n.ctx, eventlog.StreamName)
	if err != nil {
		n.t.Fatal(err)
	}
	info, err := st.Info(n.ctx)
	if err != nil {
		n.t.Fatal(err)
	}
	return n.svc.Checkpoint() >= info.State.LastSeq && n.svc.Queries().Engine().CaughtUp()
}

// waitStatus waits until the read API shows slash id with status want.
func (n *dueNet) waitStatus(id string, want projections.SlashStatus) {
	n.t.Helper()
	wait.Until(n.t, time.Minute, 20*time.Millisecond, fmt.Sprintf("slash %s %s", id, want), func() bool {
		res, err := http.Get(n.svc.APIURL + "/v1/slashes/" + url.PathEscape(id))
		if err != nil {
			n.t.Fatal(err)
		}
		defer res.Body.Close()
		var s projections.SlashRecord
		return res.StatusCode == http.StatusOK && json.NewDecoder(res.Body).Decode(&s) == nil && s.Status == want
	})
}
