package contracttests

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/chain/simchain"
)

// Deployment parameters of every fixture.
const (
	unbondingPeriod = 7 * 24 * 3600 // seconds
	activationDelay = 3600          // seconds
	slashDelay      = 2 * 24 * 3600 // seconds
	// defaultMaxStakers is SPEC §3's example max_stakers_per_provider.
	defaultMaxStakers = 64
	// txGasLimit is the gas limit of every transaction the tests send. A
	// fixed limit skips gas estimation, so a transaction that will revert is
	// still mined (and can be checked to fail), and estimation never runs
	// against a block other than the one the transaction lands in.
	txGasLimit = 8_000_000
	// callTimeout bounds every RPC round trip to the in-process chain.
	callTimeout = 10 * time.Second
)

var (
	tokenABI   = bindings.NewSwarmToken()
	stakingABI = bindings.NewSwarmStaking()
	rewardsABI = bindings.NewSwarmRewards()

	adminRole    = [32]byte{} // DEFAULT_ADMIN_ROLE
	minterRole   = crypto.Keccak256Hash([]byte("MINTER_ROLE"))
	slasherRole  = crypto.Keccak256Hash([]byte("SLASHER_ROLE"))
	settlerRole  = crypto.Keccak256Hash([]byte("SETTLER_ROLE"))
	guardianRole = crypto.Keccak256Hash([]byte("GUARDIAN_ROLE"))

	// ethFund is every test account's genesis ether.
	ethFund = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	// stakerFund is the SWARM minted to every staker account (10^9 SWARM).
	stakerFund = new(big.Int).Mul(big.NewInt(1_000_000_000), big.NewInt(1e18))
	// maxUint256 is the allowance stakers give the staking contract.
	maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
)

// account is a test key with its transactor.
type account struct {
	name string
	key  *ecdsa.PrivateKey
	addr common.Address
	opts *bind.TransactOpts
	// nonce is the account's next nonce. The tests assign nonces themselves:
	// the pool's pending nonce lags behind transactions it has just
	// accepted, so asking it would race.
	nonce uint64
}

// newAccount derives a fixed key from name, so that addresses (and with them
// calldata, Merkle trees and gas) are the same on every run.
func newAccount(t testing.TB, name string) *account {
	t.Helper()
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("swarm contracttests key: " + name)))
	if err != nil {
		t.Fatalf("key %s: %v", name, err)
	}
	opts := bind.NewKeyedTransactor(key, big.NewInt(simchain.ChainID))
	opts.GasLimit = txGasLimit
	return &account{name: name, key: key, addr: crypto.PubkeyToAddress(key.PublicKey), opts: opts}
}

// config shapes a fixture.
type config struct {
	providers int // provider accounts (default 3)
	stakers   int // staker accounts: stakerFund SWARM each, staking approved (default 4)
	earners   int // earner accounts: ether only (default 4)
}

// env is a simulated chain with the three contracts deployed and wired.
type env struct {
	t      testing.TB
	ctx    context.Context
	chain  *simchain.Chain
	client simulated.Client

	admin    *account // deployer: DEFAULT_ADMIN_ROLE everywhere, MINTER_ROLE on the token
	slasher  *account // SLASHER_ROLE on staking
	settler  *account // SETTLER_ROLE on rewards
	guardian *account // GUARDIAN_ROLE on rewards and staking
	treasury *account // staking's treasury
	outsider *account // no role, no SWARM
	relayer  *account // no role; holds SWARM (stakerFund), pays gas for others' claims

	providers []*account
	stakers   []*account
	earners   []*account

	token, staking, rewards             *bind.BoundContract
	tokenAddr, stakingAddr, rewardsAddr common.Address

	// setup holds the receipts of the fixture's transactions by label.
	setup map[string]*types.Receipt
}

