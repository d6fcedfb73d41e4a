package contracttests

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/merkle"
)

// rewardsTree is a rewards tree of merkle with its leaves.
type rewardsTree struct {
	tree  *merkle.Tree
	cum   map[common.Address]*big.Int
	total *big.Int // sum of the cumulatives: the root's totalCumulative
}

// buildTree builds SPEC §7's rewards tree over (earner, cumulative).
func buildTree(t testing.TB, cum map[common.Address]*big.Int) *rewardsTree {
	t.Helper()
	leaves := make([]merkle.Leaf, 0, len(cum))
	total := new(big.Int)
	for a, c := range cum {
		leaves = append(leaves, merkle.Leaf{Earner: [20]byte(a), Cumulative: c})
		total.Add(total, c)
	}
	tr, err := merkle.BuildTree(leaves)
	if err != nil {
		t.Fatalf("build tree: %v", err)
	}
	return &rewardsTree{tree: tr, cum: cum, total: total}
}

func (r *rewardsTree) root() [32]byte { return r.tree.Root() }

// proof is earner's proof; the earner must be in the tree.
func (r *rewardsTree) proof(t testing.TB, earner common.Address) [][32]byte {
	t.Helper()
	p, ok := r.tree.Proof([20]byte(earner))
	if !ok {
		t.Fatalf("%s is not in the tree", earner)
	}
	return p
}

// digest is a stand-in events digest for epoch k.
func digest(k uint64) [32]byte {
	return crypto.Keccak256Hash([]byte{byte(k)}, []byte("events digest"))
}

// submit submits tr as epoch k's root (total = the sum of its leaves).
func (e *env) submit(k uint64, tr *rewardsTree) *types.Receipt {
	e.t.Helper()
	return e.exec(e.settler, e.rewards, rewardsABI.PackSubmitRoot(k, tr.root(), tr.total, digest(k)))
}

// claimData is the calldata of earner's claim of its leaf in tr.
func claimData(t testing.TB, tr *rewardsTree, earner common.Address) []byte {
	t.Helper()
	return rewardsABI.PackClaim(earner, tr.cum[earner], tr.proof(t, earner))
}

// TestSubmitRootConsecutive: only SETTLER_ROLE submits, epochs go 1, 2, 3
// with no gap and no repeat, and each root is stored with activatesAt =
// submission time + activationDelay.
func TestSubmitRootConsecutive(t *testing.T) {
	e := newEnv(t, config{})
	tr := buildTree(t, map[common.Address]*big.Int{e.earners[0].addr: big.NewInt(5)})
	submit := func(k uint64) []byte { return rewardsABI.PackSubmitRoot(k, tr.root(), tr.total, digest(k)) }
	lastEpoch := func() uint64 { return view(e, e.rewards, rewardsABI.PackLastEpoch(), rewardsABI.UnpackLastEpoch) }
	nonConsecutive := func(k, expected uint64) {
		t.Helper()
		got := reverts[bindings.SwarmRewardsNonConsecutiveEpoch](e, e.settler, e.rewards, submit(k), rewardsABI.UnpackError)
		if got.Expected != expected || got.Epoch != k {
			t.Fatalf("NonConsecutiveEpoch%+v, want (%d, %d)", got, expected, k)
		}
	}

	for _, who := range []*account{e.admin, e.guardian, e.outsider} {
		got := reverts[bindings.SwarmRewardsAccessControlUnauthorizedAccount](e, who, e.rewards, submit(1), rewardsABI.UnpackError)
		if got.Account != who.addr || got.NeededRole != settlerRole {
			t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, SETTLER_ROLE)", got, who.addr)
		}
	}
	nonConsecutive(0, 1)
	nonConsecutive(2, 1)

	for k := uint64(1); k <= 3; k++ {
		r := e.exec(e.settler, e.rewards, submit(k))
		at := e.blockTime(r) + activationDelay
		ev := event(t, r, e.rewardsAddr, rewardsABI.UnpackRootSubmittedEvent)
		if ev.Epoch != k || ev.Root != tr.root() || ev.TotalCumulative.Cmp(tr.total) != 0 || ev.EventsDigest != digest(k) || ev.ActivatesAt != at {
			t.Fatalf("RootSubmitted%+v, want epoch %d activatesAt %d", ev, k, at)
		}
		got := e.rootOf(k)
		want := bindings.SwarmRewardsRoot{Root: tr.root(), TotalCumulative: tr.total, EventsDigest: digest(k), ActivatesAt: at}
		if got.Root != want.Root || got.TotalCumulative.Cmp(want.TotalCumulative) != 0 || got.EventsDigest != want.EventsDigest ||
			got.ActivatesAt != want.ActivatesAt || got.Disabled {
			t.Fatalf("rootOf(%d) = %+v, want %+v", k, got, want)
		}
		if got := lastEpoch(); got != k {
			t.Fatalf("lastEpoch = %d, want %d", got, k)
		}
		nonConsecutive(k, k+1)   // repeat
		nonConsecutive(k+2, k+1) // skip
		nonConsecutive(0, k+1)
	}
	// The refused repeats did not overwrite anything.
	if got := e.rootOf(1); got.EventsDigest != digest(1) {
		t.Fatalf("rootOf(1) changed: %+v", got)
	}
	if got := e.rootOf(4); got.Root != ([32]byte{}) || got.ActivatesAt != 0 {
		t.Fatalf("rootOf(4) = %+v, want empty", got)
	}
}

