package projections

import (
	"testing"

	"github.com/cockroachdb/pebble/v2"
)

type cachedRow struct {
	N    int            `json:"n"`
	Tags map[string]int `json:"tags"`
}

// The row cache must hold exactly what the store holds: a row written
// through it reads back without a decode, any other write of the key wins,
// and a reset forgets everything.
func TestRowCacheFollowsTheStore(t *testing.T) {
	db, err := openDB("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cache rowCache
	b := db.NewIndexedBatch()
	defer b.Close()
	tx := &Tx{b: b, prefix: dataPrefix("catalog", 1), cache: &cache}
	other := &Tx{b: b, prefix: dataPrefix("catalog", 2), cache: &cache}

	row, ok, err := getCached[cachedRow](tx, "n/a")
	if err != nil || ok {
		t.Fatalf("absent row: ok=%v err=%v", ok, err)
	}
	row.N, row.Tags = 1, map[string]int{"x": 1}
	if err := putCached(tx, "n/a", row); err != nil {
		t.Fatal(err)
	}
	// A hit returns the cached row itself, and the batch holds its encoding.
	got, ok, err := getCached[cachedRow](tx, "n/a")
	if err != nil || !ok || got != row {
		t.Fatalf("cached read: %p ok=%v err=%v, want the written row %p", got, ok, err, row)
	}
	if raw, _, _ := tx.Get("n/a"); string(raw) != `{"n":1,"tags":{"x":1}}` {
		t.Fatalf("stored %s", raw)
	}
	// Another generation's key of the same name is another row.
	if _, ok, _ := getCached[cachedRow](other, "n/a"); ok {
		t.Fatal("generation 2 sees generation 1's row")
	}
	// A plain write of the key replaces the cached row.
	if err := tx.Set("n/a", []byte(`{"n":7}`)); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := getCached[cachedRow](tx, "n/a"); got.N != 7 || got.Tags != nil {
		t.Fatalf("after Set: %+v, want n=7", got)
	}
	if err := tx.Delete("n/a"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := getCached[cachedRow](tx, "n/a"); ok {
		t.Fatal("a deleted row is still read")
	}
	// A reset (a failed batch) forgets rows the store never received.
	row = &cachedRow{N: 3}
	if err := putCached(tx, "n/b", row); err != nil {
		t.Fatal(err)
	}
	cache.reset()
	b2 := db.NewIndexedBatch()
	defer b2.Close()
	tx2 := &Tx{b: b2, prefix: dataPrefix("catalog", 1), cache: &cache}
	if _, ok, _ := getCached[cachedRow](tx2, "n/b"); ok {
		t.Fatal("a row of an uncommitted batch survived the reset")
	}
	if err := b.Commit(pebble.NoSync); err != nil {
		t.Fatal(err)
	}
}