// newEnv starts a chain and deploys and wires SwarmToken(admin),
// SwarmStaking(token, unbondingPeriod, defaultMaxStakers, slashDelay) and
// SwarmRewards(token, activationDelay): MINTER_ROLE to rewards, SLASHER_ROLE,
// SETTLER_ROLE and GUARDIAN_ROLE (on both) to their own keys, the treasury to its own
// key, SWARM minted to the stakers and the relayer, staking approved by the
// stakers.
func newEnv(t testing.TB, cfg config) *env {
	t.Helper()
	if cfg.providers == 0 {
		cfg.providers = 3
	}
	if cfg.stakers == 0 {
		cfg.stakers = 4
	}
	if cfg.earners == 0 {
		cfg.earners = 4
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e := &env{
		t:        t,
		ctx:      ctx,
		admin:    newAccount(t, "admin"),
		slasher:  newAccount(t, "slasher"),
		settler:  newAccount(t, "settler"),
		guardian: newAccount(t, "guardian"),
		treasury: newAccount(t, "treasury"),
		outsider: newAccount(t, "outsider"),
		relayer:  newAccount(t, "relayer"),
		setup:    map[string]*types.Receipt{},
	}
	for i := range cfg.providers {
		e.providers = append(e.providers, newAccount(t, fmt.Sprintf("provider-%d", i)))
	}
	for i := range cfg.stakers {
		e.stakers = append(e.stakers, newAccount(t, fmt.Sprintf("staker-%d", i)))
	}
	for i := range cfg.earners {
		e.earners = append(e.earners, newAccount(t, fmt.Sprintf("earner-%d", i)))
	}
	alloc := types.GenesisAlloc{}
	for _, a := range e.all() {
		alloc[a.addr] = types.Account{Balance: ethFund}
	}
	ch, err := simchain.New(simchain.Config{Alloc: alloc})
	if err != nil {
		t.Fatalf("simchain: %v", err)
	}
	t.Cleanup(func() {
		if err := ch.Close(); err != nil {
			t.Errorf("close chain: %v", err)
		}
	})
	e.chain, e.client = ch, ch.Client()

	// The deployments and the wiring, each mined alone in its block (their
	// receipts feed the gas table).
	deploy := func(label, bin string, args []byte) common.Address {
		addr, tx := e.deploy(bin, args)
		r := e.mineOK(tx)[0]
		if r.ContractAddress != addr {
			t.Fatalf("%s at %s, want %s", label, r.ContractAddress, addr)
		}
		e.setup[label] = r
		return addr
	}
	tokenAddr := deploy("deploy SwarmToken", bindings.SwarmTokenMetaData.Bin, tokenABI.PackConstructor(e.admin.addr))
	stakingAddr := deploy("deploy SwarmStaking", bindings.SwarmStakingMetaData.Bin,
		stakingABI.PackConstructor(tokenAddr, unbondingPeriod, defaultMaxStakers, slashDelay))
	rewardsAddr := deploy("deploy SwarmRewards", bindings.SwarmRewardsMetaData.Bin,
		rewardsABI.PackConstructor(tokenAddr, activationDelay))
	e.tokenAddr, e.stakingAddr, e.rewardsAddr = tokenAddr, stakingAddr, rewardsAddr
	e.token = tokenABI.Instance(e.client, tokenAddr)
	e.staking = stakingABI.Instance(e.client, stakingAddr)
	e.rewards = rewardsABI.Instance(e.client, rewardsAddr)

	e.setup["token grantRole MINTER_ROLE"] = e.exec(e.admin, e.token, tokenABI.PackGrantRole(minterRole, rewardsAddr))
	e.setup["staking grantRole SLASHER_ROLE"] = e.exec(e.admin, e.staking, stakingABI.PackGrantRole(slasherRole, e.slasher.addr))
	e.setup["rewards grantRole SETTLER_ROLE"] = e.exec(e.admin, e.rewards, rewardsABI.PackGrantRole(settlerRole, e.settler.addr))
	e.setup["rewards grantRole GUARDIAN_ROLE"] = e.exec(e.admin, e.rewards, rewardsABI.PackGrantRole(guardianRole, e.guardian.addr))
	e.setup["staking grantRole GUARDIAN_ROLE"] = e.exec(e.admin, e.staking, stakingABI.PackGrantRole(guardianRole, e.guardian.addr))
	e.setup["staking setTreasury"] = e.exec(e.admin, e.staking, stakingABI.PackSetTreasury(e.treasury.addr))

	// SWARM for the relayer and the stakers, then the stakers' approvals.
	var txs []*types.Transaction
	for _, s := range append([]*account{e.relayer}, e.stakers...) {
		txs = append(txs, e.send(e.admin, e.token, tokenABI.PackMint(s.addr, stakerFund)))
	}
	e.mineOK(txs...)
	txs = txs[:0]
	for _, s := range e.stakers {
		txs = append(txs, e.send(s, e.token, tokenABI.PackApprove(stakingAddr, maxUint256)))
	}
	e.mineOK(txs...)
	return e
}

// all lists every funded account.
func (e *env) all() []*account {
	out := []*account{e.admin, e.slasher, e.settler, e.guardian, e.treasury, e.outsider, e.relayer}
	out = append(out, e.providers...)
	out = append(out, e.stakers...)
	return append(out, e.earners...)
}

func (e *env) callCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.ctx, callTimeout)
}

