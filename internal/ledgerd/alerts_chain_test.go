package ledgerd

import (
	"context"
	"math/big"
	"testing"
	"time"
)

// Another holder of the settler role anchors a forged root for epoch 1
// before the ledger closes it: the settler finds the conflict and anchors
// nothing, so the root-conflict alert turns true and, once a second epoch
// has closed, the not-anchored alert too. Both were false before.
func TestAlertsRootConflictAndUnanchored(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rules := alertRules(t)
	e, r, js := startSettlingWithMetrics(ctx, t)

	prom := newPromRig(t)
	prom.scrape(r.MetricsURL, e.clock.Now())
	for _, a := range []string{"SwarmRootConflict", "SwarmEpochNotAnchored"} {
		if prom.firing(rules[a], e.clock.Now()) {
			t.Fatalf("%s is true before any fault", a)
		}
	}

	// The forged root: signed by the settler role's key, as a second
	// writer or a stolen key would.
	forged := [32]byte{0xf0, 0x0d}
	if _, err := e.net.Client.SubmitRoot(ctx, e.settler, 1, forged, big.NewInt(1), [32]byte{1}); err != nil {
		t.Fatal(err)
	}
	e.nextEpoch(r.ledger.View)
	waitFor(t, "the settler to find the conflict", func() bool { return r.settler.RootConflict() })
	now := e.clock.Now()
	prom.scrape(r.MetricsURL, now)
	if !prom.firing(rules["SwarmRootConflict"], now) {
		t.Error("SwarmRootConflict is false with a forged root on chain")
	}
	if prom.firing(rules["SwarmEpochNotAnchored"], now) {
		t.Error("SwarmEpochNotAnchored is true with one closed epoch")
	}
	e.work(js)
	e.nextEpoch(r.ledger.View)
	now = e.clock.Now()
	prom.scrape(r.MetricsURL, now)
	if !prom.firing(rules["SwarmEpochNotAnchored"], now) {
		t.Error("SwarmEpochNotAnchored is false with two closed epochs unanchored")
	}
	if !prom.firing(rules["SwarmRootConflict"], now) {
		t.Error("SwarmRootConflict cleared while the forged root stays")
	}
}
