// Package publisher is the node agent's (and scheduler simulator's) path to
// the log: it signs events with the source's nkey, assigns each the next seq,
// and persists the signed message together with the next seq in one synced
// Pebble batch before any publish attempt. A drainer publishes the spooled
// messages in seq order with Nats-Msg-Id = event id and waits for each
// PubAck before deleting it; while NATS is unreachable the spool grows, up
// to a bound, and drains in order on reconnect.
//
// Guarantees: a seq is never reused across restarts; a message is never
// re-signed differently (a retry after a crash republishes the same bytes,
// which JetStream and the ledger treat as duplicates, never as an
// equivocation); the spool never holds more than MaxSpooled messages
// (Publish returns ErrSpoolFull instead).
package publisher
