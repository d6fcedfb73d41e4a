// Package backup takes and restores consistent backups of a running
// deployment (swarmctl backup, swarmctl restore).
//
// A backup directory holds:
//
//	state/ledger/          a Pebble checkpoint of the fold's committed state, at position P
//	state/projections/     a Pebble checkpoint of the read models, each at or before P
//	state/params.json      the parameters the state was folded with (canonical bytes)
//	state/addresses.json   the contract addresses, when swarmd watches a chain
//	state/chain-cursor.json the chain watcher's cursor, when it has one
//	stream.ndjson          the stream's messages 1..S in the SPEC §8 export format, S ≥ P
//	manifest.json          format version, S and the events digest at S, P with its
//	                       digest and state hash, the projections' checkpoints, versions
//	SHA256SUMS             a SHA-256 checksum of every other file (sha256sum -c format)
//
// The running swarmd writes state/ (its admin endpoint, ledgerd.CheckpointPath:
// the stores are checkpointed by the process that owns them, projections
// before the ledger); swarmctl then exports the stream, which by then ends
// at or after P, checks that its digest at P is the checkpoint's, and
// writes the manifest and the checksums.
//
// Restore verifies everything first (every checksum, no file missing or
// extra, the manifest's version, the stream's length and digests, the
// checkpoints' positions, digests and state hashes) and refuses with
// ErrInvalid before writing anything. It then builds the data directory in
// a temporary sibling: an embedded JetStream store whose SWARM stream gets
// the same messages in the same order (each with the Nats-Msg-Id of its
// event where it decodes), the checkpoints, the parameters, the addresses
// and the cursor; it renames that into place only when the stream's range
// matches the manifest. swarmd run on it resumes the ledger and the
// projections from their checkpoints and folds the rest of the stream;
// the settlement reads the chain as after any restart.
//
// With RestoreOptions.Cluster the stream is re-created instead in an
// external NATS cluster (the multi-host deployment, docs/DEPLOY.md) with
// RestoreOptions.Replicas replicas, and the data directory holds the
// checkpoints only, for one replica; the others fold the stream from its
// start. The cluster must not hold the SWARM stream (ErrStreamExists); a
// restore that fails after creating it deletes it again.
package backup
