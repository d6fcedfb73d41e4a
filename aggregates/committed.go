package aggregates

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/events"
)

// Committed reads. Like View and CommittedEpoch, everything in this file is
// safe to call from any goroutine while another folds: it reads only what
// Commit has made durable, never the fold's memory. Read models
// (projections) use these to follow the ledger without duplicating its
// rules.

// NodeState is a node as the committed state knows it.
type NodeState struct {
	ID              string
	AuthProvider    string // provider authorizing the key on chain, "" if none
	Registered      bool
	Provider        string // registration's provider while registered
	LastRegProvider string
	Region          string
	GPUs            []GPUState
	FirstRegEpoch   uint64
	Jailed          bool
	JailUntil       uint64
	Tombstoned      bool
}

// GPUState is one registered GPU of a node.
type GPUState struct {
	UUID     string
	Model    string
	MemMiB   uint64
	Verified bool
}

// StakeState is one (staker, provider) position. Active is SPEC §5's
// a_{s,p}: the smaller of bonded now and bonded at the last close.
type StakeState struct {
	Staker    string
	Bonded    *big.Int
	Unbonding *big.Int
	ReleaseAt uint64 // release time of the latest unbond request (unix seconds)
	Active    *big.Int
}

// EarnerState is an earner's cumulative earnings and claims.
type EarnerState struct {
	Cumulative *big.Int
	Claimed    *big.Int
	Unclaimed  *big.Int
}

// ErrNotFolded is returned for a position the committed state has not reached.
var ErrNotFolded = errors.New("aggregates: position not folded")

// CommittedNode returns node id, or nil when the ledger has never seen it.
func (l *Ledger) CommittedNode(id string) (*NodeState, error) {
	v, ok, err := l.committedGet(pfxNode + id)
	if err != nil || !ok {
		return nil, err
	}
	n, err := decodeNode(v)
	if err != nil {
		return nil, fmt.Errorf("aggregates: node %s: %w", id, err)
	}
	s := &NodeState{ID: n.ID, AuthProvider: n.AuthProvider, Registered: n.Registered, Provider: n.Provider,
		LastRegProvider: n.LastRegProvider, Region: n.Region, FirstRegEpoch: n.FirstRegEpoch,
		Jailed: n.Jailed, JailUntil: n.JailUntil, Tombstoned: n.Tombstoned}
	for _, g := range n.GPUs {
		s.GPUs = append(s.GPUs, GPUState{UUID: g.UUID, Model: g.Model, MemMiB: g.MemMiB, Verified: g.Verified})
	}
	return s, nil
}

// CommittedStakes returns provider's stake positions in ascending staker
// order (positions whose bonded and unbonding are both zero included).
func (l *Ledger) CommittedStakes(provider string) ([]StakeState, error) {
	var out []StakeState
	prefix := pfxPosition + provider + "/"
	err := l.committedScan(prefix, func(k string, v []byte) error {
		p, err := decodePosition(v)
		if err != nil {
			return err
		}
		a := p.Snap
		if p.Bonded.Cmp(a) < 0 {
			a = p.Bonded
		}
		out = append(out, StakeState{Staker: k, Bonded: p.Bonded, Unbonding: p.Unbonding, ReleaseAt: p.ReleaseAt,
			Active: new(big.Int).Set(a)})
		return nil
	})
	return out, err
}

// CommittedEarner returns an earner's balances, or nil if it never earned
// or claimed.
func (l *Ledger) CommittedEarner(addr string) (*EarnerState, error) {
	v, ok, err := l.committedGet(pfxEarner + addr)
	if err != nil || !ok {
		return nil, err
	}
	e, err := decodeEarner(v)
	if err != nil {
		return nil, fmt.Errorf("aggregates: earner %s: %w", addr, err)
	}
	return &EarnerState{Cumulative: e.Cumulative, Claimed: e.Claimed, Unclaimed: e.Unclaimed}, nil
}

