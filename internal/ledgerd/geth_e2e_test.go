package ledgerd

import (
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/gethdev"
)

// TestGethDevEndToEnd runs the chain half against a real `geth --dev` built
// from the pinned go-ethereum module, over JSON-RPC: deploy, stake and node
// authorization through the client, the watcher (in swarmd's service)
// publishing the final logs into JetStream, and the ledger folding them to
// the contract's numbers.
func TestGethDevEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute) // a cold geth build takes minutes
	defer cancel()
	node, err := gethdev.Start(ctx, gethdev.Options{DataDir: t.TempDir(), Period: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer node.Stop()
	b, chainID, err := chain.Dial(ctx, node.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	signers := make([]*chain.Signer, 3) // deployer, staker, provider
	for i := range signers {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		signers[i] = chain.NewSigner(k)
		if err := node.Fund(ctx, signers[i].Address(), new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))); err != nil {
			t.Fatal(err)
		}
	}
	deployer, staker, provider := signers[0], signers[1], signers[2]
	addrs, err := chain.Deploy(ctx, b, deployer, chain.DeployConfig{UnbondingPeriod: time.Hour, MaxStakersPerProvider: 16, ActivationDelay: time.Minute,
		SlashDelay: time.Minute, Epoch: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if addrs.ChainID != chainID.Uint64() {
		t.Fatalf("addresses chain %d, node chain %s", addrs.ChainID, chainID)
	}
	if err := chain.WriteAddresses(filepath.Join(t.TempDir(), "addresses.json"), addrs); err != nil {
		t.Fatal(err)
	}
	c, err := chain.NewClient(ctx, b, addrs)
	if err != nil {
		t.Fatal(err)
	}

	g := gen.DefaultConfig()
	params, err := aggregates.ParseParams(g.Params())
	if err != nil {
		t.Fatal(err)
	}
	if params.ChainID != chainID.Uint64() {
		t.Fatalf("parameters are for chain %d, geth --dev is %s", params.ChainID, chainID)
	}
	const conf = 2
	r := startRunning(ctx, t, Config{Params: params, BatchSize: 64, Chain: &ChainConfig{
		Backend: b, Addresses: addrs, LedgerKey: g.LedgerKey(),
		Finality: chain.FinalityConfirmations, Confirmations: conf, Poll: 100 * time.Millisecond,
	}})

	thousand, _ := chain.ParseAmount("1000")
	bond, _ := chain.ParseAmount("250.5")
	unbond, _ := chain.ParseAmount("50.25")
	if _, err := c.Mint(ctx, deployer, staker.Address(), thousand); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	nodeID, _ := kp.PublicKey()
	if _, err := c.AuthorizeNode(ctx, provider, nodeID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Bond(ctx, staker, provider.Address(), bond); err != nil {
		t.Fatal(err)
	}
	last, err := c.RequestUnbond(ctx, staker, provider.Address(), unbond)
	if err != nil {
		t.Fatal(err)
	}
	// A revert over real JSON-RPC is decoded.
	if _, err := c.Withdraw(ctx, staker, provider.Address()); err == nil || !containsAll(err.Error(), "NotReleased") {
		t.Fatalf("early withdraw: %v, want a decoded NotReleased revert", err)
	}

	// Three chain events (authorized, bonded, unbond_requested) are folded
	// once the last one's block is conf deep.
	waitFolded(ctx, t, r, 3, 2*time.Minute)
	head, err := b.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head < last.BlockNumber.Uint64()+conf {
		t.Fatalf("events folded at head %d, before block %d was %d deep", head, last.BlockNumber.Uint64(), conf)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	info, _ := r.stream.Info(ctx)
	if info.State.Msgs != 3 {
		t.Fatalf("stream holds %d messages, want exactly 3", info.State.Msgs)
	}
	tb := r.Ledger().TrialBalance()
	acct := events.Address(staker.Address()).String() + ":" + events.Address(provider.Address()).String()
	onchain, err := c.BondedOf(ctx, staker.Address(), provider.Address())
	if err != nil {
		t.Fatal(err)
	}
	if got := tb["bonded:"+acct]; got == nil || got.Cmp(onchain) != 0 || onchain.Cmp(new(big.Int).Sub(bond, unbond)) != 0 {
		t.Fatalf("ledger bonded %v, contract %s, want %s", got, onchain, new(big.Int).Sub(bond, unbond))
	}

	// geth --dev reports a finalized block (a multiple of 32): auto
	// finality follows it rather than the confirmations setting.
	w, err := chain.NewWatcher(chain.WatcherConfig{Backend: b, Addresses: addrs, Key: g.LedgerKey(),
		Sink: nil, Cursor: chain.FileCursor(filepath.Join(t.TempDir(), "c.json"))})
	if err == nil {
		t.Fatal("a watcher without a sink was accepted")
	}
	w, err = chain.NewWatcher(chain.WatcherConfig{Backend: b, Addresses: addrs, Key: g.LedgerKey(),
		Sink: discardSink{}, Cursor: chain.FileCursor(filepath.Join(t.TempDir(), "c.json")), Confirmations: 1})
	if err != nil {
		t.Fatal(err)
	}
	final, err := w.Final(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if final%32 != 0 || final > head {
		t.Fatalf("auto finality on geth --dev gave %d at head %d; want its finalized block (a multiple of 32)", final, head)
	}
}

type discardSink struct{}

func (discardSink) Publish(context.Context, *events.Event, []byte) error { return nil }

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
