package ledgerd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/settlement"
)

// e2eSlashDelay is the slash delay of the due-process runs: far longer than
// the test, so only an explicit jump of the chain's clock makes a slash
// executable.
const e2eSlashDelay = time.Hour

// TestSlashDueProcessEndToEnd takes a downtime slash through SPEC §6.6 with
// the real settler on the simulated chain: decided at the close of epoch
// 2, proposed once with its executable_at, then in one run vetoed by the
// guardian (no Slashed log, stake unchanged on chain and in the ledger,
// status vetoed) and in the other executed once its delay has passed (stake
// cut by §6.5 on chain and in the ledger, status executed). The API shows
// each status from the folded chain events.
func TestSlashDueProcessEndToEnd(t *testing.T) {
	for _, veto := range []bool{true, false} {
		name := map[bool]string{true: "vetoed", false: "executed"}[veto]
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			e := newSettleEnvDelay(ctx, t, e2eSlashDelay)
			r := startRunning(ctx, t, e.config("", nil))
			js, id := e.decideDowntime(r)
			rep := reportOf(t, mustEpoch(t, r.ledger, 2))
			if len(rep.Slashes) != 1 || rep.Slashes[0].ID != id {
				t.Fatalf("epoch 2 slashes %+v, want only %s", rep.Slashes, id)
			}
			ev := merkle.Evidence(id)
			c := e.net.Client

			// Proposed once, and the API shows when it becomes executable.
			var rec chain.SlashRecord
			waitFor(t, "the proposal on chain", func() bool {
				var err error
				rec, err = c.SlashOf(ctx, ev)
				return err == nil && rec.State == chain.SlashProposed
			})
			if rec.Provider != e.provider.Address() || rec.BP != 50 {
				t.Fatalf("slashOf %+v", rec)
			}
			s := e.waitSlashStatus(r, id, projections.SlashProposed)
			if s.ExecutableAt != rec.ExecutableAt || s.Evidence != fmt.Sprintf("0x%x", ev) || s.Executed {
				t.Fatalf("GET /v1/slashes/%s = %+v; chain executableAt %d", id, s, rec.ExecutableAt)
			}
			if byEvidence := e.getSlash(r, s.Evidence); !reflect.DeepEqual(byEvidence, s) {
				t.Fatalf("by evidence %+v, by id %+v", byEvidence, s)
			}
			if st := r.settler.Status(); st.SlashesOverdue != 0 || len(st.SlashesPending) != 1 || st.SlashesPending[0] != id {
				t.Fatalf("settlement status before executableAt: %+v", st)
			}

			hundred, _ := chain.ParseAmount("100")
			want := hundred
			if veto {
				// The guardian is the deployer, development account 0.
				if _, err := c.VetoSlash(ctx, chain.NewSigner(e.net.Accounts[0].Key), ev); err != nil {
					t.Fatal(err)
				}
				e.waitSlashStatus(r, id, projections.SlashVetoed)
			} else {
				want = new(big.Int).Sub(hundred, new(big.Int).Div(new(big.Int).Mul(hundred, big.NewInt(50)), big.NewInt(10000)))
			}
			if err := e.net.Chain.AdjustTime(e2eSlashDelay); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the slash settled", func() bool {
				st := r.settler.Status()
				return st.SlashesExecuted+st.SlashesVetoed == 1 && len(st.SlashesPending) == 0
			})
			st := r.settler.Status()
			final := e.waitSlashStatus(r, id, map[bool]projections.SlashStatus{true: projections.SlashVetoed, false: projections.SlashExecuted}[veto])
			rec, err := c.SlashOf(ctx, ev)
			if err != nil {
				t.Fatal(err)
			}
			slashedLogs := e.logs(e.net.Addresses.Staking, bindings.NewSwarmStaking().GetABI().Events["Slashed"].ID)
			nonce, err := c.Backend().PendingNonceAt(ctx, e.settler.Address())
			if err != nil {
				t.Fatal(err)
			}
			if veto {
				if rec.State != chain.SlashVetoed || len(slashedLogs) != 0 || st.SlashesVetoed != 1 || final.VetoTx == "" || final.Executed {
					t.Fatalf("vetoed run: slashOf %+v, %d Slashed logs, status %+v, record %+v", rec, len(slashedLogs), st, final)
				}
				// Two roots and one proposal: no execution was sent.
				if nonce != 3 {
					t.Fatalf("the settler sent %d transactions, want 2 roots and 1 proposal", nonce)
				}
			} else {
				if rec.State != chain.SlashExecuted || len(slashedLogs) != 1 || st.SlashesExecuted != 1 || !final.Executed || final.Tx == "" {
					t.Fatalf("executed run: slashOf %+v, %d Slashed logs, status %+v, record %+v", rec, len(slashedLogs), st, final)
				}
				if nonce != 4 {
					t.Fatalf("the settler sent %d transactions, want 2 roots, 1 proposal and 1 execution", nonce)
				}
				if final.Amount != new(big.Int).Sub(hundred, want).String() {
					t.Fatalf("slashed amount %s", final.Amount)
				}
			}
			bonded, err := c.BondedOf(ctx, e.staker.Address(), e.provider.Address())
			if err != nil {
				t.Fatal(err)
			}
			if bonded.Cmp(want) != 0 {
				t.Fatalf("bonded on chain %s, want %s", bonded, want)
			}
			waitFor(t, "the ledger to fold the chain's events", func() bool { return r.ledger.View().Position >= e.streamLast(js) })
			key := "bonded:" + events.Address(e.staker.Address()).String() + ":" + events.Address(e.provider.Address()).String()
			if got := r.ledger.TrialBalance()[key]; got == nil || got.Cmp(want) != 0 {
				t.Fatalf("ledger %s = %v, want %s", key, got, want)
			}
			// One chain.slash_proposed in the log, and a chain.slash_vetoed
			// only in the vetoed run.
			if n := e.countSubject(js, eventlog.Subject(events.ChainSlashProposed, "")); n != 1 {
				t.Fatalf("%d chain.slash_proposed", n)
			}
			if n, want := e.countSubject(js, eventlog.Subject(events.ChainSlashVetoed, "")), map[bool]uint64{true: 1, false: 0}[veto]; n != want {
				t.Fatalf("%d chain.slash_vetoed, want %d", n, want)
			}
			// The veto lifts no jail: node 1 stays jailed.
			if jails := e.jailsOf(r, e.nodes[1].id); len(jails.Jails) != 1 || jails.Jails[0].Released {
				t.Fatalf("jails of node 1: %+v", jails)
			}
		})
	}
}