// deploy sends a creation transaction from the admin.
func (e *env) deploy(bin string, args []byte) (common.Address, *types.Transaction) {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	opts := e.opts(ctx, e.admin)
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bin), e.client, args)
	if err != nil {
		e.t.Fatalf("deploy: %v", err)
	}
	e.admin.nonce++
	return addr, tx
}

// send signs and submits a call of c with data from `from`, with the fixed
// gas limit; it does not mine.
func (e *env) send(from *account, c *bind.BoundContract, data []byte) *types.Transaction {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	tx, err := bind.Transact(c, e.opts(ctx, from), data)
	if err != nil {
		e.t.Fatalf("send from %s to %s: %v", from.name, c.Address(), err)
	}
	from.nonce++
	return tx
}

// opts is a copy of a's transactor with its next nonce and ctx.
func (e *env) opts(ctx context.Context, a *account) *bind.TransactOpts {
	opts := *a.opts
	opts.Nonce = new(big.Int).SetUint64(a.nonce)
	opts.Context = ctx
	return &opts
}

// blockReceipts is the part of the simulated client (an ethclient) that reads
// a block's receipts without the transaction index.
type blockReceipts interface {
	BlockReceipts(ctx context.Context, blockNrOrHash rpc.BlockNumberOrHash) ([]*types.Receipt, error)
}

// mine seals blocks until every tx is included and returns their receipts in
// the order of txs. Sealing more than one block only happens when the txs do
// not fit one block; it is bounded.
func (e *env) mine(txs ...*types.Transaction) []*types.Receipt {
	e.t.Helper()
	br, ok := e.client.(blockReceipts)
	if !ok {
		e.t.Fatalf("simulated client %T cannot read block receipts", e.client)
	}
	want := make(map[common.Hash]int, len(txs))
	for i, tx := range txs {
		want[tx.Hash()] = i
	}
	out := make([]*types.Receipt, len(txs))
	found := 0
	for round := 0; found < len(txs); round++ {
		if round > len(txs)+1 {
			e.t.Fatalf("%d of %d transactions still unmined after %d blocks", len(txs)-found, len(txs), round)
		}
		h := e.chain.Commit()
		ctx, cancel := e.callCtx()
		rs, err := br.BlockReceipts(ctx, rpc.BlockNumberOrHashWithHash(h, false))
		cancel()
		if err != nil {
			e.t.Fatalf("receipts of block %s: %v", h, err)
		}
		for _, r := range rs {
			if i, ok := want[r.TxHash]; ok && out[i] == nil {
				out[i] = r
				found++
			}
		}
	}
	return out
}

// mineOK mines txs and fails the test, with the decoded revert, for any
// that did not succeed.
func (e *env) mineOK(txs ...*types.Transaction) []*types.Receipt {
	e.t.Helper()
	rs := e.mine(txs...)
	for i, r := range rs {
		if r.Status != types.ReceiptStatusSuccessful {
			e.t.Fatalf("transaction %d (%s) failed: %s", i, r.TxHash, e.whyFailed(txs[i], r))
		}
	}
	return rs
}

// exec sends one call, mines it alone in a block and requires success.
func (e *env) exec(from *account, c *bind.BoundContract, data []byte) *types.Receipt {
	e.t.Helper()
	return e.mineOK(e.send(from, c, data))[0]
}

// whyFailed replays a failed transaction on its parent block's state and
// describes the revert.
func (e *env) whyFailed(tx *types.Transaction, r *types.Receipt) string {
	signer := types.LatestSignerForChainID(tx.ChainId())
	from, err := types.Sender(signer, tx)
	if err != nil {
		return err.Error()
	}
	ctx, cancel := e.callCtx()
	defer cancel()
	parent := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
	_, err = e.client.CallContract(ctx, ethereum.CallMsg{From: from, To: tx.To(), Data: tx.Data(), Gas: tx.Gas()}, parent)
	if err == nil {
		return "replay on the parent state succeeds"
	}
	if raw, ok := ethclient.RevertErrorData(err); ok {
		return describeRevert(raw)
	}
	return err.Error()
}

