package chain

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// DefaultReceiptTimeout bounds the wait for a transaction's receipt.
const DefaultReceiptTimeout = 2 * time.Minute

// Client talks to one deployment of the contracts.
type Client struct {
	b       Backend
	chainID *big.Int
	Addr    Addresses

	token   *bindings.SwarmToken
	staking *bindings.SwarmStaking
	rewards *bindings.SwarmRewards

	// ReceiptTimeout bounds Send's wait for the receipt.
	ReceiptTimeout time.Duration
}

// NewClient checks that the backend is on the addresses' chain and that
// every contract has code, and returns a client.
func NewClient(ctx context.Context, b Backend, a Addresses) (*Client, error) {
	id, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if id.Uint64() != a.ChainID || !id.IsUint64() {
		return nil, fmt.Errorf("%w: the node is on chain %s, the addresses file is for chain %d", ErrWrongChain, id, a.ChainID)
	}
	for _, c := range []struct {
		name string
		addr common.Address
	}{{"token", a.Token}, {"staking", a.Staking}, {"rewards", a.Rewards}} {
		name, addr := c.name, c.addr
		code, err := b.CodeAt(ctx, addr, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		if len(code) == 0 {
			return nil, fmt.Errorf("%w: no %s contract at %s on chain %d (deploy with `swarmctl chain deploy`)", ErrContractsMissing, name, addr.Hex(), a.ChainID)
		}
	}
	return newClient(b, id, a), nil
}

func newClient(b Backend, id *big.Int, a Addresses) *Client {
	return &Client{
		b: b, chainID: id, Addr: a,
		token: bindings.NewSwarmToken(), staking: bindings.NewSwarmStaking(), rewards: bindings.NewSwarmRewards(),
		ReceiptTimeout: DefaultReceiptTimeout,
	}
}

// Backend is the node the client talks to.
func (c *Client) Backend() Backend { return c.b }

// Send estimates, signs, submits and waits for a transaction. A revert
// found by the estimate is returned as *RevertError and nothing is sent.
func (c *Client) Send(ctx context.Context, s *Signer, to *common.Address, data []byte) (*types.Receipt, error) {
	tx, err := submit(ctx, c.b, c.chainID, s, to, data, nil)
	if err != nil {
		return nil, err
	}
	return c.Wait(ctx, tx)
}

// Transfer sends wei (ETH) to an account.
func (c *Client) Transfer(ctx context.Context, s *Signer, to common.Address, wei *big.Int) (*types.Receipt, error) {
	tx, err := submit(ctx, c.b, c.chainID, s, &to, nil, wei)
	if err != nil {
		return nil, err
	}
	return c.Wait(ctx, tx)
}

func submit(ctx context.Context, b Backend, chainID *big.Int, s *Signer, to *common.Address, data []byte, value *big.Int) (*types.Transaction, error) {
	gas, err := b.EstimateGas(ctx, ethereum.CallMsg{From: s.addr, To: to, Data: data, Value: value})
	if err != nil {
		if r := revertFrom(err); r != nil {
			return nil, r
		}
		return nil, fmt.Errorf("chain: estimate gas: %w", err)
	}
	head, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	tip, err := b.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	s.mu.Lock()
	defer s.mu.Unlock()
	nonce, err := s.nextNonce(ctx, b)
	if err != nil {
		return nil, err
	}
	tx, err := types.SignNewTx(s.key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas + gas/5, To: to, Data: data, Value: value,
	})
	if err != nil {
		return nil, fmt.Errorf("chain: sign: %w", err)
	}
	if err := b.SendTransaction(ctx, tx); err != nil {
		s.known = false
		return nil, fmt.Errorf("chain: send: %w", err)
	}
	s.nonce++
	return tx, nil
}

// Wait polls for tx's receipt until ReceiptTimeout. A failed transaction
// returns the receipt and an error wrapping ErrReverted (decoded when the
// node can replay the call).
func (c *Client) Wait(ctx context.Context, tx *types.Transaction) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, c.ReceiptTimeout)
	defer cancel()
	// Poll from 20ms, backing off by half each time up to 1s. Errors other
	// than "not found" (e.g. a node still indexing) are retried until the
	// deadline.
	for delay := 20 * time.Millisecond; ; delay = min(delay+delay/2, time.Second) {
		r, err := c.b.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful {
				return r, c.explainFailure(ctx, tx, r)
			}
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: transaction %s (last error: %v)", ErrReceiptTimeout, tx.Hash().Hex(), err)
		case <-time.After(delay):
		}
	}
}

