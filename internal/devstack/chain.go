package devstack

import (
	"context"
	"fmt"
	"time"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
)

// ChainDir is the subdirectory of a data directory that receives the
// development chain's addresses.json and keys/dev<i>.key.
const ChainDir = "devchain"

// ChainConfirmations is the finality depth on a development chain: one
// sealer and no reorgs, so two blocks deep is final enough and keeps the
// development loop quick.
const ChainConfirmations = 2

// ChainConfig configures a development chain.
type ChainConfig struct {
	RPCAddr       string        // JSON-RPC listen address on loopback; "127.0.0.1:0" picks a free port
	Dir           string        // receives addresses.json and keys/dev<i>.key
	EpochLength   time.Duration // the ledger's epoch length; sets the roots' activation delay
	SlashDelay    time.Duration // how long a proposed slash waits before execution (DefaultSlashDelay when 0)
	Accounts      int           // funded development accounts (devnet's default when 0); account 0 deploys and settles
	BlockInterval time.Duration // devnet's default when 0
}

// DefaultSlashDelay is a development chain's slash delay: short enough that
// a demo shows a slash proposed, waiting out its delay and executed (or
// vetoed by the guardian, development account 0).
const DefaultSlashDelay = time.Minute

// ChainDeploy is the deployment of a development chain: roots claimable
// one epoch (at least five seconds) after they are submitted, proposed
// slashes executable slashDelay (DefaultSlashDelay when 0) after they are
// proposed, and a ten-minute unbonding period, or twice the slash delay
// plus an epoch when that is longer (SPEC §10.2: the unbonding period must
// exceed both).
func ChainDeploy(epoch, slashDelay time.Duration) chain.DeployConfig {
	d := chain.DefaultDeployConfig
	d.SlashDelay, d.Epoch = orDefault(slashDelay, DefaultSlashDelay), max(epoch, time.Second)
	d.UnbondingPeriod = max(10*time.Minute, (2*(d.SlashDelay+d.Epoch) + time.Second - 1).Truncate(time.Second))
	d.ActivationDelay = max(epoch, 5*time.Second)
	return d
}

// StartChain starts a development chain in memory with the contracts
// deployed (ChainDeploy) and its accounts funded, its block times on the
// wall clock (a release time it shows is the wall-clock time it names).
// `swarmd run --dev-chain` and the dev stack both start theirs here.
func StartChain(ctx context.Context, cfg ChainConfig) (*devnet.Net, error) {
	n, err := devnet.Start(ctx, devnet.Config{
		HTTPAddr: cfg.RPCAddr, Dir: cfg.Dir, Accounts: cfg.Accounts,
		BlockInterval: cfg.BlockInterval, Deploy: ChainDeploy(cfg.EpochLength, cfg.SlashDelay), WallClock: true,
	})
	if err != nil {
		return nil, fmt.Errorf("devstack: development chain: %w", err)
	}
	return n, nil
}
