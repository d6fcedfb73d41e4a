package aggregates_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/genledger"
)

// TestStatementIdentities folds generated adversarial logs and checks SPEC
// §9.1's identities on every epoch's statement against its report: per
// provider commission + Σ stakers.amount + (provider_amount − commission) =
// reward; Σ reward = distributed; pool, distributed and carry equal the
// report's and carry_in the previous report's carry; each earner's amount is the sum of its provider_amount and
// stakers.amount entries; the slashes are the report's, with evidence that
// decides them; and the stored statement reads back to the same line.
func TestStatementIdentities(t *testing.T) {
	seen := map[string]int{}
	for seed := uint64(1); seed <= 6; seed++ {
		cfg := gen.DefaultConfig()
		cfg.Seed, cfg.Epochs, cfg.Anchor = seed, 5, false
		cfg.TasksPerEpoch = 30
		sc, params, l := genledger.Open(t, cfg)
		for _, m := range sc.Messages {
			if _, err := l.ApplyMessage(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		reports, err := l.Reports()
		if err != nil {
			t.Fatal(err)
		}
		prevCarry := "0"
		for i, raw := range reports {
			var rep aggregates.Report
			if err := json.Unmarshal(raw, &rep); err != nil {
				t.Fatal(err)
			}
			st, err := l.CommittedStatement(rep.Epoch)
			if err != nil {
				t.Fatal(err)
			}
			checkStatement(t, fmt.Sprintf("seed %d epoch %d", seed, i+1), params, &rep, st, seen)
			if st.Network.CarryIn.String() != prevCarry {
				t.Errorf("seed %d epoch %d: carry_in %s, previous report's carry %s", seed, i+1, st.Network.CarryIn, prevCarry)
			}
			prevCarry = rep.Carry
		}
		l.Close()
	}
	// The generated logs must exercise what the identities are about.
	for _, what := range []string{"staker", "reward", "equivocation", "downtime", "faults", "jailed node"} {
		if seen[what] == 0 {
			t.Errorf("no %s in the generated statements", what)
		}
	}
	t.Logf("seen %v", seen)
}

func amount(t *testing.T, s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("amount %q", s)
	}
	return v
}

func checkStatement(t *testing.T, at string, params *aggregates.Params, rep *aggregates.Report, st *aggregates.Statement, seen map[string]int) {
	t.Helper()
	n := st.Network
	for name, pair := range map[string][2]string{
		"pool": {n.Pool.String(), rep.Pool}, "distributed": {n.Distributed.String(), rep.Distributed},
		"carry": {n.Carry.String(), rep.Carry},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s: %s %s, report %s", at, name, pair[0], pair[1])
		}
	}
	rewards, earned := new(big.Int), map[string]*big.Int{}
	add := func(addr string, v *big.Int) {
		if earned[addr] == nil {
			earned[addr] = new(big.Int)
		}
		earned[addr].Add(earned[addr], v)
	}
	var slashes []aggregates.ReportSlash
	for i, p := range st.Providers {
		if i > 0 && st.Providers[i-1].Provider >= p.Provider {
			t.Errorf("%s: providers not ascending at %s", at, p.Provider)
		}
		sum := new(big.Int).Set(p.Commission)
		for _, s := range p.Stakers {
			sum.Add(sum, s.Amount)
			add(s.Address, s.Amount)
			if s.Active.Sign() <= 0 {
				t.Errorf("%s: staker %s of %s listed with active %s", at, s.Address, p.Provider, s.Active)
			}
			seen["staker"]++
		}
		sum.Add(sum, new(big.Int).Sub(p.ProviderAmount, p.Commission))
		if sum.Cmp(p.Reward) != 0 {
			t.Errorf("%s: %s: commission + stakers + rest = %s, reward %s", at, p.Provider, sum, p.Reward)
		}
		if p.Reward.Sign() > 0 {
			seen["reward"]++
		}
		add(p.Provider, p.ProviderAmount)
		rewards.Add(rewards, p.Reward)
		for _, nd := range p.Nodes {
			if nd.Jailed {
				seen["jailed node"]++
				if nd.Avail.Sign() != 0 {
					t.Errorf("%s: jailed node %s has avail %s", at, nd.Node, nd.Avail)
				}
			}
		}
		for _, s := range p.Slashes {
			seen[s.Reason]++
			slashes = append(slashes, aggregates.ReportSlash{BP: s.BP, ID: s.ID, Provider: p.Provider, Reason: s.Reason})
			checkEvidence(t, at, params, st, &p, s)
		}
	}
	if rewards.Cmp(n.Distributed) != 0 {
		t.Errorf("%s: Σ reward %s, distributed %s", at, rewards, n.Distributed)
	}
	for _, e := range rep.Earners {
		got := earned[e.Address]
		if got == nil {
			got = new(big.Int)
		}
		if got.Cmp(amount(t, e.Amount)) != 0 {
			t.Errorf("%s: earner %s: statement sums to %s, report amount %s", at, e.Address, got, e.Amount)
		}
		delete(earned, e.Address)
	}
	for addr, v := range earned {
		if v.Sign() != 0 {
			t.Errorf("%s: %s earns %s in the statement but is not in the report", at, addr, v)
		}
	}
	if len(slashes) != len(rep.Slashes) {
		t.Errorf("%s: %d slashes in the statement, %d in the report", at, len(slashes), len(rep.Slashes))
	}
	for _, want := range rep.Slashes {
		found := false
		for _, got := range slashes {
			found = found || got == want
		}
		if !found {
			t.Errorf("%s: report slash %+v missing from the statement", at, want)
		}
	}
	var line map[string]any
	if err := json.Unmarshal(st.Canonical(), &line); err != nil || line["epoch"] != float64(rep.Epoch) {
		t.Errorf("%s: canonical line does not parse as epoch %d: %v", at, rep.Epoch, err)
	}
}

