package ledgerd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent"
	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/agent/schedsim"
	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/settlement"
	"github.com/swarm-ledger/swarm/settlement/audit"
)

const (
	settleEpoch = 10 * time.Second // epoch length on the test clock
	h100        = "NVIDIA H100 80GB HBM3"
)

// fakeClock is the settlers' clock; tests move it to close epochs.
type fakeClock struct{ ms atomic.Int64 }

func (c *fakeClock) Now() time.Time      { return time.UnixMilli(c.ms.Load()) }
func (c *fakeClock) Add(d time.Duration) { c.ms.Add(d.Milliseconds()) }

// actor signs events of one source with increasing seqs.
type actor struct {
	kp  nkeys.KeyPair
	id  string
	seq uint64
}

// settleEnv is the embedded stack of the settlement tests: a development
// chain, the stream (embedded in the service, or a separate server for
// replicas), nodes, a scheduler, a provider and a staker.
type settleEnv struct {
	t        *testing.T
	ctx      context.Context
	net      *devnet.Net
	params   *aggregates.Params
	ledger   nkeys.KeyPair
	sched    *actor
	nodes    []*actor // nodes[0] stays healthy; nodes[1] goes silent after epoch 1
	clock    *fakeClock
	settler  *chain.Signer
	provider *chain.Signer
	staker   *chain.Signer
	epoch    uint64 // the epoch the test is publishing into
	task     int
	// rejectionsOK: the scenario produces rejections (data, not failures).
	rejectionsOK bool
}

func newSettleEnv(ctx context.Context, t *testing.T) *settleEnv {
	t.Helper()
	// The settler is account 1, so that its nonce counts exactly the
	// transactions settlement sent.
	return newSettleEnvDelay(ctx, t, 0)
}

// newSettleEnvDelay is newSettleEnv with proposed slashes executable
// slashDelay after their proposal (0: at once).
func newSettleEnvDelay(ctx context.Context, t *testing.T, slashDelay time.Duration) *settleEnv {
	t.Helper()
	deploy := chain.DeployConfig{UnbondingPeriod: slashDelay + time.Hour, MaxStakersPerProvider: 64, ActivationDelay: time.Second,
		SlashDelay: slashDelay, Epoch: settleEpoch, Settler: crypto.PubkeyToAddress(devnet.DevKey(1).PublicKey)}
	n, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", BlockInterval: 50 * time.Millisecond, Accounts: 4, Deploy: deploy})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t), nodes: []nkeys.KeyPair{mustKey(t), mustKey(t)}}
	e := &settleEnv{t: t, ctx: ctx, net: n, params: e2eParams(t, k), ledger: k.ledger,
		sched: &actor{kp: k.sched, id: pub(t, k.sched)}, clock: &fakeClock{},
		settler: chain.NewSigner(n.Accounts[1].Key), provider: chain.NewSigner(n.Accounts[2].Key),
		staker: chain.NewSigner(n.Accounts[3].Key), epoch: 1}
	for _, kp := range k.nodes {
		e.nodes = append(e.nodes, &actor{kp: kp, id: pub(t, kp)})
	}
	// A grid point plus a little: epoch 1 ends at the next grid point.
	now := time.Now().UnixMilli()
	e.clock.ms.Store(now - now%settleEpoch.Milliseconds() + 1000)
	return e
}

// config is a service configuration settling on the env's chain.
func (e *settleEnv) config(dataDir string, hook func(settlement.Step) error) Config {
	return Config{DataDir: dataDir, Params: e.params, BatchSize: 64, LeaseTTL: 2 * time.Second, APIAddr: "127.0.0.1:0",
		Chain: &ChainConfig{Backend: e.net.Chain.Client(), Addresses: e.net.Addresses, LedgerKey: e.ledger,
			Finality: chain.FinalityConfirmations, Confirmations: 2, Poll: 20 * time.Millisecond,
			Settle: &SettleConfig{Signer: chain.NewSigner(e.net.Accounts[1].Key), EpochLength: settleEpoch, Poll: 20 * time.Millisecond,
				Now: e.clock.Now, Hook: hook}}}
}

// connect opens a JetStream client on url for the test's own events.
func (e *settleEnv) connect(url string) jetstream.JetStream {
	e.t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		e.t.Fatal(err)
	}
	return js
}

