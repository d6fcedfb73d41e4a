package projections

import (
	"errors"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/internal/storeformat"
	"github.com/swarm-ledger/swarm/internal/testkit/rawstore"
)

// TestStoreFormat opens a projections store written before format versions
// (no x/format key): it is format 1, written at that open, and its
// projections keep their generations. A store of a newer format is refused
// with both versions and what to do, and left as it was.
func TestStoreFormat(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Config{Dir: dir, Projections: All()})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	rawstore.Set(t, dir, keyFormat, nil) // as a store written before versions

	e, err = Open(Config{Dir: dir, Projections: All()})
	if err != nil {
		t.Fatal(err)
	}
	if v, found, err := storeformat.Read(e.db, keyFormat, StoreFormat); err != nil || !found || v != 1 {
		t.Fatalf("format after the upgrade: %d found=%v %v; want 1", v, found, err)
	}
	if n := len(e.serving); n != len(All()) {
		t.Fatalf("%d serving generations, want %d", n, len(All()))
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	rawstore.Set(t, dir, keyFormat, []byte("2"))
	_, err = Open(Config{Dir: dir, Projections: All()})
	if !errors.Is(err, storeformat.ErrUnknown) {
		t.Fatalf("Open of a format 2 store: %v, want ErrUnknown", err)
	}
	for _, want := range []string{"format 2", "formats 1 to 1", "remove the directory"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := InspectCheckpoint(dir, []string{"catalog"}); !errors.Is(err, storeformat.ErrUnknown) {
		t.Fatalf("InspectCheckpoint of a format 2 store: %v, want ErrUnknown", err)
	}
	if got, _ := rawstore.Get(t, dir, keyFormat); string(got) != "2" {
		t.Fatalf("format key %q after the refusal, want 2 untouched", got)
	}
}
