package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/merkle"
)

// earnLedger is a ledger service that has folded a generated log and serves
// the read API, with its committed epoch records.
type earnLedger struct {
	svc     *ledgerd.Service
	epochs  []*aggregates.EpochRecord // epochs[k-1]
	reports []aggregates.Report
}

// startEarnLedger publishes a generated multi-epoch log to a ledger service
// with the read API and waits until it has folded all of it.
func startEarnLedger(ctx context.Context, t *testing.T) *earnLedger {
	t.Helper()
	g := gen.DefaultConfig()
	sc, params, err := gen.GenerateParsed(g)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: t.TempDir(), Params: params, NATSPort: -1, APIAddr: "127.0.0.1:0",
		BatchSize: 64, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("ledger: %v", err)
		}
		svc.Close()
	})
	nc, err := nats.Connect(svc.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	// Asynchronous publishes on one connection keep their order in the stream.
	acks := make([]nats.PubAckFuture, len(sc.Messages))
	for i, m := range sc.Messages {
		if acks[i], err = js.PublishAsync(eventlog.SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range acks {
		select {
		case ack := <-a.Ok():
			if ack.Sequence != uint64(i+1) {
				t.Fatalf("message %d stored at stream sequence %d", i, ack.Sequence)
			}
		case err := <-a.Err():
			t.Fatal(err)
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
	}
	want := uint64(g.Epochs)
	wait.For(t, 30*time.Second, 10*time.Millisecond, func() error {
		if svc.Checkpoint() != uint64(len(sc.Messages)) || svc.Ledger().View().LastClosed != want {
			return fmt.Errorf("the ledger folded %d of %d messages, closed %d of %d epochs", svc.Checkpoint(), len(sc.Messages), svc.Ledger().View().LastClosed, want)
		}
		return nil
	})
	l := &earnLedger{svc: svc}
	for k := uint64(1); k <= want; k++ {
		rec, err := svc.Ledger().CommittedEpoch(k)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := rec.Decoded()
		if err != nil {
			t.Fatal(err)
		}
		l.epochs, l.reports = append(l.epochs, rec), append(l.reports, *rep)
	}
	return l
}

// cumulative is earner's cumulative after epoch k (0 if not listed).
func (l *earnLedger) cumulative(k uint64, earner string) *big.Int {
	for _, e := range l.reports[k-1].Earners {
		if e.Address == earner {
			return amount(e.Cumulative)
		}
	}
	return new(big.Int)
}

func amount(s string) *big.Int {
	x, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return x
}

// submitRoot anchors the ledger's epoch k (or, with root set, a root of
// the test's choosing) as the settler, development account 0.
func submitRoot(ctx context.Context, t *testing.T, n *devnet.Net, l *earnLedger, k uint64, root *[32]byte) {
	t.Helper()
	a, err := l.epochs[k-1].Anchor()
	if err != nil {
		t.Fatal(err)
	}
	r := [32]byte(a.Root)
	if root != nil {
		r = *root
	}
	if _, err := n.Client.SubmitRoot(ctx, chain.NewSigner(n.Accounts[0].Key), k, r, a.TotalCumulative, a.EventsDigest); err != nil {
		t.Fatal(err)
	}
}

// activate moves the chain's clock past every pending activation and
// waits until epoch k is the latest active one.
func activate(ctx context.Context, t *testing.T, n *devnet.Net, by time.Duration, k uint64) {
	t.Helper()
	if err := n.Chain.AdjustTime(by); err != nil {
		t.Fatal(err)
	}
	wait.For(t, 10*time.Second, 10*time.Millisecond, func() error {
		got, err := n.Client.LatestActiveEpoch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != k {
			return fmt.Errorf("latest active epoch %d, want %d", got, k)
		}
		return nil
	})
}

func startEarnDevnet(ctx context.Context, t *testing.T, activation time.Duration) (*devnet.Net, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := devnet.Config{HTTPAddr: "127.0.0.1:0", Accounts: 2, BlockInterval: 200 * time.Millisecond, Dir: dir}
	cfg.Deploy = chain.DefaultDeployConfig
	settler := crypto.PubkeyToAddress(devnet.DevKey(0).PublicKey)
	cfg.Deploy.ActivationDelay, cfg.Deploy.Settler, cfg.Deploy.Guardian = activation, settler, settler
	n, err := devnet.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n, filepath.Join(dir, "addresses.json")
}

// expectRun runs swarmctl and checks its exit code and that its output
// holds want; it returns stdout.
func expectRun(t *testing.T, args []string, code int, want string) string {
	t.Helper()
	out, errOut, got := swarmctl(t, args...)
	if got != code || !strings.Contains(out+errOut, want) {
		t.Fatalf("swarmctl %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant output containing %q", strings.Join(args, " "), got, code, out, errOut, want)
	}
	return out
}

// squash collapses each line's runs of blanks (table padding) to one space.
func squash(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// TestEarnProofClaim: the roots of a generated log's epochs anchored on a
// development chain, an earner's earnings, proofs and claims through
// swarmctl against the ledger's read API and the chain, to the atto.
func TestEarnProofClaim(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := startEarnLedger(ctx, t)
	n, contracts := startEarnDevnet(ctx, t, time.Second)
	last := uint64(len(l.epochs))
	api := l.svc.APIURL
	conn := []string{"--api", api, "--rpc", n.URL(), "--contracts", contracts}
	with := func(args ...string) []string { return append(args, conn...) }
	payer := n.Accounts[1]

	// Epochs 1..last-1 anchored and active; the last one closed on the
	// ledger only, so the ledger's cumulative runs ahead of the claimable.
	for k := uint64(1); k < last; k++ {
		submitRoot(ctx, t, n, l, k, nil)
	}
	activate(ctx, t, n, 2*time.Second, last-1)

	// An earner with earnings both before and in the last epoch.
	var earner string
	for _, e := range l.reports[last-1].Earners {
		if c := l.cumulative(last-1, e.Address); c.Sign() > 0 && e.Amount != "0" {
			earner = e.Address
			break
		}
	}
	if earner == "" {
		t.Fatal("the generated log has no earner paid in both of its last two epochs")
	}
	cumPrev, cumLast := l.cumulative(last-1, earner), l.cumulative(last, earner)
	earnerAddr := common.HexToAddress(earner)
	var wantHistory []earningsEpoch
	for k := uint64(1); k <= last; k++ {
		for _, e := range l.reports[k-1].Earners {
			if e.Address == earner && e.Amount != "0" {
				wantHistory = append(wantHistory, earningsEpoch{Epoch: k, Amount: e.Amount, Cumulative: e.Cumulative, Anchored: l.epochs[k-1].Anchored})
			}
		}
	}
	earningsJSON := func(addr string) earnings {
		t.Helper()
		var e earnings
		out := expectRun(t, with("earnings", addr, "--json"), 0, "")
		if err := json.Unmarshal([]byte(out), &e); err != nil {
			t.Fatalf("earnings --json: %v\n%s", err, out)
		}
		return e
	}
	checkEarnings := func(e earnings, active uint64, atActive, claimed, claimable *big.Int) {
		t.Helper()
		if e.Earner != earner || e.LedgerLastClosed != last || e.Cumulative != cumLast.String() || e.LatestActiveEpoch != active ||
			e.CumulativeAtActive != atActive.String() || e.Claimed != claimed.String() || e.Claimable != claimable.String() {
			t.Fatalf("earnings %+v\nwant cumulative %s, active %d at %s, claimed %s, claimable %s", e, cumLast, active, atActive, claimed, claimable)
		}
		if !reflect.DeepEqual(e.Epochs, wantHistory) {
			t.Fatalf("history %+v\nwant %+v", e.Epochs, wantHistory)
		}
	}

	// earnings before any claim.
	checkEarnings(earningsJSON(earner), last-1, cumPrev, new(big.Int), cumPrev)
	table := squash(expectRun(t, with("earnings", "0x"+strings.ToUpper(earner[2:])), 0, "EPOCH"))
	lastRow := wantHistory[len(wantHistory)-1]
	for _, want := range []string{
		"earner " + earner,
		fmt.Sprintf("cumulative %s (ledger, epochs 1..%d)", showAmount(cumLast.String()), last),
		fmt.Sprintf("latest active epoch %d (chain)", last-1),
		fmt.Sprintf("cumulative at epoch %d %s", last-1, showAmount(cumPrev.String())),
		"claimed 0 SWARM (0 atto) (chain)",
		"claimable " + showAmount(cumPrev.String()),
		"EPOCH AMOUNT (SWARM) CUMULATIVE (SWARM) ANCHORED",
		fmt.Sprintf("%d %s %s no", lastRow.Epoch, swarmDigits(lastRow.Amount), swarmDigits(lastRow.Cumulative)),
	} {
		if !strings.Contains(table, want) {
			t.Errorf("earnings table lacks %q:\n%s", want, table)
		}
	}

	// proof: verifies against the chain's root, for the default (latest
	// active) epoch and an earlier one.
	first := wantHistory[0].Epoch
	for _, args := range [][]string{{"proof", earner}, {"proof", earner, "--epoch", fmt.Sprint(first)}} {
		var p proofJSON
		out := expectRun(t, with(args...), 0, `"proof":`)
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatal(err)
		}
		k := last - 1
		if len(args) > 2 {
			k = first
		}
		onChain, err := n.Client.RootOf(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		proof := make([][32]byte, len(p.Proof))
		for i, h := range p.Proof {
			proof[i] = common.HexToHash(h)
		}
		cum := amount(p.Cumulative)
		if p.Epoch != k || p.Earner != earner || cum.Cmp(l.cumulative(k, earner)) != 0 || p.Root != events.Hash(onChain.Root).String() ||
			!merkle.VerifyProof(onChain.Root, merkle.LeafHash(events.Address(earnerAddr), cum), proof) {
			t.Fatalf("%v: %+v does not verify against the chain's root of epoch %d", args, p, k)
		}
	}
	expectRun(t, with("proof", earner, "--epoch", fmt.Sprint(last)), 1, fmt.Sprintf("no root on chain for epoch %d (the last submitted is %d)", last, last-1))

	// claim, paid by another account: the earner receives exactly its
	// cumulative at the active epoch.
	balance := func() *big.Int {
		b, err := n.Client.BalanceOf(ctx, earnerAddr)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	before := balance()
	out := expectRun(t, with("claim", earner, "--key", payer.KeyFile), 0, "claimed "+showAmount(cumPrev.String())+" for "+earner)
	if got := new(big.Int).Sub(balance(), before); got.Cmp(cumPrev) != 0 {
		t.Fatalf("the claim paid %s, want %s\n%s", got, cumPrev, out)
	}
	if !strings.Contains(out, "balance "+showAmount(balance().String())) {
		t.Errorf("claim output lacks the new balance:\n%s", out)
	}

	// A second claim has nothing to claim and sends nothing.
	nonce, err := n.Chain.Client().PendingNonceAt(ctx, payer.Address)
	if err != nil {
		t.Fatal(err)
	}
	expectRun(t, with("claim", earner, "--key", payer.KeyFile), 1, "nothing to claim for "+earner)
	if again, _ := n.Chain.Client().PendingNonceAt(ctx, payer.Address); again != nonce {
		t.Fatalf("a claim with nothing to claim sent a transaction (nonce %d -> %d)", nonce, again)
	}
	checkEarnings(earningsJSON(earner), last-1, cumPrev, cumPrev, new(big.Int))

	// The last epoch anchored: the next claim pays the difference.
	submitRoot(ctx, t, n, l, last, nil)
	activate(ctx, t, n, 2*time.Second, last)
	checkEarnings(earningsJSON(earner), last, cumLast, cumPrev, new(big.Int).Sub(cumLast, cumPrev))
	before = balance()
	var res claimResult
	out = expectRun(t, with("claim", earner, "--key", payer.KeyFile, "--json"), 0, "")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("claim --json: %v\n%s", err, out)
	}
	delta := new(big.Int).Sub(cumLast, cumPrev)
	if got := new(big.Int).Sub(balance(), before); got.Cmp(delta) != 0 || res.Amount != delta.String() ||
		res.Cumulative != cumLast.String() || res.Epoch != last || res.Balance != balance().String() {
		t.Fatalf("second claim paid %s (%+v), want %s", got, res, delta)
	}
	if claimed, _ := n.Client.Claimed(ctx, earnerAddr); claimed.Cmp(cumLast) != 0 {
		t.Fatalf("chain claimed %s, want %s", claimed, cumLast)
	}
	checkEarnings(earningsJSON(earner), last, cumLast, cumLast, new(big.Int))
	if out := squash(expectRun(t, with("earnings", earner), 0, "")); !strings.Contains(out, "claimable 0 SWARM (0 atto)") {
		t.Errorf("earnings after claiming everything:\n%s", out)
	}

	// ADDR defaults to the key's address, which never earned.
	expectRun(t, with("claim", "--key", payer.KeyFile), 1,
		fmt.Sprintf("nothing to claim: no earnings in epoch %d for %s", last, events.Address(payer.Address).String()))

	// An address with no earnings.
	nobody := "0x" + strings.Repeat("0", 39) + "7"
	e := earningsJSON(nobody)
	if e.Cumulative != "0" || e.CumulativeAtActive != "0" || e.Claimed != "0" || e.Claimable != "0" || len(e.Epochs) != 0 {
		t.Fatalf("earnings of an address that never earned: %+v", e)
	}
	expectRun(t, with("earnings", nobody), 0, fmt.Sprintf("no earnings in epochs 1..%d", last))
	expectRun(t, with("proof", nobody), 1, fmt.Sprintf("no earnings in epoch %d for %s", last, nobody))

	// Bad input and unreachable services.
	for _, cmd := range [][]string{{"earnings"}, {"proof"}, {"claim", "--key", payer.KeyFile}} {
		// Flags given after conn override it.
		expectRun(t, with(append(cmd, "0x1234")...), 2, `"0x1234" is not an address`)
		expectRun(t, append(with(append(cmd, earner)...), "--api", "ftp://ledger"), 2, "--api \"ftp://ledger\"")
		expectRun(t, append(with(append(cmd, earner)...), "--api", "http://127.0.0.1:1"), 1, "ledger API unreachable at http://127.0.0.1:1")
		expectRun(t, append(with(append(cmd, earner)...), "--rpc", "http://127.0.0.1:1"), 1, "node unreachable: http://127.0.0.1:1")
	}
	expectRun(t, append(with("earnings", earner), "--api", api+"/v2"), 1, "404 Not Found: no such endpoint: /v2/v1/earners/"+earner)
	expectRun(t, with("proof", earner, "--epoch", "0"), 2, "--epoch must be a positive")
	expectRun(t, with("proof", earner, "--epoch", "x"), 2, "invalid argument")
	expectRun(t, with("claim", earner), 2, "required flag")
}

// TestProofRefusesBadRoots: a root on chain that is not the ledger's, a
// disabled root and a root for an epoch the ledger has not closed give no
// proof and no claim.
func TestProofRefusesBadRoots(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := startEarnLedger(ctx, t)
	n, contracts := startEarnDevnet(ctx, t, time.Hour)
	last := uint64(len(l.epochs))
	conn := []string{"--api", l.svc.APIURL, "--rpc", n.URL(), "--contracts", contracts}
	with := func(args ...string) []string { return append(args, conn...) }
	earner := l.reports[1].Earners[0].Address // an earner of epoch 2, so of every later one
	if last != 4 {
		t.Fatalf("the generated log closed %d epochs, want 4", last)
	}

	// Epochs 1 and 2 the ledger's, 3 not, 4 the ledger's but disabled, 5
	// not closed by the ledger.
	wrong := [32]byte(crypto.Keccak256([]byte("not the ledger's root")))
	submitRoot(ctx, t, n, l, 1, nil)
	submitRoot(ctx, t, n, l, 2, nil)
	submitRoot(ctx, t, n, l, 3, &wrong)
	submitRoot(ctx, t, n, l, 4, nil)
	settler := chain.NewSigner(n.Accounts[0].Key)
	if _, err := n.Client.Send(ctx, settler, &n.Addresses.Rewards, bindings.NewSwarmRewards().PackDisableRoot(4)); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Client.SubmitRoot(ctx, settler, 5, wrong, big.NewInt(1), [32]byte{}); err != nil {
		t.Fatal(err)
	}
	// Nothing is active yet.
	expectRun(t, with("proof", earner), 1, "no active root on chain")
	expectRun(t, with("claim", earner, "--key", n.Accounts[1].KeyFile), 1, "no active root on chain")
	e := earnings{}
	out := expectRun(t, with("earnings", earner, "--json"), 0, "")
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.LatestActiveEpoch != 0 || e.Claimable != "0" || len(e.Notes) == 0 {
		t.Fatalf("earnings with no active root: %s", out)
	}

	activate(ctx, t, n, 2*time.Hour, 5)
	expectRun(t, with("proof", earner, "--epoch", "3"), 1,
		fmt.Sprintf("root mismatch: epoch 3: the ledger's root is %s, the chain's is %s", l.epochs[2].Root, events.Hash(wrong).String()))
	expectRun(t, with("proof", earner, "--epoch", "4"), 1, "root disabled on chain: the guardian disabled the root of epoch 4")
	expectRun(t, with("proof", earner, "--epoch", "2"), 0, `"epoch":2`)
	// The latest active root is for an epoch the ledger has not closed.
	notClosed := fmt.Sprintf("404 Not Found: epoch %d is not closed (last closed: %d)", last+1, last)
	expectRun(t, with("proof", earner), 1, notClosed)
	expectRun(t, with("earnings", earner), 1, notClosed)
	expectRun(t, with("claim", earner, "--key", n.Accounts[1].KeyFile), 1, notClosed)
	if claimed, _ := n.Client.Claimed(ctx, common.HexToAddress(earner)); claimed.Sign() != 0 {
		t.Fatalf("claimed %s against bad roots", claimed)
	}
}