// emit signs and publishes one event of a.
func (e *settleEnv) emit(js jetstream.JetStream, a *actor, body events.Body) {
	e.t.Helper()
	a.seq++
	ev := &events.Event{Src: a.id, Seq: a.seq, TimeMs: e.clock.ms.Load(), Body: body}
	msg, err := events.SignEncode(ev, a.kp)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := js.Publish(e.ctx, eventlog.Subject(body.EventType(), a.id), msg, jetstream.WithMsgID(ev.ID())); err != nil {
		e.t.Fatal(err)
	}
}

// setup authorizes both nodes and bonds stake on chain, then registers and
// verifies the nodes once the ledger has the authorizations.
func (e *settleEnv) setup(js jetstream.JetStream, folded func() aggregates.View) {
	e.t.Helper()
	e.chainSetup(js, folded)
	for i, nd := range e.nodes {
		gpu := fmt.Sprintf("GPU-%d", i)
		e.emit(js, nd, &events.NodeRegisteredBody{Provider: events.Address(e.provider.Address()).String(), Region: "eu",
			GPUs: []events.GPUSpec{{UUID: gpu, Model: h100, MemMiB: 81559}}})
		e.emit(js, e.sched, &events.GPUVerifiedBody{Node: nd.id, GPU: gpu, Model: h100})
	}
}

// chainSetup authorizes both nodes and bonds stake on chain, and waits
// until the ledger has folded the three chain events.
func (e *settleEnv) chainSetup(js jetstream.JetStream, folded func() aggregates.View) {
	e.t.Helper()
	for _, nd := range e.nodes {
		if _, err := e.net.Client.AuthorizeNode(e.ctx, e.provider, nd.id); err != nil {
			e.t.Fatal(err)
		}
	}
	hundred, _ := chain.ParseAmount("100")
	if _, err := e.net.Client.Bond(e.ctx, e.staker, e.provider.Address(), hundred); err != nil {
		e.t.Fatal(err)
	}
	// Two authorizations and the bond come back through the watcher.
	e.waitStream(js, eventlog.SubjectPrefix+"chain.>", 3)
	waitFor(e.t, "the chain events to fold", func() bool {
		return folded().Position >= e.streamLast(js)
	})
}

// work publishes one epoch's activity: node 0 heartbeats as for three
// epochs (so it stays up even when crashes merge epochs into longer ones),
// node 1 only in epoch 1; a task on node 0 fails with a provider fault (a
// fault slash every epoch).
func (e *settleEnv) work(js jetstream.JetStream) {
	e.t.Helper()
	e.heartbeats(js)
	e.task++
	id := fmt.Sprintf("task-%d", e.task)
	e.emit(js, e.sched, &events.TaskAssignedBody{Task: id, Node: e.nodes[0].id, GPUs: []string{"GPU-0"}})
	e.emit(js, e.sched, &events.TaskFailedBody{Task: id, Fault: events.FaultProvider})
}

// nextEpoch moves the clock past the current epoch's end and waits until
// the leader has closed it.
func (e *settleEnv) nextEpoch(view func() aggregates.View) {
	e.t.Helper()
	e.clock.Add(settleEpoch)
	waitFor(e.t, fmt.Sprintf("epoch %d to close", e.epoch), func() bool { return view().LastClosed >= e.epoch })
	e.epoch++
}

// closeDue waits until a restarted settler has closed every epoch the
// clock has passed, or has crashed trying. Publishing work only then keeps
// each epoch's heartbeats in it: were the close to land after the work, the
// work would count for the late epoch and the next one would close with no
// heartbeats, a downtime jail of the healthy node.
func (e *settleEnv) closeDue(r *running) {
	e.t.Helper()
	L := uint64(settleEpoch.Milliseconds())
	grid := uint64(e.clock.ms.Load()) / L * L
	waitFor(e.t, "the due epochs to close", func() bool {
		select {
		case <-r.ended:
			return true
		default:
			return r.ledger.View().PrevEndMs >= grid
		}
	})
}

