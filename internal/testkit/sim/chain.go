package sim

import (
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
)

// txKind is a contract call of SPEC §10.
type txKind int

const (
	txAuthorize txKind = iota
	txRevoke
	txBond
	txUnbond
	txWithdraw
	txProposeSlash
	txExecuteSlash
	txClaim
	txSubmitRoot
)

// tx is one transaction: who sends it and its arguments.
type tx struct {
	kind       txKind
	hash       common.Hash
	eth        *types.Transaction // what the sender holds: its hash is hash
	from       string
	provider   string
	node       [32]byte
	amount     *big.Int
	bp         uint64
	evidence   common.Hash
	epoch      uint64
	root       common.Hash
	total      *big.Int
	digest     common.Hash
	cumulative *big.Int
}

type stakeKey struct{ staker, provider string }

// slashRec is slashOf(evidence): SPEC §10.2's due process.
type slashRec struct {
	provider     string
	bp           uint64
	executableAt uint64 // Unix seconds
	state        chain.SlashState
}

// contractState is SwarmStaking and SwarmRewards as far as their logs go.
type contractState struct {
	auth      map[[32]byte]string
	bonded    map[stakeKey]*big.Int
	unbonding map[stakeKey]*big.Int
	releaseAt map[stakeKey]uint64
	stakers   map[string][]string // provider → stakers, in first-bond order
	slashes   map[common.Hash]slashRec
	claimed   map[string]*big.Int
	roots     []uint64 // the block of epoch k's root at k-1
}

func newContractState() *contractState {
	return &contractState{auth: map[[32]byte]string{}, bonded: map[stakeKey]*big.Int{},
		unbonding: map[stakeKey]*big.Int{}, releaseAt: map[stakeKey]uint64{}, stakers: map[string][]string{},
		slashes: map[common.Hash]slashRec{}, claimed: map[string]*big.Int{}}
}

// clone copies the state; amounts are never mutated in place, so sharing
// the *big.Int values is safe.
func (s *contractState) clone() *contractState {
	c := &contractState{auth: maps.Clone(s.auth), bonded: maps.Clone(s.bonded), unbonding: maps.Clone(s.unbonding),
		releaseAt: maps.Clone(s.releaseAt), stakers: map[string][]string{}, slashes: maps.Clone(s.slashes),
		claimed: maps.Clone(s.claimed), roots: slices.Clone(s.roots)}
	for p, l := range s.stakers {
		c.stakers[p] = slices.Clone(l)
	}
	return c
}

func amountOf(m map[stakeKey]*big.Int, k stakeKey) *big.Int {
	if v := m[k]; v != nil {
		return v
	}
	return new(big.Int)
}

// block is one canonical block with the state after it.
type block struct {
	header   *types.Header
	hash     common.Hash
	txs      []*tx
	reverted map[common.Hash]bool // transactions the contracts refused
	logs     []types.Log
	state    *contractState
}

// chainSim is the EVM chain: blocks of executed transactions, a mempool,
// reorgs of the blocks that are not final yet.
type chainSim struct {
	seed    uint64
	blocks  []*block // canonical; blocks[0] is genesis
	mempool []*tx
	branch  uint64 // bumped by each reorg, so replaced blocks hash differently
	txs     uint64
	staking common.Address
	rewards common.Address
	abis    map[string]abi.Event
	reorgs  int
	maxTx   int // transactions per block
}

func newChainSim(seed uint64) *chainSim {
	c := &chainSim{seed: seed, abis: map[string]abi.Event{}, maxTx: 4,
		staking: common.HexToAddress("0x5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a01"),
		rewards: common.HexToAddress("0x5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a02")}
	sa, ra := bindings.NewSwarmStaking().GetABI(), bindings.NewSwarmRewards().GetABI()
	for _, n := range []string{"NodeAuthorized", "NodeRevoked", "Bonded", "UnbondRequested", "Withdrawn", "SlashProposed", "Slashed"} {
		c.abis[n] = sa.Events[n]
	}
	c.abis["Claimed"] = ra.Events["Claimed"]
	c.abis["RootSubmitted"] = ra.Events["RootSubmitted"]
	genesis := &types.Header{Number: big.NewInt(0), Time: genesisMs / 1000, Difficulty: new(big.Int)}
	c.blocks = []*block{{header: genesis, hash: genesis.Hash(), state: newContractState()}}
	return c
}

func (c *chainSim) head() *block { return c.blocks[len(c.blocks)-1] }

// headNumber is the number of the newest block.
func (c *chainSim) headNumber() uint64 { return uint64(len(c.blocks) - 1) }

