package scenario

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

var update = flag.Bool("update", false, "regenerate testdata/scenarios from code")

const goldenRoot = "../../testdata/scenarios"

// outcome is what a golden scenario's behaviour check inspects.
type outcome struct {
	reports  []aggregates.Report
	reasons  map[events.Reason]int
	accepted map[events.Type]int
	params   *aggregates.Params
}

// TestGolden regenerates every golden scenario in memory and checks (a)
// that the committed params.json and log.ndjson are exactly what the code
// generates, (b) that replaying the committed log gives exactly the
// committed expected.ndjson, with SPEC §11's invariants after every event,
// (c) the behaviour each scenario is named for, and (d) that together they
// accept every event type and hit every rejection reason. With -update it
// rewrites the directories first.
func TestGolden(t *testing.T) {
	allReasons, allTypes := map[events.Reason]int{}, map[events.Type]int{}
	for _, g := range Goldens() {
		t.Run(g.Name, func(t *testing.T) {
			check := behaviours[g.Name]
			if check == nil {
				t.Fatalf("no behaviour check for golden scenario %q", g.Name)
			}
			o := checkGolden(t, g)
			check(t, o)
			for r, n := range o.reasons {
				allReasons[r] += n
			}
			for typ, n := range o.accepted {
				allTypes[typ] += n
			}
		})
	}
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

func checkGolden(t *testing.T, g Golden) outcome {
	s, err := g.Build()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(goldenRoot, g.Name)
	if *update {
		writeGolden(t, s, dir)
	}
	var log bytes.Buffer
	if err := s.WriteLog(&log); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		want []byte
	}{{"params.json", s.Params}, {"log.ndjson", log.Bytes()}} {
		if got := readFile(t, filepath.Join(dir, f.name)); !bytes.Equal(got, f.want) {
			t.Fatalf("%s differs from what the code generates (go test ./internal/scenario -run TestGolden -update, then review)", f.name)
		}
	}
	f, err := os.Open(filepath.Join(dir, "log.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExport(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	o := outcome{reasons: map[events.Reason]int{}, accepted: map[events.Type]int{}}
	raw, err := Replay(readFile(t, filepath.Join(dir, "params.json")), msgs,
		func(c events.Checked, r events.Reason, l *aggregates.Ledger) error {
			if r == events.Accepted {
				o.accepted[c.Event.Type]++
			} else {
				o.reasons[r]++
			}
			return l.CheckInvariants()
		})
	if err != nil {
		t.Fatal(err)
	}
	got := ExpectedReports(raw)
	if want := readFile(t, filepath.Join(dir, "expected.ndjson")); !bytes.Equal(got, want) {
		t.Fatalf("replaying log.ndjson gives other reports than expected.ndjson:\n%s", got)
	}
	if !bytes.Equal(ExpectedReports(s.Reports), got) {
		t.Fatal("the generator's own fold disagrees with the replay")
	}
	if o.params, err = aggregates.ParseParams(s.Params); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw {
		var rep aggregates.Report
		if err := json.Unmarshal(r, &rep); err != nil {
			t.Fatal(err)
		}
		o.reports = append(o.reports, rep)
	}
	t.Logf("%d messages, %d epochs, rejected %v", len(msgs), len(raw), o.reasons)
	return o
}

// writeGolden writes the scenario and the reports of an independent replay
// of it.
func writeGolden(t *testing.T, s *Scenario, dir string) {
	if err := s.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	reports, err := Replay(s.Params, s.Messages, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "expected.ndjson"), ExpectedReports(reports), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var zeroRoot = "0x" + strings.Repeat("0", 64)

// behaviours holds each golden scenario's own check, by name.
var behaviours = map[string]func(t *testing.T, o outcome){
	"mixed":                  checkMixed,
	"stake-activation":       checkStakeActivation,
	"downtime-unjail":        checkDowntimeUnjail,
	"equivocation-tombstone": checkEquivocationTombstone,
	"fault-cap":              checkFaultCap,
	"carry-over":             checkCarryOver,
	"no-earners":             checkNoEarners,
}

func checkMixed(t *testing.T, o outcome) {
	for _, typ := range events.AllTypes() {
		if o.accepted[typ] == 0 {
			t.Errorf("no %s accepted", typ)
		}
	}
	for _, r := range events.AllReasons() {
		if o.reasons[r] == 0 {
			t.Errorf("nothing rejected as %s", r)
		}
	}
	for _, reason := range []string{"equivocation", "downtime", "faults"} {
		if len(slashes(o.reports, reason)) == 0 {
			t.Errorf("no %s slash", reason)
		}
	}
}

func checkStakeActivation(t *testing.T, o outcome) {
	p, s0, s1 := address(101, "provider/0"), address(101, "staker/0"), address(101, "staker/1")
	r := o.reports
	if len(r) != 4 {
		t.Fatalf("%d reports, want 4", len(r))
	}
	if len(r[0].Earners) != 0 || r[0].Distributed != "0" {
		t.Errorf("epoch 1: stake bonded in epoch 1 is not active yet, nobody earns: %+v", r[0])
	}
	if earned(r[1], s0).Sign() <= 0 || earned(r[1], s1).Sign() != 0 || earned(r[1], p).Sign() <= 0 {
		t.Errorf("epoch 2: staker 0 (bonded in epoch 1) earns, staker 1 (bonded in epoch 2) not yet: %+v", r[1].Earners)
	}
	if r[1].Distributed != r[1].Pool {
		t.Errorf("epoch 2: a fully staked sole provider gets the whole pool: %+v", r[1])
	}
	// Epoch 3: staker 0 unbonded 1500 of 2000, so active stake is 500 and
	// 1000: staker 1 gets twice staker 0's cut and the provider holds 3/4
	// of the stake its GPUs need.
	a0, a1 := earned(r[2], s0), earned(r[2], s1)
	if diff := new(big.Int).Sub(a1, new(big.Int).Mul(a0, big.NewInt(2))); a0.Sign() <= 0 || diff.CmpAbs(big.NewInt(2)) > 0 {
		t.Errorf("epoch 3: staker 1 (1000 active) should earn twice staker 0 (500 active): %s vs %s", a1, a0)
	}
	for _, rep := range r[2:] {
		if want := fraction(amount(rep.Pool), 7500); amount(rep.Distributed).Cmp(want) != 0 {
			t.Errorf("epoch %d: distributed %s, want 3/4 of the pool %s = %s", rep.Epoch, rep.Distributed, rep.Pool, want)
		}
	}
}

func checkDowntimeUnjail(t *testing.T, o outcome) {
	p1, node := address(102, "provider/1"), newSigner(102, "node/b").id
	r := o.reports
	if len(r) != 4 {
		t.Fatalf("%d reports, want 4", len(r))
	}
	sl := slashes(r[1:2], "downtime")
	if len(sl) != 1 || sl[0].ID != "downtime:2:"+node || sl[0].Provider != p1 || sl[0].BP != o.params.DowntimeSlashBP {
		t.Errorf("epoch 2: want one downtime slash of node b's provider, got %+v", r[1].Slashes)
	}
	if len(r[1].Jailed) != 1 || r[1].Jailed[0] != (aggregates.JailDecision{Node: node, Until: 3}) {
		t.Errorf("epoch 2: want node b jailed until 3, got %+v", r[1].Jailed)
	}
	if r[2].Rejected["jail_active"] != 1 || r[2].Rejected["jailed"] != 1 || earned(r[2], p1).Sign() != 0 {
		t.Errorf("epoch 3: want the early unjail (jail_active) and the task (jailed) refused and no pay: %+v", r[2])
	}
	if r[3].Rejected["jail_active"] != 0 || r[3].Rejected["not_jailed"] != 1 || earned(r[3], p1).Sign() <= 0 || o.accepted[events.NodeUnjail] != 1 {
		t.Errorf("epoch 4: want the unjail accepted, the second one not_jailed, and pay again: %+v", r[3])
	}
}

func checkEquivocationTombstone(t *testing.T, o outcome) {
	p0, node := address(103, "provider/0"), newSigner(103, "node/a").id
	r := o.reports
	if len(r) != 3 {
		t.Fatalf("%d reports, want 3", len(r))
	}
	sl := slashes(r[1:2], "equivocation")
	if len(sl) != 2 || sl[0].ID == sl[1].ID || !strings.HasPrefix(sl[0].ID, "equivocation:"+node+":") ||
		sl[0].Provider != p0 || sl[0].BP != o.params.EquivocationSlashBP {
		t.Errorf("epoch 2: want two equivocation slashes of node a's provider, got %+v", r[1].Slashes)
	}
	if len(r[1].Jailed) != 1 || r[1].Jailed[0] != (aggregates.JailDecision{Node: node, Until: 2 + o.params.EquivocationJailEpochs}) {
		t.Errorf("epoch 2: want node a jailed, got %+v", r[1].Jailed)
	}
	if r[1].Rejected["equivocation"] != 3 || r[1].Rejected["duplicate"] != 1 {
		t.Errorf("epoch 2: want 3 equivocations and 1 duplicate, got %v", r[1].Rejected)
	}
	if r[2].Rejected["tombstoned"] != 3 || r[2].Rejected["unknown_node"] != 1 || earned(r[2], p0).Sign() != 0 {
		t.Errorf("epoch 3: want registrations and unjail tombstoned, heartbeat unknown_node, no pay: %+v", r[2])
	}
}

func checkFaultCap(t *testing.T, o outcome) {
	p0, p1 := address(104, "provider/0"), address(104, "provider/1")
	sl := slashes(o.reports, "faults")
	if len(sl) != 2 {
		t.Fatalf("want 2 fault slashes, got %+v", sl)
	}
	if sl[0].Provider != p0 && sl[1].Provider != p0 {
		t.Fatalf("no fault slash of provider 0: %+v", sl)
	}
	for _, s := range sl {
		want := o.params.FaultSlashCapBP
		if s.Provider == p1 {
			want = 2 * o.params.FaultSlashBP
		}
		if s.BP != want || s.ID != "faults:2:"+s.Provider {
			t.Errorf("slash %+v: want bp %d", s, want)
		}
	}
	if 25*o.params.FaultSlashBP <= o.params.FaultSlashCapBP || 2*o.params.FaultSlashBP >= o.params.FaultSlashCapBP {
		t.Error("parameters do not put provider 0 over the cap and provider 1 under it")
	}
}

func checkCarryOver(t *testing.T, o outcome) {
	r := o.reports
	if len(r) != 3 {
		t.Fatalf("%d reports, want 3", len(r))
	}
	base, s := o.params.BaseEmission, int64(o.params.ScaleMinBP)
	if r[0].Distributed != "0" || r[0].Carry != r[0].Pool || amount(r[0].Pool).Cmp(fraction(base, s)) != 0 {
		t.Errorf("epoch 1: want the whole minimum emission carried: %+v", r[0])
	}
	// Epoch 2: U = 60 GPU-s / 600 GPU-s = 10%, so the emission is
	// base·(s + (1−s)·0.1); the provider holds half its required stake.
	emission := fraction(base, s+(10000-s)/10)
	pool := new(big.Int).Add(emission, amount(r[0].Carry))
	half := new(big.Int).Quo(pool, big.NewInt(2))
	if r[1].UtilizationBP != 1000 || amount(r[1].Pool).Cmp(pool) != 0 || amount(r[1].Distributed).Cmp(half) != 0 {
		t.Errorf("epoch 2: want utilization 1000 bp, pool %s, half of it distributed: %+v", pool, r[1])
	}
	carry := amount(r[1].Carry)
	if carry.Sign() <= 0 {
		t.Fatalf("epoch 2 carries nothing: %+v", r[1])
	}
	if want := new(big.Int).Add(fraction(base, s), carry); r[2].UtilizationBP != 0 || amount(r[2].Pool).Cmp(want) != 0 {
		t.Errorf("epoch 3: want pool = minimum emission + carry = %s: %+v", want, r[2])
	}
}

func checkNoEarners(t *testing.T, o outcome) {
	r := o.reports
	if len(r) != 3 {
		t.Fatalf("%d reports, want 3", len(r))
	}
	minimum := fraction(o.params.BaseEmission, int64(o.params.ScaleMinBP))
	for i, rep := range r[:2] {
		if rep.Root != zeroRoot || rep.Distributed != "0" || rep.Carry != rep.Pool || len(rep.Earners) != 0 {
			t.Errorf("epoch %d: want no earners, zero root, the pool carried: %+v", i+1, rep)
		}
	}
	if want := new(big.Int).Add(minimum, amount(r[0].Carry)); amount(r[1].Pool).Cmp(want) != 0 {
		t.Errorf("epoch 2: pool %s, want %s", r[1].Pool, want)
	}
	if r[2].Root == zeroRoot || len(r[2].Earners) != 2 || r[2].Distributed == "0" {
		t.Errorf("epoch 3: want the provider and its staker paid: %+v", r[2])
	}
	if o.accepted[events.EpochAnchored] != 2 {
		t.Errorf("want epochs 1 and 2 anchored with their zero roots, got %d anchors", o.accepted[events.EpochAnchored])
	}
}

func slashes(reports []aggregates.Report, reason string) []aggregates.ReportSlash {
	var out []aggregates.ReportSlash
	for _, r := range reports {
		for _, s := range r.Slashes {
			if s.Reason == reason {
				out = append(out, s)
			}
		}
	}
	return out
}

// earned is an earner's amount in a report (0 if absent).
func earned(r aggregates.Report, addr string) *big.Int {
	for _, e := range r.Earners {
		if e.Address == addr {
			return amount(e.Amount)
		}
	}
	return new(big.Int)
}

func amount(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return v
}
