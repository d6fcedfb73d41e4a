package chain

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/common"

	"github.com/swarm-ledger/swarm/internal/atomicfile"
)

// Addresses locates a deployment of the contracts.
type Addresses struct {
	ChainID     uint64         `json:"chain_id"`
	Token       common.Address `json:"token"`
	Staking     common.Address `json:"staking"`
	Rewards     common.Address `json:"rewards"`
	DeployBlock uint64         `json:"deploy_block"`
}

// ErrBadAddresses marks an unusable addresses file.
var ErrBadAddresses = errors.New("chain: bad addresses file")

// LoadAddresses reads an addresses file as WriteAddresses writes it.
func LoadAddresses(path string) (Addresses, error) {
	var a Addresses
	b, err := os.ReadFile(path)
	if err != nil {
		return a, fmt.Errorf("%w: %w", ErrBadAddresses, err)
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return a, fmt.Errorf("%w: %s: %w", ErrBadAddresses, path, err)
	}
	if a.ChainID == 0 || a.Token == (common.Address{}) || a.Staking == (common.Address{}) || a.Rewards == (common.Address{}) {
		return a, fmt.Errorf("%w: %s: chain_id, token, staking and rewards are required", ErrBadAddresses, path)
	}
	return a, nil
}

// WriteAddresses writes a atomically (temporary file, fsync, rename).
func WriteAddresses(path string, a Addresses) error {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("chain: %w", err)
	}
	return nil
}