// TestActivationDelay: a root becomes claimable exactly activationDelay
// seconds after its submission, and latestActiveEpoch follows the newest
// active root as time passes.
func TestActivationDelay(t *testing.T) {
	e := newEnv(t, config{})
	a := e.earners[0]
	tr1 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(10), e.earners[1].addr: swarm(3)})
	tr2 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(25), e.earners[1].addr: swarm(3)})

	if got := e.latestActiveEpoch(); got != 0 {
		t.Fatalf("latestActiveEpoch with no roots = %d", got)
	}
	reverts[bindings.SwarmRewardsNoActiveRoot](e, a, e.rewards, claimData(t, tr1, a.addr), rewardsABI.UnpackError)

	a1 := e.blockTime(e.submit(1, tr1)) + activationDelay
	if got := e.latestActiveEpoch(); got != 0 {
		t.Fatalf("latestActiveEpoch right after submission = %d, want 0", got)
	}
	reverts[bindings.SwarmRewardsNoActiveRoot](e, a, e.rewards, claimData(t, tr1, a.addr), rewardsABI.UnpackError)
	e.advanceTo(a1 - 1)
	if got := e.latestActiveEpoch(); got != 0 {
		t.Fatalf("latestActiveEpoch 1 s before activation = %d, want 0", got)
	}
	callReverts[bindings.SwarmRewardsNoActiveRoot](e, a, e.rewards, claimData(t, tr1, a.addr), rewardsABI.UnpackError)
	e.advanceTo(a1)
	if got := e.latestActiveEpoch(); got != 1 {
		t.Fatalf("latestActiveEpoch at activation = %d, want 1", got)
	}
	e.succeeds(a, e.rewards, claimData(t, tr1, a.addr))

	// Epoch 2 pending: claims still go against epoch 1.
	a2 := e.blockTime(e.submit(2, tr2)) + activationDelay
	if got := e.latestActiveEpoch(); got != 1 {
		t.Fatalf("latestActiveEpoch with epoch 2 pending = %d, want 1", got)
	}
	reverts[bindings.SwarmRewardsInvalidProof](e, a, e.rewards, claimData(t, tr2, a.addr), rewardsABI.UnpackError)
	e.advanceTo(a2 - 1)
	callReverts[bindings.SwarmRewardsInvalidProof](e, a, e.rewards, claimData(t, tr2, a.addr), rewardsABI.UnpackError)
	e.advanceTo(a2)
	if got := e.latestActiveEpoch(); got != 2 {
		t.Fatalf("latestActiveEpoch at epoch 2's activation = %d, want 2", got)
	}
	// The epoch-1 leaf is no longer in the active root.
	callReverts[bindings.SwarmRewardsInvalidProof](e, a, e.rewards, claimData(t, tr1, a.addr), rewardsABI.UnpackError)
	r := e.exec(a, e.rewards, claimData(t, tr2, a.addr))
	wantInt(t, "claimed amount", event(t, r, e.rewardsAddr, rewardsABI.UnpackClaimedEvent).Amount, swarm(25))

	// Two more pending roots on top do not hide epoch 2.
	e.submit(3, tr2)
	e.submit(4, tr2)
	if got := e.latestActiveEpoch(); got != 2 {
		t.Fatalf("latestActiveEpoch with epochs 3, 4 pending = %d, want 2", got)
	}
}

