package aggregates

import (
	"errors"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/storeformat"
)

// TestStoreFormat: a ledger state written before format versions (no
// x/format key) opens as format 1, which is written then, and resumes the
// same state; a state of a newer format is refused by Open and by
// InspectCheckpoint with both versions and what to do, and left as it was.
func TestStoreFormat(t *testing.T) {
	params, err := LoadParams("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile("../testdata/conformance/s1/log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	l, err := Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs[:200] {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	want, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	setRaw(t, dir, keyFormat, nil) // as a state written before versions

	l, err = Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	if v, found, err := storeformat.Read(l.db, []byte(keyFormat), StoreFormat); err != nil || !found || v != 1 {
		t.Fatalf("format after the upgrade: %d found=%v %v; want 1", v, found, err)
	}
	if got, err := l.StateHash(); err != nil || got != want || l.Position() != 200 {
		t.Fatalf("upgraded state at %d hashes %x (%v), want 200 and %x", l.Position(), got, err, want)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	setRaw(t, dir, keyFormat, []byte("2"))
	_, err = Open(dir, params)
	if !errors.Is(err, storeformat.ErrUnknown) {
		t.Fatalf("Open of a format 2 state: %v, want ErrUnknown", err)
	}
	for _, want := range []string{"format 2", "formats 1 to 1", "swarmctl restore", "refolds"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := InspectCheckpoint(dir); !errors.Is(err, storeformat.ErrUnknown) || !errors.Is(err, ErrCheckpoint) {
		t.Fatalf("InspectCheckpoint of a format 2 state: %v, want ErrCheckpoint and ErrUnknown", err)
	}
	db, err := pebble.Open(dir, &pebble.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _, _ := storeformat.Read(db, []byte(keyFormat), 2); v != 2 {
		t.Fatalf("format %d after the refusal, want 2 untouched", v)
	}
}

// setRaw writes (nil: deletes) one key of the store in dir.
func setRaw(t *testing.T, dir, key string, val []byte) {
	t.Helper()
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if val == nil {
		err = db.Delete([]byte(key), pebble.Sync)
	} else {
		err = db.Set([]byte(key), val, pebble.Sync)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
