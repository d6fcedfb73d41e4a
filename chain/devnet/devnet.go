// Package devnet is the embedded development chain, as hardhat and anvil
// provide: a simulated chain on mainnet gas rules that mines when a
// transaction arrives and on an interval, serves JSON-RPC on loopback, has
// the Swarm contracts deployed at start, and pre-funds a few development
// accounts with ETH and SWARM.
//
// The development keys are derived from a public phrase: anyone can spend
// from them. They exist for local chains only.
package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/simchain"
)

// Config configures a development chain.
type Config struct {
	HTTPAddr      string        // default 127.0.0.1:8545; "127.0.0.1:0" picks a free port
	Accounts      int           // development accounts, default 5 (account 0 deploys and settles)
	BlockInterval time.Duration // default 1s
	// WallClock keeps block times on the wall clock (simchain.Config): at
	// most one block a second. Development chains people use set it; tests
	// that want quick confirmations do not.
	WallClock bool
	Deploy    chain.DeployConfig
	// Dir, when set, receives addresses.json and keys/dev<i>.key (mode 0600).
	Dir string
}

// Account is a funded development account.
type Account struct {
	Key     *ecdsa.PrivateKey
	Address common.Address
	KeyFile string // set when Config.Dir is
}

// Net is a running development chain.
type Net struct {
	Chain     *simchain.Chain
	Addresses chain.Addresses
	Accounts  []Account
	Client    *chain.Client
}

// Funding of each development account.
var (
	FundETH   = new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18))
	FundSWARM = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
)

// DevKey is development key i: keccak256("swarm-ledger development key <i>").
func DevKey(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("swarm-ledger development key %d", i))))
	if err != nil {
		panic(err) // a keccak output is a valid key with overwhelming probability; tested
	}
	return k
}

// Start starts the chain, deploys the contracts from account 0 and funds
// every account.
func Start(ctx context.Context, cfg Config) (*Net, error) {
	if cfg.HTTPAddr == "" {
		cfg.HTTPAddr = "127.0.0.1:8545"
	}
	if cfg.Accounts <= 0 {
		cfg.Accounts = 5
	}
	if cfg.BlockInterval <= 0 {
		cfg.BlockInterval = time.Second
	}
	if cfg.Deploy.MaxStakersPerProvider == 0 {
		cfg.Deploy = chain.DefaultDeployConfig
	}
	n := &Net{}
	alloc := types.GenesisAlloc{}
	for i := 0; i < cfg.Accounts; i++ {
		k := DevKey(i)
		a := Account{Key: k, Address: crypto.PubkeyToAddress(k.PublicKey)}
		alloc[a.Address] = types.Account{Balance: FundETH}
		n.Accounts = append(n.Accounts, a)
	}
	sim, err := simchain.New(simchain.Config{Alloc: alloc, HTTPAddr: cfg.HTTPAddr, AutoMine: true, BlockInterval: cfg.BlockInterval, WallClock: cfg.WallClock})
	if err != nil {
		return nil, err
	}
	n.Chain = sim
	deployer := chain.NewSigner(n.Accounts[0].Key)
	if n.Addresses, err = chain.Deploy(ctx, sim.Client(), deployer, cfg.Deploy); err != nil {
		sim.Close()
		return nil, err
	}
	if n.Client, err = chain.NewClient(ctx, sim.Client(), n.Addresses); err != nil {
		sim.Close()
		return nil, err
	}
	// The mints are independent: sent together, they share a block, which
	// matters on a chain that seals one block a second (WallClock).
	errs := make([]error, len(n.Accounts))
	var wg sync.WaitGroup
	for i, a := range n.Accounts {
		wg.Go(func() {
			if _, err := n.Client.Mint(ctx, deployer, a.Address, FundSWARM); err != nil {
				errs[i] = fmt.Errorf("devnet: fund %s: %w", a.Address.Hex(), err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		sim.Close()
		return nil, err
	}
	if cfg.Dir != "" {
		if err := n.write(cfg.Dir); err != nil {
			sim.Close()
			return nil, err
		}
	}
	return n, nil
}

func (n *Net) write(dir string) error {
	keys := filepath.Join(dir, "keys")
	if err := os.MkdirAll(keys, 0o700); err != nil {
		return fmt.Errorf("devnet: %w", err)
	}
	for i := range n.Accounts {
		p := filepath.Join(keys, fmt.Sprintf("dev%d.key", i))
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("devnet: %w", err)
		}
		if err := chain.WriteKey(p, n.Accounts[i].Key); err != nil {
			return err
		}
		n.Accounts[i].KeyFile = p
	}
	return chain.WriteAddresses(filepath.Join(dir, "addresses.json"), n.Addresses)
}

// URL is the JSON-RPC endpoint.
func (n *Net) URL() string { return n.Chain.URL() }

// Close stops the chain.
func (n *Net) Close() error { return n.Chain.Close() }
