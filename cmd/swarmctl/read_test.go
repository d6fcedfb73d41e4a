package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/projections"
)

// readCLI runs swarmctl's read commands against a ledger's API.
type readCLI struct {
	t    *testing.T
	l    *earnLedger
	base string
}

// startReadLedger serves a generated multi-epoch log and waits until the
// API is ready (the ledger and every projection caught up).
func startReadLedger(ctx context.Context, t *testing.T) readCLI {
	t.Helper()
	l := startEarnLedger(ctx, t)
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(l.svc.APIURL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return readCLI{t: t, l: l, base: l.svc.APIURL}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not ready: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// api GETs path from the API itself and decodes it into out.
func (c readCLI) api(path string, out any) {
	c.t.Helper()
	resp, err := http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
}

// run runs a command against the API and checks its exit code and that
// its output, table padding squashed, holds want; it returns stdout
// squashed.
func (c readCLI) run(code int, want string, args ...string) string {
	c.t.Helper()
	args = append(args, "--api", c.base)
	out, errOut, got := swarmctl(c.t, args...)
	out, errOut = squash(out), squash(errOut)
	if got != code || !strings.Contains(out+errOut, want) {
		c.t.Fatalf("swarmctl %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant output containing %q", strings.Join(args, " "), got, code, out, errOut, want)
	}
	return out
}

// json runs a command with --json and decodes its output into out.
func (c readCLI) json(out any, args ...string) {
	c.t.Helper()
	raw := expectRun(c.t, append(args, "--json", "--api", c.base), 0, "")
	if !strings.HasPrefix(raw, "{\n  \"") && !strings.HasPrefix(raw, "[\n  {") {
		c.t.Fatalf("%v: output is not indented JSON:\n%s", args, raw)
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		c.t.Fatalf("%v: %v\n%s", args, err, raw)
	}
}

// same compares a command's decoded --json output with the API's answer.
func (c readCLI) same(got, want any, what string) {
	c.t.Helper()
	if !reflect.DeepEqual(got, want) {
		c.t.Fatalf("%s: the command's JSON differs from the API's\n got %+v\nwant %+v", what, got, want)
	}
}

// rows checks that a table holds every wanted row (padding squashed).
func (c readCLI) rows(table string, want ...string) {
	c.t.Helper()
	for _, w := range want {
		if !strings.Contains(table, w+"\n") {
			c.t.Errorf("the table lacks the row %q:\n%s", w, table)
		}
	}
}

func TestReadCommands(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startReadLedger(ctx, t)
	t.Run("Epochs", func(t *testing.T) { c.t = t; testEpochs(c) })
	t.Run("Nodes", func(t *testing.T) { c.t = t; testNodes(c) })
	t.Run("Stake", func(t *testing.T) { c.t = t; testStake(c) })
	t.Run("Slashes", func(t *testing.T) { c.t = t; testSlashes(c) })
	t.Run("State", func(t *testing.T) { c.t = t; testState(c) })
	t.Run("Statement", func(t *testing.T) { c.t = t; testStatement(c) })
	t.Run("Rebuild", func(t *testing.T) { c.t = t; testRebuild(c) })
}

func testEpochs(c readCLI) {
	var want projections.EpochList
	c.api("/v1/epochs", &want)
	if len(want.Epochs) != len(c.l.epochs) || len(want.Epochs) < 3 {
		c.t.Fatalf("the API lists %d epochs, the ledger closed %d", len(want.Epochs), len(c.l.epochs))
	}
	var got projections.EpochList
	c.json(&got, "epochs")
	c.same(got, want, "epochs")
	c.json(&got, "epochs", "--limit", "1", "--all")
	c.same(got, want, "epochs --limit 1 --all")

	table := c.run(0, "EPOCH", "epochs")
	for _, e := range want.Epochs {
		start, end := utcMs(e.StartMs), utcMs(e.EndMs)[11:]
		c.rows(table, fmt.Sprintf("%d %s – %s %s %s %s %s %d %d %s %s", e.Epoch, start, end, swarmDigits(e.Pool),
			swarmDigits(e.Distributed), swarmDigits(e.Carry), bpPercent(e.UtilizationBP), e.Earners, e.Slashes, e.State, shortHash(e.Root)))
	}
	if !strings.Contains(table, "anchored") || !strings.Contains(table, "closed") {
		c.t.Errorf("the generated log has anchored and closed epochs:\n%s", table)
	}
	page := c.run(0, "more epochs with --from 3 or --all", "epochs", "--from", "2", "--limit", "1")
	if strings.Count(page, "\n") != 3 || !strings.Contains(page, "\n2 ") {
		c.t.Errorf("epochs --from 2 --limit 1:\n%s", page)
	}
	c.run(0, "no closed epochs in this range (last closed: 4)", "epochs", "--from", "9")

	k := uint64(2)
	var detail projections.EpochDetail
	c.api(fmt.Sprintf("/v1/epochs/%d", k), &detail)
	var gotDetail projections.EpochDetail
	c.json(&gotDetail, "epochs", "show", fmt.Sprint(k))
	c.same(gotDetail.EpochSummary, detail.EpochSummary, "epochs show")
	var rep, gotRep aggregates.Report
	if json.Unmarshal(detail.Report, &rep) != nil || json.Unmarshal(gotDetail.Report, &gotRep) != nil {
		c.t.Fatal("unreadable report")
	}
	c.same(gotRep, rep, "epochs show: report")
	if len(rep.Earners) == 0 || len(rep.Slashes) == 0 || len(rep.Jailed) == 0 {
		c.t.Fatalf("epoch %d has %d earners, %d slashes, %d jails: want all kinds", k, len(rep.Earners), len(rep.Slashes), len(rep.Jailed))
	}
	show := c.run(0, "EARNER", "epochs", "show", fmt.Sprint(k))
	c.rows(show, "pool "+showAmount(detail.Pool), "root "+detail.Root, fmt.Sprintf("slashes %d", len(rep.Slashes)))
	for _, e := range rep.Earners {
		c.rows(show, fmt.Sprintf("%s %s %s", e.Address, swarmDigits(e.Amount), swarmDigits(e.Cumulative)))
	}
	for _, s := range rep.Slashes {
		c.rows(show, fmt.Sprintf("%s %s %s %s", s.ID, s.Provider, s.Reason, bpPercent(s.BP)))
	}
	for _, j := range rep.Jailed {
		c.rows(show, fmt.Sprintf("%s %d", j.Node, j.Until))
	}

	c.run(1, "404 Not Found: epoch 99 is not closed (last closed: 4)", "epochs", "show", "99")
	c.run(2, `"0" is not an epoch`, "epochs", "show", "0")
	c.run(2, "--from must be a positive", "epochs", "--from", "0")
	c.run(2, "--limit 5000: want 1..1000", "epochs", "--limit", "5000")
}

// timeless clears what depends on when the catalog was asked.
func timeless(l projections.NodeList) projections.NodeList {
	l.AtMs = 0
	l.Nodes = append([]projections.CatalogNode(nil), l.Nodes...)
	for i := range l.Nodes {
		l.Nodes[i].HeartbeatAgeMs = 0
	}
	return l
}

func testNodes(c readCLI) {
	var all projections.NodeList
	c.api("/v1/nodes", &all)
	if all.Total < 5 || len(all.Nodes) != all.Total {
		c.t.Fatalf("the catalog lists %d of %d nodes", len(all.Nodes), all.Total)
	}
	var got projections.NodeList
	c.json(&got, "nodes")
	c.same(timeless(got), timeless(all), "nodes")
	c.json(&got, "nodes", "--limit", "5", "--all")
	c.same(timeless(got), timeless(all), "nodes --limit 5 --all")

	table := c.run(0, "RANK NODE PROVIDER REGION HEALTH GPUS UTIL TEMP RELIABILITY STAKE FACTOR HEARTBEAT", "nodes")
	for _, n := range all.Nodes {
		prefix := fmt.Sprintf("\n%d %s %s %s %s %s", n.Rank, shortNode(n.Node), shortAddr(n.Provider), n.Region, healthText(n), gpuSummary(n.GPUs))
		if !strings.Contains(table, prefix) {
			c.t.Errorf("the nodes table lacks %q:\n%s", prefix, table)
		}
	}
	c.run(0, fmt.Sprintf("more of the %d nodes with --limit or --all", all.Total), "nodes", "--limit", "5")

	// Each filter narrows the list to what the API selects with it.
	first := all.Nodes[0]
	filters := [][]string{
		{"--region", first.Region},
		{"--provider", strings.ToUpper(first.Provider[:2]) + first.Provider[2:]},
		{"--model", first.GPUs[0].Model},
		{"--health", "jailed, tombstoned"},
		{"--min-mem", "80000", "--verified"},
	}
	for _, f := range filters {
		c.json(&got, append([]string{"nodes"}, f...)...)
		if got.Total == 0 || got.Total >= all.Total || len(got.Nodes) != got.Total {
			c.t.Errorf("nodes %v: %d of %d nodes", f, got.Total, all.Total)
		}
		for _, n := range got.Nodes {
			if !nodeMatches(n, f) {
				c.t.Errorf("nodes %v lists %+v", f, n)
			}
		}
	}

	var one projections.CatalogNode
	c.api("/v1/nodes/"+first.Node, &one)
	var gotOne projections.CatalogNode
	c.json(&gotOne, "nodes", "show", first.Node)
	one.HeartbeatAgeMs, gotOne.HeartbeatAgeMs = 0, 0
	c.same(gotOne, one, "nodes show")
	show := c.run(0, "node "+first.Node, "nodes", "show", first.Node)
	for _, g := range one.GPUs {
		c.rows(show, fmt.Sprintf("%s %s %d yes %s %d %d°C %s %d %d", g.UUID, g.Model, g.MemMiB, bpPercent(g.UtilBP), g.MemUsedMiB, g.TempC, watts(g.PowerMW), g.EccDBE, g.Xid))
	}

	// Bad flags fail before any request: the API given is unreachable.
	down := []string{"--api", "http://127.0.0.1:1"}
	expectRun(c.t, append([]string{"nodes", "--provider", "0x1234"}, down...), 2, `--provider: "0x1234" is not an address`)
	expectRun(c.t, append([]string{"nodes", "--health", "healthy,sick"}, down...), 2, `"sick" is not one of`)
	expectRun(c.t, append([]string{"nodes", "show", "UNOTANODE"}, down...), 2, `"UNOTANODE" is not a node id`)
	expectRun(c.t, append([]string{"nodes"}, down...), 1, "ledger API unreachable at http://127.0.0.1:1")
	kp, _ := nkeys.CreateUser()
	stranger, _ := kp.PublicKey()
	c.run(1, "404 Not Found: node "+stranger+" is not in the catalog", "nodes", "show", stranger)
}

// nodeMatches reports whether n satisfies the filter flags f.
func nodeMatches(n projections.CatalogNode, f []string) bool {
	switch f[0] {
	case "--region":
		return n.Region == f[1]
	case "--provider":
		return n.Provider == strings.ToLower(f[1])
	case "--health":
		return strings.Contains(f[1], n.Health)
	}
	for _, g := range n.GPUs {
		if (f[0] == "--model" && g.Model == f[1]) || (f[0] == "--min-mem" && g.MemMiB >= 80000 && g.Verified) {
			return true
		}
	}
	return false
}

func testStake(c readCLI) {
	var list projections.StakeList
	c.api("/v1/stake", &list)
	if len(list.Providers) < 2 {
		c.t.Fatalf("%d providers with stake", len(list.Providers))
	}
	var got projections.StakeList
	c.json(&got, "stake", "list")
	c.same(got, list, "stake list")
	c.json(&got, "stake", "list", "--limit", "1", "--all")
	c.same(got, list, "stake list --limit 1 --all")
	table := c.run(0, "PROVIDER STAKERS", "stake", "list")
	for _, p := range list.Providers {
		c.rows(table, fmt.Sprintf("%s %d %s %s %s", p.Provider, p.Stakers, swarmDigits(p.Bonded), swarmDigits(p.Unbonding), swarmDigits(p.Active)))
	}

	prov := list.Providers[0].Provider
	var ps projections.ProviderStake
	c.api("/v1/providers/"+prov+"/stake", &ps)
	var gotPS projections.ProviderStake
	c.json(&gotPS, "stake", "positions", prov)
	c.same(gotPS, ps, "stake positions PROVIDER")
	table = c.run(0, "provider "+prov, "stake", "positions", prov)
	for _, s := range ps.Stakers {
		c.rows(table, fmt.Sprintf("%s %s %s %s %s", s.Staker, swarmDigits(s.Bonded), swarmDigits(s.Unbonding), releaseText(s.ReleaseAtS), swarmDigits(s.Active)))
	}
	c.rows(table, fmt.Sprintf("total (%d) %s %s %s", len(ps.Stakers), swarmDigits(ps.Bonded), swarmDigits(ps.Unbonding), swarmDigits(ps.Active)))

	staker := ps.Stakers[0].Staker
	var ss projections.StakerStake
	c.api("/v1/stakers/"+staker, &ss)
	var gotSS projections.StakerStake
	c.json(&gotSS, "stake", "positions", "--staker", staker)
	c.same(gotSS, ss, "stake positions --staker")
	if len(ss.Positions) == 0 {
		c.t.Fatalf("staker %s has no positions", staker)
	}
	c.run(0, fmt.Sprintf("total (%d) %s", len(ss.Positions), swarmDigits(ss.Bonded)), "stake", "positions", "--staker", staker)

	c.run(2, "give either PROVIDER or --staker ADDR", "stake", "positions")
	c.run(2, "give either PROVIDER or --staker ADDR", "stake", "positions", prov, "--staker", staker)
	c.run(2, `--staker: "0xabc" is not an address`, "stake", "positions", "--staker", "0xabc")
	// The contract's view is still there.
	expectRun(c.t, []string{"stake", "show", staker}, 2, "accepts 2 arg(s)")
}

func testSlashes(c readCLI) {
	var all projections.SlashList
	c.api("/v1/slashes", &all)
	if len(all.Slashes) < 5 || all.Next != "" {
		c.t.Fatalf("%d slashes, next %q", len(all.Slashes), all.Next)
	}
	var got projections.SlashList
	c.json(&got, "slashes")
	c.same(got, all, "slashes")
	c.json(&got, "slashes", "--limit", "2", "--all")
	c.same(got, all, "slashes --limit 2 --all")
	table := c.run(0, "EPOCH ID PROVIDER REASON SLASH EXECUTED AMOUNT (SWARM) TX", "slashes")
	executed := 0
	for _, s := range all.Slashes {
		c.rows(table, fmt.Sprintf("%d %s %s %s %s %s %s %s", s.Epoch, s.ID, shortAddr(s.Provider), s.Reason, bpPercent(s.BP),
			yesNo(s.Executed), swarmOrDash(s.Amount), orDash(shortHash(s.Tx))))
		if s.Executed {
			executed++
		}
	}
	if executed == 0 || executed == len(all.Slashes) {
		c.t.Errorf("%d of %d slashes executed: want both kinds", executed, len(all.Slashes))
	}

	var want projections.SlashList
	q := url.Values{"provider": {all.Slashes[0].Provider}, "reason": {"faults"}, "from": {"2"}}
	c.api("/v1/slashes?"+q.Encode(), &want)
	// A fresh value: decoding into the previous page's would keep members
	// (such as another reason's evidence) that this answer omits.
	var filtered projections.SlashList
	c.json(&filtered, "slashes", "--provider", q.Get("provider"), "--reason", "faults", "--from", "2")
	c.same(filtered, want, "slashes --provider --reason --from")

	var jails projections.JailList
	c.api("/v1/jails", &jails)
	var gotJails projections.JailList
	c.json(&gotJails, "slashes", "--jails")
	c.same(gotJails, jails, "slashes --jails")
	node := jails.Jails[0].Node
	c.api("/v1/jails?active=true&node="+node, &jails)
	c.json(&gotJails, "slashes", "--jails", "--active", "--node", node)
	c.same(gotJails, jails, "slashes --jails --active --node")
	c.run(0, "EPOCH NODE UNTIL EPOCH RELEASED", "slashes", "--jails")

	// --status filters every page on the client; --ids prints the ids in
	// list order.
	statuses := map[projections.SlashStatus]int{}
	var ids strings.Builder
	for _, s := range all.Slashes {
		statuses[s.Status]++
		ids.WriteString(s.ID + "\n")
	}
	if len(statuses) < 2 {
		c.t.Errorf("slash statuses %v: want two kinds at least", statuses)
	}
	for _, st := range slashStatuses {
		want := projections.SlashList{Slashes: []projections.SlashRecord{}}
		var wantIDs strings.Builder
		for _, s := range all.Slashes {
			if s.Status == st {
				want.Slashes = append(want.Slashes, s)
				wantIDs.WriteString(s.ID + "\n")
			}
		}
		var byStatus projections.SlashList
		c.json(&byStatus, "slashes", "--status", string(st), "--limit", "2")
		c.same(byStatus, want, "slashes --status "+string(st))
		if got := expectRun(c.t, []string{"slashes", "--status", string(st), "--ids", "--api", c.base}, 0, ""); got != wantIDs.String() {
			c.t.Errorf("slashes --status %s --ids printed %q, want %q", st, got, wantIDs.String())
		}
		if len(want.Slashes) == 0 {
			c.run(0, "no slashes", "slashes", "--status", string(st))
		}
	}
	if got := expectRun(c.t, []string{"slashes", "--ids", "--limit", "1", "--api", c.base}, 0, ""); got != ids.String() {
		c.t.Errorf("slashes --ids printed %q, want %q", got, ids.String())
	}
	c.run(2, `--status "pending"`, "slashes", "--status", "pending")
	c.run(2, "not --jails", "slashes", "--jails", "--ids")
	c.run(2, "--ids prints ids, not --json", "slashes", "--ids", "--json")

	c.run(2, `--reason "theft"`, "slashes", "--reason", "theft")
	c.run(2, "add --jails", "slashes", "--active")
	c.run(2, "not --jails", "slashes", "--jails", "--reason", "faults")
	c.run(2, `"U1" is not a node id`, "slashes", "--jails", "--node", "U1")

	// One slash, by id and by evidence: the API's record, its status and
	// (once proposed) when it becomes executable.
	for _, s := range all.Slashes {
		var one, byID, byEvidence projections.SlashRecord
		c.api("/v1/slashes/"+url.PathEscape(s.ID), &one)
		if !reflect.DeepEqual(one, s) || one.Status == "" || one.Evidence == "" {
			c.t.Fatalf("GET /v1/slashes/%s = %+v, the list has %+v", s.ID, one, s)
		}
		c.json(&byID, "slash", "show", s.ID)
		c.same(byID, one, "slash show ID")
		c.json(&byEvidence, "slash", "show", s.Evidence)
		c.same(byEvidence, one, "slash show EVIDENCE")
		c.rows(c.run(0, "status "+string(s.Status), "slash", "show", s.ID), "slash "+s.ID, "evidence "+s.Evidence)
	}
	c.run(1, "no slash downtime:1:UNKNOWN was decided", "slash", "show", "downtime:1:UNKNOWN")
	testEquivocationMessages(c, all)
}

// testEquivocationMessages: `swarmctl slash show` of an equivocation slash
// prints the two conflicting messages read from the stream, by their
// hashes, with their stream sequences (the fixture publishes the generated
// log in order, so message i is at sequence i+1, on one subject: the node's
// subjects hold none and the whole stream is read); without NATS it warns
// and prints the rest.
func testEquivocationMessages(c readCLI, all projections.SlashList) {
	sc, _, err := gen.GenerateParsed(gen.DefaultConfig())
	if err != nil {
		c.t.Fatal(err)
	}
	at := map[string]int{}
	for i, m := range sc.Messages {
		at[events.MessageHash(m).String()] = i
	}
	seen := 0
	for _, s := range all.Slashes {
		if s.Reason != "equivocation" {
			continue
		}
		seen++
		d := s.Detail
		if d == nil || d.Accepted == "" || d.Conflicting == "" || d.Accepted == d.Conflicting {
			c.t.Fatalf("equivocation slash %s: evidence %+v", s.ID, d)
		}
		args := []string{"slash", "show", s.ID, "--api", c.base, "--nats", c.l.svc.NATSURL()}
		out, errOut, code := swarmctl(c.t, args...)
		if code != 0 || errOut != "" {
			c.t.Fatalf("swarmctl %v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
		}
		for _, m := range []struct{ name, hash string }{{"accepted", d.Accepted}, {"conflicting", d.Conflicting}} {
			i, ok := at[m.hash]
			if !ok {
				c.t.Fatalf("%s: the %s message %s is not in the generated log", s.ID, m.name, m.hash)
			}
			want := fmt.Sprintf("%s message %s: stream seq %d, subject %sraw (canonical JSON):\n%s\n", m.name, m.hash, i+1, eventlog.SubjectPrefix, sc.Messages[i])
			if !strings.Contains(out, want) {
				c.t.Errorf("swarmctl %v lacks\n%s\nin\n%s", args, want, out)
			}
		}
		// --json is the API's answer alone; --no-stream reads no stream.
		var rec projections.SlashRecord
		c.json(&rec, "slash", "show", s.ID, "--nats", c.l.svc.NATSURL())
		c.same(rec, s, "slash show --json of an equivocation")
		if out := c.run(0, "status "+string(s.Status), "slash", "show", s.ID, "--no-stream", "--nats", c.l.svc.NATSURL()); strings.Contains(out, "stream seq") {
			c.t.Errorf("slash show --no-stream read the stream:\n%s", out)
		}
		// NATS unreachable: a warning, the rest printed, exit 0.
		out, errOut, code = swarmctl(c.t, "slash", "show", s.ID, "--api", c.base, "--nats", "nats://127.0.0.1:1")
		if code != 0 || !strings.Contains(errOut, "warning: the conflicting messages were not read from the stream") ||
			!strings.Contains(squash(out), "status "+string(s.Status)) || !strings.Contains(squash(out), "conflicting message "+d.Conflicting) {
			c.t.Errorf("slash show with NATS unreachable: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
		}
	}
	if seen == 0 {
		c.t.Fatal("the generated log has no equivocation slash")
	}
}

func testState(c readCLI) {
	var st projections.State
	c.json(&st, "state")
	if st.Checkpoint != c.l.svc.Checkpoint() || st.LastClosed != uint64(len(c.l.epochs)) || st.Lag != 0 || len(st.Projections) != 5 {
		c.t.Fatalf("state %+v", st)
	}
	table := c.run(0, "PROJECTION GENERATION", "state")
	c.rows(table, fmt.Sprintf("checkpoint %d", st.Checkpoint), "events digest "+st.EventsDigest,
		fmt.Sprintf("state hash %s (at checkpoint %d)", st.StateHash, st.StateHashAt))
	var want, got []projections.ProjectionStatus
	c.api("/v1/projections", &want)
	c.json(&got, "projections", "status")
	c.same(got, want, "projections status")
	status := c.run(0, "", "projections", "status")
	for _, p := range want {
		c.rows(status, fmt.Sprintf("%s %d %d %d -", p.Name, p.Generation, p.Checkpoint, p.Lag))
	}
	expectRun(c.t, []string{"state", "--api", "http://127.0.0.1:1"}, 1, "ledger API unreachable at http://127.0.0.1:1")
}

func testRebuild(c readCLI) {
	var epochs, epochsAfter projections.EpochList
	var slashes, slashesAfter projections.SlashList
	c.json(&epochs, "epochs")
	c.json(&slashes, "slashes")
	for _, name := range []string{"epochs", "slashes"} {
		before := projectionNamed(c, name)
		gen := before.Generation + 1
		out := c.run(0, "", "projections", "rebuild", name, "--wait")
		c.rows(out, fmt.Sprintf("rebuilding %s as generation %d", name, gen),
			fmt.Sprintf("%s: generation %d serves at checkpoint %d", name, gen, before.Checkpoint))
		if st := projectionNamed(c, name); st.Generation != gen || st.RebuildGeneration != 0 || st.Checkpoint != before.Checkpoint {
			c.t.Fatalf("after the rebuild: %+v, want generation %d at %d", st, gen, before.Checkpoint)
		}
	}
	c.json(&epochsAfter, "epochs")
	c.same(epochsAfter, epochs, "epochs after the rebuild")
	c.json(&slashesAfter, "slashes")
	c.same(slashesAfter, slashes, "slashes after the rebuild")
	// --json prints the API's answer to the request; the progress goes to
	// stderr.
	gen := projectionNamed(c, "staking").Generation + 1
	var started map[string]any
	c.json(&started, "projections", "rebuild", "staking", "--wait")
	if want := map[string]any{"name": "staking", "generation": float64(gen)}; !reflect.DeepEqual(started, want) {
		c.t.Fatalf("rebuild --json: %v, want %v", started, want)
	}
	if st := projectionNamed(c, "staking"); st.Generation != gen || st.RebuildGeneration != 0 {
		c.t.Fatalf("after rebuild --wait --json: %+v", st)
	}
	c.run(1, `404 Not Found: projections: no such projection: "bogus"`, "projections", "rebuild", "bogus")
}

func projectionNamed(c readCLI, name string) projections.ProjectionStatus {
	c.t.Helper()
	var sts []projections.ProjectionStatus
	c.api("/v1/projections", &sts)
	for _, st := range sts {
		if st.Name == name {
			return st
		}
	}
	c.t.Fatalf("/v1/projections lacks %s", name)
	return projections.ProjectionStatus{}
}

// TestRebuildErrors: the API's refusals of a rebuild surface as one line.
func TestRebuildErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/projections/epochs/rebuild" {
			http.Error(w, `{"error":"unexpected"}`, http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusConflict)
		fmt.Fprintln(w, `{"error":"projections: a rebuild is already running: epochs generation 3"}`)
	}))
	defer srv.Close()
	_, errOut, code := swarmctl(t, "projections", "rebuild", "epochs", "--wait", "--api", srv.URL)
	want := "swarmctl: ledger API: POST " + srv.URL + "/v1/projections/epochs/rebuild: 409 Conflict: projections: a rebuild is already running: epochs generation 3\n"
	if code != 1 || errOut != want {
		t.Fatalf("exit %d, stderr %q\nwant %q", code, errOut, want)
	}
}
