package aggregates

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/pebblelog"
	"github.com/swarm-ledger/swarm/internal/storeformat"
)

// Key prefixes of the persisted state. Everything the fold knows lives under
// one of these; the state hash covers all of them but the verdict journal,
// an index of the log (one entry per committed batch, so its keys depend on
// batching) rather than state.
const (
	keyFormat    = "x/format" // the store's format version (StoreFormat)
	keyMeta      = "x/meta"
	keyEpoch     = "x/epoch"
	keyParams    = "x/params"
	pfxNode      = "n/" // node id → node
	pfxHB        = "h/" // node id → heartbeats this epoch
	pfxSource    = "s/" // src → source
	pfxPosition  = "k/" // provider/staker → position
	pfxEarner    = "e/" // address → earner
	pfxProvAcc   = "p/" // provider → provAcc (this epoch)
	pfxFaultTask = "f/" // provider/index (8 bytes big endian) → task id of its index-th provider fault this epoch
	pfxOpenTask  = "o/" // task id → open task
	pfxUsedTask  = "t/" // task id → marker: the id was assigned once
	pfxEventID   = "i/" // event id → hash of the accepted event
	pfxReport    = "r/" // epoch (8 bytes big endian) → closed epoch record
	pfxStatement = "w/" // epoch (8 bytes big endian) → the epoch's statement (SPEC §9.1)
	pfxVerdict   = "v/" // first position of a batch (8 bytes big endian) → its verdicts
)

// StoreFormat is the format version of the ledger state this build writes
// and reads (package storeformat): a state of a newer format is refused at
// Open. Change it, with an upgrade of the older formats, whenever a key or
// an encoding of the state changes.
const StoreFormat = 1

// formatFix tells an operator what to do with a state of an unknown format.
const formatFix = "run the build that wrote it, or rebuild the state for this build: remove the directory (swarmd refolds the stream from the start) or swarmctl restore a backup taken by this build"

// ErrParamsMismatch is returned when a persisted state was built with other
// parameters than the ones given.
var ErrParamsMismatch = errors.New("aggregates: state was built with different parameters")

// ErrStore wraps a failure of the state store under the fold (a read that
// fails, a record that does not decode): an operating error, not a
// rejection. The Ledger that returned it folds no further (Apply and Commit
// return it again): close it and open the store again, which resumes from
// the last commit; nothing of the failed batch was written.
var ErrStore = errors.New("aggregates: state store failed")

// storeFault carries a store failure from deep inside the fold, whose rules
// return rejection reasons, up to Apply, which recovers it and returns it
// (encoding/json's way of leaving a deep recursion). Nothing else panics
// with it.
type storeFault struct{ err error }

// fail stops the event being applied with a store failure (an ErrStore).
func fail(err error) { panic(storeFault{err}) }

// Ledger is the deterministic fold of the event log (SPEC §2.3–§6, §11) and
// its Pebble-backed state. It is not safe for concurrent use: one goroutine
// applies events and commits.
type Ledger struct {
	params *Params
	auth   *events.Authority
	db     *pebble.DB

	// pending holds this batch's writes (nil value: delete) until Commit.
	pending map[string][]byte
	// epochDirty marks the epoch record for writing at Commit: it changes
	// with every rejection, so it is encoded once per batch, not per event.
	epochDirty bool

	meta     *meta
	epoch    *epochAcc
	nodes    map[string]*node
	gpuOwner map[string]string // uuid → registered node holding it
	hb       map[string]uint64
	sources  map[string]*source
	seen     seenSeqs                        // highest seq per source, for AcceptedCommitted
	stakes   map[string]map[string]*position // provider → staker → position
	earners  map[string]*earner
	provAccs map[string]*provAcc
	open     map[string]*task

	// view is the committed summary readable from other goroutines.
	view atomic.Pointer[View]

	// verdicts is this batch's journal entry: each message's verdict as a
	// length-prefixed reason ("" for accepted), from position verdictFrom.
	verdicts    []byte
	verdictFrom uint64

	// failed is the store failure that stopped the fold (ErrStore): the
	// in-memory state is then ahead of the store by a partial event, so
	// Apply and Commit refuse to go on.
	failed error

	// discardStatements skips storing each close's statement (the close
	// still builds it: the amounts are its sums). Only the benchmark of
	// what keeping statements costs sets it (export_test.go).
	discardStatements bool
}

// Open opens (or creates) the ledger state in dir. An empty dir keeps the
// state in memory (Pebble's in-memory filesystem). The state resumes from its
// checkpoint.
func Open(dir string, params *Params) (*Ledger, error) {
	if dir == "" {
		return OpenFS(vfs.NewMem(), "", params)
	}
	return OpenFS(vfs.Default, dir, params)
}

