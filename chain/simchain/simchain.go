// Package simchain is the embedded EVM chain of the development stack and of
// the tests: go-ethereum's simulated backend on mainnet's gas rules, which
// mines a block when a transaction arrives and on an interval (AutoMine), or
// only on Commit (tests that script reorgs with Fork), and optionally serves
// standard JSON-RPC over HTTP on a loopback port.
//
// Invariant: blocks are sealed, forked and time-shifted under one mutex, so
// the auto-miner never races a test's Fork.
//
// Block times are whole seconds and strictly increasing, so a chain that
// seals more than one block a second runs ahead of the wall clock (each
// extra block is stamped a second after its parent). With WallClock the
// auto-miner never does: it seals at most one block per second of the
// chain's clock (the wall clock plus what AdjustTime added), batching the
// transactions that arrive meanwhile, so block times follow the wall clock.
package simchain

import (
	"errors"
	"fmt"
	"maps"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// ChainID is the simulated chain's id (go-ethereum's dev chain id).
const ChainID = 1337

// MainnetRules returns a chain config with every fork mainnet has scheduled
// active from genesis and nothing mainnet has not: gas costs, opcodes and
// limits are mainnet's. (go-ethereum's dev config also enables forks that are
// not on mainnet, one of which triples storage gas.)
func MainnetRules() *params.ChainConfig {
	cfg := *params.MainnetChainConfig
	cfg.ChainID = big.NewInt(ChainID)
	zero := big.NewInt(0)
	cfg.HomesteadBlock, cfg.EIP150Block, cfg.EIP155Block, cfg.EIP158Block = zero, zero, zero, zero
	cfg.ByzantiumBlock, cfg.ConstantinopleBlock, cfg.PetersburgBlock, cfg.IstanbulBlock = zero, zero, zero, zero
	cfg.MuirGlacierBlock, cfg.BerlinBlock, cfg.LondonBlock = zero, zero, zero
	cfg.ArrowGlacierBlock, cfg.GrayGlacierBlock = zero, zero
	cfg.DAOForkBlock, cfg.DAOForkSupport = nil, false
	cfg.TerminalTotalDifficulty = zero
	cfg.Ethash = nil
	at0 := func(t *uint64) *uint64 {
		if t == nil {
			return nil
		}
		z := uint64(0)
		return &z
	}
	cfg.ShanghaiTime, cfg.CancunTime, cfg.PragueTime = at0(cfg.ShanghaiTime), at0(cfg.CancunTime), at0(cfg.PragueTime)
	cfg.OsakaTime, cfg.BPO1Time, cfg.BPO2Time = at0(cfg.OsakaTime), at0(cfg.BPO1Time), at0(cfg.BPO2Time)
	cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = at0(cfg.BPO3Time), at0(cfg.BPO4Time), at0(cfg.BPO5Time)
	cfg.AmsterdamTime, cfg.BogotaTime, cfg.UBTTime = at0(cfg.AmsterdamTime), at0(cfg.BogotaTime), at0(cfg.UBTTime)
	return &cfg
}

// Config describes a chain.
type Config struct {
	// Alloc funds accounts at genesis.
	Alloc types.GenesisAlloc
	// HTTPAddr, when set ("127.0.0.1:8545", or port 0 for any free port),
	// serves JSON-RPC (eth, net, web3) over HTTP.
	HTTPAddr string
	// AutoMine seals a block as soon as transactions are pending.
	AutoMine bool
	// BlockInterval, when > 0, also seals a block at this interval.
	BlockInterval time.Duration
	// WallClock keeps block times on the wall clock (plus AdjustTime's
	// shifts): the auto-miner seals a block only once the chain's clock
	// has passed the head's time, so transactions wait up to a second.
	// Without it, blocks are sealed as fast as AutoMine and BlockInterval
	// ask, which tests use for quick confirmations, and their times run
	// ahead of the wall clock.
	WallClock bool
	// GasLimit per block (default 30M, mainnet's order of magnitude).
	GasLimit uint64
}

// Chain is a running simulated chain.
type Chain struct {
	stack  *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	client *ethclient.Client
	url    string
	mu     sync.Mutex    // serializes Commit, Fork and AdjustTime
	offset time.Duration // what AdjustTime added to the chain's clock; under mu
	stop   chan struct{}
	done   sync.WaitGroup
}

// New starts a chain. It assembles what go-ethereum's simulated backend
// does (a node, the eth service, the filter API and a simulated beacon)
// itself, to reach the transaction pool: AutoMine seals on the pool's
// new-transaction events, as geth's --dev mode does.
func New(cfg Config) (*Chain, error) {
	nodeConf := node.DefaultConfig
	nodeConf.DataDir = ""
	nodeConf.P2P = p2p.Config{NoDiscovery: true}
	nodeConf.IPCPath = ""
	if cfg.HTTPAddr != "" {
		host, port, err := freeAddr(cfg.HTTPAddr)
		if err != nil {
			return nil, err
		}
		nodeConf.HTTPHost, nodeConf.HTTPPort = host, port
		nodeConf.HTTPModules = []string{"eth", "net", "web3"}
		nodeConf.HTTPVirtualHosts = []string{"localhost"}
		nodeConf.HTTPCors = []string{"*"}
	}
	gasLimit := cfg.GasLimit
	if gasLimit == 0 {
		gasLimit = 30_000_000
	}
	alloc := core.SystemContractAllocs() // the forks' system contracts, present from genesis
	maps.Copy(alloc, cfg.Alloc)
	ethConf := ethconfig.Defaults
	ethConf.Genesis = &core.Genesis{Config: MainnetRules(), GasLimit: gasLimit, Alloc: alloc}
	ethConf.Miner.GasCeil = gasLimit
	ethConf.SyncMode = ethconfig.FullSync
	ethConf.TxPool.NoLocals = true
	// No log index: its map rendering runs behind every new block and
	// eth_getLogs waits for it, which on a busy machine (or under the race
	// detector) stalls log queries for tens of seconds. A development chain
	// is small enough for the unindexed search (header blooms, then
	// receipts) to answer at once.
	ethConf.LogNoHistory = true

	stack, err := node.New(&nodeConf)
	if err != nil {
		return nil, fmt.Errorf("simchain: %w", err)
	}
	backend, err := eth.New(stack, &ethConf)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("simchain: %w", err)
	}
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filters.NewFilterSystem(backend.APIBackend, filters.Config{}))}})
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("simchain: %w", err)
	}
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("simchain: %w", err)
	}
	if err := beacon.Fork(backend.BlockChain().GetCanonicalHash(0)); err != nil {
		stack.Close()
		return nil, fmt.Errorf("simchain: %w", err)
	}
	c := &Chain{stack: stack, eth: backend, beacon: beacon, client: ethclient.NewClient(stack.Attach()), stop: make(chan struct{})}
	if cfg.HTTPAddr != "" {
		c.url = stack.HTTPEndpoint()
	}
	if cfg.AutoMine || cfg.BlockInterval > 0 {
		c.done.Add(1)
		go c.mine(cfg.AutoMine, cfg.BlockInterval, cfg.WallClock)
	}
	return c, nil
}

