package aggregates

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/pebblelog"
	"github.com/swarm-ledger/swarm/internal/storeformat"
)

// ErrCheckpoint marks a store checkpoint that cannot be written or read.
var ErrCheckpoint = errors.New("aggregates: checkpoint")

// CheckpointInfo describes a copy of the committed state.
type CheckpointInfo struct {
	Position   uint64      // messages folded into it
	Digest     events.Hash // event digest at Position
	LastClosed uint64      // last closed epoch
	StateHash  events.Hash // StateHash of the copy
	Params     []byte      // the canonical parameters it was folded with (nil at position 0)
}

// Checkpoint writes a consistent copy of the committed state into dir,
// which must not exist (Pebble's DB.Checkpoint with the WAL flushed: the
// last committed batch, never part of one). Safe while the fold runs; the
// copy is at whichever batch was committed last.
func (l *Ledger) Checkpoint(dir string) (CheckpointInfo, error) {
	if err := l.db.Checkpoint(dir, pebble.WithFlushedWAL()); err != nil {
		return CheckpointInfo{}, fmt.Errorf("%w: write %s: %w", ErrCheckpoint, dir, err)
	}
	return InspectCheckpoint(dir)
}

// InspectCheckpoint opens a state directory read-only and returns its
// position, digest, last closed epoch, state hash and parameters.
func InspectCheckpoint(dir string) (CheckpointInfo, error) {
	db, err := pebble.Open(dir, &pebble.Options{ReadOnly: true, ErrorIfNotExists: true, Logger: pebblelog.Logger{Store: "ledger checkpoint"}})
	if err != nil {
		return CheckpointInfo{}, fmt.Errorf("%w: open %s: %w", ErrCheckpoint, dir, err)
	}
	defer db.Close()
	var info CheckpointInfo
	if _, _, err := storeformat.Read(db, []byte(keyFormat), StoreFormat); err != nil {
		return info, fmt.Errorf("%w: %s: %w; %s", ErrCheckpoint, dir, err, formatFix)
	}
	read := func(key string) ([]byte, error) {
		v, closer, err := db.Get([]byte(key))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: read %q: %w", ErrCheckpoint, dir, key, err)
		}
		defer closer.Close()
		return bytes.Clone(v), nil
	}
	// A state that never committed a batch has no meta and no parameters
	// yet: position 0.
	raw, err := read(keyMeta)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return info, err
	default:
		m, err := decodeMeta(raw)
		if err != nil {
			return info, fmt.Errorf("%w: %s: meta: %w", ErrCheckpoint, dir, err)
		}
		info.Position, info.Digest, info.LastClosed = m.Position, m.Digest, m.LastClosed
		if info.Params, err = read(keyParams); err != nil {
			return info, err
		}
	}
	if info.StateHash, err = hashStore(db); err != nil {
		return info, fmt.Errorf("%w: %s: state hash: %w", ErrCheckpoint, dir, err)
	}
	return info, nil
}
