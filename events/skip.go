package events

import "sync/atomic"

// KnownFunc reports whether the event of source src and sequence seq (id
// src/seq) was accepted with exactly the message hash h (the ledger's
// dedupe record, SPEC §2.3). A true answer must never become false later:
// an accepted id is never forgotten.
type KnownFunc func(src string, seq uint64, h Hash) bool

// SigStats counts how Check reached its signature verdicts: Verified ran
// Ed25519; SkippedKnown took a message identical to an accepted event (its
// verdict is duplicate); SkippedBad took a message identical to one whose
// signature already failed (its verdict is bad_signature again).
type SigStats struct {
	Verified, SkippedKnown, SkippedBad uint64
}

// DefaultBadSigCacheHashes bounds the hashes of messages with a failed
// signature that an Authority remembers: 65,536 (about 4 MiB).
const DefaultBadSigCacheHashes = 1 << 16

// hashSet is a bounded set of message hashes (boundedMap, as KeyCache):
// dropping a hash only costs a later verification, never a verdict.
type hashSet struct{ m boundedMap[struct{}] }

func newHashSet(n int) *hashSet { return &hashSet{newBoundedMap[struct{}](n)} }

func (s *hashSet) has(h Hash) bool {
	_, ok := s.m.get((*[32]byte)(&h))
	return ok
}

func (s *hashSet) add(h Hash) { s.m.put((*[32]byte)(&h), struct{}{}) }

func (s *hashSet) len() int { return s.m.len() }

type sigCounters struct {
	verified, skippedKnown, skippedBad atomic.Uint64
}

// SigStats returns the counts of this Authority's signature verdicts so far.
func (a *Authority) SigStats() SigStats {
	return SigStats{Verified: a.counts.verified.Load(), SkippedKnown: a.counts.skippedKnown.Load(),
		SkippedBad: a.counts.skippedBad.Load()}
}

// signature judges d's signature for Check: the verdict is always the one
// Ed25519 verification gives (SPEC §2.2); what changes is the cost. The
// verdict is a pure function of the message bytes and the parameters, so
//   - a message whose bytes hash to those of the accepted event of its id
//     (known) carries a signature that already verified: true, no
//     verification (the fold then judges it duplicate);
//   - a message whose bytes hash to those of a message whose signature
//     failed before: false, no verification.
func (a *Authority) signature(msg []byte, h Hash, d *Decoded, pub []byte, known KnownFunc) bool {
	if a.badSigs.has(h) {
		a.counts.skippedBad.Add(1)
		return false
	}
	if known != nil && known(d.Src, d.Seq, h) {
		a.counts.skippedKnown.Add(1)
		return true
	}
	a.counts.verified.Add(1)
	if d.verifySig(msg, pub, a.keys.Verify) {
		return true
	}
	a.badSigs.add(h)
	return false
}
