package chain_test

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
)

// TestSignerNonces: concurrent sends from one key all land with distinct,
// gapless nonces, and a revert caught by the estimate consumes no nonce.
func TestSignerNonces(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	n, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", Accounts: 2, BlockInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	admin := chain.NewSigner(n.Accounts[0].Key)
	other := n.Accounts[1].Address
	start, err := n.Chain.Client().PendingNonceAt(ctx, admin.Address())
	if err != nil {
		t.Fatal(err)
	}
	// A revert (withdraw with nothing unbonding) is reported, not sent.
	if _, err := n.Client.Withdraw(ctx, admin, other); !errors.Is(err, chain.ErrReverted) {
		t.Fatalf("withdraw with nothing unbonding: %v, want a revert", err)
	}
	const sends = 12
	var wg sync.WaitGroup
	errs := make(chan error, sends)
	for i := 0; i < sends; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := n.Client.Mint(ctx, admin, other, big.NewInt(1))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	end, err := n.Chain.Client().NonceAt(ctx, admin.Address(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if end != start+sends {
		t.Fatalf("nonce went from %d to %d after %d sends", start, end, sends)
	}
	bal, err := n.Client.BalanceOf(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if want := new(big.Int).Add(devnet.FundSWARM, big.NewInt(sends)); bal.Cmp(want) != 0 {
		t.Fatalf("balance %s, want %s", bal, want)
	}
}

// TestNewClientChecks: a wrong chain and an address without code are named.
func TestNewClientChecks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", Accounts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	wrong := n.Addresses
	wrong.ChainID = 1
	if _, err := chain.NewClient(ctx, n.Chain.Client(), wrong); !errors.Is(err, chain.ErrWrongChain) {
		t.Fatalf("wrong chain: %v", err)
	}
	missing := n.Addresses
	missing.Rewards = n.Accounts[0].Address
	if _, err := chain.NewClient(ctx, n.Chain.Client(), missing); !errors.Is(err, chain.ErrContractsMissing) {
		t.Fatalf("missing contract: %v", err)
	}
	if _, _, err := chain.Dial(ctx, "http://127.0.0.1:1"); !errors.Is(err, chain.ErrUnreachable) {
		t.Fatalf("unreachable: %v", err)
	}
	b, id, err := chain.Dial(ctx, n.URL())
	if err != nil || id.Uint64() != n.Addresses.ChainID {
		t.Fatalf("dial %s: %v %v", n.URL(), id, err)
	}
	b.Close()
}
