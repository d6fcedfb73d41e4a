package projections_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/projections"
)

// countingLog is a memLog that counts the messages it yields.
type countingLog struct {
	memLog
	read *atomic.Int64
}

func (c *countingLog) NextBatch(ctx context.Context, max int) ([][]byte, error) {
	out, err := c.memLog.NextBatch(ctx, max)
	c.read.Add(int64(len(out)))
	return out, err
}

// Fed the fold's batches, the projections answer exactly as projections
// that read and decode the log themselves. The fold runs ahead of the
// engine first (more batches than the hand-off holds, so some are dropped
// and read from the log), then with the engine running (every batch handed
// over, the log not read).
func TestHandOffAnswersAsTheLog(t *testing.T) {
	g := gen.Config{Seed: 5, Epochs: 3, Nodes: 30, Providers: 3, Stakers: 4, EpochMs: 600_000, IntervalS: 30,
		TasksPerEpoch: 8, Anchor: true, Adversarial: true}
	sc, params, err := gen.GenerateParsed(g)
	if err != nil {
		t.Fatal(err)
	}
	msgs := sc.Messages
	const batch = 8
	if len(msgs) < 2*80*batch {
		t.Fatalf("the log has %d messages, the test needs %d", len(msgs), 2*80*batch)
	}
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var logRead atomic.Int64
	openLog := func(_ context.Context, from uint64) (projections.LogReader, error) {
		return &countingLog{memLog: memLog{msgs: msgs, next: int(from - 1)}, read: &logRead}, nil
	}
	hand, err := projections.Open(projections.Config{Ledger: l, Projections: projections.All(), Log: discard, OpenLog: openLog, HandOff: true})
	if err != nil {
		t.Fatal(err)
	}
	defer hand.Close()
	onCommit := func(b ingest.BatchInfo) {
		hand.Committed(b.Checkpoint-uint64(len(b.Checked))+1, b.Checked, b.Verdicts)
		hand.Notify()
	}
	// 80 batches before the engine runs: the first 16 are dropped.
	first := 80 * batch
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(msgs[:first]), ingest.Options{BatchSize: batch, OnCommit: onCommit}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := hand.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	defer func() { cancel(); wg.Wait() }()
	engineCaughtUp(t, hand)
	readBefore := logRead.Load()
	if readBefore == 0 || readBefore >= int64(first) {
		t.Fatalf("before the engine ran: %d of %d messages read from the log, want the dropped batches only", readBefore, first)
	}
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(msgs), ingest.Options{BatchSize: batch, OnCommit: onCommit}); err != nil {
		t.Fatal(err)
	}
	engineCaughtUp(t, hand)
	if got := logRead.Load(); got != readBefore {
		t.Errorf("with the engine running, %d more messages read from the log, want 0", got-readBefore)
	}

	byLog, err := projections.Open(projections.Config{Ledger: l, Projections: projections.All(), Log: discard, OpenLog: openLog})
	if err != nil {
		t.Fatal(err)
	}
	defer byLog.Close()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := byLog.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	engineCaughtUp(t, byLog)
	now := time.UnixMilli(int64(g.EpochMs) * 4)
	handler := func(e *projections.Engine) http.Handler {
		return projections.NewHandler(projections.HTTPConfig{Queries: projections.NewQueries(e), Log: discard,
			Now: func() time.Time { return now },
			State: func() (projections.State, error) {
				v := l.View()
				return projections.State{Checkpoint: v.Position, EventsDigest: v.Digest.String(), LastClosed: v.LastClosed}, nil
			}})
	}
	hh, lh := handler(hand), handler(byLog)
	for _, path := range []string{"/v1/epochs?limit=100", "/v1/earners?limit=1000", "/v1/nodes?limit=1000",
		"/v1/slashes?limit=1000", "/v1/jails?limit=1000", "/v1/stake?limit=1000", "/v1/overview"} {
		// events/s is measured on the wall clock, for display only.
		a := perSec.ReplaceAllString(getBody(t, hh, path), "")
		b := perSec.ReplaceAllString(getBody(t, lh, path), "")
		if a != b {
			t.Errorf("%s: fed by hand-off\n%s\nfed by the log\n%s", path, a, b)
		}
		if len(a) < 20 {
			t.Errorf("%s: answer %q too small to compare", path, a)
		}
	}
}

var perSec = regexp.MustCompile(`"events_per_sec":[0-9]+,`)

func engineCaughtUp(t *testing.T, e *projections.Engine) {
	t.Helper()
	wait.For(t, 20*time.Second, 2*time.Millisecond, func() error {
		if !e.CaughtUp() {
			return fmt.Errorf("projections did not catch up: %+v", e.Status())
		}
		return nil
	})
}

func getBody(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, body)
	}
	return string(body)
}
