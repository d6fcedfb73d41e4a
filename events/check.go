package events

import "fmt"

// Authority holds what the message-local checks need from the parameters:
// the ledger key and the scheduler set (SPEC §2.3, §3).
type Authority struct {
	ledger     string
	ledgerPub  []byte
	schedulers map[string]struct{}
	// keys holds expanded keys of recent signers (verdicts are Verify's).
	keys *KeyCache
	// badSigs holds hashes of messages whose signature failed.
	badSigs *hashSet
	counts  sigCounters
}

// NewAuthority validates the keys and returns an Authority.
func NewAuthority(ledger string, schedulers []string) (*Authority, error) {
	pub, err := PublicKey(ledger)
	if err != nil {
		return nil, fmt.Errorf("ledger key: %w", err)
	}
	a := &Authority{ledger: ledger, ledgerPub: pub, schedulers: make(map[string]struct{}, len(schedulers)), keys: NewKeyCache(DefaultKeyCacheKeys),
		badSigs: newHashSet(DefaultBadSigCacheHashes)}
	for _, s := range schedulers {
		if !ValidNodeID(s) {
			return nil, fmt.Errorf("scheduler key: %w: %q", ErrBadNodeID, s)
		}
		a.schedulers[s] = struct{}{}
	}
	return a, nil
}

// Checked is a message after the checks that need no ledger state: its hash
// (computed for every message, accepted or not), its decoded event when it is
// well formed, and the first failing reason among schema, unknown_src and
// bad_signature (Accepted when all pass).
type Checked struct {
	Msg    []byte
	Hash   Hash
	Event  *Decoded
	Reason Reason
}

// Check runs SPEC §2.3's first three checks on msg, in order. It gives the
// same verdict for the same input and is safe to call from many goroutines;
// the ledger runs it in parallel and folds the results in log order. A message identical to one whose signature
// already failed is judged bad_signature without verifying it again.
func (a *Authority) Check(msg []byte) Checked { return a.CheckKnown(msg, nil) }

// CheckKnown is Check that also skips the signature verification of a
// message identical to an accepted event (known(id, hash)): such a message
// is a duplicate (SPEC §2.3) and its signature is the one that verified
// when it was accepted. The verdicts are Check's for every message; only
// the cost of replays and repeated garbage changes (SigStats counts it).
func (a *Authority) CheckKnown(msg []byte, known KnownFunc) Checked {
	c := Checked{Msg: msg, Hash: MessageHash(msg)}
	d, err := Decode(msg)
	if err != nil {
		c.Reason = Schema
		return c
	}
	c.Event = d
	pub, ok := a.signer(d)
	if !ok {
		c.Reason = UnknownSrc
		return c
	}
	if !a.signature(msg, c.Hash, d, pub, known) {
		c.Reason = BadSignature
	}
	return c
}

// signer returns the key that must have signed d, or false when d's source
// is not of the class its type needs.
func (a *Authority) signer(d *Decoded) ([]byte, bool) {
	switch d.Type.Class() {
	case ClassNode:
		if d.Src == ChainSrc {
			return nil, false
		}
	case ClassScheduler:
		if _, ok := a.schedulers[d.Src]; !ok {
			return nil, false
		}
	case ClassChain:
		return a.ledgerPub, d.Src == ChainSrc
	case ClassLedger:
		return a.ledgerPub, d.Src == a.ledger
	}
	return d.srcKey, true
}
