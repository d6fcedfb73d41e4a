package aggregates

import (
	"encoding/binary"
	"hash"

	"golang.org/x/crypto/sha3"

	"github.com/swarm-ledger/swarm/events"
)

type hasher struct{ k hash.Hash }

func newHasher() *hasher { return &hasher{k: sha3.NewLegacyKeccak256()} }

func (h *hasher) field(b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	h.k.Write(n[:])
	h.k.Write(b)
}

func (h *hasher) sum() events.Hash {
	var out events.Hash
	h.k.Sum(out[:0])
	return out
}
