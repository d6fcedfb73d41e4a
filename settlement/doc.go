// Package settlement closes the loop between the ledger and the chain: it
// closes reward epochs on a timer, anchors each closed epoch's root on the
// rewards contract, records the anchoring in the log, and takes every
// decided slash through its due process on the staking contract (SPEC
// §6.6): proposed once, executed once its delay has passed unless the
// guardian vetoed it.
//
// The settler keeps no state of its own that matters. Every decision is
// re-derived, on every step, from two sources of truth: the folded log
// (aggregates.View and the committed epoch records) and the chain
// (lastEpoch, the RootSubmitted logs, slashOf). That is what makes each
// step idempotent and resumable: a settler that crashes between any two
// steps, or a successor on another replica, looks again and does what is
// left, never something twice.
//
// Invariants and how they hold:
//
//   - One event per decision. Ledger events (epoch.closed, epoch.anchored)
//     are built only after the fold has caught up with the newest ledger
//     event in the stream, use seq = the highest accepted ledger seq + 1,
//     and are published with JetStream's expected-last-subject-sequence
//     check on the ledger subjects (Log.Append's head): if anything was
//     appended there since the settler looked, the append is refused
//     (ErrFenced) and the next step decides again from the new state.
//   - One root per epoch. submitRoot(k) is sent only when the chain's
//     lastEpoch is k−1; the contract accepts epochs strictly in order, so a
//     second submission of k reverts before it is sent (gas estimation).
//     A root already on chain is compared with the ledger's (root, total
//     cumulative, events digest); a difference stops anchoring with
//     ErrRootConflict, because the log can never justify it.
//   - Anchoring only final roots. epoch.anchored k is published only when
//     the RootSubmitted log of k is in a final block (SPEC §10.4); every
//     field (tx, block, time = the block's timestamp) comes from that log.
//   - One proposal and one execution per slash. proposeSlash is sent only
//     when slashOf(keccak256 of its id) is none at the chain's head (the
//     contract refuses a second proposal of an evidence); executeSlash only
//     when slashOf is proposed at the head and the head block's time has
//     reached its executableAt (the contract refuses a second execution,
//     and any after a veto). A slash is settled once slashOf is executed or
//     vetoed as of the final block; until then a reorg could undo the last
//     transaction and the settler would send it again. A slash still
//     proposed at the head past its executableAt is overdue
//     (Status.SlashesOverdue, the swarm_slash_overdue gauge).
//
// The chain: the settler reads and transacts through Contracts, the small
// consumer-side interface of what it does on chain (its reads, its three
// sends, the wait for a receipt). OnClient implements it on a *chain.Client
// and a *chain.Signer; internal/testkit/sim implements it on its model of
// the chain and runs this Settler in its deterministic simulation.
//
// Epoch timing: epochs end on a grid of the epoch length (Unix time
// multiples). Epoch 1 ends at the first grid point after the settler began
// leading and starts one epoch length earlier; epoch k > 1 starts at the
// previous end_ms and ends at the newest grid point at least one length
// after its start, so a settler that was down closes one longer epoch
// rather than a run of empty ones (which would read as everyone's
// downtime). The event's time is its end_ms.
package settlement