// decideDowntime sets up the nodes and stake on r and runs two epochs in
// which node 1 falls silent in the second: the close of epoch 2 decides its
// downtime slash, whose id it returns.
func (e *settleEnv) decideDowntime(r *running) (jetstream.JetStream, string) {
	e.t.Helper()
	js := e.connect(r.NATSURL())
	waitFor(e.t, "leadership", r.IsLeader)
	e.setup(js, r.ledger.View)
	for range 2 {
		e.heartbeats(js)
		e.nextEpoch(r.ledger.View)
	}
	return js, "downtime:2:" + e.nodes[1].id
}

// heartbeats publishes one epoch of heartbeats: node 0 as for three epochs,
// node 1 only in epoch 1 (so epoch 2 decides its downtime). No tasks: the
// only slash is the downtime.
func (e *settleEnv) heartbeats(js jetstream.JetStream) {
	e.t.Helper()
	beats := 3 * int(settleEpoch/time.Second)
	for i := range beats {
		e.emit(js, e.nodes[0], &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-0", UtilBP: uint64(100 * i), TempC: 60}}})
		if e.epoch == 1 && i < beats/3 {
			e.emit(js, e.nodes[1], &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-1", TempC: 60}}})
		}
	}
}

// getSlash reads GET /v1/slashes/{slash}; it returns the zero record on
// 404.
func (e *settleEnv) getSlash(r *running, slash string) projections.SlashRecord {
	e.t.Helper()
	resp, err := http.Get(r.APIURL + "/v1/slashes/" + url.PathEscape(slash))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s projections.SlashRecord
	if resp.StatusCode == http.StatusNotFound {
		return s
	}
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET /v1/slashes/%s: %s", slash, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// waitSlashStatus waits until the API shows the slash with status want.
func (e *settleEnv) waitSlashStatus(r *running, id string, want projections.SlashStatus) projections.SlashRecord {
	e.t.Helper()
	var s projections.SlashRecord
	waitFor(e.t, fmt.Sprintf("slash %s %s in the API", id, want), func() bool {
		s = e.getSlash(r, id)
		return s.Status == want
	})
	return s
}

func (e *settleEnv) jailsOf(r *running, node string) projections.JailList {
	e.t.Helper()
	resp, err := http.Get(r.APIURL + "/v1/jails?node=" + node)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var l projections.JailList
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
		e.t.Fatal(err)
	}
	return l
}

// TestSlashOverdue: a slash whose delay has passed but that the settler
// cannot execute (here: it stops at the execution step, as a settler out
// of gas or crashing there would) counts as overdue in the settlement
// status that swarm_slash_overdue exports, and a restarted settler then
// executes it once.
func TestSlashOverdue(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	e := newSettleEnvDelay(ctx, t, e2eSlashDelay)
	dir := t.TempDir()
	var blocked atomic.Bool
	blocked.Store(true)
	r := startRunning(ctx, t, e.config(dir, func(s settlement.Step) error {
		if s == settlement.StepSlash && blocked.Load() {
			return errCrash
		}
		return nil
	}))
	_, id := e.decideDowntime(r)
	e.waitSlashStatus(r, id, projections.SlashProposed)
	if st := r.settler.Status(); st.SlashesOverdue != 0 {
		t.Fatalf("overdue before executableAt: %+v", st)
	}
	if err := e.net.Chain.AdjustTime(e2eSlashDelay); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.ended:
	case <-ctx.Done():
		t.Fatal("the settler never reached the execution step")
	}
	if err := r.stop(); !errors.Is(err, errCrash) {
		t.Fatalf("Run returned %v", err)
	}
	if st := r.settler.Status(); st.SlashesOverdue != 1 || len(st.SlashesPending) != 1 || st.SlashesPending[0] != id {
		t.Fatalf("status after the failed execution: %+v", st)
	}
	if rec, err := e.net.Client.SlashOf(ctx, merkle.Evidence(id)); err != nil || rec.State != chain.SlashProposed {
		t.Fatalf("slashOf %+v (%v)", rec, err)
	}
	r.Close()

	blocked.Store(false)
	r = startRunning(ctx, t, e.config(dir, nil))
	e.waitSlashStatus(r, id, projections.SlashExecuted)
	waitFor(t, "the slash settled", func() bool {
		st := r.settler.Status()
		return st.SlashesExecuted == 1 && st.SlashesOverdue == 0 && len(st.SlashesPending) == 0
	})
	if n := len(e.logs(e.net.Addresses.Staking, bindings.NewSwarmStaking().GetABI().Events["Slashed"].ID)); n != 1 {
		t.Fatalf("%d Slashed logs", n)
	}
}
