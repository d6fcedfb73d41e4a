package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/swarm-ledger/swarm/internal/keyfile"
)

// LoadKey reads a secp256k1 private key from a file holding its hex (with
// or without 0x, surrounding whitespace ignored). The file should be
// readable by its owner only; LoadKey refuses group- or world-readable files.
func LoadKey(path string) (*ecdsa.PrivateKey, error) {
	b, err := keyfile.ReadSecret(path)
	if err != nil {
		return nil, fmt.Errorf("chain: key file: %w", err)
	}
	k, err := crypto.HexToECDSA(strings.TrimPrefix(string(b), "0x"))
	if err != nil {
		return nil, fmt.Errorf("chain: key file %s: not a hex secp256k1 key", path)
	}
	return k, nil
}

// WriteKey writes k as hex to path with mode 0600, refusing to overwrite.
func WriteKey(path string, k *ecdsa.PrivateKey) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("chain: %w", err)
	}
	if _, err := fmt.Fprintf(f, "%x\n", crypto.FromECDSA(k)); err != nil {
		f.Close()
		return fmt.Errorf("chain: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("chain: %w", err)
	}
	return f.Close()
}

// Signer sends transactions from one key with in-order nonces.
type Signer struct {
	key  *ecdsa.PrivateKey
	addr common.Address

	mu    sync.Mutex // held from nonce choice to submission
	nonce uint64
	known bool // nonce is valid; false re-reads the pending nonce
}

// NewSigner wraps a key.
func NewSigner(k *ecdsa.PrivateKey) *Signer {
	return &Signer{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

// Address is the signer's account.
func (s *Signer) Address() common.Address { return s.addr }

// nextNonce returns the nonce to use; s.mu must be held.
func (s *Signer) nextNonce(ctx context.Context, b Backend) (uint64, error) {
	if !s.known {
		n, err := b.PendingNonceAt(ctx, s.addr)
		if err != nil {
			return 0, fmt.Errorf("%w: pending nonce: %w", ErrUnreachable, err)
		}
		s.nonce, s.known = n, true
	}
	return s.nonce, nil
}