// OpenFS is Open on a given filesystem (tests pass Pebble's crashable
// in-memory filesystem).
func OpenFS(fs vfs.FS, dir string, params *Params) (*Ledger, error) {
	auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrParams, err)
	}
	opts := &pebble.Options{
		FS:                 fs,
		ErrorIfExists:      false,
		ErrorIfNotExists:   false,
		ErrorIfNotPristine: false,
		MemTableSize:       memTableSize(dir),
		BytesPerSync:       1 << 20,
		Logger:             pebblelog.Logger{Store: "ledger state"},
	}
	db, err := pebble.Open(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("aggregates: open state %q: %w", dir, err)
	}
	if _, err := storeformat.Open(db, []byte(keyFormat), StoreFormat); err != nil {
		db.Close()
		return nil, fmt.Errorf("aggregates: state %q: %w; %s", dir, err, formatFix)
	}
	l := &Ledger{params: params, auth: auth, db: db, pending: map[string][]byte{}}
	if err := l.load(); err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}

// Authority returns the message-local checker for this ledger's parameters.
func (l *Ledger) Authority() *events.Authority { return l.auth }

// Params returns the ledger's parameters.
func (l *Ledger) Params() *Params { return l.params }

// Close closes the store without committing pending changes.
func (l *Ledger) Close() error { return l.db.Close() }

// Position is the number of log messages folded into the committed state
// plus the pending batch.
func (l *Ledger) Position() uint64 { return l.meta.Position }

// Digest is the running event digest at Position.
func (l *Ledger) Digest() events.Hash { return l.meta.Digest }

// LastClosed is the last closed epoch (0 before any).
func (l *Ledger) LastClosed() uint64 { return l.meta.LastClosed }

func (l *Ledger) put(key string, val []byte) { l.pending[key] = val }

func (l *Ledger) del(key string) { l.pending[key] = nil }

// get reads a cold key inside the fold (under Apply): this batch's writes
// first, then the store. The store failing under the fold is not a
// rejection: it stops the event (fail) and Apply returns the error.
func (l *Ledger) get(key string) ([]byte, bool) {
	v, ok, err := l.read(key)
	if err != nil {
		fail(err)
	}
	return v, ok
}

// read is get returning the store's error.
func (l *Ledger) read(key string) ([]byte, bool, error) {
	if v, ok := l.pending[key]; ok {
		return v, v != nil, nil
	}
	v, ok, err := l.committedGet(key)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrStore, err)
	}
	return v, ok, nil
}

// Commit writes the pending batch (state changes, dedupe keys, digest and
// checkpoint together) with pebble.Sync.
func (l *Ledger) Commit() error {
	if l.failed != nil {
		return l.failed
	}
	l.flushJournal()
	l.put(keyMeta, l.meta.encode())
	if l.epochDirty {
		l.put(keyEpoch, l.epoch.encode())
		l.epochDirty = false
	}
	b := l.db.NewBatch()
	defer b.Close()
	for _, k := range sortedKeys(l.pending) {
		v := l.pending[k]
		var err error
		if v == nil {
			err = b.Delete([]byte(k), nil)
		} else {
			err = b.Set([]byte(k), v, nil)
		}
		if err != nil {
			return fmt.Errorf("aggregates: batch: %w", err)
		}
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("aggregates: commit: %w", err)
	}
	clear(l.pending)
	l.publishView()
	return nil
}

// load reads the committed state into memory (the cold keys, event ids, used
// task ids and reports, stay in the store).
func (l *Ledger) load() error {
	l.meta, l.epoch = newMeta(), newEpochAcc()
	l.nodes, l.gpuOwner, l.hb = map[string]*node{}, map[string]string{}, map[string]uint64{}
	l.sources, l.stakes = map[string]*source{}, map[string]map[string]*position{}
	l.earners, l.provAccs, l.open = map[string]*earner{}, map[string]*provAcc{}, map[string]*task{}
	v, ok, err := l.read(keyParams)
	if err != nil {
		return err
	}
	if ok {
		if !bytes.Equal(v, l.params.Canonical) {
			return ErrParamsMismatch
		}
	} else {
		l.put(keyParams, l.params.Canonical)
	}
	if v, ok, err = l.read(keyMeta); err != nil {
		return err
	} else if ok {
		m, err := decodeMeta(v)
		if err != nil {
			return fmt.Errorf("%s: %w", keyMeta, err)
		}
		l.meta = m
	}
	if v, ok, err = l.read(keyEpoch); err != nil {
		return err
	} else if ok {
		a, err := decodeEpochAcc(v)
		if err != nil {
			return fmt.Errorf("%s: %w", keyEpoch, err)
		}
		l.epoch = a
	}
	if err := l.scanAll(); err != nil {
		return err
	}
	l.publishView()
	return nil
}

