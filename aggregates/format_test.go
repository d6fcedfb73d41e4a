package aggregates

import (
	"errors"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/internal/storeformat"
	"github.com/swarm-ledger/swarm/internal/testkit/rawstore"
)

// TestStoreFormat: a ledger state written before format versions (no
// x/format key) opens as format 1, which is written then, and resumes the
// same state; a state of a newer format is refused by Open and by
// InspectCheckpoint with both versions and what to do, and left as it was.
func TestStoreFormat(t *testing.T) {
	params, msgs := conformance(t)
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
	rawstore.Set(t, dir, []byte(keyFormat), nil) // as a state written before versions

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

	rawstore.Set(t, dir, []byte(keyFormat), []byte("2"))
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
	if v, _ := rawstore.Get(t, dir, []byte(keyFormat)); string(v) != "2" {
		t.Fatalf("format %q after the refusal, want 2 untouched", v)
	}
}