// final is the newest block with confirmations blocks on top of it.
func (c *chainSim) final() uint64 {
	return c.headNumber() - min(c.headNumber(), confirmations)
}

// state is the contracts' state at the head.
func (c *chainSim) state() *contractState { return c.head().state }

// submit adds a transaction to the mempool and returns it as its sender
// holds it.
func (c *chainSim) submit(t *tx) *types.Transaction {
	c.txs++
	t.eth = types.NewTx(&types.LegacyTx{Nonce: c.txs, Data: fmt.Appendf(nil, "swarm-sim-tx/%d/%d", c.seed, c.txs)})
	t.hash = t.eth.Hash()
	c.mempool = append(c.mempool, t)
	return t.eth
}

// pending reports whether a mempool transaction matches.
func (c *chainSim) pending(match func(*tx) bool) bool {
	return slices.ContainsFunc(c.mempool, match)
}

// refused reports whether the contracts would revert t against the pending
// state (the head's with the mempool executed on it, at the head's time),
// as gas estimation sees it.
func (c *chainSim) refused(t *tx) bool {
	s, h := c.state().clone(), c.head().header
	num := h.Number.Uint64() + 1
	for _, m := range c.mempool {
		c.exec(s, m, num, h.Time)
	}
	return len(c.exec(s, t, num, h.Time)) == 0
}

// mine seals a block of up to maxTx mempool transactions at time nowMs.
func (c *chainSim) mine(nowMs uint64) {
	parent := c.head()
	h := &types.Header{ParentHash: parent.hash, Number: new(big.Int).SetUint64(c.headNumber() + 1),
		Time: max(parent.header.Time+1, nowMs/1000), Difficulty: new(big.Int), Extra: fmt.Appendf(nil, "branch-%d", c.branch)}
	b := &block{header: h, hash: h.Hash(), state: parent.state.clone(), reverted: map[common.Hash]bool{}}
	n := min(len(c.mempool), c.maxTx)
	b.txs, c.mempool = c.mempool[:n:n], c.mempool[n:]
	for i, t := range b.txs {
		logs := c.exec(b.state, t, h.Number.Uint64(), h.Time)
		if len(logs) == 0 {
			b.reverted[t.hash] = true
		}
		for _, lg := range logs {
			lg.BlockNumber, lg.BlockHash, lg.TxHash, lg.TxIndex = h.Number.Uint64(), b.hash, t.hash, uint(i)
			lg.Index = uint(len(b.logs))
			b.logs = append(b.logs, lg)
		}
	}
	c.blocks = append(c.blocks, b)
}

// reorg replaces the newest depth blocks (never a final one) by a longer
// branch: their transactions return to the mempool, some are abandoned.
func (c *chainSim) reorg(depth int, keep func() bool) {
	depth = min(depth, confirmations, len(c.blocks)-1)
	if depth == 0 {
		return
	}
	cut := len(c.blocks) - depth
	var back []*tx
	for _, b := range c.blocks[cut:] {
		for _, t := range b.txs {
			if keep() {
				back = append(back, t)
			}
		}
	}
	nowMs := c.head().header.Time * 1000
	c.blocks = c.blocks[:cut]
	c.mempool = append(back, c.mempool...)
	c.branch++
	c.reorgs++
	for range depth + 1 {
		c.mine(nowMs)
	}
}

// exec runs t against s in block num at time timeS; a call the contract
// would revert emits nothing and changes nothing.
func (c *chainSim) exec(s *contractState, t *tx, num, timeS uint64) []types.Log {
	switch t.kind {
	case txAuthorize:
		if s.auth[t.node] != "" {
			return nil
		}
		s.auth[t.node] = t.from
		return c.log(c.staking, "NodeAuthorized", []any{addr(t.from)}, t.node)
	case txRevoke:
		if s.auth[t.node] != t.from {
			return nil
		}
		delete(s.auth, t.node)
		return c.log(c.staking, "NodeRevoked", []any{addr(t.from)}, t.node)
	case txBond, txUnbond, txWithdraw:
		return c.execStake(s, t, timeS)
	case txProposeSlash:
		if s.slashes[t.evidence].state != chain.SlashNone || t.bp == 0 || t.bp > 10000 {
			return nil
		}
		s.slashes[t.evidence] = slashRec{provider: t.provider, bp: t.bp, executableAt: timeS + slashDelayS, state: chain.SlashProposed}
		return c.log(c.staking, "SlashProposed", []any{addr(t.provider), [32]byte(t.evidence)}, uint16(t.bp), timeS+slashDelayS)
	case txExecuteSlash:
		return c.execSlash(s, t, timeS)
	case txClaim:
		return c.execClaim(s, t)
	case txSubmitRoot:
		if t.epoch != uint64(len(s.roots))+1 {
			return nil
		}
		s.roots = append(s.roots, num)
		return c.log(c.rewards, "RootSubmitted", []any{t.epoch}, [32]byte(t.root), t.total, [32]byte(t.digest), timeS)
	}
	panic(fmt.Sprintf("sim: transaction kind %d", t.kind))
}