func (c *Client) explainFailure(ctx context.Context, tx *types.Transaction, r *types.Receipt) error {
	from, err := types.Sender(types.LatestSignerForChainID(c.chainID), tx)
	if err == nil {
		_, err = c.b.CallContract(ctx, ethereum.CallMsg{From: from, To: tx.To(), Data: tx.Data(), Gas: tx.Gas()}, r.BlockNumber)
		if rev := revertFrom(err); rev != nil {
			return fmt.Errorf("transaction %s: %w", tx.Hash().Hex(), rev)
		}
	}
	return fmt.Errorf("%w: transaction %s in block %d", ErrReverted, tx.Hash().Hex(), r.BlockNumber)
}

func (c *Client) call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	return c.callAt(ctx, to, data, nil)
}

// ---- node keys ----

// NodeKey returns the 32-byte Ed25519 key inside a node id (an nkey user
// public key, SPEC §1).
func NodeKey(id string) ([32]byte, error) {
	var k [32]byte
	raw, err := nkeys.Decode(nkeys.PrefixByteUser, []byte(id))
	if err != nil || len(raw) != 32 {
		return k, fmt.Errorf("chain: %q is not a node id (nkey user public key)", id)
	}
	copy(k[:], raw)
	return k, nil
}

// NodeID is the nkey user public key of a 32-byte Ed25519 key.
func NodeID(key [32]byte) string {
	id, err := nkeys.Encode(nkeys.PrefixByteUser, key[:])
	if err != nil {
		panic(err) // 32 bytes always encode
	}
	return string(id)
}

// ---- transactions ----

func (c *Client) sendStaking(ctx context.Context, s *Signer, data []byte) (*types.Receipt, error) {
	return c.Send(ctx, s, &c.Addr.Staking, data)
}

// AuthorizeNode makes s the provider of node id.
func (c *Client) AuthorizeNode(ctx context.Context, s *Signer, id string) (*types.Receipt, error) {
	k, err := NodeKey(id)
	if err != nil {
		return nil, err
	}
	return c.sendStaking(ctx, s, c.staking.PackAuthorizeNode(k))
}

// RevokeNode revokes s's authorization of node id.
func (c *Client) RevokeNode(ctx context.Context, s *Signer, id string) (*types.Receipt, error) {
	k, err := NodeKey(id)
	if err != nil {
		return nil, err
	}
	return c.sendStaking(ctx, s, c.staking.PackRevokeNode(k))
}

// Bond bonds amount behind provider, first approving the staking contract
// for what the current allowance lacks.
func (c *Client) Bond(ctx context.Context, s *Signer, provider common.Address, amount *big.Int) (*types.Receipt, error) {
	if amount.Sign() <= 0 {
		return nil, fmt.Errorf("%w: bond a positive amount", ErrBadAmount)
	}
	allowance, err := c.Allowance(ctx, s.addr, c.Addr.Staking)
	if err != nil {
		return nil, err
	}
	if allowance.Cmp(amount) < 0 {
		if _, err := c.Send(ctx, s, &c.Addr.Token, c.token.PackApprove(c.Addr.Staking, amount)); err != nil {
			return nil, fmt.Errorf("approve: %w", err)
		}
	}
	return c.sendStaking(ctx, s, c.staking.PackBond(provider, amount))
}

// RequestUnbond moves amount from bonded to unbonding.
func (c *Client) RequestUnbond(ctx context.Context, s *Signer, provider common.Address, amount *big.Int) (*types.Receipt, error) {
	if amount.Sign() <= 0 {
		return nil, fmt.Errorf("%w: unbond a positive amount", ErrBadAmount)
	}
	return c.sendStaking(ctx, s, c.staking.PackRequestUnbond(provider, amount))
}

// Withdraw withdraws s's released unbonding entry for provider.
func (c *Client) Withdraw(ctx context.Context, s *Signer, provider common.Address) (*types.Receipt, error) {
	return c.sendStaking(ctx, s, c.staking.PackWithdraw(provider))
}

// ProposeSlash proposes a decided slash (SLASHER_ROLE); it becomes
// executable slashDelay seconds later unless vetoed.
func (c *Client) ProposeSlash(ctx context.Context, s *Signer, provider common.Address, bp uint16, evidence [32]byte) (*types.Receipt, error) {
	return c.sendStaking(ctx, s, c.staking.PackProposeSlash(provider, bp, evidence))
}

// VetoSlash vetoes a proposed, not executed slash (GUARDIAN_ROLE).
func (c *Client) VetoSlash(ctx context.Context, s *Signer, evidence [32]byte) (*types.Receipt, error) {
	return c.sendStaking(ctx, s, c.staking.PackVetoSlash(evidence))
}

