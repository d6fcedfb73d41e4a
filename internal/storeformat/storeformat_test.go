package storeformat

import (
	"errors"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

var key = []byte("x/format")

func openMem(t *testing.T, fs vfs.FS) *pebble.DB {
	t.Helper()
	db, err := pebble.Open("db", &pebble.Options{FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func stored(t *testing.T, db *pebble.DB) string {
	t.Helper()
	v, closer, err := db.Get(key)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	return string(v)
}

func TestNewStoreGetsCurrent(t *testing.T) {
	db := openMem(t, vfs.NewMem())
	defer db.Close()
	v, err := Open(db, key, 3)
	if err != nil || v != 3 {
		t.Fatalf("Open: %d, %v; want 3", v, err)
	}
	if got := stored(t, db); got != "3" {
		t.Fatalf("stored %q, want 3", got)
	}
}

// TestUnversionedIsFormat1 opens a store written before versions were
// recorded: it is format 1, written at that first open and kept after.
func TestUnversionedIsFormat1(t *testing.T) {
	fs := vfs.NewMem()
	db := openMem(t, fs)
	if err := db.Set([]byte("k"), []byte("v"), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	v, err := Open(db, key, 3)
	if err != nil || v != Unversioned {
		t.Fatalf("Open: %d, %v; want %d", v, err, Unversioned)
	}
	if got := stored(t, db); got != "1" {
		t.Fatalf("stored %q, want 1", got)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openMem(t, fs)
	defer db.Close()
	if v, found, err := Read(db, key, 3); err != nil || !found || v != 1 {
		t.Fatalf("Read after reopening: %d %v %v; want 1, found", v, found, err)
	}
}

// TestNewerIsRefused refuses a store of a format above the build's and
// leaves it as it was.
func TestNewerIsRefused(t *testing.T) {
	db := openMem(t, vfs.NewMem())
	defer db.Close()
	if err := db.Set(key, []byte("4"), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	_, err := Open(db, key, 3)
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "format 4") || !strings.Contains(err.Error(), "1 to 3") {
		t.Fatalf("Open: %v; want ErrUnknown naming format 4 and 1 to 3", err)
	}
	if got := stored(t, db); got != "4" {
		t.Fatalf("stored %q, want 4 untouched", got)
	}
}

func TestCorruptVersion(t *testing.T) {
	db := openMem(t, vfs.NewMem())
	defer db.Close()
	for _, bad := range []string{"", "0", "x", "-1"} {
		if err := db.Set(key, []byte(bad), pebble.Sync); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(db, key, 3); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open with %q: %v; want ErrCorrupt", bad, err)
		}
	}
}
