// Package storeformat versions the on-disk format of the project's Pebble
// stores (the ledger state, the projections), as Pebble gates its own
// on-disk changes behind FormatMajorVersion.
//
// Contracts:
//   - A store's format version is one key, written as a decimal number when
//     the store is first opened by a build that versions it: a new (empty)
//     store gets the build's current format; an existing store without the
//     key predates versioning and is format 1, which is written then.
//   - A store whose version is above the build's current format is refused
//     with ErrUnknown, naming both versions, and nothing is written to it.
//     A version below the current one is returned for the caller to
//     upgrade; format 1 is the only one today.
package storeformat

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/cockroachdb/pebble/v2"
)

// ErrUnknown is returned for a store written in a format this build does
// not know (a newer build wrote it).
var ErrUnknown = errors.New("store format unknown to this build")

// ErrCorrupt is returned for a format key that is not a version number.
var ErrCorrupt = errors.New("store format key is not a version number")

// Unversioned is the format of a store written before versions were
// recorded.
const Unversioned = 1

// Read returns the format version stored under key in r: Unversioned when
// the key is absent (found false), ErrUnknown wrapped when it is above
// current.
func Read(r pebble.Reader, key []byte, current uint64) (v uint64, found bool, err error) {
	raw, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return Unversioned, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read format %q: %w", key, err)
	}
	v, err = strconv.ParseUint(string(raw), 10, 64)
	closer.Close()
	if err != nil || v == 0 {
		return 0, false, fmt.Errorf("%w: %q", ErrCorrupt, raw)
	}
	if v > current {
		return v, true, fmt.Errorf("%w: the store is format %d, this build reads formats %d to %d", ErrUnknown, v, Unversioned, current)
	}
	return v, true, nil
}

// Open reads the format version of db (Read) and, when the key is absent,
// writes it with pebble.Sync: current for an empty store, Unversioned for a
// store that already holds keys. It returns the store's version.
func Open(db *pebble.DB, key []byte, current uint64) (uint64, error) {
	v, found, err := Read(db, key, current)
	if err != nil || found {
		return v, err
	}
	empty, err := isEmpty(db)
	if err != nil {
		return 0, err
	}
	if empty {
		v = current
	}
	if err := db.Set(key, []byte(strconv.FormatUint(v, 10)), pebble.Sync); err != nil {
		return 0, fmt.Errorf("write format %q: %w", key, err)
	}
	return v, nil
}

func isEmpty(db *pebble.DB) (bool, error) {
	it, err := db.NewIter(nil)
	if err != nil {
		return false, fmt.Errorf("read format: %w", err)
	}
	empty := !it.First()
	if err := it.Close(); err != nil {
		return false, fmt.Errorf("read format: %w", err)
	}
	return empty, nil
}
