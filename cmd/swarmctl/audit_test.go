package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/settlement/audit"
)

// TestAudit anchors the roots of a generated log's first three epochs on a
// development chain, then audits the honest export (PASS, the fourth epoch
// pending) and exports with one line altered, dropped or reordered, or cut
// short (FAIL naming the epoch of the damage).
func TestAudit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := gen.DefaultConfig()
	cfg.Epochs = 4
	sc, err := gen.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paramsFile := filepath.Join(dir, "params.json")
	if err := os.WriteFile(paramsFile, sc.Params, 0o644); err != nil {
		t.Fatal(err)
	}
	params, err := aggregates.ParseParams(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	honest, err := audit.Check(ctx, params, sc.Messages, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(honest.Rows) != 4 {
		t.Fatalf("%d epochs closed in the generated log, want 4", len(honest.Rows))
	}

	n, err := devnet.Start(ctx, devnet.Config{HTTPAddr: "127.0.0.1:0", Accounts: 1, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	settler := chain.NewSigner(n.Accounts[0].Key)
	for _, r := range honest.Rows[:3] {
		if _, err := n.Client.SubmitRoot(ctx, settler, r.Epoch, common.HexToHash(r.Root), r.Total, common.HexToHash(r.Digest)); err != nil {
			t.Fatal(err)
		}
	}

	// closes[k] is the index of epoch k's epoch.closed line.
	closes := map[uint64]int{}
	for i, m := range sc.Messages {
		if d, err := events.Decode(m); err == nil && d.Type == events.EpochClosed {
			closes[d.Body.(*events.EpochClosedBody).Epoch] = i
		}
	}
	inEpoch := func(k uint64) int { return (closes[k-1] + closes[k]) / 2 } // a line inside epoch k

	fullCoverage := false
	run := func(name string, msgs [][]byte, code int, want string) {
		t.Helper()
		logFile := filepath.Join(dir, name+".ndjson")
		if err := events.WriteExportFile(logFile, msgs); err != nil {
			t.Fatal(err)
		}
		args := []string{"audit", "--params", paramsFile, "--log", logFile, "--rpc", n.URL(), "--contracts", filepath.Join(dir, "addresses.json")}
		if fullCoverage {
			args = append(args, "--require-full-coverage")
		}
		out, errOut, got := swarmctl(t, args...)
		if got != code || !strings.Contains(out+errOut, want) {
			t.Fatalf("%s: exit %d (want %d)\n%s%s\nwant %q", name, got, code, out, errOut, want)
		}
	}
	copyMsgs := func() [][]byte { return append([][]byte(nil), sc.Messages...) }

	run("honest", sc.Messages, 0, "PASS: 3 anchored epochs match the log (1 closed, not yet anchored)")

	altered := copyMsgs()
	i := inEpoch(2)
	altered[i] = append([]byte(nil), altered[i]...)
	altered[i][len(altered[i])/2] ^= 0x01
	run("altered", altered, 3, "audit FAILED at epoch 2: events digest differs")

	dropped := copyMsgs()
	i = inEpoch(3)
	dropped = append(dropped[:i], dropped[i+1:]...)
	run("dropped", dropped, 3, "audit FAILED at epoch 3")

	reordered := copyMsgs()
	i = inEpoch(2)
	for string(reordered[i]) == string(reordered[i+1]) {
		i++
	}
	reordered[i], reordered[i+1] = reordered[i+1], reordered[i]
	run("reordered", reordered, 3, "audit FAILED at epoch 2")

	// An export taken before epoch 3 closed: epoch 3 is not covered by it,
	// which fails only when full coverage is demanded.
	short := copyMsgs()[:closes[2]+1]
	run("short-live", short, 0, "not covered by this export: 1 epochs anchored after its last closed epoch (3..3)")
	fullCoverage = true
	run("short", short, 3, "audit FAILED at epoch 3: a root is on chain for an epoch the log never closed")
	fullCoverage = false

	// Another network's parameters are named as such, not as a bad epoch.
	other := cfg
	other.Seed++
	osc, err := gen.Generate(other)
	if err != nil {
		t.Fatal(err)
	}
	otherParams := filepath.Join(dir, "other-params.json")
	if err := os.WriteFile(otherParams, osc.Params, 0o644); err != nil {
		t.Fatal(err)
	}
	paramsFile, otherParams = otherParams, paramsFile
	run("wrong-params", sc.Messages, 1, "the parameters file does not belong to this log: the log's epoch.closed events are signed by ledger")
	paramsFile, otherParams = otherParams, paramsFile

	// Operating errors are not audit failures.
	_, errOut, code := swarmctl(t, "audit", "--params", paramsFile, "--log", filepath.Join(dir, "missing.ndjson"),
		"--rpc", n.URL(), "--contracts", filepath.Join(dir, "addresses.json"))
	if code != 1 {
		t.Fatalf("missing log: exit %d: %s", code, errOut)
	}
}
