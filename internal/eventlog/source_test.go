package eventlog

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/ingest"
)

const s1 = "../../testdata/conformance/s1/"

// The conformance log carried through a real JetStream stream and folded
// from an ordered consumer gives exactly the expected reports.
func TestFoldFromStreamMatchesConformance(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := EnsureStream(ctx, js, StreamConfig(1, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(s1 + "log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		// The conformance log holds deliberate exact re-sends, so it is
		// carried without Nats-Msg-Id (no transport dedupe) to keep it whole.
		if _, err := js.Publish(ctx, SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
	}
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	src, err := NewLogSource(ctx, s, l.Position()+1, 256)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Stop()
	foldCtx, stopFold := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := ingest.RunBatches(foldCtx, l, src, ingest.Options{BatchSize: 100}, ingest.Stats{})
		done <- err
	}()
	// Wait for the committed state (View is safe beside the fold), not for
	// the source: a loaded machine folds the last batches well after reading.
	deadline := time.Now().Add(30 * time.Second)
	for l.View().Position < uint64(len(msgs)) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	stopFold()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if l.Position() != uint64(len(msgs)) {
		t.Fatalf("folded %d of %d", l.Position(), len(msgs))
	}
	got, _ := l.Reports()
	want, _ := os.ReadFile(s1 + "expected.ndjson")
	if !bytes.Equal(append(bytes.Join(got, []byte("\n")), '\n'), want) {
		t.Fatal("reports folded from the stream differ from expected.ndjson")
	}
}

// A hole in the stream's sequence stops the fold with ErrGap instead of
// folding past a lost message.
func TestGapStopsTheFold(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := StreamConfig(1, time.Minute)
	cfg.DenyDelete = false // only this test may punch a hole
	s, err := js.CreateStream(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := js.Publish(ctx, SubjectPrefix+"raw", []byte{byte('a' + i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteMsg(ctx, 3); err != nil {
		t.Fatal(err)
	}
	src, err := NewLogSource(ctx, s, 1, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Stop()
	var got [][]byte
	for {
		b, err := src.NextBatch(ctx, 16)
		got = append(got, b...)
		if err != nil {
			if !errors.Is(err, ErrGap) {
				t.Fatalf("err %v, want ErrGap", err)
			}
			break
		}
	}
	if len(got) != 2 {
		t.Fatalf("delivered %d messages before the gap, want 2", len(got))
	}
}

// Renew, from another goroutine while NextBatch waits or between batches,
// continues at the next sequence with a fresh consumer: nothing is lost or
// delivered twice, and a hole found by the fresh consumer is still a gap.
func TestRenewContinuesInOrder(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := StreamConfig(1, time.Minute)
	cfg.DenyDelete = false // the test punches a hole
	s, err := js.CreateStream(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(from, to int) {
		t.Helper()
		for i := from; i <= to; i++ {
			if _, err := js.Publish(ctx, SubjectPrefix+"raw", []byte{byte(i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	src, err := NewLogSource(ctx, s, 1, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Stop()
	var got []byte
	read := func(n int) error {
		for len(got) < n {
			b, err := src.NextBatch(ctx, 16)
			for _, m := range b {
				got = append(got, m[0])
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	publish(1, 3)
	if err := read(3); err != nil {
		t.Fatal(err)
	}
	// Renewed while waiting: the waiting call goes on with the fresh consumer.
	done := make(chan error, 1)
	go func() { done <- read(5) }()
	for src.Renewals() == 0 {
		src.Renew()
		time.Sleep(10 * time.Millisecond)
	}
	publish(4, 5)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Renewed between batches.
	publish(6, 8)
	src.Renew()
	if err := read(8); err != nil {
		t.Fatal(err)
	}
	if want := []byte{1, 2, 3, 4, 5, 6, 7, 8}; !bytes.Equal(got, want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
	if n := src.Renewals(); n != 2 {
		t.Fatalf("%d renewals, want 2", n)
	}
	// A hole behind the renewal is a gap.
	publish(9, 10)
	if err := s.DeleteMsg(ctx, 9); err != nil {
		t.Fatal(err)
	}
	src.Renew()
	if err := read(10); !errors.Is(err, ErrGap) {
		t.Fatalf("err %v, want ErrGap", err)
	}
	if !bytes.Equal(got, []byte{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Fatalf("delivered %v past the hole", got)
	}
}
