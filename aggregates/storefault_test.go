package aggregates

import (
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
)

// TestStoreReadFailureStopsFold makes the store's reads fail under the fold
// (Pebble's error-injecting filesystem: every block read of a table file
// fails) and checks that Apply returns the failure, wrapped, instead of
// panicking; that the ledger then refuses to apply or commit; and that the
// store opened again holds the last committed state, not the batch that was
// being folded.
func TestStoreReadFailureStopsFold(t *testing.T) {
	params, msgs := conformance(t)
	reads := &errorfs.Toggle{Injector: errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind == errorfs.OpFileReadAt {
			return errorfs.ErrInjected
		}
		return nil
	})}
	fs := errorfs.Wrap(vfs.NewMem(), reads)
	open := func() *Ledger {
		t.Helper()
		l, err := OpenFS(fs, "state", params)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	// Fold most of the log and move it out of the memtable into table
	// files, so that reads of it go to the filesystem.
	half := len(msgs) * 3 / 4
	l := open()
	for _, m := range msgs[:half] {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := l.db.Flush(); err != nil {
		t.Fatal(err)
	}
	want, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	wantPos := l.Position()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	// Opened again (an empty block cache), the ledger folds the rest of the
	// log, then replays of earlier messages: their dedupe lookups (SPEC
	// §2.3) read event ids from the table files, which now fail.
	l = open()
	for _, m := range msgs[half:] {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	reads.On()
	var failed error
	for i := half / 2; i < half && failed == nil; i += 7 {
		_, failed = l.ApplyMessage(msgs[i])
	}
	if failed == nil {
		t.Fatal("no replayed message read the store")
	}
	if !errors.Is(failed, ErrStore) || !errors.Is(failed, errorfs.ErrInjected) {
		t.Fatalf("Apply: %v, want ErrStore wrapping the injected read error", failed)
	}
	reads.Off()
	// The event was left half applied in memory: nothing more is folded or
	// written.
	if _, err := l.ApplyMessage(msgs[half]); !errors.Is(err, ErrStore) {
		t.Fatalf("Apply after the failure: %v, want ErrStore", err)
	}
	if err := l.Commit(); !errors.Is(err, ErrStore) {
		t.Fatalf("Commit after the failure: %v, want ErrStore", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l = open()
	defer l.Close()
	got, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	if l.Position() != wantPos || got != want {
		t.Fatalf("reopened at %d (%x), want the last commit %d (%x)", l.Position(), got, wantPos, want)
	}
	// And it folds on from there.
	for _, m := range msgs[half:] {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
}
