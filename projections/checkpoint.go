package projections

import (
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/internal/pebblelog"
	"github.com/swarm-ledger/swarm/internal/storeformat"
)

// ErrCheckpoint marks a store checkpoint that cannot be written or read.
var ErrCheckpoint = errors.New("projections: checkpoint")

// Checkpoint writes a consistent copy of the projections' store into dir,
// which must not exist (Pebble's DB.Checkpoint with the WAL flushed), and
// returns each projection's serving checkpoint in the copy. Safe while the
// projections are fed; an engine opened on the copy resumes from there.
func (e *Engine) Checkpoint(dir string) (map[string]uint64, error) {
	if err := e.db.Checkpoint(dir, pebble.WithFlushedWAL()); err != nil {
		return nil, fmt.Errorf("%w: write %s: %w", ErrCheckpoint, dir, err)
	}
	return InspectCheckpoint(dir, e.names)
}

// InspectCheckpoint opens a projections store read-only and returns the
// serving checkpoint of each named projection (0: none yet).
func InspectCheckpoint(dir string, names []string) (map[string]uint64, error) {
	db, err := pebble.Open(dir, &pebble.Options{ReadOnly: true, ErrorIfNotExists: true, Logger: pebblelog.Logger{Store: "projections checkpoint"}})
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %w", ErrCheckpoint, dir, err)
	}
	defer db.Close()
	if _, _, err := storeformat.Read(db, keyFormat, StoreFormat); err != nil {
		return nil, fmt.Errorf("%w: %s: %w; %s", ErrCheckpoint, dir, err, formatFix)
	}
	out := make(map[string]uint64, len(names))
	for _, n := range names {
		gen, ok, err := getU64(db, genKey("g", n))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrCheckpoint, dir, err)
		}
		if !ok {
			out[n] = 0
			continue
		}
		if out[n], _, err = getU64(db, ckptKey(n, gen)); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrCheckpoint, dir, err)
		}
	}
	return out, nil
}
