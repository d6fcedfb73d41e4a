package contracttests

import (
	"math/big"
	"slices"
	"testing"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// position is a staker's (bonded, unbonding) with one provider.
type position struct{ bonded, unbonding *big.Int }

// cut is SPEC §6.5's per-amount slash: floor(x * bp / 10000).
func cut(x *big.Int, bp uint16) *big.Int {
	v := new(big.Int).Mul(x, big.NewInt(int64(bp)))
	return v.Quo(v, big.NewInt(10000))
}

// slashResult eth_calls executeSlash on the latest block and returns its
// return value (the total).
func (e *env) slashResult(ev [32]byte) *big.Int {
	e.t.Helper()
	to := e.stakingAddr
	ctx, cancel := e.callCtx()
	defer cancel()
	out, err := e.client.CallContract(ctx, ethereum.CallMsg{From: e.outsider.addr, To: &to, Data: stakingABI.PackExecuteSlash(ev), Gas: txGasLimit}, nil)
	if err != nil {
		if raw, ok := ethclient.RevertErrorData(err); ok {
			e.t.Fatalf("executeSlash reverts: %s", describeRevert(raw))
		}
		e.t.Fatalf("executeSlash call: %v", err)
	}
	total, err := stakingABI.UnpackExecuteSlash(out)
	if err != nil {
		e.t.Fatalf("unpack executeSlash result: %v", err)
	}
	return total
}

// propose proposes a slash from the slasher and returns its executableAt,
// checking the SlashProposed event and slashOf.
func (e *env) propose(provider common.Address, bp uint16, ev [32]byte) uint64 {
	e.t.Helper()
	r := e.exec(e.slasher, e.staking, stakingABI.PackProposeSlash(provider, bp, ev))
	sp := event(e.t, r, e.stakingAddr, stakingABI.UnpackSlashProposedEvent)
	at := e.blockTime(r) + slashDelay
	if sp.Provider != provider || sp.Bp != bp || sp.Evidence != ev || sp.ExecutableAt != at {
		e.t.Fatalf("SlashProposed%+v, want (%s, %d, %x, %d)", sp, provider, bp, ev, at)
	}
	if got := e.slashOf(ev); got != (bindings.SlashOfOutput{Provider: provider, Bp: bp, ExecutableAt: at, State: stateProposed}) {
		e.t.Fatalf("slashOf after proposeSlash = %+v", got)
	}
	return at
}

// waitFor seals a block at ts unless the chain is already there.
func (e *env) waitFor(ts uint64) {
	e.t.Helper()
	if e.now() < ts {
		e.advanceTo(ts)
	}
}

// slash takes a slash through its whole life: proposed by the slasher,
// its delay waited out, executed by an account without any role. It
// returns the execution's receipt.
func (e *env) slash(provider common.Address, bp uint16, ev [32]byte) *types.Receipt {
	e.t.Helper()
	e.waitFor(e.propose(provider, bp, ev))
	r := e.exec(e.outsider, e.staking, stakingABI.PackExecuteSlash(ev))
	if got := e.slashOf(ev).State; got != stateExecuted {
		e.t.Fatalf("slashOf state after executeSlash = %d, want %d", got, stateExecuted)
	}
	return r
}

func (e *env) slashOf(ev [32]byte) bindings.SlashOfOutput {
	e.t.Helper()
	return view(e, e.staking, stakingABI.PackSlashOf(ev), stakingABI.UnpackSlashOf)
}

// slashOf states, SPEC §10.2.
const (
	stateNone uint8 = iota
	stateProposed
	stateVetoed
	stateExecuted
)

// TestSlashMath checks SPEC §6.5 exactly: every staker of the provider loses
// floor(bonded*bp/10000) of its bonded and floor(unbonding*bp/10000) of its
// unbonding amount, the sum goes to the treasury, the event and the return
// value carry that sum, and other providers' positions do not move. The
// amounts are odd so that flooring per staker and per amount differs from
// flooring the total, and from rounding.
func TestSlashMath(t *testing.T) {
	e := newEnv(t, config{stakers: 5})
	p, q := e.providers[0], e.providers[1]
	const bp = 333
	want := map[*account]position{
		e.stakers[0]: {wei(t, "10007"), wei(t, "0")},
		e.stakers[1]: {wei(t, "9999"), wei(t, "3333")},
		e.stakers[2]: {wei(t, "1"), wei(t, "19999")},
		e.stakers[3]: {wei(t, "12345678901234567890123"), wei(t, "77777")},
		e.stakers[4]: {wei(t, "0"), wei(t, "29")}, // unbonding only
	}
	var bonds []*txSend
	for _, s := range e.stakers {
		bonds = append(bonds, &txSend{s, e.staking, stakingABI.PackBond(p.addr, add(want[s].bonded, want[s].unbonding))})
	}
	bonds = append(bonds, &txSend{e.stakers[0], e.staking, stakingABI.PackBond(q.addr, big.NewInt(5000))})
	e.sendAll(bonds)
	var unbonds []*txSend
	for _, s := range e.stakers {
		if want[s].unbonding.Sign() > 0 {
			unbonds = append(unbonds, &txSend{s, e.staking, stakingABI.PackRequestUnbond(p.addr, want[s].unbonding)})
		}
	}
	e.sendAll(unbonds)
	releaseAt := map[*account]uint64{}
	for _, s := range e.stakers {
		u := e.unbonding(s, p)
		wantInt(t, s.name+" bonded", e.bonded(s, p), want[s].bonded)
		wantInt(t, s.name+" unbonding", u.Amount, want[s].unbonding)
		releaseAt[s] = u.ReleaseAt
	}

	// Expected cuts, and a check that the amounts make the test sharp.
	total, sum := new(big.Int), new(big.Int)
	rounds := false
	after := map[*account]position{}
	for _, s := range e.stakers {
		w := want[s]
		cb, cu := cut(w.bonded, bp), cut(w.unbonding, bp)
		total.Add(total, cb).Add(total, cu)
		sum.Add(sum, w.bonded).Add(sum, w.unbonding)
		after[s] = position{sub(w.bonded, cb), sub(w.unbonding, cu)}
		for _, x := range []*big.Int{w.bonded, w.unbonding} {
			rem := new(big.Int).Mod(new(big.Int).Mul(x, big.NewInt(bp)), big.NewInt(10000))
			rounds = rounds || rem.Cmp(big.NewInt(5000)) >= 0
		}
	}
	if total.Cmp(cut(sum, bp)) == 0 || !rounds {
		t.Fatal("test amounts do not tell per-amount flooring from flooring the total or from rounding")
	}

	ev := evidence("downtime:7:UNODE")
	e.waitFor(e.propose(p.addr, bp, ev))
	wantInt(t, "slash return value", e.slashResult(ev), total)
	treasury0, staking0 := e.balance(e.treasury.addr), e.stakeBalance()
	r := e.exec(e.outsider, e.staking, stakingABI.PackExecuteSlash(ev))
	sl := event(t, r, e.stakingAddr, stakingABI.UnpackSlashedEvent)
	if sl.Provider != p.addr || sl.Bp != bp || sl.Evidence != ev || sl.Amount.Cmp(total) != 0 {
		t.Fatalf("Slashed%+v, want (%s, %d, %x, %v)", sl, p.addr, bp, ev, total)
	}
	wantInt(t, "treasury gain", sub(e.balance(e.treasury.addr), treasury0), total)
	wantInt(t, "staking loss", sub(staking0, e.stakeBalance()), total)
	for _, s := range e.stakers {
		u := e.unbonding(s, p)
		wantInt(t, s.name+" bonded after slash", e.bonded(s, p), after[s].bonded)
		wantInt(t, s.name+" unbonding after slash", u.Amount, after[s].unbonding)
		if u.ReleaseAt != releaseAt[s] {
			t.Fatalf("%s releaseAt moved from %d to %d", s.name, releaseAt[s], u.ReleaseAt)
		}
	}
	if got := e.stakersOf(p); len(got) != len(e.stakers) {
		t.Fatalf("stakersOf after a partial slash has %d stakers, want %d", len(got), len(e.stakers))
	}
	wantInt(t, "other provider's position", e.bonded(e.stakers[0], q), big.NewInt(5000))
	if got := e.slashOf(ev).State; got != stateExecuted {
		t.Fatalf("slashOf state = %d after the slash, want executed", got)
	}

	// Evidence is single-use, whatever the provider or bp.
	for _, target := range []*account{p, q} {
		eu := reverts[bindings.SwarmStakingEvidenceUsed](e, e.slasher, e.staking, stakingABI.PackProposeSlash(target.addr, 1, ev), stakingABI.UnpackError)
		if eu.Evidence != ev {
			t.Fatalf("EvidenceUsed(%x), want %x", eu.Evidence, ev)
		}
	}

	// A 100% slash empties every position, deletes the unbonding entries and
	// frees the provider's slots; the withdrawn remainder goes to the treasury.
	ev2 := evidence("equivocation:UNODE:12")
	total2 := new(big.Int)
	for _, s := range e.stakers {
		total2.Add(total2, after[s].bonded).Add(total2, after[s].unbonding)
	}
	treasury0 = e.balance(e.treasury.addr)
	r = e.slash(p.addr, 10000, ev2)
	wantInt(t, "full slash amount", event(t, r, e.stakingAddr, stakingABI.UnpackSlashedEvent).Amount, total2)
	wantInt(t, "treasury gain (full)", sub(e.balance(e.treasury.addr), treasury0), total2)
	for _, s := range e.stakers {
		u := e.unbonding(s, p)
		wantInt(t, s.name+" bonded after full slash", e.bonded(s, p), big.NewInt(0))
		if u.Amount.Sign() != 0 || u.ReleaseAt != 0 {
			t.Fatalf("%s unbondingOf after full slash = %+v, want the entry deleted", s.name, u)
		}
	}
	if got := e.stakersOf(p); len(got) != 0 {
		t.Fatalf("stakersOf after a full slash = %v, want empty", got)
	}
	wantInt(t, "staking balance = the other provider's stake", e.stakeBalance(), big.NewInt(5000))
	if got := e.stakersOf(q); !slices.Equal(got, []common.Address{e.stakers[0].addr}) {
		t.Fatalf("stakersOf(other) = %v", got)
	}
	reverts[bindings.SwarmStakingNothingToWithdraw](e, e.stakers[1], e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)

	// A provider without stakers: the slash moves nothing but uses the evidence.
	ev3 := evidence("faults:9:" + p.addr.Hex())
	treasury0 = e.balance(e.treasury.addr)
	r = e.slash(p.addr, 50, ev3)
	wantInt(t, "empty slash amount", event(t, r, e.stakingAddr, stakingABI.UnpackSlashedEvent).Amount, big.NewInt(0))
	wantInt(t, "treasury after empty slash", e.balance(e.treasury.addr), treasury0)
	reverts[bindings.SwarmStakingEvidenceUsed](e, e.slasher, e.staking, stakingABI.PackProposeSlash(q.addr, 50, ev3), stakingABI.UnpackError)
}

// TestSlashGuards: only SLASHER_ROLE proposes; bp must be in 1..10000 and
// the provider not zero; a refused proposal does not use up its evidence.
func TestSlashGuards(t *testing.T) {
	e := newEnv(t, config{})
	p, s := e.providers[0], e.stakers[0]
	e.bond(s, p, swarm(100))
	ev := evidence("faults:1:" + p.addr.Hex())

	for _, who := range []*account{e.admin, p, s, e.settler, e.guardian} {
		got := reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, who, e.staking, stakingABI.PackProposeSlash(p.addr, 50, ev), stakingABI.UnpackError)
		if got.Account != who.addr || got.NeededRole != slasherRole {
			t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, SLASHER_ROLE)", got, who.addr)
		}
	}
	for _, bp := range []uint16{0, 10001, 65535} {
		got := reverts[bindings.SwarmStakingInvalidBasisPoints](e, e.slasher, e.staking, stakingABI.PackProposeSlash(p.addr, bp, ev), stakingABI.UnpackError)
		if got.Bp != bp {
			t.Fatalf("InvalidBasisPoints(%d), want %d", got.Bp, bp)
		}
	}
	reverts[bindings.SwarmStakingZeroAddress](e, e.slasher, e.staking, stakingABI.PackProposeSlash(common.Address{}, 50, ev), stakingABI.UnpackError)
	if got := e.slashOf(ev); got != (bindings.SlashOfOutput{}) {
		t.Fatalf("a refused proposal left slashOf = %+v", got)
	}
	wantInt(t, "bonded after refused slashes", e.bonded(s, p), swarm(100))

	// The boundaries 1 and 10000 are accepted.
	e.slash(p.addr, 1, ev)
	wantInt(t, "bonded after 1 bp", e.bonded(s, p), sub(swarm(100), cut(swarm(100), 1)))
	e.slash(p.addr, 10000, evidence("faults:2:"+p.addr.Hex()))
	wantInt(t, "bonded after 10000 bp", e.bonded(s, p), big.NewInt(0))

	// Granting the role is the admin's, and a revoked slasher is refused.
	newSlasher := e.outsider
	got := reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, e.slasher, e.staking, stakingABI.PackGrantRole(slasherRole, newSlasher.addr), stakingABI.UnpackError)
	if got.Account != e.slasher.addr || got.NeededRole != adminRole {
		t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, DEFAULT_ADMIN_ROLE)", got, e.slasher.addr)
	}
	e.exec(e.admin, e.staking, stakingABI.PackGrantRole(slasherRole, newSlasher.addr))
	e.exec(newSlasher, e.staking, stakingABI.PackProposeSlash(p.addr, 50, evidence("x")))
	e.exec(e.admin, e.staking, stakingABI.PackRevokeRole(slasherRole, newSlasher.addr))
	reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, newSlasher, e.staking, stakingABI.PackProposeSlash(p.addr, 50, evidence("y")), stakingABI.UnpackError)
}

