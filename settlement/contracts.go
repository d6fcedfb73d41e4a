package settlement

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
)

// Contracts is everything the settler does on chain: the reads, the
// transactions it sends without waiting for them to be mined, and the wait
// for a receipt. OnClient implements it on a *chain.Client with a
// *chain.Signer; the deterministic simulation implements it on its model
// of the chain.
type Contracts interface {
	// LastEpoch is the rewards contract's lastEpoch at the head.
	LastEpoch(ctx context.Context) (uint64, error)
	// FindRootSubmitted returns the RootSubmitted record of epoch in
	// blocks from..head (chain.ErrNoRootRecord if there is none).
	FindRootSubmitted(ctx context.Context, epoch, from uint64) (chain.RootRecord, error)
	// SlashOfAt is the staking contract's slashOf(evidence) as of block
	// (nil: the head).
	SlashOfAt(ctx context.Context, evidence [32]byte, block *big.Int) (chain.SlashRecord, error)
	// FinalBlock is the newest block SPEC §10.4 treats as final.
	FinalBlock(ctx context.Context) (uint64, error)
	// HeaderByNumber is the canonical header at number (nil: the head).
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)

	// The sends sign and send a transaction without waiting for it to be
	// mined. A call the contract would refuse returns a *chain.RevertError
	// naming the contract's error.

	// SubmitRoot sends submitRoot(a.Epoch, a.Root, a.TotalCumulative,
	// a.EventsDigest).
	SubmitRoot(ctx context.Context, a aggregates.Anchor) (*types.Transaction, error)
	// ProposeSlash sends proposeSlash(provider, bp, evidence).
	ProposeSlash(ctx context.Context, provider common.Address, bp uint16, evidence [32]byte) (*types.Transaction, error)
	// ExecuteSlash sends executeSlash(evidence).
	ExecuteSlash(ctx context.Context, evidence [32]byte) (*types.Transaction, error)

	// Wait waits for a sent transaction's receipt; a reverted transaction
	// returns an error wrapping chain.ErrReverted.
	Wait(ctx context.Context, tx *types.Transaction) (*types.Receipt, error)
}

// OnClient is Contracts on a chain client: reads through c, transactions
// signed by s, final blocks by finality (confirmations deep when the node
// reports none).
func OnClient(c *chain.Client, s *chain.Signer, finality chain.Finality, confirmations uint64) Contracts {
	return &clientContracts{Client: c, signer: s, finality: finality, confirmations: confirmations}
}

// clientContracts is OnClient's implementation; the reads and Wait are
// *chain.Client's own methods.
type clientContracts struct {
	*chain.Client
	signer        *chain.Signer
	finality      chain.Finality
	confirmations uint64
}

func (c *clientContracts) FinalBlock(ctx context.Context) (uint64, error) {
	return chain.FinalBlock(ctx, c.Backend(), c.finality, c.confirmations)
}

func (c *clientContracts) HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error) {
	return c.Backend().HeaderByNumber(ctx, number)
}

func (c *clientContracts) SubmitRoot(ctx context.Context, a aggregates.Anchor) (*types.Transaction, error) {
	return c.SubmitRootTx(ctx, c.signer, a.Epoch, a.Root, a.TotalCumulative, a.EventsDigest)
}

func (c *clientContracts) ProposeSlash(ctx context.Context, provider common.Address, bp uint16, evidence [32]byte) (*types.Transaction, error) {
	return c.ProposeSlashTx(ctx, c.signer, provider, bp, evidence)
}

func (c *clientContracts) ExecuteSlash(ctx context.Context, evidence [32]byte) (*types.Transaction, error) {
	return c.ExecuteSlashTx(ctx, c.signer, evidence)
}