// TestDisableRoot: GUARDIAN_ROLE disables a root before its activation and
// only then; claims fall back to the previous active root.
func TestDisableRoot(t *testing.T) {
	e := newEnv(t, config{})
	a, b := e.earners[0], e.earners[1]
	tr1 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(1000), b.addr: swarm(2)}) // wrong root, to be disabled
	tr2 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(10), b.addr: swarm(2)})
	tr3 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(5000), b.addr: swarm(4)}) // wrong again
	tr4 := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(12), b.addr: swarm(4)})
	disable := func(k uint64) []byte { return rewardsABI.PackDisableRoot(k) }

	// Epoch 1 is disabled before it activates: with no other root, nothing
	// is claimable, even after its activation time.
	a1 := e.blockTime(e.submit(1, tr1)) + activationDelay
	for _, who := range []*account{e.admin, e.settler, e.outsider} {
		got := reverts[bindings.SwarmRewardsAccessControlUnauthorizedAccount](e, who, e.rewards, disable(1), rewardsABI.UnpackError)
		if got.Account != who.addr || got.NeededRole != guardianRole {
			t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, GUARDIAN_ROLE)", got, who.addr)
		}
	}
	for _, k := range []uint64{0, 2} {
		if got := reverts[bindings.SwarmRewardsUnknownEpoch](e, e.guardian, e.rewards, disable(k), rewardsABI.UnpackError); got.Epoch != k {
			t.Fatalf("UnknownEpoch(%d), want %d", got.Epoch, k)
		}
	}
	r := e.exec(e.guardian, e.rewards, disable(1))
	if ev := event(t, r, e.rewardsAddr, rewardsABI.UnpackRootDisabledEvent); ev.Epoch != 1 {
		t.Fatalf("RootDisabled(%d), want 1", ev.Epoch)
	}
	if !e.rootOf(1).Disabled {
		t.Fatal("rootOf(1).disabled = false")
	}
	if got := reverts[bindings.SwarmRewardsRootAlreadyDisabled](e, e.guardian, e.rewards, disable(1), rewardsABI.UnpackError); got.Epoch != 1 {
		t.Fatalf("RootAlreadyDisabled(%d), want 1", got.Epoch)
	}
	e.advanceTo(a1 + 10)
	if got := e.latestActiveEpoch(); got != 0 {
		t.Fatalf("latestActiveEpoch with the only root disabled = %d, want 0", got)
	}
	reverts[bindings.SwarmRewardsNoActiveRoot](e, a, e.rewards, claimData(t, tr1, a.addr), rewardsABI.UnpackError)
	// Still disabled past its activation time: "already disabled" wins.
	reverts[bindings.SwarmRewardsRootAlreadyDisabled](e, e.guardian, e.rewards, disable(1), rewardsABI.UnpackError)

	// Epoch 2 replaces it and activates.
	a2 := e.blockTime(e.submit(2, tr2)) + activationDelay
	e.advanceTo(a2)
	if got := e.latestActiveEpoch(); got != 2 {
		t.Fatalf("latestActiveEpoch = %d, want 2", got)
	}
	// An active root cannot be disabled.
	ra := reverts[bindings.SwarmRewardsRootAlreadyActive](e, e.guardian, e.rewards, disable(2), rewardsABI.UnpackError)
	if ra.Epoch != 2 || ra.ActivatesAt != a2 {
		t.Fatalf("RootAlreadyActive%+v, want (2, %d)", ra, a2)
	}

	// Epoch 3 is disabled while pending; once its time has passed, claims
	// still go against epoch 2, and epoch 3's leaves do not verify.
	a3 := e.blockTime(e.submit(3, tr3)) + activationDelay
	e.exec(e.guardian, e.rewards, disable(3))
	e.advanceTo(a3 + 1)
	if got := e.latestActiveEpoch(); got != 2 {
		t.Fatalf("latestActiveEpoch with epoch 3 disabled = %d, want 2 (fallback)", got)
	}
	reverts[bindings.SwarmRewardsInvalidProof](e, a, e.rewards, claimData(t, tr3, a.addr), rewardsABI.UnpackError)
	r = e.exec(a, e.rewards, claimData(t, tr2, a.addr))
	wantInt(t, "claim against the fallback root", event(t, r, e.rewardsAddr, rewardsABI.UnpackClaimedEvent).Amount, swarm(10))
	wantInt(t, "earner balance", e.balance(a.addr), swarm(10))

	// The boundary: disabling works up to activatesAt - 1, not at activatesAt.
	a4 := e.blockTime(e.submit(4, tr4)) + activationDelay
	e.advanceTo(a4 - 1)
	e.succeeds(e.guardian, e.rewards, disable(4))
	e.advanceTo(a4)
	ra = callReverts[bindings.SwarmRewardsRootAlreadyActive](e, e.guardian, e.rewards, disable(4), rewardsABI.UnpackError)
	if ra.Epoch != 4 || ra.ActivatesAt != a4 {
		t.Fatalf("RootAlreadyActive%+v, want (4, %d)", ra, a4)
	}
	if got := e.latestActiveEpoch(); got != 4 {
		t.Fatalf("latestActiveEpoch = %d, want 4", got)
	}
}

