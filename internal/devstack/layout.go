package devstack

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
)

// Node is one simulated GPU node.
type Node struct {
	Name     string // node-1, node-2, …
	ID       string // its nkey public id, the node id in the ledger
	Provider string // address of the provider that authorized it
	Region   string
	Model    string
	GPUs     int
	KeyFile  string // its nkey seed
	key      nkeys.KeyPair
}

// Provider is a development account that authorizes nodes on chain.
type Provider struct {
	Name    string // provider-1, provider-2, …
	Address string // 0x and 40 lowercase hex digits
	KeyFile string // its development key (swarmctl --key)
	GPUs    int    // across its nodes
	signer  *chain.Signer
}

// Staker is a development account that bonds behind providers.
type Staker struct {
	Name    string // staker-1, staker-2, …
	Address string
	KeyFile string
	Bonds   []Bond
	signer  *chain.Signer
}

// Bond is stake a staker bonds behind a provider at start.
type Bond struct {
	Provider string
	Amount   *big.Int // atto-SWARM
}

// The spread of the demo nodes.
var (
	regions   = []string{"eu-west", "us-east", "ap-southeast"}
	models    = []string{ModelH100, ModelA100, ModelL40S}
	gpuCounts = []int{8, 4, 2}
)

// runPrefix names the run directories under a data directory.
const runPrefix = "run-"

// newRunDir creates the next run directory under dataDir. It refuses a
// data directory of `swarmd run`, whose state would be mistaken for a run.
func newRunDir(dataDir string) (string, error) {
	for _, name := range []string{"ledger", "nats", ChainDir} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			return "", fmt.Errorf("%w: %s holds %s/, the state of a `swarmd run`; the dev stack keeps its runs in a directory of its own",
				ErrDataDir, dataDir, name)
		}
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", fmt.Errorf("%w: %w", ErrDataDir, err)
	}
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrDataDir, err)
	}
	next := 1
	for _, e := range entries {
		if n, err := strconv.Atoi(strings.TrimPrefix(e.Name(), runPrefix)); err == nil && strings.HasPrefix(e.Name(), runPrefix) {
			next = max(next, n+1)
		}
	}
	for ; ; next++ {
		dir := filepath.Join(dataDir, fmt.Sprintf("%s%03d", runPrefix, next))
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, nil
		}
		if !os.IsExist(err) {
			return "", fmt.Errorf("%w: %w", ErrDataDir, err)
		}
	}
}

// newKey creates an nkey user key and writes its seed to path (mode 0600).
func newKey(path string) (nkeys.KeyPair, string, error) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, "", fmt.Errorf("devstack: new key: %w", err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, "", fmt.Errorf("devstack: new key: %w", err)
	}
	if err := os.WriteFile(path, append(seed, '\n'), 0o600); err != nil {
		return nil, "", fmt.Errorf("devstack: write key: %w", err)
	}
	id, err := kp.PublicKey()
	if err != nil {
		return nil, "", fmt.Errorf("devstack: new key: %w", err)
	}
	return kp, id, nil
}

// accounts names the development accounts: account 0 deploys and settles,
// then the providers, then the stakers.
func accounts(n *devnet.Net, providers, stakers int) ([]Provider, []Staker) {
	ps := make([]Provider, providers)
	for i := range ps {
		a := n.Accounts[1+i]
		ps[i] = Provider{Name: fmt.Sprintf("provider-%d", i+1), Address: events.Address(a.Address).String(),
			KeyFile: a.KeyFile, signer: chain.NewSigner(a.Key)}
	}
	ss := make([]Staker, stakers)
	for i := range ss {
		a := n.Accounts[1+providers+i]
		ss[i] = Staker{Name: fmt.Sprintf("staker-%d", i+1), Address: events.Address(a.Address).String(),
			KeyFile: a.KeyFile, signer: chain.NewSigner(a.Key)}
	}
	return ps, ss
}

// newNodes creates the node keys under keysDir and spreads the nodes over
// the providers, regions, models and sizes.
func newNodes(keysDir string, count int, providers []Provider) ([]Node, error) {
	nodes := make([]Node, count)
	for i := range nodes {
		round := i / len(providers)
		p := &providers[i%len(providers)]
		n := Node{Name: fmt.Sprintf("node-%d", i+1), Provider: p.Address,
			Region: regions[(round+2*i)%len(regions)], Model: models[round%len(models)],
			GPUs: gpuCounts[(i+round)%len(gpuCounts)], KeyFile: filepath.Join(keysDir, fmt.Sprintf("node-%d.nk", i+1))}
		var err error
		if n.key, n.ID, err = newKey(n.KeyFile); err != nil {
			return nil, err
		}
		p.GPUs += n.GPUs
		nodes[i] = n
	}
	return nodes, nil
}

// planBonds has the stakers back every provider with 125% of the stake its
// GPUs need, in whole SWARM, two stakers to a provider (two thirds and one
// third) when there are two or more.
func planBonds(providers []Provider, stakers []Staker) {
	perGPU := new(big.Int).Quo(minStakePerGPU(), chain.Swarm(1))
	for i, p := range providers {
		whole := new(big.Int).Mul(perGPU, big.NewInt(int64(p.GPUs)))
		whole.Mul(whole, big.NewInt(5)).Quo(whole, big.NewInt(4))
		if whole.Sign() == 0 {
			continue
		}
		first := &stakers[i%len(stakers)]
		if len(stakers) == 1 {
			first.Bonds = append(first.Bonds, Bond{Provider: p.Address, Amount: whole.Mul(whole, chain.Swarm(1))})
			continue
		}
		major := new(big.Int).Quo(new(big.Int).Mul(whole, big.NewInt(2)), big.NewInt(3))
		minor := new(big.Int).Sub(whole, major)
		first.Bonds = append(first.Bonds, Bond{Provider: p.Address, Amount: major.Mul(major, chain.Swarm(1))})
		second := &stakers[(i+1)%len(stakers)]
		second.Bonds = append(second.Bonds, Bond{Provider: p.Address, Amount: minor.Mul(minor, chain.Swarm(1))})
	}
}

// deployer is development account 0's address and key file.
func deployer(n *devnet.Net) (string, string) {
	return events.Address(n.Accounts[0].Address).String(), n.Accounts[0].KeyFile
}
