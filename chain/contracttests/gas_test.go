package contracttests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var update = flag.Bool("update", false, "rewrite docs/GAS.md with the gas TestGasTable measures")

const (
	gasDocPath   = "../../docs/GAS.md"
	goModPath    = "../../go.mod"
	contractsDir = "../contracts"
	// gasTreeSize is the number of earners in the claims' rewards tree: a
	// power of two, so every proof has log2(gasTreeSize) = 7 hashes.
	gasTreeSize = 128
)

// gasRow is one measured transaction.
type gasRow struct {
	contract, function, setup string
	gas                       uint64
}

// TestGasTable measures the gas of every state-changing function of the
// three contracts and compares the table with docs/GAS.md (gas is
// deterministic on the simulated chain); -update rewrites the file.
func TestGasTable(t *testing.T) {
	doc := renderGasDoc(t, measureGas(t))
	if *update {
		if err := os.WriteFile(gasDocPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", gasDocPath)
		return
	}
	old, err := os.ReadFile(gasDocPath)
	if err != nil {
		t.Fatalf("%v: run `go test ./chain/contracttests -run TestGasTable -update`", err)
	}
	if string(old) != doc {
		t.Fatalf("docs/GAS.md differs from the measured gas (first difference: %s); "+
			"if the change is intended, run `go test ./chain/contracttests -run TestGasTable -update`",
			firstDiff(string(old), doc))
	}
}

// measureGas runs the scenario behind the table. Every measured transaction
// is mined alone in its block, and every account comes from a fixed key, so
// the storage each one touches, and with it the gas, is the same every run.
func measureGas(t *testing.T) []gasRow {
	e := newEnv(t, config{providers: 9, stakers: defaultMaxStakers, earners: 2})
	var rows []gasRow
	row := func(contract, function, setup string, r *types.Receipt) {
		t.Helper()
		if r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("%s.%s (%s) failed", contract, function, setup)
		}
		rows = append(rows, gasRow{contract, function, setup, r.GasUsed})
	}
	p := e.providers
	s := e.stakers

	// ---- deployment and wiring (the fixture's own transactions) ----
	row("SwarmToken", "deployment", "constructor(admin)", e.setup["deploy SwarmToken"])
	row("SwarmStaking", "deployment", "constructor(token, 7 days, 64, 2 days)", e.setup["deploy SwarmStaking"])
	row("SwarmRewards", "deployment", "constructor(token, 1 hour)", e.setup["deploy SwarmRewards"])
	row("SwarmToken", "grantRole", "MINTER_ROLE to SwarmRewards", e.setup["token grantRole MINTER_ROLE"])
	row("SwarmStaking", "grantRole", "SLASHER_ROLE to an account without it", e.setup["staking grantRole SLASHER_ROLE"])
	row("SwarmRewards", "grantRole", "SETTLER_ROLE to an account without it", e.setup["rewards grantRole SETTLER_ROLE"])
	row("SwarmStaking", "setTreasury", "from the deployer (initial treasury) to another address", e.setup["staking setTreasury"])

	// ---- token ----
	row("SwarmToken", "mint", "1000 SWARM to an address holding none (totalSupply already > 0)",
		e.exec(e.admin, e.token, tokenABI.PackMint(e.outsider.addr, swarm(1000))))
	row("SwarmToken", "approve", "first allowance of the owner for the spender",
		e.exec(e.outsider, e.token, tokenABI.PackApprove(e.relayer.addr, swarm(1))))
	row("SwarmToken", "transfer", "part of the sender's balance to an address holding none",
		e.exec(e.outsider, e.token, tokenABI.PackTransfer(common.BytesToAddress(crypto.Keccak256([]byte("gas transfer recipient"))), swarm(10))))

	// ---- nodes ----
	key := nodeKey("gas")
	row("SwarmStaking", "authorizeNode", "a key without a provider",
		e.exec(p[0], e.staking, stakingABI.PackAuthorizeNode(key)))
	row("SwarmStaking", "revokeNode", "a key of the sender",
		e.exec(p[0], e.staking, stakingABI.PackRevokeNode(key)))

	// ---- stake lifecycle (provider 1) ----
	row("SwarmStaking", "bond", "first bond: the provider's first staker (joins the staker set)",
		e.bond(s[0], p[1], swarm(1000)))
	row("SwarmStaking", "bond", "first bond: a new staker of a provider that has stakers",
		e.bond(s[1], p[1], swarm(1000)))
	row("SwarmStaking", "bond", "additional bond on an existing position",
		e.bond(s[1], p[1], swarm(1000)))
	row("SwarmStaking", "requestUnbond", "first request (creates the unbonding entry)",
		e.requestUnbond(s[1], p[1], swarm(100)))
	row("SwarmStaking", "requestUnbond", "second request (adds to the entry, moves releaseAt)",
		e.requestUnbond(s[1], p[1], swarm(100)))
	e.advanceTo(e.blockTime(e.requestUnbond(s[0], p[1], swarm(1000))) + unbondingPeriod)
	row("SwarmStaking", "withdraw", "partial exit: stake still bonded, the staker stays in the set",
		e.exec(s[1], e.staking, stakingABI.PackWithdraw(p[1].addr)))
	row("SwarmStaking", "withdraw", "full exit: nothing bonded, the staker leaves the set",
		e.exec(s[0], e.staking, stakingABI.PackWithdraw(p[1].addr)))

	// ---- slashing ----
	// Positions: provider 0 has no staker, 2 has 1, 3 has 10, and 4 to 7
	// have 64 (the bound); each staker bonded 1000 SWARM; the stakers of 5
	// and 7 also have 100 SWARM unbonding. The treasury already holds SWARM,
	// so every slash pays into a non-zero balance.
	var calls []*txSend
	bondTo := func(prov *account, stakers []*account, amount *big.Int) {
		for _, st := range stakers {
			calls = append(calls, &txSend{st, e.staking, stakingABI.PackBond(prov.addr, amount)})
		}
	}
	bondTo(p[2], s[:1], swarm(1000))
	bondTo(p[3], s[:10], swarm(1000))
	bondTo(p[4], s, swarm(1000))
	bondTo(p[5], s, swarm(1100))
	bondTo(p[6], s, swarm(1000))
	bondTo(p[7], s, swarm(1100))
	calls = append(calls, &txSend{e.admin, e.token, tokenABI.PackMint(e.treasury.addr, big.NewInt(1))})
	e.sendAll(calls)
	calls = calls[:0]
	for _, st := range s {
		calls = append(calls,
			&txSend{st, e.staking, stakingABI.PackRequestUnbond(p[5].addr, swarm(100))},
			&txSend{st, e.staking, stakingABI.PackRequestUnbond(p[7].addr, swarm(100))})
	}
	e.sendAll(calls)
	for i, want := range map[int]int{0: 0, 2: 1, 3: 10, 4: defaultMaxStakers, 5: defaultMaxStakers, 6: defaultMaxStakers, 7: defaultMaxStakers} {
		if got := len(e.stakersOf(p[i])); got != want {
			t.Fatalf("provider %d has %d stakers, want %d", i, got, want)
		}
	}
	ev := func(prov *account, bp uint16) [32]byte {
		return evidence("gas:" + prov.name + ":" + strconv.Itoa(int(bp)))
	}
	propose := func(prov *account, bp uint16) *types.Receipt {
		return e.exec(e.slasher, e.staking, stakingABI.PackProposeSlash(prov.addr, bp, ev(prov, bp)))
	}
	row("SwarmStaking", "proposeSlash", "a fresh evidence", propose(p[0], 50))
	for _, x := range []struct {
		i  int
		bp uint16
	}{{2, 50}, {3, 50}, {4, 50}, {5, 50}, {6, 10000}, {7, 10000}, {2, 7}} {
		propose(p[x.i], x.bp)
	}
	row("SwarmStaking", "vetoSlash", "a proposed slash", e.exec(e.guardian, e.staking, stakingABI.PackVetoSlash(ev(p[2], 7))))
	e.advanceTo(e.now() + slashDelay)
	slash := func(prov *account, bp uint16) *types.Receipt {
		return e.exec(e.relayer, e.staking, stakingABI.PackExecuteSlash(ev(prov, bp)))
	}
	row("SwarmStaking", "executeSlash", "provider without stakers, bp 50", slash(p[0], 50))
	row("SwarmStaking", "executeSlash", "1 staker (bonded only), bp 50", slash(p[2], 50))
	row("SwarmStaking", "executeSlash", "10 stakers (bonded only), bp 50", slash(p[3], 50))
	row("SwarmStaking", "executeSlash", "64 stakers (bonded only), bp 50", slash(p[4], 50))
	row("SwarmStaking", "executeSlash", "64 stakers, each bonded and unbonding, bp 50", slash(p[5], 50))
	row("SwarmStaking", "executeSlash", "64 stakers (bonded only), bp 10000: every staker leaves the set", slash(p[6], 10000))
	row("SwarmStaking", "executeSlash", "64 stakers, each bonded and unbonding, bp 10000: every staker leaves the set", slash(p[7], 10000))
	for _, i := range []int{6, 7} {
		if got := len(e.stakersOf(p[i])); got != 0 {
			t.Fatalf("full slash of provider %d left %d stakers", i, got)
		}
	}

	// ---- rewards ----
	// A 128-earner tree (7-hash proofs); earners 0 and 1 claim.
	cum := func(bonus int64) map[common.Address]*big.Int {
		m := map[common.Address]*big.Int{}
		for i := range gasTreeSize {
			a := common.BytesToAddress(crypto.Keccak256([]byte("gas earner " + strconv.Itoa(i))))
			if i < len(e.earners) {
				a = e.earners[i].addr
			}
			m[a] = add(swarm(int64(i+1)), big.NewInt(int64(i)+bonus))
		}
		return m
	}
	tr1, tr2 := buildTree(t, cum(0)), buildTree(t, cum(7_000_000_000_000_000))
	for _, a := range e.earners {
		if n := len(tr1.proof(t, a.addr)); n != 7 {
			t.Fatalf("proof of %d hashes, want 7", n)
		}
	}
	r := e.submit(1, tr1)
	row("SwarmRewards", "submitRoot", "epoch 1 (the first root)", r)
	e.advanceTo(e.blockTime(r) + activationDelay)
	row("SwarmRewards", "claim", "the contract's first claim (totalClaimed was 0), 7-hash proof",
		e.exec(e.earners[1], e.rewards, claimData(t, tr1, e.earners[1].addr)))
	row("SwarmRewards", "claim", "an earner's first claim, 7-hash proof",
		e.exec(e.earners[0], e.rewards, claimData(t, tr1, e.earners[0].addr)))
	r = e.submit(2, tr2)
	row("SwarmRewards", "submitRoot", "epoch 2 (a later root)", r)
	e.advanceTo(e.blockTime(r) + activationDelay)
	row("SwarmRewards", "claim", "a later claim (pays the difference), 7-hash proof",
		e.exec(e.earners[0], e.rewards, claimData(t, tr2, e.earners[0].addr)))
	row("SwarmRewards", "claim", "a later claim sent by a third party, 7-hash proof",
		e.exec(e.relayer, e.rewards, claimData(t, tr2, e.earners[1].addr)))
	e.submit(3, tr2)
	row("SwarmRewards", "disableRoot", "a pending root",
		e.exec(e.guardian, e.rewards, rewardsABI.PackDisableRoot(3)))
	return rows
}

