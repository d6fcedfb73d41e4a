package aggregates_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// TestViewConcurrentWithFold reads the committed view and epoch records from
// another goroutine while the fold applies and commits (run with -race), and
// checks that the view follows the commits.
func TestViewConcurrentWithFold(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Epochs = 3
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	l, err := aggregates.Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	if v := l.View(); v.Position != 0 || v.LastClosed != 0 {
		t.Fatalf("fresh view %+v", v)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			v := l.View()
			for k := uint64(1); k <= v.LastClosed; k++ {
				if _, err := l.CommittedEpoch(k); err != nil {
					t.Errorf("epoch %d of view %+v: %v", k, v, err)
					return
				}
			}
		}
	}()
	for i, m := range sc.Messages {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
		if i%50 == 49 {
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	v := l.View()
	if v.Position != uint64(len(sc.Messages)) || v.LastClosed != l.LastClosed() || v.Digest != l.Digest() {
		t.Fatalf("view %+v, ledger position %d closed %d", v, l.Position(), l.LastClosed())
	}
	if v.LedgerSeq == 0 {
		t.Fatal("view has no ledger seq after epoch closes")
	}
	for k := uint64(1); k <= v.LastClosed; k++ {
		a, err := l.CommittedEpoch(k)
		if err != nil {
			t.Fatal(err)
		}
		b, err := l.Epoch(k)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Report, b.Report) || a.Root != b.Root {
			t.Fatalf("epoch %d: committed record differs from the ledger's", k)
		}
	}
	if _, err := l.CommittedEpoch(v.LastClosed + 1); err == nil {
		t.Fatal("an open epoch has a committed record")
	}
	// Reopening publishes the view of the stored state.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l2, err := aggregates.Open(dir, params)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if l2.View() != v {
		t.Fatalf("reopened view %+v, want %+v", l2.View(), v)
	}
}
