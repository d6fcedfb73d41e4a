// Package ingest is the ledger's ingest pipeline, the same for the live stream
// (swarmd) and an exported log (swarmctl replay, the audit): it reads messages,
// runs the message-local checks (decode, hash, signature) on all cores, with
// the signature of a message identical to a committed accepted event (a
// duplicate) or to a message whose signature failed left unverified, folds
// the results in log order on one goroutine, and commits one synced Pebble
// batch per group of messages. A replay resumes from the ledger's checkpoint
// after verifying that the log's prefix hashes to the checkpoint's digest.
package ingest