// TestClaims: claims proven with merkle proofs pay cumulative
// minus claimed, to the earner whoever sends them; wrong proofs, wrong
// amounts and repeated claims revert.
func TestClaims(t *testing.T) {
	e := newEnv(t, config{earners: 5})
	ea := e.earners
	c1 := map[common.Address]*big.Int{
		ea[0].addr: wei(t, "1000000000000000000001"),
		ea[1].addr: wei(t, "7"),
		ea[2].addr: wei(t, "333333333333333333333"),
		ea[3].addr: swarm(5),
	}
	tr1 := buildTree(t, c1)
	a1 := e.blockTime(e.submit(1, tr1)) + activationDelay
	e.advanceTo(a1)
	supply0 := view(e, e.token, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply)
	totalClaimed := func() *big.Int {
		return view(e, e.rewards, rewardsABI.PackTotalClaimed(), rewardsABI.UnpackTotalClaimed)
	}

	// Full claim, sent by the earner.
	x := ea[0]
	r := e.exec(x, e.rewards, claimData(t, tr1, x.addr))
	cl := event(t, r, e.rewardsAddr, rewardsABI.UnpackClaimedEvent)
	if cl.Earner != x.addr || cl.Amount.Cmp(c1[x.addr]) != 0 || cl.Cumulative.Cmp(c1[x.addr]) != 0 {
		t.Fatalf("Claimed%+v, want (%s, %v, %v)", cl, x.addr, c1[x.addr], c1[x.addr])
	}
	mint := event(t, r, e.tokenAddr, tokenABI.UnpackTransferEvent)
	if mint.From != (common.Address{}) || mint.To != x.addr || mint.Value.Cmp(c1[x.addr]) != 0 {
		t.Fatalf("token Transfer%+v, want a mint of %v to %s", mint, c1[x.addr], x.addr)
	}
	wantInt(t, "earner balance", e.balance(x.addr), c1[x.addr])
	wantInt(t, "claimed", e.claimed(x.addr), c1[x.addr])
	wantInt(t, "totalClaimed", totalClaimed(), c1[x.addr])
	wantInt(t, "totalSupply", view(e, e.token, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply), add(supply0, c1[x.addr]))

	// Again: nothing left.
	nc := reverts[bindings.SwarmRewardsNothingToClaim](e, x, e.rewards, claimData(t, tr1, x.addr), rewardsABI.UnpackError)
	if nc.Cumulative.Cmp(c1[x.addr]) != 0 || nc.Claimed.Cmp(c1[x.addr]) != 0 {
		t.Fatalf("NothingToClaim%+v, want (%v, %v)", nc, c1[x.addr], c1[x.addr])
	}

	// Wrong proofs and wrong amounts.
	y := ea[1]
	invalid := func(name string, data []byte) {
		t.Helper()
		reverts[bindings.SwarmRewardsInvalidProof](e, y, e.rewards, data, rewardsABI.UnpackError)
	}
	invalid("another earner's proof", rewardsABI.PackClaim(y.addr, c1[y.addr], tr1.proof(t, ea[2].addr)))
	invalid("amount + 1", rewardsABI.PackClaim(y.addr, add(c1[y.addr], big.NewInt(1)), tr1.proof(t, y.addr)))
	invalid("amount - 1", rewardsABI.PackClaim(y.addr, sub(c1[y.addr], big.NewInt(1)), tr1.proof(t, y.addr)))
	invalid("another earner's amount", rewardsABI.PackClaim(y.addr, c1[ea[2].addr], tr1.proof(t, y.addr)))
	invalid("empty proof", rewardsABI.PackClaim(y.addr, c1[y.addr], nil))
	invalid("truncated proof", rewardsABI.PackClaim(y.addr, c1[y.addr], tr1.proof(t, y.addr)[1:]))
	flipped := append([][32]byte(nil), tr1.proof(t, y.addr)...)
	flipped[0][31] ^= 1
	invalid("corrupted proof", rewardsABI.PackClaim(y.addr, c1[y.addr], flipped))
	invalid("earner not in the tree", rewardsABI.PackClaim(ea[4].addr, c1[y.addr], tr1.proof(t, y.addr)))
	// The leaf hash itself as the "proof" of the root is no way in either.
	leaf := merkle.LeafHash([20]byte(y.addr), c1[y.addr])
	invalid("leaf as proof", rewardsABI.PackClaim(y.addr, c1[y.addr], [][32]byte{leaf}))
	reverts[bindings.SwarmRewardsZeroAddress](e, y, e.rewards, rewardsABI.PackClaim(common.Address{}, c1[y.addr], tr1.proof(t, y.addr)), rewardsABI.UnpackError)
	wantInt(t, "claimed after refused claims", e.claimed(y.addr), big.NewInt(0))

	// Someone else pays the gas: the tokens go to the earner; the relayer's
	// SWARM does not move and the earner's ether does not move.
	relayerSwarm, relayerEth, yEth := e.balance(e.relayer.addr), e.ethBalance(e.relayer.addr), e.ethBalance(y.addr)
	r = e.exec(e.relayer, e.rewards, claimData(t, tr1, y.addr))
	if cl := event(t, r, e.rewardsAddr, rewardsABI.UnpackClaimedEvent); cl.Earner != y.addr || cl.Amount.Cmp(c1[y.addr]) != 0 {
		t.Fatalf("Claimed%+v, want (%s, %v)", cl, y.addr, c1[y.addr])
	}
	wantInt(t, "earner balance (relayed)", e.balance(y.addr), c1[y.addr])
	wantInt(t, "relayer SWARM", e.balance(e.relayer.addr), relayerSwarm)
	wantInt(t, "earner ether", e.ethBalance(y.addr), yEth)
	fee := new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
	wantInt(t, "relayer ether", e.ethBalance(e.relayer.addr), sub(relayerEth, fee))

	// Epoch 2 raises some cumulatives: a later claim pays only the difference.
	c2 := map[common.Address]*big.Int{
		ea[0].addr: add(c1[ea[0].addr], wei(t, "123456789012345678901")),
		ea[1].addr: c1[ea[1].addr], // nothing new
		ea[2].addr: add(c1[ea[2].addr], big.NewInt(1)),
		ea[3].addr: c1[ea[3].addr],
		ea[4].addr: wei(t, "9"), // new earner
	}
	tr2 := buildTree(t, c2)
	e.advanceTo(e.blockTime(e.submit(2, tr2)) + activationDelay)
	r = e.exec(x, e.rewards, claimData(t, tr2, x.addr))
	diff := sub(c2[x.addr], c1[x.addr])
	cl = event(t, r, e.rewardsAddr, rewardsABI.UnpackClaimedEvent)
	if cl.Amount.Cmp(diff) != 0 || cl.Cumulative.Cmp(c2[x.addr]) != 0 {
		t.Fatalf("Claimed%+v, want amount %v cumulative %v", cl, diff, c2[x.addr])
	}
	wantInt(t, "earner balance after the later claim", e.balance(x.addr), c2[x.addr])
	wantInt(t, "claimed after the later claim", e.claimed(x.addr), c2[x.addr])
	// The stale epoch-1 leaf is not in the active root.
	reverts[bindings.SwarmRewardsInvalidProof](e, x, e.rewards, claimData(t, tr1, x.addr), rewardsABI.UnpackError)
	// An earner with nothing new.
	nc = reverts[bindings.SwarmRewardsNothingToClaim](e, y, e.rewards, claimData(t, tr2, y.addr), rewardsABI.UnpackError)
	if nc.Cumulative.Cmp(c2[y.addr]) != 0 || nc.Claimed.Cmp(c1[y.addr]) != 0 {
		t.Fatalf("NothingToClaim%+v", nc)
	}
	// An earner who skipped epoch 1 gets its whole cumulative at once.
	z := ea[2]
	e.exec(z, e.rewards, claimData(t, tr2, z.addr))
	wantInt(t, "skipping earner balance", e.balance(z.addr), c2[z.addr])
	e.exec(ea[4], e.rewards, claimData(t, tr2, ea[4].addr))
	wantInt(t, "new earner balance", e.balance(ea[4].addr), c2[ea[4].addr])

	paid := add(add(c2[x.addr], c1[y.addr]), add(c2[z.addr], c2[ea[4].addr]))
	wantInt(t, "totalClaimed", totalClaimed(), paid)
	wantInt(t, "totalSupply", view(e, e.token, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply), add(supply0, paid))
}