func (e *settleEnv) streamLast(js jetstream.JetStream) uint64 {
	e.t.Helper()
	st, err := js.Stream(e.ctx, eventlog.StreamName)
	if err != nil {
		e.t.Fatal(err)
	}
	info, err := st.Info(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return info.State.LastSeq
}

// countSubject counts the stream's messages on a subject filter.
func (e *settleEnv) countSubject(js jetstream.JetStream, filter string) uint64 {
	e.t.Helper()
	st, err := js.Stream(e.ctx, eventlog.StreamName)
	if err != nil {
		e.t.Fatal(err)
	}
	info, err := st.Info(e.ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		e.t.Fatal(err)
	}
	var n uint64
	for _, c := range info.State.Subjects {
		n += c
	}
	return n
}

func (e *settleEnv) waitStream(js jetstream.JetStream, filter string, n uint64) {
	e.t.Helper()
	waitFor(e.t, fmt.Sprintf("%d messages on %s", n, filter), func() bool { return e.countSubject(js, filter) >= n })
}

// settled reports whether everything up to epoch k is done: closed and
// anchored in the ledger, every decided slash final on chain and its
// chain.slashed folded.
func (e *settleEnv) settled(l settlement.Ledger, js jetstream.JetStream, k uint64) bool {
	v := l.View()
	if v.LastClosed < k {
		return false
	}
	slashes := 0
	for i := uint64(1); i <= v.LastClosed; i++ {
		rec, err := l.CommittedEpoch(i)
		if err != nil {
			e.t.Fatal(err)
		}
		if !rec.Anchored {
			return false
		}
		slashes += len(reportOf(e.t, rec).Slashes)
	}
	if e.countSubject(js, eventlog.Subject(events.ChainSlashed, "")) < uint64(slashes) {
		return false
	}
	return v.Position >= e.streamLast(js)
}

func reportOf(t *testing.T, rec *aggregates.EpochRecord) aggregates.Report {
	t.Helper()
	var r aggregates.Report
	if err := json.Unmarshal(rec.Report, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitSettled waits (polling, with a deadline) until settled(k).
func (e *settleEnv) waitSettled(l settlement.Ledger, js jetstream.JetStream, k uint64) {
	e.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !e.settled(l, js, k) {
		if time.Now().After(deadline) {
			e.t.Fatalf("epoch %d not settled: view %+v", k, l.View())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkExactlyOnce checks the chain and the log after settlement: one root
// per closed epoch equal to the ledger's, one execution per decided slash,
// no other settler transaction, one epoch.closed and one epoch.anchored
// per epoch, and nothing the ledger rejected.
func (e *settleEnv) checkExactlyOnce(l settlement.Ledger, js jetstream.JetStream) (epochs uint64, slashes int) {
	e.t.Helper()
	c := e.net.Client
	v := l.View()
	epochs = v.LastClosed
	last, err := c.LastEpoch(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if last != epochs {
		e.t.Fatalf("chain holds %d roots, ledger closed %d epochs", last, epochs)
	}
	anchors, err := audit.Anchors(e.ctx, c.Backend(), e.net.Addresses)
	if err != nil {
		e.t.Fatal(err)
	}
	if uint64(len(anchors)) != epochs {
		e.t.Fatalf("%d RootSubmitted logs for %d epochs", len(anchors), epochs)
	}
	for k := uint64(1); k <= epochs; k++ {
		rec, err := l.CommittedEpoch(k)
		if err != nil {
			e.t.Fatal(err)
		}
		if anchors[k].Root != common.Hash(rec.Root) || !rec.Anchored || rec.AnchorTx != anchors[k].Tx.Hex() {
			e.t.Fatalf("epoch %d: chain root %s tx %s, ledger root %s anchored %v tx %s", k,
				anchors[k].Root.Hex(), anchors[k].Tx.Hex(), rec.Root, rec.Anchored, rec.AnchorTx)
		}
		r := reportOf(e.t, rec)
		for _, s := range r.Slashes {
			rec, err := c.SlashOf(e.ctx, merkle.Evidence(s.ID))
			if err != nil {
				e.t.Fatal(err)
			}
			if rec.State != chain.SlashExecuted {
				e.t.Fatalf("slash %s not executed: %+v", s.ID, rec)
			}
			slashes++
		}
		for reason, n := range r.Rejected {
			if !e.rejectionsOK {
				e.t.Errorf("epoch %d: %d events rejected as %s", k, n, reason)
			}
		}
	}
	slashedLogs := e.logs(e.net.Addresses.Staking, bindings.NewSwarmStaking().GetABI().Events["Slashed"].ID)
	if len(slashedLogs) != slashes {
		e.t.Fatalf("%d Slashed logs for %d decided slashes", len(slashedLogs), slashes)
	}
	proposedLogs := e.logs(e.net.Addresses.Staking, bindings.NewSwarmStaking().GetABI().Events["SlashProposed"].ID)
	if len(proposedLogs) != slashes {
		e.t.Fatalf("%d SlashProposed logs for %d decided slashes", len(proposedLogs), slashes)
	}
	// Every transaction the settler ever sent: one per root, and a
	// proposal and an execution per slash.
	nonce, err := c.Backend().PendingNonceAt(e.ctx, e.settler.Address())
	if err != nil {
		e.t.Fatal(err)
	}
	if nonce != epochs+2*uint64(slashes) {
		e.t.Fatalf("the settler sent %d transactions for %d roots and %d slashes (a proposal and an execution each)", nonce, epochs, slashes)
	}
	if n := e.countSubject(js, eventlog.Subject(events.EpochClosed, "")); n != epochs {
		e.t.Fatalf("%d epoch.closed in the stream for %d epochs", n, epochs)
	}
	if n := e.countSubject(js, eventlog.Subject(events.EpochAnchored, "")); n != epochs {
		e.t.Fatalf("%d epoch.anchored in the stream for %d epochs", n, epochs)
	}
	// Ledger seqs are contiguous when every ledger event was accepted.
	if v.LedgerSeq != 2*epochs {
		e.t.Fatalf("ledger seq %d after %d closes and %d anchorings", v.LedgerSeq, epochs, epochs)
	}
	return epochs, slashes
}

func (e *settleEnv) logs(addr common.Address, topic common.Hash) []string {
	e.t.Helper()
	logs, err := e.net.Client.Backend().FilterLogs(e.ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{addr}, Topics: [][]common.Hash{{topic}}})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, l := range logs {
		out = append(out, l.TxHash.Hex())
	}
	return out
}

// exportStream reads every message of the stream, in order.
func (e *settleEnv) exportStream(js jetstream.JetStream) [][]byte {
	e.t.Helper()
	st, err := js.Stream(e.ctx, eventlog.StreamName)
	if err != nil {
		e.t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := eventlog.Export(e.ctx, st, events.NewExportWriter(&buf)); err != nil {
		e.t.Fatal(err)
	}
	msgs, err := events.ReadExport(&buf)
	if err != nil {
		e.t.Fatal(err)
	}
	return msgs
}

// TestSettlementFullLoop: agents and a scheduler publish, a staker bonds
// through the contract, the leader closes and anchors epochs, executes a
// downtime slash and a fault slash per epoch (mirrored back as
// chain.slashed), earners claim with proofs and are paid exactly their
// claimable amount, and the audit of the exported stream passes.
func TestSettlementFullLoop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	r := startRunning(ctx, t, e.config("", nil))
	js := e.connect(r.NATSURL())
	waitFor(t, "leadership", r.IsLeader)
	e.setup(js, r.ledger.View)
	for range 3 {
		e.work(js)
		e.nextEpoch(r.ledger.View)
	}
	e.waitSettled(r.ledger, js, 3)
	epochs, slashes := e.checkExactlyOnce(r.ledger, js)
	if epochs != 3 || slashes != 4 { // faults in 1, 2, 3; downtime of node 1 in 2
		t.Fatalf("%d epochs, %d slashes; want 3 and 4", epochs, slashes)
	}
	rep2 := reportOf(t, mustEpoch(t, r.ledger, 2))
	if rep2.Slashes[0].ID != "downtime:2:"+e.nodes[1].id {
		t.Fatalf("epoch 2 slashes %+v: want the downtime of node 1 first", rep2.Slashes)
	}
	// The stake on chain and in the ledger agree after the slashes.
	bonded, err := e.net.Client.BondedOf(ctx, e.staker.Address(), e.provider.Address())
	if err != nil {
		t.Fatal(err)
	}
	hundred, _ := chain.ParseAmount("100")
	if bonded.Cmp(hundred) >= 0 {
		t.Fatalf("bonded %s after slashes", bonded)
	}
	// The settler executes the slashes one loop step after another: the
	// status is read once the fourth is executed (or the wait times out and
	// the assertion below says what the status was).
	var st SettlementStatus
	readStatus := func() bool {
		resp, gerr := http.Get(r.APIURL + "/v1/settlement")
		if gerr != nil {
			err = gerr
			return false
		}
		st = SettlementStatus{}
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		return err == nil && st.SlashesExecuted == 4
	}
	for deadline := time.Now().Add(30 * time.Second); !readStatus() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || !st.Leader || st.LastClosed != 3 || st.LastAnchored != 3 || st.ChainLast != 3 ||
		st.SlashesExecuted != 4 || len(st.SlashesPending) != 0 || len(st.Epochs) != 3 || st.Epochs[0].State != settlement.EpochAnchored {
		t.Fatalf("GET /v1/settlement: %v %+v", err, st)
	}

	// Claims: after the activation delay, each earner claims the latest
	// root's cumulative and receives exactly that.
	if err := e.net.Chain.AdjustTime(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	active, err := e.net.Client.LatestActiveEpoch(ctx)
	if err != nil || active != 3 {
		t.Fatalf("latest active epoch %d, %v", active, err)
	}
	rec := mustEpoch(t, r.ledger, 3)
	rep := reportOf(t, rec)
	if len(rep.Earners) == 0 {
		t.Fatal("no earners")
	}
	var leaves []merkle.Leaf
	for _, ea := range rep.Earners {
		a, _ := events.ParseAddress(ea.Address)
		c, _ := new(big.Int).SetString(ea.Cumulative, 10)
		leaves = append(leaves, merkle.Leaf{Earner: a, Cumulative: c})
	}
	tree, err := merkle.BuildTree(leaves)
	if err != nil || tree.Root() != [32]byte(rec.Root) {
		t.Fatalf("tree root differs from the ledger's: %v", err)
	}
	payer := chain.NewSigner(e.net.Accounts[0].Key)
	for _, lf := range leaves {
		proof, _ := tree.Proof(lf.Earner)
		earner := common.Address(lf.Earner)
		before, _ := e.net.Client.BalanceOf(ctx, earner)
		if _, err := e.net.Client.Claim(ctx, payer, earner, lf.Cumulative, proof); err != nil {
			t.Fatalf("claim for %s: %v", earner.Hex(), err)
		}
		after, _ := e.net.Client.BalanceOf(ctx, earner)
		if got := new(big.Int).Sub(after, before); got.Cmp(lf.Cumulative) != 0 {
			t.Fatalf("%s received %s, claimable %s", earner.Hex(), got, lf.Cumulative)
		}
		if _, err := e.net.Client.Claim(ctx, payer, earner, lf.Cumulative, proof); !errors.Is(err, chain.ErrReverted) {
			t.Fatalf("second claim: %v, want a revert", err)
		}
	}
	e.waitStream(js, eventlog.Subject(events.ChainClaimed, ""), uint64(len(leaves)))

	// The auditor: the exported stream replays to the chain's roots.
	waitFor(t, "the claims to fold", func() bool { return r.ledger.View().Position >= e.streamLast(js) })
	anchors, err := audit.Anchors(ctx, e.net.Client.Backend(), e.net.Addresses)
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Check(ctx, e.params, e.exportStream(js), anchors)
	if err != nil || !res.Pass() || len(res.Rows) != 3 {
		t.Fatalf("audit: %v, %+v", err, res)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	tb := r.Ledger().TrialBalance()
	bal := func(name string) *big.Int { // zero balances are not listed
		if v := tb[name]; v != nil {
			return v
		}
		return new(big.Int)
	}
	if err := r.Ledger().CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	for _, lf := range leaves {
		a := events.Address(lf.Earner).String()
		if bal("claimed:"+a).Cmp(lf.Cumulative) != 0 || bal("earned:"+a).Sign() != 0 {
			t.Fatalf("ledger %s: claimed %s earned %s after claiming %s", a, bal("claimed:"+a), bal("earned:"+a), lf.Cumulative)
		}
	}
	if bal("slashed").Sign() <= 0 {
		t.Fatalf("the ledger mirrored no slashed stake: %v", tb)
	}
}

func mustEpoch(t *testing.T, l settlement.Ledger, k uint64) *aggregates.EpochRecord {
	t.Helper()
	rec, err := l.CommittedEpoch(k)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

var errCrash = errors.New("crash")

// TestSettlementCrashAtEveryStep kills the settling service at each step of
// the loop in turn (one restart per step, on the same data directory, the
// chain living on), then lets it finish: every epoch has exactly one root
// on chain and one anchoring in the log, every decided slash one
// execution, and the settler sent no other transaction.
func TestSettlementCrashAtEveryStep(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	dir := t.TempDir()
	r := startRunning(ctx, t, e.config(dir, nil))
	js := e.connect(r.NATSURL())
	waitFor(t, "leadership", r.IsLeader)
	e.setup(js, r.ledger.View)
	e.work(js)
	e.nextEpoch(r.ledger.View)
	e.waitSettled(r.ledger, js, 1)
	r.stop()
	r.Close()
	for _, st := range settlement.Steps {
		var hits atomic.Int32
		r := startRunning(ctx, t, e.config(dir, func(s settlement.Step) error {
			if s == st {
				hits.Add(1)
				return errCrash
			}
			return nil
		}))
		js := e.connect(r.NATSURL())
		e.closeDue(r)
		e.work(js)
		e.clock.Add(settleEpoch)
		e.epoch++
		select {
		case <-r.ended:
		case <-time.After(time.Minute):
			t.Fatalf("the settler never reached step %s", st)
		}
		if err := r.stop(); !errors.Is(err, settlement.ErrInterrupted) || !errors.Is(err, errCrash) || hits.Load() != 1 {
			t.Fatalf("crash at %s: Run returned %v after %d hits", st, err, hits.Load())
		}
		r.Close()
	}
	r = startRunning(ctx, t, e.config(dir, nil))
	js = e.connect(r.NATSURL())
	e.closeDue(r)
	e.work(js)
	e.clock.Add(settleEpoch)
	waitFor(t, "a final close", func() bool { return r.ledger.View().LastClosed >= 2 })
	e.waitSettled(r.ledger, js, r.ledger.View().LastClosed)
	epochs, slashes := e.checkExactlyOnce(r.ledger, js)
	if epochs < 3 || slashes < 3 {
		t.Fatalf("only %d epochs and %d slashes settled", epochs, slashes)
	}
	t.Logf("%d crashes; %d epochs anchored, %d slashes executed, each once", len(settlement.Steps), epochs, slashes)
	t.Logf("CHAOS: settlement crashed at each of its %d steps, the ledger restarted after each: %d epochs anchored and %d slashes executed, each exactly once", len(settlement.Steps), epochs, slashes)
}

// TestSettlementFailover runs two replicas folding one stream on a separate
// NATS server; the leader dies without releasing its lease, the other takes
// over within a few lease periods and settles on: no epoch anchored twice,
// no slash executed twice, and both replicas reach the same state hash.
func TestSettlementFailover(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "failover", Host: "127.0.0.1", Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	url := srv.ClientURL()
	replica := func(name, dir string) *running {
		cfg := e.config(dir, nil)
		cfg.NATSURLs, cfg.ReplicaID = []string{url}, name
		return startRunning(ctx, t, cfg)
	}
	dirs := map[string]string{"a": t.TempDir(), "b": t.TempDir()}
	reps := map[string]*running{"a": replica("a", dirs["a"]), "b": replica("b", dirs["b"])}
	js := e.connect(url)
	var leader, follower string
	waitFor(t, "a leader", func() bool {
		switch {
		case reps["a"].IsLeader() && reps["b"].IsLeader():
			t.Fatal("two leaders")
		case reps["a"].IsLeader():
			leader, follower = "a", "b"
		case reps["b"].IsLeader():
			leader, follower = "b", "a"
		}
		return leader != ""
	})
	e.setup(js, reps[leader].ledger.View)
	for range 2 {
		e.work(js)
		e.nextEpoch(reps[leader].ledger.View)
	}
	e.waitSettled(reps[leader].ledger, js, 2)

	// The leader dies: its connection drops first, so it cannot release
	// the lease; the follower must wait the lease out.
	died := time.Now()
	reps[leader].nc.Close()
	reps[leader].stop()
	reps[leader].Close()
	deadline := time.Now().Add(4 * 2 * time.Second)
	for !reps[follower].IsLeader() {
		if time.Now().After(deadline) {
			t.Fatal("the follower did not take over within four lease periods")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("took over %s after the leader died (lease 2s)", time.Since(died).Round(10*time.Millisecond))
	// The old leader comes back as a follower.
	reps[leader] = replica(leader, dirs[leader])
	for range 2 {
		e.work(js)
		e.nextEpoch(reps[follower].ledger.View)
	}
	e.waitSettled(reps[follower].ledger, js, 4)
	if reps[leader].IsLeader() {
		t.Fatal("the restarted replica leads beside the new leader")
	}
	epochs, slashes := e.checkExactlyOnce(reps[follower].ledger, js)
	t.Logf("%d epochs anchored, %d slashes executed, each once", epochs, slashes)
	last := e.streamLast(js)
	var hashes []events.Hash
	for _, name := range []string{"a", "b"} {
		r := reps[name]
		waitFor(t, "replica "+name+" to catch up", func() bool { return r.ledger.View().Position >= last })
		if err := r.stop(); err != nil {
			t.Fatal(err)
		}
		h, err := r.Ledger().StateHash()
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
	}
	if hashes[0] != hashes[1] {
		t.Fatalf("replicas disagree: %s vs %s", hashes[0], hashes[1])
	}
}

// TestSettlementWithSimulatedAgents: the full loop driven by the real agent
// loop (simulated GPUs, durable publishers) and the scheduler simulator:
// epochs close and anchor, node 1 stops heartbeating after epoch 1 and its
// downtime slash is executed on chain and mirrored back, and the exported
// stream audits clean.
func TestSettlementWithSimulatedAgents(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	e.rejectionsOK = true // the simulator keeps assigning work to the jailed node
	r := startRunning(ctx, t, e.config("", nil))
	js := e.connect(r.NATSURL())
	waitFor(t, "leadership", r.IsLeader)
	e.chainSetup(js, r.ledger.View)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var pubs []*publisher.Publisher
	var ticks []chan time.Time
	for i, nd := range e.nodes {
		src, err := agent.NewSim(int64(i+1), []string{h100}, 2)
		if err != nil {
			t.Fatal(err)
		}
		p, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: nd.kp}, js)
		if err != nil {
			t.Fatal(err)
		}
		go p.Run(runCtx)
		tick := make(chan time.Time)
		go agent.Run(runCtx, src, p, agent.RunConfig{Provider: events.Address(e.provider.Address()).String(), Region: "eu",
			Interval: time.Second, Ticks: tick})
		pubs, ticks = append(pubs, p), append(ticks, tick)
	}
	sp, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: e.sched.kp}, js)
	if err != nil {
		t.Fatal(err)
	}
	go sp.Run(runCtx)
	stream, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	sim := schedsim.New(schedsim.Config{Seed: 1, TaskInterval: 10 * time.Millisecond, TaskDuration: 20 * time.Millisecond,
		FailBP: 3000, ProviderBP: 5000}, sp)
	go sim.Run(runCtx, stream)
	waitFor(t, "the scheduler to verify every GPU", func() bool { return sim.Stats().Verified == 4 })
	for epoch := 1; epoch <= 3; epoch++ {
		for range int(settleEpoch / time.Second) {
			ticks[0] <- time.Now()
			if epoch == 1 {
				ticks[1] <- time.Now()
			}
		}
		waitFor(t, "the agents to drain", func() bool { return pubs[0].Spooled() == 0 && pubs[1].Spooled() == 0 })
		e.nextEpoch(r.ledger.View)
	}
	e.waitSettled(r.ledger, js, 3)
	epochs, slashes := e.checkExactlyOnce(r.ledger, js)
	rep2 := reportOf(t, mustEpoch(t, r.ledger, 2))
	if len(rep2.Slashes) == 0 || rep2.Slashes[0].ID != "downtime:2:"+e.nodes[1].id {
		t.Fatalf("epoch 2 slashes %+v: want node 1's downtime", rep2.Slashes)
	}
	if len(reportOf(t, mustEpoch(t, r.ledger, 3)).Earners) == 0 {
		t.Fatal("nobody earned")
	}
	stop()
	anchors, err := audit.Anchors(ctx, e.net.Client.Backend(), e.net.Addresses)
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Check(ctx, e.params, e.exportStream(js), anchors)
	if err != nil || !res.Pass() {
		t.Fatalf("audit: %v, %+v", err, res)
	}
	t.Logf("%d epochs anchored, %d slashes executed; tasks %+v", epochs, slashes, sim.Stats())
}
