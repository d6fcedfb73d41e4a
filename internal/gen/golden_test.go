package gen

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

var update = flag.Bool("update", false, "rewrite testdata/scenarios from the generator and the fold")

// outcome is what a golden scenario's checks look at.
type outcome struct {
	reports  []aggregates.Report
	reasons  map[events.Reason]int
	accepted map[events.Type]int
	params   *aggregates.Params
}

var goldens = []struct {
	name  string
	cfg   Config
	check func(t *testing.T, o outcome)
}{
	{"mixed", DefaultConfig(), func(t *testing.T, o outcome) {
		// Equivocation then a second one by the same node: jailed, slashed,
		// tombstoned; its later registration is rejected as tombstoned.
		if !hasSlash(o, "equivocation") || o.reasons[events.Tombstoned] == 0 {
			t.Error("no equivocation slash followed by a tombstoned rejection")
		}
		// Downtime jail, an unjail too early, then one on time.
		if !hasSlash(o, "downtime") || o.reasons[events.JailActive] == 0 || o.accepted[events.NodeUnjail] == 0 {
			t.Error("no downtime jail with an early (jail_active) and an accepted unjail")
		}
	}},
	{"stake-activation", Config{Seed: 7, Epochs: 3, Nodes: 6, Providers: 2, Stakers: 4, EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: 10, Anchor: true},
		func(t *testing.T, o outcome) {
			// Epoch 1: stake bonded during it is not active yet, so no one
			// earns: zero root, nothing distributed, the pool carried over.
			r1, r2 := o.reports[0], o.reports[1]
			if len(r1.Earners) != 0 || r1.Distributed != "0" || r1.Carry != r1.Pool || r1.Root != "0x"+string(bytes.Repeat([]byte("0"), 64)) {
				t.Errorf("epoch 1 should pay no one and carry its pool: %+v", r1)
			}
			// Epoch 2: the stake is active, stakers earn, and the pool
			// includes epoch 1's carry.
			if r2.Distributed == "0" || len(r2.Earners) <= 2 || amount(r2.Pool).Cmp(amount(r1.Carry)) <= 0 {
				t.Errorf("epoch 2 should pay providers and stakers from a pool holding the carry: %+v", r2)
			}
		}},
	{"fault-cap", Config{Seed: 11, Epochs: 2, Nodes: 4, Providers: 1, Stakers: 1, EpochMs: 600_000, IntervalS: 60, TasksPerEpoch: 200, Anchor: true},
		func(t *testing.T, o outcome) {
			for _, r := range o.reports {
				for _, s := range r.Slashes {
					if s.Reason == "faults" && s.BP == o.params.FaultSlashCapBP {
						return
					}
				}
			}
			t.Error("no fault slash capped at fault_slash_cap_bp")
		}},
	{"due-process", Config{Seed: 13, Epochs: 4, Nodes: 8, Providers: 2, Stakers: 3, EpochMs: 600_000, IntervalS: 30, TasksPerEpoch: 40, Anchor: true, DueProcess: true},
		func(t *testing.T, o outcome) {
			// Slashes are proposed, some vetoed, the rest executed; only
			// the executed ones move stake (the ledger's accounts balance).
			if o.accepted[events.ChainSlashProposed] == 0 || o.accepted[events.ChainSlashVetoed] == 0 || o.accepted[events.ChainSlashed] == 0 {
				t.Errorf("want proposed, vetoed and executed slashes: %v", o.accepted)
			}
			if o.accepted[events.ChainSlashProposed] != o.accepted[events.ChainSlashVetoed]+o.accepted[events.ChainSlashed] {
				t.Errorf("every proposed slash is either vetoed or executed: %v", o.accepted)
			}
		}},
}

func hasSlash(o outcome, reason string) bool {
	for _, r := range o.reports {
		for _, s := range r.Slashes {
			if s.Reason == reason {
				return true
			}
		}
	}
	return false
}

func TestGolden(t *testing.T) {
	allReasons, allTypes := map[events.Reason]int{}, map[events.Type]int{}
	for _, g := range goldens {
		dir := filepath.Join("..", "..", "testdata", "scenarios", g.name)
		s, err := Generate(g.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := s.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
		}
		params, err := aggregates.LoadParams(filepath.Join(dir, "params.json"))
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := events.ReadExportFile(filepath.Join(dir, "log.ndjson"))
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != len(s.Messages) {
			t.Fatalf("%s: committed log has %d messages, the generator %d (rerun with -update and review)", g.name, len(msgs), len(s.Messages))
		}
		for i := range msgs {
			if !bytes.Equal(msgs[i], s.Messages[i]) {
				t.Fatalf("%s: message %d differs from the generator's (rerun with -update and review)", g.name, i+1)
			}
		}
		l, reasons, accepted := fold(t, &Scenario{Params: params.Canonical, Messages: msgs}, func(l *aggregates.Ledger) {
			if err := l.CheckInvariants(); err != nil {
				t.Fatalf("%s: %v", g.name, err)
			}
		})
		raw, _ := l.Reports()
		got := append(bytes.Join(raw, []byte("\n")), '\n')
		expPath := filepath.Join(dir, "expected.ndjson")
		if *update {
			if err := os.WriteFile(expPath, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(expPath)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: reports differ from expected.ndjson (rerun with -update and review the diff)", g.name)
		}
		o := outcome{reasons: reasons, accepted: accepted, params: params}
		for _, r := range raw {
			var rep aggregates.Report
			if err := json.Unmarshal(r, &rep); err != nil {
				t.Fatal(err)
			}
			o.reports = append(o.reports, rep)
		}
		t.Run(g.name, func(t *testing.T) { g.check(t, o) })
		for r, n := range reasons {
			allReasons[r] += n
		}
		for typ, n := range accepted {
			allTypes[typ] += n
		}
	}
	// Together the goldens hit every event type and every rejection reason.
	for _, typ := range events.AllTypes() {
		if allTypes[typ] == 0 {
			t.Errorf("no golden scenario accepts a %s", typ)
		}
	}
	for _, r := range events.AllReasons() {
		if allReasons[r] == 0 {
			t.Errorf("no golden scenario rejects with %s", r)
		}
	}
}

func amount(s string) *big.Int {
	v, _ := new(big.Int).SetString(s, 10)
	return v
}