// Verdicts returns the verdict of every message at positions from..to
// (1-based, inclusive): events.Accepted or the rejection reason. Positions
// past the committed state are ErrNotFolded.
func (l *Ledger) Verdicts(from, to uint64) ([]events.Reason, error) {
	if from == 0 || to < from {
		return nil, fmt.Errorf("aggregates: verdicts %d..%d", from, to)
	}
	if to > l.View().Position {
		return nil, fmt.Errorf("%w: %d", ErrNotFolded, to)
	}
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: []byte(pfxVerdict), UpperBound: prefixEnd(pfxVerdict)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	out := make([]events.Reason, 0, to-from+1)
	if !it.SeekLT(verdictKey(from + 1)) {
		return nil, fmt.Errorf("aggregates: no verdict journal at position %d", from)
	}
	for ; it.Valid() && uint64(len(out)) < to-from+1; it.Next() {
		first := binary.BigEndian.Uint64(it.Key()[len(pfxVerdict):])
		if want := from + uint64(len(out)); first > want {
			return nil, fmt.Errorf("aggregates: verdict journal misses position %d", want)
		}
		v, err := it.ValueAndErr()
		if err != nil {
			return nil, err
		}
		if out, err = decodeVerdicts(out, v, first, from, to); err != nil {
			return nil, err
		}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	if uint64(len(out)) != to-from+1 {
		return nil, fmt.Errorf("aggregates: verdict journal ends before position %d", to)
	}
	return out, nil
}

// decodeVerdicts appends the verdicts of positions from..to found in one
// journal entry starting at position first.
func decodeVerdicts(out []events.Reason, v []byte, first, from, to uint64) ([]events.Reason, error) {
	pos := first
	for len(v) > 0 && pos <= to {
		n, k := binary.Uvarint(v)
		if k <= 0 || uint64(len(v)-k) < n {
			return nil, fmt.Errorf("aggregates: verdict journal entry %d corrupt", first)
		}
		if pos == from+uint64(len(out)) {
			out = append(out, internReason(v[k:k+int(n)]))
		}
		v = v[k+int(n):]
		pos++
	}
	return out, nil
}

var reasonIntern = func() map[string]events.Reason {
	m := map[string]events.Reason{}
	for _, r := range events.AllReasons() {
		m[string(r)] = r
	}
	return m
}()

func internReason(b []byte) events.Reason {
	if len(b) == 0 {
		return events.Accepted
	}
	if r, ok := reasonIntern[string(b)]; ok {
		return r
	}
	return events.Reason(strings.Clone(string(b)))
}

// journal appends a message's verdict to the batch's journal entry.
func (l *Ledger) journal(r events.Reason) {
	if len(l.verdicts) == 0 {
		l.verdictFrom = l.meta.Position
	}
	l.verdicts = binary.AppendUvarint(l.verdicts, uint64(len(r)))
	l.verdicts = append(l.verdicts, r...)
}

// flushJournal moves the batch's journal entry into the pending writes.
func (l *Ledger) flushJournal() {
	if len(l.verdicts) == 0 {
		return
	}
	l.put(string(verdictKey(l.verdictFrom)), bytes.Clone(l.verdicts))
	l.verdicts = l.verdicts[:0]
}

func verdictKey(pos uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(pfxVerdict), pos)
}

func (l *Ledger) committedGet(key string) ([]byte, bool, error) {
	v, closer, err := l.db.Get([]byte(key))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("aggregates: read %q: %w", key, err)
	}
	out := bytes.Clone(v)
	closer.Close()
	return out, true, nil
}

// committedScan calls fn for every committed key under prefix (the key
// without the prefix), in key order.
func (l *Ledger) committedScan(prefix string, fn func(k string, v []byte) error) error {
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: []byte(prefix), UpperBound: prefixEnd(prefix)})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return err
		}
		if err := fn(string(it.Key()[len(prefix):]), bytes.Clone(v)); err != nil {
			return fmt.Errorf("aggregates: record %s%s: %w", prefix, it.Key()[len(prefix):], err)
		}
	}
	return it.Error()
}

// CommittedStateHash is StateHash over a snapshot of the committed state,
// with the position and digest of that snapshot. Safe while the fold runs;
// it reads the whole state, so callers cache it.
func (l *Ledger) CommittedStateHash() (pos uint64, digest, hash events.Hash, err error) {
	snap := l.db.NewSnapshot()
	defer snap.Close()
	v, closer, err := snap.Get([]byte(keyMeta))
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return 0, digest, hash, fmt.Errorf("aggregates: read meta: %w", err)
	default:
		m, derr := decodeMeta(bytes.Clone(v))
		closer.Close()
		if derr != nil {
			return 0, digest, hash, derr
		}
		pos, digest = m.Position, m.Digest
	}
	hash, err = hashStore(snap)
	return pos, digest, hash, err
}
