// Package keyfile reads the files that hold secrets: nkey seeds (the
// ledger's, nodes', schedulers' and services' Ed25519 keys) and the stream
// encryption key. Like ssh with private keys, it refuses a secret file that
// its group or others may read or write: a seed readable by another local
// user lets that user sign as its owner.
package keyfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/nkeys"
)

// ErrOpen is returned for a secret file its group or others may access.
var ErrOpen = errors.New("accessible by others")

// ErrNotUserSeed is returned for a file that holds no nkey user seed.
var ErrNotUserSeed = errors.New("not an nkey user seed (SU…)")

// ReadSecret reads a secret file, trimmed of surrounding whitespace. It
// refuses a file whose mode grants its group or others any access.
func ReadSecret(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%s is %w (mode %v): chmod 600 it", path, ErrOpen, perm)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return bytes.TrimSpace(raw), nil
}

// UserSeed reads an nkey user seed (SU…) from a secret file.
func UserSeed(path string) (nkeys.KeyPair, error) {
	raw, err := ReadSecret(path)
	if err != nil {
		return nil, err
	}
	kp, err := nkeys.FromSeed(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, ErrNotUserSeed)
	}
	if pub, err := kp.PublicKey(); err != nil || pub[0] != 'U' {
		return nil, fmt.Errorf("%s: %w", path, ErrNotUserSeed)
	}
	return kp, nil
}
