package events

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// Check remembers failed signatures by message hash: the same bytes again
// are bad_signature without a second verification, any other bytes (the
// honest message, another broken signature) are verified; CheckKnown skips
// the verification of exactly the bytes known accepted for their id, and of
// nothing else.
func TestSignatureVerdictsSkipped(t *testing.T) {
	msg, _ := validHeartbeat(t)
	auth, err := NewAuthority(pubOf(t, testKey(t, 2)), nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(msg)
	if err != nil {
		t.Fatal(err)
	}
	sig, _, _ := d.SignatureParts(msg)
	broken := func(b byte) []byte {
		s := bytes.Clone(sig)
		s[5] ^= b
		return bytes.Replace(msg, []byte(d.Sig), []byte(base64.StdEncoding.EncodeToString(s)), 1)
	}
	check := func(m []byte, known KnownFunc, want Reason, stats SigStats) {
		t.Helper()
		if c := auth.CheckKnown(m, known); c.Reason != want {
			t.Fatalf("verdict %q, want %q", c.Reason, want)
		}
		if got := auth.SigStats(); got != stats {
			t.Fatalf("stats %+v, want %+v", got, stats)
		}
	}
	check(broken(1), nil, BadSignature, SigStats{Verified: 1})
	check(broken(1), nil, BadSignature, SigStats{Verified: 1, SkippedBad: 1})
	check(broken(2), nil, BadSignature, SigStats{Verified: 2, SkippedBad: 1})
	check(msg, nil, Accepted, SigStats{Verified: 3, SkippedBad: 1})
	check(msg, nil, Accepted, SigStats{Verified: 4, SkippedBad: 1})

	h := MessageHash(msg)
	var asked []string
	known := func(src string, seq uint64, got Hash) bool {
		asked = append(asked, ID(src, seq))
		return ID(src, seq) == d.ID() && got == h
	}
	check(msg, known, Accepted, SigStats{Verified: 4, SkippedBad: 1, SkippedKnown: 1})
	// A broken copy of a known event is still verified (once), and judged
	// bad_signature as SPEC's order requires, not duplicate or equivocation.
	check(broken(4), known, BadSignature, SigStats{Verified: 5, SkippedBad: 1, SkippedKnown: 1})
	check(broken(4), known, BadSignature, SigStats{Verified: 5, SkippedBad: 2, SkippedKnown: 1})
	if len(asked) != 2 || asked[0] != d.ID() {
		t.Fatalf("known asked for %v", asked)
	}
	// Schema and unknown_src come first and never reach the signature.
	check(append(bytes.Clone(msg), ' '), known, Schema, SigStats{Verified: 5, SkippedBad: 2, SkippedKnown: 1})
}

// The bad-signature set is bounded: past its size it drops hashes, and a
// dropped hash is only verified again.
func TestHashSetBounded(t *testing.T) {
	s := newHashSet(keyCacheShards * 2)
	for i := range 10_000 {
		var h Hash
		h[0], h[1], h[31] = byte(i), byte(i>>8), byte(i>>3)
		s.add(h)
		if !s.has(h) {
			t.Fatal("a hash just added is missing")
		}
	}
	if n := s.len(); n > keyCacheShards*2 {
		t.Fatalf("holds %d hashes, bound %d", n, keyCacheShards*2)
	}
}