// TestClaimBounds: a root pays out no more than its totalCumulative in all;
// a single-leaf tree claims with an empty proof.
func TestClaimBounds(t *testing.T) {
	e := newEnv(t, config{})
	a, b := e.earners[0], e.earners[1]

	solo := buildTree(t, map[common.Address]*big.Int{a.addr: big.NewInt(60)})
	if len(solo.proof(t, a.addr)) != 0 {
		t.Fatal("single-leaf proof is not empty")
	}
	e.advanceTo(e.blockTime(e.submit(1, solo)) + activationDelay)
	e.exec(a, e.rewards, claimData(t, solo, a.addr))
	wantInt(t, "solo claim", e.balance(a.addr), big.NewInt(60))

	// Epoch 2's leaves sum to 110 but its root declares 100.
	tr := buildTree(t, map[common.Address]*big.Int{a.addr: big.NewInt(60), b.addr: big.NewInt(50)})
	r := e.exec(e.settler, e.rewards, rewardsABI.PackSubmitRoot(2, tr.root(), big.NewInt(100), digest(2)))
	e.advanceTo(e.blockTime(r) + activationDelay)
	ex := reverts[bindings.SwarmRewardsExceedsRootTotal](e, b, e.rewards, claimData(t, tr, b.addr), rewardsABI.UnpackError)
	if ex.TotalCumulative.Cmp(big.NewInt(100)) != 0 || ex.WouldBePaid.Cmp(big.NewInt(110)) != 0 {
		t.Fatalf("ExceedsRootTotal%+v, want (100, 110)", ex)
	}
	wantInt(t, "claimed after refused claim", e.claimed(b.addr), big.NewInt(0))
	// A corrected root lets the claim through.
	e.advanceTo(e.blockTime(e.submit(3, tr)) + activationDelay)
	e.exec(b, e.rewards, claimData(t, tr, b.addr))
	wantInt(t, "claim under the corrected root", e.balance(b.addr), big.NewInt(50))
}