// ExecuteSlash executes a proposed slash from its executableAt on; anyone
// may send it.
func (c *Client) ExecuteSlash(ctx context.Context, s *Signer, evidence [32]byte) (*types.Receipt, error) {
	return c.sendStaking(ctx, s, c.staking.PackExecuteSlash(evidence))
}

// SubmitRoot anchors an epoch's root (SETTLER_ROLE).
func (c *Client) SubmitRoot(ctx context.Context, s *Signer, epoch uint64, root [32]byte, totalCumulative *big.Int, eventsDigest [32]byte) (*types.Receipt, error) {
	return c.Send(ctx, s, &c.Addr.Rewards, c.rewards.PackSubmitRoot(epoch, root, totalCumulative, eventsDigest))
}

// Claim pays earner its unclaimed rewards up to cumulative; s pays the gas.
func (c *Client) Claim(ctx context.Context, s *Signer, earner common.Address, cumulative *big.Int, proof [][32]byte) (*types.Receipt, error) {
	return c.Send(ctx, s, &c.Addr.Rewards, c.rewards.PackClaim(earner, cumulative, proof))
}

// Mint mints SWARM (MINTER_ROLE; development chains).
func (c *Client) Mint(ctx context.Context, s *Signer, to common.Address, amount *big.Int) (*types.Receipt, error) {
	return c.Send(ctx, s, &c.Addr.Token, c.token.PackMint(to, amount))
}

// ---- views ----

// BalanceOf is the SWARM balance of an account.
func (c *Client) BalanceOf(ctx context.Context, a common.Address) (*big.Int, error) {
	out, err := c.call(ctx, c.Addr.Token, c.token.PackBalanceOf(a))
	if err != nil {
		return nil, err
	}
	return c.token.UnpackBalanceOf(out)
}

// Allowance is what spender may move from owner's SWARM.
func (c *Client) Allowance(ctx context.Context, owner, spender common.Address) (*big.Int, error) {
	out, err := c.call(ctx, c.Addr.Token, c.token.PackAllowance(owner, spender))
	if err != nil {
		return nil, err
	}
	return c.token.UnpackAllowance(out)
}

// BondedOf is the stake staker has bonded behind provider.
func (c *Client) BondedOf(ctx context.Context, staker, provider common.Address) (*big.Int, error) {
	out, err := c.call(ctx, c.Addr.Staking, c.staking.PackBondedOf(staker, provider))
	if err != nil {
		return nil, err
	}
	return c.staking.UnpackBondedOf(out)
}

// UnbondingOf is staker's unbonding entry for provider.
func (c *Client) UnbondingOf(ctx context.Context, staker, provider common.Address) (amount *big.Int, releaseAt uint64, err error) {
	out, err := c.call(ctx, c.Addr.Staking, c.staking.PackUnbondingOf(staker, provider))
	if err != nil {
		return nil, 0, err
	}
	u, err := c.staking.UnpackUnbondingOf(out)
	if err != nil {
		return nil, 0, err
	}
	return u.Amount, u.ReleaseAt, nil
}

// Claimed is what earner has claimed so far.
func (c *Client) Claimed(ctx context.Context, earner common.Address) (*big.Int, error) {
	out, err := c.call(ctx, c.Addr.Rewards, c.rewards.PackClaimed(earner))
	if err != nil {
		return nil, err
	}
	return c.rewards.UnpackClaimed(out)
}

// LastEpoch is the newest epoch with a submitted root.
func (c *Client) LastEpoch(ctx context.Context) (uint64, error) {
	out, err := c.call(ctx, c.Addr.Rewards, c.rewards.PackLastEpoch())
	if err != nil {
		return 0, err
	}
	return c.rewards.UnpackLastEpoch(out)
}

// LatestActiveEpoch is the newest active, enabled root's epoch (0: none).
func (c *Client) LatestActiveEpoch(ctx context.Context) (uint64, error) {
	out, err := c.call(ctx, c.Addr.Rewards, c.rewards.PackLatestActiveEpoch())
	if err != nil {
		return 0, err
	}
	return c.rewards.UnpackLatestActiveEpoch(out)
}

// RootOf is the root record of an epoch (zero if not submitted).
func (c *Client) RootOf(ctx context.Context, epoch uint64) (bindings.SwarmRewardsRoot, error) {
	out, err := c.call(ctx, c.Addr.Rewards, c.rewards.PackRootOf(epoch))
	if err != nil {
		return bindings.SwarmRewardsRoot{}, err
	}
	return c.rewards.UnpackRootOf(out)
}

// SlashOf is the staking contract's record of the slash with this evidence
// (State SlashNone if it was never proposed).
func (c *Client) SlashOf(ctx context.Context, evidence [32]byte) (SlashRecord, error) {
	return c.SlashOfAt(ctx, evidence, nil)
}
