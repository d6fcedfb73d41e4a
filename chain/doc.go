// Package chain is the on-chain half of Swarm (SPEC §10): the contracts
// (Solidity sources and artifacts in contracts/, abigen bindings in
// bindings/), a client over any Ethereum JSON-RPC endpoint or the embedded
// simulated chain (simchain/), deployment, and the watcher that turns final
// contract logs into SPEC §4.3 chain events.
//
// Contracts of this package:
//   - Money is *big.Int atto-SWARM; human amounts are parsed and shown only
//     through ParseAmount and FormatAmount, exactly (no floats).
//   - Keys come from files (LoadKey), never from command lines.
//   - A Signer hands out nonces in order under a lock and re-reads the
//     pending nonce after any failed send, so a failure never leaves a gap.
//   - Every transaction is estimated first: a revert is reported before
//     anything is sent, decoded into the contract's custom error
//     (RevertError).
//   - The watcher emits a chain event only for a log in a block at or below
//     the finality point (the node's `finalized` block, else head minus
//     Confirmations), in chain order, with every field derived from the log
//     and its block, so a restart republishes identical bytes; its cursor
//     advances only after the sink has accepted every event up to it.
//   - Deploy refuses (ErrBadDeployConfig) a configuration that lets stake
//     leave before a slash can execute: the unbonding period must exceed
//     the slash delay plus one epoch (SPEC §10.2).
//   - The package knows nothing about rewards: it anchors what it is given.
package chain
