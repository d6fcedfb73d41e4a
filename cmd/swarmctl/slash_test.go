package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/merkle"
)

// TestSlashCommands: `swarmctl slash show --chain` and `swarmctl slash veto`
// against an embedded development chain, by slash id and by evidence hash,
// with the guardian's key and without it.
func TestSlashCommands(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	n, _, conn, as := startDevnetCLI(ctx, t)
	guardian, staker, provider := n.Accounts[0], n.Accounts[1], n.Accounts[2]
	onChain := func(args ...string) []string { return append(append(args, conn...), "--chain") }
	expect := func(args []string, code int, want ...string) {
		t.Helper()
		out, errOut, got := swarmctl(t, args...)
		all := squash(out + errOut)
		for _, w := range want {
			if got != code || !strings.Contains(all, w) {
				t.Fatalf("swarmctl %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant output containing %q", strings.Join(args, " "), got, code, out, errOut, w)
			}
		}
	}
	hundred, _ := chain.ParseAmount("100")
	if _, err := n.Client.Bond(ctx, chain.NewSigner(staker.Key), provider.Address, hundred); err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	node, _ := kp.PublicKey()
	id := "downtime:3:" + node
	ev := merkle.Evidence(id)
	evHex := fmt.Sprintf("0x%x", ev)
	// The development deployer holds every role. A fresh signer each time:
	// the commands send from the same key and a signer caches its nonce.
	deployer := func() *chain.Signer { return chain.NewSigner(guardian.Key) }

	expect(onChain("slash", "show", id), 0, "status none", "never proposed")
	expect(as(guardian, "slash", "veto", id), 1, "is none on chain; only a proposed slash can be vetoed")
	if _, err := n.Client.ProposeSlash(ctx, deployer(), provider.Address, 50, ev); err != nil {
		t.Fatal(err)
	}
	expect(onChain("slash", "show", id), 0, "status proposed", "provider "+provider.Address.Hex(), "cut 0.5% (50 bp)",
		"of chain time; the guardian may veto it until it executes")
	// Without GUARDIAN_ROLE the contract refuses, and nothing changes.
	expect(as(staker, "slash", "veto", id), 1, "AccessControlUnauthorizedAccount")
	expect(as(guardian, "slash", "veto", id), 0, "vetoed slash "+id+" (evidence "+evHex+") of "+provider.Address.Hex()+" (0.5%)")
	expect(onChain("slash", "show", evHex), 0, "status vetoed")
	expect(as(guardian, "slash", "veto", evHex), 1, "is vetoed on chain")
	if err := n.Chain.AdjustTime(chain.DefaultDeployConfig.SlashDelay); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Client.ExecuteSlash(ctx, deployer(), ev); err == nil {
		t.Fatal("a vetoed slash executed")
	}
	bonded, err := n.Client.BondedOf(ctx, staker.Address, provider.Address)
	if err != nil || bonded.Cmp(hundred) != 0 {
		t.Fatalf("bonded %v after the vetoed slash (%v)", bonded, err)
	}

	// A slash past its delay: executable now, then executed; a veto is too late.
	id2 := "faults:4:" + strings.ToLower(provider.Address.Hex())
	ev2 := merkle.Evidence(id2)
	if _, err := n.Client.ProposeSlash(ctx, deployer(), provider.Address, 10000, ev2); err != nil {
		t.Fatal(err)
	}
	if err := n.Chain.AdjustTime(chain.DefaultDeployConfig.SlashDelay); err != nil {
		t.Fatal(err)
	}
	expect(onChain("slash", "show", id2), 0, "status proposed", "executable now: anyone may execute it")
	if _, err := n.Client.ExecuteSlash(ctx, chain.NewSigner(staker.Key), ev2); err != nil {
		t.Fatal(err)
	}
	expect(onChain("slash", "show", id2), 0, "status executed")
	expect(as(guardian, "slash", "veto", id2), 1, "is executed on chain")

	// Bad input is a usage error and sends nothing.
	expect(as(guardian, "slash", "veto", "slashme"), 2, "neither a slash id")
	expect(as(guardian, "slash", "veto", "0x1234"), 2, "not an evidence hash")
	expect(onChain("slash", "show", "jail:1:U"), 2, "neither a slash id")
}
