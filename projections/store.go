package projections

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Keys of the projections store (one Pebble database for all of them):
//
//	x/format                 the store's format version (StoreFormat, package storeformat)
//	g/<name>                 generation serving reads (8 bytes big endian)
//	b/<name>                 generation being rebuilt, absent when none
//	c/<name>/<gen>           checkpoint of a generation: the last log position applied
//	d/<name>/<gen>/<key>     a generation's data
//
// A generation is a complete copy of a projection. Rebuilding writes a new
// one beside the serving one; reads move to it in one batch once it has
// caught up, and the old one is deleted in that batch.

// StoreFormat is the format version of the projections store this build
// writes and reads: a store of a newer format is refused at Open. Change it,
// with an upgrade of the older formats (or a rebuild), whenever a key or an
// encoding of the store changes.
const StoreFormat = 1

var keyFormat = []byte("x/format")

// formatFix tells an operator what to do with a store of an unknown format.
const formatFix = "run the build that wrote it, or remove the directory: swarmd rebuilds the projections from the stream"

func genKey(kind, name string) []byte { return []byte(kind + "/" + name) }

func ckptKey(name string, gen uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte("c/"+name+"/"), gen)
}

func dataPrefix(name string, gen uint64) []byte {
	return append(binary.BigEndian.AppendUint64([]byte("d/"+name+"/"), gen), '/')
}

func getU64(r pebble.Reader, key []byte) (uint64, bool, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("projections: read %q: %w", key, err)
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, false, fmt.Errorf("projections: %q: %d bytes, want 8", key, len(v))
	}
	return binary.BigEndian.Uint64(v), true, nil
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// prefixEnd is the first key after every key with prefix p.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Tx is a projection's view of one batch while it applies records: reads
// see the batch's own writes. Keys are the projection's own (the store
// adds its generation prefix).
type Tx struct {
	b      *pebble.Batch
	prefix []byte
	ledger Ledger
	cache  *rowCache
}

// Ledger returns the ledger's committed state, for projections that
// follow entities rather than re-deriving the ledger's rules.
func (t *Tx) Ledger() Ledger { return t.ledger }

func (t *Tx) key(k string) []byte { return append(bytes.Clone(t.prefix), k...) }

// Get reads a key; ok is false when it is absent.
func (t *Tx) Get(k string) (v []byte, ok bool, err error) { return get(t.b, t.key(k)) }

// Set writes a key.
func (t *Tx) Set(k string, v []byte) error {
	key := t.key(k)
	t.cache.drop(key)
	return t.b.Set(key, v, nil)
}

// Delete removes a key.
func (t *Tx) Delete(k string) error {
	key := t.key(k)
	t.cache.drop(key)
	return t.b.Delete(key, nil)
}

// rowCache keeps the decoded values of hot rows (the catalog's node rows,
// read and rewritten on every heartbeat) so that an update does not first
// decode what the last one encoded. Entries are keyed by the full store
// key, generation included, and hold exactly what the store holds: writes
// go through to the batch, any other write of the key drops the entry, and
// a batch that fails to apply or commit drops the whole cache.
type rowCache struct {
	mu sync.Mutex
	m  map[string]any
}

// maxCachedRows bounds the cache; past it the cache starts over.
const maxCachedRows = 1 << 18

func (c *rowCache) drop(key []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.m, string(key))
	c.mu.Unlock()
}

func (c *rowCache) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

func (c *rowCache) get(key []byte) (any, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[string(key)]
	return v, ok
}

func (c *rowCache) put(key []byte, v any) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedRows {
		c.m = make(map[string]any)
	}
	c.m[string(key)] = v
}

// getCached reads a JSON row through the cache. The row returned is the
// cached one: a caller that changes it must write it with putCached (or
// fail the batch, which drops the cache).
func getCached[T any](t *Tx, k string) (*T, bool, error) {
	key := t.key(k)
	if v, ok := t.cache.get(key); ok {
		if row, ok := v.(*T); ok {
			return row, row != nil, nil
		}
	}
	row := new(T)
	ok, err := getJSON(t, k, row)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return row, false, nil
	}
	t.cache.put(key, row)
	return row, true, nil
}

// putCached writes a JSON row and caches it decoded.
func putCached[T any](t *Tx, k string, row *T) error {
	raw, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("projections: encode %q: %w", k, err)
	}
	key := t.key(k)
	if err := t.b.Set(key, raw, nil); err != nil {
		t.cache.drop(key)
		return err
	}
	t.cache.put(key, row)
	return nil
}

// Scan calls fn for every key under prefix in key order (keys without the
// projection's prefix), seeing the batch's writes.
func (t *Tx) Scan(prefix string, fn func(k string, v []byte) error) error {
	return scan(t.b, t.prefix, prefix, "", fn)
}

// Reader reads a projection's serving generation from a consistent
// snapshot.
type Reader struct {
	r      pebble.Reader
	prefix []byte
}

// Get reads a key; ok is false when it is absent.
func (r Reader) Get(k string) (v []byte, ok bool, err error) {
	return get(r.r, append(bytes.Clone(r.prefix), k...))
}

// Scan calls fn for every key under prefix in key order; fn returning
// errStop ends the scan early without an error.
func (r Reader) Scan(prefix string, fn func(k string, v []byte) error) error {
	return scan(r.r, r.prefix, prefix, "", fn)
}

// ScanFrom is Scan starting at prefix+start.
func (r Reader) ScanFrom(prefix, start string, fn func(k string, v []byte) error) error {
	return scan(r.r, r.prefix, prefix, start, fn)
}

// errStop ends a scan early.
var errStop = errors.New("stop")

type iterable interface {
	NewIter(*pebble.IterOptions) (*pebble.Iterator, error)
}

func get(r pebble.Reader, key []byte) ([]byte, bool, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("projections: read: %w", err)
	}
	out := bytes.Clone(v)
	closer.Close()
	return out, true, nil
}

func scan(r iterable, gen []byte, prefix, start string, fn func(k string, v []byte) error) error {
	lo := append(bytes.Clone(gen), prefix...)
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: prefixEnd(lo)})
	if err != nil {
		return fmt.Errorf("projections: scan: %w", err)
	}
	defer it.Close()
	for it.SeekGE(append(bytes.Clone(lo), start...)); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return fmt.Errorf("projections: scan: %w", err)
		}
		if err := fn(string(it.Key()[len(gen):]), v); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
	return it.Error()
}

// Ledger is what projections read of the ledger: its committed state only,
// so they run beside the fold.
type Ledger interface {
	View() aggregates.View
	Verdicts(from, to uint64) ([]events.Reason, error)
	CommittedEpoch(k uint64) (*aggregates.EpochRecord, error)
	CommittedNode(id string) (*aggregates.NodeState, error)
	CommittedStakes(provider string) ([]aggregates.StakeState, error)
	CommittedEarner(addr string) (*aggregates.EarnerState, error)
	CommittedStatement(k uint64) (*aggregates.Statement, error)
	Params() *aggregates.Params
}