// TestSetTreasury: only the admin moves the treasury, never to 0x0, and
// slashes pay the new one.
func TestSetTreasury(t *testing.T) {
	e := newEnv(t, config{})
	p, s := e.providers[0], e.stakers[0]
	newTreasury := e.outsider

	got := reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, e.slasher, e.staking, stakingABI.PackSetTreasury(newTreasury.addr), stakingABI.UnpackError)
	if got.Account != e.slasher.addr || got.NeededRole != adminRole {
		t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, DEFAULT_ADMIN_ROLE)", got, e.slasher.addr)
	}
	reverts[bindings.SwarmStakingZeroAddress](e, e.admin, e.staking, stakingABI.PackSetTreasury(common.Address{}), stakingABI.UnpackError)

	r := e.exec(e.admin, e.staking, stakingABI.PackSetTreasury(newTreasury.addr))
	if ev := event(t, r, e.stakingAddr, stakingABI.UnpackTreasuryChangedEvent); ev.Treasury != newTreasury.addr {
		t.Fatalf("TreasuryChanged(%s), want %s", ev.Treasury, newTreasury.addr)
	}
	if got := view(e, e.staking, stakingABI.PackTreasury(), stakingABI.UnpackTreasury); got != newTreasury.addr {
		t.Fatalf("treasury = %s, want %s", got, newTreasury.addr)
	}
	e.bond(s, p, big.NewInt(20001))
	old := e.balance(e.treasury.addr)
	e.slash(p.addr, 5000, evidence("t"))
	wantInt(t, "new treasury", e.balance(newTreasury.addr), big.NewInt(10000))
	wantInt(t, "old treasury", e.balance(e.treasury.addr), old)
	wantInt(t, "bonded", e.bonded(s, p), big.NewInt(10001))
}