// freeAddr resolves "host:0" to a free port. The port is probed and released;
// go-ethereum's node binds it right after.
func freeAddr(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("simchain: listen address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("simchain: listen address %q: %w", addr, err)
	}
	if port == 0 {
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return "", 0, fmt.Errorf("simchain: %w", err)
		}
		port = l.Addr().(*net.TCPAddr).Port
		if err := l.Close(); err != nil {
			return "", 0, fmt.Errorf("simchain: %w", err)
		}
	}
	return host, port, nil
}

func (c *Chain) mine(auto bool, interval time.Duration, wallClock bool) {
	defer c.done.Done()
	var txs chan core.NewTxsEvent
	if auto {
		txs = make(chan core.NewTxsEvent, 256)
		sub := c.eth.TxPool().SubscribeTransactions(txs, true)
		defer sub.Unsubscribe()
	}
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	if !wallClock {
		for {
			select {
			case <-c.stop:
				return
			case <-tick:
				c.Commit()
			case <-txs:
				c.Commit()
			}
		}
	}
	pending := false          // transactions wait for the next block
	var wait <-chan time.Time // fires when the next block is due
	for {
		select {
		case <-c.stop:
			return
		case <-tick:
			if c.untilDue() <= 0 {
				c.Commit()
				pending = false
			}
		case <-txs:
			pending = true
		case <-wait:
			wait = nil
		}
		if pending && wait == nil {
			if d := c.untilDue(); d > 0 {
				wait = time.After(d)
			} else {
				c.Commit()
				pending = false
			}
		}
	}
}

// untilDue is how long until the chain's clock (the wall clock plus the
// AdjustTime shifts) passes the head's time, when the next block may be
// sealed at its own second.
func (c *Chain) untilDue() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	next := time.Unix(int64(c.eth.BlockChain().CurrentBlock().Time)+1, 0)
	return time.Until(next.Add(-c.offset))
}

// Client is an in-process client of the chain.
func (c *Chain) Client() *ethclient.Client { return c.client }

// URL is the HTTP JSON-RPC endpoint, "" when not serving.
func (c *Chain) URL() string { return c.url }

// Commit seals a block with the pending transactions and returns its hash.
func (c *Chain) Commit() common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.beacon.Commit()
}

// Fork makes parent the head; blocks committed after it form the new
// canonical branch. Transactions of the dropped blocks return to the pool.
func (c *Chain) Fork(parent common.Hash) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.beacon.Fork(parent)
}

// AdjustTime seals an empty block d later than the previous one.
func (c *Chain) AdjustTime(d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	// The pool drops mined transactions asynchronously; settle it first so
	// a just-sealed block's transactions do not count as pending.
	if err := c.eth.TxPool().Sync(); err != nil {
		return fmt.Errorf("simchain: %w", err)
	}
	if err := c.beacon.AdjustTime(d); err != nil {
		return err
	}
	c.offset += d.Truncate(time.Second)
	return nil
}

// Close stops mining and shuts the chain down.
func (c *Chain) Close() error {
	select {
	case <-c.stop:
		return errors.New("simchain: closed twice")
	default:
	}
	close(c.stop)
	c.done.Wait()
	c.client.Close()
	return errors.Join(c.beacon.Stop(), c.stack.Close())
}
