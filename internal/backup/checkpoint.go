package backup

import (
	"errors"

	"github.com/swarm-ledger/swarm/chain"
)

// Files a state checkpoint directory holds.
const (
	CheckpointLedgerDir      = "ledger"
	CheckpointProjectionsDir = "projections"
	CheckpointParamsFile     = "params.json"
	CheckpointAddressesFile  = "addresses.json"
	CheckpointCursorFile     = "chain-cursor.json"
)

// ErrCheckpointRequest marks a checkpoint request that cannot be served
// (a relative or existing directory).
var ErrCheckpointRequest = errors.New("backup: bad checkpoint request")

// CheckpointRequest is the admin endpoint's request body.
type CheckpointRequest struct {
	// Dir is an absolute directory that must not exist; swarmd creates it.
	Dir string `json:"dir"`
}

// StateCheckpoint describes the checkpoint the running swarmd wrote
// (ledgerd.Service.WriteCheckpoint, the answer of its admin endpoint).
type StateCheckpoint struct {
	Dir string `json:"dir"`
	// Ledger: the fold's committed state in Dir/ledger.
	Position   uint64 `json:"position"`
	Digest     string `json:"events_digest"`
	StateHash  string `json:"state_hash"`
	LastClosed uint64 `json:"last_closed"`
	// Projections: each read model's checkpoint in Dir/projections, at or
	// before Position.
	Projections map[string]uint64 `json:"projections"`
	// Chain: the contracts and the watcher's cursor, when swarmd watches a
	// chain (the cursor is read before the checkpoints, so the stream holds
	// every chain event up to it).
	Addresses *chain.Addresses `json:"addresses,omitempty"`
	Cursor    *chain.Position  `json:"chain_cursor,omitempty"`
}