// TestSlashDueProcess covers SPEC §6.6 on the contract: a proposed slash is
// executable from executableAt on (not one second before), by anyone, once;
// the guardian vetoes it only while it is proposed, and a vetoed slash is
// never executed; unknown evidence can be neither vetoed nor executed.
func TestSlashDueProcess(t *testing.T) {
	e := newEnv(t, config{})
	p, s := e.providers[0], e.stakers[0]
	e.bond(s, p, swarm(1000))
	notProposed := func(who *account, data []byte, ev [32]byte, state uint8) {
		t.Helper()
		got := reverts[bindings.SwarmStakingSlashNotProposed](e, who, e.staking, data, stakingABI.UnpackError)
		if got.Evidence != ev || got.State != state {
			t.Fatalf("SlashNotProposed%+v, want (%x, %d)", got, ev, state)
		}
	}

	// Unknown evidence.
	unknown := evidence("never proposed")
	notProposed(e.guardian, stakingABI.PackVetoSlash(unknown), unknown, stateNone)
	notProposed(e.outsider, stakingABI.PackExecuteSlash(unknown), unknown, stateNone)

	// One second before executableAt the slash cannot execute; exactly at
	// it, it can, and the account sending it needs no role.
	ev := evidence("downtime:3:UNODE")
	at := e.propose(p.addr, 500, ev)
	e.advanceTo(at - 1)
	got := callReverts[bindings.SwarmStakingSlashNotExecutable](e, e.outsider, e.staking, stakingABI.PackExecuteSlash(ev), stakingABI.UnpackError)
	if got.Evidence != ev || got.ExecutableAt != at {
		t.Fatalf("SlashNotExecutable%+v, want (%x, %d)", got, ev, at)
	}
	wantInt(t, "bonded before executableAt", e.bonded(s, p), swarm(1000))
	e.advanceTo(at)
	wantInt(t, "executeSlash at executableAt", e.slashResult(ev), cut(swarm(1000), 500))
	r := e.exec(e.outsider, e.staking, stakingABI.PackExecuteSlash(ev))
	sl := event(t, r, e.stakingAddr, stakingABI.UnpackSlashedEvent)
	if sl.Provider != p.addr || sl.Bp != 500 || sl.Evidence != ev || sl.Amount.Cmp(cut(swarm(1000), 500)) != 0 {
		t.Fatalf("Slashed%+v", sl)
	}
	wantInt(t, "bonded after execution", e.bonded(s, p), sub(swarm(1000), cut(swarm(1000), 500)))
	if got := e.slashOf(ev); got.State != stateExecuted || got.ExecutableAt != at || got.Bp != 500 || got.Provider != p.addr {
		t.Fatalf("slashOf after execution = %+v", got)
	}
	// Executed once: a second execution and a veto after it are refused.
	notProposed(e.outsider, stakingABI.PackExecuteSlash(ev), ev, stateExecuted)
	notProposed(e.slasher, stakingABI.PackExecuteSlash(ev), ev, stateExecuted)
	notProposed(e.guardian, stakingABI.PackVetoSlash(ev), ev, stateExecuted)
	reverts[bindings.SwarmStakingEvidenceUsed](e, e.slasher, e.staking, stakingABI.PackProposeSlash(p.addr, 500, ev), stakingABI.UnpackError)
	bonded := e.bonded(s, p)

	// A veto before execution: only the guardian may; the slash never
	// executes, its evidence stays used, and the stake is untouched.
	ev2 := evidence("faults:3:" + p.addr.Hex())
	at2 := e.propose(p.addr, 10000, ev2)
	for _, who := range []*account{e.admin, e.slasher, e.settler, e.outsider, p, s} {
		got := reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, who, e.staking, stakingABI.PackVetoSlash(ev2), stakingABI.UnpackError)
		if got.Account != who.addr || got.NeededRole != guardianRole {
			t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, GUARDIAN_ROLE)", got, who.addr)
		}
	}
	r = e.exec(e.guardian, e.staking, stakingABI.PackVetoSlash(ev2))
	if v := event(t, r, e.stakingAddr, stakingABI.UnpackSlashVetoedEvent); v.Evidence != ev2 {
		t.Fatalf("SlashVetoed(%x), want %x", v.Evidence, ev2)
	}
	if got := e.slashOf(ev2); got != (bindings.SlashOfOutput{Provider: p.addr, Bp: 10000, ExecutableAt: at2, State: stateVetoed}) {
		t.Fatalf("slashOf after veto = %+v", got)
	}
	notProposed(e.guardian, stakingABI.PackVetoSlash(ev2), ev2, stateVetoed)
	e.waitFor(at2 + 1)
	notProposed(e.outsider, stakingABI.PackExecuteSlash(ev2), ev2, stateVetoed)
	reverts[bindings.SwarmStakingEvidenceUsed](e, e.slasher, e.staking, stakingABI.PackProposeSlash(p.addr, 10000, ev2), stakingABI.UnpackError)
	wantInt(t, "bonded after the vetoed slash", e.bonded(s, p), bonded)

	// The guardian role is the admin's to grant and revoke.
	e.exec(e.admin, e.staking, stakingABI.PackGrantRole(guardianRole, e.outsider.addr))
	ev3 := evidence("equivocation:UNODE:4")
	e.propose(p.addr, 1, ev3)
	e.exec(e.outsider, e.staking, stakingABI.PackVetoSlash(ev3))
	e.exec(e.admin, e.staking, stakingABI.PackRevokeRole(guardianRole, e.outsider.addr))
	ev4 := evidence("equivocation:UNODE:5")
	e.propose(p.addr, 1, ev4)
	reverts[bindings.SwarmStakingAccessControlUnauthorizedAccount](e, e.outsider, e.staking, stakingABI.PackVetoSlash(ev4), stakingABI.UnpackError)
}

