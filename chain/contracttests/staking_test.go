package contracttests

import (
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// nodeKey is a fixed non-zero node key.
func nodeKey(name string) [32]byte { return crypto.Keccak256Hash([]byte("node key: " + name)) }

// evidence is keccak256 of a SPEC §6 slash id, as the settlement submits it.
func evidence(id string) [32]byte { return crypto.Keccak256Hash([]byte(id)) }

// stakeBalance is the staking contract's SWARM balance.
func (e *env) stakeBalance() *big.Int { e.t.Helper(); return e.balance(e.stakingAddr) }

// TestNodeAuthorization: a key has at most one provider; only that provider
// revokes it; the zero key is refused; a revoked key is free again.
func TestNodeAuthorization(t *testing.T) {
	e := newEnv(t, config{})
	p1, p2 := e.providers[0], e.providers[1]
	k, k2 := nodeKey("a"), nodeKey("b")
	providerOf := func(key [32]byte) common.Address {
		return view(e, e.staking, stakingABI.PackProviderOf(key), stakingABI.UnpackProviderOf)
	}

	reverts[bindings.SwarmStakingZeroNodeKey](e, p1, e.staking, stakingABI.PackAuthorizeNode([32]byte{}), stakingABI.UnpackError)

	r := e.exec(p1, e.staking, stakingABI.PackAuthorizeNode(k))
	if ev := event(t, r, e.stakingAddr, stakingABI.UnpackNodeAuthorizedEvent); ev.Provider != p1.addr || ev.NodeKey != k {
		t.Fatalf("NodeAuthorized%+v, want (%s, %x)", ev, p1.addr, k)
	}
	if got := providerOf(k); got != p1.addr {
		t.Fatalf("providerOf = %s, want %s", got, p1.addr)
	}
	// A provider may authorize several keys.
	e.exec(p1, e.staking, stakingABI.PackAuthorizeNode(k2))
	if got := providerOf(k2); got != p1.addr {
		t.Fatalf("providerOf(k2) = %s, want %s", got, p1.addr)
	}

	// A second provider for the key is refused, and so is re-authorizing it.
	for _, who := range []*account{p2, p1} {
		got := reverts[bindings.SwarmStakingNodeKeyTaken](e, who, e.staking, stakingABI.PackAuthorizeNode(k), stakingABI.UnpackError)
		if got.NodeKey != k || got.Provider != p1.addr {
			t.Fatalf("NodeKeyTaken%+v, want (%x, %s)", got, k, p1.addr)
		}
	}
	if got := providerOf(k); got != p1.addr {
		t.Fatalf("providerOf after refused takeover = %s, want %s", got, p1.addr)
	}

	// Only the provider revokes.
	got := reverts[bindings.SwarmStakingNotNodeProvider](e, p2, e.staking, stakingABI.PackRevokeNode(k), stakingABI.UnpackError)
	if got.NodeKey != k || got.Provider != p1.addr {
		t.Fatalf("NotNodeProvider%+v, want (%x, %s)", got, k, p1.addr)
	}
	unknown := nodeKey("never authorized")
	got = reverts[bindings.SwarmStakingNotNodeProvider](e, p1, e.staking, stakingABI.PackRevokeNode(unknown), stakingABI.UnpackError)
	if got.NodeKey != unknown || got.Provider != (common.Address{}) {
		t.Fatalf("NotNodeProvider%+v, want (%x, 0x0)", got, unknown)
	}
	// Revoking the zero key is "not your key" too: its provider is 0x0.
	reverts[bindings.SwarmStakingNotNodeProvider](e, p1, e.staking, stakingABI.PackRevokeNode([32]byte{}), stakingABI.UnpackError)

	r = e.exec(p1, e.staking, stakingABI.PackRevokeNode(k))
	if ev := event(t, r, e.stakingAddr, stakingABI.UnpackNodeRevokedEvent); ev.Provider != p1.addr || ev.NodeKey != k {
		t.Fatalf("NodeRevoked%+v, want (%s, %x)", ev, p1.addr, k)
	}
	if got := providerOf(k); got != (common.Address{}) {
		t.Fatalf("providerOf after revoke = %s, want 0x0", got)
	}
	if got := providerOf(k2); got != p1.addr {
		t.Fatalf("revoking k changed k2's provider to %s", got)
	}
	// Revoked twice: nothing to revoke.
	reverts[bindings.SwarmStakingNotNodeProvider](e, p1, e.staking, stakingABI.PackRevokeNode(k), stakingABI.UnpackError)

	// The freed key can go to another provider.
	e.exec(p2, e.staking, stakingABI.PackAuthorizeNode(k))
	if got := providerOf(k); got != p2.addr {
		t.Fatalf("providerOf after re-authorization = %s, want %s", got, p2.addr)
	}
}

// TestBondUnbondWithdraw walks one position through bond, two unbond
// requests (one entry, releaseAt moved to now+period by the second) and the
// withdrawal at exactly releaseAt, checking events, views and balances.
func TestBondUnbondWithdraw(t *testing.T) {
	e := newEnv(t, config{})
	s, p := e.stakers[0], e.providers[0]

	reverts[bindings.SwarmStakingZeroAddress](e, s, e.staking, stakingABI.PackBond(common.Address{}, swarm(1)), stakingABI.UnpackError)
	reverts[bindings.SwarmStakingZeroAmount](e, s, e.staking, stakingABI.PackBond(p.addr, big.NewInt(0)), stakingABI.UnpackError)
	// Without an allowance the token refuses the transfer; the error bubbles up.
	ia := reverts[bindings.SwarmTokenERC20InsufficientAllowance](e, e.relayer, e.staking, stakingABI.PackBond(p.addr, swarm(1)), tokenABI.UnpackError)
	if ia.Spender != e.stakingAddr || ia.Allowance.Sign() != 0 || ia.Needed.Cmp(swarm(1)) != 0 {
		t.Fatalf("ERC20InsufficientAllowance%+v", ia)
	}
	// More than the balance: the token's balance error.
	tooMuch := add(stakerFund, big.NewInt(1))
	ib := reverts[bindings.SwarmTokenERC20InsufficientBalance](e, s, e.staking, stakingABI.PackBond(p.addr, tooMuch), tokenABI.UnpackError)
	if ib.Sender != s.addr || ib.Balance.Cmp(stakerFund) != 0 || ib.Needed.Cmp(tooMuch) != 0 {
		t.Fatalf("ERC20InsufficientBalance%+v", ib)
	}
	if len(e.stakersOf(p)) != 0 {
		t.Fatal("a failed bond left a staker behind")
	}

	first, second := wei(t, "1000000000000000000001"), wei(t, "499999999999999999999")
	r := e.bond(s, p, first)
	ev := event(t, r, e.stakingAddr, stakingABI.UnpackBondedEvent)
	if ev.Staker != s.addr || ev.Provider != p.addr || ev.Amount.Cmp(first) != 0 {
		t.Fatalf("Bonded%+v, want (%s, %s, %v)", ev, s.addr, p.addr, first)
	}
	e.bond(s, p, second)
	total := add(first, second) // 1500 SWARM
	wantInt(t, "bondedOf", e.bonded(s, p), total)
	wantInt(t, "staker balance", e.balance(s.addr), sub(stakerFund, total))
	wantInt(t, "staking balance", e.stakeBalance(), total)
	if got := e.stakersOf(p); !slices.Equal(got, []common.Address{s.addr}) {
		t.Fatalf("stakersOf = %v, want [%s] (two bonds, one staker)", got, s.addr)
	}

	reverts[bindings.SwarmStakingZeroAmount](e, s, e.staking, stakingABI.PackRequestUnbond(p.addr, big.NewInt(0)), stakingABI.UnpackError)
	over := add(total, big.NewInt(1))
	ib2 := reverts[bindings.SwarmStakingInsufficientBonded](e, s, e.staking, stakingABI.PackRequestUnbond(p.addr, over), stakingABI.UnpackError)
	if ib2.Bonded.Cmp(total) != 0 || ib2.Requested.Cmp(over) != 0 {
		t.Fatalf("InsufficientBonded%+v, want (%v, %v)", ib2, total, over)
	}
	// Nothing bonded with another provider.
	ib2 = reverts[bindings.SwarmStakingInsufficientBonded](e, s, e.staking, stakingABI.PackRequestUnbond(e.providers[1].addr, big.NewInt(1)), stakingABI.UnpackError)
	if ib2.Bonded.Sign() != 0 || ib2.Requested.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("InsufficientBonded%+v, want (0, 1)", ib2)
	}
	reverts[bindings.SwarmStakingNothingToWithdraw](e, s, e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)

	u1, u2 := wei(t, "300000000000000000007"), wei(t, "200000000000000000003")
	r = e.requestUnbond(s, p, u1)
	t1 := e.blockTime(r)
	ur := event(t, r, e.stakingAddr, stakingABI.UnpackUnbondRequestedEvent)
	if ur.Staker != s.addr || ur.Provider != p.addr || ur.Amount.Cmp(u1) != 0 || ur.ReleaseAt != t1+unbondingPeriod {
		t.Fatalf("UnbondRequested%+v, want (%s, %s, %v, %d)", ur, s.addr, p.addr, u1, t1+unbondingPeriod)
	}
	if u := e.unbonding(s, p); u.Amount.Cmp(u1) != 0 || u.ReleaseAt != t1+unbondingPeriod {
		t.Fatalf("unbondingOf = %+v, want (%v, %d)", u, u1, t1+unbondingPeriod)
	}

	// A day later, a second request joins the same entry and restarts the wait.
	e.advanceTo(t1 + 24*3600)
	r = e.requestUnbond(s, p, u2)
	t2 := e.blockTime(r)
	release := t2 + unbondingPeriod
	ur = event(t, r, e.stakingAddr, stakingABI.UnpackUnbondRequestedEvent)
	if ur.Amount.Cmp(u2) != 0 || ur.ReleaseAt != release {
		t.Fatalf("second UnbondRequested%+v, want amount %v releaseAt %d", ur, u2, release)
	}
	unb := add(u1, u2)
	if u := e.unbonding(s, p); u.Amount.Cmp(unb) != 0 || u.ReleaseAt != release {
		t.Fatalf("unbondingOf = %+v, want (%v, %d): one entry, releaseAt = second request + period", u, unb, release)
	}
	left := sub(total, unb)
	wantInt(t, "bondedOf after unbond", e.bonded(s, p), left)
	wantInt(t, "staking balance (bonded + unbonding)", e.stakeBalance(), total)

	nr := reverts[bindings.SwarmStakingNotReleased](e, s, e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)
	if nr.ReleaseAt != release {
		t.Fatalf("NotReleased(%d), want %d", nr.ReleaseAt, release)
	}
	// The first request's release time no longer frees anything.
	e.advanceTo(t1 + unbondingPeriod)
	callReverts[bindings.SwarmStakingNotReleased](e, s, e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)
	e.advanceTo(release - 1)
	nr = callReverts[bindings.SwarmStakingNotReleased](e, s, e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)
	if nr.ReleaseAt != release {
		t.Fatalf("NotReleased(%d), want %d", nr.ReleaseAt, release)
	}
	// At exactly releaseAt the withdrawal goes through.
	e.advanceTo(release)
	e.succeeds(s, e.staking, stakingABI.PackWithdraw(p.addr))
	before := e.balance(s.addr)
	r = e.exec(s, e.staking, stakingABI.PackWithdraw(p.addr))
	w := event(t, r, e.stakingAddr, stakingABI.UnpackWithdrawnEvent)
	if w.Staker != s.addr || w.Provider != p.addr || w.Amount.Cmp(unb) != 0 {
		t.Fatalf("Withdrawn%+v, want (%s, %s, %v)", w, s.addr, p.addr, unb)
	}
	wantInt(t, "staker balance after withdraw", e.balance(s.addr), add(before, unb))
	wantInt(t, "staking balance after withdraw", e.stakeBalance(), left)
	if u := e.unbonding(s, p); u.Amount.Sign() != 0 || u.ReleaseAt != 0 {
		t.Fatalf("unbondingOf after withdraw = %+v, want the entry deleted", u)
	}
	wantInt(t, "bondedOf after withdraw", e.bonded(s, p), left)
	if got := e.stakersOf(p); !slices.Equal(got, []common.Address{s.addr}) {
		t.Fatalf("stakersOf = %v: a staker still bonded must stay", got)
	}
	reverts[bindings.SwarmStakingNothingToWithdraw](e, s, e.staking, stakingABI.PackWithdraw(p.addr), stakingABI.UnpackError)

	// Full exit: unbond the rest, withdraw, and the staker leaves the set.
	r = e.requestUnbond(s, p, left)
	e.advanceTo(e.blockTime(r) + unbondingPeriod)
	r = e.exec(s, e.staking, stakingABI.PackWithdraw(p.addr))
	wantInt(t, "Withdrawn amount", event(t, r, e.stakingAddr, stakingABI.UnpackWithdrawnEvent).Amount, left)
	wantInt(t, "staker balance after full exit", e.balance(s.addr), stakerFund)
	wantInt(t, "staking balance after full exit", e.stakeBalance(), big.NewInt(0))
	if got := e.stakersOf(p); len(got) != 0 {
		t.Fatalf("stakersOf after full exit = %v, want empty", got)
	}
}

