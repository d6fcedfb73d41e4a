// Package aggregates is the ledger state machine: the deterministic fold of
// the event log into node, stake, task, reward and slashing state (SPEC
// §2.3–§6, §11), persisted in Pebble.
//
// Contracts:
//   - Apply is a pure function of the state and the checked message: it reads
//     no clock, no randomness and never iterates a map in map order (it sorts
//     first). Two ledgers fed the same log reach the same StateHash.
//   - A rejected message changes nothing but the digest, the position and the
//     epoch's rejection counts. Each rule validates completely before it
//     mutates anything.
//   - Money is integers (atto-SWARM, *big.Int); SPEC §5's math runs on exact
//     integers over fixed denominators and big.Rat, flooring only where SPEC
//     floors. Every balance change is a posting between two accounts (post),
//     so the trial balance sums to zero; debits that would overdraw a
//     non-negative account panic, as they can only come from a rule bug.
//   - Hot state (nodes, sources, stakes, earners, epoch accumulators, open
//     tasks) lives in memory and is written through to a pending batch as it
//     changes; cold state (accepted event ids, used task ids, epoch records
//     and statements) is read from the store on demand. Commit writes the
//     pending batch with the checkpoint (position and digest) in one
//     pebble.Sync batch, so a crash resumes from a state that is exactly
//     some prefix of the log.
//   - The store failing under the fold (a cold read that errors, a stored
//     record that does not decode) is an operating error, never a panic nor
//     a rejection: Apply returns it wrapping ErrStore, and the Ledger then
//     refuses to apply or commit anything more. Opened again, the store
//     resumes from its last commit (docs/SPEC-CHOICES.md 129).
//   - The store carries its format version (StoreFormat, key x/format,
//     package storeformat): a state written before versions is format 1,
//     written at its first open; a state of a newer format is refused by
//     Open and InspectCheckpoint, naming both versions, and left untouched.
//   - Each epoch close builds the epoch's statement (SPEC §9.1, Statement)
//     from the values it computes and pays the earners from it, so what is
//     paid is what is shown; the statement is stored with the epoch and
//     never changes.
//   - SPEC §5's per-provider factors (G_p, rel_p, sf_p) are computed by one
//     set of functions (factors.go: Params.VerifiedGPUs, Params.NodeGPUs,
//     Reliability, Params.RequiredStake, Params.StakeFactor), which the close
//     uses and the projections' catalog scores with; the epoch root comes
//     from the rewards tree of package merkle, which sits below this package.
//   - StateHash is keccak256 over every key and value in the store, so two
//     states are equal exactly when their hashes are.
//
// Choices where SPEC is silent are listed in docs/SPEC-CHOICES.md.
package aggregates