// renderGasDoc renders docs/GAS.md.
func renderGasDoc(t *testing.T, rows []gasRow) string {
	gethVersion, solcVersion, ozVersion, evm, runs := buildFacts(t)
	var b strings.Builder
	fmt.Fprintf(&b, `# Gas used by the Swarm contracts

Generated by TestGasTable in chain/contracttests; do not edit by hand.
Regenerate after a change to the contracts, the compiler settings or
go-ethereum with:

    go test ./chain/contracttests -run TestGasTable -update

Without -update the test fails when this file differs from what it measures.

## How it is measured

- Chain: go-ethereum %s's simulated beacon chain (chain/simchain: the
  node, eth service and simulated beacon of ethclient/simulated) with mainnet
  fork rules (simchain.MainnetRules: every fork mainnet has scheduled, active
  from genesis), block gas limit 30,000,000.
- Contracts: %s, optimizer enabled with %s runs, evmVersion %s,
  OpenZeppelin Contracts %s (chain/contracts/compile.js).
- Gas used is the receipt's gasUsed: the whole transaction, including the
  21,000 intrinsic gas and calldata, after refunds. Each measured transaction
  is mined alone in its block (setup transactions between them may share
  blocks).
- Accounts come from fixed keys, so addresses, calldata and storage are the
  same on every run and the figures are exact, not averages.
- Fixture: SwarmStaking(token, unbondingPeriod 7 days, maxStakersPerProvider
  64, slashDelay 2 days) and SwarmRewards(token, activationDelay 1 hour),
  roles on separate keys; stakers hold SWARM and have approved the staking
  contract.
- Slash rows: every staker bonded 1000 SWARM; in the "bonded and unbonding"
  rows each also has 100 SWARM unbonding. proposeSlash and vetoSlash touch
  one record whatever the stake; executeSlash, sent by an account without
  any role after the delay, visits every staker of the provider, so its gas
  grows linearly with their number; 64 is maxStakersPerProvider, so the
  64-staker rows show executeSlash's cost at the bound. The treasury already
  holds SWARM.
- Claim rows: a rewards tree of %d earners built by merkle, so
  every proof has 7 hashes; the newest root is the active one.

| Contract | Function | Setup | Gas used |
| --- | --- | --- | ---: |
`, gethVersion, solcVersion, runs, evm, ozVersion, gasTreeSize)
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.contract, r.function, r.setup, thousands(r.gas))
	}
	return b.String()
}

