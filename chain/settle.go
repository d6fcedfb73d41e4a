package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// What the settlement needs beyond Client's one-call methods: transactions
// it can observe between sending and mining, views at a given block, and
// the record of an anchored root.

// SubmitRootTx signs and sends submitRoot without waiting for it to be
// mined; Wait then awaits its receipt.
func (c *Client) SubmitRootTx(ctx context.Context, s *Signer, epoch uint64, root [32]byte, totalCumulative *big.Int, eventsDigest [32]byte) (*types.Transaction, error) {
	return submit(ctx, c.b, c.chainID, s, &c.Addr.Rewards, c.rewards.PackSubmitRoot(epoch, root, totalCumulative, eventsDigest), nil)
}

// ProposeSlashTx signs and sends proposeSlash without waiting for it to be
// mined.
func (c *Client) ProposeSlashTx(ctx context.Context, s *Signer, provider common.Address, bp uint16, evidence [32]byte) (*types.Transaction, error) {
	return submit(ctx, c.b, c.chainID, s, &c.Addr.Staking, c.staking.PackProposeSlash(provider, bp, evidence), nil)
}

// ExecuteSlashTx signs and sends executeSlash without waiting for it to be
// mined.
func (c *Client) ExecuteSlashTx(ctx context.Context, s *Signer, evidence [32]byte) (*types.Transaction, error) {
	return submit(ctx, c.b, c.chainID, s, &c.Addr.Staking, c.staking.PackExecuteSlash(evidence), nil)
}

// SlashState is a slash's state in the staking contract (slashOf).
type SlashState uint8

// The states of slashOf, SPEC §10.2.
const (
	SlashNone SlashState = iota
	SlashProposed
	SlashVetoed
	SlashExecuted
)

func (s SlashState) String() string {
	switch s {
	case SlashNone:
		return "none"
	case SlashProposed:
		return "proposed"
	case SlashVetoed:
		return "vetoed"
	case SlashExecuted:
		return "executed"
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// SlashRecord is slashOf(evidence).
type SlashRecord struct {
	Provider     common.Address
	BP           uint16
	ExecutableAt uint64 // Unix seconds
	State        SlashState
}

// SlashOfAt is SlashOf as of block (nil: the latest).
func (c *Client) SlashOfAt(ctx context.Context, evidence [32]byte, block *big.Int) (SlashRecord, error) {
	out, err := c.callAt(ctx, c.Addr.Staking, c.staking.PackSlashOf(evidence), block)
	if err != nil {
		return SlashRecord{}, err
	}
	r, err := c.staking.UnpackSlashOf(out)
	if err != nil {
		return SlashRecord{}, fmt.Errorf("chain: slashOf: %w", err)
	}
	return SlashRecord{Provider: r.Provider, BP: r.Bp, ExecutableAt: r.ExecutableAt, State: SlashState(r.State)}, nil
}

// SlashDelay is the staking contract's slashDelay.
func (c *Client) SlashDelay(ctx context.Context) (time.Duration, error) {
	out, err := c.call(ctx, c.Addr.Staking, c.staking.PackSlashDelay())
	if err != nil {
		return 0, err
	}
	d, err := c.staking.UnpackSlashDelay(out)
	if err != nil {
		return 0, fmt.Errorf("chain: slashDelay: %w", err)
	}
	return time.Duration(d) * time.Second, nil
}

func (c *Client) callAt(ctx context.Context, to common.Address, data []byte, block *big.Int) ([]byte, error) {
	out, err := c.b.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		if r := revertFrom(err); r != nil {
			return nil, r
		}
		return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	return out, nil
}

// RootRecord is one RootSubmitted log.
type RootRecord struct {
	Epoch           uint64
	Root            common.Hash
	TotalCumulative *big.Int
	EventsDigest    common.Hash
	ActivatesAt     uint64
	Tx              common.Hash
	Block           uint64
	BlockHash       common.Hash
}

// ErrNoRootRecord is returned when no RootSubmitted log of an epoch exists
// in the searched blocks.
var ErrNoRootRecord = errors.New("chain: no RootSubmitted log for the epoch")

// RootRecords reads the rewards contract's RootSubmitted logs from block
// from (at least the deploy block) to the head; with epochs, only those
// epochs' logs (the epoch is an indexed topic).
func RootRecords(ctx context.Context, b Backend, a Addresses, from uint64, epochs ...uint64) ([]RootRecord, error) {
	rw := bindings.NewSwarmRewards()
	topics := [][]common.Hash{{rw.GetABI().Events["RootSubmitted"].ID}}
	if len(epochs) > 0 {
		var ks []common.Hash
		for _, k := range epochs {
			ks = append(ks, common.BigToHash(new(big.Int).SetUint64(k)))
		}
		topics = append(topics, ks)
	}
	logs, err := b.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(max(from, a.DeployBlock)),
		Addresses: []common.Address{a.Rewards},
		Topics:    topics,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: RootSubmitted logs: %w", ErrUnreachable, err)
	}
	var out []RootRecord
	for i := range logs {
		if logs[i].Removed {
			continue
		}
		e, err := rw.UnpackRootSubmittedEvent(&logs[i])
		if err != nil {
			return nil, fmt.Errorf("chain: RootSubmitted in block %d: %w", logs[i].BlockNumber, err)
		}
		out = append(out, RootRecord{Epoch: e.Epoch, Root: e.Root, TotalCumulative: e.TotalCumulative, EventsDigest: e.EventsDigest,
			ActivatesAt: e.ActivatesAt, Tx: logs[i].TxHash, Block: logs[i].BlockNumber, BlockHash: logs[i].BlockHash})
	}
	return out, nil
}

// FindRootSubmitted returns the RootSubmitted log of epoch in blocks
// from..latest (the contract accepts one root per epoch, so there is at
// most one).
func (c *Client) FindRootSubmitted(ctx context.Context, epoch, from uint64) (RootRecord, error) {
	return FindRootSubmitted(ctx, c.b, c.Addr, epoch, from)
}

// FindRootSubmitted is Client.FindRootSubmitted on a backend b with the
// contracts at a.
func FindRootSubmitted(ctx context.Context, b Backend, a Addresses, epoch, from uint64) (RootRecord, error) {
	recs, err := RootRecords(ctx, b, a, from, epoch)
	if err != nil {
		return RootRecord{}, err
	}
	for _, r := range recs {
		if r.Epoch == epoch {
			return r, nil
		}
	}
	return RootRecord{}, fmt.Errorf("%w %d from block %d", ErrNoRootRecord, epoch, from)
}

// FinalBlock is the newest block SPEC §10.4 treats as final: the node's
// finalized block under FinalityAuto when it reports one, else head −
// confirmations.
func FinalBlock(ctx context.Context, b Backend, f Finality, confirmations uint64) (uint64, error) {
	if f == FinalityAuto {
		h, err := b.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		if err == nil && h != nil {
			return h.Number.Uint64(), nil
		}
		var rerr rpc.Error
		if err != nil && !errors.As(err, &rerr) && !errors.Is(err, ethereum.NotFound) {
			return 0, fmt.Errorf("%w: finalized block: %w", ErrUnreachable, err)
		}
		// The node reports no finalized block: fall back to confirmations.
	}
	head, err := b.BlockNumber(ctx)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if head < confirmations {
		return 0, nil
	}
	return head - confirmations, nil
}