// describeRevert names the custom error in raw, whichever contract declares it.
func describeRevert(raw []byte) string {
	if len(raw) < 4 {
		return fmt.Sprintf("revert data %x", raw)
	}
	for _, unpack := range []func([]byte) (any, error){stakingABI.UnpackError, rewardsABI.UnpackError, tokenABI.UnpackError} {
		if v, err := unpack(raw); err == nil {
			return fmt.Sprintf("%T%+v", v, v)
		}
	}
	return fmt.Sprintf("unknown revert data %x", raw)
}

// revertData runs data from `from` against to as an eth_call on the latest
// block and returns the revert data. It fails the test if the call succeeds
// or fails without revert data. A nil to is a contract creation.
func (e *env) revertData(from common.Address, to *common.Address, data []byte) []byte {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	_, err := e.client.CallContract(ctx, ethereum.CallMsg{From: from, To: to, Data: data, Gas: txGasLimit}, nil)
	if err == nil {
		e.t.Fatalf("call from %s succeeded, want a revert", from)
	}
	raw, ok := ethclient.RevertErrorData(err)
	if !ok {
		e.t.Fatalf("call from %s failed without revert data: %v", from, err)
	}
	return raw
}

// decodeError decodes raw revert data with a binding's UnpackError and
// requires the error to be a T.
func decodeError[T any](t testing.TB, unpack func([]byte) (any, error), raw []byte) *T {
	t.Helper()
	if len(raw) < 4 {
		t.Fatalf("revert data %x holds no error selector", raw)
	}
	v, err := unpack(raw)
	if err != nil {
		t.Fatalf("revert data %x is not an error of this contract (%v); it is %s", raw, err, describeRevert(raw))
	}
	got, ok := v.(*T)
	if !ok {
		t.Fatalf("reverted with %T%+v, want %T", v, v, (*T)(nil))
	}
	return got
}

// callReverts requires the call to revert, in an eth_call on the latest
// block, with custom error T. Use it where the outcome depends on the block
// time, which differs for the next block.
func callReverts[T any](e *env, from *account, c *bind.BoundContract, data []byte, unpack func([]byte) (any, error)) *T {
	e.t.Helper()
	to := c.Address()
	return decodeError[T](e.t, unpack, e.revertData(from.addr, &to, data))
}

// reverts requires the call to revert with custom error T in an eth_call,
// then sends it as a transaction and requires the mined transaction to fail.
func reverts[T any](e *env, from *account, c *bind.BoundContract, data []byte, unpack func([]byte) (any, error)) *T {
	e.t.Helper()
	got := callReverts[T](e, from, c, data, unpack)
	r := e.mine(e.send(from, c, data))[0]
	if r.Status != types.ReceiptStatusFailed {
		e.t.Fatalf("transaction %s succeeded on chain although its eth_call reverted with %T", r.TxHash, got)
	}
	return got
}

// succeeds requires an eth_call of data to succeed on the latest block.
func (e *env) succeeds(from *account, c *bind.BoundContract, data []byte) {
	e.t.Helper()
	to := c.Address()
	ctx, cancel := e.callCtx()
	defer cancel()
	if _, err := e.client.CallContract(ctx, ethereum.CallMsg{From: from.addr, To: &to, Data: data, Gas: txGasLimit}, nil); err != nil {
		if raw, ok := ethclient.RevertErrorData(err); ok {
			e.t.Fatalf("call from %s reverted: %s", from.name, describeRevert(raw))
		}
		e.t.Fatalf("call from %s: %v", from.name, err)
	}
}

// view calls a view function on the latest block.
func view[T any](e *env, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		e.t.Fatalf("view call on %s: %v", c.Address(), err)
	}
	return v
}

// events returns the events of type T that addr emitted in r.
func events[T any](t testing.TB, r *types.Receipt, addr common.Address, unpack func(*types.Log) (*T, error)) []*T {
	t.Helper()
	var out []*T
	for _, l := range r.Logs {
		if l.Address != addr {
			continue
		}
		ev, err := unpack(l)
		if errors.Is(err, bind.ErrEventSignatureMismatch) {
			continue
		}
		if err != nil {
			t.Fatalf("unpack log %d: %v", l.Index, err)
		}
		out = append(out, ev)
	}
	return out
}