// TestStakerBound: a provider holds at most maxStakersPerProvider stakers;
// existing stakers may add stake when it is full; a staker who still has an
// unbonding entry keeps its slot; one who fully withdraws frees it.
func TestStakerBound(t *testing.T) {
	const bound = defaultMaxStakers
	e := newEnv(t, config{stakers: bound + 2})
	p, other := e.providers[0], e.providers[1]
	var txs []*txSend
	for _, s := range e.stakers[:bound] {
		txs = append(txs, &txSend{s, e.staking, stakingABI.PackBond(p.addr, swarm(10))})
	}
	e.sendAll(txs)
	if got := len(e.stakersOf(p)); got != bound {
		t.Fatalf("%d stakers, want %d", got, bound)
	}

	extra, extra2 := e.stakers[bound], e.stakers[bound+1]
	tm := reverts[bindings.SwarmStakingTooManyStakers](e, extra, e.staking, stakingABI.PackBond(p.addr, swarm(1)), stakingABI.UnpackError)
	if tm.Provider != p.addr || tm.Max != bound {
		t.Fatalf("TooManyStakers%+v, want (%s, %d)", tm, p.addr, bound)
	}
	// A current staker may still add stake.
	e.bond(e.stakers[0], p, swarm(5))
	wantInt(t, "bondedOf", e.bonded(e.stakers[0], p), swarm(15))
	// The bound is per provider.
	e.bond(extra, other, swarm(1))

	// Unbonding everything keeps the slot until the withdrawal.
	leaver := e.stakers[3]
	r := e.requestUnbond(leaver, p, swarm(10))
	reverts[bindings.SwarmStakingTooManyStakers](e, extra, e.staking, stakingABI.PackBond(p.addr, swarm(1)), stakingABI.UnpackError)
	// A partial exit (bond left) does not free a slot either.
	partial := e.stakers[4]
	r2 := e.requestUnbond(partial, p, swarm(4))
	e.advanceTo(max(e.blockTime(r), e.blockTime(r2)) + unbondingPeriod)
	e.exec(partial, e.staking, stakingABI.PackWithdraw(p.addr))
	reverts[bindings.SwarmStakingTooManyStakers](e, extra, e.staking, stakingABI.PackBond(p.addr, swarm(1)), stakingABI.UnpackError)

	e.exec(leaver, e.staking, stakingABI.PackWithdraw(p.addr))
	got := e.stakersOf(p)
	if len(got) != bound-1 || slices.Contains(got, leaver.addr) {
		t.Fatalf("after the full exit stakersOf has %d entries (contains leaver: %v), want %d without it",
			len(got), slices.Contains(got, leaver.addr), bound-1)
	}
	e.bond(extra, p, swarm(1))
	if got := e.stakersOf(p); len(got) != bound || !slices.Contains(got, extra.addr) {
		t.Fatalf("freed slot not taken: %d stakers", len(got))
	}
	reverts[bindings.SwarmStakingTooManyStakers](e, extra2, e.staking, stakingABI.PackBond(p.addr, swarm(1)), stakingABI.UnpackError)
	// The leaver is now an outsider and cannot come back either.
	reverts[bindings.SwarmStakingTooManyStakers](e, leaver, e.staking, stakingABI.PackBond(p.addr, swarm(1)), stakingABI.UnpackError)
}

// txSend is one call for sendAll.
type txSend struct {
	from *account
	c    *bind.BoundContract
	data []byte
}

// sendAll sends the calls and mines them together (in as few blocks as they
// fit), requiring every one to succeed.
func (e *env) sendAll(calls []*txSend) []*types.Receipt {
	e.t.Helper()
	txs := make([]*types.Transaction, 0, len(calls))
	for _, c := range calls {
		txs = append(txs, e.send(c.from, c.c, c.data))
	}
	return e.mineOK(txs...)
}
