// Package rawstore edits a closed Pebble store under a test, below the
// code that owns it: to make a store look as an older or newer build left
// it.
package rawstore

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2"
)

// Set writes key = val (val nil: deletes key) in the store in dir, synced.
func Set(t testing.TB, dir string, key, val []byte) {
	t.Helper()
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if val == nil {
		err = db.Delete(key, pebble.Sync)
	} else {
		err = db.Set(key, val, pebble.Sync)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// Get reads key from the store in dir, opened read-only; ok is false when
// it is absent.
func Get(t testing.TB, dir string, key []byte) (val []byte, ok bool) {
	t.Helper()
	db, err := pebble.Open(dir, &pebble.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, closer, err := db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	return bytes.Clone(v), true
}
