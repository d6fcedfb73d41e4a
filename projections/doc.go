// Package projections holds the read models of the ledger: earnings,
// staking, epochs, slashes and jails, and the scheduler catalog; the HTTP
// read API (/v1, with its OpenAPI document) and the NATS micro service that
// answer from them.
//
// Contracts:
//   - A projection is fed the log in order, one Record per message: the
//     message's decoded event and the verdict the ledger gave it (read from
//     the ledger's verdict journal, aggregates.Ledger.Verdicts). A record is
//     handed to a projection only after the ledger has committed it, so a
//     projection never runs ahead of the ledger.
//   - With Config.HandOff (swarmd) the serving generations are fed the
//     fold's own committed batches (Engine.Committed: its decoded messages
//     and verdicts), so the log is read and decoded once; they read the log
//     only for positions no handed-over batch covers (behind the ledger at
//     start, batches dropped past 64 queued). Rebuilds always read the log.
//   - Where a projection needs what the ledger's rules decided (a node's
//     jail, a stake position after a slash), it reads the ledger's committed
//     state (aggregates' Committed* readers) instead of re-deriving the
//     rules. That state may be a little ahead of the projection's
//     checkpoint; once both have caught up, a projection is a function of
//     the log alone, and a rebuild from zero answers exactly as the
//     projection it replaces.
//   - Each projection has its own checkpoint, written in the same Pebble
//     batch as the changes it covers (one store, DATA/projections). The
//     store writes without fsync: a projection is derived data, and a crash
//     can only lose a suffix of batches, which it re-applies from its
//     checkpoint.
//   - The store carries its format version (StoreFormat, key x/format,
//     package storeformat): a store written before versions is format 1,
//     written at its first open; a store of a newer format is refused by
//     Open and InspectCheckpoint, naming both versions, and left untouched.
//   - Rebuilding writes a new generation beside the serving one from the
//     start of the log; reads stay on the old generation until the new one
//     has reached it, then move over in one batch that also deletes the old
//     one. A rebuild interrupted by a restart resumes from its own
//     checkpoint.
//   - Projections read no clock. Health (heartbeat age) is judged at query
//     time against the caller's clock; events/s is measured on the wall
//     clock for display only.
//   - Queries read one Pebble snapshot per projection, so an answer is
//     consistent within each projection; none of them takes a lock the
//     feed holds for more than a map lookup.
package projections
