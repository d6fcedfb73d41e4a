package events

import (
	"encoding/hex"
	"hash"
	"sync"

	"golang.org/x/crypto/sha3"
)

// Hash is a 32-byte keccak256 value.
type Hash [32]byte

// String writes h as 0x + 64 lowercase hex digits.
func (h Hash) String() string { return "0x" + hex.EncodeToString(h[:]) }

var keccakPool = sync.Pool{New: func() any { return sha3.NewLegacyKeccak256() }}

// Keccak256 returns keccak256 of the concatenation of parts.
func Keccak256(parts ...[]byte) Hash {
	k := keccakPool.Get().(hash.Hash)
	k.Reset()
	for _, p := range parts {
		k.Write(p)
	}
	var h Hash
	k.Sum(h[:0])
	keccakPool.Put(k)
	return h
}

// MessageHash is an event's hash: keccak256 of its message bytes exactly as
// they sit in the log (SPEC §2.3).
func MessageHash(msg []byte) Hash { return Keccak256(msg) }

// NextDigest chains one message hash into the running event digest:
// d_i = keccak256(d_{i-1} ‖ hash_i) (SPEC §7).
func NextDigest(prev, msgHash Hash) Hash { return Keccak256(prev[:], msgHash[:]) }