// event returns the single event of type T that addr emitted in r.
func event[T any](t testing.TB, r *types.Receipt, addr common.Address, unpack func(*types.Log) (*T, error)) *T {
	t.Helper()
	evs := events(t, r, addr, unpack)
	if len(evs) != 1 {
		t.Fatalf("%d %T events in %s, want 1", len(evs), (*T)(nil), r.TxHash)
	}
	return evs[0]
}

// ---- chain time ----

// now is the latest block's timestamp.
func (e *env) now() uint64 {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	h, err := e.client.HeaderByNumber(ctx, nil)
	if err != nil {
		e.t.Fatalf("latest header: %v", err)
	}
	return h.Time
}

// blockTime is the timestamp of r's block.
func (e *env) blockTime(r *types.Receipt) uint64 {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	h, err := e.client.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		e.t.Fatalf("header %s: %v", r.BlockHash, err)
	}
	return h.Time
}

// advanceTo seals an empty block with timestamp ts, so that eth_calls on the
// latest block run at ts.
func (e *env) advanceTo(ts uint64) {
	e.t.Helper()
	cur := e.now()
	if ts <= cur {
		e.t.Fatalf("advanceTo(%d): the chain is already at %d", ts, cur)
	}
	if err := e.chain.AdjustTime(time.Duration(ts-cur) * time.Second); err != nil {
		e.t.Fatalf("adjust time: %v", err)
	}
	if got := e.now(); got != ts {
		e.t.Fatalf("advanceTo(%d): head is at %d", ts, got)
	}
}

// ---- token ----

func (e *env) balance(a common.Address) *big.Int {
	e.t.Helper()
	return view(e, e.token, tokenABI.PackBalanceOf(a), tokenABI.UnpackBalanceOf)
}

func (e *env) ethBalance(a common.Address) *big.Int {
	e.t.Helper()
	ctx, cancel := e.callCtx()
	defer cancel()
	b, err := e.client.BalanceAt(ctx, a, nil)
	if err != nil {
		e.t.Fatalf("ether balance of %s: %v", a, err)
	}
	return b
}

// ---- staking ----

func (e *env) bond(s, p *account, amount *big.Int) *types.Receipt {
	e.t.Helper()
	return e.exec(s, e.staking, stakingABI.PackBond(p.addr, amount))
}

func (e *env) requestUnbond(s, p *account, amount *big.Int) *types.Receipt {
	e.t.Helper()
	return e.exec(s, e.staking, stakingABI.PackRequestUnbond(p.addr, amount))
}

func (e *env) bonded(s, p *account) *big.Int {
	e.t.Helper()
	return view(e, e.staking, stakingABI.PackBondedOf(s.addr, p.addr), stakingABI.UnpackBondedOf)
}

func (e *env) unbonding(s, p *account) bindings.UnbondingOfOutput {
	e.t.Helper()
	return view(e, e.staking, stakingABI.PackUnbondingOf(s.addr, p.addr), stakingABI.UnpackUnbondingOf)
}

func (e *env) stakersOf(p *account) []common.Address {
	e.t.Helper()
	return view(e, e.staking, stakingABI.PackStakersOf(p.addr), stakingABI.UnpackStakersOf)
}

// ---- rewards ----

func (e *env) latestActiveEpoch() uint64 {
	e.t.Helper()
	return view(e, e.rewards, rewardsABI.PackLatestActiveEpoch(), rewardsABI.UnpackLatestActiveEpoch)
}

func (e *env) claimed(a common.Address) *big.Int {
	e.t.Helper()
	return view(e, e.rewards, rewardsABI.PackClaimed(a), rewardsABI.UnpackClaimed)
}

func (e *env) rootOf(epoch uint64) bindings.SwarmRewardsRoot {
	e.t.Helper()
	return view(e, e.rewards, rewardsABI.PackRootOf(epoch), rewardsABI.UnpackRootOf)
}

// ---- numbers ----

// wei parses a decimal integer.
func wei(t testing.TB, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("bad integer %q", s)
	}
	return v
}

// swarm is n whole SWARM in wei.
func swarm(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func add(a, b *big.Int) *big.Int { return new(big.Int).Add(a, b) }
func sub(a, b *big.Int) *big.Int { return new(big.Int).Sub(a, b) }

// wantInt fails unless got == want.
func wantInt(t testing.TB, what string, got, want *big.Int) {
	t.Helper()
	if got == nil || got.Cmp(want) != 0 {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}