func (l *Ledger) scanAll() error {
	scans := []struct {
		prefix string
		fn     func(k string, v []byte) error
	}{
		{pfxNode, func(k string, v []byte) error {
			n, err := decodeNode(v)
			if err == nil {
				l.nodes[k] = n
				if n.Registered {
					for _, g := range n.GPUs {
						l.gpuOwner[g.UUID] = k
					}
				}
			}
			return err
		}},
		{pfxHB, func(k string, v []byte) error {
			c, n := binary.Uvarint(v)
			if n <= 0 {
				return errCorrupt
			}
			l.hb[k] = c
			return nil
		}},
		{pfxSource, func(k string, v []byte) error {
			s, err := decodeSource(v)
			l.sources[k] = s
			if err == nil {
				l.seen.raise(k, s.MaxSeq)
			}
			return err
		}},
		{pfxPosition, func(k string, v []byte) error {
			provider, staker, ok := splitPair(k)
			if !ok {
				return errCorrupt
			}
			p, err := decodePosition(v)
			l.position(provider, staker, p)
			return err
		}},
		{pfxEarner, func(k string, v []byte) error {
			e, err := decodeEarner(v)
			l.earners[k] = e
			return err
		}},
		{pfxProvAcc, func(k string, v []byte) error {
			a, err := decodeProvAcc(v)
			l.provAccs[k] = a
			return err
		}},
		{pfxFaultTask, func(k string, v []byte) error {
			// Keys sort by provider, then index: each list loads in order.
			provider, index, ok := splitPair(k)
			a := l.provAccs[provider]
			if !ok || a == nil || len(index) != 8 || binary.BigEndian.Uint64([]byte(index)) != uint64(len(a.FaultTasks)) {
				return errCorrupt
			}
			a.FaultTasks = append(a.FaultTasks, string(v))
			return nil
		}},
		{pfxOpenTask, func(k string, v []byte) error {
			t, err := decodeTask(v)
			l.open[k] = t
			return err
		}},
	}
	for _, s := range scans {
		if err := l.scan(s.prefix, s.fn); err != nil {
			return err
		}
	}
	return nil
}

func (l *Ledger) scan(prefix string, fn func(k string, v []byte) error) error {
	it, err := l.db.NewIter(&pebble.IterOptions{
		LowerBound: []byte(prefix),
		UpperBound: prefixEnd(prefix),
	})
	if err != nil {
		return fmt.Errorf("aggregates: scan %q: %w", prefix, err)
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		k := string(it.Key()[len(prefix):])
		v, err := it.ValueAndErr()
		if err != nil {
			return fmt.Errorf("aggregates: scan %q: %w", prefix, err)
		}
		if err := fn(k, bytes.Clone(v)); err != nil {
			return fmt.Errorf("aggregates: record %s%s: %w", prefix, k, err)
		}
	}
	return it.Error()
}

func prefixEnd(prefix string) []byte {
	end := []byte(prefix)
	end[len(end)-1]++
	return end
}

func splitPair(k string) (string, string, bool) {
	i := bytes.IndexByte([]byte(k), '/')
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[i+1:], true
}

// position returns (creating if p is non-nil) the stake position.
func (l *Ledger) position(provider, staker string, p *position) *position {
	m := l.stakes[provider]
	if m == nil {
		if p == nil {
			return nil
		}
		m = map[string]*position{}
		l.stakes[provider] = m
	}
	if cur := m[staker]; cur != nil || p == nil {
		return cur
	}
	m[staker] = p
	return p
}

// StateHash is keccak256 over every committed key and value in key order,
// each length-prefixed. Pending changes must be committed first.
func (l *Ledger) StateHash() (events.Hash, error) {
	if len(l.pending) > 0 {
		return events.Hash{}, errors.New("aggregates: state hash with uncommitted changes")
	}
	return hashStore(l.db)
}

// hashStore hashes every key and value of r but the verdict journal.
func hashStore(r pebble.Reader) (events.Hash, error) {
	it, err := r.NewIter(&pebble.IterOptions{})
	if err != nil {
		return events.Hash{}, err
	}
	defer it.Close()
	h := newHasher()
	for it.First(); it.Valid(); it.Next() {
		if bytes.HasPrefix(it.Key(), []byte(pfxVerdict)) {
			it.SeekGE(prefixEnd(pfxVerdict))
			if !it.Valid() {
				break
			}
		}
		v, err := it.ValueAndErr()
		if err != nil {
			return events.Hash{}, err
		}
		h.field(it.Key())
		h.field(v)
	}
	if err := it.Error(); err != nil {
		return events.Hash{}, err
	}
	return h.sum(), nil
}

func epochKey(epoch uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], epoch)
	return pfxReport + string(b[:])
}

// bigOrZero returns v, or a fresh zero for nil.
func bigOrZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}

// memTableSize is 64 MiB on disk (fewer flushes during replay) and 4 MiB in
// memory, where Pebble allocates the arena up front for every open.
func memTableSize(dir string) uint64 {
	if dir == "" {
		return 4 << 20
	}
	return 64 << 20
}

// faultTaskKey is the key of a provider's index-th provider-fault task.
func faultTaskKey(provider string, index int) string {
	return pfxFaultTask + provider + "/" + string(binary.BigEndian.AppendUint64(nil, uint64(index)))
}
