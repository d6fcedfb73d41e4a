package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Backend is what the client and the watcher need from a node. Both
// go-ethereum's ethclient (JSON-RPC) and the simulated chain's client
// satisfy it.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
	ethereum.ChainIDReader
	ethereum.BlockNumberReader
}

// Sentinel errors.
var (
	ErrUnreachable      = errors.New("chain: node unreachable")
	ErrContractsMissing = errors.New("chain: contracts missing")
	ErrWrongChain       = errors.New("chain: wrong chain")
	ErrReceiptTimeout   = errors.New("chain: no receipt before the deadline")
	ErrReverted         = errors.New("chain: transaction reverted")
)

// DialTimeout bounds Dial's first contact with the node.
const DialTimeout = 10 * time.Second

// Dial connects to a JSON-RPC endpoint (http(s)://, ws(s):// or an IPC path)
// and proves it answers by reading its chain id.
func Dial(ctx context.Context, url string) (*ethclient.Client, *big.Int, error) {
	ctx, cancel := context.WithTimeout(ctx, DialTimeout)
	defer cancel()
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %w", ErrUnreachable, url, err)
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("%w: %s: %w", ErrUnreachable, url, err)
	}
	return c, id, nil
}