// checkEvidence: each slash's evidence decides it under SPEC §6.
func checkEvidence(t *testing.T, at string, params *aggregates.Params, st *aggregates.Statement, p *aggregates.ProviderStatement, s aggregates.StatementSlash) {
	t.Helper()
	ev := s.Evidence
	switch s.Reason {
	case aggregates.ReasonEquivocation:
		if s.ID != "equivocation:"+ev.Node+":"+strconv.FormatUint(ev.Seq, 10) || ev.Accepted == ev.Conflicting ||
			ev.Accepted == (events.Hash{}) || ev.Conflicting == (events.Hash{}) || s.BP != params.EquivocationSlashBP {
			t.Errorf("%s: equivocation evidence %+v for %s", at, ev, s.ID)
		}
	case aggregates.ReasonDowntime:
		if !strings.HasSuffix(s.ID, ":"+ev.Node) || ev.Expected != st.Network.ExpectedHeartbeats ||
			min(ev.Heartbeats, ev.Expected)*10000 >= params.DowntimeThresholdBP*ev.Expected {
			t.Errorf("%s: downtime evidence %+v for %s", at, ev, s.ID)
		}
		found := false
		for _, nd := range p.Nodes {
			found = found || (nd.Node == ev.Node && nd.Heartbeats == ev.Heartbeats && !nd.Jailed)
		}
		if !found {
			t.Errorf("%s: downtime of %s, not an unjailed node of %s with %d heartbeats", at, ev.Node, p.Provider, ev.Heartbeats)
		}
	case aggregates.ReasonFaults:
		if uint64(len(ev.Tasks)) != p.Failed || s.BP != min(p.Failed*params.FaultSlashBP, params.FaultSlashCapBP) {
			t.Errorf("%s: faults evidence %v for %s with F_p = %d", at, ev.Tasks, s.ID, p.Failed)
		}
		for i, task := range ev.Tasks {
			if bytes.Contains([]byte(strings.Join(ev.Tasks[:i], "\x00")+"\x00"), []byte(task+"\x00")) {
				t.Errorf("%s: task %s counted twice", at, task)
			}
		}
	default:
		t.Errorf("%s: slash reason %q", at, s.Reason)
	}
}

// TestStatementsSurviveReopen: a fold stopped and reopened mid-epoch (its
// epoch accumulators, fault task lists included, read back from Pebble)
// writes the same statements and state as one that never stopped.
func TestStatementsSurviveReopen(t *testing.T) {
	cfg := gen.DefaultConfig()
	cfg.Seed, cfg.Epochs, cfg.Anchor, cfg.TasksPerEpoch = 3, 4, false, 40
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fold := func(stops map[int]bool) (*aggregates.Ledger, []*aggregates.Statement) {
		dir := t.TempDir()
		l, err := aggregates.Open(dir, params)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range sc.Messages {
			if _, err := l.ApplyMessage(m); err != nil {
				t.Fatal(err)
			}
			if stops[i] {
				if err := l.Commit(); err != nil {
					t.Fatal(err)
				}
				l.Close()
				if l, err = aggregates.Open(dir, params); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		sts, err := l.Statements()
		if err != nil {
			t.Fatal(err)
		}
		return l, sts
	}
	stops := map[int]bool{}
	for i := 97; i < len(sc.Messages); i += 211 {
		stops[i] = true
	}
	l1, once := fold(nil)
	l2, reopened := fold(stops)
	if len(once) != cfg.Epochs || len(reopened) != len(once) {
		t.Fatalf("%d and %d statements, want %d", len(once), len(reopened), cfg.Epochs)
	}
	faults := 0
	for i := range once {
		if !bytes.Equal(once[i].Canonical(), reopened[i].Canonical()) {
			t.Fatalf("epoch %d: statements differ after reopening", i+1)
		}
		for _, p := range once[i].Providers {
			for _, s := range p.Slashes {
				if s.Reason == aggregates.ReasonFaults {
					faults += len(s.Evidence.Tasks)
				}
			}
		}
	}
	if faults == 0 {
		t.Fatal("no provider faults in the generated log")
	}
	h1, err := l1.StateHash()
	must(t, err)
	h2, err := l2.StateHash()
	must(t, err)
	if h1 != h2 {
		t.Fatal("state hash differs after reopening")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