func (c *chainSim) execStake(s *contractState, t *tx, timeS uint64) []types.Log {
	k := stakeKey{staker: t.from, provider: t.provider}
	bonded, unbonding := amountOf(s.bonded, k), amountOf(s.unbonding, k)
	switch t.kind {
	case txBond:
		if t.amount.Sign() <= 0 {
			return nil
		}
		if _, ok := s.bonded[k]; !ok {
			s.stakers[t.provider] = append(s.stakers[t.provider], t.from)
		}
		s.bonded[k] = new(big.Int).Add(bonded, t.amount)
		return c.log(c.staking, "Bonded", []any{addr(t.from), addr(t.provider)}, t.amount)
	case txUnbond:
		if t.amount.Sign() <= 0 || bonded.Cmp(t.amount) < 0 {
			return nil
		}
		s.bonded[k] = new(big.Int).Sub(bonded, t.amount)
		s.unbonding[k] = new(big.Int).Add(unbonding, t.amount)
		s.releaseAt[k] = timeS + unbondingS
		return c.log(c.staking, "UnbondRequested", []any{addr(t.from), addr(t.provider)}, t.amount, s.releaseAt[k])
	default:
		if unbonding.Sign() == 0 || timeS < s.releaseAt[k] {
			return nil
		}
		s.unbonding[k] = new(big.Int)
		return c.log(c.staking, "Withdrawn", []any{addr(t.from), addr(t.provider)}, unbonding)
	}
}

// execSlash executes a proposed slash whose delay has passed: SPEC §6.5
// applied to every staker of the provider.
func (c *chainSim) execSlash(s *contractState, t *tx, timeS uint64) []types.Log {
	rec := s.slashes[t.evidence]
	if rec.state != chain.SlashProposed || timeS < rec.executableAt {
		return nil
	}
	rec.state = chain.SlashExecuted
	s.slashes[t.evidence] = rec
	total := new(big.Int)
	cut := func(m map[stakeKey]*big.Int, k stakeKey) {
		v := amountOf(m, k)
		d := new(big.Int).Quo(new(big.Int).Mul(v, new(big.Int).SetUint64(rec.bp)), big.NewInt(10000))
		m[k] = new(big.Int).Sub(v, d)
		total.Add(total, d)
	}
	for _, staker := range s.stakers[rec.provider] {
		k := stakeKey{staker: staker, provider: rec.provider}
		cut(s.bonded, k)
		cut(s.unbonding, k)
	}
	return c.log(c.staking, "Slashed", []any{addr(rec.provider)}, uint16(rec.bp), [32]byte(t.evidence), total)
}

// execClaim pays cumulative − claimed against the newest root, which must
// be the root the claimant's proof is for.
func (c *chainSim) execClaim(s *contractState, t *tx) []types.Log {
	prev := s.claimed[t.from]
	if prev == nil {
		prev = new(big.Int)
	}
	if t.epoch != uint64(len(s.roots)) || t.cumulative.Cmp(prev) <= 0 {
		return nil
	}
	s.claimed[t.from] = t.cumulative
	return c.log(c.rewards, "Claimed", []any{addr(t.from)}, new(big.Int).Sub(t.cumulative, prev), t.cumulative)
}

func addr(s string) common.Address { return common.HexToAddress(s) }

// log ABI-encodes one contract event: indexed arguments (addresses, uint64s,
// bytes32) as topics, the rest as data, as the EVM would.
func (c *chainSim) log(contract common.Address, name string, indexed []any, data ...any) []types.Log {
	ev, ok := c.abis[name]
	if !ok {
		panic("sim: no ABI for event " + name)
	}
	topics := []common.Hash{ev.ID}
	for _, v := range indexed {
		switch v := v.(type) {
		case common.Address:
			topics = append(topics, common.BytesToHash(v.Bytes()))
		case uint64:
			topics = append(topics, common.BigToHash(new(big.Int).SetUint64(v)))
		case [32]byte:
			topics = append(topics, common.Hash(v))
		default:
			panic(fmt.Sprintf("sim: indexed argument of type %T", v))
		}
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	if err != nil {
		panic(fmt.Errorf("sim: pack %s: %w", name, err))
	}
	return []types.Log{{Address: contract, Topics: topics, Data: packed}}
}
