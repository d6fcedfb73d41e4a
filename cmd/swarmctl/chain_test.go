package main

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
)

// startDevnetCLI starts a development chain of three funded accounts (the
// default deployment) for the commands to talk to, and returns it, its
// directory, the connection flags, and a builder of a command line sent
// with an account's key.
func startDevnetCLI(ctx context.Context, t *testing.T) (*devnet.Net, string, []string, func(devnet.Account, ...string) []string) {
	t.Helper()
	dir := t.TempDir()
	cfg := devnet.Config{HTTPAddr: "127.0.0.1:0", Accounts: 3, BlockInterval: 200 * time.Millisecond, Dir: dir}
	cfg.Deploy = chain.DefaultDeployConfig
	n, err := devnet.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	conn := []string{"--rpc", n.URL(), "--contracts", filepath.Join(dir, "addresses.json")}
	as := func(a devnet.Account, args ...string) []string {
		return append(append(args, conn...), "--key", a.KeyFile)
	}
	return n, dir, conn, as
}

// TestStakeAndNodeCommands runs the staker and provider commands against an
// embedded development chain serving JSON-RPC, as a user would.
func TestStakeAndNodeCommands(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	n, dir, conn, as := startDevnetCLI(ctx, t)
	staker, provider := n.Accounts[1], n.Accounts[2]
	expect := func(args []string, code int, want string) string {
		t.Helper()
		out, errOut, got := swarmctl(t, args...)
		if got != code || !strings.Contains(out+errOut, want) {
			t.Fatalf("swarmctl %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant output containing %q", strings.Join(args, " "), got, code, out, errOut, want)
		}
		return out
	}
	p := provider.Address.Hex()

	expect(as(staker, "stake", "bond", p, "1500.25 SWARM"), 0, "bonded 1500.25 SWARM behind "+p)
	expect(as(staker, "stake", "bond", p, "0.75"), 0, "bonded 0.75 SWARM")
	expect(as(staker, "stake", "unbond", p, "1"), 0, "pending 1 SWARM")
	expect(as(staker, "stake", "unbond", p, "0.5"), 0, "pending 1.5 SWARM")
	expect(append([]string{"stake", "show", staker.Address.Hex(), p}, conn...), 0, "bonded    1499.5 SWARM\nunbonding 1.5 SWARM")
	expect(as(staker, "stake", "withdraw", p), 1, "NotReleased(releaseAt=")
	expect(as(staker, "stake", "unbond", p, "100000"), 1, "InsufficientBonded(bonded=1499500000000000000000, requested=100000000000000000000000)")
	if err := n.Chain.AdjustTime(chain.DefaultDeployConfig.UnbondingPeriod); err != nil {
		t.Fatal(err)
	}
	expect(as(staker, "stake", "withdraw", p), 0, "withdrew 1.5 SWARM")

	kp, _ := nkeys.CreateUser()
	node, _ := kp.PublicKey()
	expect(as(provider, "node", "authorize", node), 0, "authorized "+node)
	expect(as(staker, "node", "authorize", node), 1, "NodeKeyTaken")
	expect(as(staker, "node", "revoke", node), 1, "NotNodeProvider")
	expect(as(provider, "node", "revoke", node), 0, "revoked "+node)

	// Bad input: usage errors (2) that send nothing, operating errors (1).
	expect(as(staker, "stake", "bond", p, "1.0000000000000000001"), 2, "more than 18 decimals")
	expect(as(staker, "stake", "bond", p, "+5"), 2, "bad amount")
	expect(as(staker, "stake", "bond", p, "-5"), 2, "unknown shorthand flag")
	expect(as(staker, "stake", "bond", p, "1e3"), 2, "bad amount")
	expect(as(staker, "stake", "bond", p, "0"), 2, "positive")
	expect(as(staker, "stake", "bond", "0x1234", "1"), 2, "not an address")
	expect(as(staker, "node", "authorize", "UNOTANODE"), 2, "not a node id")
	expect([]string{"stake", "bond", p, "1", "--rpc", "http://127.0.0.1:1", "--contracts", filepath.Join(dir, "addresses.json"), "--key", staker.KeyFile}, 1, "node unreachable")
	wrong := filepath.Join(t.TempDir(), "wrong.json")
	raw, _ := json.Marshal(chain.Addresses{ChainID: n.Addresses.ChainID, Token: common.Address{1}, Staking: common.Address{2}, Rewards: common.Address{3}})
	os.WriteFile(wrong, raw, 0o644)
	expect([]string{"stake", "show", staker.Address.Hex(), p, "--rpc", n.URL(), "--contracts", wrong}, 1, "contracts missing")
	open := filepath.Join(t.TempDir(), "open.key")
	os.WriteFile(open, []byte("0x01\n"), 0o644)
	expect(append([]string{"stake", "bond", p, "1", "--key", open}, conn...), 1, "chmod 600")

	// A fresh deployment from a new key funded by a development account.
	keyFile := filepath.Join(t.TempDir(), "deployer.key")
	addr := strings.TrimSpace(expect([]string{"chain", "key", "new", keyFile}, 0, "0x"))
	expect([]string{"chain", "key", "show", keyFile}, 0, addr)
	expect([]string{"chain", "key", "new", keyFile}, 1, "exists")
	expect([]string{"chain", "deploy", "--rpc", n.URL(), "--key", keyFile, "--out", filepath.Join(t.TempDir(), "x.json")}, 1, "")
	if err := fund(ctx, n, common.HexToAddress(addr)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "deployed.json")
	expect([]string{"chain", "deploy", "--rpc", n.URL(), "--key", keyFile, "--out", out, "--max-stakers", "16"}, 0, "wrote "+out)
	a, err := chain.LoadAddresses(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.NewClient(ctx, n.Chain.Client(), a); err != nil {
		t.Fatalf("the deployed addresses do not hold the contracts: %v", err)
	}
}

// fund sends 1 ETH from development account 0.
func fund(ctx context.Context, n *devnet.Net, to common.Address) error {
	_, err := n.Client.Transfer(ctx, chain.NewSigner(n.Accounts[0].Key), to, big.NewInt(1e18))
	return err
}