// TestSlashAppliesAtExecution: SPEC §6.5's rule applies to the positions
// as they are when the slash executes, not when it was proposed: stake
// bonded, unbonded or newly bonded during the delay is cut (or not) as it
// then stands, and the proposal's bp and provider are the ones applied.
func TestSlashAppliesAtExecution(t *testing.T) {
	e := newEnv(t, config{stakers: 4})
	p, q := e.providers[0], e.providers[1]
	s := e.stakers
	e.sendAll([]*txSend{
		{s[0], e.staking, stakingABI.PackBond(p.addr, wei(t, "10001"))},
		{s[1], e.staking, stakingABI.PackBond(p.addr, wei(t, "20003"))},
		{s[2], e.staking, stakingABI.PackBond(q.addr, wei(t, "999"))},
	})
	const bp = 777
	ev := evidence("downtime:5:UNODE")
	at := e.propose(p.addr, bp, ev)
	// During the delay: s0 bonds more, s1 moves part of its stake to
	// unbonding, s3 joins, s2 stays with another provider.
	e.sendAll([]*txSend{
		{s[0], e.staking, stakingABI.PackBond(p.addr, wei(t, "5555"))},
		{s[1], e.staking, stakingABI.PackRequestUnbond(p.addr, wei(t, "7007"))},
		{s[3], e.staking, stakingABI.PackBond(p.addr, wei(t, "31"))},
	})
	at3 := e.unbonding(s[1], p).ReleaseAt
	want := map[*account]position{
		s[0]: {wei(t, "15556"), wei(t, "0")},
		s[1]: {wei(t, "12996"), wei(t, "7007")},
		s[3]: {wei(t, "31"), wei(t, "0")},
	}
	total := new(big.Int)
	for _, a := range []*account{s[0], s[1], s[3]} {
		total.Add(total, cut(want[a].bonded, bp)).Add(total, cut(want[a].unbonding, bp))
	}
	e.waitFor(at)
	treasury0 := e.balance(e.treasury.addr)
	r := e.exec(e.relayer, e.staking, stakingABI.PackExecuteSlash(ev))
	wantInt(t, "Slashed amount", event(t, r, e.stakingAddr, stakingABI.UnpackSlashedEvent).Amount, total)
	wantInt(t, "treasury gain", sub(e.balance(e.treasury.addr), treasury0), total)
	for _, a := range []*account{s[0], s[1], s[3]} {
		w := want[a]
		wantInt(t, a.name+" bonded", e.bonded(a, p), sub(w.bonded, cut(w.bonded, bp)))
		wantInt(t, a.name+" unbonding", e.unbonding(a, p).Amount, sub(w.unbonding, cut(w.unbonding, bp)))
	}
	if got := e.unbonding(s[1], p).ReleaseAt; got != at3 {
		t.Fatalf("releaseAt moved from %d to %d", at3, got)
	}
	wantInt(t, "other provider untouched", e.bonded(s[2], q), wei(t, "999"))
}
