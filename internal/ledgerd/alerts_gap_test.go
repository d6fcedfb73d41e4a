package ledgerd

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// A flipped payload byte in the stream's block file: nats-server drops the
// message, the ledger stops at the gap, and the gap and fold-stopped
// alerts turn true on its scraped metrics (the gap alert was false
// before the fold ran).
func TestAlertsFoldGap(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rules := alertRules(t)
	const total, folded, bad = 60, 20, 40
	f := newCorruptFixture(ctx, t, total, folded)
	dir := f.clone(t)
	defer os.RemoveAll(dir)
	rec := findRecord(t, dir, bad)
	off, mask := middleOf(rec.regions["payload"])
	flip(t, rec.file, off, mask)

	s, err := Start(ctx, Config{DataDir: dir, Params: f.params, NATSPort: -1, MetricsAddr: "127.0.0.1:0",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	prom := newPromRig(t)
	at := time.Now()
	step := func() time.Time { at = at.Add(time.Minute); prom.scrape(s.MetricsURL, at); return at }
	if now := step(); prom.firing(rules["SwarmFoldGap"], now) {
		t.Fatal("SwarmFoldGap is true before the fold ran")
	}
	runErr := s.Run(ctx)
	if !errors.Is(runErr, eventlog.ErrGap) {
		t.Fatalf("Run: %v; want the gap at %d (the fixture's corruption)", runErr, bad)
	}
	now := step()
	for _, a := range []string{"SwarmFoldGap", "SwarmFoldStopped"} {
		if !prom.firing(rules[a], now) {
			t.Errorf("%s is false after the fold stopped at a gap", a)
		}
	}
}
