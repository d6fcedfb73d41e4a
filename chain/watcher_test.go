package chain

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/merkle"
)

func newNodeID(t *testing.T) string {
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	id, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func amount(s string) *big.Int {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// TestWatcherAllEventTypes drives every watched contract event through the
// watcher into JetStream, checks nothing is published before it is final,
// that the log then equals the canonical final chain, and that the ledger
// folding those events agrees with the contracts' own stake accounting.
func TestWatcherAllEventTypes(t *testing.T) {
	const conf = 2
	e := newEnv(t, FinalityConfirmations, conf)
	prov, s1, s2, earner := e.users[0], e.users[1], e.users[2], e.users[3]
	node := newNodeID(t)
	ctx := e.ctx

	ops := []struct {
		name string
		do   func() error
	}{
		{"authorize", func() error { _, err := e.c.AuthorizeNode(ctx, prov, node); return err }},
		{"bond s1", func() error {
			_, err := e.c.Bond(ctx, s1, prov.Address(), amount("1000.000000000000000007"))
			return err
		}},
		{"bond s2", func() error {
			_, err := e.c.Bond(ctx, s2, prov.Address(), amount("333.333333333333333333"))
			return err
		}},
		{"unbond s1", func() error { _, err := e.c.RequestUnbond(ctx, s1, prov.Address(), amount("400.5")); return err }},
		{"propose slash", func() error {
			_, err := e.c.ProposeSlash(ctx, e.admin, prov.Address(), 1234, crypto.Keccak256Hash([]byte("downtime:1:"+node)))
			return err
		}},
		{"propose a slash to veto", func() error {
			_, err := e.c.ProposeSlash(ctx, e.admin, prov.Address(), 9000, crypto.Keccak256Hash([]byte("faults:1:"+hexAddr(prov.Address()))))
			return err
		}},
		{"veto", func() error {
			_, err := e.c.VetoSlash(ctx, e.admin, crypto.Keccak256Hash([]byte("faults:1:"+hexAddr(prov.Address()))))
			return err
		}},
		{"execute slash", func() error {
			if err := e.sim.AdjustTime(testSlashDelay); err != nil {
				return err
			}
			_, err := e.c.ExecuteSlash(ctx, s2, crypto.Keccak256Hash([]byte("downtime:1:"+node))) // anyone may execute
			return err
		}},
		{"revoke", func() error { _, err := e.c.RevokeNode(ctx, prov, node); return err }},
		{"root+claim", func() error {
			var who [20]byte = earner.Address()
			tree, err := merkle.BuildTree([]merkle.Leaf{{Earner: who, Cumulative: amount("7.25")}, {Earner: events.Address(s1.Address()), Cumulative: amount("1")}})
			if err != nil {
				return err
			}
			if _, err := e.c.SubmitRoot(ctx, e.admin, 1, tree.Root(), amount("8.25"), [32]byte{1}); err != nil {
				return err
			}
			if err := e.sim.AdjustTime(2 * time.Minute); err != nil {
				return err
			}
			proof, _ := tree.Proof(who)
			_, err = e.c.Claim(ctx, s2, earner.Address(), amount("7.25"), proof) // s2 pays the gas
			return err
		}},
		{"withdraw s1", func() error {
			if err := e.sim.AdjustTime(time.Hour); err != nil {
				return err
			}
			_, err := e.c.Withdraw(ctx, s1, prov.Address())
			return err
		}},
	}
	for _, op := range ops {
		e.mined(op.do)
		head := e.head().Number.Uint64()
		e.step()
		for _, m := range e.sink.take() {
			ev := decode(t, m)
			if ref := chainRef(ev); ref.Block+conf > head {
				t.Fatalf("%s: published %s from block %d with head %d (< %d confirmations)", op.name, ev.ID(), ref.Block, head, conf)
			}
		}
	}
	for i := 0; i < conf; i++ {
		e.sim.Commit()
	}
	e.step()
	e.assertLogIsCanonicalFinal(e.watcher)

	seen := map[events.Type]int{}
	msgs := e.streamMessages()
	for _, m := range msgs {
		seen[decode(t, m).Type]++
	}
	for _, typ := range []events.Type{events.ChainNodeAuthorized, events.ChainNodeRevoked, events.ChainBonded,
		events.ChainUnbondRequested, events.ChainWithdrawn, events.ChainSlashed, events.ChainClaimed,
		events.ChainSlashProposed, events.ChainSlashVetoed} {
		if seen[typ] == 0 {
			t.Errorf("no %v event in the log", typ)
		}
	}

	// The ledger folds the watcher's events with no rejection, and its
	// stake accounts equal the contract's after the slash.
	params, err := aggregates.ParseParams(gen.DefaultConfig().Params())
	if err != nil {
		t.Fatal(err)
	}
	l, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, m := range msgs {
		r, err := l.ApplyMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if r != events.Accepted {
			t.Fatalf("ledger rejected %s: %v", m, r)
		}
	}
	if err := l.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	tb := l.TrialBalance()
	for _, s := range []*Signer{s1, s2} {
		bonded, err := e.c.BondedOf(ctx, s.Address(), prov.Address())
		if err != nil {
			t.Fatal(err)
		}
		unbonding, _, err := e.c.UnbondingOf(ctx, s.Address(), prov.Address())
		if err != nil {
			t.Fatal(err)
		}
		acct := hexAddr(s.Address()) + ":" + hexAddr(prov.Address())
		if got := balance(tb, "bonded:"+acct); got.Cmp(bonded) != 0 {
			t.Errorf("ledger bonded %s = %s, contract %s", acct, got, bonded)
		}
		if got := balance(tb, "unbonding:"+acct); got.Cmp(unbonding) != 0 {
			t.Errorf("ledger unbonding %s = %s, contract %s", acct, got, unbonding)
		}
	}
	if got := balance(tb, "claimed:"+hexAddr(earner.Address())); got.Cmp(amount("7.25")) != 0 {
		t.Errorf("ledger claimed = %s, want 7.25 SWARM", got)
	}
	// The due-process events carry the contract's record of each slash.
	for _, m := range msgs {
		switch b := decode(t, m).Body.(type) {
		case *events.SlashProposedBody:
			rec, err := e.c.SlashOf(ctx, common.HexToHash(b.Evidence))
			if err != nil {
				t.Fatal(err)
			}
			if b.Provider != hexAddr(rec.Provider) || b.BP != uint64(rec.BP) || b.ExecutableAt != rec.ExecutableAt || rec.ExecutableAt == 0 {
				t.Errorf("chain.slash_proposed %+v, slashOf %+v", b, rec)
			}
		case *events.SlashVetoedBody:
			if rec, err := e.c.SlashOf(ctx, common.HexToHash(b.Evidence)); err != nil || rec.State != SlashVetoed {
				t.Errorf("chain.slash_vetoed %+v, slashOf %+v (%v)", b, rec, err)
			}
		}
	}
}

func balance(tb map[string]*big.Int, account string) *big.Int {
	if b := tb[account]; b != nil {
		return b
	}
	return new(big.Int)
}

func decode(t *testing.T, msg []byte) *events.Event {
	t.Helper()
	ev, err := events.Decode(msg)
	if err != nil {
		t.Fatalf("watcher published an undecodable event %s: %v", msg, err)
	}
	return &ev.Event
}

func chainRef(ev *events.Event) events.ChainRef {
	ref, ok := events.ChainRefOf(ev.Body)
	if !ok {
		panic("not a chain event")
	}
	return ref
}

// TestWatcherReorgs forks the chain at depths 1 up to past the confirmation
// setting. Nothing from a dropped block may reach the log, everything final
// must, exactly once. A reorg deeper than the confirmations, seen by a
// watcher that already published the dropped blocks, stops the watcher
// with ErrFinalityViolated; one the watcher did not see is harmless.
func TestWatcherReorgs(t *testing.T) {
	const conf = 3
	for depth := 1; depth <= conf+2; depth++ {
		for _, watching := range []bool{true, false} {
			if !watching && depth <= conf {
				continue
			}
			t.Run(fmt.Sprintf("depth=%d/watching=%v", depth, watching), func(t *testing.T) {
				e := newEnv(t, FinalityConfirmations, conf)
				prov, staker := e.users[0], e.users[1]
				e.mined(func() error {
					_, err := e.c.Send(e.ctx, staker, &e.c.Addr.Token, e.c.token.PackApprove(e.c.Addr.Staking, amount("1000")))
					return err
				})
				e.mined(func() error { _, err := e.c.Bond(e.ctx, staker, prov.Address(), amount("10")); return err })
				for i := 0; i <= conf; i++ {
					e.sim.Commit()
				}
				e.step()
				base := e.head()
				var dropped []common.Hash
				evidence := func(i int) [32]byte { return crypto.Keccak256Hash([]byte(fmt.Sprintf("reorg:%d:%d", depth, i))) }
				for i := 1; i <= depth; i++ {
					txs := []*types.Transaction{e.send(staker, e.c.Addr.Staking, e.c.staking.PackBond(prov.Address(), big.NewInt(int64(i))))}
					// The due-process events are dropped and re-mined like
					// the others: a proposal in every block, and from the
					// second on a veto of the previous block's proposal.
					txs = append(txs, e.send(e.admin, e.c.Addr.Staking, e.c.staking.PackProposeSlash(prov.Address(), uint16(i), evidence(i))))
					if i > 1 {
						txs = append(txs, e.send(e.admin, e.c.Addr.Staking, e.c.staking.PackVetoSlash(evidence(i-1))))
					}
					// The block builder may leave a transaction for the next
					// block (its build is cut short on a loaded machine); the
					// reorg then drops one block more than planned, and what
					// the watcher must do follows the depth actually dropped.
					for sealed := false; !sealed; sealed = e.allMined(txs) {
						dropped = append(dropped, e.sim.Commit())
						if watching {
							e.step()
						}
					}
				}
				if len(dropped) != depth {
					t.Logf("the builder spread %d blocks' transactions over %d blocks", depth, len(dropped))
				}
				reorg := len(dropped)
				if err := e.sim.Fork(base.Hash()); err != nil {
					t.Fatal(err)
				}
				// The new branch: other transactions (the dropped bonds return
				// to the pool and are mined again, in other blocks).
				k, _ := NodeKey(newNodeID(t))
				e.send(prov, e.c.Addr.Staking, e.c.staking.PackAuthorizeNode(k))
				for e.head().Number.Uint64() <= base.Number.Uint64()+uint64(reorg)+conf+1 {
					e.sim.Commit()
				}
				for _, h := range dropped {
					if b, _ := e.sim.Client().BlockByHash(e.ctx, h); b != nil {
						if c, _ := e.sim.Client().HeaderByNumber(e.ctx, b.Number()); c.Hash() == h {
							t.Fatalf("block %s still canonical after the fork", h.Hex())
						}
					}
				}
				_, err := e.watcher.Step(e.ctx)
				if watching && reorg > conf {
					if !errors.Is(err, ErrFinalityViolated) {
						t.Fatalf("a reorg of depth %d > %d confirmations under a watching watcher: got %v, want ErrFinalityViolated", reorg, conf, err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				e.assertLogIsCanonicalFinal(e.watcher)
				msgs := e.streamMessages()
				if n := len(msgs); n < 3 {
					t.Fatalf("only %d events in the log; the new branch's were expected", n)
				}
				// The dropped proposals and vetoes were mined again on the
				// new branch and reached the log from there, once each.
				seen := map[events.Type]int{}
				for _, m := range msgs {
					seen[decode(t, m).Type]++
				}
				if seen[events.ChainSlashProposed] != depth || seen[events.ChainSlashVetoed] != depth-1 {
					t.Fatalf("%d chain.slash_proposed and %d chain.slash_vetoed in the log, want %d and %d",
						seen[events.ChainSlashProposed], seen[events.ChainSlashVetoed], depth, depth-1)
				}
			})
		}
	}
}

// TestWatcherRestart: with its cursor the watcher publishes nothing again;
// with the cursor lost it republishes byte-identical events, which the
// stream drops as duplicates.
func TestWatcherRestart(t *testing.T) {
	const conf = 1
	e := newEnv(t, FinalityConfirmations, conf)
	prov, staker := e.users[0], e.users[1]
	node := newNodeID(t)
	e.mined(func() error { _, err := e.c.AuthorizeNode(e.ctx, prov, node); return err })
	e.mined(func() error { _, err := e.c.Bond(e.ctx, staker, prov.Address(), amount("12.5")); return err })
	e.mined(func() error { _, err := e.c.RequestUnbond(e.ctx, staker, prov.Address(), amount("2")); return err })
	e.sim.Commit()
	e.step()
	first := e.sink.take()
	if len(first) != 3 {
		t.Fatalf("published %d events, want 3", len(first))
	}
	before := e.streamMessages()

	again := e.newWatcher(FinalityConfirmations, conf, FileCursor(filepath.Join(e.dir, "cursor.json")))
	if n, err := again.Step(e.ctx); err != nil || n != 0 {
		t.Fatalf("restart with cursor published %d (err %v), want 0", n, err)
	}
	lost := e.newWatcher(FinalityConfirmations, conf, FileCursor(filepath.Join(e.dir, "lost.json")))
	if _, err := lost.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	second := e.sink.take()
	if len(second) != len(first) {
		t.Fatalf("republished %d events, want %d", len(second), len(first))
	}
	for i := range first {
		if !bytes.Equal(first[i], second[i]) {
			t.Fatalf("republished event differs:\n%s\n%s", first[i], second[i])
		}
	}
	after := e.streamMessages()
	if len(after) != len(before) {
		t.Fatalf("stream grew from %d to %d messages on republish", len(before), len(after))
	}
}

// TestWatcherFinalizedTag: where the node reports a finalized block the
// watcher waits for it, however many confirmations the setting asks (1 here).
func TestWatcherFinalizedTag(t *testing.T) {
	e := newEnv(t, FinalityAuto, 1)
	prov := e.users[0]
	// The simulated beacon finalizes at multiples of 32. Start just past
	// one, so the log lands well below the next.
	for e.head().Number.Uint64()%32 != 1 {
		e.sim.Commit()
	}
	var block uint64
	e.mined(func() error {
		r, err := e.c.AuthorizeNode(e.ctx, prov, newNodeID(t))
		if err == nil {
			block = r.BlockNumber.Uint64()
		}
		return err
	})
	boundary := (block + 31) / 32 * 32
	if e.head().Number.Uint64() >= boundary {
		t.Fatalf("setup sealed blocks up to %d, past the boundary %d", e.head().Number.Uint64(), boundary)
	}
	for e.head().Number.Uint64() < boundary-1 {
		e.sim.Commit()
	}
	if n := e.step(); n != 0 {
		t.Fatalf("published %d events before block %d was finalized", n, block)
	}
	for e.head().Number.Uint64() < boundary+1 {
		e.sim.Commit()
	}
	final, err := e.watcher.Final(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if final != boundary {
		t.Fatalf("final = %d, want the simulated beacon's finalized block %d", final, boundary)
	}
	if n := e.step(); n != 1 {
		t.Fatalf("published %d events once finalized, want 1", n)
	}
	e.assertLogIsCanonicalFinal(e.watcher)
}
