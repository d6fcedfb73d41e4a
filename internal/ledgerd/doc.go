// Package ledgerd is the ledger service behind `swarmd run`: it starts an
// embedded NATS JetStream server or connects to an external one, creates or
// verifies the SWARM stream, opens the Pebble state and folds the stream from
// the state's checkpoint + 1 with the replay pipeline (parallel checks, one
// folding goroutine, one synced batch per fetched batch). A gap in the
// stream's sequence stops folding with a loud alarm: a log line, the
// swarm_ledger_gaps_total metric and swarm_ledger_folding = 0.
package ledgerd