// buildFacts reads the versions and compiler settings the doc states from
// the files that fix them, so that the doc cannot drift from them silently.
func buildFacts(t *testing.T) (geth, solc, oz, evm, runs string) {
	t.Helper()
	mod, err := os.ReadFile(goModPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(mod))
	for sc.Scan() {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(f) >= 2 && f[0] == "github.com/ethereum/go-ethereum" {
			geth = f[1]
		}
	}
	if geth == "" {
		t.Fatal("go.mod does not require github.com/ethereum/go-ethereum")
	}
	v, err := os.ReadFile(contractsDir + "/artifacts/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	solc = strings.TrimSpace(string(v)) // "solc 0.8.30+commit.…"
	if i := strings.IndexByte(solc, '+'); i > 0 {
		solc = solc[:i]
	}
	pkg, err := os.ReadFile(contractsDir + "/package.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(pkg, &p); err != nil {
		t.Fatalf("package.json: %v", err)
	}
	if oz = p.Dependencies["@openzeppelin/contracts"]; oz == "" {
		t.Fatal("package.json has no @openzeppelin/contracts")
	}
	js, err := os.ReadFile(contractsDir + "/compile.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`optimizer:\s*\{\s*enabled:\s*true,\s*runs:\s*(\d+)`).FindSubmatch(js)
	if m == nil {
		t.Fatal("compile.js: no enabled optimizer with runs")
	}
	runs = string(m[1])
	m = regexp.MustCompile(`evmVersion:\s*"(\w+)"`).FindSubmatch(js)
	if m == nil {
		t.Fatal("compile.js: no evmVersion")
	}
	evm = string(m[1])
	return geth, solc, oz, evm, runs
}

// thousands writes n with comma separators.
func thousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// firstDiff describes the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: file has %q, measured %q", i+1, x, y)
		}
	}
	return "none"
}
