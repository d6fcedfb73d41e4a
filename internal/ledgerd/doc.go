// Package ledgerd is the ledger service behind `swarmd run`: it starts an
// embedded NATS JetStream server or connects to an external one, creates or
// verifies the SWARM stream, opens the Pebble state and folds the stream from
// the state's checkpoint + 1 with the replay pipeline (parallel checks, one
// folding goroutine, one synced batch per fetched batch). A gap in the
// stream's sequence stops folding with a loud alarm: a log line, the
// swarm_ledger_gaps_total metric and swarm_ledger_folding = 0.
//
// With a chain, every replica campaigns for the leader lease (a JetStream KV
// key with a TTL); only the holder runs the chain watcher and, with a
// settler key, the settlement loop (package settlement). The watcher's
// cursor lives in a replicated KV bucket so the next leader resumes it. The
// read API (/v1) serves only the committed state (aggregates.View and
// CommittedEpoch), never the fold's working set. Beside it, the loopback-only
// admin endpoint CheckpointPath writes Pebble checkpoints of the ledger and
// the projections for a backup (package backup).
package ledgerd
