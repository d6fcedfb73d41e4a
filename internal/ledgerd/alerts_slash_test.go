package ledgerd

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/settlement"
)

// TestAlertSlashOverdue: a proposed slash whose executableAt has passed
// while the settler cannot execute it makes SwarmSlashOverdue true; once a
// restarted settler executes it, the alert clears.
func TestAlertSlashOverdue(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	expr := alertRules(t)["SwarmSlashOverdue"]
	e := newSettleEnvDelay(ctx, t, e2eSlashDelay)
	dir := t.TempDir()
	r := startWithMetrics(ctx, t, e, dir, func(s settlement.Step) error {
		if s == settlement.StepSlash {
			return errCrash
		}
		return nil
	})
	_, id := e.decideDowntime(r)
	e.waitSlashStatus(r, id, projections.SlashProposed)
	prom := newPromRig(t)
	at := time.Now()
	step := func(url string) time.Time {
		at = at.Add(time.Minute)
		prom.scrape(url, at)
		return at
	}
	if prom.firing(expr, step(r.MetricsURL)) {
		t.Fatal("SwarmSlashOverdue true before executableAt")
	}
	if err := e.net.Chain.AdjustTime(e2eSlashDelay); err != nil {
		t.Fatal(err)
	}
	<-r.ended
	if err := r.stop(); !errors.Is(err, errCrash) {
		t.Fatalf("Run returned %v", err)
	}
	if !prom.firing(expr, step(r.MetricsURL)) {
		t.Fatal("SwarmSlashOverdue false with a slash past its execution time")
	}
	r.Close()
	r = startWithMetrics(ctx, t, e, dir, nil)
	e.waitSlashStatus(r, id, projections.SlashExecuted)
	waitFor(t, "the slash settled", func() bool { return r.settler.Status().SlashesOverdue == 0 })
	if prom.firing(expr, step(r.MetricsURL)) {
		t.Fatal("SwarmSlashOverdue still true after the slash executed")
	}
}