// TestClaimNeedsMinterRole: the rewards contract pays by minting; without
// MINTER_ROLE the token's error reverts the whole claim.
func TestClaimNeedsMinterRole(t *testing.T) {
	e := newEnv(t, config{})
	a := e.earners[0]
	tr := buildTree(t, map[common.Address]*big.Int{a.addr: swarm(3), e.earners[1].addr: swarm(1)})
	e.advanceTo(e.blockTime(e.submit(1, tr)) + activationDelay)

	e.exec(e.admin, e.token, tokenABI.PackRevokeRole(minterRole, e.rewardsAddr))
	got := reverts[bindings.SwarmTokenAccessControlUnauthorizedAccount](e, a, e.rewards, claimData(t, tr, a.addr), tokenABI.UnpackError)
	if got.Account != e.rewardsAddr || got.NeededRole != minterRole {
		t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, MINTER_ROLE)", got, e.rewardsAddr)
	}
	wantInt(t, "claimed after the failed mint", e.claimed(a.addr), big.NewInt(0))
	wantInt(t, "totalClaimed after the failed mint",
		view(e, e.rewards, rewardsABI.PackTotalClaimed(), rewardsABI.UnpackTotalClaimed), big.NewInt(0))

	e.exec(e.admin, e.token, tokenABI.PackGrantRole(minterRole, e.rewardsAddr))
	e.exec(a, e.rewards, claimData(t, tr, a.addr))
	wantInt(t, "balance after the role is back", e.balance(a.addr), swarm(3))
}
