// Package sim is a deterministic simulation of the whole ledger path in one
// process: agents, schedulers, the chain and the settlement loop publish to
// a model of the JetStream stream, and the real ledger folds it through
// crashes, while checks run after every step.
//
// Determinism: one uint64 seed drives a math/rand/v2 PCG; time is a
// simulated millisecond clock; one goroutine steps the world, draws one
// action per step by weight, and never iterates a map where order matters.
// The only goroutines are the ones the real code under test starts (the
// replay pipeline's checkers, Pebble's background work); their results do
// not depend on scheduling. A seed therefore replays exactly: same log,
// same crashes, same failure at the same step.
//
// What is modeled:
//   - Node agents, each with its own key and persisted seq counter, a spool
//     published in seq order with Nats-Msg-Id = event id and a wait for the
//     PubAck. They register (again after every restart, or when the ledger's
//     read side no longer shows them registered), heartbeat with telemetry
//     every heartbeat_interval_s, ask to be unjailed, crash and restart
//     (flaky ones long enough to be jailed for downtime).
//   - Two schedulers verifying GPUs (sometimes with the wrong model),
//     assigning tasks (sometimes reusing a task id), completing and failing
//     them (sometimes as the other scheduler, or a task nobody assigned).
//   - Hostile traffic: junk messages, forged signatures, a key nobody
//     authorized, byte-exact replays under the original or a fresh
//     Nats-Msg-Id, and equivocations (another body under a used seq).
//   - The stream: append-only with sequences, a duplicate window over
//     Nats-Msg-Id on the simulated clock, lost publishes, stored publishes
//     whose PubAck is lost (the retry is a duplicate the window drops, or,
//     after a partition longer than the window, a copy in the log the
//     ledger must reject as duplicate), partitions of any publisher, and
//     sources interleaving in any order while each keeps its own.
//   - The chain: SwarmStaking and SwarmRewards semantics (authorize,
//     revoke, bond, unbond, withdraw after release, proposeSlash once per
//     evidence and executeSlash once its delay has passed, claim against
//     the newest root, submitRoot), a mempool,
//     blocks with timestamps, and reorgs that replace up to
//     `confirmations` blocks (never a final one) by a longer branch. The
//     real chain.Watcher runs on it through a backend serving headers and
//     ABI-encoded logs, so only final logs become chain.* events, built and
//     signed by the watcher's own code; its sink has the publish faults
//     above, and a new leader sometimes starts with a lost cursor and
//     republishes everything.
//   - Settlement: the real settlement.Settler, stepped by the world on the
//     ledger's committed view (settlement.NoWait: a step that finds the
//     fold behind ends, and a later one decides again), appending to the
//     stream through its fence with the publish faults above, and sending
//     its transactions to the simulated chain through settlement.Contracts
//     (sends the contracts would refuse against the head and the mempool
//     revert as chain.Client's do; a receipt exists once the transaction
//     is in a canonical block). A deposed leader retries its last append;
//     earners claim from the newest final root.
//   - The ledger: the real aggregates.Ledger on Pebble's crashable
//     in-memory filesystem, fed by an ordered consumer from checkpoint + 1
//     in batches of random size, folded by ingest.RunBatches. It crashes
//     between batches or inside one (without committing), as a process
//     crash (the disk keeps what was written) or a power loss (the disk
//     keeps only what was synced: vfs.MemFS.CrashClone), stays down a while
//     (the settler then waits), and resumes from its checkpoint.
//
// Checks, after every step: SPEC §11 (CheckInvariants, whenever the state
// changed, and inside a batch before a crash there); the ledger stands
// at its consumer's position with the log's digest there; after a restart,
// the position is the last commit and every committed message keeps its
// verdict (Verdicts); no event id is accepted twice; an exact copy of an
// accepted event is rejected as duplicate; an event the system derives
// itself (chain.* from the watcher, epoch.* from the settler) is accepted
// or a duplicate, never rejected (the ledger agrees with the contracts and
// with settlement); the watcher publishes only logs of final canonical
// blocks; a settler step fails only as a faulty world explains (the fold
// behind, a lost or fenced append, a transaction not mined yet, a send
// the contract refuses), never with a root conflict, the chain behind the
// ledger or a rejected event (CheckRun). At the end, after a drain: the
// state hash, every epoch report and every verdict equal a clean
// single-pass replay (ingest.Run) of the final log.
//
// Running: `go test ./internal/testkit/sim` runs 200 seeds (25 with -short) on all
// cores; SWARM_SIM_SEEDS=N runs N seeds from SWARM_SIM_FIRST_SEED
// (default 1); `-run 'TestSim$' -seed=N` runs seed N alone, which is what
// a failure prints, with its step and the check it broke; -v shows the
// summary line.
//
// What is not modeled: the NATS server itself (the stream model has no
// subjects beyond the ledger head, no consumer acks, no stream failover),
// projections and the read API, leader election (one leader, plus a
// deposed one's retries), the guardian's veto and a root's activation
// delay, gas, token balances and the Merkle proofs of
// claims (the contract trusts the claimant's cumulative from the report),
// disk faults other than losing unsynced writes (CrashClone keeping part
// of the unsynced data chooses by map order, which no seed would
// reproduce), and wall-clock effects (time is informational in events).
package sim
