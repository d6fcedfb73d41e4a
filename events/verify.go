package events

import (
	"crypto/ed25519"
	"sync"

	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// stdlibOptions makes curve25519-voi judge exactly as crypto/ed25519.Verify
// does (SPEC §2.2): S < L, A decoded as edwards25519 SetBytes does (small
// order and non-canonical A allowed), and the cofactorless equation
// [S]B − [k]A compared bytewise with R (so a non-canonical R never matches).
// Cofactored and batch verification give other verdicts and are not used.
var stdlibOptions = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// Verify reports whether sig is a valid signature of msg by pub, with
// exactly crypto/ed25519.Verify's verdict (SPEC §2.2) at curve25519-voi's
// speed. Unlike crypto/ed25519.Verify it returns false, rather than
// panicking, for a key that is not 32 bytes. It is the one place a verdict
// is computed; a KeyCache reaches the same verdict faster for keys it has
// seen before.
func Verify(pub, msg, sig []byte) bool {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	return voi.VerifyWithOptions(voi.PublicKey(pub), msg, sig, stdlibOptions)
}

// DefaultKeyCacheKeys bounds the expanded keys an Authority keeps: 2,048 per
// shard, room for 100,000 signing sources spread over the shards (about
// 1,560 each). Measured: 100,000 cached keys take 135 MiB of heap (1,416
// bytes each, map included), so a full cache holds about 177 MiB.
const DefaultKeyCacheKeys = 1 << 17

// keyCacheShards spreads the cache over independently locked maps, so the
// parallel checks of a replay rarely wait on each other.
const keyCacheShards = 64

// KeyCache verifies signatures with expanded public keys kept per key, the
// speed-up for a source that signs many events (a node signs every
// heartbeat): expanding a key costs about a fifth of a verification and
// saves about a third of every later one. The verdict is Verify's for every
// input; the cache changes only the time taken. A key enters the cache only
// after it verified a signature, so keys that sign nothing valid cost no
// memory.
//
// The cache is bounded: each of its shards holds at most max/shards keys and,
// when full, drops one held key (whichever Go's map iteration yields first)
// for the new one. With fewer signing sources than the bound every key stays;
// with more, a share of verifications pays the expansion again. A KeyCache is
// safe for concurrent use.
type KeyCache struct {
	keys boundedMap[*voi.ExpandedPublicKey]
}

// NewKeyCache returns a cache of at most keys expanded keys (at least one
// per shard).
func NewKeyCache(keys int) *KeyCache {
	return &KeyCache{keys: newBoundedMap[*voi.ExpandedPublicKey](keys)}
}

// Verify returns Verify(pub, msg, sig), using and filling the cache.
func (c *KeyCache) Verify(pub, msg, sig []byte) bool {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	k := [ed25519.PublicKeySize]byte(pub)
	if x, ok := c.keys.get(&k); ok {
		return voi.VerifyExpandedWithOptions(x, msg, sig, stdlibOptions)
	}
	x, err := voi.NewExpandedPublicKey(voi.PublicKey(pub))
	if err != nil {
		// A key that does not decode: Verify gives the verdict (false).
		return Verify(pub, msg, sig)
	}
	ok := voi.VerifyExpandedWithOptions(x, msg, sig, stdlibOptions)
	if ok {
		c.keys.put(&k, x)
	}
	return ok
}

// Len returns the number of keys held.
func (c *KeyCache) Len() int { return c.keys.len() }

// boundedMap is a map of 32-byte keys (public keys, message hashes) split
// over keyCacheShards independently locked shards of at most perShard
// entries each; a full shard drops one held entry (whichever Go's map
// iteration yields first) for a new one. It is safe for concurrent use.
type boundedMap[V any] struct {
	perShard int
	shards   [keyCacheShards]boundedShard[V]
}

type boundedShard[V any] struct {
	mu sync.Mutex
	m  map[[32]byte]V
}

// newBoundedMap returns a map of at most n entries (at least one per
// shard).
func newBoundedMap[V any](n int) boundedMap[V] {
	return boundedMap[V]{perShard: max(n/keyCacheShards, 1)}
}

func (b *boundedMap[V]) get(k *[32]byte) (V, bool) {
	s := &b.shards[shardOf(k)]
	s.mu.Lock()
	v, ok := s.m[*k]
	s.mu.Unlock()
	return v, ok
}

func (b *boundedMap[V]) put(k *[32]byte, v V) {
	s := &b.shards[shardOf(k)]
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[[32]byte]V)
	}
	if _, held := s.m[*k]; !held && len(s.m) >= b.perShard {
		for old := range s.m {
			delete(s.m, old)
			break
		}
	}
	s.m[*k] = v
	s.mu.Unlock()
}

func (b *boundedMap[V]) len() int {
	n := 0
	for i := range b.shards {
		s := &b.shards[i]
		s.mu.Lock()
		n += len(s.m)
		s.mu.Unlock()
	}
	return n
}

// shardOf picks a shard from key bytes (uniform for real keys and hashes;
// keys chosen to crowd one shard only evict each other and never change a
// verdict).
func shardOf(k *[32]byte) int {
	return int(k[0]^k[7]^k[13]^k[31]) % keyCacheShards
}
