package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/devstack"
	"github.com/swarm-ledger/swarm/internal/keyfile"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

// chainFlags connect swarmd to the contracts.
type chainFlags struct {
	rpc, contracts, ledgerKey, devChain, finality string
	confirmations                                 uint64
	poll                                          time.Duration
	settlerKey                                    string
	epoch, settlePoll, slashDelay                 time.Duration
	noSettle                                      bool
	flags                                         *pflag.FlagSet
}

func (c *chainFlags) register(f *pflag.FlagSet) {
	c.flags = f
	f.StringVar(&c.rpc, "rpc", "", "Ethereum JSON-RPC endpoint of the chain holding the contracts (enables the chain watcher)")
	f.StringVar(&c.contracts, "contracts", "", "addresses file of the contracts (`swarmctl chain deploy`)")
	f.StringVar(&c.ledgerKey, "ledger-key", "", "nkey seed file of the ledger key (the parameters' ledger id); signs chain events")
	f.StringVar(&c.devChain, "dev-chain", "", "run an embedded development chain serving JSON-RPC on this loopback address (e.g. 127.0.0.1:8545) instead of --rpc; ephemeral: needs a fresh --data; finality defaults to 2 confirmations")
	f.StringVar(&c.finality, "finality", "auto", "when a block is final: auto (the node's finalized block, else --confirmations) or confirmations")
	f.Uint64Var(&c.confirmations, "confirmations", 12, "blocks below the head a log must be when the node reports no finalized block")
	f.DurationVar(&c.poll, "chain-poll", 2*time.Second, "how often the watcher polls the chain")
	f.StringVar(&c.settlerKey, "settler-key", "", "EVM key file of the account holding SETTLER_ROLE and SLASHER_ROLE (`swarmctl chain key new`); enables settlement on the leader (--dev-chain: the development deployer)")
	f.DurationVar(&c.epoch, "epoch", 0, "epoch length: the leader closes an epoch at every multiple of it (0: close none, only anchor and slash)")
	f.DurationVar(&c.settlePoll, "settle-poll", time.Second, "how often the settlement loop looks for work")
	f.DurationVar(&c.slashDelay, "slash-delay", devstack.DefaultSlashDelay, "with --dev-chain: how long a proposed slash waits before it can be executed (with --rpc the deployed contract fixes it)")
	f.BoolVar(&c.noSettle, "no-settle", false, "with --dev-chain: run the chain watcher only, no settlement")
}

// configure fills cfg.Chain from the flags and returns a function closing
// what it opened.
func (c *chainFlags) configure(ctx context.Context, cfg *ledgerd.Config) (func(), error) {
	noop := func() {}
	if c.rpc == "" && c.devChain == "" {
		if c.contracts != "" || c.ledgerKey != "" {
			return noop, errors.New("--contracts and --ledger-key need --rpc or --dev-chain")
		}
		return noop, nil
	}
	if c.rpc != "" && c.devChain != "" {
		return noop, errors.New("--rpc and --dev-chain exclude each other")
	}
	if c.ledgerKey == "" {
		return noop, errors.New("the chain watcher needs --ledger-key")
	}
	kp, err := keyfile.UserSeed(c.ledgerKey)
	if err != nil {
		return noop, fmt.Errorf("--ledger-key: %w", err)
	}
	if c.devChain != "" && !c.flags.Changed("finality") && !c.flags.Changed("confirmations") {
		c.finality, c.confirmations = "confirmations", devstack.ChainConfirmations
	}
	cc := &ledgerd.ChainConfig{LedgerKey: kp, Confirmations: c.confirmations, Poll: c.poll}
	switch c.finality {
	case "auto":
		cc.Finality = chain.FinalityAuto
	case "confirmations":
		cc.Finality = chain.FinalityConfirmations
	default:
		return noop, fmt.Errorf("--finality %q: want auto or confirmations", c.finality)
	}
	closer := noop
	if c.devChain != "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, "ledger")); err == nil {
			return noop, errors.New("--dev-chain: the development chain lives in memory and this data dir already followed one; start with an empty --data")
		}
		dir := filepath.Join(cfg.DataDir, devstack.ChainDir)
		n, err := devstack.StartChain(ctx, devstack.ChainConfig{RPCAddr: c.devChain, Dir: dir, EpochLength: c.epoch, SlashDelay: c.slashDelay})
		if err != nil {
			return noop, err
		}
		cfg.Log.Info("development chain up", "rpc", n.URL(), "addresses", filepath.Join(dir, "addresses.json"), "keys", filepath.Join(dir, "keys"))
		cc.Backend, cc.Addresses = n.Chain.Client(), n.Addresses
		closer = func() { n.Close() }
		if c.settlerKey == "" && !c.noSettle {
			c.settlerKey = n.Accounts[0].KeyFile
		}
	} else {
		if c.flags.Changed("slash-delay") {
			return noop, errors.New("--slash-delay needs --dev-chain: with --rpc the deployed contract fixes the delay (`swarmctl chain deploy --slash-delay`)")
		}
		if c.contracts == "" {
			return noop, errors.New("--rpc needs --contracts")
		}
		a, err := chain.LoadAddresses(c.contracts)
		if err != nil {
			return noop, err
		}
		b, _, err := chain.Dial(ctx, c.rpc)
		if err != nil {
			return noop, err
		}
		if _, err := chain.NewClient(ctx, b, a); err != nil {
			b.Close()
			return noop, err
		}
		cc.Backend, cc.Addresses = b, a
		closer = b.Close
	}
	if c.settlerKey != "" {
		key, err := chain.LoadKey(c.settlerKey)
		if err != nil {
			closer()
			return noop, fmt.Errorf("--settler-key: %w", err)
		}
		cc.Settle = &ledgerd.SettleConfig{Signer: chain.NewSigner(key), EpochLength: c.epoch, Poll: c.settlePoll}
	} else if c.epoch > 0 {
		closer()
		return noop, errors.New("--epoch needs --settler-key (or --dev-chain)")
	}
	cfg.Chain = cc
	return closer, nil
}
