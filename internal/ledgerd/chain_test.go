package ledgerd

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

func startDevnet(ctx context.Context, t *testing.T) *devnet.Net {
	t.Helper()
	n, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", BlockInterval: 100 * time.Millisecond, Accounts: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// TestChainWatcherFeedsLedger: stake moved through the contracts reaches the
// ledger through the watcher and the stream, and the ledger's accounts equal
// the contract's.
func TestChainWatcherFeedsLedger(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	n := startDevnet(ctx, t)
	g := gen.DefaultConfig()
	params, err := aggregates.ParseParams(g.Params())
	if err != nil {
		t.Fatal(err)
	}
	r := startRunning(ctx, t, Config{Params: params, BatchSize: 64, Chain: &ChainConfig{
		Backend: n.Chain.Client(), Addresses: n.Addresses, LedgerKey: g.LedgerKey(),
		Finality: chain.FinalityConfirmations, Confirmations: 2, Poll: 50 * time.Millisecond,
	}})
	staker := chain.NewSigner(n.Accounts[1].Key)
	provider := n.Accounts[2].Address
	hundred, _ := chain.ParseAmount("100")
	thirty, _ := chain.ParseAmount("30.5")
	if _, err := n.Client.Bond(ctx, staker, provider, hundred); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Client.RequestUnbond(ctx, staker, provider, thirty); err != nil {
		t.Fatal(err)
	}
	// Bond, UnbondRequested: wait until both are folded.
	waitFolded(ctx, t, r, 2, time.Minute)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	tb := r.Ledger().TrialBalance()
	acct := events.Address(staker.Address()).String() + ":" + events.Address(provider).String()
	wantBonded := new(big.Int).Sub(hundred, thirty)
	if got := tb["bonded:"+acct]; got == nil || got.Cmp(wantBonded) != 0 {
		t.Fatalf("ledger bonded = %v, want %s", got, wantBonded)
	}
	if got := tb["unbonding:"+acct]; got == nil || got.Cmp(thirty) != 0 {
		t.Fatalf("ledger unbonding = %v, want %s", got, thirty)
	}
}

// TestChainWatcherRefusesForeignKey: a ledger key other than the
// parameters' ledger id would sign chain events the ledger rejects; swarmd
// refuses to start with it.
func TestChainWatcherRefusesForeignKey(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n := startDevnet(ctx, t)
	params, err := aggregates.ParseParams(gen.DefaultConfig().Params())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := nkeys.CreateUser()
	_, err = Start(ctx, Config{DataDir: t.TempDir(), NATSPort: -1, Params: params, Chain: &ChainConfig{
		Backend: n.Chain.Client(), Addresses: n.Addresses, LedgerKey: other}})
	if !errors.Is(err, ErrLedgerKey) {
		t.Fatalf("Start with a foreign ledger key: %v, want ErrLedgerKey", err)
	}
}

// waitFolded waits until the stream holds at least n messages and the
// ledger has folded all of them.
func waitFolded(ctx context.Context, t *testing.T, r *running, n uint64, within time.Duration) {
	t.Helper()
	wait.For(t, within, 20*time.Millisecond, func() error {
		info, err := r.stream.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs >= n && r.Checkpoint() >= info.State.LastSeq {
			return nil
		}
		return fmt.Errorf("stream has %d messages (want %d), checkpoint %d: the watcher's events did not arrive", info.State.Msgs, n, r.Checkpoint())
	})
}
